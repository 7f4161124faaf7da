"""Recognize UN document symbols and UNFCCC decision references in text.

Canonical forms (what ``Reference.symbol`` and ``canonicalize`` return):

- Documents: ``FCCC/SBSTA/2007/L.20/Add.1/Rev.1``. Body, year and item are upper case, item
  prefixes as on the UNFCCC masthead (``L.``, ``INF.``, ``MISC.``, ``CRP.``), modifiers in title
  case (``Add.``, ``Rev.``, ``Corr.``), numbers without leading zeros. Review reports keep their
  country code (``FCCC/ARR/2009/JPN``, ``FCCC/IDR.4/DEU``). The negotiating committee's symbols
  follow the same rules: ``A/AC.237/WG.II/L.13``, ``A/AC.237/MISC.41``.
- Decisions: ``1/CP.13``, ``4/CMP.3``, ``1/CMA.1``; an unnumbered draft is ``-/CP.13``.

Matching ignores case and accepts full-width characters, spaces (and one line break) around
slashes, trailing punctuation and the elliptic forms of meeting reports: "L.14 and Add.1",
"L.20/Rev.1 & Add.1/Rev.1", "L.23 & Adds.1-2", "L.26 Add.1", "MISCs.5 and 8". A decision
written without its dot ("9/CP 2") counts only right after the word "decision(s)" or "第", or
in a list that follows another decision, so that session names ("COP 18/CMP 8") are not caught.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import product

from pipeline.data_files import read_data

__all__ = [
    "Reference",
    "canonicalize",
    "draft_titles",
    "family_root",
    "find_references",
    "resolve_draft",
    "symbol_kind",
]


@dataclass(frozen=True, slots=True)
class Reference:
    symbol: str  # canonical form
    raw: str  # text[start:end], exactly as written
    kind: str  # "document" | "decision"
    start: int
    end: int
    resolved: str | None = None  # a draft's adopted number, when its title is in the registry


# Every replacement is one character for one, so offsets into the folded text are offsets into
# the original.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}  # full-width ASCII
# No-break, thin, ideographic and zero-width spaces (Word and PDF text carry them inside symbols)
_FOLD |= {cp: " " for cp in (0x00A0, 0x202F, 0x3000, *range(0x2000, 0x200C), 0x2060, 0xFEFF)}
_FOLD |= {cp: "-" for cp in (*range(0x2010, 0x2016), 0x2212, 0xFE63)}
_FOLD |= {0x2215: "/"}
_FOLDABLE = re.compile("[" + "".join(map(chr, _FOLD)) + "]+")

_FLAGS = re.IGNORECASE | re.ASCII | re.VERBOSE
# Possessive quantifiers throughout, so that no input makes the engine backtrack over a long run.
# Each scanning pattern starts with a literal (lookbehinds come after it) for the fast prefix scan.
_W = r"[ \t]*+(?:\r?\n[ \t]*+)?+"  # spaces and at most one line break
_SLASH = rf"{_W}/{_W}"
_GAP = rf"(?=[ \t\r\n]){_W}"  # whitespace standing in for a slash: "L.26 Add.1"
_NUM = r"\d{1,4}+(?!\d)"
# "1-2", "1, 2 and 8"; the caps bound the work done per match on any input
_LIST = rf"{_NUM}(?:{_W}(?:[-&,]{_W}(?:and\b{_W})?+|and\b{_W}){_NUM}){{0,30}}+"
_PLURAL = r"\.?+s\.?+"  # "MISCs.", "Adds", "MISC.s"
_ITEM_PREFIXED = rf"(?:L|INF|MISC|CRP)(?:{_PLURAL}{_W}{_LIST}|\.{_W}{_NUM}|{_NUM})"
_ITEM = rf"(?:{_NUM}|{_ITEM_PREFIXED}|[A-Z]{{3}}(?![A-Za-z\d]))"
_MOD = rf"(?:Add|Rev|Corr)(?:{_PLURAL}|\.){_W}{_LIST}"
_MODS = rf"{_MOD}(?:(?:{_SLASH}|{_GAP}){_MOD}){{0,5}}+"
_TAIL = rf"{_SLASH}(?P<item>{_ITEM})(?:(?:{_SLASH}|{_GAP})(?P<mods>{_MODS}))?"
_BODY_SEGMENT = r"(?:(?:IDR|TRR)\.\d{1,2}|[A-Z]{1,12}(?:-[A-Z]{1,12})?\d{0,2})(?![A-Za-z\d.])"

_FCCC = re.compile(
    rf"""FCCC(?<![\w/]FCCC)(?P<body>(?:{_SLASH}{_BODY_SEGMENT}){{1,3}})
    (?:{_SLASH}(?P<year>(?:19|20)\d\d)(?!\d)|(?={_SLASH}[A-Z])){_TAIL}""",
    _FLAGS,
)
_AC237 = re.compile(
    rf"""A(?<![\w/]A){_SLASH}AC{_W}\.{_W}237
    (?:{_SLASH}WG{_W}\.{_W}(?P<wg>II|I|2|1)(?![A-Za-z\d]))?{_TAIL}""",
    _FLAGS,
)
# What may follow a symbol and still belong to it: ", Add.1", "& Adds.1-2", "and MISC.13".
_CONTINUATION = re.compile(
    rf"""(?P<sep>{_W}(?:[,&]{_W})?+(?:and\b{_W})?+)
    (?P<element>(?:/{_W})?(?P<item>{_ITEM_PREFIXED})(?:(?:{_SLASH}|{_GAP})(?P<mods>{_MODS}))?
      |(?P<only_mods>{_MODS}))""",
    _FLAGS,
)
# A decision is found from its slash, then its number is looked for just before it.
_DECISION = re.compile(
    rf"""/{_W}(?P<body>CMP|CMA|CP)(?:(?P<dot>{_W}\.(?:{_W}\.)?+{_W})|[ \t]++)
    (?P<session>\d{{1,2}}+)(?!\d)""",
    _FLAGS,
)
_DECISION_NUMBER = re.compile(r"(?<![\w/.])(?P<number>\d{1,3}|-)[ \t]*(?:\r?\n[ \t]*)?\Z", _FLAGS)
_NUMBER_REACH = 40  # how far before its slash a decision's number may start
_DECISION_CONTEXT = re.compile(r"(?:\bdecisions?|第)[ \t]*+\Z", _FLAGS)
_DECISION_LIST_SEP = re.compile(r"[ \t]*+(?:[,&][ \t]*+)?+(?:and[ \t]++)?+", _FLAGS)
# The title a draft is cited with: up to a closing bracket or quote, or the Chinese text that
# follows it ("Decision -/CP.13 Bali Action Plan），全體締約國").
_TITLE = re.compile(
    r"""[\s.,:;'"(\[“‘「『-]*+(?:(?:en)?titled\s++[“‘"'「『]?+)?+
    (?P<title>[^\r\n)\]”"\u3000-\u9fff\uff00-\uffef]{1,200})""",
    _FLAGS,
)

_REVIEW_SERIES = {"ARR", "IDR", "TRR", "TAR", "IRR", "ASR"}  # their items are country codes
_LABELS = {"l": "L", "inf": "INF", "misc": "MISC", "crp": "CRP"}
_LABELS |= {"add": "Add", "rev": "Rev", "corr": "Corr"}
_MAX_RANGE = 50  # "Adds.1-6" expands; a longer "range" is read as two numbers
_BODY_PARTS = re.compile(r"(?:IDR|TRR)\.\d+|[A-Z]+(?:-[A-Z]+)?\d*", _FLAGS)
_TOKENS = re.compile(r"[A-Za-z]+|\d+|-")
_WORD = re.compile(r"[a-z0-9]+")


def find_references(text: str) -> list[Reference]:
    """Every document symbol and decision reference in ``text``, in order of appearance.

    An elliptic form yields one reference per symbol it stands for: "FCCC/SBI/2007/L.23 &
    Adds.1-2" gives L.23 (spanning "FCCC/SBI/2007/L.23") and L.23/Add.1 and L.23/Add.2 (both
    spanning "Adds.1-2"). Offsets index ``text`` itself.
    """
    folded = _fold(text)
    references = [*_documents(text, folded), *_decisions(text, folded)]
    references.sort(key=lambda ref: ref.start)
    return references


def canonicalize(typed: str) -> str | None:
    """The canonical form of one symbol as a user types it, or None if it is not one symbol.

    Surrounding spaces, brackets and punctuation are ignored, and so are the words that
    frame a decision ("decision 9/CP 2", "第1/CP.10號決定").
    """
    references = find_references(typed)
    if len(references) != 1:
        return None
    ref = references[0]
    rest = _fold(typed[: ref.start] + " " + typed[ref.end :])
    return ref.symbol if _LEFTOVER.fullmatch(rest) else None


_PUNCT = r"""\s!-/:-@\[-`{-~、。「」『』《》〈〉【】"""
_LEFTOVER = re.compile(
    rf"[{_PUNCT}]*(?:(?:decisions?|第)[{_PUNCT}]*)?(?:[號号][決决]定)?[{_PUNCT}]*",
    re.IGNORECASE | re.ASCII,
)
_CANONICAL_DECISION = re.compile(r"(?:\d+|-)/(?:CP|CMP|CMA)\.\d+")
_CANONICAL_MODS = re.compile(r"(?:/(?:Add|Rev|Corr)\.\d+)+$")


def symbol_kind(symbol: str) -> str:
    """ "document" or "decision"; ValueError if ``symbol`` is not a symbol."""
    canonical = canonicalize(symbol)
    if canonical is None:
        raise ValueError(f"not a document symbol or decision reference: {symbol!r}")
    return "decision" if _CANONICAL_DECISION.fullmatch(canonical) else "document"


def family_root(symbol: str) -> str:
    """The document an addendum, revision or corrigendum belongs to; decisions are their own.

    FCCC/SBSTA/2007/L.20/Add.1/Rev.1 -> FCCC/SBSTA/2007/L.20. Returns the canonical form.
    """
    canonical = canonicalize(symbol)
    if canonical is None:
        raise ValueError(f"not a document symbol or decision reference: {symbol!r}")
    if _CANONICAL_DECISION.fullmatch(canonical):
        return canonical
    return _CANONICAL_MODS.sub("", canonical)


def resolve_draft(symbol: str, title: str) -> str | None:
    """The adopted number of draft ``symbol`` ("-/CP.13") whose registry title is ``title``.

    Tolerates case, punctuation and small spelling slips ("Adaption Fund"); a title cut short
    matches when its first three words do. None when ``symbol`` is not a draft or no title fits.
    """
    canonical = canonicalize(symbol)
    if canonical is None or not canonical.startswith("-/"):
        return None
    return _resolve(canonical.removeprefix("-/"), title)


def draft_titles(adopted: str) -> list[str]:
    """The registry titles of decision ``adopted`` ("1/CP.13" -> ["Bali Action Plan"])."""
    canonical = canonicalize(adopted)
    return list(_registry().get(canonical, ())) if canonical else []


def _fold(text: str) -> str:
    if text.isascii():
        return text
    text = _FOLDABLE.sub(lambda run: run[0].translate(_FOLD), text)
    if _CYRILLIC.search(text):
        text = _LOOKALIKE_WORD.sub(lambda word: _latin_in_symbol(text, word), text)
    return text


# Cyrillic capitals that look like Latin ones, as Russian documents type symbols ("1/СР.20" with
# Cyrillic С and Р). They are read as Latin only in a word made of nothing else (and Latin
# capitals) that touches a slash: Cyrillic words elsewhere are left alone.
_LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТХІЈЅ", "ABEKMHOPCTXIJS"
)
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LOOKALIKE_WORD = re.compile(
    "(?<![^\\W\\d_])(?=[A-Z]*[АВЕКМНОРСТХІЈЅ])[A-ZАВЕКМНОРСТХІЈЅ]+(?![^\\W\\d_])"
)
_SLASH_BEFORE = re.compile(r"/[ \t]*\Z")
_SLASH_AFTER = re.compile(r"[ \t]*/")


def _latin_in_symbol(text: str, word: re.Match[str]) -> str:
    start, end = word.span()
    touches_slash = _SLASH_BEFORE.search(text, max(0, start - 8), start) or _SLASH_AFTER.match(
        text, end
    )
    return word[0].translate(_LOOKALIKES) if touches_slash else word[0]


def _documents(text: str, folded: str) -> Iterator[Reference]:
    for pattern in (_FCCC, _AC237):
        for match in pattern.finditer(folded):
            yield from _document(match, text, folded)


def _document(match: re.Match[str], text: str, folded: str) -> Iterator[Reference]:
    """The references of one matched symbol and of the elliptic forms that continue it."""
    prefix = _fccc_prefix(match) if match.re is _FCCC else _ac237_prefix(match)
    if prefix is None:
        return
    roots = [f"{prefix}/{item}" for item in _expand(match["item"])]
    yield from _refs(text, match.start(), match.end(), roots, match["mods"])
    pos = match.end()
    while cont := _CONTINUATION.match(folded, pos):
        if not cont["sep"].strip():  # a comma, "&" or "and" links the continuation
            break
        if cont["item"]:
            roots = [f"{prefix}/{item}" for item in _expand(cont["item"])]
            mods = cont["mods"]
        else:
            mods = cont["only_mods"]
        yield from _refs(text, cont.start("element"), cont.end(), roots, mods)
        pos = cont.end()


def _fccc_prefix(match: re.Match[str]) -> str | None:
    """ "FCCC/SBSTA/2007"; None for a country-code item outside the review series."""
    return _fccc_series(match["body"], match["year"] or "", match["item"].isalpha())


@lru_cache(maxsize=1024)
def _fccc_series(body_written: str, year: str, country_item: bool) -> str | None:
    body = [part.upper() for part in _BODY_PARTS.findall(body_written)]
    if country_item and body[0].split(".")[0] not in _REVIEW_SERIES:
        return None
    return "/".join(["FCCC", *body, *([year] if year else [])])


def _ac237_prefix(match: re.Match[str]) -> str | None:
    """ "A/AC.237" or "A/AC.237/WG.II"; None for a country-code item, which it never has."""
    if match["item"].isalpha():
        return None
    group = {"1": "I", "2": "II"}.get(match["wg"], (match["wg"] or "").upper())
    return "A/AC.237" + (f"/WG.{group}" if group else "")


def _refs(
    text: str, start: int, end: int, roots: list[str], mods: str | None
) -> Iterator[Reference]:
    raw = text[start:end]
    for root in roots:
        for suffix in _suffixes(mods or ""):
            yield Reference(root + suffix, raw, "document", start, end)


@lru_cache(maxsize=1024)
def _expand(item: str) -> tuple[str, ...]:
    """Canonical items: "15" -> ("15",), "MISCs.5 and 8" -> ("MISC.5", "MISC.8")."""
    if item.isalpha():
        return (item.upper(),)
    return _segments(item)[0]


@lru_cache(maxsize=1024)
def _suffixes(mods: str) -> tuple[str, ...]:
    """ "Adds.1-2/Rev.1" -> ("/Add.1/Rev.1", "/Add.2/Rev.1"); no modifiers -> ("",)."""
    if not mods:
        return ("",)
    return tuple("".join(f"/{part}" for part in parts) for parts in product(*_segments(mods)))


def _segments(written: str) -> list[tuple[str, ...]]:
    """Per labelled segment, its canonical alternatives: "Adds.1-2/Rev.1" ->
    [("Add.1", "Add.2"), ("Rev.1",)]; an unlabelled number is itself ("15" -> [("15",)])."""
    segments: list[tuple[str, ...]] = []
    label, numbers, pending_range = "", [], False
    for token in _TOKENS.findall(written):
        word = token.lower()
        if token.isdigit():
            number = int(token)
            if pending_range and 0 <= number - numbers[-1] <= _MAX_RANGE:
                numbers.extend(range(numbers[-1] + 1, number + 1))
            else:
                numbers.append(number)
            pending_range = False
        elif token == "-":
            pending_range = bool(numbers)
        elif word not in ("and", "s"):
            if numbers:
                segments.append(_labelled(label, numbers))
            label, numbers = _LABELS.get(word) or _LABELS[word.removesuffix("s")], []
    segments.append(_labelled(label, numbers))
    return segments


def _labelled(label: str, numbers: list[int]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{label}.{n}" if label else str(n) for n in numbers))


def _decisions(text: str, folded: str) -> Iterator[Reference]:
    previous_end = -1
    for match in _DECISION.finditer(folded):
        slash = match.start()
        number = _DECISION_NUMBER.search(folded, max(0, slash - _NUMBER_REACH), slash)
        if number is None:
            continue
        start, end = number.start(), match.end()
        if match["dot"] is None and not _decision_context(folded, start, previous_end):
            continue
        previous_end = end
        written = number["number"]
        written = written if written == "-" else str(int(written))
        symbol = f"{written}/{match['body'].upper()}.{int(match['session'])}"
        resolved = None
        if written == "-" and (title := _TITLE.match(folded, end)):
            resolved = _resolve(symbol.removeprefix("-/"), title["title"])
        yield Reference(symbol, text[start:end], "decision", start, end, resolved)


def _decision_context(folded: str, start: int, previous_end: int) -> bool:
    """Whether an undotted "9/CP 2" is a decision: after "decision(s)", "第", or in a list."""
    if _DECISION_CONTEXT.search(folded, max(0, start - 16), start):
        return True
    return previous_end >= 0 and bool(
        start > previous_end and _DECISION_LIST_SEP.fullmatch(folded, previous_end, start)
    )


_TITLE_THRESHOLD = 0.85
_TITLE_MIN_WORDS = 3


def _resolve(session: str, title: str) -> str | None:
    """The registry decision of ``session`` ("CP.13") whose title best fits ``title``."""
    known = _titles_by_session().get(session, [])
    longest = max((len(words) for _, words in known), default=0)
    return _best_fit(session, tuple(_words(title)[:longest]))


@lru_cache(maxsize=1024)  # a report cites the same few drafts again and again
def _best_fit(session: str, have: tuple[str, ...]) -> str | None:
    known = _titles_by_session().get(session, [])
    scored = [(_title_score(have, want), adopted) for adopted, want in known]
    score, adopted = max(scored, default=(0.0, None), key=lambda pair: pair[0])
    return adopted if score >= _TITLE_THRESHOLD else None


def _title_score(have: tuple[str, ...], want: tuple[str, ...]) -> float:
    """Similarity of the words written to a title's words, over the length they share: text
    after the title is ignored, and a title cut short must keep its first three words."""
    if not have or len(have) < min(len(want), _TITLE_MIN_WORDS):
        return 0.0
    n = min(len(have), len(want))
    return SequenceMatcher(None, " ".join(have[:n]), " ".join(want[:n])).ratio()


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@cache
def _registry() -> dict[str, tuple[str, ...]]:
    """Adopted decision -> its titles, from the shipped ``data/decisions.tsv``."""
    titles: dict[str, list[str]] = {}
    for line in read_data("decisions.tsv").splitlines()[1:]:  # after the header
        if line.strip() and not line.startswith("#"):
            adopted, _, title = line.partition("\t")
            titles.setdefault(adopted.strip(), []).append(title.strip())
    return {adopted: tuple(names) for adopted, names in titles.items()}


@cache
def _titles_by_session() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """ "CP.13" -> [("1/CP.13", ("bali", "action", "plan")), ...]."""
    by_session: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for adopted, titles in _registry().items():
        session = adopted.split("/", 1)[1]
        by_session.setdefault(session, []).extend((adopted, tuple(_words(t))) for t in titles)
    return by_session
