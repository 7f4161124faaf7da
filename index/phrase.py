"""Exact phrases (consecutive positions) with a fast adjacency check.

whoosh evaluates a phrase as a span query: for every document holding all its terms it builds a
span object per position and joins them pairwise in Python. An exact phrase only needs each
term's positions shifted by its place in the phrase to meet, which set intersection does at C
speed. Scores, matching documents and every other behaviour stay whoosh's.
"""

from __future__ import annotations

from whoosh import matching
from whoosh import query as q
from whoosh.query.spans import Span, SpanNear2


class ExactPhrase(q.Phrase):
    """``Phrase`` with slop 1 (the terms at consecutive positions), matched by set intersection."""

    def matcher(self, searcher, context=None):
        if self.slop != 1:
            return super().matcher(searcher, context)
        fieldname = self.fieldname
        if fieldname not in searcher.schema:
            return matching.NullMatcher()
        field = searcher.schema[fieldname]
        if not field.format or not field.format.supports("positions"):
            raise q.QueryError(f"Phrase search: {fieldname!r} field has no positions")
        reader = searcher.reader()
        terms = []
        for word in self.words:
            try:
                word = field.to_bytes(word)
            except ValueError:
                return matching.NullMatcher()
            if (fieldname, word) not in reader:  # a word the field lacks: nothing matches
                return matching.NullMatcher()
            terms.append(q.Term(fieldname, word))
        found = AdjacentMatcher([term.matcher(searcher, context) for term in terms])
        if self.boost != 1.0:
            found = matching.WrappingMatcher(found, boost=self.boost)
        return found


class AdjacentMatcher(SpanNear2.SpanNear2Matcher):
    """Documents where the term matchers' positions follow one another."""

    def __init__(self, ms) -> None:
        super().__init__(ms, slop=1, ordered=True, mindist=1)

    def copy(self):
        return self.__class__([m.copy() for m in self.ms])

    def _get_spans(self):
        ms = self.ms
        starts = set(ms[0].value_as("positions"))
        for offset, m in enumerate(ms[1:], start=1):
            if not starts:
                break
            starts.intersection_update([pos - offset for pos in m.value_as("positions")])
        last = len(ms) - 1
        return [Span(start, start + last) for start in sorted(starts)]
