"""HTML reader: headings, paragraphs, list items and table rows from the page body.

The tree is walked with an explicit stack, so arbitrarily deep nesting cannot overflow the
Python stack. Page chrome (navigation, page header and footer, scripts) is not indexed.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from copdocs.errors import ReadError
from pipeline.limits import MAX_HTML_ELEMENTS
from pipeline.model import Block, BlockKind, ParsedFile
from pipeline.readers.emphasis import ENLARGED_RATIO, heading_like
from pipeline.readers.htmlcharset import decode_html

_SKIP = {
    "script", "style", "noscript", "template", "nav", "footer", "head", "iframe", "object",
    "embed", "svg", "canvas", "select", "button", "textarea", "rt", "rp",
}  # fmt: skip
_SECTIONING = {"article", "main", "section"}  # a <header> inside these is content, not chrome
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = {
    "p", "div", "section", "article", "main", "aside", "blockquote", "body", "html", "header",
    "figure", "figcaption", "caption", "address", "dl", "dt", "dd", "center", "form",
    "fieldset", "legend", "details", "summary", "hgroup", "ul", "ol", "menu", "table",
    "thead", "tbody", "tfoot", "hr", "search",
}  # fmt: skip
_CJK = (
    "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
# A line break in the source between two CJK characters is not a space (CSS segment breaks).
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_CJK}])")
_SPACES = re.compile("[ \t\n\r\f\xa0\x00]+")
# "\x00" marks a separator the reader inserts (between cell paragraphs, for <br> in headings);
# input text never contains it (decode_html strips NULs), and it always becomes a space.
_SEP = "\x00"
_WEIGHT = re.compile(r"font-weight\s*:\s*([a-z0-9]+)")
_SIZE = re.compile(r"font-size\s*:\s*(?:([0-9.]+)\s*(px|pt|r?em|%)|([a-z-]+))")
# Font sizes at least ENLARGED_RATIO times the 16px / 12pt / 1em of body text.
_ENLARGED_FROM = {"px": 16 * ENLARGED_RATIO, "pt": 12 * ENLARGED_RATIO, "em": ENLARGED_RATIO}
_ENLARGED_FROM |= {"rem": ENLARGED_RATIO, "%": 100 * ENLARGED_RATIO}
_LARGE_WORDS = {"large", "x-large", "xx-large", "xxx-large", "larger"}
_SMALL_WORDS = {"medium", "small", "x-small", "xx-small", "smaller"}
_TAG_START = re.compile("<[A-Za-z]")
_DTD_WINDOW = 65536  # an internal DTD subset is only looked for at the start of the file
_SUBSET_END = re.compile(r"\]\s*>")
_ENTITY_REF = re.compile(r"&([\w.:-]+);")
_ENTITY_NAME = re.compile(r"<!ENTITY\s+(?:%\s+)?([\w.:-]+)", re.I)


class HtmlReader:
    format = "html"

    def read(self, data: bytes, name: str) -> ParsedFile:
        if not data.strip():
            raise ReadError("empty file")
        text, encoding = decode_html(data)
        too_many = MAX_HTML_ELEMENTS
        if text.count("<") > too_many and len(_TAG_START.findall(text)) > too_many:
            raise ReadError(f"refused: more than {MAX_HTML_ELEMENTS:,} HTML elements")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            soup = BeautifulSoup(_without_internal_dtd(text), "lxml")
        walker = _Walker()
        walker.walk(soup)
        title = _title(soup) or next(
            (b.text for b in walker.blocks if b.kind == BlockKind.HEADING and b.level == 1), ""
        )
        return ParsedFile(format=self.format, blocks=walker.blocks, title=title, encoding=encoding)


def normalize(text: str) -> str:
    """Collapse whitespace runs to one space, dropping source line breaks between CJK chars."""
    return _SPACES.sub(" ", _CJK_LINE_BREAK.sub("", text)).strip()


@dataclass(slots=True)
class _Open:
    """A block being collected: its text so far and whether any of it is plain (not bold)."""

    kind: BlockKind
    level: int | None = None
    parts: list[str] = field(default_factory=list)
    plain: bool = False
    pre: bool = False
    cell: bool = False


@dataclass(slots=True)
class _Row:
    at: int  # where the row goes in the blocks, ahead of rows of tables nested in its cells
    depth: int  # open blocks when the row began: its cells are the ones entered at that depth
    cells: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Emphasis:
    """Inherited formatting that types a heading: bold, or a font clearly above body size."""

    bold: bool = False
    enlarged: bool = False

    @property
    def active(self) -> bool:
        return self.bold or self.enlarged


@dataclass(slots=True)
class _Exit:
    """What leaving an element undoes."""

    emphasis: _Emphasis
    opened: _Open | None = None
    row: _Row | None = None
    separator: bool = False  # a block element inside a table cell: a space after it
    sectioning: bool = False


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.open: list[_Open] = [_Open(BlockKind.PARAGRAPH)]
        self.rows: list[_Row] = []
        self.emphasis = _Emphasis()
        self.sectioning = 0

    def walk(self, root: Tag) -> None:
        stack: list[tuple[list, int, _Exit | None]] = []
        children, index, exit_ = root.contents, 0, None
        while True:
            if index == len(children):
                if exit_ is not None:
                    self._leave(exit_)
                if not stack:
                    break
                children, index, exit_ = stack.pop()
                continue
            node = children[index]
            index += 1
            if isinstance(node, Tag):
                entered = self._enter(node)
                if entered is not None:
                    stack.append((children, index, exit_))
                    children, index, exit_ = node.contents, 0, entered
            elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
                self._text(str(node))
        self._flush(self.open[0])

    def _enter(self, tag: Tag) -> _Exit | None:
        name = tag.name
        if name in _SKIP or _hidden(tag) or (name == "header" and not self.sectioning):
            return None
        exit_ = _Exit(self.emphasis, sectioning=name in _SECTIONING)
        self.sectioning += exit_.sectioning
        self.emphasis = _emphasis_of(tag, self.emphasis)
        top = self.open[-1]
        if name == "br":
            self._line_break(top)
        elif name == "tr":
            if not top.cell:
                self._flush(top)
            exit_.row = _Row(at=len(self.blocks), depth=len(self.open))
            self.rows.append(exit_.row)
        elif name in ("td", "th") and self.rows and self.rows[-1].depth == len(self.open):
            exit_.opened = self._push(_Open(BlockKind.TABLE_ROW, cell=True))
        elif top.cell:
            if name in _BLOCKS or name in _HEADINGS or name in ("li", "pre", "td", "th"):
                top.parts.append(_SEP)
                exit_.separator = True
        elif name in _HEADINGS:
            exit_.opened = self._push(_Open(BlockKind.HEADING, level=_HEADINGS[name]))
        elif name == "li":
            exit_.opened = self._push(_Open(BlockKind.LIST_ITEM))
        elif name == "pre":
            exit_.opened = self._push(_Open(BlockKind.PARAGRAPH, pre=True))
        elif name in _BLOCKS:
            exit_.opened = self._push(_Open(BlockKind.PARAGRAPH))
        return exit_

    def _leave(self, exit_: _Exit) -> None:
        self.emphasis = exit_.emphasis
        self.sectioning -= exit_.sectioning
        opened = exit_.opened
        if opened is not None:
            self.open.pop()
            if not opened.cell:
                self._flush(opened)
            elif (cell := normalize("".join(opened.parts))) and self.rows:
                self.rows[-1].cells.append(cell)
        elif exit_.row is not None:
            self.rows.pop()
            if exit_.row.cells:
                row = Block(" | ".join(exit_.row.cells), BlockKind.TABLE_ROW)
                self.blocks.insert(exit_.row.at, row)
        elif exit_.separator:
            self.open[-1].parts.append(_SEP)

    def _push(self, block: _Open) -> _Open:
        if not self.open[-1].cell:  # a cell is one block, whatever tables are nested in it
            self._flush(self.open[-1])
        self.open.append(block)
        return block

    def _text(self, text: str) -> None:
        top = self.open[-1]
        top.parts.append(text)
        if not self.emphasis.active and not top.plain and not text.isspace():
            top.plain = True

    def _line_break(self, top: _Open) -> None:
        if top.pre:
            top.parts.append("\n")
        elif top.kind == BlockKind.PARAGRAPH and not top.cell:
            self._flush(top)
        else:
            top.parts.append(_SEP)

    def _flush(self, block: _Open) -> None:
        if not block.parts:
            return
        raw = "".join(block.parts)
        plain = block.plain
        block.parts.clear()
        block.plain = False
        if block.pre:
            for line in raw.split("\n"):
                if text := normalize(line):
                    self.blocks.append(Block(text))
            return
        text = normalize(raw)
        if not text:
            return
        emphasized = (
            block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
            and not plain
            and heading_like(text)
        )
        self.blocks.append(Block(text, block.kind, level=block.level, emphasized=emphasized))


def _emphasis_of(tag: Tag, current: _Emphasis) -> _Emphasis:
    bold, enlarged = current.bold, current.enlarged
    name = tag.name
    if name in ("b", "strong"):
        bold = True
    elif name in ("big", "small"):
        enlarged = name == "big"
    elif name == "font" and isinstance(size := tag.get("size"), str) and size.strip():
        size = size.strip()
        enlarged = size.startswith("+") or (size.isdigit() and int(size) >= 4)
    style = tag.get("style")
    style = style.lower() if isinstance(style, str) else ""
    if "font" in style:
        if weight := _WEIGHT.search(style):
            value = weight.group(1)
            bold = value in ("bold", "bolder") or (value.isdigit() and int(value) >= 600)
        if size_match := _SIZE.search(style):
            enlarged = _enlarged(size_match, enlarged)
    if (bold, enlarged) == (current.bold, current.enlarged):
        return current
    return _Emphasis(bold, enlarged)


def _enlarged(match: re.Match[str], inherited: bool) -> bool:
    number, unit, word = match.groups()
    if word:
        if word in _LARGE_WORDS:
            return True
        return False if word in _SMALL_WORDS else inherited
    try:
        return float(number) >= _ENLARGED_FROM[unit]
    except ValueError:
        return inherited


def _hidden(tag: Tag) -> bool:
    if tag.has_attr("hidden"):
        return True
    style = tag.get("style")
    if not isinstance(style, str):
        return False
    style = style.replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


def _title(soup: BeautifulSoup) -> str:
    head = soup.head
    title = head.find("title") if head is not None else None
    return normalize(title.get_text()) if title is not None else ""


def _without_internal_dtd(text: str) -> str:
    """Drop an internal DTD subset and references to the entities it declares (never expanded)."""
    head = text[:_DTD_WINDOW]
    start = head.lower().find("<!doctype")
    bracket = head.find("[", start) if start >= 0 else -1
    if bracket < 0 or "<" in head[start + 1 : bracket] or ">" in head[start:bracket]:
        return text
    end = _SUBSET_END.search(head, bracket)
    if end is None:
        return text
    names = set(_ENTITY_NAME.findall(head, bracket, end.start()))
    text = text[:start] + text[end.end() :]
    if not names:
        return text
    return _ENTITY_REF.sub(lambda ref: "" if ref.group(1) in names else ref.group(0), text)
