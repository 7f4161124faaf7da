"""Analyzers for the section index, built from whoosh's own pieces plus one small tokenizer.

Text arrives here already folded and segmented by the pipeline:

- ``words``: the space-joined token sequence (jieba words and alphanumeric runs), positions
  ordinal, so phrase queries over words are exact;
- ``stems``: the Latin tokens stemmed, for unquoted English words (recall over inflections);
- ``uni`` / ``bi``: Han character unigrams and bigrams from the folded text, the recall net
  that makes any Han substring findable whatever the segmentation; bigram positions are
  consecutive inside a Han run with a gap between runs, so a phrase of bigrams matches exactly
  a contiguous substring.
"""

from __future__ import annotations

import re

from whoosh.analysis import RegexTokenizer, StemFilter, Token, Tokenizer

from pipeline.normalize import HAN

HAN_RUN = re.compile(f"[{HAN}]+")


class HanGramTokenizer(Tokenizer):
    """Character n-grams of each run of Han characters."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HanGramTokenizer) and other.size == self.size

    def __hash__(self) -> int:
        return hash((type(self), self.size))

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
        size = self.size
        pos = start_pos
        for run in HAN_RUN.finditer(value):
            text = run.group()
            base = run.start()
            for i in range(len(text) - size + 1):
                token.text = text[i : i + size]
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = token.text
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + base + i
                    token.endchar = token.startchar + size
                pos += 1
                yield token
            pos += 1  # a gap, so that no phrase spans two runs


def words_analyzer() -> RegexTokenizer:
    return RegexTokenizer(r"[^ ]+")


def stems_analyzer():
    return RegexTokenizer(r"[^ ]+") | StemFilter(cachesize=100000)


def unigram_analyzer() -> HanGramTokenizer:
    return HanGramTokenizer(1)


def bigram_analyzer() -> HanGramTokenizer:
    return HanGramTokenizer(2)


_STEMMER = None


def stem(word: str) -> str:
    """The stem the ``stems`` field indexes for a (folded) Latin word."""
    global _STEMMER
    if _STEMMER is None:
        from whoosh.lang.porter import stem as porter_stem

        _STEMMER = porter_stem
    return _STEMMER(word)
