"""Search across languages and scripts through the termbase, on the real report and the ENB.

The report writes the Taiwanese forms (調適基金, 技術移轉, 能力建構, 締約國大會); the UN's Chinese
texts and PRC usage write others (适应基金, 技术转让, 能力建设, 缔约方会议); the Earth Negotiations
Bulletin writes English. A query in any of them finds the sections on the concept, after the
sections holding what was typed literally.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CORPUS, REPORT_TXT

from copdocs.records import SearchResults
from index.search import search
from index.store import open_index
from pipeline.normalize import fold
from pipeline.termbase import key, lookup_word


def _index(tmp_path_factory: pytest.TempPathFactory, name: str, *paths: Path) -> Iterator:
    from copdocs.ingest import ingest

    index_dir = tmp_path_factory.mktemp(name)
    assert ingest(index_dir, list(paths), jobs=1).failed == 0
    with open_index(index_dir).searcher() as searcher:
        yield searcher


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Iterator:
    """The source report alone."""
    yield from _index(tmp_path_factory, "report", REPORT_TXT)


@pytest.fixture(scope="module")
def enb(tmp_path_factory) -> Iterator:
    """The English ENB issues on the Bali conference alone."""
    yield from _index(tmp_path_factory, "enb", CORPUS / "enb")


def numbers(result: SearchResults, top: int) -> list[str]:
    return [h.number for h in result.hits[:top]]


def headings(result: SearchResults, top: int) -> list[str]:
    return [fold(h.heading) for h in result.hits[:top]]


# The report, searched in UN/PRC Chinese and in English -----------------------------------------

def test_un_form_of_the_adaptation_fund_finds_its_section_first(report) -> None:
    result = search(report, "适应基金")
    assert (result.hits[0].number, result.hits[0].heading) == ("3.13", "調適工作方案及調適基金")
    assert result.hits[0].via == "調適基金"
    assert "<mark>調適基金</mark>" in result.hits[0].snippet
    section_text = result.hits[0].snippet.replace("<mark>", "").replace("</mark>", "")
    assert section_text


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("技术转让", "2.3"),  # 4. 技術的開發和轉讓 on the SBSTA 27 agenda
        ("能力建设", "2.4"),  # 8 《公約》的能力建立 on the SBI 27 agenda
        ("缔约方会议", "2.1"),  # 公約第13屆締約國大會(COP13)議程
        ('"carbon capture and storage"', "3.10"),
        ('"clean development mechanism"', "3.6"),
        ("Adaptation Fund", "3.13"),
    ],
)
def test_other_forms_put_the_right_section_in_the_top_three(report, query, number) -> None:
    assert number in numbers(search(report, query), 3)


@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("附属科学技术咨询机构", "2.3"),
        ("碳捕集与封存", "3.10"),
        ("国际航空和海运", "3.12"),
        ("减少毁林和森林退化所致排放", "3.11"),
        ("international aviation", "3.12"),
        ("deforestation", "3.11"),
        ("国际交易日志", "3.8"),
        ("巴厘行动计划", "3.2"),
    ],
)
def test_more_concepts_across_languages_on_the_report(report, query, number) -> None:
    assert number in numbers(search(report, query), 3)


def test_an_english_name_finds_the_sections_headed_in_chinese(report) -> None:
    # "Kyoto Protocol" stands in the bodies of two sections: they come first, then the
    # sections headed 京都議定書
    result = search(report, "Kyoto Protocol")
    assert [h.literal for h in result.hits[:2]] == [1, 1]
    assert any("京都議定書" in h.heading and h.via == "京都議定書" for h in result.hits[2:5])


def test_mitigation_and_its_chinese_wordings(report) -> None:
    for query in ("减排", "mitigation", "减缓"):
        hits = search(report, query).hits
        assert len(hits) == 10
        assert all("減量" in h.snippet or "減緩" in h.snippet or "减排" in h.snippet
                   for h in hits[:5]), query


def test_literal_matches_of_the_typed_text_rank_first(report) -> None:
    result = search(report, "Adaptation Fund", limit=20)
    tiers = [(h.literal, h.via is not None) for h in result.hits]
    literal = [i for i, (lit, _) in enumerate(tiers) if lit]
    via = [i for i, (lit, by) in enumerate(tiers) if not lit and by]
    assert literal and via and max(literal) < min(via)
    assert all(h.via is None for h in result.hits if h.literal)


def test_a_form_ranks_above_the_typed_words_found_apart(report) -> None:
    # 適應 and 基金 stand apart in some sections; 調適基金 (another form) comes first
    result = search(report, "適應 基金", limit=30)
    assert result.hits
    assert search(report, "适应基金").hits[0].number == "3.13"


# The English ENB issues, searched in Chinese ---------------------------------------------------

def english(query: str) -> set[str]:
    """The keys of the English forms and abbreviations of the concept ``query`` names."""
    return {key(f) for c in lookup_word(query) for f in (*c.en, *c.abbr)}


def holds(text: str, keys: set[str]) -> bool:
    words = f" {key(text)} "
    return any(f" {k} " in words for k in keys)


@pytest.mark.parametrize(
    "query",
    ["調適基金", "清潔發展機制", "技術移轉", "聯合履行", "京都议定书", "附属履行机构", "國家通訊",
     "能力建構", "國際交易日誌", "峇里島路線圖", "減少毀林排放"],
)
def test_chinese_queries_find_the_enb_sections_on_the_topic(enb, query) -> None:
    topic = english(query)
    top = search(enb, query).hits[:5]
    assert len(top) == 5
    assert all(h.via and holds(h.via, topic) for h in top), [(h.heading, h.via) for h in top]
    assert holds(top[0].heading, topic), [h.heading for h in top]


def test_the_form_found_is_said_and_marked(enb) -> None:
    hit = search(enb, "清潔發展機制").hits[0]
    assert hit.via and fold(hit.via) in ("clean development mechanism", "cdm")
    assert "<mark>" in hit.snippet or fold(hit.via) in fold(hit.heading)
    for start, end in hit.matches:
        assert fold(hit.snippet) and end > start


def test_abbreviations_expand_to_their_concept_only(enb) -> None:
    cdm = {h.section_id for h in search(enb, "CDM", limit=200).hits}
    named = {h.section_id for h in search(enb, '"clean development mechanism"', limit=200).hits}
    assert named <= cdm  # CDM finds what the full name finds …
    board = {h.section_id for h in search(enb, "=CDM", limit=200).hits}
    assert board <= cdm  # … and never less than itself


def test_ambiguous_short_forms_expand_only_typed_in_capitals(enb) -> None:
    capitals = search(enb, "JI", limit=200)
    lower = search(enb, "ji", limit=200)
    assert any(h.via for h in capitals.hits)
    assert not any(h.via for h in lower.hits)
    assert {h.section_id for h in lower.hits} <= {h.section_id for h in capitals.hits}


def test_ambiguous_short_forms_count_only_written_in_capitals(enb) -> None:
    hits = search(enb, "歐盟", limit=30).hits
    assert sum(h.via == "EU" for h in hits) >= 5  # the ENB writes "the EU"
    # US is also a word: 美國 never finds a section by "us" or "US"
    assert all(fold(h.via or "") not in ("us",) for h in search(enb, "美國", limit=100).hits)


# Numbered sessions ---------------------------------------------------------------------------

def test_a_session_in_any_form_finds_it(report, enb) -> None:
    # the ENB writes "COP 13" and once "COP13"
    assert len(search(enb, "COP13", exact=True).hits) == 1
    for query in ("COP13", "第13屆締約國大會", "缔约方会议第十三届会议"):
        top = search(enb, query).hits[:3]
        assert sum("cop 13" in fold(h.heading) for h in top) >= 2, query
    assert "2.2" in numbers(search(report, "CMP 3"), 3)  # 京都議定書第3屆締約國會議(MOP3)議程
    assert "2.3" in numbers(search(report, "SBSTA 27"), 3)


# Turning it off, and recall ------------------------------------------------------------------

def test_exact_and_the_equals_operator_turn_expansion_off(report) -> None:
    assert not search(report, "适应基金", exact=True).hits
    assert not search(report, "=适应基金").hits
    assert search(report, "适应基金").hits
    mixed = search(report, "=调适基金 技术转让", limit=50)  # only the second word expands
    literal = {h.section_id for h in search(report, "调适基金", limit=50, exact=True).hits}
    assert mixed.hits and {h.section_id for h in mixed.hits} <= literal
    assert all(h.via for h in mixed.hits)


def test_expansion_only_adds(report, enb) -> None:
    for searcher, query in ((report, "調適基金"), (report, "CDM"), (report, "減量"),
                            (enb, "adaptation fund"), (enb, "technology transfer"),
                            (enb, '"joint implementation"')):
        exact = {h.section_id for h in search(searcher, query, limit=1000, exact=True).hits}
        widened = search(searcher, query, limit=1000)
        assert exact <= {h.section_id for h in widened.hits}, query
        # … and what was typed still comes first
        assert {h.section_id for h in widened.hits[: len(exact)]} == exact, query


def test_exclusions_stay_literal(report) -> None:
    without = search(report, "調適 -基金", limit=100)
    assert all("基金" not in (h.heading + h.snippet) for h in without.hits)
