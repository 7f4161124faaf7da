"""Normalization for indexing and matching; display always keeps the original characters.

``fold`` is what gets indexed and what queries are compared against:

- Unicode NFKC: CJK compatibility ideographs (年 U+F98E, 金 U+F90A …) become the ordinary ones,
  full-width ASCII becomes ASCII, ideographic spaces become spaces;
- the Bopomofo letter ㄧ typed for the numeral 一 next to Han text becomes 一;
- case folding;
- Traditional -> Simplified, character by character with OpenCC's t2s character table. Per-character
  folding keeps the length and is context-free, so any substring of a text folds exactly as it does
  inside the text, which literal search relies on.

``fold_with_offsets`` also returns, for every folded character, the index of the original character
it came from, so that matches found in folded text can be shown in the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.data_files import read_data

_BOPOMOFO_YI = "\u3127"
_BOPOMOFO = "\u3100-\u312f\u31a0-\u31bf\u02ca\u02c7\u02cb\u02d9"
# ㄧ stands for 一 unless it sits inside a run of Bopomofo (real phonetic annotation).
_YI_AS_NUMERAL = re.compile(f"(?<![{_BOPOMOFO}]){_BOPOMOFO_YI}(?![{_BOPOMOFO}])")

HAN = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f"
)
HAN_RE = re.compile(f"[{HAN}]")


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    text = read_data("t2s_chars.tsv")
    table: dict[int, str] = {}
    for line in text.splitlines():
        if line:
            trad, simp = line.split("\t")
            table[ord(trad)] = simp
    return table


@lru_cache(maxsize=1)
def _convertible() -> re.Pattern[str]:
    """Matches any character in the range of the table's Traditional characters."""
    table = _t2s_table()
    return re.compile(f"[{chr(min(table))}-{chr(max(table))}]")


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, one character at a time (length-preserving)."""
    # translate looks every character up in the table; a scan in C finds most texts need none
    if text.isascii() or not _convertible().search(text):
        return text
    return text.translate(_t2s_table())


# Characters NFKC leaves alone and no mark combines across: ASCII, common dashes, quotes and
# bullets, CJK punctuation, CJK ideographs.
_NFKC_STABLE_RUN = re.compile(
    "[\x20-\x7e\u2013\u2014\u2018\u2019\u201c\u201d\u2022"
    "\u3001-\u3029\u3030-\u3035\u303b-\u303f\u4e00-\u9fff]+"
)


def _nfkc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """NFKC, with a map from output index to input index (None when nothing changed)."""
    if unicodedata.is_normalized("NFKC", text):
        return text, None
    out: list[str] = []
    offsets: list[int] = []
    start = 0
    # Normalize one line at a time; only lines that change pay for the per-cluster walk.
    for line in text.splitlines(keepends=True):
        if unicodedata.is_normalized("NFKC", line):
            out.append(line)
            offsets.extend(range(start, start + len(line)))
        else:
            _nfkc_clusters(line, start, out, offsets)
        start += len(line)
    return "".join(out), offsets


def _nfkc_clusters(line: str, base: int, out: list[str], offsets: list[int]) -> None:
    """Normalize a starter and its combining marks together, mapping output to the starter.

    Runs of characters NFKC leaves alone are copied whole, except their last character, which a
    following combining mark may compose with.
    """
    i = 0
    n = len(line)
    while i < n:
        stable = _NFKC_STABLE_RUN.match(line, i)
        if stable is not None and stable.end() - i > 1:
            j = stable.end() - 1
            out.append(line[i:j])
            offsets.extend(range(base + i, base + j))
            i = j
            continue
        j = i + 1
        while j < n and unicodedata.combining(line[j]):
            j += 1
        piece = unicodedata.normalize("NFKC", line[i:j])
        out.append(piece)
        offsets.extend([base + i] * len(piece))
        i = j


def _lower_with_offsets(text: str, offsets: list[int] | None) -> tuple[str, list[int] | None]:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered, offsets
    out: list[str] = []
    new_offsets: list[int] = []
    for i, char in enumerate(text):
        piece = char.lower()
        out.append(piece)
        origin = offsets[i] if offsets is not None else i
        new_offsets.extend([origin] * len(piece))
    return "".join(out), new_offsets


def normalize(text: str) -> str:
    """NFKC plus ㄧ -> 一: the canonical form of a text, still in its own script and case."""
    return _YI_AS_NUMERAL.sub("一", unicodedata.normalize("NFKC", text))


def normalize_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """``normalize`` with a map from each output character to its original index."""
    normalized, offsets = _nfkc_with_offsets(text)
    return _YI_AS_NUMERAL.sub("一", normalized), offsets


def fold(text: str) -> str:
    """The matching form of a text: normalized, lower-cased, Simplified.

    Whole-string operations, all in C; ``fold_with_offsets`` gives the same text with an offset
    map (it normalizes a character cluster at a time, which differs only for the rare sequences
    NFKC composes across starters, such as conjoining Hangul jamo).
    """
    normalized = _YI_AS_NUMERAL.sub("一", unicodedata.normalize("NFKC", text))
    return to_simplified(normalized.lower())


def fold_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """Fold ``text``; the list maps each folded character to its original index.

    The list is None when folding kept every character in place (the common case), meaning the
    offsets are the identity.
    """
    normalized, offsets = normalize_with_offsets(text)
    lowered, offsets = _lower_with_offsets(normalized, offsets)
    return to_simplified(lowered), offsets


def original_span(offsets: list[int] | None, start: int, end: int, length: int) -> tuple[int, int]:
    """Map a [start, end) span of folded text back to the original text of ``length`` chars."""
    if offsets is None:
        return start, end
    if start >= len(offsets):
        return length, length
    original_start = offsets[start]
    original_end = offsets[end] if end < len(offsets) else length
    # Several folded characters may come from one original one: never return an empty span.
    if original_end <= original_start:
        original_end = original_start + 1
    return original_start, original_end


def is_han(char: str) -> bool:
    return HAN_RE.match(char) is not None


def has_han(text: str) -> bool:
    """Whether any character of ``text`` is Han (ASCII text answers without a scan)."""
    return not text.isascii() and HAN_RE.search(text) is not None
