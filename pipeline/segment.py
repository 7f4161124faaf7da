"""Word segmentation of folded text: jieba's algorithm and dictionary (through rjieba, its
Rust implementation) for Han runs, plus a domain user dictionary; Latin letters and digits are split
into alphanumeric runs.

Segmentation runs on folded (Simplified, lower-cased) text, which is also what jieba's dictionary
is written in, so Traditional input segments as well as Simplified.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from pipeline.data_files import read_data
from pipeline.normalize import HAN, fold, has_han

TOKEN_RE = re.compile(f"[a-z0-9]+|[{HAN}]+")
USER_DICT_FREQ = 20000
# The segmenter's memory grows with the length of one unbroken Han run; real paragraphs stay far
# below this, pathological input is cut into pieces of this length.
MAX_HAN_RUN = 4096


class Segmenter(Protocol):
    def cut(self, text: str, hmm: bool = True) -> list[str]: ...


def user_dictionary() -> list[tuple[str, int]]:
    """The shipped domain terms, folded to the form segmentation sees."""
    source = read_data("userdict.txt")
    entries: dict[str, int] = {}
    for line in source.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        word, _, freq = line.partition(" ")
        entries[fold(word)] = int(freq) if freq.strip() else USER_DICT_FREQ
    return sorted(entries.items())


@lru_cache(maxsize=2)
def segmenter(with_user_dict: bool = True) -> Segmenter:
    """A loaded jieba-compatible segmenter (loading the dictionary takes ~0.2 s: done once)."""
    import rjieba

    jieba = rjieba.Jieba()
    if with_user_dict:
        for word, freq in user_dictionary():
            jieba.add_word(word, freq, None)
    return jieba


def tokens(folded: str, seg: Segmenter | None = None) -> list[str]:
    """Words of folded text in order: jieba words for Han runs, alphanumeric runs otherwise."""
    found = TOKEN_RE.findall(folded)
    if not has_han(folded):  # most English text: the runs are the words
        return found
    cutter = seg or segmenter()
    words: list[str] = []
    for token in found:
        if token[0] < "\u0080" or len(token) == 1:
            words.append(token)
        else:
            for start in range(0, len(token), MAX_HAN_RUN):
                words += cutter.cut(token[start : start + MAX_HAN_RUN], True)
    return words
