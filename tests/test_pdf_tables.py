"""Tables in PDFs: ruled ones with unfilled rows, and tables drawn without borders, found by
how their cells line up — on PDFs made here and on the real ones of ../shared (skipped without
them). Table rows are rows ("a | b | c"), never headings; numbered lists, contents tables and two
columns of running text are no tables."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from conftest import require_shared
from helpers import pdf_table_rows
from pdfmaker import text_pdf

from pipeline.document import parse_bytes, parse_file
from pipeline.model import BlockKind, Document
from pipeline.readers.pdf import PdfReader


def headings(document: Document) -> list[str]:
    return [s.heading for s in document.sections if s.heading]


# Made pages: a borderless table between two numbered paragraphs of a UN document's chapter.

MASTHEAD = [
    ("UNITED NATIONS", 72, 790, 14), ("Distr.", 380, 760, 11), ("GENERAL", 380, 746, 11),
    ("FCCC/SBI/2009/8", 380, 722, 11), ("12 May 2009", 380, 708, 11),
    ("Original: ENGLISH", 380, 680, 11), ("REPORT ON THE INVENTORY", 150, 570, 12),
    ("1. The inventory was reviewed in Bonn.", 72, 480, 11),
]  # fmt: skip
INTRO = [
    ("II. EMISSIONS", 72, 780, 11),
    ("2. The emissions by source are listed in the table below.", 72, 750, 11),
]
OUTRO = [("3. The inventory covers the year 1994 and all sectors.", 72, 590, 11)]
TABLE = [
    ("Source", 72, 700, 10), ("CO2", 262, 700, 10), ("CH4", 342, 700, 10),
    ("Origin", 420, 700, 10),
    ("A. Energy", 72, 684, 10), ("32.5", 260, 684, 10), ("Nil", 342, 684, 10),
    ("Imported fuel", 420, 684, 10),
    ("and local wood", 420, 674, 10),  # the origin cell wrapped over two lines
    ("B. Transport", 72, 658, 10), ("16.0", 260, 658, 10), ("0.2", 342, 658, 10),
    ("Road and air", 420, 658, 10),
    ("C. Waste", 72, 642, 10), ("-", 262, 642, 10), ("1.4", 342, 642, 10),
    ("Landfills", 420, 642, 10),
    ("Total", 72, 626, 10), ("48.5", 260, 626, 10), ("1.6", 342, 626, 10),
]  # fmt: skip


def test_cells_lined_up_by_whitespace_are_rows_in_order_not_headings() -> None:
    data = text_pdf([MASTHEAD, INTRO + TABLE + OUTRO])
    assert pdf_table_rows(data) == [
        "Source | CO2 | CH4 | Origin",
        "A. Energy | 32.5 | Nil | Imported fuel and local wood",
        "B. Transport | 16.0 | 0.2 | Road and air",
        "C. Waste | - | 1.4 | Landfills",
        "Total | 48.5 | 1.6",
    ]
    document = parse_bytes(data, Path("made.pdf"))
    assert [s.number for s in document.sections if s.number] == ["II"]
    chapter = document.sections[-1].text
    assert (
        chapter.index("2. The emissions")
        < chapter.index("Source | CO2")
        < chapter.index("3. The inventory")
    )


def test_without_alignment_the_same_cells_break_the_outline() -> None:
    """What the rule prevents: the same lines, their cells not lined up, read as paragraphs,
    and the lettered cells as UN sub-sections."""
    shifted = [(text, x + 45 * (700 - y) // 16 if x > 72 else x, y, size)
               for text, x, y, size in TABLE]  # fmt: skip
    data = text_pdf([MASTHEAD, INTRO + shifted + OUTRO])
    assert pdf_table_rows(data) == []
    assert "A" in [s.number for s in parse_bytes(data, Path("made.pdf")).sections]


def test_a_list_with_its_markers_set_a_tab_apart_is_no_table() -> None:
    items = ["The Parties agreed on a work programme.", "The secretariat will report.",
             "The Board met four times.", "Observers were admitted."]  # fmt: skip
    page = [("Decisions", 72, 780, 11)]
    for i, item in enumerate(items):
        page += [(f"{i + 1}.", 72, 740 - 16 * i, 11), (item, 108, 740 - 16 * i, 11)]
    for i, item in enumerate(items):
        page += [(f"({'abcd'[i]})", 100, 640 - 16 * i, 11), (item, 136, 640 - 16 * i, 11)]
    data = text_pdf([page])
    assert pdf_table_rows(data) == []
    text = parse_bytes(data, Path("made.pdf")).sections[-1].text
    assert "1. The Parties agreed on a work programme." in text


def test_two_columns_of_running_text_drawn_line_by_line_are_no_table() -> None:
    words = ("the parties agreed to continue the work on adaptation and finance under the "
             "convention ") * 6  # fmt: skip
    lines = [words[i : i + 36] for i in range(0, 36 * 12, 36)]
    page = [("Summary", 72, 780, 12)]
    for i, line in enumerate(lines):  # left then right column on each baseline
        page += [(line, 72, 740 - 12 * i, 10), (lines[-1 - i], 320, 740 - 12 * i, 10)]
    assert pdf_table_rows(text_pdf([page], font="Courier")) == []


def test_a_contents_table_without_leaders_is_no_table() -> None:
    """A list of tables, then one of figures, each entry's page number set apart at the
    right: the numbers start again with the second list."""
    entries = [("Table 1. Emissions by gas", 5), ("Table 2. Energy balance", 8),
               ("Table 3. Projects", 12), ("Figures", None), ("Figure 1. Location map", 4),
               ("Figure 2. Rainfall", 9), ("Figure 3. Population", 14)]  # fmt: skip
    page = [("LIST OF TABLES", 72, 780, 12)]
    for i, (entry, number) in enumerate(entries):
        page.append((entry, 72, 740 - 16 * i, 11))
        if number is not None:
            page.append((str(number), 500, 740 - 16 * i, 11))
    body = [("Introduction", 72, 780, 14), ("The report covers 1994.", 72, 750, 11)]
    assert pdf_table_rows(text_pdf([page, body])) == []


# A ruled table left to fill in: its header row is the only one with two cells filled.

FORM = [
    ("Table 1: Calculation of NPV and IRR", 72, 760, 11),
    ("COSTS AND BENEFITS", 75, 726, 10), ("Year 1", 255, 726, 10), ("Year 2", 355, 726, 10),
    ("Equipment costs", 75, 706, 10), ("Other costs", 75, 686, 10), ("TOTAL", 75, 666, 10),
    ("4. The analysis is repeated for each alternative.", 72, 620, 11),
]  # fmt: skip
FORM_BORDERS = [(x, 660, 0.5, 80) for x in (70, 250, 350, 450)] + [
    (70, y, 380, 0.5) for y in (740, 720, 700, 680, 660)]  # fmt: skip


def test_a_ruled_table_with_only_its_header_filled_is_a_table() -> None:
    data = text_pdf([FORM], bars=[FORM_BORDERS])
    assert pdf_table_rows(data) == [
        "COSTS AND BENEFITS | Year 1 | Year 2",
        "Equipment costs",
        "Other costs",
        "TOTAL",
    ]
    assert "TOTAL" not in headings(parse_bytes(data, Path("made.pdf")))


# The real documents.


@cache
def read(name: str) -> Document:
    return parse_file(require_shared() / "testdata" / "pdf" / name)


def lines_of(document: Document) -> list[str]:
    return [line for s in document.sections for line in s.text.splitlines()]


@pytest.mark.slow
def test_cook_islands_tables_are_rows_and_their_cells_no_headings() -> None:
    document = read("nc_cook-islands_initial-national-communication_2000.pdf")
    lines = lines_of(document)
    start = lines.index("Types of Transport | Total Number")
    assert lines[start + 1 : start + 7] == ["Motor Bikes | 529", "Motor Vehicles | 108",
                                            "Trucks | 54", "Vans/Pickups | 119",
                                            "Other Vehicles | 10", "Total | 820"]  # fmt: skip
    assert "Scenarios | 2020 | 2050 | 2100" in lines
    assert "IS92a (best guess) | 8cm | 20cm | 49cm" in lines
    # A cell wrapped over lines stays in its cell; the island's row keeps its figures.
    rarotonga = next(line for line in lines if line.startswith("Rarotonga | High Volcanic"))
    assert rarotonga.startswith("Rarotonga | High Volcanic | 67.2 | 652 | Strand vegetation")
    for cell in ("Total 820", "Types of Transport Total Number", "Road Transport",
                 "Scenarios 2020 2050 2100", "SOUTHERN", "Litres Kilo tonnes"):  # fmt: skip
        assert cell not in headings(document)
    # The chapters around the tables keep their headings and text.
    assert "NATIONAL INVENTORY OF GREENHOUSE GASES" in headings(document)


@pytest.mark.slow
def test_cdm_methodology_definitions_and_form_are_rows_and_headings_stay() -> None:
    document = read("unfccc_cdm-eb44-annex4_AM0073-v01.pdf")
    lines = lines_of(document)
    assert "ERy | = Emission reductions in year y (t CO2e/yr)" in lines
    assert (
        "NLT ,y | = Annual average number of animals of type LT for the year y, expressed in"
        " numbers"
    ) in lines  # a definition wrapped over two lines, in its cell
    assert "COSTS AND BENEFITS | Year 1 | Year 2 | Year n | Year n+1" in lines
    names = headings(document)
    assert "Maintenance costs" not in names and "IRR (%)" not in names
    assert {"Emission reductions", "Leakage", "Project emissions"} <= set(names)


@pytest.mark.slow
def test_un_decisions_table_without_borders_is_rows() -> None:
    lines = lines_of(read("unfccc_FCCC-CP-2002-7-Add.3_cop8-decisions.pdf"))
    start = lines.index("Element | AAU | RMU | CER | ERU")
    assert lines[start + 1] == "Originating Party identifier | Yes | yes | yes | yes"


@pytest.mark.slow
def test_lists_columns_and_chinese_text_hold_no_borderless_tables() -> None:
    """Numbered paragraphs, bullets, footnotes and two-column pages of the real documents stay
    paragraphs."""
    for name in ("ndc_papua-new-guinea_2nd_2020_en.pdf", "indc_china_2015_zh-en.pdf",
                 "cn_national-climate-adaptation-strategy-2035_zh-hans.pdf",
                 "tw_2050-net-zero-pathway_2022_zh-hant.pdf"):  # fmt: skip
        path = require_shared() / "testdata" / "pdf" / name
        rows = [b for b in PdfReader().read(path.read_bytes(), name).blocks
                if b.kind == BlockKind.TABLE_ROW and " | " in b.text]  # fmt: skip
        assert rows == [], name
