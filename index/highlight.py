"""Where a query matches inside a section, in the section's original characters, and the snippet.

Matching is done on folded text (so 调适基金 finds 調適基金, and 碳金融 finds a
compatibility-ideograph 金); every span is mapped back to offsets in the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from index.analysis import stem
from pipeline.normalize import fold_with_offsets, original_span
from pipeline.segment import TOKEN_RE

_LATIN = re.compile(r"[a-z0-9]+")
SNIPPET_CHARS = 160


@dataclass(frozen=True, slots=True)
class Needle:
    """One thing to highlight: a Han run, or a run of adjacent Latin words."""

    kind: str  # "han" | "latin"
    parts: tuple[str, ...]
    stemmed: bool = False  # unquoted single Latin words match any inflection


def needles_for(text: str, quoted: bool) -> list[Needle]:
    """The needles of one query word or phrase (already folded)."""
    result: list[Needle] = []
    latin: list[str] = []
    for match in TOKEN_RE.finditer(text):
        token = match.group()
        if token[0] < "\u0080":
            latin.append(token)
            continue
        if latin:
            result.append(_latin_needle(latin, quoted))
            latin = []
        result.append(Needle("han", (token,)))
    if latin:
        result.append(_latin_needle(latin, quoted))
    return result


def _latin_needle(words: list[str], quoted: bool) -> Needle:
    return Needle("latin", tuple(words), stemmed=not quoted and len(words) == 1)


def find_matches(text: str, needles: list[Needle]) -> list[tuple[int, int]]:
    """Sorted, merged [start, end) spans of ``text`` (original offsets) matching any needle."""
    folded, offsets = fold_with_offsets(text)
    spans: list[tuple[int, int]] = []
    words = None
    for needle in needles:
        if needle.kind == "han":
            spans.extend(_find_all(folded, needle.parts[0]))
            continue
        if words is None:
            words = [(m.group(), m.start(), m.end()) for m in _LATIN.finditer(folded)]
        spans.extend(_find_words(words, needle))
    merged = _merge(sorted(spans))
    return [original_span(offsets, s, e, len(text)) for s, e in merged]


def spans_in(folded: str, needles: list[Needle]) -> list[tuple[int, int]]:
    """[start, end) spans of folded text matching any needle (offsets into the folded text);
    single words match any inflection only through ``contains``, here as written."""
    spans: list[tuple[int, int]] = []
    for needle in needles:
        if needle.kind == "han":
            spans.extend(_find_all(folded, needle.parts[0]))
        else:
            spans.extend(m.span() for m in _phrase(needle.parts).finditer(folded))
    return spans


def contains(folded: str, needles: list[Needle]) -> bool:
    """Whether folded text holds every needle (as ``find_matches`` would mark it)."""
    words = None
    for needle in needles:
        if needle.kind == "han":
            if needle.parts[0] not in folded:
                return False
        elif not needle.stemmed:
            if _phrase(needle.parts).search(folded) is None:
                return False
        else:
            if words is None:
                words = [(m.group(), m.start(), m.end()) for m in _LATIN.finditer(folded)]
            if not _find_words(words, needle):
                return False
    return True


@lru_cache(maxsize=1024)
def _phrase(parts: tuple[str, ...]) -> re.Pattern[str]:
    """Consecutive Latin words (as ``_LATIN`` splits folded text) as one regular expression."""
    return re.compile(r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(map(re.escape, parts))
                      + r"(?![a-z0-9])")


def _find_all(haystack: str, needle: str) -> list[tuple[int, int]]:
    spans = []
    start = haystack.find(needle)
    while start != -1:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return spans


def _find_words(words: list[tuple[str, int, int]], needle: Needle) -> list[tuple[int, int]]:
    size = len(needle.parts)
    if needle.stemmed:
        target = stem(needle.parts[0])
        return [(s, e) for w, s, e in words if w == needle.parts[0] or stem(w) == target]
    spans = []
    first = needle.parts[0]
    for i in range(len(words) - size + 1):
        if words[i][0] == first and all(
            words[i + k][0] == needle.parts[k] for k in range(1, size)
        ):
            spans.append((words[i][1], words[i + size - 1][2]))
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> str:
    """The best passage of ``text`` with each match wrapped in <mark>…</mark>."""
    return with_marks(snippet_parts(text, spans, width))


def with_marks(parts: list[tuple[str, bool]]) -> str:
    """Snippet pieces joined, each match wrapped in <mark>…</mark>."""
    return "".join(f"<mark>{part}</mark>" if marked else part for part, marked in parts)


def snippet_parts(
    text: str, spans: list[tuple[int, int]], width: int = SNIPPET_CHARS
) -> list[tuple[str, bool]]:
    """The best passage of ``text`` as pieces, each with whether it is a match.

    The pieces are the original characters (ellipses at cut ends): a page escapes each one and
    marks the matches, whatever markup the text itself holds.
    """
    if not text:
        return []
    start = _best_window(text, spans, width)
    end = min(len(text), start + width)
    # Never cut a match in half at the window's edges.
    for s, e in spans:
        if s < end < e:
            end = e
        if s < start < e:
            start = s
    parts: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        if s > cursor:
            parts.append((_flat(text[cursor:s]), False))
        parts.append((_flat(text[s:e]), True))
        cursor = e
    if end > cursor:
        parts.append((_flat(text[cursor:end]), False))
    if end < len(text):
        parts.append(("…", False))
    return parts


def snippet_anchor(spans: list[tuple[int, int]], width: int = SNIPPET_CHARS) -> int:
    """Offset of the first match of the best passage (0 without matches)."""
    return _best_match(spans, width) if spans else 0


def _best_match(spans: list[tuple[int, int]], width: int) -> int:
    best_start, best_count = spans[0][0], 0
    j = 0
    for i, (s, _) in enumerate(spans):
        j = max(j, i)
        while j + 1 < len(spans) and spans[j + 1][1] <= s + width:
            j += 1
        count = j - i + 1
        if count > best_count:
            best_start, best_count = s, count
    return best_start


def _best_window(text: str, spans: list[tuple[int, int]], width: int) -> int:
    """Start of the window covering the most matches, with a little context before the first."""
    if not spans:
        return 0
    best_start = _best_match(spans, width)
    lead = min(width // 4, best_start)
    start = best_start - lead
    # Start at a line or sentence boundary when one is close.
    boundary = max(text.rfind("\n", start, best_start), text.rfind("。", start, best_start))
    if boundary != -1:
        start = boundary + 1
    return max(0, start)


def _flat(text: str) -> str:
    return " ".join(text.split("\n")).replace("\t", " ")
