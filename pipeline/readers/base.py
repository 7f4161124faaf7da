"""The small interface every format reader implements."""

from __future__ import annotations

from typing import Protocol

from pipeline.model import ParsedFile


class Reader(Protocol):
    """Turns the raw bytes of one file into blocks and metadata.

    A reader knows nothing of the index. It raises ``copdocs.errors.ReadError`` with a one-line
    reason for input it refuses (binary junk, corrupt container, size limits).
    """

    format: str

    def read(self, data: bytes, name: str) -> ParsedFile: ...
