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
from statistics import median

from pipeline.pdflayout.aligned import line_pieces
from pipeline.pdflayout.lines import Line

# How far from the page edge furniture may sit, as a fraction of the page height.
_BAND = 0.18
# At most this many lines at each edge of a page are looked at.
_EDGE_LINES = 4
_MIN_PAGES = 3
_SAME_SIZE = 1.3  # sizes within this ratio of each other are one running head's
# How far (in line heights) a head may stray from the distance other pages keep it at, how
# much its size may differ, and how far (in line heights) it stands from the body at the least.
_PLACE_LATITUDE = 0.5
_SIZE_LATITUDE = 0.25
_APART = 2.0
_PIECE_GAP = 2.0  # a gap this wide (in line heights) parts the pieces of a head
# Numbers following the pages on this share of the pages with text are page numbers wherever
# they stand.
_SERIES_SHARE = 0.4
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

    Then, on each page, what stands where the document keeps its furniture: the page number
    wherever that page sets it (a first page's foot laid out differently), a head whose text
    changes from chapter to chapter in the place the running heads hold on other pages, and
    whatever lies between a page's furniture and the edge.
    """
    pages_with_text = sum(1 for lines in pages if lines)
    needed = _MIN_PAGES if pages_with_text > 4 else 2
    slots: dict[str, list[_Seen]] = defaultdict(list)
    edges = [_edge_lines(lines) for lines in pages]
    for page_index, (lines, edge) in enumerate(zip(pages, edges, strict=True)):
        groups = _groups([line for line in edge if line.cell is None]) + _table_rows(edge, lines)
        for group in groups:
            for text in _texts(group):
                seen = _Seen(page_index, group[0].edge_distance(), group[0].size, text, group)
                slots[furniture_key(text)].append(seen)
    clusters = [part for seen in slots.values() for near in _clusters(seen)
                for part in _by_size(near)]  # fmt: skip
    series = _Series(pages, pages_with_text, needed)
    candidates = {id(line) for cluster in clusters for item in _running(cluster, series)
                  for line in item.lines}  # fmt: skip
    found: set[int] = set()
    running: list[_Seen] = []
    for cluster in clusters:
        # A line repeated deeper in the page than text that is no furniture is body text (a
        # decision's preamble on each page a decision opens).
        outermost = [item for item in cluster if _outermost(item, pages[item.page], candidates)]
        for item in _running(outermost, series):
            found.update(id(line) for line in item.lines)
            running.append(item)
    _page_numbers_elsewhere(edges, running, needed, found)
    _changing_heads(pages, edges, running, needed, found)
    _beyond_furniture(pages, edges, found)
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
    """A group's text, read in either order (a sideways head may stack its lines reversed);
    for a line of pieces set wide apart, also its pieces in a fixed order (odd and even pages
    mirror a head: "Page 2 … Vol. 12" and "Vol. 12 … Page 3")."""
    texts = {_SPACE.sub("", "".join(line.text for line in order)).lower()
             for order in (group, group[::-1])}  # fmt: skip
    if len(group) == 1:
        pieces = [_SPACE.sub("", text).lower() for _, text in line_pieces(group[0], _PIECE_GAP)]
        if len(pieces) >= 2:
            texts.add("".join(sorted(pieces, key=lambda piece: (furniture_key(piece), piece))))
    return texts


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


@dataclass(slots=True)
class _Series:
    """What a run of numbers following the pages must show to be page numbering: pages
    enough, and either a good share of the document's pages or a place apart from the body
    on pages enough (headings that open pages one after the other, "Decision 4/CMP.13" on
    page 7, "Decision 5/CMP.13" on page 8, follow the pages too, for a while)."""

    pages: list[list[Line]]
    pages_with_text: int
    needed: int

    def numbering(self, items: list[_Seen]) -> bool:
        on_pages = {item.page for item in items}
        if len(on_pages) < self.needed:
            return False
        if len(on_pages) >= _SERIES_SHARE * self.pages_with_text:
            return True
        apart = {item.page for item in items if _apart(item.lines, self.pages[item.page], set())}
        return len(apart) >= self.needed


def _running(cluster: list[_Seen], series: _Series) -> list[_Seen]:
    """The occurrences that repeat: the same text, or a number following the page."""
    needed = series.needed
    pages_by_text: dict[str, set[int]] = defaultdict(set)
    for item in cluster:
        pages_by_text[item.text].add(item.page)
    running = [item for item in cluster if len(pages_by_text[item.text]) >= needed]
    offsets: dict[tuple[int, int], list[_Seen]] = defaultdict(list)
    numbered = [(item, item.numbers()) for item in cluster]
    for item, numbers in numbered:
        for position, number in enumerate(numbers):
            offsets[(position, number - item.page)].append(item)
    tracking = {slot for slot, items in offsets.items() if series.numbering(items)}
    for item, numbers in numbered:
        if any((position, n - item.page) in tracking for position, n in enumerate(numbers)):
            running.append(item)
    return running


def _outermost(item: _Seen, page: list[Line], candidates: set[int]) -> bool:
    """Whether only lines repeated as furniture stand between the occurrence and its edge."""
    side = _side(item.lines[0])
    reach = min(line.edge_distance() for line in item.lines) - 0.5 * item.size
    own = {id(line) for line in item.lines}
    return all(id(other) in candidates or id(other) in own for other in page
               if other.edge_distance() < reach and _side(other) == side)  # fmt: skip


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




def _side(line: Line) -> tuple[int, int, bool]:
    """Which edge a line is near: its frame (direction, page height) and the top or not."""
    return line.quarter, round(line.frame_height), line.frame_height - line.y1 < line.y0


def _page_numbers_elsewhere(
    edges: list[list[Line]], running: list[_Seen], needed: int, found: set[int]
) -> None:
    """Edge lines reading as the document's page number (the same text, the number following
    the page as on other pages, at the same edge), wherever on that edge a page sets it."""
    tracked: dict[tuple, set[tuple[int, int]]] = defaultdict(set)
    pages: dict[tuple, set[int]] = defaultdict(set)
    sizes: dict[tuple, list[float]] = defaultdict(list)
    for item in running:
        if len(item.lines) != 1 or "#" not in (key := furniture_key(item.text)):
            continue
        place = (*_side(item.lines[0]), key)
        for position, number in enumerate(item.numbers()):
            pages[(place, position, number - item.page)].add(item.page)
        sizes[place].append(item.size)
    for (place, position, offset), on_pages in pages.items():
        if len(on_pages) >= needed:
            tracked[place].add((position, offset))
    if not tracked:
        return
    for page_index, edge in enumerate(edges):
        keyed = {(*_side(line), furniture_key(line.text)): line for line in edge}
        held = {place for place, line in keyed.items() if id(line) in found}
        for place, line in keyed.items():
            if place not in tracked or place in held or id(line) in found:
                continue
            numbers = _Seen(page_index, 0.0, line.size, _SPACE.sub("", line.text).lower(),
                            [line]).numbers()  # fmt: skip
            follows = any((position, n - page_index) in tracked[place]
                          for position, n in enumerate(numbers))  # fmt: skip
            usual = median(sizes[place])
            if follows and abs(line.size - usual) <= _SIZE_LATITUDE * usual:
                found.add(id(line))


def _changing_heads(
    pages: list[list[Line]],
    edges: list[list[Line]],
    running: list[_Seen],
    needed: int,
    found: set[int],
) -> None:
    """The outermost line of a page edge, set apart from the body, at the distance and in the
    size of the running heads or feet other pages have there set apart alike, whatever it says
    (a chapter's title as its pages' running head, for a chapter of one or two pages)."""
    places: dict[tuple, list[_Seen]] = defaultdict(list)
    for item in running:
        places[_side(item.lines[0])].append(item)
    established = []
    for side, items in places.items():
        for cluster in _clusters(items):
            on_pages = {item.page for item in cluster}
            apart = {item.page for item in cluster
                     if _apart(item.lines, pages[item.page], found)}  # fmt: skip
            if len(apart) >= needed:
                distance = median(item.distance for item in cluster)
                size = median(item.size for item in cluster)
                established.append((side, distance, size, on_pages))
    for side, distance, size, on_pages in established:
        for page_index, edge in enumerate(edges):
            if page_index in on_pages:
                continue
            outer = [line for line in edge if _side(line) == side]
            if not outer:
                continue
            line = min(outer, key=lambda line: line.edge_distance())
            if (
                id(line) not in found
                and abs(line.edge_distance() - distance) <= _PLACE_LATITUDE * size
                and abs(line.size - size) <= _SIZE_LATITUDE * size
                and _apart([line], pages[page_index], found)
            ):
                found.add(id(line))


def _apart(lines: list[Line], page: list[Line], found: set[int]) -> bool:
    """Whether the page's other lines at that edge, furniture aside, all stand well inside
    these lines (a running head or foot is set apart from the body)."""
    side = _side(lines[0])
    inner = max(_far_side(line) for line in lines)
    size = max(line.size for line in lines)
    own = {id(line) for line in lines}
    nearest = min((other.edge_distance() for other in page
                   if _side(other) == side and id(other) not in found and id(other) not in own),
                  default=lines[0].frame_height)  # fmt: skip
    return nearest - inner >= _APART * size


def _far_side(line: Line) -> float:
    """How far from its edge the line's side towards the middle of the page lies."""
    return line.edge_distance() + (line.y1 - line.y0)


def _beyond_furniture(pages: list[list[Line]], edges: list[list[Line]], found: set[int]) -> None:
    """Edge lines wholly further out than a page's furniture at the same edge, set apart from
    the body: no body text stands between the running head or foot and the edge of the page
    (a footnote running on beside a page number does, but it is no line apart)."""
    for page, edge in zip(pages, edges, strict=True):
        innermost: dict[tuple, float] = {}
        for line in edge:
            if id(line) in found:
                side = _side(line)
                innermost[side] = max(innermost.get(side, 0.0), line.edge_distance())
        for line in sorted(edge, key=lambda line: -line.edge_distance()):
            side = _side(line)
            if (
                side in innermost
                and _far_side(line) <= innermost[side]
                and _apart([line], page, found)
            ):
                found.add(id(line))
