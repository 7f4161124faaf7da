"""The PDF reader on the real documents of ../shared/testdata/pdf (skipped without them): every
one ingests or fails with one line, and each reads as its pages show."""

from __future__ import annotations

import re
from functools import cache

import pytest
from conftest import require_shared

from copdocs.errors import ReadError
from pipeline.document import parse_file
from pipeline.model import Document, page_at

pytestmark = pytest.mark.slow  # each test reads a long real PDF of ../shared


@cache
def read(name: str) -> Document:
    return parse_file(require_shared() / "testdata" / "pdf" / name)


def body_lines(document: Document) -> list[str]:
    return [line.strip() for s in document.sections for line in s.text.splitlines()]


def test_every_pdf_ingests_or_fails_with_one_line() -> None:
    folder = require_shared() / "testdata" / "pdf"
    failures = {}
    for path in sorted(folder.glob("*.pdf")):
        try:
            document = parse_file(path)
        except ReadError as exc:
            failures[path.name] = str(exc)
            continue
        assert sum(len(s.text) for s in document.sections) > 2000, path.name
    assert failures == {
        "indc_serbia_2015_en_SCANNED.pdf": "no text layer (scanned?): 3 pages, no text"
    }


def test_un_document_symbol_decisions_and_running_heads() -> None:
    document = read("unfccc_FCCC-CP-2002-7-Add.3_cop8-decisions.pdf")
    assert document.symbol == "FCCC/CP/2002/7/Add.3"
    decisions = {s.number: s.pages for s in document.sections if "/CP." in s.number}
    assert decisions == {"21/CP.8": (3, 5), "22/CP.8": (28, 30), "23/CP.8": (43, 44),
                         "24/CP.8": (45, 48), "25/CP.8": (54, 55)}  # fmt: skip
    annexes = [s.number for s in document.sections if s.number.startswith("ANNEX")]
    assert annexes[:2] == ["ANNEX I", "ANNEX II"]
    lines = body_lines(document)
    # The alternating running head ("FCCC/CP/2002/7/Add.3 / English / Page 4") is gone, also on
    # landscape page 26 where it is set sideways and broken up; only the masthead keeps it.
    assert lines.count("FCCC/CP/2002/7/Add.3") == 1
    assert not [line for line in lines if line in ("English", "FCCC/CP/2002/7/Add.")]
    assert not [line for line in lines if re.fullmatch(r"Page \d+", line)]
    # The contents table on pages 1-2 is not an outline.
    assert not [line for line in lines if "………" in line]


def test_un_document_footnotes_are_kept_and_cite() -> None:
    document = read("unfccc_FCCC-CP-2002-7-Add.3_cop8-decisions.pdf")
    decision = next(s for s in document.sections if s.number == "21/CP.8")
    assert "1 FCCC/CP/2002/3 and Add.1." in decision.text.splitlines()
    assert "Noting with appreciation the first report of the Executive Board of the clean " \
           "development mechanism, and encouraging" in decision.text


def test_chinese_strategy_page_numbers_contents_and_cover() -> None:
    document = read("cn_national-climate-adaptation-strategy-2035_zh-hans.pdf")
    lines = body_lines(document)
    assert not [line for line in lines if re.search(r"—\s*\d+\s*—", line)]  # "— 5 —" …
    assert not [line for line in lines if "......" in line]  # the contents table
    headings = [(s.number, s.heading, s.pages[0]) for s in document.sections]
    assert ("", "前言", 4) in headings
    assert [h[0] for h in headings if h[0]] == [f"第{n}章" for n in "一二三四五六七"]
    assert ("第一章", "基本形势", 6) in headings


def test_taiwan_net_zero_roman_chapters_and_formal_numbering() -> None:
    document = read("tw_2050-net-zero-pathway_2022_zh-hant.pdf")
    by_heading = {s.heading: s for s in document.sections}
    assert by_heading["Ⅰ、總論"].pages == (3, 3)
    assert by_heading["推動2050達到淨零排放的意義及重要性"].number == "壹"
    first = by_heading["全球淨零趨勢及供應鏈減碳壓力，產業轉型刻不容緩"]
    assert first.number == "一" and first.text.startswith("多數國家已設定淨零排放目標")
    # A heading or list item whose next line opens with a year or a number runs into nothing.
    third = by_heading["臺灣與世界共同邁向淨零"]
    assert third.number == "三" and third.text.startswith("2021年4月22日世界地球日蔡總統宣示")
    lines = body_lines(document)
    assert "2.產業轉型更具競爭力" in lines
    assert "(二)能源部門責任為提供各部門無碳電力與燃料" in lines


def test_two_columns_read_column_by_column_and_markers_come_apart() -> None:
    document = read("ndc_papua-new-guinea_2nd_2020_en.pdf")
    mitigation = next(s for s in document.sections if s.heading == "Mitigation")
    text = mitigation.text
    assert text.startswith("PNG’s emissions and recent increases are primarily driven")
    # Left column to its end before the right column's first heading.
    assert "ambition within future updates." in text
    assert "increase of 5,532 Gg CO2 eq (88.2%) from 2000 4. Energy industries" in text
    assert page_at(mitigation.page_breaks, text.index("LNG plants")) == 2


def test_ocr_layer_page_numbers_and_chapters() -> None:
    document = read("cn_jiangxi-14th-fyp-climate-plan_zh-hans_SCANNED-OCR.pdf")
    chapters = [(s.number, s.heading) for s in document.sections if s.number]
    assert chapters[0] == ("第一章", "应对气候变化基础与形势")
    assert [n for n, _ in chapters] == [f"第{n}章" for n in "一二三四五六"]
    lines = body_lines(document)
    assert len([line for line in lines if re.fullmatch(r"-\s*\d+\s*一", line)]) == 0
    goals = next(s for s in document.sections if "主要目标" in s.text)
    assert "第二节主要目标\n2025年，全省应对气候变化工作取得新进展" in goals.text


def test_page_counters_set_elsewhere_on_the_last_pages_are_dropped() -> None:
    """The methodology's pages count "10/59" at one place; its last two pages set the counter
    higher up."""
    lines = body_lines(read("unfccc_cdm-eb44-annex4_AM0073-v01.pdf"))
    assert not [line for line in lines if re.fullmatch(r"(5[89]|[1-4]?\d)/59", line)]


def test_a_footnote_running_on_below_the_page_number_stays() -> None:
    document = read("nc_cook-islands_initial-national-communication_2000.pdf")
    assert "and Yvonne Underhill, 1991" in body_lines(document)


def test_landscape_table_cells_are_rows_not_headings() -> None:
    """Page 26 is a landscape table of project types and categories "A." to "N.": ruled cells,
    kept in row order, none a lettered sub-section."""
    document = read("unfccc_FCCC-CP-2002-7-Add.3_cop8-decisions.pdf")
    assert not [s.number for s in document.sections if s.pages == (26, 26)]
    appendix = next(s for s in document.sections if "Project types* |" in s.text)
    lines = appendix.text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("Project types*"))
    rows = lines[header : header + 15]
    assert rows[0] == ("Project types* | Project categories | Technology/ Measure | Boundary"
                       " | Baseline | Leakage | Monitoring")  # fmt: skip
    assert rows[1] == ("Type (i): Renewable energy projects"
                       " | A. Electricity generation by the user/household")  # fmt: skip
    letters = [row.split(" | ")[-1][:2] for row in rows[1:]]
    assert letters == [f"{letter}." for letter in "ABCDEFGHIJKLMN"]


def test_un_masthead_title_is_the_report_not_a_label() -> None:
    document = read("unfccc_FCCC-CP-2002-7-Add.3_cop8-decisions.pdf")
    assert document.title == ("REPORT OF THE CONFERENCE OF THE PARTIES ON ITS EIGHTH SESSION, "
                              "HELD AT NEW DELHI FROM 23 OCTOBER TO 1 NOVEMBER 2002")  # fmt: skip
    assert document.date == "2003-03-28"


def test_arabic_reads_from_the_right_with_its_numbers_and_brackets_as_shown() -> None:
    document = read("indc_kuwait_2015_ar.pdf")
    text = "\n".join(s.text for s in document.sections)
    # Words in reading order, the lines of a paragraph joined into one.
    assert "تعتبر دولة الكويت من الدول السباقة في التوقيع على اتفاقية" in text
    assert "لتغير المناخ فقد انضمت لالتفاقية بتاريخ 1994/12/28 ودخلت حيز التنفيذ" in text
    # A decision number pdfium hands in right-to-left order reads as printed, and is cited.
    assert "1/CP.19 وبناء على المعلومات الواردة" in text
    assert ".19CP1/" not in text
    # Brackets drawn mirrored in right-to-left text are the ones typed.
    assert "(ب) تـوزيــع انبـعاثـات" in text
    assert ")ب(" not in text


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("ndc_papua-new-guinea_2nd_2020_en.pdf",
         "Papua New Guinea’s Enhanced Nationally Determined Contribution 2020"),
        ("cn_jiangxi-14th-fyp-climate-plan_zh-hans_SCANNED-OCR.pdf",
         "江西省“十四五”应对气候变化规划"),
        ("tw_2050-net-zero-pathway_2022_zh-hant.pdf", "臺灣2050淨零排放路徑及策略總說明"),
    ],
)  # fmt: skip
def test_the_title_is_the_largest_type_on_the_first_page(name: str, title: str) -> None:
    assert read(name).title == title


def test_headings_set_alike_measure_alike_whatever_their_letters() -> None:
    """The font's boxes here are the glyphs' outlines, a little lower than the em and more or
    less so by letter: headings in one style must still fall on one level."""
    document = read("indc_china_2015_zh-en.pdf")
    levels = {s.heading: s.level for s in document.sections}
    assert levels["A. General View"] == levels["B. Mitigation"] == levels["C. Adaptation"]
    assert levels["F. Increasing Carbon Sinks"] == levels["G. Promoting the Low-Carbon Way of Life"]
