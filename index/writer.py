"""Writing prepared documents to the index: one record per section plus one per document."""

from __future__ import annotations

import time

from index.errors import IndexBusy
from index.records import document_record, section_record
from pipeline.prepare import PreparedDocument

WRITER_MEMORY_MB = 256


class IndexWriter:
    """A write transaction. Nothing is visible to searches until ``commit``."""

    def __init__(self, ix, wait_seconds: float = 0.0) -> None:
        from whoosh.index import LockError

        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                self._writer = ix.writer(limitmb=WRITER_MEMORY_MB, compound=False)
                break
            except LockError as exc:
                if time.monotonic() >= deadline:
                    raise IndexBusy("the index is busy: another ingest is writing to it") from exc
                time.sleep(0.2)
        self._ix = ix

    def replace(self, prepared: PreparedDocument, size: int = 0, mtime: float = 0.0) -> None:
        """Add a document, replacing any earlier version with the same doc id."""
        self.delete(prepared.document.doc_id)
        self._writer.add_document(**document_record(prepared, size, mtime))
        for item in prepared.sections:
            self._writer.add_document(**section_record(prepared, item))

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("doc_id", doc_id)

    def commit(self, optimize: bool = False) -> None:
        self._writer.commit(optimize=optimize)

    def cancel(self) -> None:
        self._writer.cancel()
