"""Numbered sessions of the UNFCCC bodies as concepts: COP 13 is also COP13, COP-13,
第13屆締約國大會, 第十三次締約方大會 and 缔约方会议第十三届会议.

Sessions follow a rule rather than a list: a query word is recognised as a session by its shape
(a body's abbreviation and a number, or a Chinese session number beside a body's Chinese name),
and the session's forms are generated from the body's names.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from pipeline.termbase import SESSION_PREFIX

PREFIX = SESSION_PREFIX
MAX_SESSION = 99


class Body(NamedTuple):
    id: str
    abbrs: tuple[str, ...]  # as written before the number
    en: str
    zh: tuple[str, ...]  # folded (Simplified) names; "京都议定书|缔约方会议": the number may
    # also stand between the two parts


BODIES = (
    Body("cmp", ("CMP", "COP/MOP"),
         "Conference of the Parties serving as the meeting of the Parties to the Kyoto Protocol",
         ("京都议定书|缔约国会议", "京都议定书|缔约方会议", "京都议定书|缔约方大会",
          "议定书|缔约国会议")),
    Body("cma", ("CMA",),
         "Conference of the Parties serving as the meeting of the Parties to the Paris Agreement",
         ("巴黎协定|缔约方会议", "巴黎协定|缔约国会议", "巴黎协定|缔约方大会")),
    Body("cop", ("COP",), "Conference of the Parties", ("缔约国大会", "缔约方大会", "缔约方会议")),
    Body("sbsta", ("SBSTA",), "Subsidiary Body for Scientific and Technological Advice",
         ("附属科技咨询机构", "附属科学咨询机构", "附属科学技术咨询机构", "科技咨询机构")),
    Body("sbi", ("SBI",), "Subsidiary Body for Implementation",
         ("附属履行机构", "附属执行机构", "履行机构")),
    Body("awg-kp", ("AWG-KP",), "Ad Hoc Working Group on Further Commitments for Annex I Parties "
         "under the Kyoto Protocol", ("京都议定书特设工作小组", "京都议定书特设工作组")),
    Body("awg-lca", ("AWG-LCA",), "Ad Hoc Working Group on Long-term Cooperative Action under "
         "the Convention", ("长期合作行动特设工作组", "长期合作行动问题特设工作组")),
    Body("adp", ("ADP",), "Ad Hoc Working Group on the Durban Platform for Enhanced Action",
         ("德班加强行动平台问题特设工作组", "德班平台特设工作小组")),
)
_BY_ID = {b.id: b for b in BODIES}

_DIGITS = "〇一二三四五六七八九"
_LATIN = re.compile(
    r"(?P<body>cop mop|cop|cmp|cma|sbsta|sbi|awg kp|awg lca|adp) ?(?P<n>[0-9]{1,2})"
)
_NUMBER = f"第(?P<n>[0-9]{{1,2}}|[{_DIGITS[1:]}十]{{1,3}})[届次]"


def chinese_number(n: int) -> str:
    """1-99 in Chinese numerals (十三, 二十七)."""
    tens, units = divmod(n, 10)
    text = ("" if tens == 1 else _DIGITS[tens]) + "十" if tens else ""
    return text + (_DIGITS[units] if units else "")


def _parse_chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 else 0
    tens, _, units = text.partition("十")
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(units) if units else 0)


def session_id(body: str, n: int) -> str:
    return f"{PREFIX}{body}-{n}"


def from_tokens(tokens: list[str]) -> str | None:
    """The session id a run of folded Latin tokens names ("cop 13", "cop13", "cop mop 3")."""
    match = _LATIN.fullmatch(" ".join(tokens))
    if match is None:
        return None
    n = int(match.group("n"))
    body = {"cop mop": "cmp", "awg kp": "awg-kp", "awg lca": "awg-lca"}.get(
        match.group("body"), match.group("body"))
    return session_id(body, n) if 0 < n <= MAX_SESSION else None


def in_chinese(word: str) -> list[tuple[int, int, str]]:
    """(start, end, session id) of each session a folded Chinese word names."""
    found = []
    for number in re.finditer(_NUMBER, word):
        n = _parse_chinese_number(number.group("n"))
        if not 0 < n <= MAX_SESSION:
            continue
        best = None
        for body in BODIES:
            for name in body.zh:
                pre, _, suf = name.rpartition("|")
                whole = pre + suf
                spans = []
                before = word[: number.start()]
                after = word[number.end() :]
                if pre and before.endswith(pre) and after.startswith(suf):
                    spans.append((number.start() - len(pre), number.end() + len(suf)))
                if after.startswith(whole):
                    tail = 2 if after[len(whole) :].startswith("会议") else 0
                    spans.append((number.start(), number.end() + len(whole) + tail))
                if before.endswith(whole):
                    end = number.end() + (2 if after.startswith("会议") else 0)
                    spans.append((number.start() - len(whole), end))
                for span in spans:
                    if best is None or span[1] - span[0] > best[1] - best[0]:
                        best = (*span, session_id(body.id, n))
        if best is not None:
            found.append(best)
    return found


def forms(concept_id: str) -> tuple[tuple[str, ...], tuple[str, ...], str] | None:
    """The abbreviations ("COP 13", "COP13") and Chinese forms of a session id, and what it is;
    None when it is not one."""
    if not concept_id.startswith(PREFIX):
        return None
    body_id, _, number = concept_id[len(PREFIX) :].rpartition("-")
    body = _BY_ID.get(body_id)
    if body is None or not number.isdigit():
        return None
    n = int(number)
    abbrs = tuple(f for a in body.abbrs for f in (f"{a} {n}", f"{a}{n}"))
    zh = []
    for name in body.zh:
        pre, _, suf = name.rpartition("|")
        for numeral in (str(n), chinese_number(n)):
            for unit in ("届", "次"):
                zh.append(f"第{numeral}{unit}{pre}{suf}")
                if pre:
                    zh.append(f"{pre}第{numeral}{unit}{suf}")
                else:
                    zh.append(f"{suf}第{numeral}{unit}会议")
    return abbrs, tuple(dict.fromkeys(zh)), f"session {n} of the {body.en}"
