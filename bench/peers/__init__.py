"""The peers: copdocs and the alternatives a user could assemble, behind one small interface."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from bench.queries import Query


@dataclass
class Found:
    """What one search returned, reduced to what recall is scored on."""

    files: set[str] = field(default_factory=set)
    units: set[tuple[str, int]] | None = None  # (file, line) for peers that index lines
    truncated: bool = False  # the peer's own result cap was reached
    error: str | None = None


class Session(Protocol):
    """An index opened once in this process, searched many times (the library call)."""

    def search(self, query: Query, limit: int | None) -> Found: ...

    def close(self) -> None: ...


class Peer:
    name = ""  # the key for --only
    label = ""  # the column heading
    unit = "line"  # what one hit is: "section" (copdocs) or "line" (one paragraph)
    reps_divisor = 1  # whole-process search repetitions are divided by this (slow peers)
    ok_codes: tuple[int, ...] = (0,)  # exit codes of a search command that did its job
    in_process = True  # has a library call (else recall comes from the command's output)

    def unavailable(self) -> str | None:
        """Why this peer cannot run here, or None."""
        return None

    def ingest_command(self, index: Path, files: list[Path], listfile: Path) -> list[str] | None:
        return None

    def noop_command(self, index: Path, files: list[Path], listfile: Path) -> list[str] | None:
        return None

    def search_pipeline(
        self, index: Path, files: list[Path], query: Query, limit: int
    ) -> list[list[str]]:
        raise NotImplementedError

    def parse_output(self, stdout: str) -> Found:
        raise NotImplementedError

    def session(self, index: Path) -> Session | None:
        return None

    def index_size(self, index: Path) -> int | None:
        return None

    def cannot_match(self, query: Query) -> str | None:
        """Why this peer cannot match ``query`` at all, by design (not a miss to chase)."""
        return None
