"""The source report's outline, kept as a golden file, from every rendering of the report.

Regenerate after an intended change with ``make golden`` (COPDOCS_REGENERATE_GOLDEN=1).
"""

from __future__ import annotations

import io
import os
import unicodedata
from html import escape
from pathlib import Path

import docx
import pytest
from conftest import REPORT_DOCX, REPORT_PDF, REPORT_TXT, ROOT, require_shared
from helpers import outline, require_soffice

from pipeline.document import parse_bytes, parse_file
from pipeline.model import Document

GOLDEN = ROOT / "tests" / "golden" / "cop13-report.outline.txt"
REGENERATE = os.environ.get("COPDOCS_REGENERATE_GOLDEN") == "1"


def check_golden(document: Document) -> None:
    actual = outline(document)
    if REGENERATE:
        GOLDEN.write_text(actual, encoding="utf-8")
    assert actual == GOLDEN.read_text(encoding="utf-8")


def test_golden_file_has_the_39_headings_the_report_has() -> None:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 39
    assert lines[0] == "摘要"
    assert lines[1] == "第1章 會議背景"
    top = [line for line in lines if not line.startswith(" ")]
    chapters = ["第1章", "第2章", "第3章", "第4章", "第5章", "第6章"]
    assert [t.split()[0] for t in top] == ["摘要", *chapters]
    assert "  3.13 調適工作方案及調適基金" in lines
    assert [line.split()[0] for line in lines if line.startswith("  5.")] == ["5.1", "5.2", "5.3",
                                                                             "5.4", "5.4"]
    assert [line.strip()[0] for line in lines[-9:]] == list("一二三四五六七八九")


def test_plain_text_report() -> None:
    check_golden(parse_file(REPORT_TXT))


def test_word_report_with_heading_styles() -> None:
    check_golden(parse_file(REPORT_DOCX))


def test_pdf_report_with_running_header_and_page_numbers() -> None:
    check_golden(parse_file(REPORT_PDF))


def test_seed_files_in_shared_match_the_bundled_copies() -> None:
    shared = require_shared()
    check_golden(parse_file(shared / "seed" / "000_f974444aaec813c5.txt"))
    check_golden(parse_file(shared / "seed" / "cop13-report.docx"))
    check_golden(parse_file(shared / "seed" / "cop13-report.pdf"))


@pytest.mark.slow
def test_legacy_word_doc_through_libreoffice() -> None:
    shared = require_shared()
    require_soffice()
    document = parse_file(shared / "seed" / "cop13-report.doc")
    assert document.format == "doc"
    check_golden(document)


def test_word_report_typed_without_heading_styles() -> None:
    document = docx.Document(str(REPORT_DOCX))
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            paragraph.style = document.styles["Normal"]
    buffer = io.BytesIO()
    document.save(buffer)
    parsed = parse_bytes(buffer.getvalue(), Path("plain-styles.docx"))
    check_golden(parsed)


def test_word_report_with_bold_direct_formatting_headings() -> None:
    document = docx.Document(str(REPORT_DOCX))
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            paragraph.style = document.styles["Normal"]
            for run in paragraph.runs:
                run.bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    check_golden(parse_bytes(buffer.getvalue(), Path("bold-headings.docx")))


def _html_page(body: str) -> bytes:
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>COP13 報告</title></head>"
        f"<body><nav>首頁 | 關於</nav>{body}<footer>版權所有</footer></body></html>"
    ).encode()


def test_report_saved_as_html_with_heading_tags() -> None:
    document = docx.Document(str(REPORT_DOCX))
    parts = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        tag = f"h{style.split()[-1]}" if style.startswith("Heading") else "p"
        parts.append(f"<{tag}>{escape(paragraph.text)}</{tag}>")
    check_golden(parse_bytes(_html_page("".join(parts)), Path("report.html")))


def test_report_saved_as_html_with_plain_paragraphs() -> None:
    lines = REPORT_TXT.read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{escape(line)}</p>" for line in lines if line.strip())
    check_golden(parse_bytes(_html_page(body), Path("report.htm")))


def test_report_in_cp950() -> None:
    text = REPORT_TXT.read_text(encoding="utf-8")
    # What a CP950 save does: compatibility ideographs become the ordinary ones, characters
    # outside Big5 (Simplified ones quoted from UN texts) become '?'.
    text = "".join(
        unicodedata.normalize("NFKC", c) if 0xF900 <= ord(c) <= 0xFAFF else c for c in text
    )
    data = text.encode("cp950", errors="replace")
    parsed = parse_bytes(data, Path("report-cp950.txt"))
    check_golden(parsed)
    fund = next(s for s in parsed.sections if s.number == "3.13")
    assert fund.text.startswith("全球暖化所造成的天然災害威脅") and "調適基金" in fund.text


@pytest.mark.parametrize("path", [REPORT_TXT, REPORT_DOCX], ids=["txt", "docx"])
def test_two_sections_numbered_5_4_get_distinct_stable_ids(path: Path) -> None:
    first = parse_file(path)
    again = parse_file(path)
    fives = [s for s in first.sections if s.number == "5.4"]
    assert len(fives) == 2
    assert fives[0].section_id != fives[1].section_id
    assert [s.section_id for s in first.sections] == [s.section_id for s in again.sections]
    assert len({s.section_id for s in first.sections}) == len(first.sections)


def test_parents_and_levels_form_the_tree() -> None:
    document = parse_file(REPORT_TXT)
    by_id = {s.section_id: s for s in document.sections}
    for section in document.sections:
        if section.parent_id is None:
            assert section.level == 1
        else:
            assert by_id[section.parent_id].level == section.level - 1
    chapter6 = next(s for s in document.sections if s.number == "第6章")
    children = [s for s in document.sections if s.parent_id == chapter6.section_id]
    assert [c.number for c in children] == list("一二三四五六七八九")


def test_nothing_is_lost_every_line_lands_in_exactly_one_section() -> None:
    document = parse_file(REPORT_TXT)
    lines = [line.strip() for line in REPORT_TXT.read_text(encoding="utf-8").splitlines()]
    bodies = [s.text.splitlines() for s in document.sections]
    headings = ["".join(f"{s.number}{s.heading}".split()) for s in document.sections]
    for line in filter(None, lines):
        in_bodies = sum(1 for body in bodies for b in body if b.strip() == line)
        in_headings = "".join(line.replace("、", "").split()) in headings
        assert in_bodies + int(in_headings) >= 1, line
    total_body_lines = sum(len([b for b in body if b.strip()]) for body in bodies)
    heading_count = sum(1 for s in document.sections if s.heading)
    assert total_body_lines + heading_count == len([line for line in lines if line])


def test_heading_like_numbers_inside_text_start_nothing() -> None:
    document = parse_file(REPORT_TXT)
    section_3_3 = next(s for s in document.sections if s.number == "3.3")
    assert section_3_3.heading == "京都議定書第3.9條規定"
    numbers = {s.number for s in document.sections}
    assert "3.9" in numbers  # the real 3.9 HFC-23計畫 section, exactly once
    assert [s.number for s in document.sections].count("3.9") == 1
    agenda = next(s for s in document.sections if s.number == "2.1")
    assert "1. 會議開幕" in agenda.text and "(a) 選舉締約國會議第十二屆會議主席" in agenda.text
