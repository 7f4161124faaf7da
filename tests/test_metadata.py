"""Titles, dates and years by one rule for every format (pipeline/metadata.py, pipeline/dates.py),
and a UN document's own symbol from a Word masthead (pipeline/readers/unmasthead.py)."""

from __future__ import annotations

import io
import time
from datetime import datetime
from pathlib import Path

import docx
import pytest
from conftest import CORPUS, REPORT_TXT, SHARED, require_shared
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from pipeline.dates import date_ranges, single_dates
from pipeline.document import parse_bytes, parse_file
from pipeline.meetings import Session, named_sessions, session_year
from pipeline.metadata import document_metadata, meaningful_title
from pipeline.model import Block, ParsedFile
from pipeline.sectioning import build_sections
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
        ("Monday, the 3rd of December 2007", "2007-12-03"),
        ("Dec. 3rd, 2007", "2007-12-03"),
        ("2007/12/03", "2007-12-03"),
        ("中華民國九十七年三月", "2008-03"),
        ("二〇〇七年十二月三日", "2007-12-03"),
        ("二 ○二二年五月", "2022-05"),  # letter-spaced, zero as a circle
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
        ("December 3–14, 2007", "2007-12-03"),
        ("from the 3rd to the 14th of December 2007", "2007-12-03"),
        ("29 December 2007 – 2 January 2008", "2007-12-29"),
        ("於九十六年十二月三日至十五日", "2007-12-03"),
    ],
)
def test_meeting_date_ranges(text: str, iso: str) -> None:
    assert [d.iso for d in date_ranges(text)] == [iso]


@pytest.mark.parametrize(
    "text", ["COP 18/CMP 8", "CO2/年", "第13屆", "2012年結束", "opened on Monday, 3 December",
             "1990–2005", "8千公噸CO2/年提高至16千公噸", "3.12.2007", "version 2007.1",
             "過去一百年來", "第十三屆會議"],
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


def test_a_report_without_cover_or_properties_is_titled_and_dated_by_the_meeting_it_reports_on(
) -> None:
    require_shared()
    for path in (REPORT_TXT, SHARED / "seed" / "000_f974444aaec813c5.txt"):
        report = parse_file(path)
        assert report.title.startswith("聯合國氣候變化綱要公約第13屆締約國大會"), report.title
        # …於2007年12月3日至15日在印尼峇里島召開: the meeting's first day
        assert (report.date, report.year) == ("2007-12-03", 2007)


def test_a_report_dated_only_by_its_cover_without_a_meeting_range() -> None:
    text = "\n".join([*COVER[:6], COVER[7], "摘要", "本次會議討論調適基金。"])
    report = parse_bytes(text.encode(), Path("report.txt"))
    # No dates of the meeting, but the title names it: 第13屆締約國大會 met in 2007.
    assert (report.date, report.year) == ("2008-03", 2007)
    untitled = text.replace(COVER[2], "出席氣候變化研討會報告")
    report = parse_bytes(untitled.encode(), Path("report.txt"))
    assert (report.title, report.date, report.year) == ("出席氣候變化研討會報告", "2008-03", 2008)


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


# Sessions of the Convention's bodies and their years ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "sessions", "year"),
    [
        ("UNFCCC COP-8 HIGHLIGHTS", [("cop", 8)], 2002),
        ("COP 13 AND COP/MOP 3 HIGHLIGHTS", [("cop", 13), ("cmp", 3)], 2007),
        ("SB 26 HIGHLIGHTS", [("sb", 26)], 2007),
        ("the twenty-seventh session of the Subsidiary Body for Implementation", [("sb", 27)],
         2007),
        ("REPORT OF THE CONFERENCE OF THE PARTIES ON ITS EIGHTH SESSION", [("cop", 8)], 2002),
        ("TWELFTH CONFERENCE OF THE PARTIES TO THE UN FRAMEWORK CONVENTION", [("cop", 12)], 2006),
        ("出席聯合國氣候變化綱要公約第13屆締約國大會報告", [("cop", 13)], 2007),
        ("第二十一次缔约方大会", [("cop", 21)], 2015),
        ("COP 26", [("cop", 26)], 2021),  # the 2020 session met a year late
        ("SB 52", [("sb", 52)], 2021),
        ("SBSTA 58", [("sb", 58)], 2023),
        ("CMA 3", [("cma", 3)], 2021),
    ],
)
def test_numbered_sessions_and_their_years(text: str, sessions: list, year: int) -> None:
    found = named_sessions(text)
    assert found == [Session(body, n) for body, n in sessions]
    assert {session_year(session) for session in found} == {year}


@pytest.mark.parametrize(
    "text", ["decision 1/CP.13", "FCCC/SBSTA/2007/L.19", "AWG-LCA 7", "IPCC-22 HIGHLIGHTS",
             "CBD COP 9 HIGHLIGHTS", "MOP 19 of the Montreal Protocol",
             "UNFCCC COP-6 PART II HIGHLIGHTS", "the resumed sixth session of the COP"],
)  # fmt: skip
def test_no_session_year_where_none_is_named_or_the_calendar_does_not_hold(text: str) -> None:
    assert not [session_year(s) for s in named_sessions(text) if session_year(s)]


def md(title: str, body: str, date: str = "") -> bytes:
    return f"---\ntitle: \"{title}\"\ndate: {date}\n---\n\n{body}\n".encode()


def test_an_undated_daily_issue_takes_the_year_of_the_session_its_title_names() -> None:
    text = md("SB 26 HIGHLIGHTS", "Contact groups met on Tuesday on the Adaptation Fund.")
    assert parse_bytes(text, Path("enb12324e.md")).year == 2007


def test_the_session_a_lead_names_dates_an_issue_whose_title_names_a_city() -> None:
    lead = "On Friday, the COP 18 President opened the stocktaking plenary in Doha."
    assert parse_bytes(md("DOHA HIGHLIGHTS", lead), Path("d.md")).year == 2012
    disagreeing = lead + " Parties discussed the outcome of COP 17."
    assert parse_bytes(md("DOHA HIGHLIGHTS", disagreeing), Path("d.md")).year is None


def test_a_meeting_named_with_its_date_in_one_sentence_dates_the_document() -> None:
    lead = "The 22nd session of the IPCC opened on Tuesday, 9 November 2004, in New Delhi, India."
    document = parse_bytes(md("IPCC-22 HIGHLIGHTS", lead), Path("i.md"))
    assert (document.date, document.year) == ("2004-11-09", 2004)


def test_another_session_dated_in_the_lead_or_a_history_below_it_does_not_count() -> None:
    lead = ("The AWG began on Wednesday. It was set up by decision 1/CMP.1 taken at COP 10 in "
            "December 2004.")  # fmt: skip
    assert parse_bytes(md("SB 24 & AWG HIGHLIGHTS", lead), Path("s.md")).year == 2006
    talks = md("BONN CLIMATE CHANGE TALKS", "The talks begin today and are scheduled to end on "
               "Friday, 11 June 2010.\n\n# A BRIEF HISTORY\n\nCOP 13 was held in Bali in "
               "December 2007.")  # fmt: skip
    assert parse_bytes(talks, Path("t.md")).year is None


def test_a_date_line_in_the_opening_dates_the_document() -> None:
    text = "Earth Negotiations Bulletin\nBonn, Monday, 3 June 2013\n\nDelegates met in plenary."
    assert parse_bytes(text.encode(), Path("issue.txt")).date == "2013-06-03"


# Which date wins: the text's before the properties' --------------------------------------------


def with_properties(created: str, *paragraphs: str) -> bytes:
    document = docx.Document()
    document.core_properties.created = datetime.fromisoformat(created)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    return saved(document)


def test_a_date_in_the_text_wins_over_the_properties_date() -> None:
    opening = "聯合國氣候變化綱要公約第13屆締約國大會於2007年12月3日至15日在印尼峇里島召開。"
    resaved = with_properties("2013-12-23T10:00:00", "摘要", opening)
    assert parse_bytes(resaved, Path("r.docx")).date == "2007-12-03"
    dateline = with_properties("2013-12-23T10:00:00", "Note by the secretariat",
                               "Bonn, 3 December 2007", "The Board met twice.")  # fmt: skip
    assert parse_bytes(dateline, Path("n.docx")).date == "2007-12-03"


def test_the_properties_date_stands_in_only_when_the_text_gives_none() -> None:
    plain = with_properties("2013-12-23T10:00:00", "Notes on adaptation", "The Board met twice.")
    document = parse_bytes(plain, Path("n.docx"))
    assert (document.date, document.year) == ("2013-12-23", 2013)


def test_a_conversion_stamp_never_dates_a_legacy_word_file() -> None:
    today = time.strftime("%Y-%m-%d", time.gmtime())
    blocks = [Block("Notes on adaptation"), Block("The Board met twice.")]
    for fmt, expected in (("doc", ""), ("docx", today)):
        parsed = ParsedFile(format=fmt, blocks=blocks, properties_date=today)
        metadata = document_metadata(parsed, build_sections(parsed, "d"), "notes.doc")
        assert metadata.date == expected
    older = ParsedFile(format="doc", blocks=blocks, properties_date="2015-02-28")
    assert document_metadata(older, build_sections(older, "d"), "n.doc").date == "2015-02-28"


# The Earth Negotiations Bulletin: every issue naming a session of the Convention is dated -------


@pytest.mark.slow
def test_enb_issues_naming_a_session_get_its_year_and_it_agrees_with_dated_issues() -> None:
    folder = require_shared() / "testdata" / "enb"
    checked = undated = 0
    for path in sorted(folder.glob("*.md")):
        document = parse_file(path)
        years = {session_year(s) for s in named_sessions(document.title)} - {None}
        if not years:
            continue
        assert document.year in years, path.name
        if document.date:  # the calendar holds where an issue declares its date
            assert int(document.date[:4]) in years, path.name
            checked += 1
        else:
            undated += 1
    assert checked > 100 and undated > 80


@pytest.mark.slow
def test_a_pdf_title_page_date_wins_over_its_properties() -> None:
    path = require_shared() / "testdata" / "pdf"
    document = parse_file(path / "nc_cook-islands_initial-national-communication_2000.pdf")
    assert (document.date, document.year) == ("1999-10", 1999)  # properties: 2000-05-08
    # The bundled report's PDF properties give the day it was exported; its text, the meeting.
    assert parse_file(CORPUS / "reports" / "cop13-report.pdf").date == "2007-12-03"
