"""Dates as these documents write them, in English and Chinese.

- English: ``3 December 2007``, ``3rd of December 2007``, ``December 3, 2007``, ``Dec. 3rd
  2007``, ``December 2007``, ``2007-12-03``, ``2007/12/03``, and ranges: ``3–15 December 2007``,
  ``from 1 to 14 December 2014``, ``30 November – 11 December 2015``, ``December 3-15, 2007``,
  ``29 December 2007 – 2 January 2008``.
- Chinese: ``2007年12月3日``, ``2008年3月``, and Minguo (Republic of China) years, which count
  from 1912: ``民國97年3月``, ``中華民國97年``, ``97年3月``, ``今(96)年`` (97 → 2008); numbers in
  Chinese numerals too (``中華民國九十七年三月``, ``二〇〇七年十二月三日``); ranges:
  ``2007年12月3日至15日``, ``2007年12月3日（星期一）至12月15日（星期六）``, ``96年12月3日至15日``.

Text is compared after NFKC (full-width digits and spaces) with Chinese numerals before 年, 月
and 日 written as digits, so offsets are not kept: these functions serve metadata, not
highlighting.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

MINGUO_OFFSET = 1911  # Minguo year 1 is 1912
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DASH = r"[-‐‑‒–—―−~～]"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_OF = r"(?:\s+of)?"  # "the 3rd of December"
_YEAR = r"(?:19|20)\d\d"
_TO = rf"(?:\s*{_DASH}\s*|\s+(?:to|until|till|through|and)\s+(?:the\s+)?)"
# (Western year | 民國/中華民國 Minguo year | "(96)" | bare 2-3 digit Minguo year) 年
_ZH_YEAR = (
    r"(?:(?P<{n}w>(?:19|20)\d\d)|(?:中華)?民國\s*(?P<{n}m>\d{{1,3}})"
    r"|[(（]\s*(?P<{n}p>\d{{1,3}})\s*[)）]|(?<!\d)(?P<{n}b>\d{{2,3}}))\s*年"
)
_WEEKDAY = r"(?:\s*[(（]\s*(?:星期|週|周|禮拜)[一二三四五六日天]\s*[)）])?"
_ZH_TO = rf"\s*(?:至|到|{_DASH})\s*"

_EN_RANGE = re.compile(
    rf"""(?<![\w.])(?P<d1>{_DAY})(?:{_OF}\s+(?P<m1>{_MONTH}))?(?:,?\s+(?P<y1>{_YEAR}))?{_TO}(?P<d2>{_DAY}){_OF}\s+(?P<m2>{_MONTH}),?\s+(?P<y>{_YEAR})(?!\d)
    |(?<![\w.])(?P<m3>{_MONTH})\s+(?P<d3>{_DAY})(?:,?\s+(?P<y3>{_YEAR}))?{_TO}(?:(?P<m4>{_MONTH})\s+)?(?P<d4>{_DAY}),?\s+(?P<y2>{_YEAR})(?!\d)""",
    re.IGNORECASE | re.VERBOSE,
)
_ZH_RANGE = re.compile(
    _ZH_YEAR.format(n="a")
    + rf"\s*(?P<mo>\d{{1,2}})\s*月\s*(?P<d1>\d{{1,2}})\s*日{_WEEKDAY}{_ZH_TO}"
    + rf"(?:{_ZH_YEAR.format(n='b')}\s*)?(?:(?P<mo2>\d{{1,2}})\s*月\s*)?(?P<d2>\d{{1,2}})\s*日"
)
_EN_DATE = re.compile(
    rf"""(?<![\w.])(?P<d>{_DAY}){_OF}\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})(?!\d)
    |(?<![\w.])(?P<m2>{_MONTH})\s+(?:(?P<d2>{_DAY}),?\s+)?(?P<y2>{_YEAR})(?!\d)
    |(?<![\w.])(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])(?:-(?P<id>[0-3]\d))?(?![\d-])
    |(?<![\w./])(?P<sy>{_YEAR})(?P<sep>[/.])(?P<sm>0?[1-9]|1[0-2])(?P=sep)(?P<sd>[0-3]?\d)(?![\d/.])""",
    re.IGNORECASE | re.VERBOSE,
)
_ZH_DATE = re.compile(
    _ZH_YEAR.format(n="a") + r"(?:\s*(?P<mo>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?"
)


@dataclass(frozen=True, slots=True)
class FoundDate:
    iso: str  # "2007-12-03", "2008-03" or "2008"
    start: int  # in the NFKC form of the text searched
    end: int

    @property
    def year(self) -> int:
        return int(self.iso[:4])


def prepare(text: str) -> str:
    """The form every finder here searches: NFKC (full-width digits and spaces folded), and
    Chinese numerals before 年, 月 and 日 as digits (九十七年三月 → 97年3月)."""
    text = unicodedata.normalize("NFKC", text)
    if _ZH_NUMERAL_DATE.search(text) is None:
        return text
    return _ZH_NUMERAL_DATE.sub(lambda m: str(_zh_number(m[1])) + m[2], text)


# A number in Chinese numerals right before 年, 月 or 日: 九十七, 十二, 二〇〇七 (digit by digit),
# letter-spaced as PDFs may set it (二 〇二二年).
_ZH_DIGITS = "〇一二三四五六七八九"
_ZH_NUMERAL = "〇○◯零一二三四五六七八九十百"  # zero is also written with a circle (二○二二年)
_ZH_NUMERAL_DATE = re.compile(
    rf"(?<![{_ZH_NUMERAL}])([{_ZH_NUMERAL}](?:[ \t]?[{_ZH_NUMERAL}]){{0,3}})[ \t]?([年月日])"
)


def _zh_number(numeral: str) -> int:
    numeral = re.sub("[零○◯]", "〇", numeral).replace(" ", "").replace("\t", "")
    if "十" not in numeral and "百" not in numeral:
        return int("".join(str(_ZH_DIGITS.index(ch)) for ch in numeral))
    value = 0
    hundreds, _, rest = numeral.rpartition("百")
    if "百" in numeral:
        value += 100 * (_ZH_DIGITS.index(hundreds) if hundreds else 1)
    tens, ten, units = rest.partition("十")
    if ten:
        value += 10 * (_ZH_DIGITS.index(tens[-1]) if tens.strip("〇") else 1)
    value += _ZH_DIGITS.index(units[-1]) if units.strip("〇") else 0
    return value


def date_ranges(text: str) -> list[FoundDate]:
    """Date ranges (a meeting's dates), each as the date it starts, in order of appearance."""
    text = prepare(text)
    found: list[FoundDate] = []
    for match in _EN_RANGE.finditer(text):
        if match["d1"]:
            year = int(match["y1"] or match["y"])
            month, day = _MONTHS[_month_key(match["m1"] or match["m2"])], match["d1"]
        else:
            year = int(match["y3"] or match["y2"])
            month, day = _MONTHS[_month_key(match["m3"])], match["d3"]
        if iso := _iso(year, month, _day(day)):
            found.append(FoundDate(iso, match.start(), match.end()))
    for match in _ZH_RANGE.finditer(text):
        year = _zh_year(match, "a")
        if year is not None and (iso := _iso(year, int(match["mo"]), int(match["d1"]))):
            found.append(FoundDate(iso, match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def single_dates(text: str) -> list[FoundDate]:
    """Dates with at least a year and month (``3 March 2008``, ``97年3月``), in order."""
    text = prepare(text)
    found: list[FoundDate] = []
    for match in _EN_DATE.finditer(text):
        if match["iy"]:
            day = int(match["id"]) if match["id"] else None
            iso = _iso(int(match["iy"]), int(match["im"]), day)
        elif match["sy"]:
            iso = _iso(int(match["sy"]), int(match["sm"]), int(match["sd"]))
        elif match["m"]:
            iso = _iso(int(match["y"]), _MONTHS[_month_key(match["m"])], _day(match["d"]))
        else:
            day = _day(match["d2"]) if match["d2"] else None
            iso = _iso(int(match["y2"]), _MONTHS[_month_key(match["m2"])], day)
        if iso:
            found.append(FoundDate(iso, match.start(), match.end()))
    for match in _ZH_DATE.finditer(text):
        year = _zh_year(match, "a")
        if year is None or not match["mo"]:
            continue
        day = int(match["d"]) if match["d"] else None
        if iso := _iso(year, int(match["mo"]), day):
            found.append(FoundDate(iso, match.start(), match.end()))
    return sorted(found, key=lambda d: d.start)


def _day(written: str) -> int:
    return int(written.rstrip("stndrh"))


def _month_key(written: str) -> str:
    return written.lower().rstrip(".")


def _zh_year(match: re.Match[str], name: str) -> int | None:
    western = match[f"{name}w"]
    if western:
        return int(western)
    minguo = match[f"{name}m"] or match[f"{name}p"] or match[f"{name}b"]
    if minguo and 1 <= int(minguo) <= 150:
        return int(minguo) + MINGUO_OFFSET
    return None


def _iso(year: int, month: int, day: int | None = None) -> str:
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return ""
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= 31:
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}"
