"""UN document symbols and decision references: pipeline/symbols.py."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import symbols as symbols_module
from pipeline.symbols import (
    Reference,
    canonicalize,
    draft_titles,
    family_root,
    find_references,
    resolve_draft,
    symbol_kind,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_f974444aaec813c5.txt"
TESTDATA = SHARED / "testdata"


def symbols(text: str) -> list[str]:
    return [ref.symbol for ref in find_references(text)]


def by_symbol(text: str) -> dict[str, Reference]:
    return {ref.symbol: ref for ref in find_references(text)}


def read_shared(path: Path) -> str:
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path.read_text(encoding="utf-8")


# --- Real lines, copied so that these tests always run -------------------------------------

# From shared/seed/000_f974444aaec813c5.txt (the source report, Traditional Chinese).
SEED_LINES = {
    "chart": "Note: (1) The Parties that are aloweci1o use a hase year other than 1930 have also "
    "provided ata fo thei respective bass year as per COP decisions 9/CP 2 and 11/CP 4. These "
    "Parties and their",
    "decision_zh": "(a) 第1/CP.10 號決定的執行進展",
    "bali": "依據公約決議文件（Decision -/CP.13 Bali Action Plan），"
    "全體締約國認同將透過長期合作行動",
    "review": "依據決議文件(Decision -/CMP.3,Scope and content of the second review of the Kyoto "
    "Protocol pursuant to its Article 9)未來審議內容應參考IPCC AR4報告",
    "redd": "依據公約決議文(Decision -/CP.13 Reducing emissions from deforestation in developing "
    "countries_ approaches to stimulate action)本次會議申明迫切需要採取進一步有意義的行動",
    "fund": "依據公約決議文件（Decision -/CMP.3 Adaption Fund），決定特别易受氣候變化不利影響的",
    "rev": "另依據公約決議文件(FCCC/SBSTA/2007/L.20/Add.1/Rev.1)，公約承認第四次評估報告是迄今",
    "footnote": " \ufffd FCCC/SBI/2007/30,National greenhouse gas inventory data for the period "
    "1990–2005, 24 October 2007.",
    "lookalikes": "使各界均殷切期盼COP13/MOP3能有突破性進展。中國2/3能源需求來自燃煤，"
    "由原先之8千公噸CO2/年提高至16千公噸CO2/年。於12/15日閉幕前解決，G77/中國集團則反對。"
    "UN/ISDR在本次大會建議。\tMarch/April 2008 \tAugust/September 2008",
}

# From the Earth Negotiations Bulletin, volume 12 (shared/testdata/enb/<file>), IISD.
ENB_LINES = {
    "enb12351e.md": "SBSTA conclusions and a draft COP decision (FCCC/SBSTA/2007/L.14 and Add.1).",
    "enb12351e.md#2": "revised conclusions and a decision "
    "(FCCC/SBSTA/2007/L.20/Rev.1 & Add.1/Rev.1).",
    "enb12351e.md#3": "functions and operations of the Secretariat "
    "(FCCC/SBI/2007/L.23 & Adds.1-2).",
    "enb12354e.md": "In the decision (FCCC/SBI/2007/L.26 Add.1), the COP emphasizes that",
    "1234000e.md": "Expert Group, presented a summary (FCCC/AGBM/1996/Misc.1/  Add.2) of a study",
    "enb12375e.md": "discussions on Annex III of document FCCC/SBI/2007/15. The G-77/China was",
    "enb12567e.md": "Hamad Al-Attiyah, Deputy Prime Minister, Qatar, was elected COP 18/CMP 8 "
    "President by acclamation.",
    "1209000e.md": "gates to comment on A/AC.237/79/Add.1, Add.5 and Add.6.  The EU supp",
    "1210000e.md": "ONS:  The Group adopted future document A/AC.237/WG.1/L.27, draft  conclusions",
    "enb12472e.md": "This issue (FCCC/SBI/2009/4, 5 and 10, FCCC/SBI/2009/ MISCs.1, 2, 8 and 12) "
    "was first considered",
    "enb12318e.md": "parties ' views on regular monitoring "
    "(FCCC/SBI/2006/MISC.4, Corr.1 and Add.1).",
    "enb12489e.md": "The Secretariat introduced the issues (FCCC/SBI/2010/14/ Add.1 & Add.2).",
    "enb12498e.md": "The AWG-KP recommended draft decisions (FCCC/KP/AWG/2010/L.8/Adds. 1-2) to",
    "enb12498e.md#2": "This item (FCCC/SBSTA/ 2010/INFs. 4, 6 and 11) was first considered",
    "enb12158e.md": "contained in  FCCC/SB/2000/CRP.19, CRP.20 and Add.1, CRP.21, and CRP.22). He",
    "enb12619e.md": "the report on credentials (FCCC/CP/2014/9-FCCC/KP/CMP/2014/8), with the",
    "enb1255e.md": "the draft report to COP-3  (FCCC/AG13/1997/CRP.2). The dra",
    "enb12411e.md": "item ( FCCC/SBSTA/2009/INF.3 , FCCC/SBSTA/2009/MISC.s 4 and 6). The WOR",
    "enb12121e.md": "conclusions and draft  decision (FCCC/SBSTA/1999/ CRP.11) after de",
}

# From the UNFCCC official documents (shared/testdata/unfccc/<folder>/<file>).
UNFCCC_LINES = {
    "cp2014_20 - 2014 - decision 1.txt": "Recalling the decisions of the Conference of the "
    "Parties, particularly decisions 1/CP.17, 2/CP.18 and 1/CP.19,\r\n"
    "\tRecalling decisions 2/CP.19 and 2/CP.20 and welcoming the progress made",
    "CMA2023_5_Decisions_6_to_16.txt": "improvement identified in paragraph 13 of decision "
    "14/CMA 3 and that many of the communications",
    "CMP2015_11_Decisions_1_to_5.txt": "pursuant to paragraph 25 of the annex to decision "
    "13/CMP 1 and decision 2/CMP.7;",
    "cp2018_24 - 2018 - decisions 1 to 12.txt": "\t\t\t(j)\tDraft decision -/CMA.1 titled "
    "“Matters relating to the Adaptation Fund” (now decision 13/CMA.1);",
    "CMA2018_1.3_Decisions_13_to_20.txt": "|  | United Nations | FCCC/PA/CMA/2018/3/Add.2 |",
}


# --- The source report ---------------------------------------------------------------------


def test_seed_file_has_exactly_the_twelve_references() -> None:
    text = read_shared(SEED)
    refs = find_references(text)
    assert {ref.symbol for ref in refs} == {
        "FCCC/SBSTA/2007/L.20/Rev.1",
        "FCCC/SBSTA/2007/L.20/Add.1/Rev.1",
        "FCCC/KP/CMP/2007/5",
        "FCCC/SBI/2007/L.21",
        "FCCC/SBSTA/2007/L.13",
        "FCCC/SBSTA/2007/L.19",
        "FCCC/SBI/2007/30",
        "1/CP.10",
        "-/CP.13",
        "-/CMP.3",
        "9/CP.2",
        "11/CP.4",
    }
    assert all(text[ref.start : ref.end] == ref.raw for ref in refs)
    assert [ref.start for ref in refs] == sorted(ref.start for ref in refs)


def test_seed_file_drafts_resolve_by_their_titles() -> None:
    text = read_shared(SEED)
    drafts = [ref for ref in find_references(text) if ref.symbol.startswith("-/")]
    titles = [(text[ref.end : ref.end + 12], ref.resolved) for ref in drafts]
    assert titles == [
        (" Bali Action", "1/CP.13"),
        (",Scope and c", "4/CMP.3"),
        (" Bali Action", "1/CP.13"),
        (" Reducing em", "2/CP.13"),
        (" Adaption Fu", "1/CMP.3"),
    ]


def test_chart_note_decisions_without_dots() -> None:
    refs = find_references(SEED_LINES["chart"])
    assert [(ref.symbol, ref.raw) for ref in refs] == [("9/CP.2", "9/CP 2"), ("11/CP.4", "11/CP 4")]


def test_chinese_decision_form_covers_only_the_symbol() -> None:
    text = SEED_LINES["decision_zh"]
    [ref] = find_references(text)
    assert (ref.symbol, ref.raw, ref.kind) == ("1/CP.10", "1/CP.10", "decision")
    assert text[ref.start - 1] == "第" and text[ref.end :].startswith(" 號決定")


def test_simplified_chinese_decision_form() -> None:
    [ref] = find_references("依據第1/CMP.3号决定，")
    assert (ref.symbol, ref.raw) == ("1/CMP.3", "1/CMP.3")


@pytest.mark.parametrize(
    ("line", "symbol", "resolved"),
    [
        ("bali", "-/CP.13", "1/CP.13"),
        ("review", "-/CMP.3", "4/CMP.3"),
        ("redd", "-/CP.13", "2/CP.13"),
        ("fund", "-/CMP.3", "1/CMP.3"),
    ],
)
def test_seed_drafts(line: str, symbol: str, resolved: str) -> None:
    [ref] = find_references(SEED_LINES[line])
    assert (ref.symbol, ref.raw, ref.kind, ref.resolved) == (symbol, symbol, "decision", resolved)


def test_seed_document_with_stacked_modifiers() -> None:
    text = SEED_LINES["rev"]
    [ref] = find_references(text)
    assert ref.symbol == ref.raw == "FCCC/SBSTA/2007/L.20/Add.1/Rev.1"
    assert text[ref.start - 1] == "(" and text[ref.end] == ")"


def test_seed_footnote_symbol_stops_before_the_comma() -> None:
    [ref] = find_references(SEED_LINES["footnote"])
    assert ref.raw == ref.symbol == "FCCC/SBI/2007/30"


def test_seed_lookalikes_are_not_symbols() -> None:
    assert find_references(SEED_LINES["lookalikes"]) == []


# --- Forms people write, on real lines -----------------------------------------------------


def test_and_addendum() -> None:
    assert symbols(ENB_LINES["enb12351e.md"]) == [
        "FCCC/SBSTA/2007/L.14",
        "FCCC/SBSTA/2007/L.14/Add.1",
    ]


def test_revision_and_revised_addendum() -> None:
    text = ENB_LINES["enb12351e.md#2"]
    refs = find_references(text)
    assert [(ref.symbol, ref.raw) for ref in refs] == [
        ("FCCC/SBSTA/2007/L.20/Rev.1", "FCCC/SBSTA/2007/L.20/Rev.1"),
        ("FCCC/SBSTA/2007/L.20/Add.1/Rev.1", "Add.1/Rev.1"),
    ]
    assert all(text[ref.start : ref.end] == ref.raw for ref in refs)


def test_addenda_range() -> None:
    refs = find_references(ENB_LINES["enb12351e.md#3"])
    assert [(ref.symbol, ref.raw) for ref in refs] == [
        ("FCCC/SBI/2007/L.23", "FCCC/SBI/2007/L.23"),
        ("FCCC/SBI/2007/L.23/Add.1", "Adds.1-2"),
        ("FCCC/SBI/2007/L.23/Add.2", "Adds.1-2"),
    ]


def test_space_instead_of_slash_before_addendum() -> None:
    [ref] = find_references(ENB_LINES["enb12354e.md"])
    assert (ref.symbol, ref.raw) == ("FCCC/SBI/2007/L.26/Add.1", "FCCC/SBI/2007/L.26 Add.1")


def test_spaces_after_slash_and_misc_casing() -> None:
    [ref] = find_references(ENB_LINES["1234000e.md"])
    assert (ref.symbol, ref.raw) == (
        "FCCC/AGBM/1996/MISC.1/Add.2",
        "FCCC/AGBM/1996/Misc.1/  Add.2",
    )


def test_trailing_full_stop_is_not_part_of_the_symbol() -> None:
    [ref] = find_references(ENB_LINES["enb12375e.md"])
    assert ref.raw == ref.symbol == "FCCC/SBI/2007/15"


def test_session_names_are_not_decisions() -> None:
    assert find_references(ENB_LINES["enb12567e.md"]) == []


def test_committee_symbols_with_addenda_list() -> None:
    assert symbols(ENB_LINES["1209000e.md"]) == [
        "A/AC.237/79/Add.1",
        "A/AC.237/79/Add.5",
        "A/AC.237/79/Add.6",
    ]


def test_committee_working_group_number_is_roman() -> None:
    assert symbols(ENB_LINES["1210000e.md"]) == ["A/AC.237/WG.I/L.27"]


def test_plural_items_list() -> None:
    # "FCCC/SBI/2009/4, 5 and 10": bare numbers after a comma are not read as documents.
    assert symbols(ENB_LINES["enb12472e.md"]) == [
        "FCCC/SBI/2009/4",
        "FCCC/SBI/2009/MISC.1",
        "FCCC/SBI/2009/MISC.2",
        "FCCC/SBI/2009/MISC.8",
        "FCCC/SBI/2009/MISC.12",
    ]


def test_corrigendum_and_addendum_attach_to_the_root() -> None:
    assert symbols(ENB_LINES["enb12318e.md"]) == [
        "FCCC/SBI/2006/MISC.4",
        "FCCC/SBI/2006/MISC.4/Corr.1",
        "FCCC/SBI/2006/MISC.4/Add.1",
    ]


def test_slash_space_addendum_then_ampersand() -> None:
    assert symbols(ENB_LINES["enb12489e.md"]) == [
        "FCCC/SBI/2010/14/Add.1",
        "FCCC/SBI/2010/14/Add.2",
    ]


def test_plural_addenda_inside_the_symbol() -> None:
    refs = find_references(ENB_LINES["enb12498e.md"])
    assert [ref.symbol for ref in refs] == [
        "FCCC/KP/AWG/2010/L.8/Add.1",
        "FCCC/KP/AWG/2010/L.8/Add.2",
    ]
    assert {ref.raw for ref in refs} == {"FCCC/KP/AWG/2010/L.8/Adds. 1-2"}


def test_plural_inf_with_spaces() -> None:
    assert symbols(ENB_LINES["enb12498e.md#2"]) == [
        "FCCC/SBSTA/2010/INF.4",
        "FCCC/SBSTA/2010/INF.6",
        "FCCC/SBSTA/2010/INF.11",
    ]


def test_sibling_items_continue_the_same_series() -> None:
    assert symbols(ENB_LINES["enb12158e.md"]) == [
        "FCCC/SB/2000/CRP.19",
        "FCCC/SB/2000/CRP.20",
        "FCCC/SB/2000/CRP.20/Add.1",
        "FCCC/SB/2000/CRP.21",
        "FCCC/SB/2000/CRP.22",
    ]


def test_joint_symbols_joined_by_a_hyphen() -> None:
    assert symbols(ENB_LINES["enb12619e.md"]) == ["FCCC/CP/2014/9", "FCCC/KP/CMP/2014/8"]


def test_body_with_digits() -> None:
    assert symbols(ENB_LINES["enb1255e.md"]) == ["FCCC/AG13/1997/CRP.2"]


def test_plural_written_after_the_dot() -> None:
    assert symbols(ENB_LINES["enb12411e.md"]) == [
        "FCCC/SBSTA/2009/INF.3",
        "FCCC/SBSTA/2009/MISC.4",
        "FCCC/SBSTA/2009/MISC.6",
    ]


def test_space_after_year_slash() -> None:
    assert symbols(ENB_LINES["enb12121e.md"]) == ["FCCC/SBSTA/1999/CRP.11"]


def test_decision_lists() -> None:
    assert symbols(UNFCCC_LINES["cp2014_20 - 2014 - decision 1.txt"]) == [
        "1/CP.17",
        "2/CP.18",
        "1/CP.19",
        "2/CP.19",
        "2/CP.20",
    ]


def test_undotted_decision_after_the_word_decision() -> None:
    assert symbols(UNFCCC_LINES["CMA2023_5_Decisions_6_to_16.txt"]) == ["14/CMA.3"]
    assert symbols(UNFCCC_LINES["CMP2015_11_Decisions_1_to_5.txt"]) == ["13/CMP.1", "2/CMP.7"]


def test_draft_not_in_registry_stays_unresolved() -> None:
    refs = find_references(UNFCCC_LINES["cp2018_24 - 2018 - decisions 1 to 12.txt"])
    assert [(ref.symbol, ref.resolved) for ref in refs] == [("-/CMA.1", None), ("13/CMA.1", None)]


def test_masthead_symbol() -> None:
    assert symbols(UNFCCC_LINES["CMA2018_1.3_Decisions_13_to_20.txt"]) == [
        "FCCC/PA/CMA/2018/3/Add.2"
    ]


# --- Forms people type ---------------------------------------------------------------------


def test_full_width_symbol_keeps_original_offsets() -> None:
    text = "參見文件ＦＣＣＣ／ＳＢＩ／２００７／３０。"
    [ref] = find_references(text)
    assert ref.symbol == "FCCC/SBI/2007/30"
    assert ref.raw == "ＦＣＣＣ／ＳＢＩ／２００７／３０" == text[ref.start : ref.end]
    assert ref.start == 4


def test_line_break_and_spaces_inside_a_symbol() -> None:
    text = "conclusions (FCCC/SBSTA/\r\n\t2007 / L.20/\nAdd.1) were adopted"
    [ref] = find_references(text)
    assert ref.symbol == "FCCC/SBSTA/2007/L.20/Add.1"
    assert ref.raw == "FCCC/SBSTA/\r\n\t2007 / L.20/\nAdd.1"


def test_two_line_breaks_end_a_symbol() -> None:
    assert find_references("FCCC/SBSTA/\n\n2007/L.20") == []


def test_lower_case_symbols() -> None:
    assert symbols("see fccc/sbsta/2007/l.20/add.1/rev.1 and decision 1/cp.13") == [
        "FCCC/SBSTA/2007/L.20/Add.1/Rev.1",
        "1/CP.13",
    ]


def test_review_report_symbols_keep_the_country_code() -> None:
    assert symbols("(FCCC/ARR/2009/JPN; FCCC/IDR.4/DEU; FCCC/SBI/2009/JPN)") == [
        "FCCC/ARR/2009/JPN",
        "FCCC/IDR.4/DEU",
    ]


def test_documents_and_decisions_in_order_of_appearance() -> None:
    text = "decision 2/CP.13 (FCCC/SBSTA/2007/L.13) and -/CMP.3 (FCCC/KP/CMP/2007/9/Add.1)"
    assert symbols(text) == [
        "2/CP.13",
        "FCCC/SBSTA/2007/L.13",
        "-/CMP.3",
        "FCCC/KP/CMP/2007/9/Add.1",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "COP 18/CMP 8",
        "COP13/MOP3",
        "COP/MOP",
        "at COP 20/CMP 10 in Lima",
        "decision of COP 18/CMP 8",
        "9/CP 2",  # an undotted decision needs "decision" before it
        "2/3",
        "12/15",
        "1990/2005",
        "CO2/年",
        "UN/ISDR",
        "March/April 2008",
        "Annex I/II",
        "FCCC/SBI",
        "FCCC/SBI/2007",
        "fccc/agenda.asp",
        "FCCC/UNDP Expert Meeting",
        "UNFCCC/SBI/2007/15",
        "FCCC/SBI/2007/L",
        "1234/CP.13",
        "x1/CP.13",
    ],
)
def test_not_symbols(text: str) -> None:
    assert find_references(text) == []


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("FCCC/SBSTA/2007/L.20/Add.1/Rev.1", "FCCC/SBSTA/2007/L.20/Add.1/Rev.1"),
        ("fccc/sbsta/2007/l.20/add.1/rev.1", "FCCC/SBSTA/2007/L.20/Add.1/Rev.1"),
        ("  FCCC / SBI / 2007 / 15.  ", "FCCC/SBI/2007/15"),
        ("(FCCC/SBSTA/2006/misc.5)", "FCCC/SBSTA/2006/MISC.5"),
        ("FCCC/SBSTA/2007/Inf.3", "FCCC/SBSTA/2007/INF.3"),
        ("FCCC/SBSTA/2007/L20", "FCCC/SBSTA/2007/L.20"),
        ("FCCC/SBI/2007/L.26 Add.1", "FCCC/SBI/2007/L.26/Add.1"),
        ("ＦＣＣＣ／ＳＢＩ／２００７／３０", "FCCC/SBI/2007/30"),
        ("FCCC/KP/CMP/2007/09/Add.01", "FCCC/KP/CMP/2007/9/Add.1"),
        ("a/ac.237/wg.ii/l.13", "A/AC.237/WG.II/L.13"),
        ("A/AC.237/91/Add.1", "A/AC.237/91/Add.1"),
        ("A/AC.237/L.14", "A/AC.237/L.14"),
        ("1/cp.13", "1/CP.13"),
        ("01 / CMP . 3", "1/CMP.3"),
        ("-/CP.13", "-/CP.13"),
        ("－／ＣＰ．１３", "-/CP.13"),
        ("Decision -/CP.13", "-/CP.13"),
        ("decision 9/CP 2", "9/CP.2"),
        ("第1/CP.10 號決定", "1/CP.10"),
        ("1/CMA.1;", "1/CMA.1"),
    ],
)
def test_canonicalize(typed: str, canonical: str) -> None:
    assert canonicalize(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "Bali Action Plan",
        "COP 18/CMP 8",
        "9/CP 2",
        "2/3",
        "FCCC/SBI/2007",
        "FCCC/SBI/2007/15 report",
        "1/CP.13/Add.1",
        "FCCC/SBSTA/2007/L.14 and Add.1",  # two symbols
        "FCCC/SBI/2007/L.23 & Adds.1-2",
        "1/CP.13 2/CP.13",
    ],
)
def test_canonicalize_rejects(typed: str) -> None:
    assert canonicalize(typed) is None


@pytest.mark.parametrize(
    ("symbol", "kind"),
    [
        ("FCCC/SBSTA/2007/L.20/Add.1/Rev.1", "document"),
        ("A/AC.237/L.14", "document"),
        ("FCCC/TP/2008/2", "document"),
        ("1/CP.13", "decision"),
        ("-/CMP.3", "decision"),
        ("1/CMA.1", "decision"),
    ],
)
def test_symbol_kind(symbol: str, kind: str) -> None:
    assert symbol_kind(symbol) == kind


@pytest.mark.parametrize("function", [symbol_kind, family_root])
def test_non_symbols_are_rejected(function: Callable[[str], str]) -> None:
    with pytest.raises(ValueError, match="not a document symbol"):
        function("COP 18/CMP 8")


@pytest.mark.parametrize(
    ("symbol", "root"),
    [
        ("FCCC/SBSTA/2007/L.20/Add.1/Rev.1", "FCCC/SBSTA/2007/L.20"),
        ("FCCC/SBSTA/2007/L.20/Rev.1", "FCCC/SBSTA/2007/L.20"),
        ("FCCC/SBI/2006/18/Add.3/Corr.1", "FCCC/SBI/2006/18"),
        ("FCCC/SBSTA/2007/L.20", "FCCC/SBSTA/2007/L.20"),
        ("FCCC/AGBM/1996/MISC.1/Add.2", "FCCC/AGBM/1996/MISC.1"),
        ("A/AC.237/79/Add.5", "A/AC.237/79"),
        ("fccc/sbsta/2007/l.20/add.1", "FCCC/SBSTA/2007/L.20"),
        ("1/CP.13", "1/CP.13"),
        ("-/CMP.3", "-/CMP.3"),
    ],
)
def test_family_root(symbol: str, root: str) -> None:
    assert family_root(symbol) == root


# --- Drafts registry -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("symbol", "title", "adopted"),
    [
        ("-/CP.13", "Bali Action Plan", "1/CP.13"),
        ("-/CP.13", "BALI ACTION PLAN.", "1/CP.13"),
        ("-/cp.13", "bali action-plan", "1/CP.13"),
        ("-/CMP.3", "Adaptation Fund", "1/CMP.3"),
        ("-/CMP.3", "Adaption Fund", "1/CMP.3"),
        (
            "-/CP.13",
            "Reducing emissions from deforestation in developing countries_ approaches to "
            "stimulate action",
            "2/CP.13",
        ),
        ("-/CP.13", "Reducing emissions from deforestation", "2/CP.13"),
        (
            "-/CMP.3",
            "Scope and content of the second review of the Kyoto Protocol pursuant to its "
            "Article 9",
            "4/CMP.3",
        ),
        ("-/CP.13", "Bali Action Plan, paragraph 1(b)(ii)", "1/CP.13"),
    ],
)
def test_resolve_draft(symbol: str, title: str, adopted: str) -> None:
    assert resolve_draft(symbol, title) == adopted


@pytest.mark.parametrize(
    ("symbol", "title"),
    [
        ("-/CP.14", "Bali Action Plan"),  # another session
        ("-/CMP.13", "Bali Action Plan"),  # another body
        ("1/CP.13", "Bali Action Plan"),  # not a draft
        ("-/CP.13", "Bali"),  # too little of the title
        ("-/CP.13", "Technology transfer"),
        ("-/CMP.3", "Adaptation Committee"),
        ("not a symbol", "Bali Action Plan"),
    ],
)
def test_resolve_draft_no_match(symbol: str, title: str) -> None:
    assert resolve_draft(symbol, title) is None


def test_draft_with_titled_quote() -> None:
    [ref] = find_references("Draft decision -/CMP.3 titled “Adaptation Fund” was adopted")
    assert ref.resolved == "1/CMP.3"


def test_draft_followed_by_other_words_is_unresolved() -> None:
    [ref] = find_references("decision -/CP.13 was forwarded to the plenary")
    assert (ref.symbol, ref.resolved) == ("-/CP.13", None)


@pytest.mark.parametrize(
    ("adopted", "titles"),
    [
        ("1/CP.13", ["Bali Action Plan"]),
        ("1/cp.13", ["Bali Action Plan"]),
        (
            "2/CP.13",
            [
                "Reducing emissions from deforestation in developing countries: approaches "
                "to stimulate action"
            ],
        ),
        ("1/CMP.3", ["Adaptation Fund"]),
        (
            "4/CMP.3",
            [
                "Scope and content of the second review of the Kyoto Protocol pursuant to its "
                "Article 9"
            ],
        ),
        ("3/CP.13", []),
        ("-/CP.13", []),
        ("Bali Action Plan", []),
    ],
)
def test_draft_titles(adopted: str, titles: list[str]) -> None:
    assert draft_titles(adopted) == titles


def test_registry_titles_find_their_drafts() -> None:
    for adopted in ("1/CP.13", "2/CP.13", "1/CMP.3", "4/CMP.3"):
        draft = "-/" + adopted.split("/")[1]
        assert [resolve_draft(draft, title) for title in draft_titles(adopted)] == [adopted]


# --- The Reference type --------------------------------------------------------------------


def test_reference_is_frozen_with_slots() -> None:
    ref = Reference("1/CP.13", "1/CP.13", "decision", 0, 7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ref.symbol = "2/CP.13"  # type: ignore[misc]
    assert not hasattr(ref, "__dict__")
    assert ref.resolved is None


# --- Robustness ----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_twelve_megabyte_line_is_read_whole() -> None:
    unit = (
        "At COP 18/CMP 8 (COP13/MOP3 in 2007/2008), 2/3 of Annex I/II parties cut CO2/年 by "
        "12/15 percent; FCCC/SBI/2007/ and FCCC/ and fccc/agenda.asp and A/AC. and -/ and 1/ "
        "were cited, with 9/CP 2 and Adds. 1-2 and L.23 & Add.1 in March/April 2008. "
        "Parties adopted FCCC/SBSTA/2007/L.20/Rev.1 & Add.1/Rev.1 and decision 9/CP 2, then "
        "ＦＣＣＣ／ＳＢＩ／２００７／３０ "
    )
    copies = 12_000_000 // len(unit)
    refs = find_references(unit * copies)
    assert [ref.symbol for ref in refs[:4]] == [
        "FCCC/SBSTA/2007/L.20/Rev.1",
        "FCCC/SBSTA/2007/L.20/Add.1/Rev.1",
        "9/CP.2",
        "FCCC/SBI/2007/30",
    ]
    assert len(refs) == 4 * copies
    assert refs[-1].end == len(unit) * copies - 1


def _unbounded_greedy_repeats(pattern: re.Pattern[str]) -> list[str]:
    """The repeats of ``pattern`` with no upper bound that give back what they matched (not
    possessive): the only way a regex can make the engine backtrack over a long run."""
    import re._constants as codes
    import re._parser as parser  # the standard library's own regex parser, read only

    found = []

    def walk(items) -> None:
        for op, arg in items:
            if op in (codes.MAX_REPEAT, codes.MIN_REPEAT):
                low, high, body = arg
                if high == codes.MAXREPEAT:
                    found.append(f"{op} {body}")
                walk(body)
            elif op in (codes.POSSESSIVE_REPEAT, codes.ATOMIC_GROUP):
                walk(arg[-1] if op == codes.POSSESSIVE_REPEAT else arg)
            elif op == codes.SUBPATTERN:
                walk(arg[-1])
            elif op == codes.BRANCH:
                for branch in arg[1]:
                    walk(branch)
            elif op in (codes.ASSERT, codes.ASSERT_NOT):
                walk(arg[1])
            elif op == codes.GROUPREF_EXISTS:
                walk(arg[1])
                if arg[2] is not None:
                    walk(arg[2])

    walk(parser.parse(pattern.pattern, pattern.flags))
    return found


# Applied to whole texts (scanned, or matched at every symbol and decision found), so each must
# run in time linear in the text whatever it holds.
SCANNING = ["_FCCC", "_AC237", "_CONTINUATION", "_DECISION", "_DECISION_CONTEXT",
            "_DECISION_LIST_SEP", "_TITLE"]


@pytest.mark.parametrize("name", SCANNING)
def test_patterns_over_whole_texts_never_backtrack_over_a_run(name: str) -> None:
    pattern = getattr(symbols_module, name)
    assert _unbounded_greedy_repeats(pattern) == []


def test_the_unbounded_repeat_checker_finds_greedy_ones() -> None:
    assert len(_unbounded_greedy_repeats(re.compile(r"a(?:b|c*)+d*+\s{2,}?"))) == 3
    assert _unbounded_greedy_repeats(re.compile(r"a*+(?:b{1,30}|c++)(?=d{0,5})")) == []


def test_the_fold_scan_is_one_character_class() -> None:
    # A greedy run of one class with nothing after it has nothing to backtrack for.
    pattern = symbols_module._FOLDABLE.pattern
    assert pattern.startswith("[") and pattern.endswith("]+") and pattern.count("]") == 1


def test_scans_start_at_a_literal() -> None:
    """A scan is tried only where its first character is, so a long run of anything else
    costs one pass."""
    for name in ("_FCCC", "_AC237", "_DECISION"):
        assert getattr(symbols_module, name).pattern.lstrip()[0] in "FA/", name


def test_a_decision_number_is_looked_for_in_a_bounded_window() -> None:
    # The one pattern with a greedy run is searched only just before each decision's slash.
    assert _unbounded_greedy_repeats(symbols_module._DECISION_NUMBER)
    assert symbols_module._NUMBER_REACH <= 64
    text = "decision " + "1 " * 50 + "/CP.13"
    assert [r.symbol for r in find_references(text)] == ["1/CP.13"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FCCC/" * 200_000, []),
        ("FCCC/SBI/2007/1" + "/Add.1" * 200_000,
         [("FCCC/SBI/2007/1/Add.1/Add.1/Add.1/Add.1/Add.1/Add.1", 0, 51)]),
        ("FCCC/SBI/2007/L.1/Adds.1" + ", 2" * 200_000,
         [("FCCC/SBI/2007/L.1/Add.1", 0, 114), ("FCCC/SBI/2007/L.1/Add.2", 0, 114)]),
        ("1 " * 500_000 + "/CP.13", [("1/CP.13", 999_998, 1_000_006)]),
        ("-/" * 500_000, []),
    ],
)  # fmt: skip
def test_pathological_inputs(text: str, expected: list[tuple[str, int, int]]) -> None:
    """Runs and lists at the length caps of the patterns are cut there, not explored."""
    assert [(r.symbol, r.start, r.end) for r in find_references(text)] == expected


# --- Round trip of the forms people type ---------------------------------------------------

_FULL_WIDTH = {cp: cp + 0xFEE0 for cp in range(0x21, 0x7F)} | {0x20: 0x3000}


@st.composite
def canonical_symbols(draw: st.DrawFn) -> str:
    number = st.integers(1, 199).map(str)
    if draw(st.booleans()):
        body = draw(st.sampled_from(["CP", "CMP", "CMA"]))
        return f"{draw(number | st.just('-'))}/{body}.{draw(st.integers(1, 29))}"
    item = draw(
        number | st.tuples(st.sampled_from(["L", "INF", "MISC", "CRP"]), number).map(".".join)
    )
    mods = draw(st.lists(st.tuples(st.sampled_from(["Add", "Rev", "Corr"]), number), max_size=3))
    tail = "".join(f"/{label}.{n}" for label, n in mods)
    if draw(st.integers(0, 4)) == 0:
        group = draw(st.sampled_from(["", "/WG.I", "/WG.II"]))
        return f"A/AC.237{group}/{item}{tail}"
    body = draw(
        st.sampled_from(
            ["CP", "KP/CMP", "PA/CMA", "SBSTA", "SBI", "SB", "KP/AWG", "AWGLCA", "ADP", "APA"]
            + ["TP", "ARR", "AGBM", "AWG-LCA", "AG13", "WEB", "IDR"]
        )
    )
    return f"FCCC/{body}/{draw(st.integers(1990, 2029))}/{item}{tail}"


@st.composite
def written_forms(draw: st.DrawFn, symbol: str) -> str:
    """``symbol`` as someone might type or print it (without trailing punctuation)."""
    case = draw(st.sampled_from(["same", "lower", "upper", "swapcase", "mixed"]))
    if case == "mixed":
        flips = draw(st.lists(st.booleans(), min_size=len(symbol), max_size=len(symbol)))
        symbol = "".join(c.swapcase() if flip else c for c, flip in zip(symbol, flips, strict=True))
    elif case != "same":
        symbol = getattr(symbol, case)()
    spaces = st.sampled_from(["", "", " ", "  ", "\t", "\u3000"])
    parts = symbol.split("/")
    joints = [f"{draw(spaces)}/{draw(spaces)}" for _ in parts[1:]]
    if draw(st.booleans()):
        broken = draw(st.integers(0, len(joints) - 1))
        newline = draw(st.sampled_from(["\n", "\r\n"]))
        joints[broken] = draw(st.sampled_from([newline + "/", "/" + newline]))
    written = parts[0] + "".join(
        joint + part for joint, part in zip(joints, parts[1:], strict=True)
    )
    if draw(st.booleans()):
        written = written.translate(_FULL_WIDTH)
    return written


@settings(max_examples=examples(400), deadline=None)
@given(data=st.data())
def test_written_forms_round_trip(data: st.DataObject) -> None:
    symbol = data.draw(canonical_symbols())
    assert canonicalize(symbol) == symbol
    written = data.draw(written_forms(symbol))
    trailing = data.draw(st.sampled_from(["", ".", ",", ";", ")", ":", "。", "，", "）"]))
    before, after = data.draw(
        st.sampled_from(
            [("", ""), ("See ", " here"), ("(", ")"), ("依據（", "）決議"), ("\n", "\n")]
        )
    )
    assert canonicalize(written + trailing) == symbol
    text = before + written + trailing + after
    [ref] = find_references(text)
    assert (ref.symbol, ref.raw, ref.start) == (symbol, written, len(before))
    assert ref.kind == symbol_kind(symbol)


# --- The real data in shared/testdata ------------------------------------------------------


def _testdata_files() -> list[Path]:
    if not TESTDATA.exists():
        pytest.skip(f"{TESTDATA} is not available")
    return sorted(TESTDATA.glob("enb/*.md")) + sorted(TESTDATA.glob("unfccc/*/*.txt"))


@pytest.mark.slow  # every file of ../shared/testdata
def test_unfccc_masthead_symbol_is_the_first_reference() -> None:
    files = [path for path in _testdata_files() if path.suffix == ".txt"]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        masthead = re.search(r"United Nations[\s|]*(FCCC/\S+)\s*\|", text)
        assert masthead, path.name
        assert find_references(text)[0].symbol == masthead[1], path.name


@pytest.mark.slow  # every file of ../shared/testdata
def test_every_reference_in_the_testdata_is_sound() -> None:
    session = re.compile(r"(?:COP|CMP|CMA|MOP)[ -]?\Z", re.IGNORECASE)
    seen: set[str] = set()
    for path in _testdata_files():
        text = path.read_text(encoding="utf-8")
        for ref in find_references(text):
            assert text[ref.start : ref.end] == ref.raw, (path.name, ref)
            assert not session.search(text, max(0, ref.start - 4), ref.start), (path.name, ref)
            seen.add(ref.symbol)
    assert len(seen) > 4000
    assert all(canonicalize(symbol) == symbol for symbol in seen)


def test_bali_summary_issue() -> None:
    # ENB 12:354, the summary of the Bali conference.
    found = set(symbols(read_shared(TESTDATA / "enb" / "enb12354e.md")))
    assert {
        "FCCC/SBI/2007/L.26/Add.1",
        "FCCC/SBSTA/2007/L.20/Add.1/Rev.1",
        "1/CP.10",
        "15/CMP.1",
    } <= found


# --- Noise from Word and PDF text -----------------------------------------------------------

# From shared/testdata/pdf/indc_russia_2015_ru.doc (converted by LibreOffice): the decision is
# typed with Cyrillic С (U+0421) and Р (U+0420); another one, later, in Latin letters.
RUSSIAN = (
    "а также на решение 1/\u0421\u0420.20 «Лимский призыв к действиям по борьбе с изменением "
    "климата»; принятые решением 24/CP.19 Конференции Сторон РКИК\u00a0ООН; диоксид углерода "
    "(\u0421\u041e2); метан (\u0421\u041d4)"
)


def test_cyrillic_look_alikes_inside_a_symbol_are_read_as_latin() -> None:
    refs = find_references(RUSSIAN)
    assert [(r.symbol, r.raw) for r in refs] == [
        ("1/CP.20", "1/\u0421\u0420.20"),
        ("24/CP.19", "24/CP.19"),
    ]
    assert RUSSIAN[refs[0].start : refs[0].end] == "1/\u0421\u0420.20"
    assert canonicalize("1/\u0421\u0420.20") == "1/CP.20"
    assert symbols("FCCC/\u0421\u0420/2014/10/Add.1") == ["FCCC/CP/2014/10/Add.1"]


@pytest.mark.parametrize(
    "text",
    ["Конференции Сторон (КС) и СР/МОР", "СО2/год", "РКИК ООН", "ВВП 2000 года", "СМА 1 и СР 20"],
)
def test_cyrillic_words_are_never_symbols(text: str) -> None:
    assert symbols(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("decision 1/CP. 13", ["1/CP.13"]),
        ("decision 1 /CP.13", ["1/CP.13"]),
        ("decision 1/CP..13", ["1/CP.13"]),
        ("decision 1/CP.\u00a013 and 2/CP.\u202f13", ["1/CP.13", "2/CP.13"]),
        ("FCCC/SBSTA/2007/L.\u00a019", ["FCCC/SBSTA/2007/L.19"]),
        ("FCCC/\u200bSBI/2007/15", ["FCCC/SBI/2007/15"]),
        ("decision\u00a01/CMP.1\u2075 adopted", ["1/CMP.1"]),  # a superscript footnote mark
        ("decision 1/CMP.1\u00b9\u00b2,", ["1/CMP.1"]),
    ],
)
def test_word_and_pdf_noise_inside_references(text: str, expected: list[str]) -> None:
    assert symbols(text) == expected
