"""Tables of contents and cover pages.

A contents entry is a line ending in a page number after a leader (dots, ellipses, middle dots;
perhaps with the entry's paragraphs before its page, as UN documents list them) or after a wide
gap, in a run of such lines. Entries, and the lines between the first and the
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

# A leader, then the entry's page, perhaps after its paragraphs (a UN contents: "… 20–30  9").
_PARAGRAPHS = r"(?:\d{1,4}(?:\s*[-–]\s*\d{1,4})?\s+)?"
_LEADER = re.compile(
    rf"(?:[.·•…‥⋯_．。-]\s?){{3,}}\s*{_PARAGRAPHS}(\d{{1,4}}|[ivxlcIVXLC]{{1,6}})\s*$"
    r"|[…⋯]{2,}\s*(\d{1,4})\s*$"
)
_TRAILING_NUMBER = re.compile(r"\s(\d{1,3}|[ivxlcIVXLC]{1,6})$")
_MIN_ENTRIES = 3
_PREAMBLE_LINES = 4
_PREAMBLE_CHARS = 80
_COVER_SHARE = 0.25
_WRAP_SLACK = 1.25  # an entry's lines lie at most this many of the contents' line pitches apart
_SAME_SIZE = 0.12


@dataclass(slots=True)
class ContentsMarks:
    dropped: set[int]  # ids of lines removed
    not_headings: set[int]  # ids of lines kept as text that may not become headings


@dataclass(slots=True)
class _Row:
    """Lines side by side on one baseline (an entry's title, leader and page number)."""

    lines: list[Line]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    @property
    def first(self) -> Line:
        return self.lines[0]


def find_contents(lines: list[Line]) -> ContentsMarks:
    """Mark contents entries in the document's lines (reading order, furniture removed)."""
    rows = _rows(lines)
    entries = [i for i, row in enumerate(rows) if _is_entry(row, rows, i)]
    marks = ContentsMarks(set(), set())
    for run in _runs(entries, rows):
        if len(run) < _MIN_ENTRIES:
            continue
        if not all(_LEADER.search(rows[i].text) for i in run) and not _ascending(rows, run):
            continue  # numbers at the right of a table, not page numbers
        first, last = run[0], run[-1]
        wrapped = _wrapped_before(rows, first, last)
        dropped = rows[first : last + 1] + wrapped
        marks.dropped.update(id(line) for row in dropped for line in row.lines)
        for row in _preamble(rows, first - len(wrapped)):
            marks.not_headings.update(id(line) for line in row.lines)
    return marks


def _rows(lines: list[Line]) -> list[_Row]:
    rows: list[_Row] = []
    for line in lines:
        if rows:
            last = rows[-1].lines[-1]
            same_band = (
                last.page == line.page
                and last.quarter == line.quarter
                and min(last.y1, line.y1) - max(last.y0, line.y0)
                >= 0.5 * min(last.y1 - last.y0, line.y1 - line.y0)
                and line.x0 >= last.x1 - 0.5 * line.size
            )
            if same_band:
                rows[-1].lines.append(line)
                continue
        rows.append(_Row([line]))
    return rows


def _is_entry(row: _Row, rows: list[_Row], index: int) -> bool:
    if any(line.cell is not None for line in row.lines):
        return False  # a ruled table's row: a number in its last cell is no page number
    text = row.text
    last_char = text.rstrip()[-1:]
    if not (last_char.isdecimal() or (last_char and last_char in "ivxlcIVXLC")):
        return False  # no page number at its end, as both patterns need
    if _LEADER.search(text):
        return True
    match = _TRAILING_NUMBER.search(text)
    if match is None or len(text) < 4:
        return False
    # Without a leader: the number stands well apart, at the right edge, like its neighbours'.
    last = row.lines[-1]
    number = match.group(1)
    if last.text == number and len(row.lines) >= 2:
        gap = last.x0 - row.lines[-2].x1
    elif len(last.spans) >= 2 and last.spans[-1].text.strip() == number:
        gap = last.spans[-1].x0 - last.spans[-2].x1
    else:
        return False
    if gap < 3 * last.size:
        return False
    neighbours = [other for other in rows[max(0, index - 2) : index + 3] if other is not row]
    return any(
        abs(other.lines[-1].x1 - last.x1) < last.size and _TRAILING_NUMBER.search(other.text)
        for other in neighbours
        if other.first.page == row.first.page
    )


def _ascending(rows: list[_Row], run: list[int]) -> bool:
    numbers = []
    for index in run:
        match = _TRAILING_NUMBER.search(rows[index].text) or _LEADER.search(rows[index].text)
        value = match.group(1) if match else None
        if value and value.isdigit():
            numbers.append(int(value))
    return len(numbers) >= _MIN_ENTRIES and numbers == sorted(numbers)


def _runs(entries: list[int], rows: list[_Row]) -> list[list[int]]:
    """Entries close together: few rows between them, on the same or the next page."""
    runs: list[list[int]] = []
    for index in entries:
        if runs:
            previous = runs[-1][-1]
            pages_apart = rows[index].first.page - rows[previous].first.page
            close = index - previous <= 6 and pages_apart <= 1
            if close:
                runs[-1].append(index)
                continue
        runs.append([index])
    return runs


def _wrapped_before(rows: list[_Row], first: int, last: int) -> list[_Row]:
    """The rows of the first entry that wrapped before its page number: set like it, each one
    line pitch of the contents above the next (a title or column labels set apart are not)."""
    wrapped: list[_Row] = []
    below = rows[first].first
    step = _line_pitch(rows[first : last + 1])
    for index in range(first - 1, max(-1, first - _PREAMBLE_LINES - 1), -1):
        line = rows[index].first
        pitch = line.y0 - below.y0
        reach = 1.6 * max(line.size, below.size)
        if step is not None:
            reach = min(reach, _WRAP_SLACK * step)
        if line.page != below.page or not 0 < pitch <= reach:
            break
        if abs(line.size - below.size) > _SAME_SIZE * max(line.size, below.size):
            break
        if line.x0 > below.x0 + line.size or line.cell is not None:  # not the same entry
            break
        wrapped.append(rows[index])
        below = line
    return wrapped


def _line_pitch(rows: list[_Row]) -> float | None:
    """The smallest distance between successive rows on one page."""
    steps = [
        upper.first.y0 - lower.first.y0
        for upper, lower in zip(rows, rows[1:], strict=False)
        if upper.first.page == lower.first.page and upper.first.y0 > lower.first.y0
    ]
    return min(steps) if steps else None


def _preamble(rows: list[_Row], first: int) -> list[_Row]:
    """Short rows right above the contents (its title, column labels) on the same page."""
    page = rows[first].first.page if first < len(rows) else None
    found: list[_Row] = []
    for index in range(first - 1, max(-1, first - _PREAMBLE_LINES * 2), -1):
        row = rows[index]
        if row.first.page != page or len(found) >= _PREAMBLE_LINES:
            break
        if len(row.text) <= _PREAMBLE_CHARS:
            found.append(row)
    return found


def cover_page(pages: list[list[Line]]) -> int | None:
    """The index of a cover page (the first page, nearly empty, before fuller pages)."""
    counts = [sum(len(line.text) for line in lines) for lines in pages]
    if len(counts) < 3 or not counts[0]:
        return None
    fuller = sorted(counts[1:])[len(counts[1:]) // 2]
    return 0 if counts[0] < _COVER_SHARE * fuller else None
