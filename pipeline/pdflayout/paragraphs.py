"""Lines -> paragraphs: the line breaks of the layout undone.

A line continues the paragraph above it when it is set in the same size and weight, sits one
line pitch below (or opens the next page), starts where the paragraph's lines start, and the
line above is full: its first word would not have fitted at the end of the line above. Lines
of Arabic or Hebrew start at the right and end at the left.

Joined lines meet without a space when either side is Han (``氣候變\\n化`` -> ``氣候變化``), and
with one between Latin words. A word hyphenated at a line end is joined without its hyphen
(``nego-\\ntiations``) unless the document writes it with the hyphen elsewhere
(``capacity-building``); a hyphen before a capital or a digit stays (``Non-\\nAnnex``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.outline import detect_report_heading
from pipeline.pdflayout.lines import Line

_SIZE_TOLERANCE = 0.12
_PITCH_SLACK = 1.3
# Distances between lines this close (in line heights) are one pitch; the line pitch is the
# smallest one found between at least this share of a size's lines.
_PITCH_SPREAD = 0.2
_PITCH_SHARE = 0.25
# A page's lines reach its right margin when this share of them end within this many line
# heights of it (justified lines end on it, ragged ones a word or so short).
_REACH = 2.0
_REACHING_SHARE = 0.3
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_HYPHENS = "-\u2010\u00ad"
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_ITEM_START = re.compile(
    r"^(?:[•●○■□◆◇▪►✓➢\-–—*]\s*|\(?[0-9]{1,2}[.)、]\s*|\(?[a-zA-Z][.)]\s+|[(（][一二三四五六七八九十]+[)）]"
    r"|[一二三四五六七八九十]+、)"
)
_SENTENCE_END = tuple("。；：.;:！？!?")


@dataclass(slots=True)
class Paragraph:
    lines: list[Line]
    text: str
    page_starts: list[tuple[int, int]] = field(default_factory=list)

    @property
    def page(self) -> int:
        return self.lines[0].page


class LineMetrics:
    """What the document's lines say about its layout: line pitch per size, text margins."""

    def __init__(self, lines: list[Line]) -> None:
        pitches: dict[float, Counter[float]] = {}
        for upper, lower in zip(lines, lines[1:], strict=False):
            if upper.page != lower.page or upper.quarter != lower.quarter:
                continue
            if abs(upper.size - lower.size) > _SIZE_TOLERANCE * upper.size:
                continue
            pitch = upper.y0 - lower.y0
            if 0.8 * upper.size <= pitch <= 3.5 * upper.size:
                pitches.setdefault(_bucket(upper.size), Counter())[round(pitch * 2) / 2] += 1
        self._pitch = {size: _line_pitch(counts, size) for size, counts in pitches.items()}
        self._page_lines: dict[tuple[int, int], list[Line]] = {}
        frame_right: dict[tuple[int, float], list[float]] = {}
        for line in lines:
            self._page_lines.setdefault((line.page, line.quarter), []).append(line)
            frame_right.setdefault((line.quarter, round(line.frame_width)), []).append(line.x1)
        self._frame_right = {key: _percentile(v, 0.9) for key, v in frame_right.items()}
        # Where the lines of most pages end: the middle of the pages' own right margins.
        page_right: dict[tuple[int, float], list[float]] = {}
        for page in self._page_lines.values():
            if len(page) >= 4:
                key = (page[0].quarter, round(page[0].frame_width))
                page_right.setdefault(key, []).append(_percentile([x.x1 for x in page], 0.9))
        self._frame_right.update({key: _percentile(v, 0.5) for key, v in page_right.items()})
        self._right: dict[int, float] = {}
        self._left: dict[int, float] = {}

    def pitch(self, line: Line) -> float:
        return self._pitch.get(_bucket(line.size), 1.5 * line.size)

    def right_margin(self, line: Line) -> float:
        """Where the lines of the line's column end: most lines of the page above or below it
        reach there. But on a page of short lines (a list, an agenda), where few lines reach
        that far, in one column, where most pages' lines end."""
        if id(line) not in self._right:
            page = self._page_lines.get((line.page, line.quarter), [])
            column = [other.x1 for other in page if other.x0 < line.x1 and other.x1 > line.x0]
            document = self._frame_right.get((line.quarter, round(line.frame_width)), line.x1)
            if len(column) < 4:
                margin = document
            else:
                margin = _percentile(column, 0.9)
                reaching = sum(1 for x1 in column if x1 >= margin - _REACH * line.size)
                ragged = reaching < _REACHING_SHARE * len(column)
                if ragged and margin < document and not any(o.x0 >= margin for o in page):
                    margin = document  # a page of short lines, in one column
            self._right[id(line)] = margin
        return self._right[id(line)]

    def left_margin(self, line: Line) -> float:
        """Where the lines of the line's column start, for text read from the right."""
        if id(line) not in self._left:
            column = [
                other.x0
                for other in self._page_lines.get((line.page, line.quarter), [])
                if other.x0 < line.x1 and other.x1 > line.x0
            ]
            self._left[id(line)] = _percentile(column, 0.1) if len(column) >= 4 else line.x0
        return self._left[id(line)]


def _line_pitch(counts: Counter[float], size: float) -> float:
    """The distance from line to line inside a paragraph: the smallest of the common distances
    between lines of one size (more lie between paragraphs set apart, in documents of many
    short paragraphs), near distances counted together (a line's box reaches lower where it
    holds a font with a deeper descent)."""
    total = sum(counts.values())
    clusters: list[list[float]] = []
    for pitch in sorted(counts):
        if clusters and pitch - clusters[-1][0] <= _PITCH_SPREAD * size:
            clusters[-1].append(pitch)
        else:
            clusters.append([pitch])
    for cluster in clusters:
        if sum(counts[pitch] for pitch in cluster) >= _PITCH_SHARE * total:
            return max(cluster, key=lambda pitch: counts[pitch])
    return counts.most_common(1)[0][0]


def _bucket(size: float) -> float:
    return round(size * 2) / 2


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def hyphenated_words(lines: list[Line]) -> set[str]:
    """Compounds the document writes with a hyphen inside a line (lower case)."""
    found: set[str] = set()
    for line in lines:
        if "-" not in line.text:
            continue
        text = line.text.rstrip(_HYPHENS)
        for match in _COMPOUND.finditer(text):
            parts = match.group().lower().split("-")
            found.update(f"{a}-{b}" for a, b in zip(parts, parts[1:], strict=False))
    return found


def continues(
    above: Line, below: Line, paragraph: list[Line], metrics: LineMetrics, title_size: float = 0.0
) -> bool:
    """Whether ``below`` goes on with the paragraph whose last line is ``above``.

    Lines set larger than ``title_size`` (a title or heading wrapped over lines) need not fill
    the line: they are centred or broken by sense, not by the margin.
    """
    if above.quarter != below.quarter or above.bold != below.bold:
        return False
    if abs(above.size - below.size) > _SIZE_TOLERANCE * max(above.size, below.size):
        return False
    if below.page == above.page:
        pitch = above.y0 - below.y0
        if pitch < 0.5 * above.size or pitch > _PITCH_SLACK * metrics.pitch(above):
            return False
        if below.x0 > above.x1 or below.x1 < above.x0:
            return False
    elif below.page != above.page + 1:
        return False
    if detect_report_heading(below.text) is not None:
        return False  # a numbered heading starts on its own line
    if title_size and above.size >= title_size and below.page == above.page:
        return True
    if above.right_to_left != below.right_to_left:
        return False
    if above.right_to_left:
        room = above.x0 - metrics.left_margin(above)
    else:
        room = metrics.right_margin(above) - above.x1
    if room > below.first_word + 0.6 * above.size:
        return False  # the paragraph ended short of the margin
    aligned = _aligned_right if below.right_to_left else _aligned
    if not aligned(below, paragraph):
        return False
    return not (_ITEM_START.match(below.text) and above.text.endswith(_SENTENCE_END))


def _aligned(below: Line, paragraph: list[Line]) -> bool:
    first = paragraph[0]
    tolerance = 0.8 * below.size
    if len(paragraph) >= 2:
        return abs(below.x0 - paragraph[1].x0) <= tolerance
    if below.x0 <= first.x0 + 0.5 * below.size:
        return True  # at the start of the line above, or left of an indented first line
    return _ITEM_START.match(first.text) is not None  # a hanging indent under a list marker


def _aligned_right(below: Line, paragraph: list[Line]) -> bool:
    """``_aligned`` for text read from the right: lines start at their right edge."""
    first = paragraph[0]
    tolerance = 0.8 * below.size
    if len(paragraph) >= 2:
        return abs(below.x1 - paragraph[1].x1) <= tolerance
    if below.x1 >= first.x1 - 0.5 * below.size:
        return True
    return _ITEM_START.match(first.text) is not None


def join(above: str, below: str, hyphenated: set[str]) -> str:
    """Two pieces of one paragraph as one text, the line break undone."""
    if not above or not below:
        return above + below
    last, first = above[-1], below[0]
    if last in _HYPHENS and len(above) >= 2 and above[-2].isalpha() and first.isalpha():
        if last == "\u00ad":
            return above[:-1] + below
        if not first.islower():
            return above + below
        prefix = re.search(r"[^\W\d_]+$", above[:-1])
        suffix = re.match(r"[^\W\d_]+", below)
        word = f"{prefix.group() if prefix else ''}-{suffix.group() if suffix else ''}".lower()
        return above + below if word in hyphenated else above[:-1] + below
    if _WIDE.match(last) or _WIDE.match(first):
        return above + below
    return f"{above} {below}"


def paragraph_text(lines: list[Line], hyphenated: set[str]) -> tuple[str, list[tuple[int, int]]]:
    """The joined text of a paragraph's lines, and where later pages start inside it."""
    text = lines[0].text
    starts: list[tuple[int, int]] = []
    for previous, line in zip(lines, lines[1:], strict=False):
        joined = join(text, line.text, hyphenated)
        if line.page != previous.page:
            starts.append((len(joined) - len(line.text), line.page))
        text = joined
    return text, starts
