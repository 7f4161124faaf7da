"""The whoosh records written for a prepared document: one per document, one per section."""

from __future__ import annotations

import json

from pipeline.prepare import PreparedDocument, PreparedSection
from pipeline.symbols import family_root


def shared_fields(prepared: PreparedDocument) -> dict:
    """Document-level fields stored on every record, so hits need no second lookup."""
    document = prepared.document
    return {
        "doc_id": document.doc_id,
        "title": document.title,
        "source": document.source,
        "format": document.format,
        "date": document.date,
        "year": document.date[:4] if document.date[:4].isdigit() else None,
    }


def document_record(prepared: PreparedDocument, size: int, mtime: float) -> dict:
    document = prepared.document
    return {
        **shared_fields(prepared),
        "kind": "doc",
        "section_id": f"{document.doc_id}:doc",
        "sha256": document.sha256,
        "sections": len(prepared.sections),
        "size": size,
        "mtime": mtime,
        "doc_symbol": document.symbol or None,
        "symbol_roots": _root(document.symbol) or None,
    }


def section_record(prepared: PreparedDocument, item: PreparedSection) -> dict:
    section = item.section
    symbols = item.symbols + item.drafts_of
    return {
        **shared_fields(prepared),
        "kind": "section",
        "section_id": section.section_id,
        "number": section.number,
        "heading": section.heading,
        "level": section.level,
        "parent_id": section.parent_id,
        "order": section.order,
        "text": section.text,
        "path": json.dumps(item.path, ensure_ascii=False),
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
