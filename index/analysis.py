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
from collections import defaultdict
from collections.abc import Iterator
from itertools import accumulate

from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Positions

from pipeline.normalize import HAN

HAN_RUN = re.compile(f"[{HAN}]+")


class SequenceTokenizer(Tokenizer):
    """A tokenizer that can also list (term, position) pairs directly, for ``SequenceFormat``."""

    def positions(self, value: str) -> Iterator[tuple[str, int]]:
        raise NotImplementedError

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


class HanBigramTokenizer(SequenceTokenizer):
    """Character bigrams of each run of Han characters, then the run's last character alone."""

    def positions(self, value: str) -> Iterator[tuple[str, int]]:
        pos = 0
        for run in HAN_RUN.findall(value):
            for i in range(len(run)):
                yield run[i : i + 2], pos  # the last one is a single character
                pos += 1
            pos += 1  # a gap, so that no phrase spans two runs


def enumerate_terms(terms: list[str]) -> Iterator[tuple[str, int]]:
    return ((term, pos) for pos, term in enumerate(terms))


_WIDTHS = ((0xFF, b"B"), (0xFFFF, b"H"), (0xFFFFFFFF, b"I"))


class SequenceFormat(Positions):
    """Whoosh's positions format, fed straight from a ``SequenceTokenizer``.

    Indexing spends most of its time per posting: this skips whoosh's token objects, and stores
    a posting's position deltas as one tag byte (the integer width) and a packed array instead
    of a pickled list — two bytes for the common single position.
    """

    def word_values(self, value, analyzer, **kwargs):
        positions: defaultdict[str, list[int]] = defaultdict(list)
        for term, pos in analyzer.positions(value):
            positions[term].append(pos)
        boost = self.field_boost
        for term, poslist in positions.items():
            count = len(poslist)
            yield term, count, count * boost, self.encode(poslist)

    def encode(self, poslist: list[int]) -> bytes:
        deltas = [poslist[0], *(b - a for a, b in zip(poslist, poslist[1:], strict=False))]
        largest = max(deltas)
        tag = next(code for limit, code in _WIDTHS if largest <= limit)
        return tag + array(tag.decode(), deltas).tobytes()

    def decode_positions(self, valuestring: bytes) -> list[int]:
        deltas = array(chr(valuestring[0]))
        deltas.frombytes(valuestring[1:])
        return list(accumulate(deltas))

    def decode_frequency(self, valuestring: bytes) -> int:
        return (len(valuestring) - 1) // array(chr(valuestring[0])).itemsize

    def decode_weight(self, valuestring: bytes) -> float:
        return self.decode_frequency(valuestring) * self.field_boost


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
