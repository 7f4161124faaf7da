"""A UN document's masthead on its first page: its own symbol, its date and its title.

The masthead sets the symbol alone on a line at the top right of page 1; later pages repeat it
as a running head. The masthead wins: a running head that disagrees (a stale draft number) is
used only when page 1 has no masthead symbol. Around the symbol stand the masthead's labels
("UNITED NATIONS", "Distr. GENERAL", the date, "Original: ENGLISH"); the lines below them, up
to the contents or the first numbered paragraph, are the document's title, read as in a
plain-text UN document (``pipeline.readers.unmasthead``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipeline.dates import prepare, single_dates
from pipeline.pdflayout.aligned import line_pieces
from pipeline.pdflayout.lines import Line
from pipeline.readers.unmasthead import masthead_date, title_from_lines
from pipeline.symbols import canonicalize, symbol_kind

_MASTHEAD_DEPTH = 0.3  # the top part of page 1 the masthead lies in
_RIGHT_HALF = 0.4
# A gap this wide (in line heights) sets the symbol apart from what stands left of it on its line.
_CELL_GAP = 1.5
_LABEL_REACH = 6  # how far (in line heights) below the symbol the masthead's labels reach
_LANGUAGE = r"(?:english|french|spanish|russian|arabic|chinese|anglais|français|español)"
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b,?", re.IGNORECASE)
_LABEL = re.compile(
    rf"""^(?:united\s+nations|nations\s+unies|naciones\s+unidas|联合国|聯合國
    |framework\s+convention\s+on\s+climate\s+change|convention-cadre\b.*
    |distr\.?(?:\s*:?\s*(?:general|limited|restricted))?|general|limited|restricted
    |original\s*:.*|{_LANGUAGE}(?:\s*(?:/|,|and)\s*{_LANGUAGE})*(?:\s+only)?
    |advance\s+(?:unedited\s+)?version|ge\.\d\d-\d+.*|\*\d+\*
    |\d{{1,2}}\s+[a-z]+\s+\d{{4}})$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Masthead:
    symbol: str  # canonical
    title: str  # "" when no title lines follow the labels
    date: str  # ISO, or ""


def document_symbol(first_page: list[Line], running_heads: list[Line]) -> str:
    """The canonical symbol the document names as its own, or ""."""
    found = masthead(first_page)
    if found is not None:
        return found.symbol
    counts = Counter(symbol for line in running_heads if (symbol := _own_symbol(line.text)))
    if counts:
        symbol, seen = counts.most_common(1)[0]
        if seen >= 2:
            return symbol
    return ""


def masthead(first_page: list[Line]) -> Masthead | None:
    """The masthead of page 1 (its lines in reading order, page furniture removed), if the
    page has one."""
    top = sorted(
        (
            line
            for line in first_page
            if line.frame_height - line.y1 <= _MASTHEAD_DEPTH * line.frame_height
            and line.x1 >= _RIGHT_HALF * line.frame_width
        ),
        key=lambda line: -line.y1,
    )
    for line in top:
        symbol = _own_symbol(_right_cell(line))
        if symbol:
            return Masthead(symbol, _title(first_page, line), _date(first_page, line))
    return None


def dated_apart(first_page: list[Line]) -> str:
    """The ISO date standing apart, on a line of its own pieces, at the top of page 1 (a
    bulletin's masthead: "Online at …   Vol. 12 No. 354   Monday, 17 December 2007"), or ""."""
    for line in first_page:
        if line.frame_height - line.y1 > _MASTHEAD_DEPTH * line.frame_height:
            continue
        pieces = line_pieces(line, _CELL_GAP)
        for _, piece in pieces if len(pieces) >= 2 else ():
            plain = prepare(_WEEKDAY.sub(" ", piece))
            found = single_dates(plain)
            if len(found) == 1 and len(found[0].iso) == 10:
                rest = plain[: found[0].start] + plain[found[0].end :]
                if not any(char.isalnum() for char in rest):
                    return found[0].iso
    return ""


def _right_cell(line: Line) -> str:
    """The text of the line in the right part of the page: the whole line when it starts
    there, else its last piece set apart when that starts there (the masthead's "United
    Nations" and the symbol, on one baseline, are read as one line)."""
    if line.x0 >= _RIGHT_HALF * line.frame_width:
        return line.text
    start, text = line_pieces(line, _CELL_GAP)[-1]
    return text if start >= _RIGHT_HALF * line.frame_width else ""


def _title(lines: list[Line], symbol_line: Line) -> str:
    """The title lines: below the masthead's top, not its labels."""
    below = [
        line.text
        for line in lines
        if line is not symbol_line
        and line.quarter == symbol_line.quarter
        and line.y1 <= symbol_line.y1
        and not _label(line, symbol_line)
        and not _own_symbol(_right_cell(line))
    ]
    return title_from_lines(below)


def _label(line: Line, symbol_line: Line) -> bool:
    """Whether the line is one of the masthead's labels: by its wording, beside the symbol or
    right under it (a title line further down may read like a date: "13 November 2021")."""
    if not _LABEL.match(" ".join(line.text.split())):
        return False
    near = symbol_line.y1 - line.y1 <= _LABEL_REACH * symbol_line.size
    return near or line.x0 >= _RIGHT_HALF * line.frame_width


def _date(lines: list[Line], symbol_line: Line) -> str:
    """The date among the masthead's labels, near the symbol."""
    for line in lines:
        if line.quarter == symbol_line.quarter and _LABEL.match(" ".join(line.text.split())):
            if abs(line.y1 - symbol_line.y1) <= _LABEL_REACH * symbol_line.size and (
                date := masthead_date(line.text)
            ):
                return date
    return ""


def _own_symbol(text: str) -> str:
    """The document symbol a line consists of, or ""."""
    if "/" not in text or len(text) > 80:
        return ""
    symbol = canonicalize(text)
    if symbol is None or symbol_kind(symbol) != "document":
        return ""
    return symbol
