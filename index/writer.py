"""Writing annotated documents to the index: one record per section plus one per document.

Analysis (turning each record into postings) is separate from writing, so that ingest worker
processes can analyse documents in parallel and the single writer only appends them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache

from copdocs.errors import IndexBusy
from index.records import document_record, section_record
from index.segment_writer import AnalysedRecords, GroupingSegmentWriter, analyse_records
from pipeline.annotate import AnnotatedDocument


@dataclass(slots=True)
class AnalysedDocument:
    """A document's records, analysed for the index."""

    doc_id: str
    source: str
    sections: int  # how many
    records: AnalysedRecords


def analyse_document(
    annotated: AnnotatedDocument, size: int = 0, mtime: float = 0.0
) -> AnalysedDocument:
    """The document record and its section records, analysed with the index's schema."""
    records = [document_record(annotated, size, mtime)]
    records += [section_record(annotated, item) for item in annotated.sections]
    return AnalysedDocument(
        annotated.document.doc_id,
        annotated.document.source,
        len(annotated.sections),
        analyse_records(_schema(), records),
    )


@cache
def _schema():
    from index.schema import build_schema

    return build_schema()


class IndexWriter:
    """A write transaction. Nothing is visible to searches until ``commit``."""

    def __init__(self, ix, wait_seconds: float = 0.0) -> None:
        from whoosh.index import LockError

        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                self._writer = GroupingSegmentWriter(ix, compound=False)
                break
            except LockError as exc:
                if time.monotonic() >= deadline:
                    raise IndexBusy("the index is busy: another ingest is writing to it") from exc
                time.sleep(0.2)
        self._ix = ix

    def replace(self, annotated: AnnotatedDocument, size: int = 0, mtime: float = 0.0) -> None:
        """Add a document, replacing any earlier version with the same doc id."""
        self.replace_analysed(analyse_document(annotated, size, mtime))

    def replace_analysed(self, document: AnalysedDocument) -> None:
        """``replace`` for a document already analysed (by ``analyse_document``)."""
        self.delete(document.doc_id)
        self._writer.add_analysed(document.records)

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("doc_id", doc_id)

    def commit(self, optimize: bool = False) -> None:
        self._writer.commit(optimize=optimize)

    def cancel(self) -> None:
        self._writer.cancel()
