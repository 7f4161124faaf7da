"""Blocks -> a tree of sections.

Headings come from the markup when the source has any (Word heading styles, <hN>, '#'); otherwise
from the numbering of plain lines (see ``pipeline.outline``). Every block lands in exactly one
section: text before the first heading goes into a leading section without a heading.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from pipeline.model import Block, BlockKind, ParsedFile, Section
from pipeline.outline import (
    HeadingMatch,
    chapter_number,
    cjk_numeral,
    detect_report_heading,
    detect_un_heading,
    has_page_reference,
)

_MAX_TITLE_LINE = 600
_NEVER_HEADINGS = (BlockKind.TABLE_ROW, BlockKind.FOOTNOTE, BlockKind.LIST_ITEM, BlockKind.PLAIN)


@dataclass(slots=True)
class _Open:
    """A section under construction."""

    number: str
    heading: str
    scheme: str
    rank: float
    order: int
    parent: _Open | None
    level: int
    lines: list[str] = field(default_factory=list)
    last_child_scheme: str = ""
    last_child_number: str = ""
    length: int = 0  # characters of "\n".join(lines)
    page_breaks: list[tuple[int, int]] = field(default_factory=list)

    def append(self, block: Block) -> None:
        """Add a block's text as the next line, keeping track of the pages it lies on."""
        offset = self.length + 1 if self.lines else 0
        if block.page is not None:
            self.note_page(offset, block.page)
            for start, page in block.page_starts:
                self.note_page(offset + start, page)
        self.lines.append(block.text)
        self.length = offset + len(block.text)

    def note_page(self, offset: int, page: int) -> None:
        if not self.page_breaks or self.page_breaks[-1][1] != page:
            self.page_breaks.append((offset, page))


def build_sections(parsed: ParsedFile, doc_id: str) -> list[Section]:
    """The document's sections in reading order, each with its parent and depth."""
    builder = _Builder(doc_id, _mode(parsed))
    builder.feed(parsed.blocks)
    return builder.sections()


def _mode(parsed: ParsedFile) -> str:
    if any(block.kind == BlockKind.HEADING for block in parsed.blocks):
        return "markup"
    return "un" if parsed.symbol else "report"


class _Builder:
    def __init__(self, doc_id: str, mode: str) -> None:
        self.doc_id = doc_id
        self.mode = mode
        self.opened: list[_Open] = []
        self.stack: list[_Open] = []
        self.leading = _Open("", "", "leading", 0.0, 0, None, 1)
        self.chapter: int | None = None
        self.chapters = False  # the report has 第N章 chapters
        self.in_contents = False

    def feed(self, blocks: list[Block]) -> None:
        pending_title: _Open | None = None
        for index, block in enumerate(blocks):
            if pending_title is not None:
                if block.kind == BlockKind.FOOTNOTE:  # a page's footnotes before the title
                    self._current().append(block)
                    continue
                pending_title = None
                if self._take_as_title(block):
                    self.stack[-1].heading = " ".join(block.text.split())
                    continue
            match = self._heading(blocks, index)
            if match is None:
                self._current().append(block)
                continue
            section = self._open(match)
            if block.page is not None:
                section.note_page(0, block.page)
            if match.title_on_next_line:
                pending_title = section

    def sections(self) -> list[Section]:
        ordered = ([self.leading] if self.leading.lines else []) + self.opened
        ids = {id(s): f"{self.doc_id}:{i}" for i, s in enumerate(ordered)}
        return [
            Section(
                section_id=ids[id(s)],
                doc_id=self.doc_id,
                number=s.number,
                heading=s.heading,
                level=s.level,
                parent_id=ids[id(s.parent)] if s.parent is not None else None,
                text="\n".join(s.lines),
                order=i,
                page_breaks=s.page_breaks,
            )
            for i, s in enumerate(ordered)
        ]

    def _current(self) -> _Open:
        return self.stack[-1] if self.stack else self.leading

    def _take_as_title(self, block: Block) -> bool:
        return (
            block.kind == BlockKind.PARAGRAPH
            and 0 < len(block.text.strip()) <= _MAX_TITLE_LINE
            and not self.stack[-1].heading
        )

    def _heading(self, blocks: list[Block], index: int) -> HeadingMatch | None:
        block = blocks[index]
        if block.kind in _NEVER_HEADINGS:
            return None
        if self.mode == "markup":
            if block.kind != BlockKind.HEADING or not block.text.strip():
                return None
            return _markup_heading(block)
        if self.mode == "un":
            return self._un_heading(blocks, index)
        if _contents_entry(blocks, index):
            return None
        match = self._accept_report(detect_report_heading(block.text))
        if match is None and block.emphasized:
            match = self._accept_report(_emphasized_heading(block))
            if match is not None and match.scheme == "numbered" and not self._in_report_scheme():
                match.rank = 1.0  # a peer of the unnumbered headings typed the same way
        return match

    def _in_report_scheme(self) -> bool:
        """Whether a section numbered by the report's own schemes (第N章, 壹、, 一、) is open."""
        return any(section.scheme in _REPORT_SCHEMES for section in self.stack)

    def _accept_report(self, match: HeadingMatch | None) -> HeadingMatch | None:
        if match is None:
            return None
        if match.scheme == "chapter":
            self.chapter = chapter_number(match.number)
            self.chapters = True
        elif match.scheme == "numbered" and not self.chapters:
            self.chapter = int(match.number)
        elif match.scheme.startswith("decimal") and self.chapter is not None:
            if int(match.number.split(".")[0]) != self.chapter:
                return None  # "4.5 億…" inside chapter 3 is a number, not a heading
        elif match.scheme == "cjk" and not self._continues_cjk(match.number):
            return None
        return match

    def _continues_cjk(self, number: str) -> bool:
        """一、 starts a run; later items must follow the previous sibling."""
        value = cjk_numeral(number.replace("ㄧ", "一"))
        if value == 1:
            return True
        parent = self._parent_for_context_rank()
        previous = parent.last_child_number if parent else self.leading.last_child_number
        scheme = parent.last_child_scheme if parent else self.leading.last_child_scheme
        if scheme != "cjk":
            return False
        return cjk_numeral(previous) == (value or 0) - 1

    def _un_heading(self, blocks: list[Block], index: int) -> HeadingMatch | None:
        text = blocks[index].text.strip()
        if text == "Contents":
            self.in_contents = True
            return None
        following = [b.text for b in blocks[index + 1 : index + 4]]
        match = detect_un_heading(blocks[index].text, following[0] if following else "")
        if match is None:
            return None
        if self.in_contents:
            # Contents entries wrap over lines before their page numbers.
            if any(has_page_reference(line) for line in following):
                return None
            self.in_contents = False
        return self._accept_un(match)

    def _accept_un(self, match: HeadingMatch | None) -> HeadingMatch | None:
        if match is None or match.scheme != "roman" or match.number != "I":
            return match
        # "I." right after a lettered "H." is the next letter, not chapter one.
        current = self._current()
        if current.scheme == "letter" and current.number == "H":
            return HeadingMatch("I", match.heading, "letter", 4.0)
        return match

    def _parent_for_context_rank(self) -> _Open | None:
        for section in reversed(self.stack):
            if section.scheme != "cjk":
                return section
        return None

    def _open(self, match: HeadingMatch) -> _Open:
        if match.rank is None:
            # The next of an open sibling closes what is open below it; else one level down.
            if any(section.scheme == match.scheme for section in self.stack):
                while self.stack[-1].scheme != match.scheme:
                    self.stack.pop()
                self.stack.pop()
            rank = (self.stack[-1].rank if self.stack else 0.0) + 0.5
        else:
            rank = match.rank
            while self.stack and self.stack[-1].rank >= rank:
                self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        number = match.number.replace("ㄧ", "一") if match.scheme == "cjk" else match.number
        section = _Open(
            number=number,
            heading=match.heading,
            scheme=match.scheme,
            rank=rank,
            order=len(self.opened),
            parent=parent,
            level=(parent.level + 1) if parent else 1,
        )
        holder = parent if parent is not None else self.leading
        holder.last_child_scheme = match.scheme
        holder.last_child_number = number
        self.stack.append(section)
        self.opened.append(section)
        return section


def _markup_heading(block: Block) -> HeadingMatch:
    detected = detect_report_heading(block.text) or detect_un_heading(block.text, "")
    level = float(block.level or 1)
    if detected is not None and detected.heading:
        return HeadingMatch(detected.number, detected.heading, "markup", level)
    return HeadingMatch("", " ".join(block.text.split()), "markup", level)


def _emphasized_heading(block: Block) -> HeadingMatch | None:
    """A heading typed by its formatting alone. Numbered ("1. Introduction", "2 Methods"), it
    opens a level below a 第N章 / 壹、 / 一、 section, else at the top."""
    text = " ".join(block.text.split())
    if not text or text.startswith(("(", "（")) or not _WORD.search(text) or _formula(text):
        return None
    if text[0].isdigit() and not _NO_NUMBER.match(text):  # "28TH SESSION", "2002 WORLD SUMMIT"
        numbered = _NUMBERED_TITLE.match(text)
        if numbered is None:
            return None
        number, title = numbered.groups()
        depth = number.count(".") + 1
        if depth > 1:  # "1.2. What is this spec?": a question the numbering rules left out
            return HeadingMatch(number, title, f"decimal{depth}", float(depth))
        return HeadingMatch(number, title, "numbered", None)
    # Its level, where the reader knows one (a PDF's type sizes), ranks it.
    return HeadingMatch("", text, "emphasis", float(block.level or 1))


def _formula(text: str) -> bool:
    """A line of a formula set in its own font ("= ⋅ − RN n ⋅"), not a title: maths signs, or
    fewer letters and digits than other signs (a code is no formula: "HCFC-22/HFC-23:")."""
    shown = [char for char in text if not char.isspace()]
    alphanumeric = sum(char.isalnum() for char in shown)
    maths = any(unicodedata.category(char) == "Sm" and char != "+" for char in shown)
    return maths or alphanumeric < 0.5 * len(shown)


def _contents_entry(blocks: list[Block], index: int) -> bool:
    """An entry of a contents table the reader could not tell apart: among short lines ending
    in a page number, ending in one itself or wrapped between two."""

    def numbered(at: int) -> bool:
        if not 0 <= at < len(blocks):
            return False
        text = blocks[at].text.strip()
        return len(text) <= _MAX_CONTENTS_ENTRY and _PAGE_NUMBER_END.search(text) is not None

    if numbered(index):
        return numbered(index - 1) or numbered(index + 1)
    return numbered(index - 1) and numbered(index + 1)


_REPORT_SCHEMES = ("chapter", "formal", "cjk")
_WORD = re.compile(r"[^\W\d_]{2}")  # a heading has a word: not a lone number, mark or sign
_MAX_CONTENTS_ENTRY = 120
_PAGE_NUMBER_END = re.compile(r"\S\s+(?:\d{1,3}|[ivxlc]{1,5})$")
# "1. Introduction", "2 Methods", "3. 減量策略", "1.2. What is this spec?": a number, then a
# title starting with a letter.
_NO_NUMBER = re.compile(r"\d{1,3}(?:st|nd|rd|th)\b|\d{4}\s+[^\W\d_]", re.IGNORECASE)
_NUMBERED_TITLE = re.compile(r"^([1-9][0-9]?(?:\.[0-9]{1,2}){0,2})\.?\s+([^\W\d_].*)$")
