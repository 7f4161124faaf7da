"""Word segmentation: rjieba equals jieba on real text, and the domain dictionary helps."""

from __future__ import annotations

import re

import pytest
from conftest import REPORT_TXT

from pipeline.normalize import HAN, fold
from pipeline.segment import segmenter, tokens, user_dictionary

HAN_RUN = re.compile(f"[{HAN}]+")
REPORT_RUNS = HAN_RUN.findall(fold(REPORT_TXT.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def jieba_with_user_dict():
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for word, freq in user_dictionary():
        tokenizer.add_word(word, freq)
    return tokenizer


def test_rjieba_segments_exactly_like_jieba_on_the_report(jieba_with_user_dict) -> None:
    fast = segmenter()
    reference = jieba_with_user_dict
    differing = [r for r in REPORT_RUNS if fast.cut(r, True) != reference.lcut(r, HMM=True)]
    assert len(REPORT_RUNS) > 1000
    assert differing == []


@pytest.mark.slow  # loads jieba's whole dictionary a second time
def test_rjieba_equals_jieba_without_the_user_dictionary() -> None:
    import jieba

    jieba.setLogLevel(60)
    plain = jieba.Tokenizer()
    plain.initialize()
    fast = segmenter(with_user_dict=False)
    assert all(fast.cut(run, True) == plain.lcut(run, HMM=True) for run in REPORT_RUNS)


@pytest.mark.parametrize(
    "term", ["調適基金", "峇里島路線圖", "清潔發展機制", "附屬科技諮詢機構", "國際交易日誌"]
)
def test_domain_terms_stay_whole_with_the_user_dictionary(term: str) -> None:
    folded = fold(term)
    assert tokens(folded, segmenter(with_user_dict=True)) == [folded]
    assert tokens(folded, segmenter(with_user_dict=False)) != [folded]


def test_user_dictionary_improves_segmentation_of_the_report() -> None:
    """Count the dictionary terms of the report that come out as one word (428 against 6)."""
    text = fold(REPORT_TXT.read_text(encoding="utf-8"))
    terms = [word for word, _ in user_dictionary()]

    def whole(seg) -> int:
        words = tokens(text, seg)
        return sum(words.count(term) for term in terms)

    with_dict = whole(segmenter(with_user_dict=True))
    without = whole(segmenter(with_user_dict=False))
    assert with_dict > 300
    assert without < with_dict / 10


def test_user_dictionary_holds_both_scripts_folded_once() -> None:
    words = [w for w, _ in user_dictionary()]
    assert "调适基金" in words and "調適基金" not in words
    assert len(words) == len(set(words))


def test_latin_and_digits_are_alphanumeric_runs() -> None:
    assert tokens(fold("HFC-23計畫與COP13 capacity-building")) == [
        "hfc", "23", "计画", "与", "cop13", "capacity", "building"
    ]
