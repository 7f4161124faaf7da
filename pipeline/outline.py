"""Recognise headings written as plain text, from the numbering schemes these documents use.

Two profiles:

- ``report``: delegation reports in Chinese — 摘要/前言/結論/附錄, 第N章, 壹、, N.N and
  N.N.N (with or without a space after the number), and 一、…九、 (also typed with the
  Bopomofo letter ㄧ) when short and not a sentence. Numbered list items — "1. 會議開幕",
  "(a) …", "(一)印尼：…", "1.獨立於…" — are not headings.
- ``un``: UNFCCC official documents — "Decision 1/CP.20" blocks with their title line,
  "Annex" blocks, Roman-numeral chapters and lettered sub-sections; numbered paragraphs are
  body text, and the contents table (entries carrying page numbers) is not an outline.

A detector returns a ``HeadingMatch``; ``rank`` orders schemes (smaller is higher in the
tree). A rank of None means "one below whatever heading is open", for schemes whose depth
depends on context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.normalize import normalize_with_offsets


@dataclass(slots=True)
class HeadingMatch:
    number: str
    heading: str
    scheme: str
    rank: float | None
    # The heading's title is on the following line ("Decision 1/CP.20" then its title).
    title_on_next_line: bool = False


_SENTENCE_END = tuple("。；;！!？?")
_MAX_REPORT_HEADING = 60
_MAX_CJK_ITEM_HEADING = 40

_FRONT_MATTER = re.compile(
    r"^(摘\s*要|前\s*言|序\s*言|結\s*論|结\s*论|結\s*語|附\s*錄|附\s*录|參考文獻|参考文献)\s*$"
)
_CHAPTER = re.compile(r"^(第\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})\s*章)\s*(.*)$")
_FORMAL = re.compile(r"^([壹貳參肆伍陸柒捌玖拾]{1,2})\s*、\s*(.+)$")
# "2.1 Title", "2.1.3 Title", also with a closing dot ("2.1. Title"); not "1.5%" or "1.2.3.4".
# A sub-number is no decimal's fraction: "3.00 pm", "1.05 per cent" number no section.
_DECIMAL = re.compile(
    r"^([0-9]{1,2})\.([1-9][0-9]?|0)(?:\.([1-9][0-9]?|0))?\.?(?![0-9.%])\s*(.+)$"
)
_CJK_ITEM = re.compile(r"^([一二三四五六七八九十]{1,3})\s*、\s*(.+)$")

_ROMAN = re.compile(r"^([IVXL]{1,6})\.\s+(\S.*)$")
_LETTER = re.compile(r"^([A-Z])\.\s+(\S.*)$")
_DECISION = re.compile(r"^Decision\s+(\d{1,3}/(?:CP|CMP|CMA)\.\d{1,2})\s*$")
_ANNEX = re.compile(r"^((?:Annex|ANNEX)(?:\s+[IVXL]{1,6})?)\s*$")
_PAGE_REF = re.compile(r"\t\s*\d+(?:[–-]\d+)?\s*$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def _is_sentence(text: str, limit: int) -> bool:
    stripped = text.strip()
    return (
        len(stripped) > limit
        or stripped.endswith(_SENTENCE_END)
        or "。" in stripped
        or stripped.endswith(("，", "、", ","))
    )


def _compact(text: str) -> str:
    """Collapse whitespace; drop it entirely between Han characters ("摘     要" -> "摘要")."""
    text = " ".join(text.split())
    return re.sub(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])", "", text)


class _Line:
    """A line normalized for matching, able to hand back the original text of a match group."""

    def __init__(self, line: str) -> None:
        self.original = line
        normalized, self.offsets = normalize_with_offsets(line)
        self.text = normalized.rstrip()
        self.lead = len(self.text) - len(self.text.lstrip())
        self.text = self.text.lstrip()

    def tail(self, match: re.Match[str], group: int) -> str:
        """Original characters from the start of ``group`` to the end of the line."""
        start = match.start(group) + self.lead
        if self.offsets is not None:
            start = self.offsets[start] if start < len(self.offsets) else len(self.original)
        return _compact(self.original[start:])


def chapter_number(number: str) -> int | None:
    """The integer of "第3章" / "第三章"."""
    digits = re.sub(r"[第章\s]", "", number)
    if digits.isdigit():
        return int(digits)
    return cjk_numeral(digits)


def cjk_numeral(text: str) -> int | None:
    values = dict(zip("一二三四五六七八九", range(1, 10), strict=True))
    if not text:
        return None
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + values.get(text[1:], 0)
    if len(text) == 1:
        return values.get(text)
    if len(text) >= 2 and text[1] == "十":
        tens = values.get(text[0], 0) * 10
        return tens + (values.get(text[2:], 0) if len(text) > 2 else 0)
    return None


def detect_report_heading(line: str) -> HeadingMatch | None:
    """A heading of a Chinese delegation report, or None for body text and list items."""
    line_ = _Line(line)
    text = line_.text
    if not text:
        return None
    if m := _FRONT_MATTER.match(text):
        return HeadingMatch("", line_.tail(m, 1), "front", 1.0)
    if m := _CHAPTER.match(text):
        if not _is_sentence(m.group(3), _MAX_REPORT_HEADING):
            return HeadingMatch(_compact(m.group(1)), line_.tail(m, 3), "chapter", 1.0)
        return None
    if m := _FORMAL.match(text):
        if not _is_sentence(m.group(2), _MAX_CJK_ITEM_HEADING):
            return HeadingMatch(m.group(1), line_.tail(m, 2), "formal", 1.0)
        return None
    if m := _DECIMAL.match(text):
        rest = m.group(4)
        if _is_sentence(rest, _MAX_REPORT_HEADING) or not re.match(r"[^\s\d]", rest):
            return None
        if rest[0].islower() or rest.count(")") > rest.count("("):
            return None  # a line broken after a number: "(Table\n10.21 in IPCC 2006 guidelines)"
        number = ".".join(g for g in m.group(1, 2, 3) if g)
        depth = 3.0 if m.group(3) else 2.0
        return HeadingMatch(number, line_.tail(m, 4), f"decimal{int(depth)}", depth)
    if m := _CJK_ITEM.match(text):
        rest = m.group(2)
        if not _is_sentence(rest, _MAX_CJK_ITEM_HEADING) and ":" not in rest:
            return HeadingMatch(m.group(1), line_.tail(m, 2), "cjk", None)
    return None


def has_page_reference(line: str) -> bool:
    """Ends with a tab and a page number (or paragraph range): a line of a contents table."""
    return _PAGE_REF.search(line) is not None


def detect_un_heading(line: str, next_line: str) -> HeadingMatch | None:
    """A heading of a UNFCCC official document. ``next_line`` tells contents entries apart."""
    if _PAGE_REF.search(line) or _PAGE_REF.search(next_line):
        return None  # an entry of the contents table
    line_ = _Line(line)
    text = line_.text
    if not text or len(text) > 200:
        return None
    if m := _DECISION.match(text):
        return HeadingMatch(m.group(1), "", "decision", 1.0, title_on_next_line=True)
    if m := _ANNEX.match(text):
        return HeadingMatch(m.group(1), "", "annex", 2.0, title_on_next_line=True)
    if text.endswith((";", ",", ":")):
        return None
    if (m := _ROMAN.match(text)) and _roman_value(m.group(1)):
        return HeadingMatch(m.group(1), line_.tail(m, 2), "roman", 3.0)
    if m := _LETTER.match(text):
        return HeadingMatch(m.group(1), line_.tail(m, 2), "letter", 4.0)
    return None


def _roman_value(numeral: str) -> int | None:
    total = 0
    previous = 0
    for char in reversed(numeral):
        value = _ROMAN_VALUES[char]
        total += -value if value < previous else value
        previous = max(previous, value)
    return total if 0 < total < 60 else None
