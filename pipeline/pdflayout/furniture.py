"""Running heads, running feet and page numbers: lines that repeat near the page edges.

A line is page furniture when the same text, digits aside, sits at the same distance from the
top or bottom edge (of its own text direction's frame) on several pages. Nothing here knows
what a header says: ``- 3 -``, ``第 3 頁``, ``Page 3 of 20``, a report title or a document
symbol are all found by repetition and position alone. Odd and even pages may carry different
heads; a head wrapped over two lines, or broken into pieces on a landscape page, is recognised
from its pieces joined.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from pipeline.pdflayout.lines import Line

# How far from the page edge furniture may sit, as a fraction of the page height.
_BAND = 0.18
# At most this many lines at each edge of a page are looked at.
_EDGE_LINES = 4
_MIN_PAGES = 3
_SAME_SIZE = 1.3  # sizes within this ratio of each other are one running head's
_DIGITS = re.compile(r"[0-9\uff10-\uff19]+")
_ROMAN = re.compile(r"^(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$")
_SPACE = re.compile(r"\s+")


def furniture_key(text: str) -> str:
    """The text as it repeats from page to page: no spaces, lower case, numbers as '#'."""
    key = _SPACE.sub("", text).lower()
    if _ROMAN.match(key):
        return "#"
    return _DIGITS.sub("#", key)


def find_furniture(pages: list[list[Line]]) -> set[int]:
    """Ids (``id(line)``) of the lines that are running heads, feet or page numbers.

    An edge line is furniture when, at about the same distance from the edge, the same text
    stands on several pages, or the same text but for a number that goes up with the page
    number (``- 3 -``, ``Page 3 of 20``). Headings that open pages ("Decision 21/CP.8",
    "Decision 22/CP.8") repeat in form too, but their numbers do not follow the pages.
    """
    pages_with_text = sum(1 for lines in pages if lines)
    needed = _MIN_PAGES if pages_with_text > 4 else 2
    slots: dict[str, list[_Seen]] = defaultdict(list)
    for page_index, lines in enumerate(pages):
        edge = _edge_lines(lines)
        groups = _groups([line for line in edge if line.cell is None]) + _table_rows(edge, lines)
        for group in groups:
            for text in _texts(group):
                seen = _Seen(page_index, group[0].edge_distance(), group[0].size, text, group)
                slots[furniture_key(text)].append(seen)
    found: set[int] = set()
    for seen in slots.values():
        for cluster in (part for near in _clusters(seen) for part in _by_size(near)):
            for item in _running(cluster, needed):
                found.update(id(line) for line in item.lines)
    return found


@dataclass(slots=True)
class _Seen:
    page: int  # index
    distance: float  # from the nearer edge
    size: float
    text: str  # without spaces, lower case
    lines: list[Line]

    def numbers(self) -> list[int]:
        if _ROMAN.match(self.text):
            return [_roman(self.text)]
        return [int(n) for n in _DIGITS.findall(unicodedata.normalize("NFKC", self.text))]


def _texts(group: list[Line]) -> set[str]:
    """A group's text, read in either order (a sideways head may stack its lines reversed)."""
    return {_SPACE.sub("", "".join(line.text for line in order)).lower()
            for order in (group, group[::-1])}  # fmt: skip


def _clusters(seen: list[_Seen]) -> list[list[_Seen]]:
    """Occurrences grouped by their distance from the edge."""
    ordered = sorted(seen, key=lambda item: item.distance)
    clusters: list[list[_Seen]] = []
    for item in ordered:
        tolerance = max(6.0, 1.5 * item.size)
        if clusters and item.distance - clusters[-1][0].distance <= tolerance:
            clusters[-1].append(item)
        else:
            clusters.append([item])
    return clusters


def _by_size(cluster: list[_Seen]) -> list[list[_Seen]]:
    """Occurrences set in about the same size: a report's title on its first page, far larger
    than the running head that repeats it, is no running head."""
    ordered = sorted(cluster, key=lambda item: item.size)
    parts: list[list[_Seen]] = []
    for item in ordered:
        if parts and item.size <= _SAME_SIZE * parts[-1][-1].size:
            parts[-1].append(item)
        else:
            parts.append([item])
    return parts


def _running(cluster: list[_Seen], needed: int) -> list[_Seen]:
    """The occurrences that repeat: the same text, or a number following the page."""
    pages_by_text: dict[str, set[int]] = defaultdict(set)
    for item in cluster:
        pages_by_text[item.text].add(item.page)
    running = [item for item in cluster if len(pages_by_text[item.text]) >= needed]
    offsets: dict[tuple[int, int], set[int]] = defaultdict(set)
    numbered = [(item, item.numbers()) for item in cluster]
    for item, numbers in numbered:
        for position, number in enumerate(numbers):
            offsets[(position, number - item.page)].add(item.page)
    tracking = {slot for slot, pages in offsets.items() if len(pages) >= needed}
    for item, numbers in numbered:
        if any((position, n - item.page) in tracking for position, n in enumerate(numbers)):
            running.append(item)
    return running


def _roman(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = previous = 0
    for char in reversed(text):
        value = values[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total


def _edge_lines(lines: list[Line]) -> list[Line]:
    """The few lines nearest the top and the bottom edge, in the band, per text direction."""
    chosen: dict[int, Line] = {}
    by_quarter: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_quarter[line.quarter].append(line)
    for group in by_quarter.values():
        ordered = sorted(group, key=lambda line: -line.y1)
        for line in ordered[:_EDGE_LINES] + ordered[-_EDGE_LINES:]:
            if line.edge_distance() <= _BAND * line.frame_height:
                chosen[id(line)] = line
    return sorted(chosen.values(), key=lambda line: (line.quarter, -line.y1, line.x0))


def _table_rows(edge: list[Line], lines: list[Line]) -> list[list[Line]]:
    """The whole row of each table cell among the edge lines: a cell alone ("Any comment:")
    repeats wherever the same table does, a head set as a table repeats row and all."""
    rows: dict[tuple, list[Line]] = {}
    wanted = {(line.quarter, line.cell.table, line.cell.top) for line in edge if line.cell}
    for line in lines:
        if line.cell is not None:
            key = (line.quarter, line.cell.table, line.cell.top)
            if key in wanted:
                rows.setdefault(key, []).append(line)
    return [sorted(row, key=lambda line: (line.cell.column, -line.y1)) for row in rows.values()]


def _groups(candidates: list[Line]) -> list[list[Line]]:
    """Each edge line alone, and each pair of lines stacked right above each other or side by
    side (a head wrapped, or broken into pieces)."""
    groups = [[line] for line in candidates]
    for upper, lower in zip(candidates, candidates[1:], strict=False):
        if upper.quarter != lower.quarter:
            continue
        pitch = upper.y0 - lower.y0
        if 0 <= pitch <= 1.8 * max(upper.size, lower.size):
            groups.append([upper, lower])
    return groups


