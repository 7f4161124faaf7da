"""What an ingest reports: one result per file, progress while it runs, a summary at the end."""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("added", "updated", "unchanged", "removed", "failed", "skipped")


@dataclass
class FileResult:
    path: str
    status: str  # one of STATUSES
    doc_id: str | None = None
    sections: int = 0
    error: str | None = None  # why it failed
    reason: str | None = None  # why it was skipped ("unsupported file type .pptx")
    moved_from: str | None = None  # the gone file whose document this one replaces
    internal: bool = False  # it failed through a bug in copdocs, not a problem of the file


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: int = 0
    skipped: int = 0  # files of a type copdocs does not read
    seconds: float = 0.0

    def count(self, result: FileResult) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)

    @property
    def files(self) -> int:
        return self.added + self.updated + self.unchanged + self.removed + self.failed


@dataclass
class Progress:
    done: int  # files decided so far (written, skipped or failed)
    total: int
    current: str  # the file just handled, or what the ingest is doing ("committing")
