"""Where the index lives and how it is opened."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from copdocs import faults
from copdocs.errors import IndexUnavailable
from index.schema import SCHEMA_VERSION, build_schema

ENV_VAR = "COPDOCS_INDEX"
MARKER_FILE = "copdocs.json"


def default_index_dir() -> Path:
    """``$COPDOCS_INDEX``, else the user data directory (XDG on Linux)."""
    if env := os.environ.get(ENV_VAR):
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("copdocs", appauthor=False)) / "index"


def open_index(directory: Path, create: bool = False):
    """Open (or, with ``create``, make) the index in ``directory``."""
    from whoosh import index as whoosh_index

    marker = directory / MARKER_FILE
    if not marker.is_file():
        if not create:
            raise IndexUnavailable(
                f"no copdocs index at {directory} (run 'copdocs ingest PATH' first)"
            )
        if directory.exists() and any(directory.iterdir()):
            raise IndexUnavailable(f"{directory} is not empty and is not a copdocs index")
        directory.mkdir(parents=True, exist_ok=True)
        whoosh_index.create_in(str(directory), build_schema())
        faults.reached("index-creating")
        staged = marker.with_name(marker.name + ".tmp")
        staged.write_text(json.dumps({"schema": SCHEMA_VERSION}), encoding="utf-8")
        os.replace(staged, marker)  # the marker appears whole or not at all
    try:
        version = json.loads(marker.read_text(encoding="utf-8")).get("schema")
    except (OSError, ValueError) as exc:
        raise IndexUnavailable(f"unreadable index marker {marker}: {exc}") from exc
    if version != SCHEMA_VERSION:
        raise IndexUnavailable(
            f"the index at {directory} was built by another copdocs version; "
            "delete it and ingest again"
        )
    try:
        # The schema is the code's own, not the copy whoosh pickles into the index, so the index
        # format does not depend on the module paths of the classes in that pickle.
        return whoosh_index.open_dir(str(directory), schema=build_schema())
    except Exception as exc:  # whoosh raises several unrelated types for a damaged index
        raise IndexUnavailable(f"cannot open the index at {directory}: {exc}") from exc


class IndexReader:
    """An index opened once for reading; its searcher is reused until a newer commit exists.

    Opening an index and its segments costs more than most queries, so a long-running caller
    (the web server, a script issuing many queries) keeps one of these. Each use checks the
    index's generation, a directory listing, and moves to the newest commit when an ingest has
    committed since.

    A whoosh searcher is not safe to use from two threads at once (its readers share file
    positions), so ``searching()`` lends it to one thread at a time.
    """

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._ix = None
        self._searcher = None
        self._lock = threading.RLock()

    @contextmanager
    def searching(self) -> Iterator:
        """The searcher on the latest commit, this thread's alone until the block ends (do not
        keep it or close it: it is shared)."""
        with self._lock:
            yield self._current()

    def searcher(self):
        """The searcher on the latest commit, for a caller that never shares this reader
        between threads (do not close it: it is reused)."""
        with self._lock:
            return self._current()

    def _current(self):
        if self._searcher is None:
            self._ix = open_index(self._directory)
            self._searcher = self._ix.searcher()
        elif not self._searcher.up_to_date():
            # A new searcher rather than ``refresh()``, which closes the old one's readers; the
            # old one closes when dropped.
            self._searcher = self._ix.searcher()
        return self._searcher

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._ix = None
