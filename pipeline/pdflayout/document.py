"""Pages of spans -> the blocks of a document, each knowing its pages.

The steps, each in its own module: lines per page (``lines``, ruled tables found by
``tables``), running heads, feet and page numbers dropped (``furniture``), the document's own UN
symbol, date and title (``masthead``), contents tables dropped and cover lines kept from becoming
headings (``contents``), tables without borders found by alignment (``aligned``), footnotes set
apart, lines joined into paragraphs across line and page breaks (``paragraphs``), and each
table's cells gathered into rows.
"""

from __future__ import annotations

from collections import Counter

from pipeline.model import Block, BlockKind, ParsedFile
from pipeline.pdflayout.aligned import find_aligned_tables
from pipeline.pdflayout.contents import cover_page, find_contents
from pipeline.pdflayout.furniture import find_furniture
from pipeline.pdflayout.glyphs import Page
from pipeline.pdflayout.lines import Line, page_lines
from pipeline.pdflayout.masthead import dated_apart, document_symbol, masthead
from pipeline.pdflayout.paragraphs import (
    Hyphens,
    LineMetrics,
    continues,
    hyphens,
    paragraph_text,
)
from pipeline.pdflayout.scripts import even_script_sizes
from pipeline.pdflayout.tables import Cell
from pipeline.pdflayout.title import display_title
from pipeline.readers.emphasis import (
    CAPITALS_MAX_CHARS,
    DISPLAY_MAX_CHARS,
    EMPHASIS_MAX_CHARS,
    ENLARGED_RATIO,
    heading_like,
    in_capitals,
)

_FOOTNOTE_SIZE = 0.88  # footnotes are set smaller than the body…
_FOOTNOTE_DEPTH = 0.45  # …below it, in the lower part of the page
_SAME_HEADING_SIZE = 0.06  # headings whose sizes differ by less than this share are one tier
_MASTHEAD = 0.3  # the top part of the first page a masthead or a title stands in
_BODY_SIZE = 0.06  # lines within this share of the body's size are set in it
_PARAGRAPH_PITCH = 1.6  # the lines of a paragraph lie at most this many sizes apart


def assemble(pages: list[Page]) -> ParsedFile:
    """The document's blocks in reading order, with its UN symbol if it has a masthead."""
    by_page = [page_lines(page) for page in pages]
    even_script_sizes(by_page)
    furniture = find_furniture(by_page)
    running = [line for lines in by_page for line in lines if id(line) in furniture]
    body_pages = [[line for line in lines if id(line) not in furniture] for lines in by_page]
    symbol = document_symbol(body_pages[0], running) if body_pages else ""
    found = masthead(body_pages[0]) if body_pages else None
    plain: set[int] = set()
    cover = cover_page(body_pages)
    if cover is not None:
        plain.update(id(line) for line in body_pages[cover])
    lines = [line for page in body_pages for line in page]
    contents = find_contents(lines)
    plain |= contents.not_headings
    lines = [line for line in lines if id(line) not in contents.dropped]
    lines = find_aligned_tables(lines, plain)
    body_size, body_bold = _body_style(lines) if lines else (0.0, False)
    blocks = _blocks(lines, plain, body_size, body_bold)
    title, date = (found.title, found.date) if found is not None else ("", "")
    if not date and body_pages:
        date = dated_apart(body_pages[0])
    shown = display_title(body_pages, body_size) if lines else ""
    return ParsedFile(format="pdf", blocks=blocks, symbol=symbol, title=title, date=date,
                      display_title=shown)  # fmt: skip


def _blocks(lines: list[Line], plain: set[int], body_size: float, body_bold: bool) -> list[Block]:
    if not lines:
        return []
    notes = _footnotes(lines, body_size)
    metrics = LineMetrics(lines)
    title_size = ENLARGED_RATIO * body_size
    hyphenated = hyphens(lines)
    blocks: list[Block] = []
    headings: list[tuple[Block, float, bool]] = []
    first_page = lines[0].page
    text_top = _text_top(lines, body_size)
    held: list[Block] = []  # footnotes wait until the paragraph they interrupt is done
    paragraph: list[Line] = []
    footnote: list[Line] = []

    def close_paragraph() -> None:
        if paragraph:
            block = _block(paragraph, hyphenated, plain, body_size, body_bold)
            lead = _run_in_lead(paragraph, block.text) if block.kind == BlockKind.PARAGRAPH else 0
            on_top = _on_top(paragraph[0], first_page, text_top)
            if lead:
                heading, block = _split_at(block, lead)
                headings.append((heading, paragraph[0].size, on_top))
                blocks.append(heading)
            elif block.emphasized:
                headings.append((block, paragraph[0].size, on_top))
            blocks.append(block)
            paragraph.clear()
        blocks.extend(held)
        held.clear()

    def close_footnote() -> None:
        if footnote:
            text, starts = paragraph_text(footnote, hyphenated)
            held.append(Block(text, BlockKind.FOOTNOTE, page=footnote[0].page,
                              page_starts=tuple(starts)))  # fmt: skip
            footnote.clear()

    tables = _table_rows(lines, hyphenated)
    for line in lines:
        if line.cell is not None:
            close_footnote()
            rows = tables.pop((line.page, line.quarter, line.cell.table), None)
            if rows is not None:  # the whole table where its first line is read
                close_paragraph()
                blocks.extend(rows)
            continue
        if id(line) in notes:
            if not footnote or not continues(footnote[-1], line, footnote, metrics):
                close_footnote()
            footnote.append(line)
            continue
        close_footnote()
        if paragraph and continues(paragraph[-1], line, paragraph, metrics, title_size):
            paragraph.append(line)
            continue
        close_paragraph()
        paragraph.append(line)
    close_footnote()
    close_paragraph()
    _rank_headings(headings)
    return blocks


def _text_top(lines: list[Line], body_size: float) -> float:
    """How high the first page's body text starts: its highest line of a paragraph (a line
    with another right below it) set in the body's size and weight. A masthead's or a title's
    lines stand above it, and a masthead's single lines (a service's name, an issue's date) do
    not count."""
    first = lines[0].page

    def body(line: Line) -> bool:
        return (line.page == first and not line.bold and line.cell is None
                and abs(line.size - body_size) <= _BODY_SIZE * body_size)  # fmt: skip

    return max((upper.y1 for upper, lower in zip(lines, lines[1:], strict=False)
                if body(upper) and body(lower) and abs(upper.x0 - lower.x0) <= upper.size
                and 0 < upper.y0 - lower.y0 <= _PARAGRAPH_PITCH * upper.size),
               default=0.0)  # fmt: skip


def _on_top(line: Line, first_page: int, text_top: float) -> bool:
    """Whether the line stands at the top of the document's first page, above its body text,
    where a masthead or a title is set."""
    return (line.page == first_page and line.y0 > text_top
            and line.frame_height - line.y1 <= _MASTHEAD * line.frame_height)  # fmt: skip


def _run_in_lead(lines: list[Line], text: str) -> int:
    """How long the bold lead in capitals ending in a colon is that opens the paragraph, run in
    before its text (``KYOTO PROTOCOL: In December 1997…``, as bulletins set sub-headings);
    0 when it has none."""
    colon = text.find(":")
    if not 0 < colon <= CAPITALS_MAX_CHARS or not in_capitals(text[:colon]):
        return 0
    spans = [span for line in lines for span in line.spans]
    for index, span in enumerate(spans):
        if not span.bold:
            return 0
        if ":" in span.text:
            following = spans[index + 1] if index + 1 < len(spans) else None
            if not span.text.rstrip().endswith(":") or following is None or following.bold:
                return 0
            return colon + 1
    return 0


def _split_at(block: Block, cut: int) -> tuple[Block, Block]:
    """A paragraph's run-in heading, and its text after it."""
    page = block.page
    starts = []
    for offset, on_page in block.page_starts:
        if offset <= cut:
            page = on_page
        else:
            starts.append((offset, on_page))
    rest = block.text[cut:]
    gap = len(rest) - len(rest.lstrip())
    heading = Block(block.text[:cut].strip(), page=block.page, emphasized=True)
    return heading, Block(rest.lstrip(), page=page,
                          page_starts=tuple((o - cut - gap, p) for o, p in starts))  # fmt: skip


def _rank_headings(headings: list[tuple[Block, float, bool]]) -> None:
    """Each heading's level by its type: the sizes headings are set in, the largest first. The
    lines a first page's masthead or title sets at its top (``on_top``) larger than any
    heading below are no heading: the document's title is no chapter its headings fall
    under (it stays as text, as a cover's lines do)."""
    below = [size for _, size, on_top in headings if not on_top]
    largest = max(below, default=float("inf"))
    title = {id(block) for block, size, on_top in headings
             if on_top and size > (1 + _SAME_HEADING_SIZE) * largest}  # fmt: skip
    tiers: list[float] = []  # the smallest size of each tier
    ranked = sorted((size for block, size, _ in headings if id(block) not in title), reverse=True)
    for size in ranked:
        if not tiers or size < (1 - _SAME_HEADING_SIZE) * tiers[-1]:
            tiers.append(size)
        else:
            tiers[-1] = size
    for block, size, _ in headings:
        if id(block) in title:
            block.emphasized = False
            continue
        block.level = next((level for level, low in enumerate(tiers, start=1) if size >= low), 1)


def _table_rows(lines: list[Line], hyphenated: Hyphens) -> dict[tuple, list[Block]]:
    """The rows of each ruled table, by (page, direction, table): a row's cells in column
    order, each cell's lines joined as a paragraph's, empty cells left out."""
    cells: dict[tuple, dict[Cell, list[Line]]] = {}
    for line in lines:
        if line.cell is not None:
            key = (line.page, line.quarter, line.cell.table)
            cells.setdefault(key, {}).setdefault(line.cell, []).append(line)
    tables: dict[tuple, list[Block]] = {}
    for key, table in cells.items():
        rows: dict[float, list[tuple[int, str]]] = {}
        for cell, cell_lines in table.items():
            cell_lines.sort(key=lambda line: (-line.y1, line.x0))
            text, _ = paragraph_text(cell_lines, hyphenated)
            rows.setdefault(cell.top, []).append((cell.column, text))
        tables[key] = [
            Block(" | ".join(text for _, text in sorted(rows[top])), BlockKind.TABLE_ROW,
                  page=key[0])  # fmt: skip
            for top in sorted(rows, reverse=True)
        ]
    return tables


def _block(
    lines: list[Line], hyphenated: Hyphens, plain: set[int], body_size: float, body_bold: bool
) -> Block:
    text, starts = paragraph_text(lines, hyphenated)
    if any(id(line) in plain for line in lines):
        return Block(text, BlockKind.PLAIN, page=lines[0].page, page_starts=tuple(starts))
    enlarged = lines[0].size >= ENLARGED_RATIO * body_size
    bold = all(line.bold for line in lines) and not body_bold
    longest = DISPLAY_MAX_CHARS if enlarged and bold else EMPHASIS_MAX_CHARS
    emphasized = (enlarged or bold) and heading_like(text, longest)
    return Block(text, page=lines[0].page, page_starts=tuple(starts), emphasized=emphasized)


def _body_style(lines: list[Line]) -> tuple[float, bool]:
    """The size and weight most of the text is set in."""
    sizes: Counter[float] = Counter()
    weights: Counter[bool] = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
        weights[line.bold] += len(line.text)
    return sizes.most_common(1)[0][0], weights.most_common(1)[0][0]


def _footnotes(lines: list[Line], body_size: float) -> set[int]:
    """Lines set smaller than the body, below all of a page's body text, low on the page."""
    lowest_body: dict[tuple[int, int], float] = {}
    for line in lines:
        if line.size >= _FOOTNOTE_SIZE * body_size:
            key = (line.page, line.quarter)
            lowest_body[key] = min(lowest_body.get(key, line.y0), line.y0)
    return {
        id(line)
        for line in lines
        if line.size < _FOOTNOTE_SIZE * body_size
        and line.y1 <= lowest_body.get((line.page, line.quarter), -1.0)
        and line.y1 <= _FOOTNOTE_DEPTH * line.frame_height
    }
