"""Analyzers for the section index, built from whoosh's own pieces plus one small tokenizer.

Text arrives here already folded and segmented by the pipeline:

- ``words``: the space-joined token sequence (jieba words and alphanumeric runs), positions
  ordinal, so phrase queries over words are exact;
- ``bi``: Han character bigrams from the folded text, the recall net that makes any Han
  substring findable whatever the segmentation. Each run of Han characters also ends with its
  last character alone, so every character starts at least one term: a single-character query is
  a prefix query. Positions are consecutive inside a run with a gap between runs, so a phrase of
  bigrams matches exactly a contiguous substring.

Unquoted English words match their inflections at query time, by expanding over the ``words``
vocabulary to the words with the same Porter stem: no second index of stems is needed.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from itertools import accumulate

from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Positions

from pipeline.normalize import HAN

HAN_RUN = re.compile(f"[{HAN}]+")


class SequenceTokenizer(Tokenizer):
    """A tokenizer that can also list (term, position) pairs directly, for ``SequenceFormat``."""

    def sequence(self, value: str) -> tuple[list[str], list[int] | None]:
        """The terms in order and their positions (None: 0, 1, 2, ...)."""
        raise NotImplementedError

    def positions(self, value: str) -> Iterator[tuple[str, int]]:
        terms, positions = self.sequence(value)
        return zip(terms, range(len(terms)) if positions is None else positions, strict=True)

    def grouped(self, value: str) -> dict[str, list[int]]:
        """Each term's positions."""
        grouped: dict[str, list[int]] = {}
        for term, pos in self.positions(value):
            grouped.setdefault(term, []).append(pos)
        return grouped

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: object,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for text, pos in self.positions(value):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            yield token


class WordsTokenizer(SequenceTokenizer):
    """Space-separated tokens, as the pipeline joined them, at ordinal positions."""

    def sequence(self, value: str) -> tuple[list[str], list[int] | None]:
        return value.split(), None


class HanBigramTokenizer(SequenceTokenizer):
    """Character bigrams of each run of Han characters, then the run's last character alone."""

    def sequence(self, value: str) -> tuple[list[str], list[int] | None]:
        terms: list[str] = []
        positions: list[int] = []
        if value.isascii():  # no Han characters (the check is free)
            return terms, positions
        pos = 0
        for run in HAN_RUN.findall(value):
            size = len(run)
            terms += [run[i : i + 2] for i in range(size)]  # the last one is a single character
            positions += range(pos, pos + size)
            pos += size + 1  # a gap, so that no phrase spans two runs
        return terms, positions


_NARROW, _WIDE = "H", "I"  # 2- and 4-byte positions
_WIDE_MARK = b"\x00"  # makes a wide value's length odd: narrow values have even lengths
assert array(_NARROW).itemsize == 2 and array(_WIDE).itemsize == 4


def encode_positions(poslist: list[int]) -> bytes:
    """A posting's positions: packed 2-byte integers, or 4-byte ones plus a mark byte."""
    return _slice_values(poslist, [len(poslist)])[0]


class SequenceFormat(Positions):
    """Whoosh's positions format, fed straight from a ``SequenceTokenizer``.

    Indexing spends most of its time per posting, so a record's postings are built in bulk: one
    array of all its positions, sliced into each term's value (the packed positions, absolute,
    in machine byte order) — no token objects, no per-posting pickling or delta coding.
    """

    def word_values(self, value, analyzer, **kwargs):
        boost = self.field_boost
        for term, poslist in analyzer.grouped(value).items():
            count = len(poslist)
            yield term, count, count * boost, encode_positions(poslist)

    def record_postings(self, value: str, analyzer) -> tuple:
        """One value's postings in bulk: (terms, weights, encoded positions, length in tokens).

        Only C-level operations per token: a stable sort of the token indexes by term lays out
        every term's positions in order, one term after another, ready to pack and slice.
        """
        terms, positions = analyzer.sequence(value)
        order = sorted(range(len(terms)), key=terms.__getitem__)
        if positions is not None:
            order = list(map(positions.__getitem__, order))
        per_term = Counter(terms)
        keys = sorted(per_term)
        counts = list(map(per_term.__getitem__, keys))
        boost = self.field_boost
        weights = counts if boost == 1.0 else [count * boost for count in counts]
        return keys, weights, _slice_values(order, counts), len(terms)

    def encode(self, poslist: list[int]) -> bytes:
        return encode_positions(poslist)

    def decode_positions(self, valuestring: bytes) -> list[int]:
        if len(valuestring) & 1:
            positions = array(_WIDE)
            positions.frombytes(valuestring[:-1])
        else:
            positions = array(_NARROW)
            positions.frombytes(valuestring)
        return positions.tolist()

    def decode_frequency(self, valuestring: bytes) -> int:
        return len(valuestring) // 4 if len(valuestring) & 1 else len(valuestring) // 2

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


def _slice_values(everything: list[int], counts: list[int]) -> list[bytes]:
    """Each term's encoded positions (as ``encode_positions``), cut from all the positions,
    grouped by term: ``counts`` says how many are each term's."""
    try:
        packed = array(_NARROW, everything).tobytes()
        width = 2
    except OverflowError:
        packed = array(_WIDE, everything).tobytes()
        width = 4
    bounds = list(accumulate(map(width.__mul__, counts), initial=0))
    values = list(map(packed.__getitem__, map(slice, bounds, bounds[1:])))
    if width == 4:
        values = [value + _WIDE_MARK for value in values]
    return values


def words_analyzer() -> WordsTokenizer:
    return WordsTokenizer()


def bigram_analyzer() -> HanBigramTokenizer:
    return HanBigramTokenizer()


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """The Porter stem of a (folded) Latin word (cached: query expansion stems vocabulary)."""
    from whoosh.lang.porter import stem as porter_stem

    return porter_stem(word)
