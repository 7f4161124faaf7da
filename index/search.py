"""Running a query: recall from whoosh, literal-first ranking, snippets with match offsets."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from copdocs.errors import QueryError
from copdocs.records import Hit, SearchResults
from index.compile import Compiled, UnionOr, compile_query
from index.expand import Expansion, expand, holds_key
from index.highlight import (
    Needle,
    contains,
    find_matches,
    needles_for,
    snippet_anchor,
    snippet_parts,
    spans_in,
    with_marks,
)
from index.querylang import AllOf, AnyOf, Form, Words, parse, positive_words
from pipeline.model import page_at
from pipeline.normalize import fold, has_han
from pipeline.segment import TOKEN_RE

# Hits fetched beyond the requested page so that literal-first re-ranking sees enough of them.
RERANK_WINDOW = 100
STAGE_WINDOW = 20


def search(
    searcher, query: str, limit: int = 10, offset: int = 0, exact: bool = False
) -> SearchResults:
    """Hits ``offset + 1`` to ``offset + limit`` of ``query``, best first, with an open searcher.

    Words naming a concept of the termbase also match its other forms unless ``exact`` (or the
    word is typed with a leading ``=``). Raises QueryError when the query has nothing to search
    for.
    """

    tree, compiled, symbol, expansion = _prepare(searcher, query, exact)
    results, exact_total, total = _run(searcher, compiled, offset + limit)
    words = positive_words(tree)
    literals = _literals(tree, words)
    others = _Others(tree, expansion) if expansion is not None else None
    needles = _needles(words, others)
    candidates = []
    for hit in results:
        stored = searcher.stored_fields(hit.docnum)
        folded_heading = fold(f"{stored.get('number', '')} {stored.get('heading', '')}")
        folded_body = fold(stored.get("text", ""))
        heading = "".join(folded_heading.split())
        body = "".join(folded_body.split())
        if any(p not in heading and p not in body for p in compiled.needs_verification):
            continue
        tier = 1 if symbol and _cites(stored, symbol) else 0
        for literal in literals:
            if literal in heading:
                tier = 2
                break
            if literal in body:
                tier = 1
        via_tier, via = 0, None
        if others is not None and tier == 0:
            raw = (f"{stored.get('number', '')} {stored.get('heading', '')}",
                   stored.get("text", ""))
            found = others.rank(folded_heading, folded_body, raw)
            if found is None:  # matched only loosely, through a form's separate pieces
                continue
            via_tier, via = found
        candidates.append((tier, via_tier, hit.score, stored, via))
    if compiled.needs_verification:
        total = len(candidates)
    elif len(candidates) < len(results):
        total = max(len(candidates), total - (len(results) - len(candidates)))
    candidates.sort(key=lambda c: (-c[0], -c[1], -c[2]))
    page = candidates[offset : offset + limit]
    hits = [_hit(rank, tier, score, stored, needles, others.name(stored, via) if via else None)
            for rank, (tier, _, score, stored, via) in enumerate(page, start=offset + 1)]
    return SearchResults(query, hits, total, exact_total, offset)


def matching_sections(searcher, query: str, cap: int, exact: bool = False
                      ) -> tuple[list[int], bool, bool]:
    """The index numbers of the sections matching ``query``, in index order, at most ``cap``;
    whether there were more; and whether they are exactly the sections a search returns.

    They are what the query's postings match, with the checks postings cannot make. A query
    naming a concept in other forms also matches sections holding a form's words apart, which
    a search drops after reading their text; that reading is left out here (it costs more than
    the counting), so such a set is not exact. Raises QueryError when the query has nothing to
    search for.
    """
    _, compiled, _, expansion = _prepare(searcher, query, exact)
    found: list[int] = []
    for docnum in searcher.docs_for_query(compiled.required):
        if compiled.needs_verification:
            if not _verified(compiled, searcher.stored_fields(docnum)):
                continue
        if len(found) == cap:
            return found, True, False
        found.append(docnum)
    return found, False, expansion is None


def match_spans(searcher, query: str, text: str, exact: bool = False) -> list[tuple[int, int]]:
    """The ``[start, end)`` offsets in ``text`` of what a search for ``query`` marks (its words,
    and the other forms of the concepts it names unless ``exact``), as a hit's ``matches``
    gives them for its section. Any query works, even one with nothing to search for."""
    tree = parse(query)
    try:
        tree, _, _, expansion = _prepare(searcher, query, exact)
    except QueryError:
        expansion = None
    others = _Others(tree, expansion) if expansion is not None else None
    return find_matches(text, _needles(positive_words(tree), others))


def _prepare(searcher, query: str, exact: bool
             ) -> tuple[AllOf, Compiled, str | None, Expansion | None]:
    """The parsed query, its whoosh queries, the symbol it is (if it is one), and the other
    forms of the concepts it names (None when ``exact`` or none)."""
    tree = parse(query)
    symbol = _canonical_symbol(query) if "/" in query or "／" in query else None

    def lexicon(word: str) -> bool:
        return searcher.doc_frequency("words", word) > 0

    def bigrams(term: str) -> bool:
        return searcher.doc_frequency("bi", term) > 0

    expansion = None if exact or symbol else expand(tree, lexicon, bigrams)
    compiled = compile_query(
        tree,
        lexicon=lexicon,
        canonical_symbol=_canonical_symbol,
        symbol=symbol,
        vocabulary=lambda prefix: _vocabulary(searcher, prefix),
        expansion=expansion,
    )
    if compiled.empty:
        raise QueryError(f"nothing to search for in {query!r}")
    return tree, compiled, symbol, expansion


def _needles(words: list[Words], others: _Others | None) -> list[Needle]:
    """What a hit marks: the query's words, and the other forms of the concepts it names."""
    needles = [n for w in words for n in needles_for(fold(w.text), w.quoted)]
    return needles + others.needles if others is not None else needles


def _verified(compiled: Compiled, stored: dict) -> bool:
    """Whether a section holds every phrase that whoosh's postings cannot check alone."""
    heading = _squeeze(f"{stored.get('number', '')} {stored.get('heading', '')}")
    body = _squeeze(stored.get("text", ""))
    return all(p in heading or p in body for p in compiled.needs_verification)


_FoundBy = tuple[str, tuple[Form, ...]]  # the folded text a section was found in, by which forms


class _Others:
    """What the other forms of the concepts a query names add to ranking: which variant of the
    query a section holds literally, and which form it was found by."""

    def __init__(self, tree: AllOf, expansion: Expansion) -> None:
        from pipeline.termbase import key, lookup

        self.tree = tree
        # A section is said to be found by the longest form it holds, in the script of the
        # query if it has one.
        han = any(has_han(w.text) for w in positive_words(tree))
        self.variants = sorted(((_compact(v.text), form_needles(v.text), v.forms)
                                for v in expansion.variants),
                               key=lambda v: (v[0].isascii() == han, -len(v[0])))
        table = lookup()
        # A form standing inside a longer form of another concept (排放交易 in 國際排放交易協會,
        # "Kyoto" in "Kyoto Protocol") is that other concept's: it finds, but ranks no higher
        # than the typed words found apart.
        self.masks = {}
        for _, needles, forms in self.variants:
            if len(forms) == 1 and len(needles) == 1:
                longer = table.longer_keys(key(forms[0].text))
                self.masks[id(needles)] = [n for k in longer for n in form_needles(k)]
        self.forms = sorted(((form_needles(f.text), f, key(f.text)) for f in expansion.forms),
                            key=lambda f: -len(f[2]))
        self.needles = [n for needles, _, _ in self.forms for n in needles]

    def rank(self, heading: str, body: str, raw: tuple[str, str]
             ) -> tuple[int, _FoundBy | None] | None:
        """For a section's folded heading and body (``raw``: as written): (2: a variant in the
        heading, 1: in the body, 0: neither; where and by which forms it was found, None when it
        holds what was typed), or None when it holds neither."""
        for folded, tier, written in ((heading, 2, raw[0]), (body, 1, raw[1])):
            compact = "".join(TOKEN_RE.findall(folded))
            for variant, needles, forms in self.variants:
                if (variant and variant in compact and self._stands(folded, needles)
                        and all(_in_capitals(written, f) for f in forms)):
                    return tier, (folded, forms)
        folded = f"{heading}\n{body}"
        if _holds(self.tree, folded):
            return 0, None
        for needles, form, _ in self.forms:
            if contains(folded, needles) and _in_capitals(f"{raw[0]}\n{raw[1]}", form):
                return 0, (folded, (form,))
        return None

    def _stands(self, folded: str, needles: list[Needle]) -> bool:
        """The place holds the variant, somewhere not inside another concept's longer form."""
        masks = self.masks.get(id(needles))
        if not masks:
            return contains(folded, needles)
        covers = spans_in(folded, masks)
        return any(not any(ms <= s and e <= me for ms, me in covers)
                   for s, e in spans_in(folded, needles))

    def name(self, stored: dict, found: _FoundBy) -> str:
        """The form a section was found by, as the section writes it: the longest form holding
        it where it was found ("development and transfer of technologies" for "transfer of
        technologies")."""
        folded, forms = found
        if len(forms) == 1:
            from pipeline.termbase import key

            inner = key(forms[0].text)
            for needles, form, form_key in self.forms:
                if holds_key(form_key, inner) and contains(folded, needles):
                    return _as_written(stored, form)
        return _as_written(stored, forms[0])


def _in_capitals(written: str, form: Form) -> bool:
    """An ambiguous abbreviation counts only where the text writes it in capitals (JI, not ji);
    any other form counts in any case."""
    return not form.cased or _capitals(form.text).search(written) is not None


@lru_cache(maxsize=256)
def _capitals(abbreviation: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z0-9]){re.escape(abbreviation)}(?![A-Za-z0-9])")


def form_needles(text: str) -> list[Needle]:
    """What marks a form in a section: a form mixing scripts only where it stands whole."""
    folded = fold(text)
    if has_han(folded) and not folded.isascii() and any(c.isascii() and c.isalnum()
                                                         for c in folded):
        return [Needle("han", ("".join(folded.split()),))]
    return needles_for(folded, True)


def _holds(node, folded: str) -> bool:
    """Whether folded text satisfies the positive words of a query as typed."""
    if isinstance(node, Words):
        return contains(folded, needles_for(fold(node.text), node.quoted))
    if isinstance(node, AllOf):
        return all(_holds(child, folded) for child in node.nodes)
    if isinstance(node, AnyOf):
        return any(_holds(child, folded) for child in node.nodes)
    return True  # filters and exclusions were applied by the search


def _as_written(stored: dict, form: Form) -> str:
    """The form as the section writes it (its own characters and case), else as the termbase
    writes it."""
    needles = form_needles(form.text)
    if len(needles) == 1:
        for text in (stored.get("heading", ""), stored.get("text", "")):
            spans = find_matches(text, needles)
            if spans:
                start, end = spans[0]
                return " ".join(text[start:end].split())
    return form.label


def _compact(text: str) -> str:
    """Folded letters, digits and Chinese characters only: how a variant's presence is checked,
    whatever the punctuation and spacing between its words."""
    return "".join(TOKEN_RE.findall(fold(text)))


@dataclass(slots=True)
class _Found:
    docnum: int
    score: float


def _run(searcher, compiled, limit: int) -> tuple[list[_Found], bool, int]:
    """The hits to rank, whether ``total`` is exact, and the total.

    Sections containing the whole query literally rank first (in a heading, then in the body),
    so those are searched first, then sections containing the query with a concept it names in
    another form (``index.expand``), and the plain query only when they do not fill the page: a
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
    variants = [compiled.variant_head, compiled.variant_body]
    if compiled.variant_head is not None:
        if compiled.literal_constraints is None:
            variants = [wq.And([compiled.required, v]) for v in variants]
        elif compiled.literal_constraints:
            variants = [wq.And([v, *compiled.literal_constraints]) for v in variants]
        literals += variants
    stages = [*literals, compiled.required]
    exact, total = False, 0
    for number, stage in enumerate(stages):
        if number == 2 and compiled.variant_head is not None and len(found) >= limit:
            # The typed text's literal matches fill the page: what other forms find ranks
            # after them, so it is not searched for.
            break
        results = run(stage, window + len(found))
        for hit in results:
            found.setdefault(hit.docnum, _Found(hit.docnum, hit.score))
        total = max(total, results.scored_length())
        exact = results.scored_length() < window + len(found)
        if len(found) >= window:
            break
    return list(found.values()), exact and stage is stages[-1], max(total, len(found))


def _hit(rank: int, tier: int, score: float, stored: dict, needles: list[Needle],
         via: str | None) -> Hit:
    text = stored.get("text", "")
    spans = find_matches(text, needles)
    parts = snippet_parts(text, spans)
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
        snippet=with_marks(parts),
        matches=spans,
        page=page_at(page_breaks(stored), snippet_anchor(spans)),
        literal=tier,
        via=via,
        snippet_parts=parts,
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
