"""The outline rules, line by line and as a tree: which plain lines are headings in a Chinese
report (摘要, 第N章, N.N, 一、/ㄧ、, 壹、) and in a UNFCCC document (Decision, Annex, Roman
numerals, letters), and which stay body text (list items, numbers inside text, contents
entries)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, REPORT_TXT

from pipeline.document import parse_bytes
from pipeline.model import Block, BlockKind, Document, ParsedFile
from pipeline.outline import (
    chapter_number,
    cjk_numeral,
    detect_report_heading,
    detect_un_heading,
    has_page_reference,
)
from pipeline.readers.emphasis import heading_like
from pipeline.sectioning import build_sections

REPORT_LINES = REPORT_TXT.read_text(encoding="utf-8").splitlines()
SBI = (CORPUS / "unfccc" / "sbi2015_10 (report SB 42).txt").read_text(encoding="utf-8")
SBI_LINES = SBI.splitlines()


def line_of(lines: list[str], start: str) -> str:
    return next(line for line in lines if line.startswith(start))


# Report headings, one line at a time -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number", "heading", "scheme"),
    [
        ("摘     要", "", "摘要", "front"),  # the report's own spacing
        ("前言", "", "前言", "front"),
        ("第1章 會議背景", "第1章", "會議背景", "chapter"),
        ("第3章 會議議題分析", "第3章", "會議議題分析", "chapter"),
        ("第六章 心得與建議", "第六章", "心得與建議", "chapter"),
        ("壹、前言", "壹", "前言", "formal"),
        ("3.1 全球排放量變化", "3.1", "全球排放量變化", "decimal2"),
        ("2.1公約第13屆締約國大會(COP13)議程", "2.1", "公約第13屆締約國大會(COP13)議程",
         "decimal2"),
        ("2.5 特設工作小組第4次會議(AWG4)議程 ", "2.5", "特設工作小組第4次會議(AWG4)議程",
         "decimal2"),
        ("3.3 京都議定書第3.9條規定", "3.3", "京都議定書第3.9條規定", "decimal2"),
        ("3.13.2 調適基金董事會", "3.13.2", "調適基金董事會", "decimal3"),
        ("二、建立持續參與及關注公約活動之人力", "二", "建立持續參與及關注公約活動之人力", "cjk"),
        ("ㄧ、加強國際合作", "一", "加強國際合作", "cjk"),  # typed with the Bopomofo letter
        ("３.１　全球排放量變化", "3.1", "全球排放量變化", "decimal2"),  # full-width digits
    ],
)  # fmt: skip
def test_report_headings(line: str, number: str, heading: str, scheme: str) -> None:
    found = detect_report_heading(line)
    assert found is not None, line
    assert (found.number, found.heading, found.scheme) == (number, heading, scheme)


def test_report_heading_lines_from_the_report_itself() -> None:
    for start in ("第1章", "3.1 全球", "2.1公約", "3.3 京都", "二、建立"):
        assert detect_report_heading(line_of(REPORT_LINES, start)) is not None, start


@pytest.mark.parametrize(
    "line",
    [
        "1. 會議開幕",  # numbered list items stay body text
        "2. 組織事項︰",
        "8. 第二次審評公約第四條第2 款 (a) 項和 (b) 項是否充分 ",
        "(一)關注公約與議定書最新發展情勢，以掌握各項議題進展及建構減量與調適能力。",
        "(a) 締約方會議的報告",
        "1.獨立於公約之外的新機制",
        "4.",
        "3.5%的成長率",  # a number, not a heading number
        "3.00 pm.",  # a time, a share: a fraction is no sub-number
        "1.05 per cent of the budget",
        "2007年全世界對於氣候變遷的重視持續升溫",
        "二、今年政府間氣候變化專門委員會(IPCC) 發表第四次評估報告，"
        "更加確信人為溫室氣體排放是造成全球平均溫度上升的原因。",  # a sentence
        "六、本次工作任務：台灣代表團由本署張副署長豐藤擔任團長，"
        "外交部洪副司長慧珠擔任副團長，主要任務有三：",
        "四、大會目的：",  # a list lead-in
        "第3章提到的議題，",
        "10.21 in IPCC 2006 guidelines)",  # the rest of a line broken after a number
        "3.8 below:",
        "",
        "   ",
    ],
)  # fmt: skip
def test_report_body_lines(line: str) -> None:
    assert detect_report_heading(line) is None


def test_a_typed_heading_in_capitals_may_run_longer_and_end_in_a_colon() -> None:
    """As bulletins set their sub-headings ("KYOTO PROTOCOL:"); a lead-in in sentence case
    is body text, however it is set."""
    assert heading_like("KYOTO PROTOCOL:") and heading_like("AWG:")
    assert heading_like("REVIEW OF IMPLEMENTATION OF COMMITMENTS AND OTHER PROVISIONS OF THE "
                        "CONVENTION")  # fmt: skip
    assert not heading_like("The Parties agreed as follows:")
    assert not heading_like("四、大會目的：")
    assert not heading_like("Review of implementation of commitments and other provisions of "
                            "the Convention")  # fmt: skip
    assert not heading_like("NB:")


def test_report_list_items_from_the_report_itself() -> None:
    for start in ("1. 會議開幕", "(一)印尼", "ㄧ、聯合國氣候變化綱要公約", "六、本次工作任務"):
        assert detect_report_heading(line_of(REPORT_LINES, start)) is None, start


def test_chapter_and_cjk_numerals() -> None:
    assert [chapter_number(n) for n in ("第3章", "第 12 章", "第三章", "第十章", "第十二章")] == [
        3, 12, 3, 10, 12
    ]  # fmt: skip
    assert [cjk_numeral(n) for n in ("一", "九", "十", "十一", "二十", "二十三", "")] == [
        1, 9, 10, 11, 20, 23, None
    ]  # fmt: skip


# UNFCCC headings ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number", "heading", "scheme"),
    [
        ("Decision 1/CMP.10", "1/CMP.10", "", "decision"),
        ("Decision 1/CP.20", "1/CP.20", "", "decision"),
        ("Annex", "Annex", "", "annex"),
        ("Annex II", "Annex II", "", "annex"),
        ("I.\tOpening of the session\r", "I", "Opening of the session", "roman"),
        ("III.\tReporting from and review of Parties included in Annex I to the Convention",
         "III", "Reporting from and review of Parties included in Annex I to the Convention",
         "roman"),
        ("\tA.\tAdoption of the agenda", "A", "Adoption of the agenda", "letter"),
    ],
)  # fmt: skip
def test_un_headings(line: str, number: str, heading: str, scheme: str) -> None:
    found = detect_un_heading(line, "")
    assert found is not None, line
    assert (found.number, found.heading, found.scheme) == (number, heading, scheme)
    assert found.title_on_next_line == (scheme in ("decision", "annex"))


@pytest.mark.parametrize(
    ("line", "next_line"),
    [
        ("\t\tA.\tAdoption of the agenda\t\t3–5\t5", ""),  # a contents entry: page numbers
        ("\t\tI.\tOpening of the session ", "(Agenda item 1)\t\t1–2\t5"),  # wrapped entry
        ("1.\tThe forty-second session of the SBI was held in Bonn.", ""),  # numbered paragraph
        ("(a)\tAdoption of the agenda;", ""),
        ("A.\tParties decided as follows:", ""),  # a lead-in, not a heading
        ("Decisions adopted by the Conference of the Parties", ""),
        ("Annexes to the report", ""),
    ],
)
def test_un_body_lines(line: str, next_line: str) -> None:
    assert detect_un_heading(line, next_line) is None


def test_page_references_mark_contents_entries() -> None:
    assert has_page_reference("\t\tA.\tAdoption of the agenda\t\t3–5\t5")
    assert has_page_reference("(Agenda item 2)\t\t3–8\t5\r")
    assert not has_page_reference("II.\tOrganizational matters")


# Whole outlines ------------------------------------------------------------------------------


def outline(document: Document) -> list[tuple[int, str, str, str | None]]:
    """(level, number, heading, parent's number or heading) per section."""
    by_id = {s.section_id: s for s in document.sections}
    return [
        (s.level, s.number, s.heading,
         (by_id[s.parent_id].number or by_id[s.parent_id].heading) if s.parent_id else None)
        for s in document.sections
    ]  # fmt: skip


def report(text: str) -> Document:
    return parse_bytes(text.encode("utf-8"), Path("report.txt"))


def test_a_report_outline_with_every_scheme() -> None:
    document = report(
        "聯合國氣候變化綱要公約第13屆締約國大會\n"
        "摘     要\n本次會議通過峇里島路線圖。\n"
        "第1章 會議背景\n"
        "ㄧ、會議緣起\n緣起說明。\n二、會議目的\n1. 會議開幕\n2. 組織事項︰\n"
        "第3章 會議議題分析\n"
        "3.1 全球排放量變化\n排放量增加5.4 億公噸。\n"
        "3.3 京都議定書第3.9條規定\n"
        "3.3.1 第二承諾期\n內容。\n"
        "4.5 億公噸的減量並非標題\n"
        "第6章 心得與建議\n一、與國際組織保持良好互動\n(一)印尼：地主國表示支持。\n"
    )
    assert outline(document) == [
        (1, "", "", None),  # the lines before the first heading
        (1, "", "摘要", None),
        (1, "第1章", "會議背景", None),
        (2, "一", "會議緣起", "第1章"),
        (2, "二", "會議目的", "第1章"),
        (1, "第3章", "會議議題分析", None),
        (2, "3.1", "全球排放量變化", "第3章"),
        (2, "3.3", "京都議定書第3.9條規定", "第3章"),
        (3, "3.3.1", "第二承諾期", "3.3"),
        (1, "第6章", "心得與建議", None),
        (2, "一", "與國際組織保持良好互動", "第6章"),
    ]
    texts = [s.text for s in document.sections]
    assert texts[0] == "聯合國氣候變化綱要公約第13屆締約國大會"
    assert texts[4] == "1. 會議開幕\n2. 組織事項︰"  # list items stay in their section
    assert texts[8] == "內容。\n4.5 億公噸的減量並非標題"  # a number outside its chapter
    assert texts[10] == "(一)印尼：地主國表示支持。"


def test_cjk_items_only_in_sequence() -> None:
    document = report("第1章 背景\n三、不是第一項\n一、第一項\n二、第二項\n四、跳號不是標題\n")
    assert [s.number for s in document.sections] == ["第1章", "一", "二"]
    assert document.sections[0].text == "三、不是第一項"
    assert document.sections[2].text == "四、跳號不是標題"


def test_every_line_of_the_report_lands_in_one_section() -> None:
    document = parse_bytes(REPORT_TXT.read_bytes(), REPORT_TXT)
    body = [line for s in document.sections for line in s.text.splitlines() if line.strip()]
    headed = [s for s in document.sections if s.heading]
    lines = [line for line in REPORT_LINES if line.strip()]
    assert len(body) + len(headed) == len(lines)
    assert len(document.sections) == 39


MASTHEAD = "|  | United Nations | FCCC/SBI/2015/10 |\n"


def un(text: str) -> Document:
    return parse_bytes((MASTHEAD + text).encode("utf-8"), Path("sbi.txt"))


def test_a_un_outline_with_decisions_annexes_roman_and_letters() -> None:
    document = un(
        "Contents\n"
        "\t\tI.\tOpening of the session\t\t1–2\t5\n"
        "\t\tII.\tOrganizational matters\t\t3–8\t5\n"
        "I.\tOpening of the session\n"
        "1.\tThe session was held in Bonn.\n"
        "II.\tOrganizational matters\n"
        "\tA.\tAdoption of the agenda\n"
        "2.\tThe SBI adopted the agenda.\n"
        "\tB.\tOrganization of the work of the session\n"
        "Decision 1/CP.20\n"
        "Lima Call for Climate Action\n"
        "\tThe Conference of the Parties,\n"
        "Annex\n"
        "Elements for a draft negotiating text\n"
        "A.\tGeneral\n"
    )
    assert document.sections[0].number == "" and "Contents" in document.sections[0].text
    assert outline(document)[1:] == [
        (1, "I", "Opening of the session", None),
        (1, "II", "Organizational matters", None),
        (2, "A", "Adoption of the agenda", "II"),
        (2, "B", "Organization of the work of the session", "II"),
        (1, "1/CP.20", "Lima Call for Climate Action", None),
        (2, "Annex", "Elements for a draft negotiating text", "1/CP.20"),
        (3, "A", "General", "Annex"),
    ]
    assert document.sections[3].text == "2.\tThe SBI adopted the agenda."


def test_i_after_h_is_a_letter() -> None:
    letters = "".join(f"{c}.\tPart {c}\n" for c in "ABCDEFGH")
    document = un("II.\tMatters\n" + letters + "I.\tPart I\n")
    assert [(s.number, s.level) for s in document.sections][-2:] == [("H", 2), ("I", 2)]


def test_the_sbi_report_outline() -> None:
    document = parse_bytes(SBI.encode("utf-8"), Path("sbi2015_10.txt"))
    top = [s.number for s in document.sections if s.level == 1 and s.number]
    assert top[:4] == ["I", "II", "III", "IV"]
    assert "Annex I" in [s.number for s in document.sections]
    assert not any(s.heading.endswith(("5", "7")) and "\t" in s.heading for s in document.sections)


# Headings typed by formatting (PDF, Word, HTML without heading markup) ---------------------------


def typed(*lines: str | tuple[str]) -> Document:
    """A document of blocks; a line given as a 1-tuple is set bold or enlarged."""
    blocks = [Block(line[0], emphasized=True) if isinstance(line, tuple) else Block(line)
              for line in lines]  # fmt: skip
    sections = build_sections(ParsedFile("pdf", blocks), "doc")
    return Document("doc", "doc.pdf", "pdf", "", "", sections)


def test_a_typed_heading_of_codes_and_numbers_is_no_formula() -> None:
    document = typed(("HCFC-22/HFC-23:",), "Parties discussed the destruction of HFC-23.",
                     ("SB-18",), "The eighteenth sessions met in Bonn.")  # fmt: skip
    assert [s.heading for s in document.sections] == ["HCFC-22/HFC-23:", "SB-18"]


def test_emphasized_numbered_headings_with_closing_dots_and_questions() -> None:
    document = typed(
        ("Shared MIME-info Database",),
        ("1. Introduction",),
        ("1.1. Version",),
        "This is version 0.21 of the specification.",
        ("1.2. What is this spec?",),
        "Many programs use the MIME system.",
        ("2 Unified system",),
        ("2.1. Directory layout",),
        "1. Applications must be able to extend the database.",
    )
    assert outline(document) == [
        (1, "", "Shared MIME-info Database", None),
        (1, "1", "Introduction", None),
        (2, "1.1", "Version", "1"),
        (2, "1.2", "What is this spec?", "1"),
        (1, "2", "Unified system", None),
        (2, "2.1", "Directory layout", "2"),
    ]
    assert document.sections[-1].text == "1. Applications must be able to extend the database."


def test_a_numbered_heading_opens_below_the_heading_above_it() -> None:
    document = typed("壹、會議概述", ("1. 開幕式",), "開幕致詞。", ("2. 全體會議",), "貳、心得")
    assert outline(document) == [
        (1, "壹", "會議概述", None),
        (2, "1", "開幕式", "壹"),
        (2, "2", "全體會議", "壹"),
        (1, "貳", "心得", None),
    ]


def test_contents_entries_without_leaders_are_not_headings() -> None:
    document = typed(
        ("TABLE OF CONTENTS",),
        ("1. EXECUTIVE SUMMARY 5",),
        ("2. NATIONAL CIRCUMSTANCES 7",),
        "2.1. BACKGROUND 8",
        "2.2. TEMPERATURE AND RAINFALL SCENARIOS",
        "FOR THE COOK ISLANDS 9",
        "2.3. HISTORY 9",
        ("1. EXECUTIVE SUMMARY",),
        "The summary.",
        ("2. NATIONAL CIRCUMSTANCES",),
        "2.1. BACKGROUND",
        "The islands.",
    )
    assert [(s.number, s.heading) for s in document.sections] == [
        ("", "TABLE OF CONTENTS"),
        ("1", "EXECUTIVE SUMMARY"),
        ("2", "NATIONAL CIRCUMSTANCES"),
        ("2.1", "BACKGROUND"),
    ]
    assert "2.2. TEMPERATURE AND RAINFALL SCENARIOS" in document.sections[0].text


def test_a_typed_heading_has_a_word() -> None:
    document = typed("By sector:", ("+6,7%",), ("٪",), ("2.1",), "Energy 95%.", ("= ⋅ − RN n ⋅",),
                     ("− ASH ⋅",), ("Energy",))
    assert [s.heading for s in document.sections] == ["", "Energy"]


def test_a_pages_footnotes_between_a_decisions_label_and_its_title_do_not_take_its_place() -> None:
    """A PDF's decision label closes its page: the page's footnotes come before its title."""
    blocks = [Block("Decision 4/CP.20", page=3),
              Block("1 As contained in the report of the session.", BlockKind.FOOTNOTE, page=3),
              Block("Fourth review of the Adaptation Fund", page=4),
              Block("The Conference of the Parties,", page=4)]  # fmt: skip
    parsed = ParsedFile(format="pdf", blocks=blocks, symbol="FCCC/CP/2014/10/Add.1")
    decision = build_sections(parsed, "doc")[-1]
    assert decision.number == "4/CP.20"
    assert decision.heading == "Fourth review of the Adaptation Fund"
    assert decision.text.splitlines() == ["1 As contained in the report of the session.",
                                          "The Conference of the Parties,"]  # fmt: skip
