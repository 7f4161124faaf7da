"""Listing what an open index holds: documents, their sections, one section."""

from __future__ import annotations

from index.records import DocumentRecord, SectionRecord, read_document, read_section


def documents(searcher) -> list[DocumentRecord]:
    """Every document, by source path."""
    records = [read_document(f) for f in searcher.documents(kind="doc")]
    return sorted(records, key=lambda d: d.source)


def document(searcher, doc_id: str) -> DocumentRecord | None:
    found = searcher.document(kind="doc", doc_id=doc_id)
    return read_document(found) if found is not None else None


def sections(searcher, doc_id: str | None = None) -> list[SectionRecord]:
    """Sections in document order (of one document, or of all by source path)."""
    if doc_id is None:
        found = searcher.documents(kind="section")
    else:
        found = searcher.documents(kind="section", doc_id=doc_id)
    records = [read_section(f) for f in found]
    return sorted(records, key=lambda s: (s.source, s.doc_id, s.order))


def section(searcher, section_id: str) -> SectionRecord | None:
    found = searcher.document(section_id=section_id)
    if found is None or found.get("kind") != "section":
        return None
    return read_section(found)
