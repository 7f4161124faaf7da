"""The PDF reader on English negotiation documents printed as their editions look, compared
with the sources they were printed from: Earth Negotiations Bulletin issues (Markdown) in the
Bulletin's two columns under its boxed masthead, with its running head in the page margin
(sides alternating), as a fixed element, or none, sub-headings on lines of their own or run in,
and UNFCCC documents (plain text) as UN documents: the masthead table with the symbol at the
top right, contents with paragraphs and pages, numbered paragraphs, decisions, annexes,
footnotes at the foot of their pages, the symbol as running head. Some are printed with
Chromium's own header and footer (date, title, address, page counter).

Each PDF must read as its source does: every paragraph of the source whole in one block of a
section (two columns read column by column, paragraphs joined across columns and pages), no
running head, foot, page number, date or address in any section, the same document symbol,
date and cited symbols (footnote markers glued to none), and the same outline, but for what
print cannot say:

- a Bulletin's headings nest by type size: the larger first-level headings above the others, which
  are all set alike (bold at the body's size) and so are peers;
- a bold line at the body's size is a heading only when short (60 characters, 120 in
  capitals), not ending like a sentence and not opening with a bracket as list items do;
  others (a sentence the source marks as a heading, a heading's second half) stay text;
- a heading wrapped before words bound by no-break spaces (which print as plain spaces) reads
  as its first line, the rest as text;
- the contents table is dropped (its symbols are cited by the decisions themselves);
- hyphens are compared away: a compound broken at its hyphen whose parts the document does
  not write elsewhere reads as one word.

The PDFs are made when the tests run (skipped without Chromium).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import CORPUS, TESTDATA
from renderings import chromium_print, find_chromium
from renderings_en import (
    FOOTNOTE_TEXT,
    UN_JOB_NUMBER,
    enb_html,
    enb_issue,
    un_html,
    un_lines,
    un_symbol,
)

from pipeline.document import parse_file
from pipeline.model import BlockKind, Document
from pipeline.readers.emphasis import DISPLAY_MAX_CHARS, heading_like
from pipeline.readers.markdown import MarkdownReader
from pipeline.symbols import find_references

pytestmark = pytest.mark.slow  # Chromium makes the renderings


@dataclass(frozen=True)
class Rendering:
    source: Path
    layout: str  # ENB: margin-head, fixed-head, plain; UN: margin, fixed
    browser_furniture: bool = False  # Chromium's header and footer
    run_in: bool = False  # ENB sub-headings run in at their paragraphs' start

    @property
    def enb(self) -> bool:
        return self.source.suffix == ".md"


UN = CORPUS / "unfccc"
RENDERINGS = {
    "enb-summary-margin-head": Rendering(CORPUS / "enb" / "enb12354e.md", "margin-head"),
    "enb-summary-fixed-head-browser-furniture": Rendering(CORPUS / "enb" / "enb12354e.md",
                                                          "fixed-head", True),
    "enb-daily-run-in": Rendering(CORPUS / "enb" / "enb12350e.md", "margin-head", run_in=True),
    "enb-daily-plain-browser-furniture": Rendering(CORPUS / "enb" / "enb12344e.md", "plain",
                                                   True),
    "un-decision-margin": Rendering(UN / "cp2014_20 - 2014 - decision 1.txt", "margin"),
    "un-decisions-fixed-browser-furniture": Rendering(UN / "CMP2014_10 Decisions_1_to_8.txt",
                                                      "fixed", True),
    "un-report-margin": Rendering(UN / "sbi2015_10 (report SB 42).txt", "margin"),
    # Decisions opening pages one after another, each with the same preamble.
    "un-decisions-one-a-page": Rendering(
        TESTDATA / "unfccc" / "CMP_txt" / "CMP2017_13_Decisions_1_to_7.txt", "margin"),
    "enb-2004-run-in-browser-furniture": Rendering(TESTDATA / "enb" / "enb12233e.md", "plain",
                                                   True, run_in=True),
}  # fmt: skip


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    if find_chromium() is None:
        return {}
    folder = tmp_path_factory.mktemp("english-renderings")
    made = {}
    for name, rendering in RENDERINGS.items():
        if not rendering.source.is_file():
            continue
        if rendering.enb:
            html = enb_html(rendering.source, rendering.layout, rendering.run_in)
        else:
            html = un_html(rendering.source, rendering.layout)
        page = folder / f"{name}.html"
        page.write_text(html, encoding="utf-8")
        made[name] = chromium_print(page, folder / f"{name}.pdf", folder / "profile",
                                    rendering.browser_furniture)  # fmt: skip
    return made


def pdf_of(printed: dict[str, Path], name: str) -> Path:
    if name not in printed:
        if find_chromium() is None:
            pytest.skip("Chromium is not installed: no prints of the English documents")
        pytest.skip(f"{RENDERINGS[name].source} is not present in this checkout")
    return printed[name]


@cache
def read(path: Path) -> Document:
    return parse_file(path)


def key(text: str) -> str:
    """Text as compared: NFKC, no spaces, no hyphens, lower case, a leading bullet, a table
    row's outer borders (``| a | b |``) and empty cells dropped, and
    no control or format characters (left over from a source's old encoding, or marks of
    direction and soft hyphens: they print as nothing)."""
    text = unicodedata.normalize("NFKC", text).strip().lstrip("\uf0a7\uf0b7•▪")
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cf"))
    text = "".join(text.split()).replace("-", "").lower()
    return re.sub(r"\|+", "|", text).strip("|")  # a table's empty cells are left out


def blocks(document: Document) -> list[str]:
    """Each heading and each block (a line of a section's text) of the document."""
    out = []
    for section in document.sections:
        out.append(" ".join(part for part in (section.number, section.heading) if part))
        out.extend(section.text.splitlines())
    return [block for block in out if block.strip()]


def contents_lines(document: Document) -> set[str]:
    """A UN document's masthead row (as the text reader gives it, one line) and contents: the
    lines of its leading section from the contents' title on."""
    leading = document.sections[0] if not document.sections[0].heading else None
    if leading is None:
        return set()
    lines = leading.text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip() == "Contents"), len(lines))
    return {*masthead_row(document), *lines[start:]}


def masthead_row(document: Document) -> list[str]:
    return [line for line in document.sections[0].text.splitlines()[:3]
            if document.symbol in line and "Distr" in line]  # fmt: skip


def source_body(rendering: Rendering) -> list[str]:
    """The source's text lines (paragraphs), and its headings print cannot tell from text."""
    source = read(rendering.source)
    skipped = set() if rendering.enb else contents_lines(source)
    lines = [line for section in source.sections for line in section.text.splitlines()
             if line.strip() and line not in skipped]  # fmt: skip
    return lines + [heading for _, heading, shown in source_headings(rendering) if not shown]


def source_headings(rendering: Rendering) -> list[tuple[int, str, bool]]:
    """The source's headings: (level as printed, text, whether print sets it as a heading)."""
    if not rendering.enb:
        return [(s.level, " ".join(p for p in (s.number, s.heading) if p), True)
                for s in read(rendering.source).sections if s.heading or s.number]  # fmt: skip
    parsed = MarkdownReader().read(rendering.source.read_bytes(), rendering.source.name)
    headings = []
    for block in parsed.blocks:
        if block.kind == BlockKind.HEADING:
            text = " ".join(block.text.split())
            first_level = block.level == 1
            shown = heading_like(text, DISPLAY_MAX_CHARS) if first_level else heading_like(text)
            shown = shown and not text.startswith("(")  # as a list item opens
            headings.append((1 if first_level else 2, text, shown))
    return headings


@pytest.mark.parametrize("name", RENDERINGS)
def test_every_paragraph_of_the_source_is_whole_in_a_section(
    printed: dict[str, Path], name: str
) -> None:
    rendering = RENDERINGS[name]
    found = [key(block) for block in blocks(read(pdf_of(printed, name)))]
    missing = [line for line in source_body(rendering)
               if not any(key(line) in block for block in found)]  # fmt: skip
    assert missing == []


@pytest.mark.parametrize("name", RENDERINGS)
def test_the_outline_is_the_sources(printed: dict[str, Path], name: str) -> None:
    rendering = RENDERINGS[name]
    document = read(pdf_of(printed, name))
    headings = [(s.level, " ".join(p for p in (s.number, s.heading) if p))
                for s in document.sections if s.heading or s.number]  # fmt: skip
    expected = [(level, text) for level, text, shown in source_headings(rendering) if shown]
    assert len(headings) == len(expected)
    for (level, text), (wanted_level, wanted) in zip(headings, expected, strict=True):
        assert level == wanted_level, wanted
        assert key(text) == key(wanted) or cut_before_bound_words(text, wanted, rendering.source), (
            wanted)


def cut_before_bound_words(text: str, heading: str, source: Path) -> bool:
    """Whether the heading reads as ``text`` cut where its line wrapped before words the source
    binds by no-break spaces ("commitments /" of "commitments / contributions / Other")."""
    shown = " ".join(text.split())
    if not heading.startswith(shown) or heading == shown:
        return False
    following = heading[len(shown) :].split()[0]
    return re.search(re.escape(following) + "\u00a0", source.read_text("utf-8")) is not None


@pytest.mark.parametrize("name", RENDERINGS)
def test_no_running_head_foot_page_number_date_or_address_in_any_section(
    printed: dict[str, Path], name: str
) -> None:
    rendering = RENDERINGS[name]
    found = blocks(read(pdf_of(printed, name)))
    source = [line for s in read(rendering.source).sections for line in
              [s.heading, *s.text.splitlines()]]  # fmt: skip
    assert not [block for block in found if "file://" in block]
    assert not [block for block in found if re.search(r"\d{1,2}/\d{1,2}/\d{2,4},? \d", block)]
    assert not [block for block in found if re.fullmatch(r"[\d\s/–-]+", block)]
    if rendering.enb:
        issue, _ = enb_issue(rendering.source)
        assert sum(issue in block for block in found) == 1  # the masthead's
        assert sum(len(re.findall(r"\bPage \d+", b)) for b in found) == sum(
            len(re.findall(r"\bPage \d+", line)) for line in source)  # fmt: skip
        title = key(MarkdownReader().read(rendering.source.read_bytes(), "x").title)
        assert sum(title in key(block) for block in found) == sum(
            title in key(line) for line in source)  # fmt: skip
    else:
        symbol = re.compile(re.escape(un_symbol(un_lines(rendering.source))) + r"(?![/\w])")
        assert sum(bool(symbol.search(block)) for block in found) == 1  # the masthead's
        assert not [block for block in found if UN_JOB_NUMBER in block]


@pytest.mark.parametrize("name", RENDERINGS)
def test_the_same_symbol_date_and_cited_symbols(printed: dict[str, Path], name: str) -> None:
    rendering = RENDERINGS[name]
    document, source = read(pdf_of(printed, name)), read(rendering.source)
    assert document.symbol == source.symbol
    if source.date:
        assert document.date == source.date
    if not rendering.enb:
        assert document.title == source.title
    contents = contents_lines(source) - set(masthead_row(source))
    cited = Counter(ref.symbol for s in document.sections
                    for ref in find_references(s.heading + "\n" + s.text))  # fmt: skip
    lines = [line for s in source.sections for line in [s.heading, *s.text.splitlines()]]
    wanted = Counter(ref.symbol for line in lines if line not in contents
                     for ref in find_references(line))  # fmt: skip
    listed = Counter(ref.symbol for line in contents for ref in find_references(line))
    # What the contents cite may be read where the contents could not be told from text (an
    # entry alone, lines without page numbers).
    assert wanted - cited == Counter()
    assert cited - wanted <= listed


@pytest.mark.parametrize("name", [name for name, r in RENDERINGS.items() if not r.enb])
def test_footnotes_are_blocks_of_their_own(printed: dict[str, Path], name: str) -> None:
    pdf = pdf_of(printed, name)
    markers = len(re.findall(r"<sup>\d+</sup>", pdf.with_suffix(".html").read_text("utf-8")))
    assert markers > 0
    found = blocks(read(pdf))
    for number in range(1, markers + 1):
        note = FOOTNOTE_TEXT.format(n=number)
        assert [block for block in found if note in block] == [f"{number} {note}"], number
