"""Highlighting: the needles of a query, match offsets into the original text (Traditional or
Simplified, compatibility ideographs, full-width letters), snippet windows and <mark> placement."""

from __future__ import annotations

from conftest import REPORT_TXT

from index.highlight import SNIPPET_CHARS, Needle, find_matches, needles_for, snippet
from pipeline.normalize import fold

# The summary's paragraph on the MOP3 decisions: Traditional text with Simplified and mixed words
# (毁林, 缔约國, 针對) as the report writes them, and English in brackets.
MOP3 = REPORT_TXT.read_text(encoding="utf-8").splitlines()[12]


def matches(text: str, query: str, quoted: bool = False) -> list[str]:
    return [text[s:e] for s, e in find_matches(text, needles_for(fold(query), quoted))]


def test_needles_of_han_latin_and_mixed_queries() -> None:
    assert needles_for(fold("調適基金"), False) == [Needle("han", ("调适基金",))]
    assert needles_for("negotiation", False) == [Needle("latin", ("negotiation",), stemmed=True)]
    assert needles_for("negotiation", True) == [Needle("latin", ("negotiation",))]
    assert needles_for("adaptation fund", False) == [Needle("latin", ("adaptation", "fund"))]
    assert needles_for(fold("HFC-23計畫"), True) == [
        Needle("latin", ("hfc", "23")), Needle("han", ("计画",))
    ]  # fmt: skip
    assert needles_for("。、", False) == []


def test_offsets_point_at_the_original_characters() -> None:
    assert MOP3.startswith("本次在MOP3部分通過11項決議文")
    spans = find_matches(MOP3, needles_for(fold("调适基金"), False))
    assert spans == [(24, 28)] and MOP3[24:28] == "調適基金"
    assert matches(MOP3, "Adaptation Fund") == ["adaptation fund"]
    # written 缔约國 (mixed scripts) in the report: found from either script
    assert matches(MOP3, "締約國") == ["缔约國"] == matches(MOP3, "缔约国")
    assert matches(MOP3, "毀林") == ["毁林", "毁林", "毁林"]


def test_compatibility_ideographs_and_full_width_letters_map_back_whole() -> None:
    text = "世界銀行碳\uf90a融部門；ＣＯＰ１３在峇里島召開"
    assert matches(text, "碳金融") == ["碳\uf90a融"]
    assert matches(text, "cop13") == ["ＣＯＰ１３"]
    assert matches(text, "峇里岛") == ["峇里島"]


def test_latin_words_match_whole_and_phrases_only_adjacent() -> None:
    text = "Negotiations on joint implementation; joint and implementation; HFC23 and HFC-23."
    assert matches(text, "negotiation") == ["Negotiations"]  # unquoted: inflections too
    assert matches(text, "negotiation", quoted=True) == []
    assert matches(text, "joint implementation", quoted=True) == ["joint implementation"]
    assert matches(text, "hfc-23") == ["HFC-23"]  # not "HFC23", one word
    assert matches(text, "negot") == []  # never part of a word


def test_overlapping_and_adjacent_matches_merge() -> None:
    needles = needles_for("调适", False) + needles_for("适基", False) + needles_for("基金", False)
    assert find_matches("成立調適基金。", needles) == [(2, 6)]


def test_every_match_of_several_needles_in_order() -> None:
    needles = needles_for(fold("毀林"), False) + needles_for(fold("調適基金"), False)
    spans = find_matches(MOP3, needles)
    assert [MOP3[s:e] for s, e in spans] == ["調適基金", "毁林", "毁林", "毁林"]
    assert spans == sorted(spans)


def test_snippet_of_a_short_text_is_the_whole_text_with_marks() -> None:
    text = "13. 調適基金\n由全球環境機構作為秘書處"
    spans = find_matches(text, needles_for("调适基金", False))
    assert snippet(text, spans) == "13. <mark>調適基金</mark> 由全球環境機構作為秘書處"
    assert snippet(text, []) == "13. 調適基金 由全球環境機構作為秘書處"
    assert snippet("", []) == ""


def test_snippet_window_holds_the_most_matches_with_some_context_before() -> None:
    spans = find_matches(MOP3, needles_for("毁林", False) + needles_for("调适基金", False))
    shown = snippet(MOP3, spans)
    # the three 毁林 fit one window, the single 調適基金 near the start does not come with them
    assert shown.count("<mark>毁林</mark>") == 3 and "調適基金" not in shown
    first = MOP3.index("毁林")
    assert shown.startswith("…" + MOP3[first - SNIPPET_CHARS // 4 : first] + "<mark>毁林")
    assert shown.endswith("…")
    plain = shown.replace("<mark>", "").replace("</mark>", "").strip("…")
    assert plain in MOP3 and len(plain) <= SNIPPET_CHARS


def test_snippet_never_cuts_a_match_at_its_edges() -> None:
    text = "甲" * 200 + "調適基金" + "乙" * 200
    spans = find_matches(text, needles_for("调适基金", False))
    for width in (1, 3, 50):
        shown = snippet(text, spans, width)
        assert "<mark>調適基金</mark>" in shown
        assert shown.startswith("…") and shown.endswith("…")


def test_snippet_marks_only_what_lies_in_the_window() -> None:
    text = "基金" + "。" + "x" * 400 + "基金"
    spans = find_matches(text, needles_for("基金", False))
    assert len(spans) == 2
    shown = snippet(text, spans, width=40)
    assert shown.count("<mark>") == 1 and shown.startswith("<mark>基金</mark>。")


def test_snippet_starts_after_a_sentence_end_close_before_the_match() -> None:
    text = "甲" * 100 + "。" + "乙" * 10 + "調適基金" + "丙" * 300
    shown = snippet(text, find_matches(text, needles_for("调适基金", False)))
    assert shown.startswith("…" + "乙" * 10 + "<mark>調適基金</mark>丙")
