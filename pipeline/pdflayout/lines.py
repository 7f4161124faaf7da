"""Spans -> text lines, each in the frame of its own text direction.

A page may hold text in several directions (a landscape table page whose running head is set
sideways, a rotated page). Every span is turned into the frame where its text runs left to
right with y upwards, so "top of the page" means the same for every line, whatever the page's
rotation. Text at other than right angles (watermarks, tilted chart labels) is not read.

Lines are built in content-stream order (which is reading order for the documents people
publish: column by column, table cell by table cell), then fragments of one line drawn apart
(a footnote marker set separately, the rest of the line after it) are merged. Spaces between
spans are decided from their gaps and the space characters the PDF has, never from the gaps
alone between Han characters and Latin letters or digits: PDF exports set those apart for looks.
Text in the cells of a ruled table stays in its cell: nothing is joined across a border.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.pdflayout.glyphs import LATIN, RIGHT_TO_LEFT, WIDE, Page, Span, quarter
from pipeline.pdflayout.tables import Cell, find_grids, is_table

# A gap wider than this many line heights ends a run of text (a table cell, a column).
_RUN_GAP = 2.0
# Fragments this close (in line heights) on one baseline are one line.
_MERGE_GAP = 0.8
_LOOKBACK_LINES = 6
# Gaps (in line heights) that read as a word space.
_LATIN_SPACE_GAP = 0.12
_WIDE_SPACE_GAP = 0.8
# A raised span at most this fraction of the line's size is a superscript; raised higher, one
# a little larger is too (a browser sets a superscript at five sixths of the text's size).
_SUPERSCRIPT_SIZE = 0.82
_SUPERSCRIPT_RAISE = 0.22
_HIGH_SUPERSCRIPT_SIZE = 0.9
_HIGH_SUPERSCRIPT_RAISE = 0.3
_MARKER_CHARS = frozenset("0123456789*†‡§,")
_DRAWN_LABEL = re.compile(r"^([.)\-–])([0-9]{1,3})$")
_MIRRORED = str.maketrans("()[]{}<>«»", ")(][}{><»«")
_LETTER = re.compile(r"[^\W\d_]")
_LTR = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


@dataclass(slots=True)
class Placed:
    """A span in its frame."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    bold: bool
    space_before: bool
    order: int
    first_word: float | None  # from x0 to the end of its first word, when a space follows
    head: float | None  # from x0 to the end of its first Han character among the first two
    weight: int  # how many characters it shows, for measures taken over a line's characters
    cell: Cell | None = None

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
    order: int = 0  # position of its first span in the content stream
    spans: list[Placed] = field(default_factory=list, repr=False)
    cell: Cell | None = None  # the table cell it stands in
    right_to_left: bool = False  # Arabic or Hebrew: it starts at the right

    @property
    def baseline(self) -> float:
        return self.y0

    def edge_distance(self) -> float:
        """Distance from the nearer of the frame's top and bottom edges."""
        return min(self.frame_height - self.y1, self.y0)


def page_lines(page: Page) -> list[Line]:
    """The page's lines in reading order."""
    placed: dict[int, list[Placed]] = {}
    for order, span in enumerate(page.spans):
        turns = quarter(span.angle)
        if turns is None:
            continue
        placed.setdefault(turns, []).append(_place(span, turns, page, order))
    lines: list[Line] = []
    any_right_to_left = RIGHT_TO_LEFT.search("".join([s.text for s in page.spans])) is not None
    for turns, spans in placed.items():
        width, height = (page.width, page.height) if turns % 2 == 0 else (page.height, page.width)
        if page.rules:
            _mark_cells(spans, page, turns)
        for run in _merge(_runs(spans)):
            line = _line(run, page.number, turns, width, height, any_right_to_left)
            if line is not None:
                lines.append(line)
    lines.sort(key=lambda line: line.order)
    return _rows(lines)


def _mark_cells(spans: list[Placed], page: Page, turns: int) -> None:
    grids = find_grids([_frame_box(rule, turns, page) for rule in page.rules])
    if not grids:
        return
    filled: dict[int, set[Cell]] = {}
    for span in spans:
        x, y = (span.x0 + span.x1) / 2, (span.y0 + span.y1) / 2
        for number, grid in enumerate(grids):
            cell = grid.cell_at(x, y, number)
            if cell is not None:
                span.cell = cell
                filled.setdefault(number, set()).add(cell)
                break
    tables = {number for number, cells in filled.items() if is_table(cells)}
    for span in spans:
        if span.cell is not None and span.cell.table not in tables:
            span.cell = None


def _rows(lines: list[Line]) -> list[Line]:
    """Lines read one after the other on one baseline (a paragraph number and its text set a
    tab apart, a contents entry and its page number, the cells of a table row) as one line."""
    rows: list[Line] = []
    for line in lines:
        if rows:
            last = rows[-1]
            if (
                last.quarter == line.quarter
                and last.cell == line.cell
                and _same_band(last.y0, last.y1, line.y0, line.y1)
                and line.x0 >= last.x1 - 0.3 * line.size
            ):
                last.text = f"{last.text} {line.text}"
                last.x1 = line.x1
                last.y0, last.y1 = min(last.y0, line.y0), max(last.y1, line.y1)
                last.bold = last.bold and line.bold
                last.spans = last.spans + line.spans
                continue
        rows.append(line)
    return rows


def _frame_box(
    box: tuple[float, float, float, float], turns: int, page: Page
) -> tuple[float, float, float, float]:
    """A page box (left, bottom, right, top) in the frame where text of this direction runs
    left to right, y upwards."""
    left, bottom, right, top = box
    if turns == 0:
        return left, bottom, right, top
    if turns == 1:  # text runs up the page
        return bottom, page.width - right, top, page.width - left
    if turns == 2:  # upside down
        return page.width - right, page.height - top, page.width - left, page.height - bottom
    return page.height - top, left, page.height - bottom, right  # text runs down the page


def _place(span: Span, turns: int, page: Page, order: int) -> Placed:
    box = span.left, span.bottom, span.right, span.top
    x0, y0, x1, y1 = box if turns == 0 else _frame_box(box, turns, page)
    text = span.text
    return Placed(text, x0, y0, x1, y1, span.bold, span.space_before, order, span.first_word,
                  span.head, len(text) - text.count(" "))  # fmt: skip


def _same_band(a0: float, a1: float, b0: float, b1: float) -> bool:
    overlap = (a1 if a1 < b1 else b1) - (a0 if a0 > b0 else b0)
    return overlap >= 0.5 * (a1 - a0 if a1 - a0 < b1 - b0 else b1 - b0)


class _Run:
    __slots__ = ("spans", "y0", "y1", "x0", "x1", "order", "merged", "cell")

    def __init__(self, span: Placed) -> None:
        self.spans = [span]
        self.y0, self.y1 = span.y0, span.y1
        self.x0, self.x1 = span.x0, span.x1
        self.order = span.order
        self.merged = False  # holds fragments drawn apart: its spans need ordering by position
        self.cell = span.cell

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def takes(self, span: Placed) -> bool:
        if span.cell != self.cell:
            return False
        # Conditional expressions rather than min() and max(): this runs for every span.
        run_height, span_height = self.y1 - self.y0, span.y1 - span.y0
        top = span.y1 if span.y1 < self.y1 else self.y1
        bottom = span.y0 if span.y0 > self.y0 else self.y0
        if top - bottom < 0.5 * (span_height if span_height < run_height else run_height):
            return False
        gap = span.x0 - self.x1
        height = span_height if span_height > run_height else run_height
        return -0.5 * height <= gap <= _RUN_GAP * height

    def add(self, span: Placed) -> None:
        last = self.spans[-1]
        width = max(last.x1 - last.x0, 0.01)
        if span.text == last.text and abs(span.x0 - last.x0) < 0.3 * width:
            return  # drawn twice over itself, for a bold or shadow effect
        self.spans.append(span)
        if span.x1 > self.x1:
            self.x1 = span.x1
        if span.x0 < self.x0:
            self.x0 = span.x0
        if span.y1 - span.y0 > self.y1 - self.y0:  # the band follows the line's largest glyph
            self.y0, self.y1 = span.y0, span.y1


def _runs(spans: list[Placed]) -> list[_Run]:
    runs: list[_Run] = []
    current: _Run | None = None
    for span in spans:
        if span.x1 - span.x0 <= 0 and span.y1 - span.y0 <= 0:
            continue
        if current is not None and current.takes(span):
            current.add(span)
            continue
        current = _Run(span)
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
            if other.cell != run.cell or not _same_band(other.y0, other.y1, run.y0, run.y1):
                continue
            height = max(other.height, run.height)
            after = run.x0 - other.x1
            before = other.x0 - run.x1
            if -0.3 * height <= after <= _MERGE_GAP * height:
                other.spans.extend(run.spans)
            elif -0.3 * height <= before <= _MERGE_GAP * height:
                other.spans[:0] = run.spans
            elif other.x0 - 0.3 * height <= run.x0 and run.x1 <= other.x1 + 0.3 * height:
                if _collides(other, run):
                    continue
                other.spans.extend(run.spans)  # a piece drawn later into a gap of the line
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
    """Whether the piece overlaps text of the line (it is text drawn over text)."""
    return any(
        min(g.x1, p.x1) - max(g.x0, p.x0) > 0.3 * min(g.x1 - g.x0, p.x1 - p.x0)
        for p in piece.spans
        for g in line.spans
        if g.x1 > piece.x0 and g.x0 < piece.x1
    )


def _line(
    run: _Run, page: int, turns: int, width: float, height: float, any_right_to_left: bool
) -> Line | None:
    """The run's spans as a line (``any_right_to_left``: whether the page has any letters
    written from the right)."""
    spans = run.spans
    right_to_left = any_right_to_left and _right_to_left(spans)
    if right_to_left:
        # Arabic and Hebrew lines read from the right; pieces were gathered left to right.
        spans.sort(key=lambda s: -(s.x0 + s.x1))
        spans = _left_to_right_inside(spans)
        for span in spans:
            # A bracket drawn in right-to-left text is the mirror of the one typed.
            if RIGHT_TO_LEFT.search(span.text) or not _LTR.search(span.text):
                span.text = span.text.translate(_MIRRORED)
            # A list number drawn with its dot on the left ("1." reads ".1" from the left).
            if label := _DRAWN_LABEL.match(span.text):
                span.text = label.group(2) + label.group(1)
    elif run.merged:
        spans.sort(key=lambda s: s.x0 + s.x1)
    first = spans[0]
    if len(spans) == 1:
        size, regular, baseline = first.y1 - first.y0, spans, first.y0
        bold = first.bold
    else:
        size = _weighted_median([(s.y1 - s.y0, s.weight) for s in spans])
        regular = [s for s in spans if s.y1 - s.y0 >= 0.9 * size] or spans
        baseline = _weighted_median([(s.y0, s.weight) for s in regular])
        total = sum([s.weight for s in spans])
        bold = sum([s.weight for s in spans if s.bold]) >= 0.7 * total
    text, first_word = _text(spans, size, baseline)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = text.strip()
    if not text:
        return None
    if right_to_left:  # the first word is the rightmost: its share of the line's width
        first_word = (run.x1 - run.x0) * len(text.split(maxsplit=1)[0]) / len(text)
    return Line(
        text=text,
        page=page,
        x0=run.x0,
        y0=min([s.y0 for s in regular]),
        x1=run.x1,
        y1=max([s.y1 for s in regular]),
        size=size,
        bold=bold,
        quarter=turns,
        frame_height=height,
        frame_width=width,
        first_word=first_word,
        order=min([s.order for s in spans]),
        spans=spans,
        cell=run.cell,
        right_to_left=right_to_left,
    )


def _weighted_median(values: list[tuple[float, int]]) -> float:
    """The median of values each counted ``weight`` times (the middle two averaged)."""
    ordered = sorted(values)
    low, high = ordered[0], ordered[-1]
    if high[0] - low[0] < 0.01:
        return low[0]
    total = sum(weight for _, weight in ordered)
    lower, upper = (total - 1) // 2, total // 2
    seen = 0
    low = None
    for value, weight in ordered:
        seen += weight
        if low is None and seen > lower:
            low = value
        if seen > upper:
            return (low + value) / 2
    return ordered[-1][0]


def _left_to_right_inside(spans: list[Placed]) -> list[Placed]:
    """A right-to-left line's pieces with each stretch of Latin letters and digits (a decision
    number, a year, an English name) put back in its own left-to-right order."""
    ordered: list[Placed] = []
    index = 0
    while index < len(spans):
        if RIGHT_TO_LEFT.search(spans[index].text) or not _LTR.search(spans[index].text):
            ordered.append(spans[index])
            index += 1
            continue
        last = index  # the stretch's last piece with a letter or digit; neutrals may lie between
        ahead = index + 1
        while ahead < len(spans) and not RIGHT_TO_LEFT.search(spans[ahead].text):
            if _LTR.search(spans[ahead].text):
                last = ahead
            ahead += 1
        ordered.extend(reversed(spans[index : last + 1]))
        index = last + 1
    return ordered


def _right_to_left(spans: list[Placed]) -> bool:
    rtl = len(RIGHT_TO_LEFT.findall("".join([s.text for s in spans])))
    return rtl * 2 > sum([s.weight for s in spans])


def _marker_length(span: Placed, size: float, baseline: float) -> int:
    """How many of the span's first characters are a raised footnote marker."""
    raised = span.y0 - baseline
    height = span.y1 - span.y0
    high = raised >= _HIGH_SUPERSCRIPT_RAISE * size and height <= _HIGH_SUPERSCRIPT_SIZE * size
    if not high and (height > _SUPERSCRIPT_SIZE * size or raised < _SUPERSCRIPT_RAISE * size):
        return 0
    length = 0
    for char in span.text:
        if char not in _MARKER_CHARS:
            break
        length += 1
    return length


def _text(spans: list[Placed], size: float, baseline: float) -> tuple[str, float]:
    """The line's text with spaces where the PDF has them or the gaps say so; raised footnote
    markers are dropped after words and set apart after numbers. Also the width of the first
    word."""
    out: list[str] = []
    previous: Placed | None = None
    first_word_end: float | None = None
    start = spans[0].x0
    index = 0
    count = len(spans)
    while index < count:
        span = spans[index]
        text = span.text
        if previous is not None and (length := _marker_length(span, size, baseline)):
            marker = text[:length]
            while length == len(text) and index + 1 < count:  # a marker set in pieces
                following = spans[index + 1]
                more = _marker_length(following, size, baseline)
                if not more:
                    break
                index += 1
                span, text, length = following, following.text, more
                marker += text[:length]
            marker = marker.rstrip(",")
            word = _last_word(out)
            if marker and _marker_length(previous, size, baseline):
                out.append(marker)  # the rest of a raised number opening the line: "10"
            elif marker and word[-1:].isdigit() and not _LETTER.search(word):
                out.append(" " + marker)  # after a number: an exponent, or a note
            elif marker and (len(word) <= 2 and word.isalpha()):
                out.append(marker)  # a unit's exponent: m2, km2
            previous = span
            text = text[length:].lstrip()
            if not text:
                index += 1
                continue
            out.append(text)  # the rest of a raised piece: no marker
            index += 1
            continue
        if previous is not None and _space_between(previous, span, size):
            out.append(" ")
            if first_word_end is None:
                first_word_end = previous.x1
        if first_word_end is None and span.first_word is not None:
            first_word_end = span.x0 + span.first_word
        out.append(text)
        previous = span
        index += 1
    head = _head(spans)
    if head is not None:
        first_word_end = head  # Han text may wrap after any character
    elif first_word_end is None:
        first_word_end = spans[-1].x1
    return "".join(out), max(0.0, first_word_end - start)


def _head(spans: list[Placed]) -> float | None:
    """Where the first Han character among the line's first two ends, or the first Han
    character after a leading word run on into Han text (``2007年``, ``IPCC第``)."""
    lead = spans[0]
    if lead.head is not None:
        return lead.x0 + lead.head
    for index in range(1, len(spans)):
        span = spans[index]
        joined = not span.space_before and " " not in spans[index - 1].text
        if not joined and not (index == 1 and len(lead.text) == 1):
            return None
        if span.head is not None and WIDE.match(span.text):
            return span.x0 + span.head
    return None


def _last_word(out: list[str]) -> str:
    text = "".join(out[-40:])
    match = re.search(r"[^\s(（\[]*$", text)
    return match.group() if match else ""


def _space_between(a: Placed, b: Placed, size: float) -> bool:
    last, first = a.text[-1], b.text[0]
    gap = max(b.x0 - a.x1, a.x0 - b.x1)  # b follows a to the right, or to the left (Arabic)
    if b.space_before:
        # A space typed between Han text and a Latin letter or digit is spacing for looks
        # (as Word's export sets it); it would keep 第 13 屆 from matching 第13屆.
        han_latin = (WIDE.match(last) and LATIN.match(first)) or (
            LATIN.match(last) and WIDE.match(first)
        )
        return not han_latin or gap > _WIDE_SPACE_GAP * size
    if WIDE.match(last) is not None or WIDE.match(first) is not None:
        return gap > _WIDE_SPACE_GAP * size
    return gap > _LATIN_SPACE_GAP * size
