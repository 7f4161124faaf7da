"""The numbered sessions of the UNFCCC's governing and subsidiary bodies a text names, and the
year each met.

Named as the documents name them: ``COP 13``, ``COP-8``, ``COP13``, ``COP/MOP 3``, ``CMP 3``,
``CMA 1``, ``SB 26``, ``SBSTA 27``, ``SBI 26``; in words (``the Eighth Conference of the
Parties``, ``Conference of the Parties on its eighth session``, ``Twelfth Conference of the
Parties``, ``the Eighteenth Sessions of the UNFCCC Subsidiary Bodies``); and in Chinese
(``第13屆締約國大會``, ``第十三次締約方會議``, ``京都議定書第3屆締約國會議``).

Their years follow the calendar of the Convention, a rule rather than a list: the Conference
of the Parties (COP) has met once a year since COP 1 in 1995, but for 2020 (COP 26 met in
2021); the meeting of the Kyoto Protocol's parties (CMP) with COP n + 10 from 2005, that of the
Paris Agreement's (CMA) with the COP from CMA 1 in 2016 (CMA 2 in 2019, CMA 3 in 2021 …); the
subsidiary bodies (SB, SBSTA, SBI) twice a year from their eighth sessions in 1998, sessions
52 to 55 all in 2021. The earlier subsidiary sessions met irregularly (1 in 1995, 2–4 in 1996,
5–7 in 1997). Bodies that met irregularly (the ad hoc working groups, the IPCC) carry no year,
and neither does a text that names another convention, whose bodies number their sessions
apart.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_FIRST_COP = 1995
_SKIPPED_YEAR_COP = 26  # COP 26 met in 2021, a year late; every later COP too
_FIRST_CMP_COP = 11  # CMP 1 met with COP 11
_SB_TWICE_A_YEAR = 8  # SB 8 (1998) on, two sessions a year
_SB_EARLY = {1: 1995, 2: 1996, 3: 1996, 4: 1996, 5: 1997, 6: 1997, 7: 1997}
_SB_GLASGOW = range(52, 56)  # SB 52–55 all met in 2021
_CMA_EARLY = {1: 2016, 2: 2019}

_UNITS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
          "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
          "sixteenth", "seventeenth", "eighteenth", "nineteenth"]  # fmt: skip
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60}
_TEN_WORDS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_ORDINAL = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty)[-\s]?(?:first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth)|(?:twent|thirt|fort|fift|sixt)ieth|"
    + "|".join(sorted(_UNITS[1:], key=len, reverse=True))
    + r"|\d{1,2}(?:st|nd|rd|th))"
)
_CMP_NAME = r"(?:Conference\s+of\s+the\s+Parties\s+serving\s+as\s+the\s+meeting\s+of\s+the\s+Parties\s+to\s+the\s+Kyoto\s+Protocol|COP/MOP|CMP)"  # noqa: E501
_CMA_NAME = r"(?:Conference\s+of\s+the\s+Parties\s+serving\s+as\s+the\s+meeting\s+of\s+the\s+Parties\s+to\s+the\s+Paris\s+Agreement|CMA)"  # noqa: E501
_SB_NAME = (
    r"(?:(?:UNFCCC\s+)?Subsidiary\s+Bod(?:y|ies)(?:\s+for\s+(?:Scientific\s+and\s+Technological"
    r"\s+Advice|Implementation))?)"
)
_ABBREVIATED = re.compile(
    r"(?<![\w.])(?P<body>COP/MOP|COP|CMP|CMA|SBSTA|SBI|SB)\s?[-‐–]?\s?(?P<n>\d{1,2})(?![\d.,]\d|\w)"
)
_IN_WORDS = re.compile(
    rf"""(?P<ord1>{_ORDINAL})\s+(?:sessions?\s+of\s+the\s+)?(?P<body1>{_CMP_NAME}|{_CMA_NAME}
         |Conference\s+of\s+the\s+Parties|{_SB_NAME})
    |(?P<body2>{_CMP_NAME}|{_CMA_NAME}|Conference\s+of\s+the\s+Parties|{_SB_NAME})
         [^.;:\n]{{0,40}}?\s(?:on|at)\s+its\s+(?P<ord2>{_ORDINAL})\s+session""",
    re.IGNORECASE | re.VERBOSE,
)
_ZH_NUMBER = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
_CHINESE = re.compile(
    rf"(?P<treaty>京都議定書|京都议定书|議定書|议定书|巴黎協定|巴黎协定)?\s*第\s*(?P<n>{_ZH_NUMBER})\s*[屆届次]"
    r"\s*(?:締約國|缔约国|締約方|缔约方)(?:大會|大会|會議|会议)"
)
_ZH_DIGITS = "〇一二三四五六七八九"
_OTHER_CONVENTION = re.compile(
    r"\b(?:CBD|UNCCD|CCD|CITES|Ramsar|CMS|(?:Basel|Rotterdam|Stockholm|Minamata|Vienna)\s+"
    r"Convention|Montreal\s+Protocol|Biological\s+Diversity|Biodiversity|Desertification"
    r"|Cartagena|Nagoya|Wetlands|Migratory|Ozone)\b|生物多樣性|生物多样性|荒漠化|沙漠化|蒙特婁議定書"
    r"|蒙特利尔议定书",
    re.IGNORECASE,
)
_RESUMED = re.compile(
    r"\b(?:resumed|part\s+(?:II|III|2|3|two|three)|(?:second|third)\s+part)\b|續會|续会|第二期",
    re.IGNORECASE,
)


class Session(NamedTuple):
    body: str  # "cop", "cmp", "cma", "sb"
    number: int


def named_sessions(text: str) -> list[Session]:
    """The numbered sessions the text names, in order of appearance; none when it names
    another convention (the COPs of the biodiversity or desertification conventions, the
    Montreal Protocol's meetings of the parties number their own sessions), nor when it names a
    resumed session or a later part of one (COP 6 met in 2000 and, resumed, in 2001)."""
    if _OTHER_CONVENTION.search(text) or _RESUMED.search(text):
        return []
    found: list[tuple[int, Session]] = []
    for match in _ABBREVIATED.finditer(text):
        body = {"COP/MOP": "cmp", "SBSTA": "sb", "SBI": "sb"}.get(
            match["body"], match["body"].lower()
        )
        found.append((match.start(), Session(body, int(match["n"]))))
    for match in _IN_WORDS.finditer(text):
        number = _ordinal(match["ord1"] or match["ord2"])
        if number:
            found.append((match.start(), Session(_body(match["body1"] or match["body2"]), number)))
    for match in _CHINESE.finditer(text):
        treaty = match["treaty"] or ""
        body = "cma" if treaty.startswith("巴黎") else "cmp" if treaty else "cop"
        found.append((match.start(), Session(body, _chinese_number(match["n"]))))
    return [session for _, session in sorted(found)]


def session_year(session: Session) -> int | None:
    """The year the session met, by the Convention's calendar; None when it has no rule."""
    body, n = session
    if n < 1:
        return None
    if body == "cop":
        return _cop_year(n)
    if body == "cmp":
        return _cop_year(n + _FIRST_CMP_COP - 1)
    if body == "cma":
        return _CMA_EARLY.get(n) or _cop_year(n + 23)
    if body == "sb":
        if n in _SB_EARLY:
            return _SB_EARLY[n]
        if n in _SB_GLASGOW:
            return 2021
        return 1994 + n // 2
    return None


def _cop_year(n: int) -> int:
    return _FIRST_COP - 1 + n + (1 if n >= _SKIPPED_YEAR_COP else 0)


def _body(name: str) -> str:
    folded = " ".join(name.split()).lower()
    if "kyoto" in folded or folded in ("cop/mop", "cmp"):
        return "cmp"
    if "paris" in folded or folded == "cma":
        return "cma"
    if "subsidiary" in folded:
        return "sb"
    return "cop"


def _ordinal(word: str) -> int:
    word = word.lower().replace("-", " ")
    if word[0].isdigit():
        return int(word.rstrip("stndrh"))
    if word in _UNITS:
        return _UNITS.index(word)
    for stem, value in _TENS.items():
        if word == f"{stem}ieth":
            return value
    tens, _, units = word.partition(" ")
    if not units:  # "twentyfirst"
        tens = next((t for t in _TEN_WORDS if word.startswith(t)), "")
        units = word[len(tens) :]
    return _TEN_WORDS.get(tens, 0) + (_UNITS.index(units) if units in _UNITS else 0)


def _chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    tens, ten, units = text.partition("十")
    if not ten:
        return _ZH_DIGITS.index(text)
    return (_ZH_DIGITS.index(tens) if tens else 1) * 10 + (_ZH_DIGITS.index(units) if units else 0)
