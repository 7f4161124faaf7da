"""Tables of contents and cover pages.

A contents entry is a line ending in a page number after a leader (dots, ellipses, middle dots)
or after a wide gap, in a run of such lines. Entries, and the lines between the first and the
last entry of a run (wrapped entries, group titles, column labels), are dropped: the headings
they repeat are in the body. The few short lines right above a run (its title, column labels)
stay as text but may not become headings.

A cover is a first page with little text before a page with much more; its lines stay as text
but may not become headings either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.pdflayout.lines import Line

_LEADER = re.compile(r"(?:[.·•…‥⋯_．。-]\s?){3,}\s*(\d{1,4}|[ivxlcIVXLC]{1,6})\s*$|[…⋯]{2,}\s*(\d{1,4})\s*$")
_TRAILING_NUMBER = re.compile(r"\s(\d{1,3}|[ivxlcIVXLC]{1,6})$")
_MIN_ENTRIES = 3
_PREAMBLE_LINES = 4
_PREAMBLE_CHARS = 80
_COVER_SHARE = 0.25


@dataclass(slots=True)
class ContentsMarks:
    dropped: set[int]  # ids of lines removed
    not_headings: set[int]  # ids of lines kept as text that may not become headings


def find_contents(lines: list[Line]) -> ContentsMarks:
    """Mark contents entries in the document's lines (reading order, furniture removed)."""
    entries = [i for i, line in enumerate(lines) if _is_entry(line, lines, i)]
    marks = ContentsMarks(set(), set())
    for run in _runs(entries, lines):
        if len(run) < _MIN_ENTRIES:
            continue
        if not all(_LEADER.search(lines[i].text) for i in run) and not _ascending(lines, run):
            continue  # numbers at the right of a table, not page numbers
        first, last = run[0], run[-1]
        marks.dropped.update(id(line) for line in lines[first : last + 1])
        for line in _wrapped_before(lines, first):
            marks.dropped.add(id(line))
        for line in _preamble(lines, first):
            marks.not_headings.add(id(line))
    return marks


def _is_entry(line: Line, lines: list[Line], index: int) -> bool:
    if _LEADER.search(line.text):
        return True
    match = _TRAILING_NUMBER.search(line.text)
    if match is None or len(line.text) < 4:
        return False
    # Without a leader: the number stands well apart, at the right edge, like its neighbours'.
    last_glyphs = line.glyphs[-len(match.group(1)) :]
    gap_start = line.glyphs[-len(match.group(1)) - 1].x1 if len(line.glyphs) > len(
        match.group(1)
    ) else line.x0
    if last_glyphs[0].x0 - gap_start < 3 * line.size:
        return False
    neighbours = [other for other in lines[max(0, index - 2) : index + 3] if other is not line]
    return any(
        abs(other.x1 - line.x1) < line.size and _TRAILING_NUMBER.search(other.text)
        for other in neighbours
        if other.page == line.page
    )


def _ascending(lines: list[Line], run: list[int]) -> bool:
    numbers = []
    for index in run:
        match = _TRAILING_NUMBER.search(lines[index].text) or _LEADER.search(lines[index].text)
        value = match.group(1) if match else None
        if value and value.isdigit():
            numbers.append(int(value))
    return len(numbers) >= _MIN_ENTRIES and numbers == sorted(numbers)


def _runs(entries: list[int], lines: list[Line]) -> list[list[int]]:
    """Entries close together: few lines between them, on the same or the next page."""
    runs: list[list[int]] = []
    for index in entries:
        if runs:
            previous = runs[-1][-1]
            close = index - previous <= 6 and lines[index].page - lines[previous].page <= 1
            if close:
                runs[-1].append(index)
                continue
        runs.append([index])
    return runs


def _wrapped_before(lines: list[Line], first: int) -> list[Line]:
    """The lines of the first entry that wrapped before its page number."""
    wrapped: list[Line] = []
    below = lines[first]
    for index in range(first - 1, max(-1, first - _PREAMBLE_LINES - 1), -1):
        line = lines[index]
        pitch = line.y0 - below.y0
        if line.page != below.page or not 0 < pitch <= 1.6 * max(line.size, below.size):
            break
        if line.x0 > below.x0 + line.size:  # indented above: not the same entry
            break
        wrapped.append(line)
        below = line
    return wrapped


def _preamble(lines: list[Line], first: int) -> list[Line]:
    page = lines[first].page
    found: list[Line] = []
    for index in range(first - 1, max(-1, first - _PREAMBLE_LINES * 2), -1):
        line = lines[index]
        if line.page != page or len(found) >= _PREAMBLE_LINES:
            break
        if len(line.text) <= _PREAMBLE_CHARS:
            found.append(line)
    return found


def cover_page(pages: list[list[Line]]) -> int | None:
    """The index of a cover page (the first page, nearly empty, before fuller pages)."""
    counts = [sum(len(line.text) for line in lines) for lines in pages]
    if len(counts) < 3 or not counts[0]:
        return None
    fuller = sorted(counts[1:])[len(counts[1:]) // 2]
    return 0 if counts[0] < _COVER_SHARE * fuller else None
