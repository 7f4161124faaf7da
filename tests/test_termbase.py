"""The termbase's integrity: every concept well formed, no form claimed twice, every Chinese form
folding as the texts it must find do, the lookup table current."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from conftest import ROOT, TESTDATA, require_shared

from pipeline.data_files import read_data
from pipeline.normalize import has_han, normalize, to_simplified
from pipeline.termbase import (
    FILE,
    KEYS_FILE,
    build_keys,
    concepts,
    key,
    lookup,
    lookup_word,
    parse,
)

ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


@pytest.fixture(scope="module")
def all_concepts():
    return concepts()


def test_several_hundred_concepts_with_unique_ids(all_concepts) -> None:
    ids = [c.id for c in all_concepts]
    assert len(ids) >= 300
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(ID.fullmatch(i) for i in ids)


def test_every_concept_has_an_english_and_a_chinese_form(all_concepts) -> None:
    for c in all_concepts:
        assert c.en, c.id
        assert c.zh_tw or c.zh_cn, c.id


def test_forms_are_in_the_right_column(all_concepts) -> None:
    for c in all_concepts:
        for form in (*c.en, *c.abbr):
            assert not has_han(form), (c.id, form)
            assert not form.endswith("*") and key(form), (c.id, form)
        for form in (*c.zh_tw, *c.zh_cn):
            assert has_han(form), (c.id, form)
            assert not form.endswith("*"), (c.id, form)
        assert set(c.ambiguous) <= set(c.abbr)
        # one wording listed twice in a column is a slip
        for column in (c.en, c.abbr, c.zh_tw, c.zh_cn):
            keys = [key(f) for f in column]
            assert len(keys) == len(set(keys)), (c.id, column)


def test_no_form_is_claimed_by_two_concepts_unless_marked_ambiguous(all_concepts) -> None:
    owners: dict[str, set[str]] = {}
    for c in all_concepts:
        for form in c.forms():  # the ambiguous abbreviations are not among these
            owners.setdefault(key(form), set()).add(c.id)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_un_and_prc_forms_are_simplified(all_concepts) -> None:
    for c in all_concepts:
        for form in c.zh_cn:
            assert to_simplified(normalize(form)) == normalize(form), (c.id, form)


def test_taiwanese_forms_fold_as_a_simplified_writer_spells_them(all_concepts) -> None:
    """Folding is per character; OpenCC converts whole phrases. Where the two differ, a text
    writing the form in Simplified characters would not be found by it."""
    import opencc

    phrase = opencc.OpenCC("t2s")
    for c in all_concepts:
        keys = {key(f) for f in c.forms()}
        for form in c.zh_tw:
            # 計畫 folds to 计画, while a Simplified text writes 计划: that spelling must be
            # listed too (as a UN/PRC form), or the concept would miss it
            assert key(phrase.convert(form)) in keys, (c.id, form, phrase.convert(form))
            assert to_simplified(key(form)) == key(form)  # folding is idempotent


def test_ambiguous_abbreviations_are_recognised_only_in_capitals() -> None:
    table = lookup()
    for typed in ("AF", "JI", "EU", "ITL"):
        assert table.capitals(typed), typed
        assert not table.concepts_of(key(typed)), typed
        assert table.mentions([typed]) and not table.mentions([typed.lower()])


def test_the_lookup_table_is_current() -> None:
    stale = "run scripts/make_termbase_keys.py after editing the termbase"
    assert read_data(KEYS_FILE) == build_keys(parse(read_data(FILE))), stale


@pytest.mark.parametrize(
    ("word", "concept"),
    [
        ("調適基金", "adaptation-fund"),
        ("适应基金", "adaptation-fund"),
        ("adaptation fund", "adaptation-fund"),
        ("AF", "adaptation-fund"),
        ("CDM", "cdm"),
        ("清潔發展機制", "cdm"),
        ("技术转让", "technology-transfer"),
        ("能力建设", "capacity-building"),
        ("締約國大會", "cop"),
        ("附属科学技术咨询机构", "sbsta"),
        ("SBSTA", "sbsta"),
        ("77國集團", "g77-china"),
        ("峇里島", "bali"),
        ("巴厘岛", "bali"),
    ],
)
def test_words_belong_to_their_concepts(word: str, concept: str) -> None:
    assert concept in [c.id for c in lookup_word(word)]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["technology", "transfer"], [(0, 1, None, "technology-transfer")]),
        (["Adaptation", "Funds"], [(0, 1, None, "adaptation-fund")]),
        (["調適基金董事會"], [(0, 0, None, "adaptation-fund-board")]),
        (["JI", "projects"], [(0, 0, None, "joint-implementation")]),
        (["ji", "projects"], []),
        (["IPCC第四次評估報告"], [(0, 0, (0, 4), "ipcc"), (0, 0, (4, 11), "ipcc-ar4")]),
        (["京都議定書附件一締約國"],
         [(0, 0, (0, 5), "kyoto-protocol"), (0, 0, (5, 11), "annex-i")]),
        (["HFC-23計畫"], [(0, 0, (0, 6), "hfc-23")]),
    ],
)
def test_mentions_are_leftmost_and_longest(words, expected) -> None:
    found = [(m.first, m.last, m.span, m.concepts[0]) for m in lookup().mentions(words)]
    assert found == expected


@pytest.mark.parametrize(
    ("words", "session"),
    [
        (["COP13"], "session:cop-13"),
        (["COP", "13"], "session:cop-13"),
        (["COP-13"], "session:cop-13"),
        (["COP/MOP", "3"], "session:cmp-3"),
        (["第13屆締約國大會"], "session:cop-13"),
        (["第十三次締約方大會"], "session:cop-13"),
        (["缔约方会议第十三届会议"], "session:cop-13"),
        (["京都議定書第3屆締約國會議"], "session:cmp-3"),
        (["附屬科技諮詢機構第27次會議"], "session:sbsta-27"),
        (["SBI", "27"], "session:sbi-27"),
    ],
)
def test_numbered_sessions_are_concepts(words, session) -> None:
    [mention] = lookup().mentions(words)
    assert mention.concepts == (session,) and mention.span is None
    from pipeline.termbase import concept

    forms = {key(f) for f in concept(session).forms()}
    number = session.rsplit("-", 1)[1]
    assert any(k.endswith(f" {number}") for k in forms)  # COP 13
    assert any(f"第{number}" in k for k in forms)  # 第13届缔约国大会


@pytest.mark.slow  # every file of ../shared/testdata
def test_unambiguous_abbreviations_are_written_in_capitals_in_real_texts(all_concepts) -> None:
    """An abbreviation not marked ambiguous matches any case; in the UNFCCC's and the ENB's
    English it must then not be an ordinary lower-case word (web addresses aside)."""
    require_shared()
    paths = [*(TESTDATA / "enb").glob("*.md"), *(TESTDATA / "unfccc").rglob("*.txt")]
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in paths)
    words = Counter(re.findall(r"(?<![A-Za-z0-9./@_-])[A-Za-z0-9]+(?![A-Za-z0-9@_-]|\.[a-z])",
                               text))
    by_folded: dict[str, list[tuple[str, int]]] = {}
    for word, n in words.items():
        by_folded.setdefault(word.lower(), []).append((word, n))
    for c in all_concepts:
        for abbr in set(c.abbr) - set(c.ambiguous):
            if not abbr.isalnum():
                continue
            found = by_folded.get(abbr.lower(), [])
            total = sum(n for _, n in found)
            lower = sum(n for w, n in found if w == w.lower() and w != w.upper())
            if total >= 10:
                assert lower <= 0.05 * total, (c.id, abbr, total, lower)


def test_the_report_uses_the_taiwanese_forms_it_is_said_to() -> None:
    text = normalize((ROOT / "corpus" / "reports" / "cop13-report.txt").read_text("utf-8"))
    for word, concept in (("調適基金", "adaptation-fund"), ("技術移轉", "technology-transfer"),
                          ("能力建構", "capacity-building"), ("締約國大會", "cop"),
                          ("清潔發展機制", "cdm")):
        assert word in text
        assert word in next(c for c in concepts() if c.id == concept).zh_tw
