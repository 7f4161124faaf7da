"""Ingesting files and folders into the index: incremental, parallel, and safe to interrupt.

One ingest at a time holds the index's ingest lock. It reads the ledger (the document records),
hashes every file found to decide what changed, analyses changed files in worker processes, and
writes them from this process in batches. Each batch is one atomic commit of sections and ledger
together; a result is reported only once its batch is committed, so whatever was reported is in
the index even if the process is killed the next moment, and the next ingest picks up the rest.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from copdocs import faults
from copdocs.analyse_file import Outcome
from copdocs.batching import COMMIT_BYTES, COMMIT_EVERY, COMMIT_SECONDS, TAIL_FILES
from copdocs.errorlog import LOG_NAME, keep_traceback
from copdocs.ingest_plan import KEPT, Change, plan_ingest, read_ledger
from copdocs.results import FileResult, Progress, Summary
from copdocs.worker_pool import Job, analyse_all, default_processes
from index.lock import discard_unfinished_creation, ingest_lock
from index.records import DocumentRecord
from index.store import open_index
from index.writer import IndexWriter
from pipeline.limits import memory_estimate

__all__ = ["FileResult", "Progress", "Summary", "ingest"]


ResultHandler = Callable[[FileResult], None]


def ingest(
    index_dir: Path,
    paths: list[Path],
    on_result: ResultHandler | None = None,
    wait_seconds: float = 0.0,
    *,
    jobs: int | None = None,
    prune: bool = False,
    commit_every: int = COMMIT_EVERY,
    on_wait: Callable[[], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> Summary:
    """Ingest files and folders; every file is reported through ``on_result``.

    ``jobs`` worker processes analyse files (default: one per core; 1 analyses them in this
    process). ``prune`` removes documents whose files are gone from the folders given. Waits up
    to ``wait_seconds`` for another ingest of the same index (calling ``on_wait`` once), then
    raises IndexBusy.
    """
    started = time.monotonic()
    summary = Summary()

    def report(result: FileResult) -> None:
        summary.count(result)
        if on_result is not None:
            on_result(result)

    with ingest_lock(index_dir, wait_seconds, on_wait):
        faults.reached("lock-acquired")
        discard_unfinished_creation(index_dir)
        ix = open_index(index_dir, create=True)
        faults.reached("index-opened")
        plan = plan_ingest(paths, read_ledger(ix), prune)
        progress = _ProgressCounter(plan.total, on_progress)
        for result in plan.unchanged + plan.skipped + plan.failed:
            report(result)
            progress.advance(result.path)
        batch = _Batch(ix, wait_seconds, report)
        try:
            for entry in plan.removals:
                batch.remove(entry)
                progress.advance(entry.source)
            _write_changes(plan.changes, batch, report, progress, jobs, commit_every, index_dir)
            progress.note("committing")
            batch.commit()
        except BaseException:
            batch.cancel()
            raise
    summary.seconds = round(time.monotonic() - started, 3)
    return summary


def _write_changes(
    changes: list[Change],
    batch: _Batch,
    report: ResultHandler,
    progress: _ProgressCounter,
    jobs: int | None,
    commit_every: int,
    index_dir: Path,
) -> None:
    work = [Job(c.absolute, memory_estimate(c.format, c.size)) for c in changes]
    processes = jobs if jobs is not None else default_processes()
    stderr_log = index_dir / LOG_NAME
    with closing(analyse_all(work, processes, stderr_log)) as outcomes:
        for left, (change, outcome) in enumerate(zip(changes, outcomes, strict=True)):
            if outcome.document is None:
                report(_failure(change, outcome, index_dir))
            else:
                batch.add(change, outcome)
            progress.advance(str(change.path))
            # With only the workers' last files to go, commit what is done: that commit runs
            # while they finish, and the final one, which nothing overlaps, stays small.
            near_end = len(changes) - left - 1 == TAIL_FILES and batch.files > TAIL_FILES
            if near_end or batch.due(commit_every):
                progress.note("committing")
                batch.commit()


def _failure(change: Change, outcome: Outcome, index_dir: Path) -> FileResult:
    error = outcome.error or "unreadable"
    if outcome.internal:
        log = keep_traceback(index_dir, f"reading {change.path}", outcome.traceback or error)
        where = f"details in {log}" if log else "run with COPDOCS_DEBUG=1 for details"
        error = f"internal error ({error}) — please report; {where}"
    if change.previous is not None:
        error = f"{error}; {KEPT}"
    doc_id = change.previous.doc_id if change.previous else None
    return FileResult(str(change.path), "failed", doc_id, error=error, internal=outcome.internal)


class _Batch:
    """Writes since the last commit, and their results, reported once committed."""

    def __init__(self, ix, wait_seconds: float, report: ResultHandler) -> None:
        self._ix = ix
        self._wait_seconds = wait_seconds
        self._report = report
        self._writer: IndexWriter | None = None
        self._results: list[FileResult] = []
        self._files = 0
        self._bytes = 0
        self._since = time.monotonic()

    def add(self, change: Change, outcome: Outcome) -> None:
        document = outcome.document
        assert document is not None
        self._open().replace_analysed(document)
        if change.moved_from is not None:
            self.remove(change.moved_from)
        status = "updated" if change.previous is not None else "added"
        moved_from = change.moved_from.source if change.moved_from is not None else None
        result = FileResult(
            str(change.path), status, document.doc_id, document.sections,
            moved_from=moved_from,
        )  # fmt: skip
        self._results.append(result)
        self._files += 1
        self._bytes += outcome.size

    def remove(self, entry: DocumentRecord) -> None:
        self._open().delete(entry.doc_id)
        self._results.append(FileResult(entry.source, "removed", entry.doc_id, 0))
        self._files += 1

    @property
    def files(self) -> int:
        return self._files

    def due(self, commit_every: int) -> bool:
        if not self._files:
            return False
        return (
            self._files >= commit_every
            or self._bytes >= COMMIT_BYTES
            or time.monotonic() - self._since >= COMMIT_SECONDS
        )

    def commit(self) -> None:
        if self._writer is not None:
            faults.reached("batch-written")
            self._writer.commit()
            self._writer = None
            faults.reached("after-commit")
        results, self._results = self._results, []
        for result in results:
            self._report(result)
        self._files = self._bytes = 0
        self._since = time.monotonic()

    def cancel(self) -> None:
        """Drop the uncommitted writes; the index on disk stays at its last commit either way."""
        if self._writer is not None:
            writer, self._writer = self._writer, None
            try:
                writer.cancel()
            except Exception:  # interrupted inside a commit: the writer may be closed already
                pass

    def _open(self) -> IndexWriter:
        if self._writer is None:
            self._writer = IndexWriter(self._ix, wait_seconds=self._wait_seconds)
            self._since = time.monotonic()
        return self._writer


class _ProgressCounter:
    def __init__(self, total: int, on_progress: Callable[[Progress], None] | None) -> None:
        self._done = 0
        self._total = total
        self._on_progress = on_progress

    def advance(self, current: str) -> None:
        self._done += 1
        self.note(current)

    def note(self, current: str) -> None:
        if self._on_progress is not None:
            self._on_progress(Progress(self._done, self._total, current))
