"""Listing what the index holds: documents, their sections, one section."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from index.store import open_index


@dataclass
class DocumentRecord:
    doc_id: str
    title: str
    source: str
    format: str
    sections: int
    symbol: str | None
    sha256: str
    date: str
    size: int
    mtime: float


@dataclass
class SectionRecord:
    doc_id: str
    section_id: str
    number: str
    heading: str
    level: int
    parent_id: str | None
    text: str
    order: int
    path: list[str]
    title: str
    source: str


def documents(index_dir: Path) -> list[DocumentRecord]:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        records = [_document(f) for f in searcher.documents(kind="doc")]
    return sorted(records, key=lambda d: d.source)


def sections(index_dir: Path, doc_id: str | None = None) -> list[SectionRecord]:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        if doc_id is None:
            found = searcher.documents(kind="section")
        else:
            found = searcher.documents(kind="section", doc_id=doc_id)
        records = [_section(f) for f in found]
    return sorted(records, key=lambda s: (s.source, s.doc_id, s.order))


def section(index_dir: Path, section_id: str) -> SectionRecord | None:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        found = searcher.document(section_id=section_id)
    if found is None or found.get("kind") != "section":
        return None
    return _section(found)


def has_document(index_dir: Path, doc_id: str) -> bool:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        return searcher.document(kind="doc", doc_id=doc_id) is not None


def _document(fields: dict) -> DocumentRecord:
    return DocumentRecord(
        doc_id=fields["doc_id"],
        title=fields.get("title", ""),
        source=fields.get("source", ""),
        format=fields.get("format", ""),
        sections=int(fields.get("sections", 0)),
        symbol=fields.get("doc_symbol") or None,
        sha256=fields.get("sha256", ""),
        date=fields.get("date", ""),
        size=int(fields.get("size", 0) or 0),
        mtime=float(fields.get("mtime", 0) or 0),
    )


def _section(fields: dict) -> SectionRecord:
    return SectionRecord(
        doc_id=fields["doc_id"],
        section_id=fields["section_id"],
        number=fields.get("number", ""),
        heading=fields.get("heading", ""),
        level=int(fields.get("level", 1)),
        parent_id=fields.get("parent_id"),
        text=fields.get("text", ""),
        order=int(fields.get("order", 0)),
        path=json.loads(fields.get("path") or "[]"),
        title=fields.get("title", ""),
        source=fields.get("source", ""),
    )
