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

from whoosh.analysis import RegexTokenizer, Token, Tokenizer

from pipeline.normalize import HAN

HAN_RUN = re.compile(f"[{HAN}]+")


class HanBigramTokenizer(Tokenizer):
    """Character bigrams of each run of Han characters, then the run's last character alone."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, HanBigramTokenizer)

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
        pos = start_pos
        for run in HAN_RUN.finditer(value):
            text = run.group()
            base = run.start()
            last = len(text) - 1
            for i in range(len(text)):
                token.text = text[i : i + 2]  # the last one is a single character
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = token.text
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + base + i
                    token.endchar = token.startchar + (1 if i == last else 2)
                pos += 1
                yield token
            pos += 1  # a gap, so that no phrase spans two runs


def words_analyzer() -> RegexTokenizer:
    return RegexTokenizer(r"[^ ]+")


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
