"""A worker's whole job for one source file: check its limits, read it, section, annotate and
analyse it into postings. Runs in a worker process.

Every way a file can fail becomes an ``Outcome`` with a one-line reason, never an exception. A
failure that is copdocs' own bug is marked ``internal`` and carries its traceback, so that it is
reported as a bug and not as a bad file.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass
from pathlib import Path

from copdocs import faults
from copdocs.errors import ReadError
from index.writer import AnalysedDocument, analyse_document
from pipeline.annotate import annotate
from pipeline.document import parse_file
from pipeline.files import path_problem
from pipeline.limits import check_annotated


@dataclass(slots=True)
class Outcome:
    """A document read and analysed for the index, or the reason there is none."""

    document: AnalysedDocument | None = None
    error: str | None = None
    size: int = 0
    mtime: float = 0.0
    resident_bytes: int = 0  # the worker's memory after the file (0 where unknown)
    internal: bool = False  # the failure is a bug in copdocs, not a problem of the file
    traceback: str = ""  # of an internal failure


# Raised inside a third-party reader library, these are still programming errors (a wrong call),
# not the library refusing malformed input.
_PROGRAMMING_ERRORS = (TypeError, AttributeError, NameError, AssertionError, ImportError)
_OWN_CODE = tuple(
    str(Path(__file__).resolve().parents[1] / package) + os.sep
    for package in ("copdocs", "pipeline", "index")
)


def analyse_file(path: str) -> Outcome:
    """Read, check, parse, annotate and analyse the file at ``path`` (absolute; its name picks
    the reader)."""
    outcome = _outcome(path)
    faults.reached("file-analysed")
    return outcome


def _outcome(path: str) -> Outcome:
    try:
        return _analyse(path)
    except ReadError as exc:
        return Outcome(error=str(exc))
    except OSError as exc:
        return Outcome(error=path_problem(Path(path), exc))
    except MemoryError:
        return Outcome(error="refused: ran out of memory reading it")
    except RecursionError:
        return Outcome(error="refused: nested too deeply to read")
    except Exception as exc:
        summary = _one_line(exc)
        if _raised_in_reader_library(exc):
            return Outcome(error=f"unreadable ({summary})")
        return Outcome(error=summary, internal=True, traceback=traceback.format_exc())


def _raised_in_reader_library(exc: Exception) -> bool:
    """A third-party library choking on malformed input, rather than a bug of copdocs."""
    if isinstance(exc, _PROGRAMMING_ERRORS) or exc.__traceback__ is None:
        return False
    innermost = exc.__traceback__
    while innermost.tb_next is not None:
        innermost = innermost.tb_next
    filename = os.path.abspath(innermost.tb_frame.f_code.co_filename)
    return not filename.startswith(_OWN_CODE)


def _one_line(exc: Exception) -> str:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    name = type(exc).__name__
    return f"{name}: {detail}" if detail else name


def _analyse(path: str) -> Outcome:
    document = parse_file(path)
    annotated = annotate(document)
    check_annotated(annotated)
    analysed = analyse_document(annotated, document.size, document.mtime)
    return Outcome(analysed, size=document.size, mtime=document.mtime)


def resident_bytes() -> int:
    """This process's resident memory now, where the platform tells (Linux)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
