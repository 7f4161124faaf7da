"""Lines -> paragraphs: the line breaks of the layout undone.

A line continues the paragraph above it when it is set in the same size and weight, sits one
line pitch below (or opens the next page), starts where the paragraph's lines start, and the
line above is full: its first word would not have fitted at the end of the line above. Lines
of Arabic or Hebrew start at the right and end at the left.

Joined lines meet without a space when either side is Han (``氣候變\\n化`` -> ``氣候變化``), and
with one between Latin words. A word hyphenated at a line end is joined without its hyphen
(``nego-\\ntiations``) unless the document writes it with the hyphen elsewhere
(``capacity-building``), never breaks words at line ends (its lines end in hyphens only where
it writes compounds, as a browser's print does), or writes both parts as words of their own
but never the two as one (``newly-\\nelaborated``); a hyphen before a capital or a digit, or
after a digit, stays (``Non-\\nAnnex``, ``G-\\n77``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.outline import detect_report_heading, detect_un_heading
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
# A page's columns: lines start in this many at a place this many others end left of, and at
# most this share of the page's lines cross it.
_COLUMN_LINES = 3
_CROSSING_SHARE = 0.25
_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]")
_HYPHENS = "-\u2010\u00ad"
_COMPOUND = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")
_WORD = re.compile(r"[^\W\d_]+")
_BROKEN_END = re.compile(r"([^\W\d_]+)[-\u2010]$")
_LOWER_START = re.compile(r"[^\W\d_]+")
# Line ends hyphenated at compounds the document writes whole, at least this many, and this many
# times those at words it writes unbroken: a document that does not break words.
_COMPOUND_ENDS = 2
_COMPOUND_SHARE = 4
_ITEM_START = re.compile(
    r"^(?:[•●○■□◆◇▪►✓➢\-–—*]\s*|\(?[0-9]{1,2}[.)、]\s*|\(?[a-zA-Z][.)]\s+|[(（][一二三四五六七八九十]+[)）]"
    r"|[一二三四五六七八九十]+、|\(?[ivxlcIVXLC]{1,6}[.)]\s+)"
)
_SENTENCE_END = tuple("。；：.;:！？!?")
_ENUMERATION = (";", "；")
_CLOSING = re.compile(r"[0-9a-zA-Z]{1,3}[)）]")  # "11)": a bracket's close, or a list marker
# An English sentence broken off in its middle ("… Protocol Article" / "2.3 (adverse …").
_MID_SENTENCE = re.compile(r"[A-Za-z\u00c0-\u024f,]$")


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
        self._frame_lines: dict[tuple[int, float], list[Line]] = {}
        for line in lines:
            self._page_lines.setdefault((line.page, line.quarter), []).append(line)
            frame_right.setdefault((line.quarter, round(line.frame_width)), []).append(line.x1)
            self._frame_lines.setdefault((line.quarter, round(line.frame_width)), []).append(line)
        self._frame_right = {key: _percentile(v, 0.9) for key, v in frame_right.items()}
        # Where the lines of most pages end: the middle of the pages' own right margins.
        page_right: dict[tuple[int, float], list[float]] = {}
        for page in self._page_lines.values():
            if len(page) >= 4:
                key = (page[0].quarter, round(page[0].frame_width))
                page_right.setdefault(key, []).append(_percentile([x.x1 for x in page], 0.9))
        self._frame_right.update({key: _percentile(v, 0.5) for key, v in page_right.items()})
        self._right: dict[int, float] = {}
        self._across: dict[tuple[int, int], set[int]] = {}

    def pitch(self, line: Line) -> float:
        return self._pitch.get(_bucket(line.size), 1.5 * line.size)

    def right_margin(self, line: Line) -> float:
        """Where the lines of the line's column end: most lines of the page above or below it
        reach there. But on a page of short lines (a list, an agenda), where few lines reach
        that far, in one column, where most pages' lines end. On a page of a few lines, where
        the lines of other pages in its place end."""
        if id(line) not in self._right:
            page = self._page_lines.get((line.page, line.quarter), [])
            column = [other.x1 for other in self._column(line)]
            frame = (line.quarter, round(line.frame_width))
            document = self._frame_right.get(frame, line.x1)
            if len(column) < 4:
                placed = [other.x1 for other in self._frame_lines.get(frame, [])
                          if _overlapping(other, line)]  # fmt: skip
                margin = _percentile(placed, 0.9) if len(placed) >= 4 else document
            else:
                margin = _percentile(column, 0.9)
                reaching = sum(1 for x1 in column if x1 >= margin - _REACH * line.size)
                ragged = reaching < _REACHING_SHARE * len(column)
                if ragged and margin < document and not any(o.x0 >= margin for o in page):
                    margin = document  # a page of short lines, in one column
            self._right[id(line)] = margin
        return self._right[id(line)]

    def _column(self, line: Line) -> list[Line]:
        """The lines of the page above and below the line, in its column: lines across the
        page's columns (a masthead, a title over two columns) are not measured as a column's,
        unless the line is one of them."""
        key = (line.page, line.quarter)
        lines = self._page_lines.get(key, [])
        if key not in self._across:
            self._across[key] = _across_columns(lines)
        across = self._across[key]
        mine = id(line) in across
        return [other for other in lines
                if _overlapping(other, line) and (mine or id(other) not in across)]  # fmt: skip

    def column_edges(self, line: Line) -> tuple[float, float]:
        """Where the lines of the line's column start and end on its page."""
        column = self._column(line)
        if len(column) < 4:
            return line.x0, line.x1
        return (_percentile([other.x0 for other in column], 0.1),
                _percentile([other.x1 for other in column], 0.9))  # fmt: skip

    def next_column(self, above: Line, below: Line) -> bool:
        """Whether ``below`` opens the next column of the page where ``above`` ends one: it
        stands to the right, with no line of its column above it, and no line of ``above``'s
        column set as large stands below ``above`` (lines across both columns aside)."""
        if above.right_to_left or below.x0 < above.x1 - 0.5 * above.size:
            return False
        lines = self._page_lines.get((below.page, below.quarter), [])
        return not any(
            other is not line and self._in_column(other, line) and beyond(other)
            for line, beyond in (
                (below, lambda other: other.y0 > below.y1 - 0.5 * below.size),
                (above, lambda other: other.y1 < above.y0 + 0.5 * above.size
                 and other.size >= (1 - _SIZE_TOLERANCE) * above.size),
            )
            for other in lines
        )  # fmt: skip

    def _in_column(self, other: Line, line: Line) -> bool:
        """Whether ``other`` stands in ``line``'s column, not across it and its neighbours."""
        if other.x0 >= line.x1 or other.x1 <= line.x0:
            return False
        left, right = self.column_edges(line)
        return other.x0 >= left - line.size and other.x1 <= right + line.size


def _overlapping(other: Line, line: Line) -> bool:
    """Whether the other line stands above or below the line, not just touching its ends (a
    word run over into the gutter)."""
    overlap = min(other.x1, line.x1) - max(other.x0, line.x0)
    return overlap > min(line.size, 0.5 * (line.x1 - line.x0))


def _across_columns(lines: list[Line]) -> set[int]:
    """Ids of the lines that cross a gutter of the page: a place where several lines start
    that several others end left of, and few lines cross."""
    starts = Counter(round(line.x0) for line in lines)
    gutters = []
    for x, count in starts.items():
        if count < _COLUMN_LINES:
            continue
        left = sum(1 for line in lines if line.x1 < x)
        crossing = sum(1 for line in lines if line.x0 < x - line.size < x + line.size < line.x1)
        if left >= _COLUMN_LINES and crossing <= _CROSSING_SHARE * len(lines):
            gutters.append(x)
    return {id(line) for line in lines for x in gutters
            if line.x0 < x - line.size < x + line.size < line.x1}  # fmt: skip


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


@dataclass(frozen=True, slots=True)
class Hyphens:
    """What a document shows of its hyphens: the compounds it writes with a hyphen inside a
    line and the words it writes (lower case), and whether it breaks words at line ends."""

    compounds: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    breaks_words: bool = True

    def kept(self, compound: str) -> bool:
        """Whether a hyphen at a line end between these parts (``long-term``) is the word's:
        the document writes the compound so elsewhere, or breaks no words at line ends, or
        does not write the parts as one word but writes each as a word of its own."""
        if compound in self.compounds or not self.breaks_words:
            return True
        prefix, _, suffix = compound.partition("-")
        if prefix + suffix in self.words:
            return False
        return prefix in self.words and suffix in self.words


def hyphens(lines: list[Line]) -> Hyphens:
    """What the document's lines show of its hyphens (see ``Hyphens``): it breaks no words at
    line ends when its lines end in hyphens where it writes a compound, and (almost) never
    where it writes the word whole elsewhere (``negotiations``)."""
    compounds: set[str] = set()
    words: set[str] = set()
    broken_before = False  # the line above ended in a hyphen after a letter
    for line in lines:
        if "-" in line.text:
            text = line.text.rstrip(_HYPHENS)
            for match in _COMPOUND.finditer(text):
                parts = match.group().lower().split("-")
                compounds.update(f"{a}-{b}" for a, b in zip(parts, parts[1:], strict=False))
        found = _WORD.findall(line.text)
        broken = _BROKEN_END.search(line.text) is not None
        # A part of a word broken at a line end is no word of the document.
        words.update(word.lower() for word in found[int(broken_before) : len(found) - broken])
        broken_before = broken
    at_compounds = at_words = 0
    for upper, lower in zip(lines, lines[1:], strict=False):
        end = _BROKEN_END.search(upper.text)
        start = _LOWER_START.match(lower.text)
        if end is None or start is None or not start.group()[0].islower():
            continue
        prefix, suffix = end.group(1).lower(), start.group().lower()
        if f"{prefix}-{suffix}" in compounds:
            at_compounds += 1
        elif prefix + suffix in words:
            at_words += 1
    whole = at_compounds >= _COMPOUND_ENDS and at_compounds > _COMPOUND_SHARE * at_words
    return Hyphens(frozenset(compounds), frozenset(words), breaks_words=not whole)


def continues(
    above: Line, below: Line, paragraph: list[Line], metrics: LineMetrics, title_size: float = 0.0
) -> bool:
    """Whether ``below`` goes on with the paragraph whose last line is ``above``.

    Lines set larger than ``title_size`` (a title or heading wrapped over lines) need not fill
    the line: they are centred or broken by sense, not by the margin.
    """
    if above.quarter != below.quarter or not _same_weight(above, below):
        return False
    if abs(above.size - below.size) > _SIZE_TOLERANCE * max(above.size, below.size):
        return False
    next_column = False
    if below.page == above.page:
        next_column = metrics.next_column(above, below)
        pitch = above.y0 - below.y0
        if not next_column and (
            pitch < 0.5 * above.size
            or pitch > _PITCH_SLACK * metrics.pitch(above)
            or below.x0 > above.x1
            or below.x1 < above.x0
        ):
            return False
    elif below.page != above.page + 1:
        return False
    if detect_report_heading(below.text) is not None and not _MID_SENTENCE.search(above.text):
        return False  # a numbered heading starts on its own line, not in a sentence's middle
    if len(paragraph) == 1 and (label := detect_un_heading(above.text, "")) is not None:
        if label.title_on_next_line:
            return False  # "Decision 1/CP.20", "Annex II": the title follows on its own line
    if title_size and above.size >= title_size and below.page == above.page and not next_column:
        return True
    if above.right_to_left != below.right_to_left:
        return False
    if above.right_to_left:
        room = above.x0 - metrics.column_edges(above)[0]
    else:
        room = metrics.right_margin(above) - above.x1
    if room > below.first_word + 0.6 * above.size:
        return False  # the paragraph ended short of the margin
    if below.right_to_left:
        aligned = _aligned_right(below, paragraph)
    else:
        aligned = _aligned(below, paragraph, metrics)
    if not aligned:
        return False
    if _ITEM_START.match(below.text) and above.text.endswith(_SENTENCE_END):
        # A list's next item; but in a paragraph that is no list item, an enumeration run on
        # ("…; (2) the mechanics…"), and a bracket closing ("(IPCC XXV/Doc." / "11), and…").
        if _CLOSING.match(below.text) and _open_brackets(paragraph):
            return True
        return above.text.endswith(_ENUMERATION) and not _ITEM_START.match(paragraph[0].text)
    return True


def _open_brackets(paragraph: list[Line]) -> bool:
    """Whether the paragraph so far leaves a round bracket open."""
    text = "".join(line.text for line in paragraph)
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")


def _same_weight(above: Line, below: Line) -> bool:
    """Set in the same weight, or in the same weight where they meet: about a bold lead run in
    at a paragraph's start (``LONG-TERM COOPERATIVE ACTION UNDER`` / ``THE CONVENTION:
    Parties…``, ``KYOTO PROTOCOL: In December`` / ``1997, delegates…``)."""
    if above.bold == below.bold:
        return True
    return bool(above.spans and below.spans and above.spans[-1].bold == below.spans[0].bold)


def _aligned(below: Line, paragraph: list[Line], metrics: LineMetrics) -> bool:
    """Whether the line starts where the paragraph's lines start (its second line; or, below
    its first, at or left of where that one starts), measured from the left of each one's
    column where the line opens another column."""
    first = paragraph[0]
    reference = paragraph[1] if len(paragraph) >= 2 else first
    x0 = below.x0
    if below.x0 >= reference.x1 or below.x1 <= reference.x0:
        x0 += metrics.column_edges(reference)[0] - metrics.column_edges(below)[0]
    if len(paragraph) >= 2:
        return abs(x0 - reference.x0) <= 0.8 * below.size
    if x0 <= first.x0 + 0.5 * below.size:
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


def join(above: str, below: str, hyphenated: Hyphens) -> str:
    """Two pieces of one paragraph as one text, the line break undone."""
    if not above or not below:
        return above + below
    last, first = above[-1], below[0]
    if last in _HYPHENS and len(above) >= 2 and above[-2].isalnum() and first.isalnum():
        if last == "\u00ad":
            return above[:-1] + below
        if not first.islower() or not above[-2].isalpha():
            return above + below  # "Non-Annex", "G-77", "2008-2012"
        prefix = re.search(r"[^\W\d_]+$", above[:-1])
        suffix = re.match(r"[^\W\d_]+", below)
        word = f"{prefix.group() if prefix else ''}-{suffix.group() if suffix else ''}".lower()
        return above + below if hyphenated.kept(word) else above[:-1] + below
    if _WIDE.match(last) or _WIDE.match(first):
        return above + below
    return f"{above} {below}"


def paragraph_text(lines: list[Line], hyphenated: Hyphens) -> tuple[str, list[tuple[int, int]]]:
    """The joined text of a paragraph's lines, and where later pages start inside it."""
    text = lines[0].text
    starts: list[tuple[int, int]] = []
    for previous, line in zip(lines, lines[1:], strict=False):
        joined = join(text, line.text, hyphenated)
        if line.page != previous.page:
            starts.append((len(joined) - len(line.text), line.page))
        text = joined
    return text, starts
