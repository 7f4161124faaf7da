"""The PDF reader on the bundled report (a LibreOffice export with a running header and page-number
footer) and on PDFs made here: furniture, joined lines, pages, a UN masthead's title, ruled tables,
one-line refusals, and a PDF that crashes or stalls pdfium failing alone in the worker pool."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPORT_PDF
from helpers import (
    body_lines_missing,
    body_lines_of_the_text_report,
    pdf_table_rows,
    squeeze,
)
from pdfmaker import (
    content_bomb_pdf,
    encrypted_pdf,
    picture_only_pdf,
    shared_content_pdf,
    text_pdf,
)

from copdocs import worker_pool
from copdocs.cli import cli
from copdocs.errors import ReadError
from pipeline.document import parse_bytes, parse_file
from pipeline.model import page_at
from pipeline.pdflayout.glyphs import Page, Span
from pipeline.pdflayout.lines import Line, Placed, page_lines
from pipeline.pdflayout.scripts import even_script_sizes
from pipeline.readers import pdf as pdf_reader

HEADER = "出席聯合國氣候變化綱要公約第13屆締約國大會報告（行政院環境保護署）"


@pytest.fixture(scope="module")
def report():
    return parse_file(REPORT_PDF)


def test_every_body_line_of_the_report_is_in_a_section(report) -> None:
    """Headings are compared by the golden outline test; every other line must be in a body."""
    assert body_lines_missing(report) == []
    assert len(body_lines_of_the_text_report()) > 250


def test_no_running_header_or_page_number_in_any_section(report) -> None:
    for section in report.sections:
        text = squeeze(section.heading + section.text)
        assert squeeze(HEADER) not in text, section.number
        for line in section.text.splitlines():
            assert not re.fullmatch(r"[-\s\d]+", line), (section.number, line)


def test_han_text_broken_at_a_line_end_is_joined(report) -> None:
    # Page 3 breaks 「奈洛比氣候變 / 化之衝擊」 over two lines.
    agenda = next(s for s in report.sections if s.number == "第2章")
    assert "奈洛比氣候變化之衝擊、脆弱性與調適工作計畫" in agenda.text


def test_the_gap_between_han_and_digits_is_not_a_space(report) -> None:
    summary = report.sections[0]
    assert "公約第13屆締約國大會(COP13)暨京都議定書第3屆締約國會議" in summary.text
    assert "於2007年12月3日至15日在印尼峇里島召開" in summary.text
    assert "全球環境機構Global Environment Facility (GEF)作為秘書處" in report.sections[0].text


def test_sections_know_their_pages(report) -> None:
    by_number = {s.number: s for s in report.sections}
    assert by_number["3.13"].pages == (14, 15)
    assert report.sections[0].pages == (1, 2)
    s31 = by_number["3.1"]
    assert page_at(s31.page_breaks, s31.text.index("荷蘭環境署公佈的報告顯示")) == 10
    s310 = by_number["3.10"]
    assert page_at(s310.page_breaks, s310.text.index("FCCC/SBSTA/2007/L.19")) == 13


def run(index: Path, *args: str):
    return CliRunner().invoke(cli, ["--index", str(index), *args], env={"NO_COLOR": "1"})


def hits_by_source(index: Path, query: str) -> dict[str, set[tuple[str, str]]]:
    result = run(index, "search", query, "--json", "--limit", "200")
    assert result.exit_code == 0, result.output
    found: dict[str, set[tuple[str, str]]] = {}
    for hit in map(json.loads, result.stdout.splitlines()):
        found.setdefault(Path(hit["source"]).name, set()).add((hit["number"], hit["heading"]))
    return found


@pytest.mark.parametrize("query", ["第13屆締約國大會", "氣候變化", "FCCC/SBSTA/2007/L.19"])
def test_search_finds_the_same_sections_in_the_pdf_as_in_the_text(corpus_index, query) -> None:
    found = hits_by_source(corpus_index, query)
    assert found["cop13-report.pdf"] == found["cop13-report.txt"]
    assert found["cop13-report.pdf"]


def test_search_show_and_sections_report_pages(corpus_index) -> None:
    hits = [json.loads(line) for line in
            run(corpus_index, "search", "荷蘭環境署公佈", "--json").stdout.splitlines()]
    by_source = {Path(h["source"]).name: h for h in hits}
    assert by_source["cop13-report.pdf"]["page"] == 10
    assert by_source["cop13-report.txt"]["page"] is None
    pdf_hit = by_source["cop13-report.pdf"]
    shown = json.loads(run(corpus_index, "show", pdf_hit["section_id"], "--json").stdout)
    assert shown["page"] == 9 and shown["pages"] == [9, 10]
    human = run(corpus_index, "show", pdf_hit["section_id"]).stdout.splitlines()
    assert human[2] == "pp. 9–10"
    listed = [json.loads(line) for line in
              run(corpus_index, "sections", pdf_hit["doc_id"], "--json").stdout.splitlines()]
    assert [s["pages"] for s in listed if s["number"] == "3.13"] == [[14, 15]]
    searched = run(corpus_index, "search", "荷蘭環境署公佈").stdout
    assert f"{pdf_hit['section_id']}  p. 10" in searched


# Made PDFs: furniture found by repetition, lines joined, hyphenation.


def page_items(number: int, body: list[str], total: int) -> list[tuple[str, float, float, float]]:
    items = [("Annual Climate Report", 72, 800, 9), (f"Page {number} of {total}", 480, 40, 9)]
    items += [(line, 72, 740 - 14 * i, 11) for i, line in enumerate(body)]
    return items


def full_lines(text: str, width: int = 52) -> list[str]:
    """The text set in lines of exactly ``width`` characters (a justified column in Courier),
    words broken with a hyphen where they cross the line end."""
    return [text[i : i + width] for i in range(0, len(text), width)]


def test_running_head_and_page_numbers_of_made_pages_are_dropped() -> None:
    first = full_lines(
        "The Parties agreed on a work programme for capacity-building in developing countr"
        "ies and asked the secretariat to report on the negotiations at the next session "
    )
    # Each line is cut mid-word: the made lines break "countr-ies" and "negoti-ations".
    first = [line + ("-" if line[-1].isalpha() and i < len(first) - 1 else "")
             for i, line in enumerate(first)]  # fmt: skip
    # "capacity-building" written whole elsewhere: the hyphen at its line end is a real one.
    last = ["Decision 1/CP.13 launched capacity-building work and the Bali Action Plan."]
    bodies = [first, ["Mitigation"], last]
    pages = [page_items(i + 1, body, 3) for i, body in enumerate(bodies)]
    document = parse_bytes(text_pdf(pages, font="Courier"), Path("made.pdf"))
    text = "\n".join(s.heading + "\n" + s.text for s in document.sections)
    assert "Annual Climate Report" not in text and "Page" not in text
    assert "capacity-building in developing countries and asked" in text
    assert "report on the negotiations at the next session" in text
    assert "\nMitigation\n" in text  # its own line: not joined across the page break
    without = parse_bytes(text_pdf(pages[:2], font="Courier"), Path("made.pdf")).sections[0].text
    assert "for capacitybuilding in" in without  # never written whole: a broken word
    assert document.sections[0].pages == (1, 3)


def test_a_title_repeated_by_the_running_head_stays_the_title() -> None:
    """The report's title, large at the top of page 1, is no running head although the same
    words head every later page in small type."""
    body = "Programs use the MIME system to work out the type of a file from its name."
    pages = [[("Shared MIME-info Database", 150, 760, 24), (body, 72, 600, 10)]]
    for number in range(2, 6):
        pages.append([("Shared MIME-info Database", 380, 800, 9), (body, 72, 600, 10),
                      (str(number), 300, 40, 9)])  # fmt: skip
    parsed = pdf_reader.PdfReader().read(text_pdf(pages), "spec.pdf")
    texts = [block.text for block in parsed.blocks]
    assert texts.count("Shared MIME-info Database") == 1
    assert parsed.blocks[0].text == "Shared MIME-info Database"
    assert parsed.blocks[0].page == 1
    document = parse_bytes(text_pdf(pages), Path("spec.pdf"))
    assert document.title == "Shared MIME-info Database"


def test_the_title_is_the_first_pages_largest_type() -> None:
    """Small lines above it (the issuing government) and a heading in the same type set apart
    below it are not the title."""
    body = "The country reported its total net greenhouse gas emissions for the year 2015."
    cover = [("Government of", 72, 790, 12), ("Papua New Guinea", 72, 775, 12),
             ("Enhanced Nationally", 72, 700, 40), ("Determined Contribution", 72, 655, 40),
             ("Summary", 72, 520, 40), (body, 72, 480, 12)]  # fmt: skip
    pages = [cover] + [[(body, 72, 700, 12)] for _ in range(3)]
    document = parse_bytes(text_pdf(pages), Path("ndc.pdf"))
    assert document.title == "Enhanced Nationally Determined Contribution"


DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Holiday"]


def prose(page: int, sentences: int = 2) -> str:
    """Text of its own for each made page (a line repeating on pages would be a running head;
    a number following the page, a page number)."""
    day = DAYS[page - 1]
    return " ".join(
        f"On {day} the Parties agreed on a work programme for capacity-building and asked "
        f"the secretariat to report on it at the {kind} session." for kind in
        ("next", "resumed", "special")[:sentences]
    )  # fmt: skip


def body_items(lines: list[str], top: float = 740, pitch: float = 14) -> list[tuple]:
    return [(line, 72, top - pitch * i, 11) for i, line in enumerate(lines)]


def all_text(document) -> str:
    return "\n".join(s.number + " " + s.heading + "\n" + s.text for s in document.sections)


def test_a_first_page_foot_laid_out_apart_goes_with_its_page_number() -> None:
    """Page 1 sets its number higher, over a line of its own; the number follows the page as on
    the other pages, and the line below it stands further out than the page's furniture."""
    pages = [[("Page 1 of 5", 480, 62, 9), ("Ministry of Environment, March 2008", 200, 40, 9),
              *body_items(full_lines(prose(1)))]]  # fmt: skip
    pages += [page_items(day, full_lines(prose(day)), 5) for day in range(2, 6)]
    text = all_text(parse_bytes(text_pdf(pages, font="Courier"), Path("made.pdf")))
    assert "Page" not in text and "Ministry" not in text
    assert all(f"On {day} the Parties" in text for day in DAYS[:5])


def test_a_running_head_that_changes_by_chapter_is_dropped_where_it_stands_once() -> None:
    """Chapter titles as running heads: chapter 2's repeats on four pages, chapter 1's on two
    and chapter 3's on one, in the same place; the annex page has no head and its first line,
    lower down, stays."""
    heads = ["Chapter 1: Background"] * 2 + ["Chapter 2: Negotiations"] * 4
    heads += ["Chapter 3: Outcomes", ""]
    pages = []
    for number, head in enumerate(heads, start=1):
        items = [(head, 380, 800, 9)] if head else []
        items.append((f"- {number} -", 290, 40, 9))
        opening = head if head and heads.index(head) == number - 1 else ""
        if opening:
            items.append((opening, 72, 760, 14))
        first = "Annex: list of participants" if not head else f"Sitting of {DAYS[number - 1]}"
        items += body_items([first, *full_lines(prose(number))], top=780 if not head else 730)
        pages.append(items)
    text = all_text(parse_bytes(text_pdf(pages, font="Courier"), Path("made.pdf")))
    for title in ("Chapter 1: Background", "Chapter 2: Negotiations", "Chapter 3: Outcomes"):
        assert text.count(title) == 1, title
    assert "Annex: list of participants" in text
    assert not re.search(r"- \d+ -", text)


def test_a_footnote_running_on_beside_the_page_number_stays() -> None:
    note = [("1 Decision 1/CP.13, adopted at the twelfth plenary meeting", 72, 42, 8),
            ("on 15 December 2007.", 72, 32, 8)]  # fmt: skip
    pages = [[(f"- {n} -", 290, 40, 9), *body_items(full_lines(prose(n))),
              *(note if n == 2 else [])] for n in range(1, 5)]  # fmt: skip
    text = all_text(parse_bytes(text_pdf(pages, font="Courier"), Path("made.pdf")))
    assert "on 15 December 2007." in text
    assert not re.search(r"- \d+ -", text)


def test_a_heading_at_the_foot_of_a_page_of_short_lines_does_not_run_on() -> None:
    """Page 2 is an agenda: its lines all stop short, the heading at its foot the furthest
    right; the first item of page 3 is no continuation of it."""
    agenda = ["1. Opening", "2. Organizational matters", "(a) Adoption of the agenda",
              "(b) Election of officers", "3. Reports", "4. Capacity-building", "5. Finance",
              "6. Other matters", "7. Closing of the session",
              "2.3 Agenda of the subsidiary body"]  # fmt: skip
    pages = [body_items(full_lines(prose(1, 3))), body_items(agenda, pitch=20),
             body_items(["1. Opening of the session", *full_lines(prose(3))]),
             body_items(full_lines(prose(4, 3)))]  # fmt: skip
    document = parse_bytes(text_pdf(pages, font="Courier"), Path("made.pdf"))
    agenda_of_the_body = next(s for s in document.sections if s.number == "2.3")
    assert agenda_of_the_body.heading == "Agenda of the subsidiary body"
    assert agenda_of_the_body.text.startswith("1. Opening of the session\n")


def test_one_line_paragraphs_set_apart_stay_apart() -> None:
    """Most lines are paragraphs of their own, set further apart than the lines of a paragraph:
    that distance is no line pitch, and full lines at it are not joined."""
    statements = [f"Statement {n} was made on behalf of the group by its chair today."[:52]
                  for n in range(1, 9)]  # fmt: skip
    paragraph = full_lines(prose(1)[:156])
    lines = [(line, 72, y, 11) for line, y in zip(paragraph, (760, 746, 732), strict=True)]
    lines += [(line, 72, 706 - 26 * i, 11) for i, line in enumerate(statements)]
    lines += [(line, 72, 480 - 14 * i, 11) for i, line in enumerate(paragraph)]
    document = parse_bytes(text_pdf([lines], font="Courier"), Path("made.pdf"))
    text = document.sections[0].text.splitlines()
    assert [line for line in text if line.startswith("Statement")] == statements


def made_line(page: int, pieces: list[tuple[str, float]]) -> Line:
    """A line of spans (text, box height) side by side, its size as the layout measures it:
    the height most of its characters have."""
    spans, x = [], 72.0
    for order, (text, height) in enumerate(pieces):
        spans.append(Placed(text, x, 100.0, x + 6 * len(text), 100.0 + height, False, False,
                            order, None, None, len(text)))  # fmt: skip
        x += 6 * len(text)
    heights = sorted(h for text, h in pieces for _ in text)
    return Line("".join(t for t, _ in pieces), page, 72.0, 100.0, x, 100.0 + max(heights),
                heights[len(heights) // 2], spans=spans)  # fmt: skip


def test_latin_text_is_measured_on_the_han_scale_where_the_two_fonts_differ() -> None:
    """A browser sets Han and Latin text in two fonts whose boxes differ (12 and 13.9 points
    at one size): a line heavy with English is no larger than its Han neighbours. A page of
    English alone may be set in yet another font and is left as it is."""
    mixed = [made_line(1, [("締約國大會通過", 12.0), ("Bali Action Plan and more", 13.9)])
             for _ in range(6)]  # fmt: skip
    english_on_han_page = made_line(1, [("Cooperative Action", 13.9)])
    han = made_line(1, [("調適基金之決議採合議制", 12.0)])
    english_page = [made_line(2, [("Summary for policymakers", 13.9)])]
    even_script_sizes([[*mixed, english_on_han_page, han], english_page])
    assert {round(line.size, 1) for line in [*mixed, english_on_han_page, han]} == {12.0}
    assert english_page[0].size == 13.9


def test_one_page_document_keeps_its_lines() -> None:
    data = text_pdf([[("Summary for policymakers", 72, 800, 16), ("Page 1", 72, 40, 9)]])
    document = parse_bytes(data, Path("one.pdf"))
    assert "Summary for policymakers" in document.sections[0].text
    assert "Page 1" in document.sections[0].text  # one page: nothing repeats


# Refusals: one clear line each.


def refusal(data: bytes) -> str:
    with pytest.raises(ReadError) as caught:
        parse_bytes(data, Path("bad.pdf"))
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_encrypted_pdf_is_refused() -> None:
    assert refusal(encrypted_pdf()) == "encrypted PDF: cannot read without the password"


def test_pdf_with_only_an_owner_password_is_read() -> None:
    document = parse_bytes(encrypted_pdf(user_password=b""), Path("owner-only.pdf"))
    assert "Confidential negotiating text" in document.sections[0].text


def test_pdf_without_a_text_layer_is_refused() -> None:
    assert refusal(picture_only_pdf(3)) == "no text layer (scanned?): 3 pages, no text"


def test_truncated_and_malformed_pdfs_are_refused() -> None:
    data = REPORT_PDF.read_bytes()
    assert refusal(data[: len(data) // 2]) == "not a valid PDF file (malformed or truncated)"
    assert refusal(b"%PDF-1.7\n" + bytes(range(256)) * 4).startswith("not a valid PDF file")
    assert refusal(b"") == "empty file"


def test_too_many_pages_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PDF_PAGES", 2)
    data = text_pdf([[("page", 72, 700, 11)]] * 3)
    assert refusal(data) == "refused: 3 pages, over the 2 page limit"


# Made UN document: the masthead's title, and a ruled table whose lettered cells are no headings.

MASTHEAD = [
    ("UNITED NATIONS", 72, 790, 14), ("Distr.", 380, 760, 11), ("GENERAL", 380, 746, 11),
    ("FCCC/SBI/2009/8", 380, 722, 11), ("12 May 2009", 380, 708, 11),
    ("Original: ENGLISH", 380, 680, 11), ("SUBSIDIARY BODY FOR IMPLEMENTATION", 72, 640, 11),
    ("Thirtieth session", 72, 626, 11), ("Bonn, 1-10 June 2009", 72, 612, 11),
    ("REPORT OF THE SUBSIDIARY BODY FOR IMPLEMENTATION", 150, 570, 12),
    ("ON ITS THIRTIETH SESSION", 220, 556, 12), ("CONTENTS", 270, 520, 11),
    ("1. The thirtieth session of the Subsidiary Body was held in Bonn.", 72, 480, 11),
]  # fmt: skip
TABLE_PAGE = [
    ("II. PROJECT CATEGORIES", 72, 780, 11),
    ("2. The project categories are listed in the table below.", 72, 740, 11),
    ("Type", 75, 686, 10), ("Category", 205, 686, 10),
    ("Renewable", 75, 666, 10), ("energy", 75, 654, 10),
    ("A. Electricity generation by the user", 205, 666, 10),
    ("B. Mechanical energy for the user", 205, 646, 10),
    ("Efficiency", 75, 626, 10), ("C. Supply-side energy efficiency", 205, 626, 10),
    ("3. The categories may be revised by the Board.", 72, 580, 11),
]  # fmt: skip
# Two columns, four rows; the first column's second cell spans two rows (no border at 660).
BORDERS = [(x, 620, 0.5, 80) for x in (70, 200, 520)] + [
    (70, y, 450, 0.5) for y in (700, 680, 640, 620)] + [(200, 660, 320, 0.5)]  # fmt: skip


def test_un_masthead_gives_the_title_and_date_never_its_labels() -> None:
    document = parse_bytes(text_pdf([MASTHEAD, TABLE_PAGE]), Path("made-un.pdf"))
    assert document.symbol == "FCCC/SBI/2009/8"
    title = "REPORT OF THE SUBSIDIARY BODY FOR IMPLEMENTATION ON ITS THIRTIETH SESSION"
    assert document.title == title
    assert document.date == "2009-05-12"


def test_cells_of_a_ruled_table_are_rows_in_order_not_headings() -> None:
    data = text_pdf([MASTHEAD, TABLE_PAGE], bars=[[], BORDERS])
    assert pdf_table_rows(data) == [
        "Type | Category",
        "Renewable energy | A. Electricity generation by the user",
        "B. Mechanical energy for the user",
        "Efficiency | C. Supply-side energy efficiency",
    ]
    document = parse_bytes(data, Path("made-un.pdf"))
    assert [s.number for s in document.sections if s.number] == ["II"]
    chapter = document.sections[-1]
    assert chapter.text.index("Type | Category") < chapter.text.index("3. The categories")
    # The same text without the borders: the lettered cells read as UN sub-sections.
    unruled = parse_bytes(text_pdf([MASTHEAD, TABLE_PAGE]), Path("made-un.pdf"))
    assert "A" in [s.number for s in unruled.sections]


def test_the_last_row_of_a_table_alone_on_its_page_is_a_row() -> None:
    """A table continued from the page before may leave one bordered row on a page: its
    short cell lines are table text, not headings."""
    body = "Guinea will make the exploitation of its mineral resources compatible with climate."
    cells = [("Make the", 40, 200, 11), ("exploitation", 40, 186, 11), ("of mineral", 40, 172, 11),
             ("The development of the mining sector", 120, 200, 11),
             ("Strengthen the Mining Code", 320, 200, 11), ("9m tonnes CO2eq", 470, 200, 11)]
    pages = [[(body, 72, 700, 11)], [(body, 72, 700, 11), *cells]]
    borders = [(x, 150, 0.5, 80) for x in (37, 113, 312, 468, 555)] + [
        (37, y, 518, 0.5) for y in (150, 230)]
    assert pdf_table_rows(text_pdf(pages, bars=[[], borders])) == [
        "Make the exploitation of mineral | The development of the mining sector | "
        "Strengthen the Mining Code | 9m tonnes CO2eq"
    ]
    # Two boxed columns of text are no table.
    two = [(x, 150, 0.5, 80) for x in (37, 300, 555)] + [(37, y, 518, 0.5) for y in (150, 230)]
    assert pdf_table_rows(text_pdf(pages, bars=[[], two])) == []


# A PDF that brings pdfium down, or keeps it busy, costs that file only.


@pytest.mark.slow
def test_a_pdf_that_crashes_or_stalls_its_worker_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker_pool, "FILE_SECONDS", 20.0)
    made = {
        "before.pdf": text_pdf([[("Mitigation", 72, 700, 11)]]),
        # 400 kB whose page inflates to 200 MB of drawing: pdfium runs out of the worker's
        # memory allowance and aborts the process.
        "bomb.pdf": content_bomb_pdf(200 << 20),
        # 400 pages each making pdfium parse the same 4 MB of drawing: minutes of work.
        "stall.pdf": shared_content_pdf(400, 4 << 20),
        "after.pdf": text_pdf([[("Adaptation", 72, 700, 11)]]),
    }
    jobs = []
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
        jobs.append(worker_pool.Job(str(tmp_path / name), memory_estimate=1 << 20))
    outcomes = dict(zip(made, worker_pool.analyse_all(jobs, processes=2), strict=True))
    assert outcomes["bomb.pdf"].error.startswith("the reader crashed on it")
    assert outcomes["stall.pdf"].error == "refused: still not read after 20 s"
    for name in ("before.pdf", "after.pdf"):
        assert outcomes[name].error is None
        assert Path(outcomes[name].document.source).name == name


def test_a_font_without_ascent_and_descent_still_measures_one_size() -> None:
    """pdfium boxes each glyph by its outline when the font declares no ascent and descent
    (LibreOffice's export of a Word 97 file): lines of one font must still measure one size,
    so that they join into paragraphs and none is taken for an enlarged heading."""
    data = (Path(__file__).parent / "data" / "indc_russia_2015_ru.libreoffice.pdf").read_bytes()
    pages, _ = pdf_reader.extract_pages(data)
    sizes = {round(line.size, 1) for line in page_lines(pages[0])[:11]}
    assert sizes == {13.0}
    parsed = pdf_reader.PdfReader().read(data, "indc_russia_2015_ru.pdf")
    first = parsed.blocks[0]
    assert first.text.startswith("Российская Федерация, ссылаясь на заявления Российской Федерации")
    assert "применительно к тем Сторонам, которые готовы это сделать)" in first.text
    assert not any(block.emphasized for block in parsed.blocks)


def test_a_right_to_left_line_reads_from_the_right() -> None:
    """Arabic words drawn one by one from the right, a decision number among them, brackets
    drawn mirrored: the line reads from the right, the number and brackets as typed."""
    words = [("تنفيذاً", 500.0), ("لمقرر", 456.0), ("1/CP.19", 412.0), (")أ(", 368.0)]
    spans = [Span(text, left, 700.0, left + 40.0, 712.0, space_before=i > 0)
             for i, (text, left) in enumerate(words)]  # fmt: skip
    [line] = page_lines(Page(1, 595.0, 842.0, spans))
    assert line.right_to_left
    assert line.text == "تنفيذاً لمقرر 1/CP.19 (أ)"
    # A list number drawn with its dot to the left of it.
    label = [Span(".1", 534.0, 700.0, 542.0, 712.0),
             Span("قطاع الطاقة", 470.0, 700.0, 530.0, 712.0, space_before=True)]
    [line] = page_lines(Page(1, 595.0, 842.0, label))
    assert line.text == "1. قطاع الطاقة"
