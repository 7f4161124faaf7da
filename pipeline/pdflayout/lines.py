"""Glyphs -> text lines, each in the frame of its own text direction.

A page may hold text in several directions (a landscape table page whose running head is set
sideways, a rotated page). Every glyph is turned into the frame where its text runs left to
right with y upwards, so "top of the page" means the same for every line, whatever the page's
rotation. Glyphs at other than right angles (watermarks, tilted chart labels) are not text.

Lines are built in content-stream order (which is reading order for the documents people
publish: column by column, table cell by table cell), then fragments of one line drawn apart
(a footnote marker set separately, the rest of the line after it) are merged. Spaces are
decided from the gaps between glyphs and the space characters the PDF has, never from the gaps
alone between Han characters and Latin letters or digits: PDF exports set those apart for looks.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from statistics import median

from pipeline.pdflayout.glyphs import Glyph, Page

_QUARTER = math.pi / 2
_SKEW_TOLERANCE = math.radians(8)
# A gap wider than this many line heights ends a run of text (a table cell, a column).
_RUN_GAP = 2.0
# Fragments this close (in line heights) on one baseline are one line.
_MERGE_GAP = 0.8
_LOOKBACK_LINES = 6
# Gaps (in line heights) that read as a word space.
_LATIN_SPACE_GAP = 0.12
_WIDE_SPACE_GAP = 0.8
# A raised glyph at most this fraction of the line's size is a superscript.
_SUPERSCRIPT_SIZE = 0.82
_SUPERSCRIPT_RAISE = 0.22
_MARKER_CHARS = frozenset("0123456789*†‡§,")
_WIDE = re.compile(
    r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
)
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LATIN = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")


@dataclass(slots=True)
class _Placed:
    """A glyph in its frame."""

    char: str
    x0: float
    y0: float
    x1: float
    y1: float
    bold: bool
    space_before: bool
    order: int

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(slots=True)
class Line:
    """One line of text on a page, in the frame of its text direction (y upwards)."""

    text: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # the line's typical glyph height
    bold: bool = False
    quarter: int = 0  # the text direction, in quarter turns counter-clockwise
    frame_height: float = 0.0  # the page's height in this frame
    frame_width: float = 0.0
    first_word: float = 0.0  # width of the line's first word
    order: int = 0  # position of its first glyph in the content stream
    glyphs: list[_Placed] = field(default_factory=list, repr=False)

    @property
    def baseline(self) -> float:
        return self.y0

    def edge_distance(self) -> float:
        """Distance from the nearer of the frame's top and bottom edges."""
        return min(self.frame_height - self.y1, self.y0)


def page_lines(page: Page) -> list[Line]:
    """The page's lines in reading order."""
    placed: dict[int, list[_Placed]] = {}
    for order, glyph in enumerate(page.glyphs):
        quarter = _quarter(glyph.angle)
        if quarter is None:
            continue
        placed.setdefault(quarter, []).append(_place(glyph, quarter, page, order))
    lines: list[Line] = []
    for quarter, glyphs in placed.items():
        width, height = (page.width, page.height) if quarter % 2 == 0 else (page.height, page.width)
        for run in _merge(_runs(glyphs)):
            line = _line(run, page.number, quarter, width, height)
            if line is not None:
                lines.append(line)
    lines.sort(key=lambda line: line.order)
    return _rows(lines)


def _rows(lines: list[Line]) -> list[Line]:
    """Lines read one after the other on one baseline (a paragraph number and its text set a
    tab apart, a contents entry and its page number, the cells of a table row) as one line."""
    rows: list[Line] = []
    for line in lines:
        if rows:
            last = rows[-1]
            if (
                last.quarter == line.quarter
                and _same_band(last.y0, last.y1, line.y0, line.y1)
                and line.x0 >= last.x1 - 0.3 * line.size
            ):
                last.text = f"{last.text} {line.text}"
                last.x1 = line.x1
                last.y0, last.y1 = min(last.y0, line.y0), max(last.y1, line.y1)
                last.bold = last.bold and line.bold
                last.glyphs = last.glyphs + line.glyphs
                continue
        rows.append(line)
    return rows


def _quarter(angle: float) -> int | None:
    turns = angle / _QUARTER
    nearest = round(turns)
    if abs(turns - nearest) * _QUARTER > _SKEW_TOLERANCE:
        return None
    return nearest % 4


def _place(glyph: Glyph, quarter: int, page: Page, order: int) -> _Placed:
    """The glyph's box in the frame where its text runs left to right, y upwards."""
    left, bottom, right, top = glyph.left, glyph.bottom, glyph.right, glyph.top
    if quarter == 0:
        x0, y0, x1, y1 = left, bottom, right, top
    elif quarter == 1:  # text runs up the page
        x0, y0, x1, y1 = bottom, page.width - right, top, page.width - left
    elif quarter == 2:  # upside down
        x0, x1 = page.width - right, page.width - left
        y0, y1 = page.height - top, page.height - bottom
    else:  # text runs down the page
        x0, y0, x1, y1 = page.height - top, left, page.height - bottom, right
    start = _origin_along(glyph, quarter, page)
    if start is not None and x0 <= start < x1:
        x0 = start  # ink drawn before the advance starts overlaps the glyph before
    return _Placed(glyph.char, x0, y0, x1, y1, glyph.bold, glyph.space_before, order)


def _origin_along(glyph: Glyph, quarter: int, page: Page) -> float | None:
    if glyph.origin_x is None or glyph.origin_y is None:
        return None
    return (glyph.origin_x, glyph.origin_y, page.width - glyph.origin_x,
            page.height - glyph.origin_y)[quarter]


def _same_band(a0: float, a1: float, b0: float, b1: float) -> bool:
    overlap = min(a1, b1) - max(a0, b0)
    return overlap >= 0.5 * min(a1 - a0, b1 - b0)


class _Run:
    __slots__ = ("glyphs", "y0", "y1", "x0", "x1", "order", "merged")

    def __init__(self, glyph: _Placed) -> None:
        self.glyphs = [glyph]
        self.y0, self.y1 = glyph.y0, glyph.y1
        self.x0, self.x1 = glyph.x0, glyph.x1
        self.order = glyph.order
        self.merged = False  # holds fragments drawn apart: its glyphs need ordering by position

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def takes(self, glyph: _Placed) -> bool:
        if not _same_band(self.y0, self.y1, glyph.y0, glyph.y1):
            return False
        gap = glyph.x0 - self.x1
        height = max(self.height, glyph.height)
        return -0.5 * height <= gap <= _RUN_GAP * height

    def add(self, glyph: _Placed) -> None:
        last = self.glyphs[-1]
        width = max(last.x1 - last.x0, 0.01)
        if glyph.char == last.char and abs(glyph.x0 - last.x0) < 0.3 * width:
            return  # drawn twice over itself, for a bold or shadow effect
        self.glyphs.append(glyph)
        self.x1 = max(self.x1, glyph.x1)
        self.x0 = min(self.x0, glyph.x0)
        if glyph.height > self.height:  # the band follows the line's largest glyph
            self.y0, self.y1 = glyph.y0, glyph.y1


def _runs(glyphs: list[_Placed]) -> list[_Run]:
    runs: list[_Run] = []
    current: _Run | None = None
    for glyph in glyphs:
        if glyph.x1 - glyph.x0 <= 0 and glyph.height <= 0:
            continue
        if current is not None and current.takes(glyph):
            current.add(glyph)
            continue
        current = _Run(glyph)
        runs.append(current)
    return runs


def _merge(runs: list[_Run]) -> list[_Run]:
    """Join fragments of one line that the content stream draws apart.

    Twice: a piece drawn before the rest of its line fits into the line only once the rest
    has been joined.
    """
    for _ in range(2):
        merged = _merge_pass(runs)
        if len(merged) == len(runs):
            break
        runs = merged
    return runs


def _merge_pass(runs: list[_Run]) -> list[_Run]:
    merged: list[_Run] = []
    for run in runs:
        for other in reversed(merged[-_LOOKBACK_LINES:]):
            if not _same_band(other.y0, other.y1, run.y0, run.y1):
                continue
            height = max(other.height, run.height)
            after = run.x0 - other.x1
            before = other.x0 - run.x1
            if -0.3 * height <= after <= _MERGE_GAP * height:
                other.glyphs.extend(run.glyphs)
            elif -0.3 * height <= before <= _MERGE_GAP * height:
                other.glyphs[:0] = run.glyphs
            elif other.x0 - 0.3 * height <= run.x0 and run.x1 <= other.x1 + 0.3 * height:
                if _collides(other, run):
                    continue
                other.glyphs.extend(run.glyphs)  # a piece drawn later into a gap of the line
                other.merged = True
            else:
                continue
            other.x0, other.x1 = min(other.x0, run.x0), max(other.x1, run.x1)
            other.order = min(other.order, run.order)
            other.merged = other.merged or run.merged
            if run.height > other.height:
                other.y0, other.y1 = run.y0, run.y1
            break
        else:
            merged.append(run)
    return merged


def _collides(line: _Run, piece: _Run) -> bool:
    """Whether the piece overlaps glyphs of the line (it is text drawn over text)."""
    return any(
        min(g.x1, p.x1) - max(g.x0, p.x0) > 0.3 * min(g.x1 - g.x0, p.x1 - p.x0)
        for p in piece.glyphs
        for g in line.glyphs
        if g.x1 > piece.x0 and g.x0 < piece.x1
    )


def _line(run: _Run, page: int, quarter: int, width: float, height: float) -> Line | None:
    glyphs = run.glyphs
    if run.merged and not _right_to_left(glyphs):
        glyphs.sort(key=lambda g: g.x0 + g.x1)
    heights = [g.height for g in glyphs]
    size = median(heights)
    regular = [g for g in glyphs if g.height >= 0.9 * size] or glyphs
    baseline = median(g.y0 for g in regular)
    text, first_word = _text(glyphs, size, baseline)
    text = unicodedata.normalize("NFC", text).strip()
    if not text:
        return None
    bold = sum(1 for g in glyphs if g.bold) >= 0.7 * len(glyphs)
    return Line(
        text=text,
        page=page,
        x0=run.x0,
        y0=min(g.y0 for g in regular),
        x1=run.x1,
        y1=max(g.y1 for g in regular),
        size=size,
        bold=bold,
        quarter=quarter,
        frame_height=height,
        frame_width=width,
        first_word=first_word,
        order=min(g.order for g in glyphs),
        glyphs=glyphs,
    )


def _right_to_left(glyphs: list[_Placed]) -> bool:
    rtl = sum(1 for g in glyphs if _RTL.match(g.char))
    return rtl * 2 > len(glyphs)


def _is_marker(glyph: _Placed, size: float, baseline: float) -> bool:
    return (
        glyph.char in _MARKER_CHARS
        and glyph.height <= _SUPERSCRIPT_SIZE * size
        and glyph.y0 >= baseline + _SUPERSCRIPT_RAISE * size
    )


def _text(glyphs: list[_Placed], size: float, baseline: float) -> tuple[str, float]:
    """The line's characters with spaces where the PDF has them or the gaps say so; raised
    footnote markers are dropped after words and set apart after numbers. Also the width of
    the first word."""
    out: list[str] = []
    previous: _Placed | None = None
    first_word_end: float | None = None
    index = 0
    count = len(glyphs)
    while index < count:
        glyph = glyphs[index]
        if previous is not None and _is_marker(glyph, size, baseline):
            end = index
            while end < count and _is_marker(glyphs[end], size, baseline):
                end += 1
            marker = "".join(g.char for g in glyphs[index:end]).rstrip(",")
            word = _last_word(out)
            if marker and word[-1:].isdigit():
                out.append(" " + marker)
            elif marker and (len(word) <= 2 and word.isalpha()):
                out.append(marker)  # a unit's exponent: m2, km2
            previous = glyphs[end - 1]
            index = end
            continue
        if previous is not None:
            if _space_between(previous, glyph, size):
                out.append(" ")
                if first_word_end is None:
                    first_word_end = previous.x1
        out.append(glyph.char)
        previous = glyph
        index += 1
    wide = next((g for g in glyphs[:2] if _WIDE.match(g.char)), None)
    if wide is not None:
        first_word_end = wide.x1  # Han text may wrap after any character
    elif first_word_end is None:
        first_word_end = glyphs[-1].x1
    return "".join(out), max(0.0, first_word_end - glyphs[0].x0)


def _last_word(out: list[str]) -> str:
    text = "".join(out[-40:])
    match = re.search(r"[^\s(（\[]*$", text)
    return match.group() if match else ""


def _space_between(a: _Placed, b: _Placed, size: float) -> bool:
    wide = _WIDE.match(a.char) is not None or _WIDE.match(b.char) is not None
    gap = b.x0 - a.x1
    if b.space_before:
        # A space typed between Han text and a Latin letter or digit is spacing for looks
        # (as Word's export sets it); it would keep 第 13 屆 from matching 第13屆.
        han_latin = (_WIDE.match(a.char) and _LATIN.match(b.char)) or (
            _LATIN.match(a.char) and _WIDE.match(b.char)
        )
        return not han_latin or gap > _WIDE_SPACE_GAP * size
    if wide:
        return gap > _WIDE_SPACE_GAP * size
    return gap > _LATIN_SPACE_GAP * size
