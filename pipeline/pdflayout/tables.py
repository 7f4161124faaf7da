"""Ruled tables: the grid a page's drawn borders make, and the cell a piece of text stands in.

A table is found from its borders alone: at least three vertical rules side by side over the
same height (two columns or more), crossed by horizontal rules that split the columns into
rows. Each column keeps its own row borders, so a cell spanning several rows (a group label
beside its items) is one cell. A frame around a page or a box, or a line between two columns of
text, makes no grid; a grid whose text does not fill at least two cells in each of two rows (or
a header row and two more; or one row of three cells, a table's last row on a page of its own)
is no table either (the caller checks that, once text is placed in it).

Tables drawn without borders are found by alignment (``aligned``); their cells use the same
``Cell`` with negative table numbers.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # left, bottom, right, top

_SAME_LINE = 1.5  # rules this close (points) across their length are one border
_JOIN_GAP = 3.0  # border pieces this close along their length are one border
_MIN_COLUMNS = 2
_MAX_COLUMNS = 60
_MIN_ROWS = 2
# A grid of one row (the last row of a table continued from the page before) needs this many
# columns: two boxed columns of text are no table.
_ONE_ROW_COLUMNS = 3


@dataclass(frozen=True, slots=True)
class Cell:
    table: int  # which grid of its page (and text direction)
    column: int
    top: float  # the cell's top border: cells with the same top form a row


@dataclass(slots=True)
class Grid:
    edges: list[float]  # x of the column borders, left to right
    bottom: float
    top: float
    row_borders: list[list[float]]  # per column: y of its horizontal borders, ascending

    def cell_at(self, x: float, y: float, table: int) -> Cell | None:
        if not self.bottom < y < self.top:
            return None
        column = bisect_right(self.edges, x) - 1
        if not 0 <= column < len(self.edges) - 1:
            return None
        borders = self.row_borders[column]
        above = bisect_right(borders, y)
        if above >= len(borders):
            return None
        return Cell(table, column, borders[above])


def find_grids(rules: list[Box]) -> list[Grid]:
    """The table grids that these thin rules (in one text direction's frame) draw."""
    vertical = _borders([(r[0] + r[2]) / 2, r[1], r[3]] for r in rules if r[2] - r[0] < r[3] - r[1])
    horizontal = _borders([(r[1] + r[3]) / 2, r[0], r[2]] for r in rules
                          if r[2] - r[0] >= r[3] - r[1])  # fmt: skip
    grids = []
    for group in _overlapping(vertical):
        edges = _distinct(sorted(position for position, _, _ in group))
        if not _MIN_COLUMNS < len(edges) <= _MAX_COLUMNS:
            continue  # a frame or a line between columns of text; or hatching, a chart
        bottom = min(start for _, start, _ in group)
        top = max(end for _, _, end in group)
        row_borders = []
        for left, right in zip(edges, edges[1:], strict=False):
            middle = (left + right) / 2
            ys = [position for position, start, end in horizontal
                  if start <= middle <= end and bottom - _JOIN_GAP <= position <= top + _JOIN_GAP]
            row_borders.append(_distinct(sorted([*ys, bottom, top])))  # fmt: skip
        rows = max(len(borders) - 1 for borders in row_borders)
        if rows >= _MIN_ROWS or len(edges) - 1 >= _ONE_ROW_COLUMNS:
            grids.append(Grid(edges, bottom, top, row_borders))
    return grids


def is_table(cells: set[Cell]) -> bool:
    """Whether the cells holding text make a table: two rows with two filled cells or more, or
    one such row (a header) above or below two more rows with text (a form left to fill in)."""
    per_row: dict[float, int] = {}
    for cell in cells:
        per_row[cell.top] = per_row.get(cell.top, 0) + 1
    full = sum(1 for count in per_row.values() if count >= _MIN_COLUMNS)
    if full >= _MIN_ROWS or (full >= 1 and len(per_row) > _MIN_ROWS):
        return True
    return len(per_row) == 1 and max(per_row.values()) >= _ONE_ROW_COLUMNS


def _borders(segments) -> list[tuple[float, float, float]]:
    """Collinear pieces that touch joined: (position across, start, end along)."""
    joined: list[list[float]] = []
    for position, start, end in sorted(segments, key=lambda s: (round(s[0]), s[1])):
        for border in reversed(joined[-8:]):
            if abs(border[0] - position) <= _SAME_LINE and start <= border[2] + _JOIN_GAP:
                border[2] = max(border[2], end)
                break
        else:
            joined.append([position, start, end])
    return [(position, start, end) for position, start, end in joined]


def _overlapping(vertical: list[tuple[float, float, float]]) -> list[list]:
    """Vertical borders grouped by the heights they share (chained overlaps)."""
    groups: list[list] = []
    reach = 0.0  # the top of the current group
    for border in sorted(vertical, key=lambda b: b[1]):
        if groups and border[1] < reach - _JOIN_GAP:
            groups[-1].append(border)
            reach = max(reach, border[2])
        else:
            groups.append([border])
            reach = border[2]
    return groups


def _distinct(values: list[float]) -> list[float]:
    out: list[float] = []
    for value in values:
        if not out or value - out[-1] > _SAME_LINE:
            out.append(value)
    return out
