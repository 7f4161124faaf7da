"""Search quality on the real documents: grep is the floor, scripts fold, literal matches first."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import examples
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from copdocs.errors import QueryError
from copdocs.records import SearchResults
from index.search import search
from index.store import open_index
from pipeline.normalize import HAN, fold

HAN_RUN = re.compile(f"[{HAN}]+")
WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def searcher(corpus_index: Path) -> Iterator:
    ix = open_index(corpus_index)
    with ix.searcher() as s:
        yield s


@pytest.fixture(scope="module")
def sections(searcher) -> list[dict]:
    return [dict(f) for f in searcher.documents(kind="section")]


def run(searcher, query: str, limit: int = 100000, exact: bool = False) -> SearchResults:
    return search(searcher, query, limit=limit, exact=exact)


def ids(result: SearchResults) -> set[str]:
    return {hit.section_id for hit in result.hits}


def grep(sections: list[dict], needle: str) -> set[str]:
    """Sections whose folded heading or body contains the folded needle."""
    folded = fold(needle)
    found = set()
    for s in sections:
        if folded in fold(s["text"]) or folded in fold(f"{s['number']} {s['heading']}"):
            found.add(s["section_id"])
    return found


def first(result: SearchResults) -> tuple[str, str]:
    hit = result.hits[0]
    return hit.number, hit.heading


def report_hits(result: SearchResults) -> list:
    return [h for h in result.hits if Path(h.source).name == "cop13-report.txt"]


# 1. Never miss a literal match -------------------------------------------------------------

def common(query: str):
    """A query found in hundreds of sections: searched in full only by make test."""
    return pytest.param(query, marks=pytest.mark.slow)


@pytest.mark.parametrize(
    "query",
    ["峇里島", common("締約國"), "調適基金", "碳", "第9條", "HFC-23計畫", "COP13", "減量", "金融",
     common("年"), "附件一締約國", "後京都", "議定書第3屆"],
)
def test_grep_is_the_floor(searcher, sections, query: str) -> None:
    expected = grep(sections, query)
    assert expected, query
    assert expected <= ids(run(searcher, query))


@pytest.mark.parametrize(
    "query", ["峇里島", common("締約國"), "調適基金", "碳捕捉與儲存", common("京都議定書")]
)
def test_han_queries_return_exactly_the_grep_set(searcher, sections, query: str) -> None:
    assert ids(run(searcher, query, exact=True)) == grep(sections, query)
    assert ids(run(searcher, f"={query}")) == grep(sections, query)
    # The termbase only adds: the other forms of these concepts find more.
    assert ids(run(searcher, query)) > grep(sections, query)


@pytest.mark.slow  # hundreds of searches over the whole corpus
@settings(max_examples=examples(150), deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_han_substrings_of_indexed_sections_are_always_found(searcher, sections, data):
    chinese = [s for s in sections if HAN_RUN.search(s["text"])]
    section = chinese[data.draw(st.integers(0, len(chinese) - 1), label="section")]
    runs = HAN_RUN.findall(section["text"])
    run_text = runs[data.draw(st.integers(0, len(runs) - 1), label="run")]
    start = data.draw(st.integers(0, len(run_text) - 1))
    length = data.draw(st.integers(1, min(6, len(run_text) - start)))
    query = run_text[start : start + length]
    assert section["section_id"] in ids(run(searcher, query)), query


@pytest.mark.slow  # hundreds of searches over the whole corpus
@settings(max_examples=examples(100), deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_english_word_sequences_are_always_found(searcher, sections, data) -> None:
    english = [s for s in sections if len(WORD.findall(s["text"])) > 5]
    section = english[data.draw(st.integers(0, len(english) - 1), label="section")]
    words = section["text"].split()
    start = data.draw(st.integers(0, len(words) - 1))
    length = data.draw(st.integers(1, min(3, len(words) - start)))
    chunk = words[start : start + length]
    assume(all(WORD.fullmatch(w) for w in chunk))
    query = " ".join(chunk)
    assert section["section_id"] in ids(run(searcher, query)), query
    assert section["section_id"] in ids(run(searcher, f'"{query}"')), query


def test_quoted_phrase_returns_only_sections_containing_it(searcher, sections) -> None:
    # exactly: only the phrase; expanded: the phrase, or another form of the concept it names
    for exact in (True, False):
        result = run(searcher, '"joint implementation"', exact=exact)
        assert result.hits
        for hit in result.hits:
            text = fold(next(s for s in sections if s["section_id"] == hit.section_id)["text"]
                        + " " + hit.heading)
            assert re.search(r"joint\W+implementation", text) or (
                not exact and hit.via), hit.section_id
    mixed = run(searcher, '"HFC-23計畫"')
    assert mixed.hits and all(
        "hfc-23计画" in fold(s["text"] + s["number"] + s["heading"])
        for s in sections if s["section_id"] in ids(mixed)
    )


def test_unquoted_words_may_be_apart_but_quoted_may_not(searcher) -> None:
    loose = ids(run(searcher, "adaptation transaction"))
    tight = ids(run(searcher, '"adaptation transaction"'))
    assert loose and not tight


# 2. Scripts fold ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("毀林", "毁林"),
        pytest.param("締約國", "缔约国", marks=pytest.mark.slow),  # hundreds of sections
        ("調適基金", "调适基金"),
        ("國際交易日誌", "国际交易日志"),
    ],
)
def test_traditional_and_simplified_find_the_same_sections(searcher, traditional, simplified):
    assert ids(run(searcher, traditional)) == ids(run(searcher, simplified))
    assert ids(run(searcher, traditional))


def test_mixed_script_text_in_the_report_is_found_both_ways(searcher, sections) -> None:
    # The report itself writes 缔约國 (mixed) and 毁林 (Simplified) in places.
    forms = {"缔约國": ("缔约國", "締約國", "缔约国"), "毁林": ("毀林", "毁林")}
    for written, queries in forms.items():
        where = {s["section_id"]: s for s in sections if written in s["text"]}
        assert where, written
        for doc_id in {s["doc_id"] for s in where.values()}:
            for query in queries:
                # within each document that writes it so (a filter keeps the result small)
                hits = {h.section_id: h for h in run(searcher, f"doc:{doc_id} {query}").hits}
                expected = {i for i, s in where.items() if s["doc_id"] == doc_id}
                assert expected <= set(hits), query
                for section_id in expected:
                    text = where[section_id]["text"]
                    spans = {text[start:end] for start, end in hits[section_id].matches}
                    assert written in spans, (query, section_id)


def test_compatibility_ideographs_match_what_users_type(searcher) -> None:
    # 金 in the report's 碳金融 is U+F90A, 蘭 in 荷蘭環境署 is U+F91F.
    for query, number in (("碳金融", "3.7"), ("荷蘭環境署", "3.1")):
        hits = report_hits(run(searcher, query))
        assert hits and hits[0].number == number


# 3. Literal first --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("query", "number"),
    [
        ("調適基金", "3.13"),
        ("國際交易日誌", "3.8"),
        ("碳金融", "3.7"),
        ("清潔發展機制", "3.6"),
        ("HFC-23計畫", "3.9"),
        ("碳捕捉", "3.10"),
        ("森林濫伐", "3.11"),
        ("國際航空", "3.12"),
        ("全球排放量", "3.1"),
        ("國外媒體", "5.3"),
        ("心得與建議", "第6章"),
        ("IPCC 第四次評估報告", "3.5"),
        ("调适基金", "3.13"),
        ("長期合作行動", "3.2"),
    ],
)
def test_known_items_rank_first(searcher, query: str, number: str) -> None:
    assert first(run(searcher, query))[0] == number


def test_whole_query_string_ranks_above_its_parts(searcher) -> None:
    result = run(searcher, "國際 航空")
    literal = [h for h in result.hits if h.literal]
    parts_only = [h for h in result.hits if not h.literal]
    assert literal and parts_only
    assert max(h.rank for h in literal) < min(h.rank for h in parts_only)


def test_heading_match_weighs_more_than_body_match(searcher) -> None:
    result = run(searcher, "官方會談")
    assert first(result) == ("5.4", "官方會談")
    # The report as text, Word and PDF: three headings, then body matches.
    assert [h.literal for h in result.hits[:3]] == [2, 2, 2]
    assert all(h.literal <= 1 for h in result.hits[3:])


# 4. English and mixed ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "query", ["international transaction log", "joint implementation", "adaptation fund"]
)
def test_english_queries_find_the_sections_headed_so(searcher, query: str) -> None:
    result = run(searcher, query, limit=5)
    assert result.hits[0].heading.lower().rstrip(":") == query


def test_english_is_case_insensitive_and_stems(searcher) -> None:
    assert ids(run(searcher, "ADAPTATION FUND")) == ids(run(searcher, "adaptation fund"))
    inflected = ids(run(searcher, "negotiation"))
    assert ids(run(searcher, '"negotiations"')) <= inflected


@pytest.mark.parametrize("query", ["HCFC-22", "capacity-building", "COP13", "HFC-23計畫"])
def test_hyphenated_and_glued_terms(searcher, sections, query: str) -> None:
    result = run(searcher, query)
    assert grep(sections, query) <= ids(result)
    assert result.hits[0].literal >= 1


# 5. Query language -------------------------------------------------------------------------

def test_or_not_and_filters(searcher) -> None:
    cdm = ids(run(searcher, "CDM"))
    cdm_zh = ids(run(searcher, "清潔發展機制"))
    assert ids(run(searcher, "CDM OR 清潔發展機制")) == cdm | cdm_zh
    fund = ids(run(searcher, "調適"))
    assert ids(run(searcher, "調適 -基金")) == fund - ids(run(searcher, "基金"))
    assert ids(run(searcher, "調適 NOT 基金")) == ids(run(searcher, "調適 -基金"))
    report = report_hits(run(searcher, "調適基金"))[0]
    only_doc = run(searcher, f"doc:{report.doc_id} 調適基金")
    assert {h.doc_id for h in only_doc.hits} == {report.doc_id}
    years = run(searcher, "year:2007 adaptation")
    assert {Path(h.source).suffix for h in years.hits} == {".md", ".txt", ".docx", ".pdf"}
    assert not {Path(h.source).parent.name for h in years.hits} & {"unfccc"}
    assert not run(searcher, "year:1990 adaptation").hits
    # The report names the meeting it reports on (3–15 December 2007), in every format.
    assert report_hits(run(searcher, "year:2007 調適基金"))
    assert not report_hits(run(searcher, "year:2008 調適基金"))


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ('"joint implementation', '"joint implementation"'),  # the quote runs to the end
        ("OR", "or"),  # a lone operator is a word
        ("NOT", "not"),
        ("AND OR NOT", "and or not"),  # operators with nothing to join are words
        ("調適 OR", '調適 "or"'),
    ],
)
def test_malformed_queries_are_searched_as_written(searcher, query: str, same_as: str) -> None:
    result = run(searcher, query, limit=20)
    assert result.hits
    expected = run(searcher, same_as, limit=20)
    assert [h.section_id for h in result.hits] == [h.section_id for h in expected.hits]
    assert (result.total, result.exact) == (expected.total, expected.exact)


def test_punctuation_that_matches_nothing_is_dropped(searcher) -> None:
    # the same sections as the word alone (ranked without the literal tiers the punctuation
    # takes out of play)
    alone = ids(run(searcher, "調適基金"))
    assert alone
    for query in ("- 調適基金", "((調適基金", "調適基金 。", "-- 調適基金 ))"):
        assert ids(run(searcher, query)) == alone, query


@pytest.mark.parametrize("query", ['"', "*", '" "', "-"])
def test_a_query_with_nothing_to_search_is_a_clear_message(searcher, query: str) -> None:
    with pytest.raises(QueryError, match=r"nothing to search for in "):
        run(searcher, query)


def test_a_field_without_a_value_is_searched_as_a_word(searcher) -> None:
    assert run(searcher, "doc:").hits == [] and run(searcher, "doc:").query == "doc:"


def test_star_alone_is_a_clear_message(searcher) -> None:
    with pytest.raises(QueryError, match="nothing to search for"):
        run(searcher, "*")


# 6. Snippets ---------------------------------------------------------------------------------

def test_snippet_marks_matches_in_the_original_characters(searcher) -> None:
    hit = run(searcher, "调适基金").hits[0]
    assert "<mark>調適基金</mark>" in hit.snippet
    hit = report_hits(run(searcher, "碳金融"))[0]
    assert "<mark>碳\uf90a融</mark>" in hit.snippet


def test_match_offsets_point_into_the_original_text(searcher, sections) -> None:
    from index.analysis import stem
    from pipeline.termbase import key, lookup_word

    for query in ("调适基金", "碳金融", "ADAPTATION FUND", "毁林"):
        words = fold(query).split()
        for hit in run(searcher, query, limit=10, exact=True).hits:
            text = next(s for s in sections if s["section_id"] == hit.section_id)["text"]
            # A section found through its heading alone has no match in its text.
            assert hit.matches or not any(w in fold(text) for w in words)
            for start, end in hit.matches:
                found = fold(text[start:end])
                assert found in words or stem(found) in {stem(w) for w in words}, found
        # Expanded, a match may also be another form of the concept the query names.
        forms = {key(f) for c in lookup_word(query) for f in c.forms()}
        for hit in run(searcher, query, limit=10).hits:
            text = next(s for s in sections if s["section_id"] == hit.section_id)["text"]
            for start, end in hit.matches:
                found = fold(text[start:end])
                assert (found in words or stem(found) in {stem(w) for w in words}
                        or key(found) in forms), found


# 7. Start-up ---------------------------------------------------------------------------------

@pytest.mark.slow
def test_search_does_not_load_a_segmentation_dictionary(corpus_index: Path) -> None:
    code = (
        "import sys, json; from copdocs import Library; "
        f"r = Library({str(corpus_index)!r}).search('調適基金', 3); "
        "print(json.dumps([r.hits[0].number, 'jieba' in sys.modules, 'rjieba' in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT, env={**os.environ})
    assert json.loads(out.stdout) == ["3.13", False, False]
