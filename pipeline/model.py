"""The document model shared by every pipeline stage.

A reader turns a file into a ``ParsedFile``: a flat list of ``Block`` paragraphs plus metadata.
Sectioning turns the blocks into a ``Document`` holding a tree of ``Section`` objects.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from enum import StrEnum


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    HEADING = "heading"  # the format itself marks it as a heading (style, <h2>, '#')
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    FOOTNOTE = "footnote"
    PLAIN = "plain"  # text that may not become a heading (a PDF's cover, a contents title)


@dataclass(slots=True)
class Block:
    """One paragraph-sized unit of a source, in its original characters."""

    text: str
    kind: BlockKind = BlockKind.PARAGRAPH
    # Heading level the markup declares (Word style or outline level, <hN>, '#' count).
    level: int | None = None
    # Typed as a heading by direct formatting: short and bold or enlarged (Word, HTML <b>).
    emphasized: bool = False
    # Paged sources (PDF): the 1-based physical page the block starts on, and where later pages
    # begin inside its text, as (offset into ``text``, page) pairs.
    page: int | None = None
    page_starts: tuple[tuple[int, int], ...] = ()


@dataclass(slots=True)
class ParsedFile:
    """What a reader returns: blocks in reading order and document-level metadata.

    A reader fills in what the source itself states; it does not judge it. The document's title,
    date, year and symbol are decided afterwards, by one set of rules for every format
    (``pipeline.metadata``), from these fields, the blocks and the sections:

    - ``title``: a title the document declares in its content: Markdown front matter, HTML
      ``<title>``, a Word paragraph in the Title style, the title lines under a UN masthead.
    - ``properties_title`` / ``properties_date``: the title and creation date of the file's
      document properties (Word core properties, the PDF Info dictionary or XMP). They are often
      left-overs ("Microsoft Word - x.doc", a print job number, the file name), so they count
      only when they pass the rules.
    - ``date``: a date the document declares for itself (front matter, a UN masthead).
    - ``symbol``: a UN document's own symbol, from its masthead (first page).
    - ``header_symbol``: a symbol standing alone in the running page header; used only when
      there is no masthead (a header may carry a stale draft number).
    - ``display_title``: the lines a PDF's first page sets in its largest type, clearly larger
      than the body's; a title candidate after the properties' title.
    """

    format: str
    blocks: list[Block]
    title: str = ""
    date: str = ""  # ISO date (YYYY-MM-DD or a prefix of it) the source declares for itself
    source_id: str = ""  # an identifier the source declares (front-matter ``id``)
    symbol: str = ""  # a UN document's own symbol, from its masthead
    abstract: str = ""  # a summary the source declares (front-matter ``abstract``)
    encoding: str = ""
    properties_title: str = ""
    properties_date: str = ""  # ISO date
    header_symbol: str = ""
    display_title: str = ""  # the largest type on a paged source's first page (PDF)


@dataclass(slots=True)
class Section:
    section_id: str
    doc_id: str
    number: str  # "3.13", "第3章", "一", "I", "1/CP.20", or ""
    heading: str
    level: int  # depth in the tree, 1 at the top
    parent_id: str | None
    text: str  # the body in its original characters
    order: int  # position within the document, from 0
    # Paged sources: (offset into ``text``, page) wherever a page begins, the first at offset 0
    # holding the page of the heading; empty for formats without pages.
    page_breaks: list[tuple[int, int]] = field(default_factory=list)

    @property
    def pages(self) -> tuple[int, int] | None:
        """The first and last page the section spans, or None without pages."""
        if not self.page_breaks:
            return None
        return self.page_breaks[0][1], max(page for _, page in self.page_breaks)


@dataclass(slots=True)
class Document:
    doc_id: str
    source: str
    format: str
    title: str
    sha256: str
    sections: list[Section] = field(default_factory=list)
    date: str = ""  # the document's own date, ISO (a prefix when only the month or year is known)
    year: int | None = None  # the year users filter by (``year:``): see pipeline.metadata
    symbol: str = ""
    size: int = 0  # of the source file, in bytes
    mtime: float = 0.0  # of the source file, when it was read


def page_at(page_breaks: list[tuple[int, int]], offset: int) -> int | None:
    """The page holding ``offset`` of a section's text, given its page breaks (None without)."""
    if not page_breaks:
        return None
    index = bisect_right([start for start, _ in page_breaks], offset) - 1
    return page_breaks[max(index, 0)][1]
