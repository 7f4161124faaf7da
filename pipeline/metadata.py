"""A document's title, date, year and symbol: one set of rules for every format, applied after
reading and sectioning (readers only supply candidates, see ``ParsedFile``).

Title, the first that qualifies:

1. the title the document declares (front matter, HTML ``<title>``, Word Title style, UN
   masthead);
2. the title in its document properties;
3. the title a PDF displays: its first page's lines in the largest type, clearly larger than the
   body's;
4. the title line of its cover: the first title-like line before the first heading;
5. the first title-like heading among its first few;
6. the meeting it reports on, as its opening text names it ("聯合國氣候變化綱要公約第13屆締約國
   大會(COP13)…，於2007年12月3日至15日在印尼峇里島召開");
7. its file name, unless that is an opaque code (``000_f974444aaec813c5``);
8. its first sentence; else the file name after all.

A candidate does not qualify when it is a left-over rather than a title: "Microsoft Word -
x.doc", a print job number ("g0360866.PDF"), a file name, "Untitled"; and a line does not
qualify as a title line when it is a section name (摘要, Contents), numbered (第1章, 2.1), a
"label: value" line (報告日期：97年3月), a date, or the caption of a report form
("行政院及所屬各機關出國報告").

Date (the document's own, ISO or a prefix): the date it declares (front matter, UN masthead),
else a date its text gives: on its cover ("報告日期：97年3月" is 2008-03: Minguo years count from
1912), on a date line among its first lines ("Bonn, Monday, 3 December 2007"), else the first
day of the meeting it reports on, as its title, cover or lead (its paragraphs before the first
heading) dates it: a range ("2007年12月3日至15日") or a date in a sentence saying the meeting
was held, opened, met … ("COP 13 opened in Bali on 3 December 2007"). Only when the text gives
none, the creation date in its document properties, which may be a re-save years later, and
never one a conversion stamped (a legacy Word file's properties as LibreOffice wrote them while
converting it, dated the day it ran).

Year (what ``year:`` filters on): the year of the meeting the document reports on: the dates
its title gives; else the numbered session its title names (COP 13, SB 26, 第13屆締約國大會:
their years follow the Convention's calendar, ``pipeline.meetings``); else the dates its cover
or lead give the meeting (as for the date); else a range of dates in its opening paragraphs
("3–15 December 2007", "今(96)年12月3日至15日"); else the session its lead names (its sentences
naming one, not of the future, agreeing on the year). Dates said of a future meeting ("offered
to host COP 20 from 1 to 12 December 2014", "將於…") never count, nor a sentence naming only
other sessions than the one the title names. Else the year of the date its text gives. Else
the year most of the UN document symbols it cites carry (FCCC/SBI/2007/… → 2007), when at
least three do and they are the majority. Else the year of its properties' date.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import TypeVar

from pipeline.dates import FoundDate, date_ranges, prepare, single_dates
from pipeline.meetings import Session, named_sessions, session_year
from pipeline.model import ParsedFile, Section
from pipeline.readers.emphasis import SENTENCE_END
from pipeline.symbols import find_references

_COVER_LINES = 15  # lines before the first heading that can be a cover
_FIRST_HEADINGS = 3
_OPENING_PARAGRAPHS = 8  # paragraphs from the start searched for the meeting's dates
_OPENING_CHARS = 6000
_MAX_TITLE = 300
_SYMBOL_YEAR_MIN = 3
_LEAD_PARAGRAPHS = 3  # where a report says what it reports on
_DATELINE_CHARS = 80
_DATELINE_LINES = 20  # a title page's lines
_CONVERSION_WINDOW = 36 * 3600  # seconds: a converted file dated this close to now is dated by
# the conversion (its UTC date against local time: a day and a half either way)

T = TypeVar("T")

_JUNK_TITLE = re.compile(
    r"""^(?:microsoft\s+(?:office\s+)?(?:word|powerpoint|excel)\b|untitled|無標題|未命名|新文件
    |(?:word\s+)?document\s*\d*$|doc\d*$|文件\d*$|slide\s*\d*$|powerpoint\s+presentation$
    |title$|標題$|报告$|報告$|report$|draft$|草稿$|table\s+of\s+contents$)""",
    re.IGNORECASE | re.VERBOSE,
)
_FILE_NAME = re.compile(
    r"\.(?:docx?|dotx?|pdf|rtf|txt|html?|odt|wpd|indd|qxd|p65|e?ps|xlsx?|pptx?|md)\s*$", re.I
)
_JOB_NUMBER = re.compile(r"^(?:GE\.\d\d-\d{4,}|[A-Za-z]{0,2}\d{5,}[A-Za-z]{0,2})$", re.I)
_GENERIC_HEADING = re.compile(
    r"""^(?:摘要|提要|前言|序言?|緒論|目[錄录次]|內容|大綱|結論|結語|附[錄录件]|參考文獻|背景|概述|緣起
    |contents|table\s+of\s+contents|abstract|summary|executive\s+summary|introduction|foreword
    |preface|acknowledge?ments?|background|overview|annex(?:es)?|appendix|references|united\s+nations
    |nations\s+unies|advance\s+(?:unedited\s+)?version
    |distr\.?(?:\s*:?\s*\w+)?|general|limited|restricted|original\s*:.*)$""",
    re.IGNORECASE | re.VERBOSE,
)
_NUMBERED = re.compile(
    r"""^(?:第\s*[0-9一二三四五六七八九十百]{1,4}\s*[章節节篇部編编]|[0-9]{1,3}(?:\.[0-9]{1,3})*(?:[.、)]|\s)
    |[一二三四五六七八九十]{1,3}\s*、|[壹貳參肆伍陸柒捌玖拾]{1,2}\s*、|[IVXL]{1,6}\.\s|[A-Z][.)]\s
    |[(（]\s*[a-z0-9一二三四五六七八九十]{1,3}\s*[)）])""",
    re.VERBOSE,
)
_LABEL = re.compile(
    r"""^\s*(?:[\u3400-\u9fff]{2,4}|date|dates|author|authors|prepared\s+by|submitted\s+by|venue|place
    |time|period|subject|ref|distr|original|agenda\s+item|language)\s*\.?\s*[:：]""",
    re.IGNORECASE | re.VERBOSE,
)
_DATE_LABEL = re.compile(r"^\s*(?:[^:：]{0,6}日期|date(?:d)?|issued)\s*[:：]?", re.IGNORECASE)
_FORM_CAPTION = re.compile(r"^\S{0,12}出國報告書?$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_FUTURE = re.compile(
    r"""\b(?:will|would|shall|next|future|host|hosting|upcoming|forthcoming|scheduled|planned
    |to\s+be\s+held|invited)\b|將|下屆|下一屆|下次|預定|預計|即將|擬於""",
    re.IGNORECASE | re.VERBOSE,
)
_SENTENCE_BREAK = re.compile(r"[。！？；!?;\n]|\.(?:\s|$)")
_WEEKDAY = re.compile(
    r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|(?:星期|週|周|禮拜)[一二三四五六日天]",
    re.IGNORECASE,
)
_SUBJECT_END = re.compile(
    r"[，,]|就在|於|在|\s(?:was|were|is|are|will\s+be)?\s*(?:held|opened|convened|met|took\s+place|from)\b",
    re.IGNORECASE,
)
_MEETING_WORD = re.compile(
    r"會議|大會|締約國|缔约国|論壇|研討會|峰會|conference|meeting|session|summit|convention|forum"
    r"|workshop|\bCOP\b|\bCMP\b|\bCMA\b",
    re.IGNORECASE,
)
_MEETING_NOUN = re.compile(
    r"會議|大會|会议|大会|峰會|峰会|\b(?:conference|meeting|session|summit|talks)s?\b",
    re.IGNORECASE,
)
_HELD = re.compile(
    r"""\b(?:opened|convened|met|began|begun|continued|resumed|started|closed|concluded
    |took\s+place|(?:was|were|is|are)\s+held|held)\b|召開|召开|舉行|举行|開幕|开幕|閉幕|闭幕""",
    re.IGNORECASE | re.VERBOSE,
)
_OPAQUE_PART = re.compile(r"^(?:\d+|[0-9a-f]{6,}|[A-Za-z]{0,2}\d[\dA-Za-z]*)$", re.IGNORECASE)
_NAME_PARTS = re.compile(r"[\s_\-.]+")
_YEAR_IN_SYMBOL = re.compile(r"/((?:19|20)\d\d)(?:/|$)")


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str
    date: str
    year: int | None
    symbol: str


def document_metadata(
    parsed: ParsedFile, sections: list[Section], path: str | PurePath
) -> Metadata:
    """The title, own date, year and own symbol of a parsed and sectioned document."""
    stem = PurePath(path).stem
    cover = _cover_lines(sections)
    title = _title(parsed, sections, cover, stem)
    opening = _opening(sections)
    lead = _lead(sections)
    sessions = named_sessions(title)
    titled = _meeting_date(title, sessions, in_title=True)
    led = _first(_meeting_date(text, sessions) for text in cover + lead)
    meeting = titled or led
    text_date = (
        parsed.date
        or _cover_date(cover)
        or _dateline(_first_lines(sections))
        or (meeting.iso if meeting else "")
    )
    properties = _properties_date(parsed)
    year = (
        (titled.year if titled else None)
        or _first(session_year(session) for session in sessions)
        or (led.year if led else None)
        or _first(year for text in opening for year, _ in _meeting_dates(text))
        or _lead_session_year(lead)
        or _year(text_date)
        or _cited_symbol_year(sections)
        or _year(properties)
    )
    return Metadata(title, text_date or properties, year, parsed.symbol or parsed.header_symbol)


def meaningful_title(text: str, stem: str = "") -> bool:
    """Whether a declared or properties title is a title, not a left-over of some tool."""
    text = " ".join(text.split())
    if not text or len(text) > _MAX_TITLE or _JUNK_TITLE.match(text):
        return False
    if _FILE_NAME.search(text) or _JOB_NUMBER.match(text):
        return False
    if "_" in text and " " not in text:
        return False  # a file or layout name: "IPCC-AR6_WGI_SPM_Stand_Alone"
    if stem and _comparable(text) == _comparable(stem):
        return False
    letters = sum(ch.isalpha() for ch in text)
    return letters >= (2 if _HAN.search(text) else 3)


def _title(parsed: ParsedFile, sections: list[Section], cover: list[str], stem: str) -> str:
    for candidate in (parsed.title, parsed.properties_title):
        if meaningful_title(candidate, stem):
            return _clean(candidate)
    if parsed.display_title and _title_line(parsed.display_title, stem):
        return _clean(parsed.display_title)
    for line in cover:
        if _title_line(line, stem):
            return _clean(line)
    headings = [s for s in sections if s.heading][:_FIRST_HEADINGS]
    for section in headings:
        if not section.number and _title_line(section.heading, stem):
            return _clean(section.heading)
    if meeting := _meeting_named(sections):
        return meeting
    if not _opaque(stem):
        return stem
    return _first_sentence(sections) or stem


def _title_line(line: str, stem: str) -> bool:
    text = " ".join(line.split())
    if not 4 <= len(text) <= 150 or text[-1] in SENTENCE_END or " | " in text:
        return False  # too short or long, a sentence, or a table row
    if not meaningful_title(text, stem):
        return False
    compact = re.sub(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])", "", text)
    if _GENERIC_HEADING.match(compact) or _NUMBERED.match(text) or _FORM_CAPTION.match(compact):
        return False
    if _LABEL.match(text) or text[0] in "(（[【" and text[-1] in ")）]】":
        return False
    return not _mostly_date(text)


def _mostly_date(text: str) -> bool:
    found = single_dates(text) + date_ranges(text)
    if not found:
        return False
    prepared = prepare(text)
    rest = prepared
    for date in found:
        rest = rest.replace(prepared[date.start : date.end], " ")
    return sum(ch.isalpha() for ch in rest) < 6


def _clean(text: str) -> str:
    return " ".join(text.split())


def _comparable(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).lower()


def _opaque(stem: str) -> bool:
    """A file name that is a code, not words: "000_f974444aaec813c5", "g0360866"."""
    parts = [p for p in _NAME_PARTS.split(stem) if p]
    return not parts or all(_OPAQUE_PART.match(p) for p in parts)


def _cover_lines(sections: list[Section]) -> list[str]:
    if not sections or sections[0].heading or sections[0].number:
        return []
    lines = (" ".join(line.split()) for line in sections[0].text.splitlines())
    return [line for line in lines if line][:_COVER_LINES]


def _cover_date(cover: list[str]) -> str:
    """A labelled date ("報告日期：97年3月", "Date: 3 March 2008") or a line that is only a date."""
    labelled = [line for line in cover if _DATE_LABEL.match(line)]
    for line in labelled + [line for line in cover if _mostly_date(line)]:
        found = single_dates(line)
        if found:
            return found[0].iso
    return ""


def _first_lines(sections: list[Section]) -> list[str]:
    """The document's first lines, headings included (a title page's)."""
    lines: list[str] = []
    for section in sections:
        for line in [section.heading, *section.text.splitlines()]:
            if line.strip():
                lines.append(line)
                if len(lines) >= _DATELINE_LINES:
                    return lines
    return lines


def _dateline(lines: list[str]) -> str:
    """The first of the lines that is a date, perhaps with a place and a weekday ("Bonn,
    Monday, 3 December 2007", "Vol. 12 No. 354, 3 December 2007", "October 1999")."""
    for line in lines:
        if len(line) > _DATELINE_CHARS:
            continue
        plain = _WEEKDAY.sub(" ", line)
        if _mostly_date(plain) and (found := single_dates(plain)):
            return found[0].iso
    return ""


def _properties_date(parsed: ParsedFile) -> str:
    """The properties' creation date, when plausible: not before 1980 or in the future, and not
    the day a legacy Word file was converted (LibreOffice dates what it writes)."""
    iso = parsed.properties_date
    if not iso[:4].isdigit() or not 1980 <= int(iso[:4]) <= time.gmtime().tm_year + 1:
        return ""
    if parsed.format == "doc" and _within_a_day_of_now(iso):
        return ""
    return iso


def _within_a_day_of_now(iso: str) -> bool:
    try:
        stamped = time.mktime(time.strptime(iso[:10], "%Y-%m-%d"))
    except ValueError:
        return False
    return abs(time.time() - stamped) < _CONVERSION_WINDOW


def _year(iso: str) -> int | None:
    return int(iso[:4]) if iso[:4].isdigit() else None


def _first(values: Iterable[T | None]) -> T | None:
    return next((value for value in values if value), None)


def _opening(sections: list[Section]) -> list[str]:
    """The first paragraphs of the text, headings included."""
    paragraphs: list[str] = []
    size = 0
    for section in sections:
        for line in [section.heading, *section.text.splitlines()]:
            if line.strip():
                paragraphs.append(line)
                size += len(line)
            if len(paragraphs) >= _OPENING_PARAGRAPHS or size >= _OPENING_CHARS:
                return paragraphs
    return paragraphs


def _lead(sections: list[Section]) -> list[str]:
    """The first paragraphs of the document, before its first heading but for the first
    section's own: where a report says what it reports on, before any history."""
    if not sections:
        return []
    first = sections[0]
    lines = [line for line in first.text.splitlines() if line.strip()][:_LEAD_PARAGRAPHS]
    return [first.heading, *lines] if first.heading else lines


def _meeting_dates(text: str) -> list[tuple[int, str]]:
    """(year, the text before the range in its sentence) for each range not said of the future."""
    prepared = prepare(text)
    found = []
    for date in date_ranges(text):
        sentence = _sentence_before(prepared, date)
        if not _FUTURE.search(sentence):
            found.append((date.year, sentence))
    return found


def _meeting_date(text: str, sessions: list[Session], in_title: bool = False) -> FoundDate | None:
    """The first date the text gives a meeting: a range (a meeting's days), or a single date in
    a sentence saying a meeting was held, opened, met … (in a title, any date); never one said
    of the future, nor, when the title names sessions, one in a sentence naming only other
    sessions."""
    prepared = prepare(text)
    ranges = date_ranges(text)
    singles = [d for d in single_dates(text) if not any(r.start <= d.start < r.end for r in ranges)]
    for date in sorted(ranges + singles, key=lambda d: d.start):
        sentence = _sentence_of(prepared, date)
        if _FUTURE.search(prepared[_sentence_start(prepared, date) : date.start]):
            continue
        named = named_sessions(sentence)
        if sessions and named and not set(named) & set(sessions):
            continue  # another meeting than the one the title names
        held = (named or _MEETING_NOUN.search(sentence)) and _HELD.search(sentence)
        if date in ranges or in_title or held:
            return date
    return None


def _lead_session_year(lead: list[str]) -> int | None:
    """The year of the sessions the lead names in sentences not of the future, when they all
    agree."""
    years = set()
    for text in lead:
        for sentence in _SENTENCE_BREAK.split(prepare(text)):
            if not _FUTURE.search(sentence):
                years.update(session_year(session) for session in named_sessions(sentence))
    years.discard(None)
    return years.pop() if len(years) == 1 else None


def _sentence_start(prepared: str, date: FoundDate) -> int:
    breaks = list(_SENTENCE_BREAK.finditer(prepared, 0, date.start))
    return breaks[-1].end() if breaks else 0


def _sentence_before(prepared: str, date: FoundDate) -> str:
    return prepared[_sentence_start(prepared, date) : date.start]


def _sentence_of(prepared: str, date: FoundDate) -> str:
    end = _SENTENCE_BREAK.search(prepared, date.end)
    return prepared[_sentence_start(prepared, date) : end.start() if end else len(prepared)]


def _meeting_named(sections: list[Section]) -> str:
    """The name of the meeting whose dates the opening gives, as the sentence names it."""
    for text in _opening(sections):
        for _, sentence in _meeting_dates(text):
            end = _SUBJECT_END.search(sentence)
            subject = _clean(sentence[: end.start()] if end else sentence)
            if 6 <= len(subject) <= 150 and _MEETING_WORD.search(subject):
                return subject
    return ""


def _first_sentence(sections: list[Section]) -> str:
    for text in _opening(sections):
        sentence = _SENTENCE_BREAK.split(prepare(text), maxsplit=1)[0].strip()
        if sum(ch.isalpha() for ch in sentence) >= 4:
            return sentence[:80] + ("…" if len(sentence) > 80 else "")
    return ""


def _cited_symbol_year(sections: list[Section]) -> int | None:
    years: Counter[str] = Counter()
    for section in sections:
        for ref in find_references(section.text):
            if ref.kind == "document" and (found := _YEAR_IN_SYMBOL.search(ref.symbol)):
                years[found.group(1)] += 1
    if not years:
        return None
    year, count = years.most_common(1)[0]
    if count >= _SYMBOL_YEAR_MIN and count * 2 > sum(years.values()):
        return int(year)
    return None
