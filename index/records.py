"""The stored record of a document and of a section: the fields written for an annotated document,
and the typed records read back from them.

One document record (``kind`` = "doc") per source file — doc id, source path, content hash,
section count: the ingest's ledger, committed atomically with the sections it describes — and one
record per section.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pipeline.annotate import AnnotatedDocument, AnnotatedSection
from pipeline.symbols import family_root


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
    year: int | None
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
    page_breaks: list[tuple[int, int]]  # (offset, page) for paged sources (PDF), else []
    mentions: list[dict]  # the symbols cited: symbol, raw, kind, start, end, resolved


def read_document(fields: dict) -> DocumentRecord:
    """A document record from its stored fields."""
    return DocumentRecord(
        doc_id=fields["doc_id"],
        title=fields.get("title", ""),
        source=fields.get("source", ""),
        format=fields.get("format", ""),
        sections=int(fields.get("sections", 0) or 0),
        symbol=fields.get("doc_symbol") or None,
        sha256=fields.get("sha256", ""),
        date=fields.get("date", ""),
        year=int(fields["year"]) if str(fields.get("year") or "").isdigit() else None,
        size=int(fields.get("size", 0) or 0),
        mtime=float(fields.get("mtime", 0) or 0),
    )


def read_section(fields: dict) -> SectionRecord:
    """A section record from its stored fields."""
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
        page_breaks=[(o, p) for o, p in json.loads(fields.get("page_breaks") or "[]")],
        mentions=json.loads(fields.get("refs") or "[]"),
    )


def shared_fields(annotated: AnnotatedDocument) -> dict:
    """Document-level fields stored on every record, so hits need no second lookup."""
    document = annotated.document
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "source": document.source,
        "format": document.format,
        "date": document.date,
        "year": str(document.year) if document.year is not None else None,
    }


def document_record(annotated: AnnotatedDocument, size: int, mtime: float) -> dict:
    document = annotated.document
    return {
        **shared_fields(annotated),
        "kind": "doc",
        "section_id": f"{document.doc_id}:doc",
        "sha256": document.sha256,
        "sections": len(annotated.sections),
        "size": size,
        "mtime": mtime,
        "doc_symbol": document.symbol or None,
        "symbol_roots": _root(document.symbol) or None,
    }


def section_record(annotated: AnnotatedDocument, item: AnnotatedSection) -> dict:
    section = item.section
    symbols = item.symbols + item.drafts_of
    return {
        **shared_fields(annotated),
        "kind": "section",
        "section_id": section.section_id,
        "number": section.number,
        "heading": section.heading,
        "level": section.level,
        "parent_id": section.parent_id,
        "order": section.order,
        "text": section.text,
        "path": json.dumps(item.path, ensure_ascii=False),
        "page_breaks": json.dumps(section.page_breaks) if section.page_breaks else None,
        # The heading is searchable text of its section too: the body fields carry it (so recall
        # needs one field), the h_ fields repeat it for heading-first ranking.
        "words": " ".join([*item.heading_tokens, *item.body_tokens]),
        "bi": f"{item.heading_fold}\n{item.body_fold}",
        "h_words": " ".join(item.heading_tokens),
        "h_bi": item.heading_fold,
        # Empty values are left out: every indexed value costs a posting.
        "symbols": " ".join(item.symbols) or None,
        "drafts_of": " ".join(item.drafts_of) or None,
        "symbol_roots": " ".join(sorted({_root(s) for s in symbols} - {""})) or None,
        "refs": json.dumps(
            [
                {"symbol": r.symbol, "raw": r.raw, "kind": r.kind, "start": r.start,
                 "end": r.end, "resolved": r.resolved}
                for r in item.refs
            ],
            ensure_ascii=False,
        ),
        "self_symbol": item.self_symbol or None,
    }


def _root(symbol: str) -> str:
    if not symbol:
        return ""
    try:
        return family_root(symbol)
    except ValueError:  # a masthead symbol outside the recognised forms
        return symbol
