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
from collections.abc import Iterator
from itertools import accumulate, chain

from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Positions

from pipeline.normalize import HAN

HAN_RUN = re.compile(f"[{HAN}]+")


class SequenceTokenizer(Tokenizer):
    """A tokenizer that can also list (term, position) pairs directly, for ``SequenceFormat``."""

    def positions(self, value: str) -> Iterator[tuple[str, int]]:
        raise NotImplementedError

    def grouped(self, value: str) -> dict[str, list[int]]:
        """Each term's positions, in the order the terms first occur."""
        grouped: dict[str, list[int]] = {}
        for term, pos in self.positions(value):
            found = grouped.get(term)
            if found is None:
                grouped[term] = [pos]
            else:
                found.append(pos)
        return grouped

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))

    def __call__(  # noqa: PLR0913 - whoosh's tokenizer signature
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

    def positions(self, value: str) -> Iterator[tuple[str, int]]:
        return enumerate_terms(value.split())

    def grouped(self, value: str) -> dict[str, list[int]]:
        grouped: dict[str, list[int]] = {}
        get = grouped.get
        for pos, term in enumerate(value.split()):
            found = get(term)
            if found is None:
                grouped[term] = [pos]
            else:
                found.append(pos)
        return grouped


class HanBigramTokenizer(SequenceTokenizer):
    """Character bigrams of each run of Han characters, then the run's last character alone."""

    def positions(self, value: str) -> Iterator[tuple[str, int]]:
        pos = 0
        for run in HAN_RUN.findall(value):
            for i in range(len(run)):
                yield run[i : i + 2], pos  # the last one is a single character
                pos += 1
            pos += 1  # a gap, so that no phrase spans two runs

    def grouped(self, value: str) -> dict[str, list[int]]:
        grouped: dict[str, list[int]] = {}
        get = grouped.get
        pos = 0
        for run in HAN_RUN.findall(value):
            for i in range(len(run)):
                term = run[i : i + 2]
                found = get(term)
                if found is None:
                    grouped[term] = [pos]
                else:
                    found.append(pos)
                pos += 1
            pos += 1
        return grouped


def enumerate_terms(terms: list[str]) -> Iterator[tuple[str, int]]:
    return ((term, pos) for pos, term in enumerate(terms))


_NARROW, _WIDE = "H", "I"  # 2- and 4-byte positions
_WIDE_MARK = b"\x00"  # makes a wide value's length odd: narrow values have even lengths
assert array(_NARROW).itemsize == 2 and array(_WIDE).itemsize == 4


def encode_positions(poslist: list[int]) -> bytes:
    """A posting's positions: packed 2-byte integers, or 4-byte ones plus a mark byte."""
    try:
        return array(_NARROW, poslist).tobytes()
    except OverflowError:
        return array(_WIDE, poslist).tobytes() + _WIDE_MARK


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

    def grouped_values(self, value: str, analyzer, record: int, terms: dict) -> int:
        """Add one record's postings to ``terms`` (term → ([records], [weights], [encoded
        positions])); return the record's length in tokens. The ingest's innermost loop."""
        grouped = analyzer.grouped(value)
        poslists = list(grouped.values())
        counts = list(map(len, poslists))
        values = _slice_values(poslists, counts)
        boost = self.field_boost
        weights = counts if boost == 1.0 else [count * boost for count in counts]
        get = terms.get
        for term, weight, encoded in zip(grouped, weights, values, strict=True):
            entry = get(term)
            if entry is None:
                terms[term] = ([record], [weight], [encoded])
            else:
                entry[0].append(record)
                entry[1].append(weight)
                entry[2].append(encoded)
        return sum(counts)

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


def _slice_values(poslists: list[list[int]], counts: list[int]) -> list[bytes]:
    """Each term's encoded positions, cut from one packed array of them all."""
    everything = list(chain.from_iterable(poslists))
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


_STEMMER = None


def stem(word: str) -> str:
    """The Porter stem of a (folded) Latin word."""
    global _STEMMER
    if _STEMMER is None:
        from whoosh.lang.porter import stem as porter_stem

        _STEMMER = porter_stem
    return _STEMMER(word)
