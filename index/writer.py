"""Writing prepared documents to the index: one record per section plus one per document."""

from __future__ import annotations

import json
import time
from pathlib import Path

from index.errors import IndexBusy
from pipeline.prepare import PreparedDocument

WRITER_MEMORY_MB = 256


class IndexWriter:
    """A write transaction. Nothing is visible to searches until ``commit``."""

    def __init__(self, ix, wait_seconds: float = 0.0) -> None:
        from whoosh.index import LockError

        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                self._writer = ix.writer(limitmb=WRITER_MEMORY_MB)
                break
            except LockError as exc:
                if time.monotonic() >= deadline:
                    raise IndexBusy("the index is busy: another ingest is writing to it") from exc
                time.sleep(0.2)
        self._ix = ix

    def replace(self, prepared: PreparedDocument, size: int = 0, mtime: float = 0.0) -> None:
        """Add a document, replacing any earlier version with the same doc id."""
        document = prepared.document
        self.delete(document.doc_id)
        shared = {
            "doc_id": document.doc_id,
            "title": document.title,
            "source": document.source,
            "format": document.format,
            "date": document.date,
            "year": document.date[:4] if document.date[:4].isdigit() else "",
            "doc_symbol": document.symbol,
        }
        self._writer.add_document(
            kind="doc",
            section_id=f"{document.doc_id}:doc",
            sha256=document.sha256,
            sections=len(prepared.sections),
            size=size,
            mtime=mtime,
            **shared,
        )
        for item in prepared.sections:
            section = item.section
            latin = " ".join(t for t in item.body_tokens if t.isascii())
            heading_latin = " ".join(t for t in item.heading_tokens if t.isascii())
            self._writer.add_document(
                kind="section",
                section_id=section.section_id,
                number=section.number,
                heading=section.heading,
                level=section.level,
                parent_id=section.parent_id,
                order=section.order,
                text=section.text,
                path=json.dumps(item.path, ensure_ascii=False),
                symbols=" ".join(item.symbols),
                words=" ".join(item.body_tokens),
                stems=latin,
                uni=item.body_fold,
                bi=item.body_fold,
                h_words=" ".join(item.heading_tokens),
                h_stems=heading_latin,
                h_uni=item.heading_fold,
                h_bi=item.heading_fold,
                **shared,
            )

    def delete(self, doc_id: str) -> None:
        self._writer.delete_by_term("doc_id", doc_id)

    def commit(self, optimize: bool = False) -> None:
        self._writer.commit(optimize=optimize)

    def cancel(self) -> None:
        self._writer.cancel()


def index_size_bytes(directory: Path) -> int:
    return sum(p.stat().st_size for p in directory.iterdir() if p.is_file())
