"""The ingest lock, which serializes ingests of one index, and clean-up after an ingest killed
while creating the index.

An ingest holds the lock from reading the ledger (the document records) to its last commit, so a
second ingest never decides what changed from a ledger that the first is about to update.
"""

from __future__ import annotations

import errno
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from copdocs.errors import IndexBusy, IndexUnavailable
from index.store import MARKER_FILE

_POLL_SECONDS = 0.2
# What creating an index writes before its marker: whoosh's first table of contents (written to a
# temporary name, then renamed).
_FIRST_TOC = re.compile(r"_MAIN_0\.toc(\.[0-9.]+)?")


@contextmanager
def ingest_lock(
    index_dir: Path,
    wait_seconds: float = 0.0,
    on_wait: Callable[[], None] | None = None,
) -> Iterator[None]:
    """Hold the index directory's ingest lock, creating the directory if needed.

    Waits up to ``wait_seconds`` for another ingest (``on_wait`` is called once when it starts
    waiting), then raises IndexBusy. The lock is an advisory ``flock`` on the directory itself,
    released by the operating system if the process dies, so a killed ingest never leaves the
    index locked.
    """
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except FileExistsError as exc:
        raise IndexUnavailable(f"{index_dir} exists and is not a directory") from exc
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise IndexUnavailable(f"cannot open the index directory {index_dir}: {reason}") from exc
    try:
        _acquire(fd, index_dir, wait_seconds, on_wait)
        yield
    finally:
        os.close(fd)  # closing the only descriptor releases the lock


def _acquire(
    fd: int, index_dir: Path, wait_seconds: float, on_wait: Callable[[], None] | None
) -> None:
    try:
        import fcntl
    except ImportError:  # no flock (Windows): whoosh's own write lock still guards each commit
        return
    deadline = time.monotonic() + wait_seconds
    waiting = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                reason = exc.strerror or str(exc)
                raise IndexUnavailable(f"cannot lock the index at {index_dir}: {reason}") from exc
        if time.monotonic() >= deadline:
            waited = f" (waited {wait_seconds:g} s; see --wait)" if wait_seconds else ""
            raise IndexBusy(
                f"the index at {index_dir} is busy: another ingest is writing to it{waited}"
            )
        if not waiting and on_wait is not None:
            on_wait()
        waiting = True
        time.sleep(_POLL_SECONDS)


def discard_unfinished_creation(index_dir: Path) -> None:
    """Remove what an ingest killed while creating the index left: an empty first table of
    contents without a complete marker. Call with the ingest lock held."""
    try:
        names = os.listdir(index_dir)
    except OSError:
        return
    if not any(_FIRST_TOC.fullmatch(n) for n in names):
        return
    if any(n != MARKER_FILE and not _FIRST_TOC.fullmatch(n) for n in names):
        return  # documents were committed, or it is not ours: leave it to open_index to judge
    if MARKER_FILE in names and _marker_complete(index_dir / MARKER_FILE):
        return
    for name in names:
        (index_dir / name).unlink()


def _marker_complete(marker: Path) -> bool:
    try:
        json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return True
