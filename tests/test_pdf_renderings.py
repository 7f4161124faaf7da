"""The PDF reader on renderings of the report made here as analysts' PDFs are made: the Word
report exported by LibreOffice (plain; with the report's title as running head and page-number
feet in Chinese and English forms, on A4 and US Letter; with each chapter's title as the head of
its pages; with a first page whose foot is laid out differently; with a contents table), the
legacy .doc exported as it is, and web pages of the report printed by Chromium, with its header
and footer (date, title, address, page counter) and without. Each must read as the report does:
the same 39 headings, every line of its text in a section, no head, foot, page number or
contents entry in any, and searches finding the same sections as in the plain text.

The renderings are made when the tests run (skipped without LibreOffice or Chromium).
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from conftest import REPORT_DOCX, REPORT_TXT, ROOT, SHARED
from helpers import body_lines_missing, outline, squeeze
from renderings import (
    FIRST_PAGE_FOOT,
    RUNNING_TITLE,
    chromium_print,
    find_chromium,
    report_html,
    soffice_to_pdf,
    text_html,
    word_variant,
)

from copdocs import Library
from copdocs.ingest import ingest
from pipeline.document import parse_file
from pipeline.model import Document
from pipeline.readers.doc import find_soffice

pytestmark = pytest.mark.slow  # LibreOffice and Chromium make the renderings

GOLDEN = ROOT / "tests" / "golden" / "cop13-report.outline.txt"
LEGACY_DOC = SHARED / "seed" / "cop13-report.doc"

# name -> how the Word report is changed before LibreOffice exports it
WORD_VARIANTS = {
    "word-plain": {},
    "word-title-head-zh-page-of-a4": {"head": RUNNING_TITLE, "foot": "第 {page} 頁，共 {pages} 頁"},
    "word-title-head-dash-letter": {"head": RUNNING_TITLE, "foot": "- {page} -",
                                    "paper": "Letter"},
    "word-chapter-heads-page-of": {"chapter_heads": True, "foot": "Page {page} of {pages}"},
    "word-first-page-foot": {"head": RUNNING_TITLE, "foot": "{page}", "first_page_foot": True},
    "word-contents": {"head": RUNNING_TITLE, "foot": "- {page} -", "contents": True},
}  # fmt: skip
# name -> (the page, whether Chromium prints its header and footer)
BROWSER_PRINTS = {
    "browser-headings-header-footer": ("headings.html", True),
    "browser-lines-header-footer": ("lines.html", True),
    "browser-headings-a4": ("headings-a4.html", False),
}
RENDERINGS = [*WORD_VARIANTS, "legacy-doc", *BROWSER_PRINTS]

# What a page's furniture may leave in a line: a page number or counter, a printed date.
PAGE_FURNITURE = re.compile(
    r"[-–—\s\d]+|第\s*\d+\s*頁(，共\s*\d+\s*頁)?|Page \d+ of \d+|\d+\s*/\s*\d+"
    r"|.*\d{1,2}/\d{1,2}/\d{2,4},? \d{1,2}:\d{2}.*"
)


@pytest.fixture(scope="module")
def word_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    soffice = find_soffice()
    if soffice is None:
        return {}
    folder = tmp_path_factory.mktemp("word-renderings")
    sources = [word_variant(REPORT_DOCX, folder / f"{name}.docx", **changes)
               for name, changes in WORD_VARIANTS.items()]  # fmt: skip
    if LEGACY_DOC.is_file():
        sources.append(Path(shutil.copy(LEGACY_DOC, folder / "legacy-doc.doc")))
    soffice_to_pdf(soffice, sources, folder, folder / "profile")
    return {path.stem: path.with_suffix(".pdf") for path in sources}


@pytest.fixture(scope="module")
def browser_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if find_chromium() is None:
        return {}
    folder = tmp_path_factory.mktemp("browser-renderings")
    pages = {
        "headings.html": report_html(REPORT_DOCX),
        "lines.html": text_html(REPORT_TXT),
        "headings-a4.html": report_html(REPORT_DOCX, "@page { size: A4; margin: 20mm }"),
    }
    for name, html in pages.items():
        (folder / name).write_text(html, encoding="utf-8")
    return {
        name: chromium_print(folder / page, folder / f"{name}.pdf", folder / "profile", furniture)
        for name, (page, furniture) in BROWSER_PRINTS.items()
    }


@pytest.fixture(scope="module")
def renderings(word_pdfs: dict[str, Path], browser_pdfs: dict[str, Path]) -> dict[str, Path]:
    return {**word_pdfs, **browser_pdfs}


def rendering(renderings: dict[str, Path], name: str) -> Path:
    if name not in renderings:
        if name in BROWSER_PRINTS:
            pytest.skip("Chromium is not installed: no browser print of the report")
        if name == "legacy-doc" and not LEGACY_DOC.is_file():
            pytest.skip("../shared/seed/cop13-report.doc is not present in this checkout")
        pytest.skip("LibreOffice (soffice) is not installed: no export of the Word report")
    return renderings[name]


@cache
def parsed(path: Path) -> Document:
    return parse_file(path)


@pytest.mark.parametrize("name", RENDERINGS)
def test_the_outline_is_the_reports(renderings: dict[str, Path], name: str) -> None:
    document = parsed(rendering(renderings, name))
    assert document.format == "pdf"
    assert outline(document) == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", RENDERINGS)
def test_every_line_of_the_report_is_in_a_section(renderings: dict[str, Path], name: str) -> None:
    assert body_lines_missing(parsed(rendering(renderings, name))) == []


@pytest.mark.parametrize("name", RENDERINGS)
def test_no_head_foot_or_page_number_in_any_section(
    renderings: dict[str, Path], name: str
) -> None:
    document = parsed(rendering(renderings, name))
    report_lines = {line.strip() for line in REPORT_TXT.read_text(encoding="utf-8").splitlines()}
    for section in document.sections:
        text = squeeze(section.heading + "\n" + section.text)
        assert squeeze(RUNNING_TITLE) not in text, section.number
        assert squeeze(FIRST_PAGE_FOOT) not in text, section.number
        assert "file://" not in text, section.number
        furniture = [line for line in section.text.splitlines() if line.strip() not in
                     report_lines and PAGE_FURNITURE.fullmatch(line.strip())]  # fmt: skip
        assert furniture == [], section.number
        assert not re.search(r"\.{4}|…{2}", section.text), section.number  # contents entries


def test_searches_find_the_same_sections_as_in_the_text(
    renderings: dict[str, Path], tmp_path: Path
) -> None:
    if not renderings:
        pytest.skip("neither LibreOffice nor Chromium is installed: no renderings")
    folder = tmp_path / "documents"
    folder.mkdir()
    shutil.copy(REPORT_TXT, folder / "report.txt")
    for name, path in renderings.items():
        shutil.copy(path, folder / f"{name}.pdf")
    summary = ingest(tmp_path / "index", [folder], jobs=1)
    assert summary.failed == 0
    with Library(tmp_path / "index") as library:
        for query in ("第13屆締約國大會", "氣候變化", "FCCC/SBSTA/2007/L.19"):
            found: dict[str, set[tuple[str, str]]] = {}
            for hit in library.search(query, limit=1000).hits:
                found.setdefault(Path(hit.source).stem, set()).add((hit.number, hit.heading))
            assert found["report"]
            differing = {name: found.get(name) for name in renderings
                         if found.get(name) != found["report"]}  # fmt: skip
            assert differing == {}, query
