"""Reading one source file for the index: limits, parse, prepare, analyse. Runs in a worker
process.

Every way a file can fail becomes an ``Outcome`` with a one-line reason, never an exception.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from index.writer import AnalysedDocument, analyse_document
from pipeline.document import parse_bytes
from pipeline.errors import ReadError
from pipeline.files import path_problem
from pipeline.limits import (
    check_container,
    check_document,
    check_file_size,
    check_prepared,
    max_file_bytes,
    open_regular_file,
)
from pipeline.prepare import prepare


@dataclass(slots=True)
class Outcome:
    """A document read and analysed for the index, or the reason there is none."""

    document: AnalysedDocument | None = None
    error: str | None = None
    size: int = 0
    mtime: float = 0.0
    resident_bytes: int = 0  # the worker's memory after the file (0 where unknown)


def prepare_source(path: str) -> Outcome:
    """Read, check, parse and prepare the file at ``path`` (absolute; its name picks the reader)."""
    try:
        return _prepare(path)
    except ReadError as exc:
        return Outcome(error=str(exc))
    except OSError as exc:
        return Outcome(error=path_problem(Path(path), exc))
    except MemoryError:
        return Outcome(error="refused: ran out of memory reading it")
    except RecursionError:
        return Outcome(error="refused: nested too deeply to read")
    except Exception as exc:  # a reader library choking on malformed input
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        name = type(exc).__name__
        return Outcome(error=f"unreadable ({name}: {detail})" if detail else f"unreadable ({name})")


def _prepare(path: str) -> Outcome:
    with open_regular_file(path) as (file, info):
        data = file.read(max_file_bytes(path) + 1)  # the file may have grown since
    check_file_size(path, len(data))
    check_container(data, path)
    document = parse_bytes(data, path)
    del data
    check_document(document)
    prepared = prepare(document)
    check_prepared(prepared)
    analysed = analyse_document(prepared, info.st_size, info.st_mtime)
    return Outcome(analysed, size=info.st_size, mtime=info.st_mtime)


def resident_bytes() -> int:
    """This process's resident memory now, where the platform tells (Linux)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
