"""The query language, parsed into a small syntax tree (no whoosh here).

    調適基金                 words: every word must match (implicit AND)
    "joint implementation"   a quoted phrase: only sections containing it
    CDM OR 清潔發展機制       either side (OR binds tighter than the implicit AND)
    -HFC  /  NOT HFC         exclude
    =調適基金                exactly as typed: no termbase expansion for this word
    doc:ID  year:2007  symbol:FCCC/SBSTA/2007/L.19   filters

Malformed input never fails: an unbalanced quote runs to the end of the query, a lone operator is
searched as a word, punctuation that matches nothing is dropped.
"""

from __future__ import annotations

import re
from typing import NamedTuple

FILTER_FIELDS = ("doc", "year", "symbol")


# NamedTuples rather than dataclasses: building a dataclass compiles its methods at import time,
# and every `search` process imports this module.
class Words(NamedTuple):
    text: str
    quoted: bool = False
    exact: bool = False  # typed with a leading "=": never expanded through the termbase


class Form(NamedTuple):
    """Another form of a concept the query names (``pipeline.termbase``), matched exactly:
    a Chinese form as a substring, an English one as a phrase (a form put into a longer word:
    each script's run of it so)."""

    text: str  # what to match
    label: str  # the form as the termbase writes it
    cased: bool = False  # an ambiguous abbreviation: it counts only written in capitals


class Filter(NamedTuple):
    field: str
    value: str


class Not(NamedTuple):
    node: Node


class AnyOf(NamedTuple):
    nodes: tuple[Node, ...]


class AllOf(NamedTuple):
    nodes: tuple[Node, ...]


Node = Words | Form | Filter | Not | AnyOf | AllOf

_TOKEN = re.compile(
    r'(?P<neg>-)?(?P<exact>=(?=\S))?(?:(?P<field>[A-Za-z]+):(?P<fvalue>"[^"]*"?|\S+)|"(?P<phrase>[^"]*)"?|(?P<word>\S+))'
)


def parse(query: str) -> AllOf:
    """Parse ``query`` into an AllOf of units; never raises."""
    units: list[Node] = []
    pending_or = False
    pending_not = False
    pending_and = False  # AND only joins two units: alone, first or last it is a word
    for match in _TOKEN.finditer(query.replace("\u201c", '"').replace("\u201d", '"')):
        word = match.group("word")
        if word in ("OR", "|") and units and not pending_or:
            pending_or = True
            continue
        if word in ("AND", "&&") and units and not pending_or and not pending_not:
            pending_and = True
            continue
        if word == "NOT" and not pending_not:
            pending_not = True
            continue
        node = _unit(match)
        if node is None:
            continue
        if pending_not:
            node = Not(node)
            pending_not = False
        if pending_or and units:
            previous = units.pop()
            left = previous.nodes if isinstance(previous, AnyOf) else (previous,)
            node = AnyOf((*left, node))
        pending_or = pending_and = False
        units.append(node)
    if pending_or:
        units.append(Words("OR"))
    if pending_not:
        units.append(Words("NOT"))
    if pending_and:
        units.append(Words("AND"))
    return AllOf(tuple(units))


def _unit(match: re.Match[str]) -> Node | None:
    negate = match.group("neg") is not None
    exact = match.group("exact") is not None
    node: Node | None
    if match.group("field") is not None:
        field = match.group("field").lower()
        value = match.group("fvalue").strip('"')
        if field in FILTER_FIELDS and value:
            node = Filter(field, value)
        else:
            node = Words(match.group(0).lstrip("-") if negate else match.group(0))
            negate = False
    elif match.group("phrase") is not None:
        text = match.group("phrase").strip()
        node = Words(text, quoted=True, exact=exact) if text else None
    else:
        word = match.group("word")
        if negate and not word:
            return None
        node = Words(word, exact=exact)
    if node is None:
        return None
    return Not(node) if negate else node


def positive_words(node: Node) -> list[Words]:
    """The words a hit is expected to contain (for highlighting and literal ranking)."""
    if isinstance(node, Words):
        return [node]
    if isinstance(node, AnyOf | AllOf):
        return [w for child in node.nodes for w in positive_words(child)]
    return []

