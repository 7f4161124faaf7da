"""Ingesting files into the index: the pipeline's output handed to the index writer.

A file whose content hash matches what the index already holds for its path is skipped.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.catalog import documents
from index.store import exists, open_index
from index.writer import IndexWriter
from pipeline.document import doc_id_for, parse_bytes
from pipeline.errors import ReadError
from pipeline.files import expand_paths
from pipeline.prepare import prepare

COMMIT_EVERY = 50


@dataclass
class FileResult:
    path: str
    status: str  # added | updated | unchanged | removed | failed
    doc_id: str | None = None
    sections: int = 0
    error: str | None = None


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    seconds: float = 0.0

    def count(self, result: FileResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)


def ingest(
    index_dir: Path,
    paths: list[Path],
    on_result: Callable[[FileResult], None] | None = None,
    wait_seconds: float = 0.0,
) -> Summary:
    """Ingest files and folders; every file is reported through ``on_result``."""
    started = time.monotonic()
    summary = Summary()
    known = {d.source: d for d in documents(index_dir)} if exists(index_dir) else {}
    ix = open_index(index_dir, create=True)
    writer = IndexWriter(ix, wait_seconds=wait_seconds)
    pending = 0
    try:
        for result, prepared, stat in _process(paths, known):
            if prepared is not None:
                writer.replace(prepared, size=stat[0], mtime=stat[1])
                pending += 1
            summary.count(result)
            if on_result is not None:
                on_result(result)
            if pending >= COMMIT_EVERY:
                writer.commit()
                writer = IndexWriter(ix, wait_seconds=wait_seconds)
                pending = 0
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def _process(paths: list[Path], known: dict) -> Iterator[tuple[FileResult, object, tuple]]:
    for path, problem in expand_paths(paths):
        if problem is not None:
            yield FileResult(str(path), "failed", error=problem), None, ()
            continue
        source = str(path.resolve())
        try:
            data = path.read_bytes()
            stat = path.stat()
        except OSError as exc:
            yield FileResult(str(path), "failed", error=exc.strerror or str(exc)), None, ()
            continue
        previous = known.get(source)
        if previous is not None and previous.sha256 == hashlib.sha256(data).hexdigest():
            yield (
                FileResult(str(path), "unchanged", previous.doc_id, previous.sections),
                None,
                (),
            )
            continue
        try:
            document = parse_bytes(data, path)
        except ReadError as exc:
            yield FileResult(str(path), "failed", doc_id_for(path), error=str(exc)), None, ()
            continue
        except Exception as exc:  # a reader library choking on malformed input
            reason = f"unreadable ({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
            yield FileResult(str(path), "failed", doc_id_for(path), error=reason), None, ()
            continue
        prepared = prepare(document)
        status = "updated" if previous is not None else "added"
        result = FileResult(str(path), status, document.doc_id, len(document.sections))
        yield result, prepared, (stat.st_size, stat.st_mtime)
