"""Running a query: recall from whoosh, literal-first ranking, snippets with match offsets."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from copdocs.errors import QueryError
from index.compile import UnionOr, compile_query
from index.highlight import Needle, find_matches, needles_for, snippet, snippet_anchor
from index.querylang import AllOf, AnyOf, Words, parse, positive_words
from pipeline.model import page_at
from pipeline.normalize import fold

# Hits fetched beyond the requested page so that literal-first re-ranking sees enough of them.
RERANK_WINDOW = 100
STAGE_WINDOW = 20


@dataclass
class Hit:
    rank: int
    score: float
    doc_id: str
    section_id: str
    number: str
    heading: str
    path: list[str]
    title: str
    source: str
    snippet: str
    matches: list[tuple[int, int]] = field(default_factory=list)
    page: int | None = None  # the page of the snippet, for paged sources (PDF)
    literal: int = 0  # 2: the whole query is in the heading, 1: in the body, 0: only its parts


@dataclass
class SearchResult:
    query: str
    total: int  # matching sections; a lower bound when ``exact`` is False
    hits: list[Hit]
    exact: bool = True


def search(searcher, query: str, limit: int = 10, offset: int = 0) -> SearchResult:
    """Hits ``offset + 1`` to ``offset + limit`` of ``query``, best first, with an open searcher.

    Raises QueryError when the query has nothing to search for.
    """

    tree = parse(query)
    symbol = _canonical_symbol(query) if "/" in query or "／" in query else None
    compiled = compile_query(
        tree,
        lexicon=lambda word: searcher.doc_frequency("words", word) > 0,
        canonical_symbol=_canonical_symbol,
        symbol=symbol,
        vocabulary=lambda prefix: _vocabulary(searcher, prefix),
    )
    if compiled.empty:
        raise QueryError(f"nothing to search for in {query!r}")
    results, exact, total = _run(searcher, compiled, offset + limit)
    words = positive_words(tree)
    literals = _literals(tree, words)
    needles: list[Needle] = [n for w in words for n in needles_for(fold(w.text), w.quoted)]
    candidates = []
    for hit in results:
        stored = searcher.stored_fields(hit.docnum)
        heading = _squeeze(f"{stored.get('number', '')}{stored.get('heading', '')}")
        body = _squeeze(stored.get("text", ""))
        if any(p not in heading and p not in body for p in compiled.needs_verification):
            continue
        tier = 1 if symbol and _cites(stored, symbol) else 0
        for literal in literals:
            if literal in heading:
                tier = 2
                break
            if literal in body:
                tier = 1
        candidates.append((tier, hit.score, stored))
    if compiled.needs_verification:
        total = len(candidates)
    candidates.sort(key=lambda c: (-c[0], -c[1]))
    page = candidates[offset : offset + limit]
    hits = [_hit(rank, tier, score, stored, needles) for rank, (tier, score, stored)
            in enumerate(page, start=offset + 1)]
    return SearchResult(query=query, total=total, hits=hits, exact=exact)


@dataclass(slots=True)
class _Found:
    docnum: int
    score: float


def _run(searcher, compiled, limit: int) -> tuple[list[_Found], bool, int]:
    """The hits to rank, whether ``total`` is exact, and the total.

    Sections containing the whole query literally rank first (in a heading, then in the body),
    so those are searched first, and the plain query only when they do not fill the page: a
    common phrase never pays for scoring every section that merely has its words. A count
    beyond what was fetched would cost a second pass over the postings, so it is a lower bound.
    """
    from whoosh import query as wq

    def run(query, fetch):
        if compiled.word_boosts:
            query = wq.AndMaybe(query, UnionOr(compiled.word_boosts))
        return searcher.search(query, limit=fetch)

    if compiled.needs_verification or compiled.literal_body is None:
        final = compiled.required
        if compiled.boosts:
            final = wq.AndMaybe(final, UnionOr(compiled.boosts))
        fetch = None if compiled.needs_verification else limit + RERANK_WINDOW
        results = run(final, fetch)
        found = [_Found(hit.docnum, hit.score) for hit in results]
        return found, fetch is None or len(found) < fetch, len(found)
    window = limit + STAGE_WINDOW
    found: dict[int, _Found] = {}
    literals = [compiled.literal_head, compiled.literal_body]
    if compiled.literal_constraints is None:
        literals = [wq.And([compiled.required, literal]) for literal in literals]
    elif compiled.literal_constraints:
        literals = [wq.And([literal, *compiled.literal_constraints]) for literal in literals]
    if compiled.symbol_query is not None:
        # The sections citing the symbol are known exactly; a phrase over its common tokens
        # ("1", "cp", "13") would cost more than it finds.
        literals[1] = compiled.symbol_query
    stages = [*literals, compiled.required]
    exact, total = False, 0
    for stage in stages:
        results = run(stage, window + len(found))
        for hit in results:
            found.setdefault(hit.docnum, _Found(hit.docnum, hit.score))
        total = max(total, results.scored_length())
        exact = results.scored_length() < window + len(found)
        if len(found) >= window:
            break
    return list(found.values()), exact and stage is stages[-1], max(total, len(found))


def _hit(rank: int, tier: int, score: float, stored: dict, needles: list[Needle]) -> Hit:
    text = stored.get("text", "")
    spans = find_matches(text, needles)
    return Hit(
        rank=rank,
        score=round(float(score), 4),
        doc_id=stored["doc_id"],
        section_id=stored["section_id"],
        number=stored.get("number", ""),
        heading=stored.get("heading", ""),
        path=json.loads(stored.get("path") or "[]"),
        title=stored.get("title", ""),
        source=stored.get("source", ""),
        snippet=snippet(text, spans),
        matches=spans,
        page=page_at(page_breaks(stored), snippet_anchor(spans)),
        literal=tier,
    )


def page_breaks(stored: dict) -> list[tuple[int, int]]:
    """A stored section's page breaks ([] for formats without pages)."""
    return [tuple(pair) for pair in json.loads(stored.get("page_breaks") or "[]")]


def _literals(tree: AllOf, words: list[Words]) -> list[str]:
    """What counts as the query "literally": the whole query, or each alternative of an OR."""
    if any(isinstance(node, AnyOf) for node in tree.nodes):
        found = [_squeeze(w.text) for w in words]
    else:
        found = [_squeeze(" ".join(w.text for w in words))]
    return [literal for literal in found if literal]


def _vocabulary(searcher, prefix: str) -> list[str]:
    return [t.decode("utf-8") for t in searcher.reader().expand_prefix("words", prefix)]


def _cites(stored: dict, symbol: str) -> bool:
    if stored.get("self_symbol") == symbol:
        return True
    mentions = json.loads(stored.get("refs") or "[]")
    return any(symbol in (m["symbol"], m.get("resolved")) for m in mentions)


def _squeeze(text: str) -> str:
    """Folded, without whitespace: the form literal containment is checked in."""
    return "".join(fold(text).split())


def _canonical_symbol(text: str) -> str | None:
    from pipeline.symbols import canonicalize  # its grammar is compiled only for such queries

    return canonicalize(text)
