"""Tables drawn without borders: cells lined up in columns by whitespace alone.

A line is a table row candidate when wide gaps split it into two pieces or more, each holding
a word, a number or a dash (the pieces of a formula do not count); a list marker set a tab
apart from its item (``24.``, ``(a)``, ``A.1.2``, ``•``) stays with it. A table is a stretch of
lines, one below the other at most a few line pitches apart, holding at least three such rows
whose every piece after the first starts, ends or is centred where a piece of another row does
(numbers are often set flush right, headers centred). Lines between those rows belong to the
table when they lie within its width and are set no larger: in a later column (a wrapped
cell), or in the first column ending before the second starts (a group label); a line of
running text crosses from the first column into the next and ends the table. A header cell
wrapped over the lines right above the first row belongs to it too.

What is not a table: two columns of running text set line by line across the page (both wide,
most lines reaching both right edges), a numbered or bulleted list, a contents table (rows
ending in page numbers that go up), and lines the caller keeps out (contents found by the
contents rules, a cover page, cells of ruled tables).

Each line of a table becomes one line per piece (cut also at a word space where a column
starts), placed in a ``Cell`` of its own table: a line with text in the first column starts a
row, one without continues the row above (a wrapped cell, a cell spanning rows), so the caller
gathers rows as it does for ruled tables.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from pipeline.pdflayout.lines import Line, Placed
from pipeline.pdflayout.tables import Cell

# Every measure below is in the line's own size (its glyph height).
_COLUMN_GAP = 1.0  # a gap at least this wide between two pieces of a line separates cells
_ALIGN = 1.0  # piece edges this close line up
_WORD_GAP = 0.2  # inside a table, a gap this wide…
_COLUMN_EDGE = 0.5  # …right where a column starts separates cells too
_MAX_PITCH = 2.6  # rows further apart than this are not one table
_WRAP_PITCH = 1.35  # a header cell wrapped over lines: one line pitch above the row
_SMALL = 0.7  # lines this much smaller than the line above are sub- or superscripts
_LARGER = 1.1  # a line set larger than the table's rows is no part of it
_MIN_ROWS = 3  # aligned rows a table needs
_MAX_BETWEEN = 8  # other lines in a row between two aligned rows
_MAX_HEADER_LINES = 3
_CONTENTS_SHARE = 0.75  # rows ending in a page number, and rising: a contents table
_FULL_SHARE = 0.6  # two columns of text: this share of rows reach the right edge in both…
_TEXT_COLUMN = 12  # …and both columns are at least this wide
_EVEN_GAPS = 0.1  # word gaps this close to each other are a justified line's stretched spaces
_JUSTIFIED_GAPS = 2  # a line needs this many of them

_MARKER = re.compile(
    r"""^(?:[•●○■□◆◇▪►✓➢–—*-]
    |[(（]?(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,6}|[一二三四五六七八九十]{1,3})
       (?:\.(?:\d{1,3}|[a-zA-Z]))*[.)）、]?\.?
    |(?:article|art\.|section|rule|paragraph|para\.|annex|chapter)\s*[\dIVXLC]{1,4}[.:]?
    |第[一二三四五六七八九十百\d]{1,4}[章節节條条款])$""",
    re.VERBOSE | re.IGNORECASE,
)
_WORDS = re.compile(r"[^\W\d_]{2,}")
_CELL_TEXT = re.compile(r"\w|^[-–—‐.…]+$")  # words, numbers, or a dash for "none"
# Table numbers sit below those of ruled tables (0, 1, …) so the two never meet.
_FIRST_TABLE = -1


@dataclass(slots=True)
class _Piece:
    x0: float
    x1: float
    spans: list[Placed]
    text: str


@dataclass(slots=True)
class _Row:
    line: Line
    pieces: list[_Piece]
    aligned: bool = False


def find_aligned_tables(lines: list[Line], excluded: set[int]) -> list[Line]:
    """The document's lines (reading order) with the lines of borderless tables replaced by
    their cells' pieces, each carrying its ``Cell``; other lines are returned as they are.
    Lines whose id is in ``excluded`` are never part of a table."""
    out: list[Line] = []
    number = _FIRST_TABLE
    for run in _runs(lines, excluded):
        if len(run) < _MIN_ROWS:  # too few lines to hold a table
            out.extend(run)
            continue
        rows = [_Row(line, _pieces(line)) for line in run]
        _mark_aligned(rows)
        replaced: dict[int, list[Line]] = {}
        for table in _tables(rows):
            replaced.update(_cells(table, number))
            number -= 1
        for line in run:
            out.extend(replaced.get(id(line), [line]))
    return out


def _runs(lines: list[Line], excluded: set[int]) -> list[list[Line]]:
    """Consecutive lines of one page, each below the one before (or on its band) and at most a
    few line pitches from it; sub- and superscripts set apart do not break a run."""
    runs: list[list[Line]] = []
    reference: Line | None = None
    for line in lines:
        if line.cell is not None or id(line) in excluded:
            runs.append([line])
            reference = None
            continue
        if reference is not None and _follows(reference, line):
            runs[-1].append(line)
            if line.size >= _SMALL * reference.size:
                reference = line
            continue
        runs.append([line])
        reference = line
    return runs


def _follows(above: Line, line: Line) -> bool:
    if line.page != above.page or line.quarter != above.quarter:
        return False
    size = max(above.size, line.size)
    if line.size < _SMALL * above.size:  # a sub- or superscript: near the line above
        return above.y0 - _MAX_PITCH * size <= line.y0 <= above.y1 + size
    if _same_band(above, line):
        return True
    return line.y1 <= above.y0 + 0.3 * size and above.y0 - line.y0 <= _MAX_PITCH * size


def _same_band(a: Line, b: Line) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap >= 0.5 * min(a.y1 - a.y0, b.y1 - b.y0)


def _pieces(line: Line, columns: list[float] | None = None) -> list[_Piece]:
    """The line cut at its wide gaps, a leading list marker kept with what follows it. Inside
    a table (its ``columns`` known), also cut at a word space where a column starts."""
    whole = [_Piece(line.x0, line.x1, line.spans, line.text)]
    if len(line.spans) < 2 or _justified(line):
        return whole
    size = line.size
    groups: list[list[Placed]] = []
    right = 0.0  # where the current group ends
    for span in line.spans:
        if groups:
            gap = span.x0 - right
            at_column = (
                columns is not None
                and gap > _WORD_GAP * size
                and any(abs(span.x0 - start) <= _COLUMN_EDGE * size for start in columns[1:])
            )
            if gap < _COLUMN_GAP * size and not at_column:
                groups[-1].append(span)
                right = max(right, span.x1)
                continue
        groups.append([span])
        right = span.x1
    if len(groups) < 2:
        return whole
    texts = split_text(line, groups)
    if texts is None:
        return whole
    pieces = [
        _Piece(min(s.x0 for s in group), max(s.x1 for s in group), group, text)
        for group, text in zip(groups, texts, strict=True)
    ]
    if _MARKER.match(pieces[0].text):
        first, second = pieces[0], pieces[1]
        pieces[:2] = [_Piece(first.x0, second.x1, first.spans + second.spans,
                             f"{first.text} {second.text}")]  # fmt: skip
    return pieces


def line_pieces(line: Line, gap: float) -> list[tuple[float, str]]:
    """The line cut where gaps of at least ``gap`` line heights set its pieces apart (a
    masthead's or a running head's parts on one baseline): where each starts, and its text."""
    groups: list[list[Placed]] = []
    right = 0.0
    for span in sorted(line.spans, key=lambda span: span.x0):
        if groups and span.x0 - right < gap * line.size:
            groups[-1].append(span)
            right = max(right, span.x1)
        else:
            groups.append([span])
            right = span.x1
    texts = split_text(line, groups) if len(groups) >= 2 else None
    if texts is None:
        return [(line.x0, line.text)]
    return [(group[0].x0, text) for group, text in zip(groups, texts, strict=True)]


def _justified(line: Line) -> bool:
    """A line of running text set justified: its words (two of them or more with letters) all
    set the same gap apart, however wide the narrow column stretched them."""
    size = line.size
    gaps = []
    for before, after in zip(line.spans, line.spans[1:], strict=False):
        gap = after.x0 - before.x1
        if gap > _WORD_GAP * size or after.space_before:
            gaps.append(gap)
    if len(gaps) < _JUSTIFIED_GAPS or max(gaps) - min(gaps) > _EVEN_GAPS * size:
        return False
    return len(_WORDS.findall(line.text)) >= 2


def split_text(line: Line, groups: list[list[Placed]]) -> list[str] | None:
    """The line's text cut where each group of spans starts: every span is found in turn,
    right after the one before; None when the text does not follow the spans (a marker the
    line dropped or rewrote), so the line is left whole."""
    text = line.text
    cursor = 0
    starts: list[int] = []
    for group in groups:
        for index, span in enumerate(group):
            wanted = span.text.strip()
            if not wanted:
                continue
            found = text.find(wanted, cursor, cursor + len(wanted) + 3)
            if found < 0:
                if index == 0:
                    return None
                continue
            if index == 0:
                starts.append(found)
            cursor = found + len(wanted)
    if len(starts) != len(groups) or starts[0] != 0:
        return None
    bounds = [*starts[1:], len(text)]
    return [text[start:end].strip() for start, end in zip(starts, bounds, strict=True)]


def _mark_aligned(rows: list[_Row]) -> None:
    """A row of two pieces or more, each with a letter or digit or a dash (not the pieces of a
    formula), is aligned when each of its pieces after the first starts, ends or is centred
    where a piece of another such row of the run does."""
    multi = [
        row
        for row in rows
        if len(row.pieces) >= 2 and all(_CELL_TEXT.search(piece.text) for piece in row.pieces)
    ]
    for row in multi:
        tolerance = _ALIGN * row.line.size
        row.aligned = all(
            any(
                other is not row
                and any(_lined_up(mine, theirs, tolerance) for theirs in other.pieces[1:])
                for other in multi
            )
            for mine in row.pieces[1:]
        )


def _lined_up(a: _Piece, b: _Piece, tolerance: float) -> bool:
    return (
        abs(a.x0 - b.x0) <= tolerance
        or abs(a.x1 - b.x1) <= tolerance
        or abs(a.x0 + a.x1 - b.x0 - b.x1) <= 2 * tolerance
    )


def _tables(rows: list[_Row]) -> list[list[_Row]]:
    """Stretches of a run that hold a table: from an aligned row to the last aligned row after
    it with few other lines between, each inside the table, with a wrapped header cell above
    and wrapped cells below."""
    tables = []
    floor = 0  # rows before this belong to a table already
    index = 0
    while index < len(rows):
        if not rows[index].aligned:
            index += 1
            continue
        end = index
        between = 0
        for probe in range(index + 1, len(rows)):
            if rows[probe].aligned:
                end, between = probe, 0
                continue
            between += 1
            if between > _MAX_BETWEEN or not _inside(rows[probe], rows[index : end + 1]):
                break
        stretch = rows[index : end + 1]
        if not _is_table(stretch):
            index = end + 1  # a part of it is no table either
            continue
        columns = _column_starts(stretch)
        header = _header(rows[floor:index], stretch, columns)
        tail = _tail(rows[end + 1 :], stretch[-1], columns)
        tables.append(header + stretch + tail)
        index = floor = end + 1 + len(tail)
    return tables


def _column_starts(rows: list[_Row]) -> list[float]:
    """Where the table's columns start: the first column at the rows' left edge (row labels
    may be indented under a group label), each other where pieces of aligned rows after their
    first start, near ones taken as one."""
    aligned = [row for row in rows if row.aligned]
    size = max(row.line.size for row in rows)
    edges = sorted(piece.x0 for row in aligned for piece in row.pieces[1:])
    starts = [min(row.line.x0 for row in aligned)]
    for edge in edges:
        if edge - starts[-1] > _ALIGN * size:
            starts.append(edge)
    return starts


def _inside(row: _Row, stretch: list[_Row]) -> bool:
    """Whether a line after aligned rows belongs to their table: within the table's width and
    set no larger than its rows, either in a later column (a wrapped cell, which may run on)
    or in the first column and ending before the second starts (a group label, a wrapped row
    label). A line of running text crosses from the first column into the next."""
    aligned = [r.line for r in stretch if r.aligned]
    columns = _column_starts(stretch)
    line = row.line
    tolerance = _ALIGN * line.size
    if line.x0 < columns[0] - tolerance or line.x1 > max(a.x1 for a in aligned) + 3 * line.size:
        return False
    if line.size > _LARGER * max(a.size for a in aligned):
        return False
    if _column(line.x0, columns, line.size) > 0 or len(columns) < 2:
        return True
    if line.x1 < columns[1] - _WORD_GAP * line.size:
        return True
    return _fits(line, columns)


def _fits(line: Line, columns: list[float]) -> bool:
    """Whether the line, cut at word spaces where the table's columns start, is a row of it."""
    pieces = _pieces(line, columns)
    edge = _COLUMN_EDGE * line.size
    return len(pieces) >= 2 and all(
        any(abs(piece.x0 - start) <= edge for start in columns[1:]) for piece in pieces[1:]
    )


def _is_table(stretch: list[_Row]) -> bool:
    aligned = [row for row in stretch if row.aligned]
    if len(aligned) < _MIN_ROWS:
        return False
    return not _text_columns(aligned) and not _contents(aligned)


def _text_columns(aligned: list[_Row]) -> bool:
    """Two columns of running text, drawn line by line: both columns are wide and most lines
    fill both to their right edges."""
    if any(len(row.pieces) != 2 for row in aligned):
        return False
    size = max(row.line.size for row in aligned)
    for i in (0, 1):
        width = max(row.pieces[i].x1 for row in aligned) - min(row.pieces[i].x0 for row in aligned)
        if width < _TEXT_COLUMN * size:
            return False
    right = [max(row.pieces[i].x1 for row in aligned) for i in (0, 1)]
    full = sum(
        1 for row in aligned if all(right[i] - row.pieces[i].x1 <= _ALIGN * size for i in (0, 1))
    )
    return full >= _FULL_SHARE * len(aligned)


def _contents(aligned: list[_Row]) -> bool:
    """A contents table the contents rules left (a list of tables, then one of figures): rows
    ending in a page number, the numbers going up but for a new list's restart."""
    pages = [int(row.pieces[-1].text) for row in aligned
             if row.pieces[-1].text.isdigit() and len(row.pieces[-1].text) <= 3]  # fmt: skip
    if len(pages) < _CONTENTS_SHARE * len(aligned):
        return False
    rising = sum(1 for a, b in zip(pages, pages[1:], strict=False) if b >= a)
    return rising >= _CONTENTS_SHARE * (len(pages) - 1)


def _header(before: list[_Row], stretch: list[_Row], columns: list[float]) -> list[_Row]:
    """Lines right above the first row, one line pitch apart: a header cell wrapped over lines
    ("SOUTHERN" above "GROUP"), within one column, or a header row whose cells span columns
    ("CO2" centred over "Emissions  Removals"), starting at the first column."""
    header: list[_Row] = []
    below = stretch[0].line
    right = max(row.line.x1 for row in stretch)
    for row in reversed(before[-_MAX_HEADER_LINES:]):
        line = row.line
        if len(row.pieces) == 1:
            if not _within_column(line, columns):
                break
        elif not (
            abs(line.x0 - columns[0]) <= _ALIGN * line.size
            and line.x1 <= right + 3 * line.size
            and all(_CELL_TEXT.search(piece.text) for piece in row.pieces)
        ):
            break
        if not 0 < line.y0 - below.y0 <= _WRAP_PITCH * max(line.size, below.size):
            break
        header.insert(0, row)
        below = line
    return header


def _tail(after: list[_Row], last: _Row, columns: list[float]) -> list[_Row]:
    """Lines right below the last row that continue its cells: one line pitch apart, starting
    inside the table but not in its first column."""
    tail: list[_Row] = []
    above = last.line
    for row in after:
        line = row.line
        if _column(line.x0, columns, line.size) == 0 or not _within_column(line, columns):
            break
        if not 0 < above.y0 - line.y0 <= _WRAP_PITCH * max(line.size, above.size):
            break
        tail.append(row)
        above = line
    return tail


def _within_column(line: Line, columns: list[float]) -> bool:
    column = _column(line.x0, columns, line.size)
    following = columns[column + 1] if column + 1 < len(columns) else float("inf")
    return abs(line.x0 - columns[column]) <= _ALIGN * line.size and line.x1 < following


def _column(x: float, columns: list[float], size: float) -> int:
    found = 0
    for index, start in enumerate(columns):
        if start <= x + _ALIGN * size:
            found = index
    return found


def _cells(table: list[_Row], number: int) -> dict[int, list[Line]]:
    """Each line of the table as one line per piece, in the cell of its row and column."""
    columns = _column_starts(table)
    replaced: dict[int, list[Line]] = {}
    row_line: Line | None = None
    for row in table:
        line = row.line
        pieces = _pieces(line, columns) if row.aligned or _fits(line, columns) else row.pieces
        in_first = any(_column(p.x0, columns, line.size) == 0 for p in pieces)
        if row_line is None or (in_first and not _same_band(row_line, line)):
            row_line = line
        top = row_line.y1
        replaced[id(line)] = [
            dataclasses.replace(
                line,
                text=piece.text,
                x0=piece.x0,
                x1=piece.x1,
                spans=piece.spans,
                cell=Cell(number, _column(piece.x0, columns, line.size), top),
            )
            for piece in pieces
            if piece.text
        ]
    return replaced
