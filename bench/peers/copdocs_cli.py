"""copdocs itself: the console script for whole-process figures, the library for in-process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.measure import tree_bytes
from bench.peers import Found, Peer
from bench.queries import Query

# The CLI's own cap on --limit; recall runs ask for this many hits.
MAX_LIMIT = 10000


class Copdocs(Peer):
    name = "copdocs"
    label = "copdocs"
    unit = "section"

    def __init__(self, jobs: int | None = None) -> None:
        self.exe = Path(sys.executable).parent / "copdocs"
        self.jobs = jobs
        self._jobs_supported: bool | None = None

    def unavailable(self) -> str | None:
        if not self.exe.exists():
            return f"no copdocs console script next to {sys.executable}"
        return None

    @property
    def jobs_supported(self) -> bool:
        if self._jobs_supported is None:
            usage = subprocess.run(
                [str(self.exe), "ingest", "--help"], capture_output=True, text=True
            ).stdout
            self._jobs_supported = "--jobs" in usage
        return self._jobs_supported

    def jobs_args(self) -> list[str]:
        if self.jobs is None or not self.jobs_supported:
            return []
        return ["--jobs", str(self.jobs)]

    def ingest_command(self, index: Path, files: list[Path], listfile: Path) -> list[str]:
        return [str(self.exe), "--index", str(index), "ingest", "--json", *self.jobs_args(),
                *map(str, files)]

    def noop_command(self, index: Path, files: list[Path], listfile: Path) -> list[str]:
        return self.ingest_command(index, files, listfile)

    def search_pipeline(
        self, index: Path, files: list[Path], query: Query, limit: int
    ) -> list[list[str]]:
        return [[str(self.exe), "--index", str(index), "search", query.text,
                 "--limit", str(limit), "--json"]]

    def parse_output(self, stdout: str) -> Found:
        return Found({json.loads(line)["source"] for line in stdout.splitlines() if line})

    def session(self, index: Path) -> _Session:
        return _Session(index)

    def index_size(self, index: Path) -> int:
        return tree_bytes(index)


class _Session:
    def __init__(self, index: Path) -> None:
        from copdocs import Library

        self._library = Library(index)

    def search(self, query: Query, limit: int | None) -> Found:
        from copdocs.errors import QueryError

        try:
            result = self._library.search(query.text, limit or MAX_LIMIT)
        except QueryError as exc:
            return Found(error=str(exc))
        found = Found({hit.source for hit in result.hits})
        found.truncated = limit is None and result.total > len(result.hits)
        return found

    def close(self) -> None:
        self._library.close()
