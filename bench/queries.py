"""The fixed query set, and the literal-match rule that defines the ground truth for every peer.

Ground truth is computed per *unit*: one non-blank line of a source file (what grep reports, and
the paragraph the line-based peers index). A unit matches a query when, after copdocs' own folding
(``pipeline.normalize.fold``: NFKC, ㄧ→一, lower case, Traditional→Simplified per character) and
with every whitespace run squeezed to one space, it contains

- for a "quoted phrase": the phrase;
- otherwise: every whitespace-separated word of the query (in any order).

A word or phrase that begins (ends) with an ASCII letter or digit must not be glued to another
ASCII letter or digit on that side: ``1/CP.13`` does not match ``11/CP.13`` and ``GEF`` does not
match ``GEFs``. Han text has no word boundaries, so Chinese terms match as plain substrings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.normalize import fold

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Query:
    text: str  # exactly as typed on the command line
    kind: str  # "zh", "en" or "symbol"

    @property
    def quoted(self) -> bool:
        return len(self.text) > 1 and self.text[0] == self.text[-1] == '"'

    @property
    def terms(self) -> tuple[str, ...]:
        """What must all be present: the phrase when quoted, else the words."""
        if self.quoted:
            return (self.text[1:-1],)
        return tuple(self.text.split())

    @property
    def needles(self) -> tuple[str, ...]:
        return tuple(squeeze(fold(term)) for term in self.terms)


def _zh(*texts: str) -> tuple[Query, ...]:
    return tuple(Query(t, "zh") for t in texts)


def _en(*texts: str) -> tuple[Query, ...]:
    return tuple(Query(t, "en") for t in texts)


def _sym(*texts: str) -> tuple[Query, ...]:
    return tuple(Query(t, "symbol") for t in texts)


QUERIES: tuple[Query, ...] = (
    *_zh(
        "調適基金",
        "调适基金",  # Simplified: must find the Traditional text
        "締約國",
        "峇里島",
        "碳",  # one character
        "毀林",  # two characters
        "清潔發展機制",
        "國際交易日誌",
        "京都議定書",
        "技術移轉",
        "IPCC 第四次評估報告",
    ),
    *_en(
        "adaptation fund",
        '"joint implementation"',
        "international transaction log",
        "capacity-building",
        "HCFC-22",
        "Bali roadmap",
        '"technology transfer"',
        "Nairobi work programme",
        "REDD+",
        "GEF",
        "CO2",
        "AWG-KP",
    ),
    *_sym(
        "FCCC/SBSTA/2007/L.19",
        "FCCC/SBI/2007/L.21",
        "FCCC/KP/CMP/2007/5",
        "1/CP.13",
        "1/CP.21",
        "decision 1/CP.13",
        "Article 3.9",
    ),
)


def squeeze(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _glued(char: str) -> bool:
    return char.isascii() and char.isalnum()


def contains(unit: str, needle: str) -> bool:
    """``needle`` occurs in ``unit`` (both folded and squeezed) under the boundary rule."""
    check_start = _glued(needle[0])
    check_end = _glued(needle[-1])
    start = unit.find(needle)
    while start != -1:
        end = start + len(needle)
        if not (check_start and start > 0 and _glued(unit[start - 1])) and not (
            check_end and end < len(unit) and _glued(unit[end])
        ):
            return True
        start = unit.find(needle, start + 1)
    return False


def matches(unit: str, needles: tuple[str, ...]) -> bool:
    return all(contains(unit, needle) for needle in needles)


def shortest_term(query: Query) -> int:
    return min(len(term) for term in query.terms)
