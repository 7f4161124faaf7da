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
from collections import defaultdict

from pipeline.pdflayout.lines import Line

# How far from the page edge furniture may sit, as a fraction of the page height.
_BAND = 0.18
# At most this many lines at each edge of a page are looked at.
_EDGE_LINES = 4
_MIN_PAGES = 3
_DIGITS = re.compile(r"[0-9\uff10-\uff19]+")
_ROMAN = re.compile(r"^[ivxlc]+$")
_SPACE = re.compile(r"\s+")


def furniture_key(text: str) -> str:
    """The text as it repeats from page to page: no spaces, lower case, numbers as '#'."""
    key = _SPACE.sub("", text).lower()
    if _ROMAN.match(key):
        return "#"
    return _DIGITS.sub("#", key)


def find_furniture(pages: list[list[Line]]) -> set[int]:
    """Ids (``id(line)``) of the lines that are running heads, feet or page numbers."""
    edges = [_edge_lines(lines) for lines in pages]
    pages_with_text = sum(1 for lines in pages if lines)
    needed = _MIN_PAGES if pages_with_text > 4 else 2
    slots: dict[str, list[tuple[int, float, float]]] = defaultdict(list)
    for page_index, candidates in enumerate(edges):
        for group in _groups(candidates):
            for key in _keys(group):
                slots[key].append((page_index, group[0].edge_distance(), group[0].size))
    running = {key for key, seen in slots.items() if _repeats(seen, needed)}
    found: set[int] = set()
    for candidates in edges:
        for group in _groups(candidates):
            if any(key in running for key in _keys(group)):
                found.update(id(line) for line in group)
    return found


def _keys(group: list[Line]) -> set[str]:
    """A group's key, read in either order (a sideways head may stack its lines reversed)."""
    return {furniture_key("".join(line.text for line in order)) for order in (group, group[::-1])}


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


def _repeats(seen: list[tuple[int, float, float]], needed: int) -> bool:
    """On enough pages at about the same distance from an edge."""
    pages_at: list[tuple[float, int, float]] = sorted((d, p, s) for p, d, s in seen)
    start = 0
    for end in range(len(pages_at)):
        tolerance = max(6.0, 1.5 * pages_at[end][2])
        while pages_at[end][0] - pages_at[start][0] > tolerance:
            start += 1
        if len({page for _, page, _ in pages_at[start : end + 1]}) >= needed:
            return True
    return False
