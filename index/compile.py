"""Query syntax tree -> whoosh queries.

Recall (what must match) and ranking (what should come first) are separate:

- the *required* query guarantees that grep is the floor: a Han run matches through the character
  bigram fields (a phrase of bigrams is an exact substring match; a single character is a prefix
  of the bigrams it starts), a Latin word as itself or any indexed word with the same stem,
  hyphenated or glued Latin runs as an exact word phrase;
- the *boost* queries lift sections that contain the query literally, more so in a heading, and
  sections sharing the query's words as jieba segmented them at ingest time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from whoosh import query as q

from index.analysis import stem
from index.phrase import ExactPhrase
from index.querylang import AllOf, AnyOf, Filter, Form, Node, Not, Words, positive_words
from pipeline.normalize import fold
from pipeline.segment import TOKEN_RE

if TYPE_CHECKING:
    from index.expand import Expansion

LITERAL_BOOST = 8.0
HEADING_LITERAL_BOOST = 40.0
SYMBOL_BOOST = 40.0
MAX_WORD_LENGTH = 8
MAX_INFLECTIONS = 12

SECTIONS = q.Term("kind", "section")


class UnionOr(q.Or):
    """``Or`` that always merges its parts as a tree of union matchers.

    whoosh's automatic choice, for segments under 5,000 documents, pre-reads every part into a
    2,048-slot score array that it clears slot by slot in Python per block: most of the time of
    a query with a few sparse parts, such as a symbol's citing sections.
    """

    matcher_type = q.Or.DEFAULT_MATCHER


@dataclass
class Compiled:
    required: q.Query
    boosts: list[q.Query] = field(default_factory=list)  # literal phrases, heading first
    word_boosts: list[q.Query] = field(default_factory=list)  # jieba words, the symbol itself
    needs_verification: list[str] = field(default_factory=list)  # folded, whitespace-free phrases
    empty: bool = False
    # The whole query as one literal string, in headings and in bodies (None when the query has
    # alternatives): hits of these rank first, so they can be searched first.
    literal_head: q.Query | None = None
    literal_body: q.Query | None = None
    # What a literal match must also satisfy: the query's filters and exclusions (its words are
    # implied by the literal). None when that cannot be stated so simply.
    literal_constraints: list[q.Query] | None = None
    # Sections citing the symbol the whole query is (they rank with the literal body matches).
    symbol_query: q.Query | None = None
    # The query with a concept it names in another form (``index.expand``), in headings and in
    # bodies: these rank right after the literal matches of what was typed.
    variant_head: q.Query | None = None
    variant_body: q.Query | None = None


def compile_query(
    tree: AllOf,
    lexicon: Callable[[str], bool],
    canonical_symbol: Callable[[str], str | None],
    symbol: str | None = None,
    vocabulary: Callable[[str], list[str]] | None = None,
    expansion: Expansion | None = None,
) -> Compiled:
    """``lexicon(word)`` says whether ingest produced that word; ``canonical_symbol`` parses SYM;
    ``vocabulary(prefix)`` lists the indexed words starting with ``prefix``.

    ``symbol``: the whole query is this UN symbol or decision; sections citing it (also as a
    draft resolved to it) match and rank first, and so does the decision's own section.
    ``expansion``: the query widened through the termbase; what must match is then the widened
    query, while literal ranking still looks for the query as typed first.
    """
    compiler = _Compiler(lexicon, canonical_symbol, vocabulary or (lambda prefix: []))
    required = compiler.node(expansion.tree if expansion is not None else tree)
    if required is None:
        return Compiled(q.NullQuery, empty=True)
    if symbol is not None:
        cites = q.Term("symbols", symbol, boost=SYMBOL_BOOST)
        drafts = q.Term("drafts_of", symbol, boost=SYMBOL_BOOST)
        itself = q.Term("self_symbol", symbol, boost=SYMBOL_BOOST)
        required = UnionOr([required, cites, drafts, itself])
        compiler.word_boosts.extend([cites, drafts, itself])
        symbol_query = UnionOr([cites, drafts, itself])
    if not _has_text_clause(tree):  # filters or exclusions alone would also match doc records
        required = q.And([SECTIONS, required])
    compiled = Compiled(required.normalize(), compiler.boosts, compiler.word_boosts,
                        compiler.verify)
    if symbol is not None:
        compiled.symbol_query = symbol_query
    alternatives = _alternatives(tree)
    if alternatives:
        compiled.literal_head = _any([_literal(p, "h_words", "h_bi") for p in alternatives])
        compiled.literal_body = _any([_literal(p, "words", "bi") for p in alternatives])
        compiled.literal_constraints = _constraints(tree, compiler)
        if expansion is not None and expansion.variants:
            pieces = [_pieces(fold(v.text)) for v in expansion.variants]
            compiled.variant_head = _any([_literal(p, "h_words", "h_bi") for p in pieces if p])
            compiled.variant_body = _any([_literal(p, "words", "bi") for p in pieces if p])
    return compiled


def _alternatives(tree: AllOf) -> list[list[tuple[str, str]]]:
    """The literal strings whose presence puts a section first, as pieces.

    Words alone: the whole query. One OR group of words (beside filters and exclusions): each
    alternative. Anything else: none, and the search runs unstaged.
    """
    groups = [n for n in tree.nodes if isinstance(n, AnyOf)]
    if not groups:
        pieces = [p for w in positive_words(tree) for p in _pieces(fold(w.text))]
        return [pieces] if pieces else []
    words = [n for n in tree.nodes if isinstance(n, Words)]
    if len(groups) > 1 or words or not all(isinstance(c, Words) for c in groups[0].nodes):
        return []
    found = [_pieces(fold(c.text)) for c in groups[0].nodes]
    return found if all(found) else []


def _any(queries: list[q.Query]) -> q.Query:
    return queries[0] if len(queries) == 1 else UnionOr(queries)


def _constraints(tree: AllOf, compiler: _Compiler) -> list[q.Query] | None:
    """The filters and exclusions of a query made of words, filters and exclusions only."""
    constraints = []
    for node in tree.nodes:
        if isinstance(node, Words | AnyOf):
            continue
        if not isinstance(node, Filter | Not):
            return None
        compiled = compiler.node(node, positive=False)
        if compiled is not None:
            constraints.append(compiled)
    return constraints


def _literal(pieces: list[tuple[str, str]], words_field: str, bi_field: str) -> q.Query:
    """All pieces in order as one phrase per script run (exact for a query in one script)."""
    parts: list[q.Query] = []
    latin: list[str] = []
    for kind, text in [*pieces, ("end", "")]:
        if kind == "latin":
            latin.append(text)
            continue
        if latin:
            parts.append(_phrase_or_term(words_field, latin))
            latin = []
        if kind == "han":
            if len(text) == 1:
                parts.append(q.Prefix(bi_field, text))
            else:
                parts.append(_phrase_or_term(bi_field, _bigrams(text)))
    return q.And(parts) if len(parts) > 1 else parts[0]


def _has_text_clause(tree: AllOf) -> bool:
    """Some word every hit must contain: only section records have text."""
    return any(
        isinstance(node, Words)
        or (isinstance(node, AnyOf) and all(isinstance(c, Words) for c in node.nodes))
        for node in tree.nodes
    )


class _Compiler:
    def __init__(
        self,
        lexicon: Callable[[str], bool],
        canonical_symbol: Callable[[str], str | None],
        vocabulary: Callable[[str], list[str]],
    ) -> None:
        self.lexicon = lexicon
        self.canonical_symbol = canonical_symbol
        self.vocabulary = vocabulary
        self.boosts: list[q.Query] = []
        self.word_boosts: list[q.Query] = []
        self.verify: list[str] = []

    def node(self, node: Node, positive: bool = True) -> q.Query | None:
        if isinstance(node, Words):
            return self.words(node, positive)
        if isinstance(node, Form):
            pieces = _pieces(fold(node.text))
            return _literal(pieces, "words", "bi").normalize() if pieces else None
        if isinstance(node, Filter):
            return self.filter(node)
        if isinstance(node, Not):
            inner = self.node(node.node, positive=False)
            return q.Not(inner) if inner is not None else None
        parts = [p for p in (self.node(child, positive) for child in node.nodes) if p is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        return UnionOr(parts) if isinstance(node, AnyOf) else q.And(parts)

    def filter(self, node: Filter) -> q.Query:
        if node.field == "doc":
            return q.Term("doc_id", node.value)
        if node.field == "year":
            return q.Term("year", node.value)
        symbol = self.canonical_symbol(node.value) or node.value
        return UnionOr([q.Term("symbols", symbol), q.Term("drafts_of", symbol)])

    def words(self, node: Words, positive: bool) -> q.Query | None:
        folded = fold(node.text)
        pieces = _pieces(folded)
        if not pieces:
            return None
        if node.quoted:
            required = _literal(pieces, "words", "bi")
            if positive and len({kind for kind, _ in pieces}) > 1:
                self.verify.append("".join(folded.split()))
        else:
            required = q.And([self.piece_group(group) for group in _latin_groups(pieces)])
        if positive:
            self.add_boosts(pieces)
        return required.normalize()

    def piece_group(self, group: list[tuple[str, str]]) -> q.Query:
        kind, text = group[0]
        if kind == "han":
            return _han(text)
        if len(group) == 1:
            forms = self.inflections(text)
            if len(forms) == 1:
                return q.Term("words", text)
            return UnionOr([q.Term("words", w) for w in forms])
        return _phrase_or_term("words", [t for _, t in group])

    def inflections(self, word: str) -> list[str]:
        """The word and the indexed words sharing its Porter stem (negotiation -> negotiations)."""
        if not word.isalpha():
            return [word]
        target = stem(word)
        prefix = target[: max(3, len(target) - 1)]
        same = [w for w in self.vocabulary(prefix) if w != word and stem(w) == target]
        return [word, *same[:MAX_INFLECTIONS]]

    def add_boosts(self, pieces: list[tuple[str, str]]) -> None:
        latin = [t for k, t in pieces if k == "latin"]
        han = [t for k, t in pieces if k == "han"]
        for run in han:
            if len(run) >= 2:
                self.boosts.append(_phrase_or_term("h_bi", _bigrams(run), HEADING_LITERAL_BOOST))
                self.boosts.append(_phrase_or_term("bi", _bigrams(run), LITERAL_BOOST))
            else:
                self.boosts.append(q.Prefix("h_bi", run, boost=HEADING_LITERAL_BOOST))
            for word in self.segment(run):
                self.word_boosts.append(q.Term("words", word))
                self.word_boosts.append(q.Term("h_words", word))
        if latin:
            self.boosts.append(_phrase_or_term("h_words", latin, HEADING_LITERAL_BOOST))
            self.boosts.append(_phrase_or_term("words", latin, LITERAL_BOOST))

    def segment(self, run: str) -> list[str]:
        """Split a Han run into words ingest produced: fewest words, longest first.

        Using the index's own vocabulary keeps query words consistent with indexed words and
        spares every search the cost of loading a segmentation dictionary.
        """
        n = len(run)
        best: list[list[str] | None] = [None] * (n + 1)
        best[0] = []
        for end in range(1, n + 1):
            for start in range(max(0, end - MAX_WORD_LENGTH), end):
                prefix = best[start]
                word = run[start:end]
                if prefix is None or (len(word) > 1 and not self.lexicon(word)):
                    continue
                candidate = [*prefix, word]
                current = best[end]
                if current is None or len(candidate) < len(current):
                    best[end] = candidate
        return [w for w in (best[n] or []) if len(w) > 1 or self.lexicon(w)]


def _pieces(folded: str) -> list[tuple[str, str]]:
    """("latin", token) and ("han", run) pieces, in order."""
    return [
        ("latin" if m.group()[0] < "\u0080" else "han", m.group())
        for m in TOKEN_RE.finditer(folded)
    ]


def _latin_groups(pieces: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Han runs alone; adjacent Latin tokens together.

    Inside one whitespace-free query word, Latin tokens are glued by punctuation ('hcfc-22',
    'l.19') and must stay adjacent.
    """
    groups: list[list[tuple[str, str]]] = []
    for kind, text in pieces:
        if kind == "latin" and groups and groups[-1][-1][0] == "latin":
            groups[-1].append((kind, text))
        else:
            groups.append([(kind, text)])
    return groups


def _han(run: str) -> q.Query:
    if len(run) == 1:
        return q.Prefix("bi", run)
    grams = _bigrams(run)
    return _phrase_or_term("bi", grams)


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _phrase_or_term(fieldname: str, words: list[str], boost: float = 1.0) -> q.Query:
    if len(words) == 1:
        return q.Term(fieldname, words[0], boost=boost)
    return ExactPhrase(fieldname, words, boost=boost)
