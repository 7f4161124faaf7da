"""Titles, dates and years by one rule for every format (pipeline/metadata.py, pipeline/dates.py),
and a UN document's own symbol from a Word masthead (pipeline/readers/unmasthead.py)."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from conftest import CORPUS, REPORT_TXT, SHARED, require_shared
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.dates import date_ranges, single_dates
from pipeline.document import parse_bytes, parse_file
from pipeline.metadata import meaningful_title
from pipeline.symbols import find_references

COVER = [
    "行政院及所屬各機關出國報告",
    "（出國類別：開會）",
    "出席聯合國氣候變化綱要公約第13屆締約國大會報告",
    "服務機關：行政院環境保護署",
    "姓名職稱：張豐藤 副署長",
    "派赴國家：印尼",
    "出國期間：96年12月1日至12月16日",
    "報告日期：97年3月",
]


def saved(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# Dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("報告日期：97年3月", "2008-03"),
        ("中華民國97年3月10日", "2008-03-10"),
        ("民國 97 年 3 月", "2008-03"),
        ("２００８年３月", "2008-03"),
        ("Distr.: General 2 February 2015", "2015-02-02"),
        ("March 2008", "2008-03"),
        ("December 3, 2007", "2007-12-03"),
        ("2008-03-14", "2008-03-14"),
    ],
)
def test_single_dates(text: str, iso: str) -> None:
    assert [d.iso for d in single_dates(text)] == [iso]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("就在舉世關注下於2007年12月3日至15日在印尼峇里島召開", "2007-12-03"),
        ("於今(96)年12月3日至15日假印尼峇里島召開", "2007-12-03"),
        ("於2007年12月3日（星期一）至12月15日（星期六）在印尼峇里島", "2007-12-03"),
        ("Bali, 3–15 December 2007", "2007-12-03"),
        ("held in Lima from 1 to 14 December 2014", "2014-12-01"),
        ("30 November – 11 December 2015", "2015-11-30"),
        ("3-14 DECEMBER 2007", "2007-12-03"),
        ("December 3-15, 2007", "2007-12-03"),
    ],
)
def test_meeting_date_ranges(text: str, iso: str) -> None:
    assert [d.iso for d in date_ranges(text)] == [iso]


@pytest.mark.parametrize(
    "text", ["COP 18/CMP 8", "CO2/年", "第13屆", "2012年結束", "opened on Monday, 3 December",
             "1990–2005", "8千公噸CO2/年提高至16千公噸"],
)  # fmt: skip
def test_no_dates_invented(text: str) -> None:
    assert not date_ranges(text) and not single_dates(text)


# Titles --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    ["Microsoft Word - cop13-report.doc", "g0360866.PDF", "Untitled", "Word Document",
     "Russian Submission INDC_rus.doc", "IPCC-AR6_WGI_SPM_Stand_Alone_WMO_FR_06", "Document1",
     "cop13 report", "GE.03-60866", "   ", "無標題"],
)  # fmt: skip
def test_left_overs_are_not_titles(title: str) -> None:
    assert not meaningful_title(title, stem="cop13-report")


@pytest.mark.parametrize(
    "title",
    ["臺灣2050淨零排放路徑及策略總說明", "Bali Action Plan", "Iraq First NDC",
     "出席聯合國氣候變化綱要公約第13屆締約國大會報告"],
)  # fmt: skip
def test_titles_are_titles(title: str) -> None:
    assert meaningful_title(title, stem="000_f974444aaec813c5")


def report_with_cover(properties_title: str = "") -> bytes:
    document = docx.Document()
    document.core_properties.title = properties_title
    for line in COVER:
        document.add_paragraph(line)
    document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    for paragraph in docx.Document(str(CORPUS / "reports" / "cop13-report.docx")).paragraphs:
        document.add_paragraph(paragraph.text, style=paragraph.style.name)
    return saved(document)


def test_a_report_is_titled_and_dated_by_its_cover() -> None:
    report = parse_bytes(report_with_cover("Microsoft Word - 0360866.doc"), Path("0360866.docx"))
    assert report.title == "出席聯合國氣候變化綱要公約第13屆締約國大會報告"
    assert report.date == "2008-03"  # 報告日期：97年3月 (Minguo 97)
    assert report.year == 2007  # the meeting it reports on: 出國期間：96年12月1日至12月16日


def test_the_cover_of_a_plain_text_report() -> None:
    text = "\n".join(COVER) + "\n" + REPORT_TXT.read_text(encoding="utf-8")
    report = parse_bytes(text.encode(), Path("000_f974444aaec813c5.txt"))
    assert (report.title, report.date, report.year) == (
        "出席聯合國氣候變化綱要公約第13屆締約國大會報告", "2008-03", 2007)


def test_a_report_without_cover_or_properties_is_titled_by_the_meeting_it_reports_on() -> None:
    require_shared()
    for path in (REPORT_TXT, SHARED / "seed" / "000_f974444aaec813c5.txt"):
        report = parse_file(path)
        assert report.title.startswith("聯合國氣候變化綱要公約第13屆締約國大會"), report.title
        assert (report.date, report.year) == ("", 2007)


def test_a_report_dated_only_by_its_cover_without_a_meeting_range() -> None:
    text = "\n".join([*COVER[:6], COVER[7], "摘要", "本次會議討論調適基金。"])
    report = parse_bytes(text.encode(), Path("report.txt"))
    assert (report.date, report.year) == ("2008-03", 2008)


def test_an_opaque_file_name_is_never_the_title() -> None:
    text = "摘要\n本次會議討論調適基金之運作。\n".encode()
    report = parse_bytes(text, Path("f974444aaec813c5.txt"))
    assert report.title == "本次會議討論調適基金之運作"
    named = parse_bytes(text, Path("調適基金.txt"))
    assert named.title == "調適基金"


# Years of ENB issues and UN documents ---------------------------------------------------------


def test_enb_issue_years() -> None:
    dated = parse_file(CORPUS / "enb" / "enb12354e.md")
    assert (dated.date, dated.year) == ("2007-12-15", 2007)
    undated = parse_file(CORPUS / "enb" / "enb12344e.md")
    assert undated.date == "" and undated.year == 2007  # FCCC/CP/2007/1, FCCC/CP/2007/4 …


def test_a_future_meeting_does_not_date_a_document() -> None:
    text = (
        "---\ntitle: \"WARSAW HIGHLIGHTS\"\ndate: \n---\n\n# COP PLENARY\n\n"
        "PERU offered to host COP 20/CMP 10 from 1 to 12 December 2014 in Lima.\n"
    )
    assert parse_bytes(text.encode(), Path("enb12586e.md")).year is None


def test_un_documents_take_the_year_of_their_session() -> None:
    decisions = parse_file(CORPUS / "unfccc" / "cp2014_20 - 2014 - decision 1.txt")
    assert decisions.symbol == "FCCC/CP/2014/10/Add.1"
    assert (decisions.date, decisions.year) == ("2015-02-02", 2014)  # Lima, 1–14 December 2014
    report = parse_file(CORPUS / "unfccc" / "sbi2015_10 (report SB 42).txt")
    assert (report.date, report.year) == ("2015-07-16", 2015)


# UN documents in Word --------------------------------------------------------------------------


def add_runs(paragraph, *pieces: str) -> None:
    for piece in pieces:
        paragraph.add_run(piece)


def un_document(header_symbol: str | None, masthead: bool = True) -> bytes:
    document = docx.Document()
    if header_symbol:
        document.sections[0].header.paragraphs[0].text = f"{header_symbol}\tPage 2"
    if masthead:
        table = document.add_table(rows=2, cols=3)
        table.cell(0, 1).paragraphs[0].add_run("United Nations")
        add_runs(table.cell(0, 2).paragraphs[0], "FCCC/", "SBSTA/", "2007/", "L.", "19")
        table.cell(1, 1).paragraphs[0].add_run("Framework Convention on Climate Change")
        cell = table.cell(1, 2)
        cell.paragraphs[0].add_run("Distr.: Limited")
        cell.add_paragraph("5 December 2007")
        cell.add_paragraph("Original: English")
    for line in ["Subsidiary Body for Scientific and Technological Advice",
                 "Twenty-seventh session", "Bali, 3–11 December 2007", "Agenda item 5",
                 "Reducing emissions from deforestation in developing countries",
                 "Draft conclusions proposed by the Chair"]:  # fmt: skip
        document.add_paragraph(line)
    paragraph = document.add_paragraph("1. The SBSTA recalled decision 1/CMP.1")
    mark = paragraph.add_run("5")
    mark.font.superscript = True
    paragraph.add_run(" and document FCCC/SBSTA/2007/4.")
    return saved(document)


def test_word_masthead_table_with_split_runs_gives_the_symbol() -> None:
    document = parse_bytes(un_document("FCCC/SBSTA/2007/L.18"), Path("draft.docx"))
    assert document.symbol == "FCCC/SBSTA/2007/L.19"  # the stale header number does not win
    assert document.date == "2007-12-05" and document.year == 2007
    assert "Reducing emissions from deforestation" in document.title


def test_a_header_symbol_stands_in_when_there_is_no_masthead() -> None:
    document = parse_bytes(un_document("FCCC/SBSTA/2007/L.18", masthead=False), Path("d.docx"))
    assert document.symbol == "FCCC/SBSTA/2007/L.18"
    assert parse_bytes(un_document(None, masthead=False), Path("d.docx")).symbol == ""


def test_superscript_footnote_mark_does_not_change_a_decision_number() -> None:
    document = parse_bytes(un_document(None), Path("draft.docx"))
    text = "\n".join(s.text for s in document.sections)
    assert "decision 1/CMP.1⁵ and" in text
    cited = {ref.symbol for ref in find_references(text)}
    assert {"1/CMP.1", "FCCC/SBSTA/2007/4"} <= cited and "1/CMP.15" not in cited


def test_hidden_vanish_runs_stay_out_of_the_masthead() -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).paragraphs[0].add_run("United Nations")
    cell = table.cell(0, 1).paragraphs[0]
    add_runs(cell, "FCCC/CP/2007/")
    hidden = cell.add_run("L.99/")
    vanish = OxmlElement("w:vanish")
    hidden._r.get_or_add_rPr().append(vanish)
    add_runs(cell, "6")
    assert vanish.tag == qn("w:vanish")
    assert parse_bytes(saved(document), Path("cp.docx")).symbol == "FCCC/CP/2007/6"
