"""Renderings of the source report as analysts' PDFs come about: Word documents (with running
heads and page-number feet, A4 or US Letter, a contents table) exported by LibreOffice, and
HTML pages printed by Chromium with or without its own header and footer (date, title,
address, page counter).

Each helper makes files from the bundled report; the tests decide what to do without the tools.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
from html import escape
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

# The report's title as a running head (it is nowhere in the report's own text).
RUNNING_TITLE = "出席聯合國氣候變化綱要公約第13屆締約國大會報告"
# A line only the first page's foot carries.
FIRST_PAGE_FOOT = "行政院環境保護署　中華民國97年3月"
CONTENTS_TITLE = "目　錄"

PAPER = {"A4": (Mm(210), Mm(297)), "Letter": (Inches(8.5), Inches(11))}


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in the paragraph, computed when the document is laid out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_line(paragraph: Paragraph, pattern: str, align: WD_ALIGN_PARAGRAPH) -> None:
    """``pattern`` with {page} and {pages} as fields, e.g. ``第 {page} 頁，共 {pages} 頁``."""
    paragraph.text = ""
    paragraph.alignment = align
    for piece in re.split(r"(\{page\}|\{pages\})", pattern):
        if piece == "{page}":
            _field(paragraph, "PAGE")
        elif piece == "{pages}":
            _field(paragraph, "NUMPAGES")
        elif piece:
            paragraph.add_run(piece)


def word_variant(
    source: Path,
    target: Path,
    *,
    paper: str = "A4",
    head: str | None = None,
    foot: str | None = None,
    first_page_foot: bool = False,
    chapter_heads: bool = False,
    contents: bool = False,
) -> Path:
    """The report with a running head (the report's title, or with ``chapter_heads`` each
    chapter's title in its own section), a page-number foot after ``foot``, with
    ``first_page_foot`` a first page whose foot holds its number above an extra line, and with
    ``contents`` a contents table on pages of its own before the report."""
    document = docx.Document(str(source))
    if contents:
        _contents_table(document)
    if chapter_heads:
        _chapters_in_sections(document)
    chapters = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for index, section in enumerate(document.sections):
        section.page_width, section.page_height = PAPER[paper]
        text = chapters[index] if chapter_heads else head
        if text:
            section.header.is_linked_to_previous = False
            section.header.paragraphs[0].text = text
            section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if foot:
            section.footer.is_linked_to_previous = False
            _page_line(section.footer.paragraphs[0], foot, WD_ALIGN_PARAGRAPH.CENTER)
        if first_page_foot and index == 0:
            section.different_first_page_header_footer = True
            footer = section.first_page_footer
            _page_line(footer.paragraphs[0], "{page}", WD_ALIGN_PARAGRAPH.RIGHT)
            footer.add_paragraph(FIRST_PAGE_FOOT).alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.save(str(target))
    return target


def _contents_table(document: docx.document.Document) -> None:
    """A contents table as Word sets one: its title, then each heading, indented by level, a
    dotted leader to the right margin and a page number (which page does not matter here)."""
    section = document.sections[0]
    width = section.page_width - section.left_margin - section.right_margin
    headings = [p for p in document.paragraphs if p.style.name.startswith("Heading")]
    first = document.paragraphs[0]
    first.insert_paragraph_before(CONTENTS_TITLE)
    for number, heading in enumerate(headings):
        entry = first.insert_paragraph_before()
        entry.paragraph_format.left_indent = Pt(14 * (int(heading.style.name.split()[-1]) - 1))
        entry.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.DOTS)  # fmt: skip
        entry.add_run(f"{heading.text}\t{3 + number // 2}")
    first.insert_paragraph_before().add_run().add_break(WD_BREAK.PAGE)


def _chapters_in_sections(document: docx.document.Document) -> None:
    """Each chapter (Heading 1) in a section of its own, as reports with chapter heads are."""
    body = document.sections[0]._sectPr
    paragraphs = document.paragraphs
    for before, paragraph in zip(paragraphs, paragraphs[1:], strict=False):
        if paragraph.style.name == "Heading 1":
            properties = copy.deepcopy(body)
            for child in list(properties):
                if child.tag in (qn("w:headerReference"), qn("w:footerReference")):
                    properties.remove(child)
            before._p.get_or_add_pPr().append(properties)


def report_html(source_docx: Path, page_css: str = "") -> str:
    """The report as a web page: Word headings as h1–h3, paragraphs, the session table."""
    document = docx.Document(str(source_docx))
    parts = []
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            if not paragraph.text.strip():
                continue
            style = paragraph.style.name
            tag = f"h{style.split()[-1]}" if style.startswith("Heading") else "p"
            parts.append(f"<{tag}>{escape(paragraph.text)}</{tag}>")
        elif child.tag == qn("w:tbl"):
            rows = "".join(
                "<tr>" + "".join(f"<td>{escape(cell.text)}</td>" for cell in row.cells) + "</tr>"
                for row in Table(child, document).rows
            )
            parts.append(f"<table border='1'>{rows}</table>")
    return _page("".join(parts), page_css)


def text_html(source_txt: Path) -> str:
    """The plain-text report as a web page of one paragraph per line."""
    lines = source_txt.read_text(encoding="utf-8").splitlines()
    return _page("".join(f"<p>{escape(line)}</p>" for line in lines if line.strip()), "")


def _page(body: str, page_css: str) -> str:
    style = f"<style>{page_css}</style>" if page_css else ""
    return (f"<!DOCTYPE html><html lang='zh-Hant'><head><meta charset='utf-8'>"
            f"<title>{RUNNING_TITLE}</title>{style}</head><body>{body}</body></html>")  # fmt: skip


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


def chromium_print(html: Path, target: Path, profile: Path, header_footer: bool) -> Path:
    """Chromium's print of the page to PDF, with its own header and footer (date and title,
    address and page counter) unless told not to."""
    command = [find_chromium() or "chromium", "--headless", "--no-sandbox",
               f"--user-data-dir={profile}", f"--print-to-pdf={target}"]  # fmt: skip
    if not header_footer:
        command.append("--no-pdf-header-footer")
    subprocess.run([*command, html.as_uri()], check=True, capture_output=True, timeout=120)
    return target


def soffice_to_pdf(soffice: str, files: list[Path], folder: Path, profile: Path) -> None:
    """LibreOffice's PDF export of each file into ``folder`` (same name, .pdf)."""
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--convert-to", "pdf", "--outdir", str(folder), *map(str, files)]  # fmt: skip
    environment = {**os.environ, "HOME": str(profile)}
    subprocess.run(command, check=True, capture_output=True, timeout=300, env=environment)
