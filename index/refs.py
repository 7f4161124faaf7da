"""Cross-references: where a UN symbol or decision is cited, what it is, and its relatives.

Relations of a looked-up symbol:

- ``self``: the document whose masthead carries the symbol, or the section that is the decision;
- ``cites``: every section mentioning it (a draft decision cited by title, "Decision -/CP.13 Bali
  Action Plan", counts for its adopted number too);
- ``family``: sections citing, and documents being, its relatives — revisions, addenda and
  corrigenda of the same document (FCCC/SBSTA/2007/L.20 ↔ L.20/Rev.1 ↔ L.20/Add.1/Rev.1), and the
  drafts and adopted numbers of the same decision.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from copdocs.errors import MalformedSymbol
from pipeline.symbols import canonicalize, draft_titles, family_root, symbol_kind

UNDOCS = "https://undocs.org/"
CONTEXT_CHARS = 240
_SENTENCE_END = re.compile(r"[。！？!?；;]|\.(?=\s)|\n")


@dataclass
class RefHit:
    query: str
    symbol: str
    relation: str  # self | cites | family
    doc_id: str
    section_id: str | None
    heading: str | None
    title: str
    context: str
    url: str | None
    path: list[str]
    source: str


@dataclass
class SymbolCount:
    symbol: str
    kind: str
    count: int
    docs: int


@dataclass
class SymbolDescription:
    symbol: str
    kind: str
    url: str | None
    family: str
    titles: list[str]


def describe(typed: str) -> SymbolDescription | None:
    """What ``typed`` is as a symbol (no index needed), or None when it is not one symbol."""
    symbol = canonicalize(typed)
    if symbol is None:
        return None
    kind = symbol_kind(symbol)
    return SymbolDescription(symbol, kind, _url(symbol), family_root(symbol),
                             draft_titles(symbol) if kind == "decision" else [])


def lookup(searcher, typed: str) -> tuple[str, list[RefHit]]:
    """The canonical symbol and its relations, ``self`` first, then ``cites``, then ``family``.

    Raises MalformedSymbol when ``typed`` is not a symbol or decision reference.
    """
    symbol = canonicalize(typed)
    if symbol is None:
        raise MalformedSymbol(
            f"not a UN document symbol or decision reference: {typed.strip()!r}"
        )
    cites = _cites(searcher, symbol)
    cited = {hit.section_id for hit in cites}
    return symbol, [*_self(searcher, symbol), *cites, *_family(searcher, symbol, cited)]


def _self(searcher, symbol: str) -> list[RefHit]:
    hits = []
    for fields in searcher.documents(kind="doc", doc_symbol=symbol):
        hits.append(_doc_hit(symbol, symbol, "self", fields))
    for fields in searcher.documents(kind="section", self_symbol=symbol):
        hits.append(_section_hit(symbol, symbol, "self", fields, context=fields.get("text", "")))
    return hits


def _cites(searcher, symbol: str) -> list[RefHit]:
    hits = []
    for fields in _sections_with(searcher, "symbols", symbol):
        mention = next(
            (m for m in _mentions(fields) if symbol in (m["symbol"], m.get("resolved"))), None
        )
        context = _sentence(fields.get("text", ""), mention) if mention else ""
        hits.append(_section_hit(symbol, symbol, "cites", fields, context))
    return hits


def _family(searcher, symbol: str, cited: set[str | None]) -> list[RefHit]:
    """Relatives, each with the sections citing it that do not already cite the symbol."""
    root = family_root(symbol)
    related = _draft_relatives(searcher, symbol) if symbol_kind(symbol) == "decision" else set()
    hits: list[RefHit] = []
    for fields in searcher.documents(kind="doc", symbol_roots=root):
        if fields.get("doc_symbol") and fields["doc_symbol"] != symbol:
            hits.append(_doc_hit(symbol, fields["doc_symbol"], "family", fields))
    seen: set[tuple[str, str]] = {(symbol, section_id or "") for section_id in cited}
    for fields in _sections_with(searcher, "symbol_roots", root):
        for mention in _mentions(fields):
            relative = mention["symbol"]
            if relative == symbol or family_root(relative) != root:
                continue
            _add_family(hits, seen, symbol, relative, fields, mention)
    for relative in sorted(related):
        for fields in _sections_with(searcher, "symbols", relative):
            mention = next((m for m in _mentions(fields) if _names(m, relative, symbol)), None)
            if mention is not None:
                _add_family(hits, seen, symbol, relative, fields, mention)
    return hits


def _add_family(hits, seen, symbol, relative, fields, mention) -> None:
    key = (relative, fields["section_id"])
    if key in seen or (symbol, fields["section_id"]) in seen:
        return
    seen.add(key)
    context = _sentence(fields.get("text", ""), mention) if mention else ""
    hits.append(_section_hit(symbol, relative, "family", fields, context))


def _names(mention: dict, relative: str, symbol: str) -> bool:
    """A mention of ``relative`` that belongs to ``symbol``'s decision.

    A draft "-/CP.13" cited with another decision's title (Reducing emissions …) is not a relative
    of 1/CP.13.
    """
    if relative in (mention["symbol"], mention.get("resolved")):
        resolved = mention.get("resolved")
        return not (mention["symbol"].startswith("-/") and resolved and symbol not in
                    (resolved, mention["symbol"]))
    return False


def _draft_relatives(searcher, symbol: str) -> set[str]:
    """A draft's adopted numbers, or an adopted decision's draft, as cited in the index."""
    relatives: set[str] = set()
    for fields in _sections_with(searcher, "symbols", symbol):
        for mention in _mentions(fields):
            pair = {mention["symbol"], mention.get("resolved") or ""}
            if symbol in pair:
                relatives |= pair - {symbol, ""}
    return relatives


def _sections_with(searcher, fieldname: str, value: str) -> list[dict]:
    from whoosh import query as q

    from index.compile import UnionOr

    match = q.Term(fieldname, value)
    if fieldname == "symbols":  # a draft cited by title cites its adopted number too
        match = UnionOr([match, q.Term("drafts_of", value)])
    results = searcher.search(q.And([q.Term("kind", "section"), match]), limit=None)
    found = [hit.fields() for hit in results]
    return sorted(found, key=lambda f: (f.get("source", ""), f.get("order", 0)))


def _mentions(fields: dict) -> list[dict]:
    return json.loads(fields.get("refs") or "[]")


def _sentence(text: str, mention: dict | None) -> str:
    """The sentence around a mention, at most CONTEXT_CHARS long."""
    if not text:
        return ""
    if mention is None:
        return " ".join(text[:CONTEXT_CHARS].split())
    start, end = mention["start"], mention["end"]
    left = max(0, start - CONTEXT_CHARS // 2)
    for found in _SENTENCE_END.finditer(text, left, start):
        left = found.end()
    right = min(len(text), end + CONTEXT_CHARS // 2)
    stop = _SENTENCE_END.search(text, end, right)
    if stop:
        right = stop.end()
    prefix = "…" if left > 0 and text[left - 1] not in "\n。.！？!?；;" else ""
    suffix = "…" if right < len(text) and not stop else ""
    return prefix + " ".join(text[left:right].split()) + suffix


def _url(symbol: str) -> str | None:
    return UNDOCS + symbol if symbol_kind(symbol) == "document" else None


def _doc_hit(query: str, symbol: str, relation: str, fields: dict) -> RefHit:
    return RefHit(
        query=query,
        symbol=symbol,
        relation=relation,
        doc_id=fields["doc_id"],
        section_id=None,
        heading=None,
        title=fields.get("title", ""),
        context="",
        url=_url(symbol),
        path=[],
        source=fields.get("source", ""),
    )


def _section_hit(query: str, symbol: str, relation: str, fields: dict, context: str) -> RefHit:
    heading = " ".join(p for p in (fields.get("number", ""), fields.get("heading", "")) if p)
    if relation == "self":
        context = " ".join(context[:CONTEXT_CHARS].split())
    return RefHit(
        query=query,
        symbol=symbol,
        relation=relation,
        doc_id=fields["doc_id"],
        section_id=fields["section_id"],
        heading=heading,
        title=fields.get("title", ""),
        context=context,
        url=_url(symbol),
        path=json.loads(fields.get("path") or "[]"),
        source=fields.get("source", ""),
    )


def symbol_counts(searcher, kind: str | None = None) -> list[SymbolCount]:
    """Every canonical symbol in the index: mentions and citing documents."""
    reader = searcher.reader()
    doc_ids = reader.column_reader("doc_id")
    counts: dict[str, SymbolCount] = {}
    for raw in reader.lexicon("symbols"):
        symbol = raw.decode("utf-8")
        postings = reader.postings("symbols", symbol)
        docs = {doc_ids[docnum] for docnum in postings.all_ids()}
        mentions = int(reader.frequency("symbols", symbol))
        counts[symbol] = SymbolCount(symbol, symbol_kind(symbol), mentions, len(docs))
    for own_field in ("doc_symbol", "self_symbol"):
        for raw in reader.lexicon(own_field):
            symbol = raw.decode("utf-8")
            if symbol and symbol not in counts and canonicalize(symbol) == symbol:
                counts[symbol] = SymbolCount(symbol, symbol_kind(symbol), 0, 0)
    found = sorted(counts.values(), key=lambda c: (c.kind, c.symbol))
    return [c for c in found if kind is None or c.kind == kind]
