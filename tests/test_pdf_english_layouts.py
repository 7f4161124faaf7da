"""The PDF reader on made pages laid out as English negotiation documents are: the Earth
Negotiations Bulletin's two columns under a masthead spanning both, its run-in sub-headings and
mirrored running heads, and UN documents' mastheads, footnote markers, contents tables with
paragraph numbers, and decisions that open pages one after the other.

Text is set in Courier (every character 0.6 em wide) so that lines can be made exactly full."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

from pdfmaker import text_pdf

from pipeline.document import parse_bytes
from pipeline.model import BlockKind, Document
from pipeline.readers.pdf import PdfReader
from pipeline.symbols import find_references

SIZE = 10.0
CHAR = 0.6 * SIZE  # a Courier character's width
BOLD = "Courier-Bold"


def set_lines(text: str, width: int) -> list[str]:
    """The text in lines of exactly ``width`` characters but the last, words never broken: the
    spaces between words widened (a justified column)."""
    lines: list[list[str]] = [[]]
    for word in text.split():
        if lines[-1] and len(" ".join([*lines[-1], word])) > width:
            lines.append([])
        lines[-1].append(word)
    return [_justify(words, width) for words in lines[:-1]] + [" ".join(lines[-1])]


def _justify(words: list[str], width: int) -> str:
    gaps = len(words) - 1
    if gaps == 0:
        return words[0]
    spaces = width - sum(map(len, words))
    out = words[0]
    for index, word in enumerate(words[1:]):
        out += " " * (spaces // gaps + (1 if index < spaces % gaps else 0)) + word
    return out


def prose(page: int) -> str:
    """Text of its own for a made page: the words of ``PROSE`` in an order of the page's (the
    same lines on several pages would be running heads or feet)."""
    words = PROSE.split()
    random.Random(page).shuffle(words)
    return " ".join(words)


def column(lines: list[str], x: float, top: float, font: str = "Courier") -> list[tuple]:
    return [(line, x, top - 12 * i, SIZE, font) for i, line in enumerate(lines)]


def parsed(pages: list[list[tuple]]) -> Document:
    return parse_bytes(text_pdf(pages, font="Courier"), Path("made.pdf"))


def texts(document: Document) -> list[str]:
    """Every heading and every block of text (a section's line) of the document."""
    out = []
    for section in document.sections:
        out.append(" ".join(part for part in (section.number, section.heading) if part))
        out.extend(section.text.splitlines())
    return out


PROSE = (
    "The Conference of the Parties considered the report of the Subsidiary Body for "
    "Implementation and agreed to continue its consideration of the matter at its next "
    "session, taking into account the views submitted by Parties and the information "
    "provided by the secretariat on the financial implications of the proposed activities "
    "for the biennium and the arrangements for intergovernmental meetings."
)


# UN documents -------------------------------------------------------------------------------


def test_the_masthead_symbol_on_the_line_of_united_nations_is_the_documents() -> None:
    """A browser's print of the masthead table reads "United Nations" and the symbol at the
    top right as one line: the symbol standing apart at its right end is the document's."""
    page = [
        ("United Nations", 72, 790, 16, BOLD), ("FCCC/SBI/2015/10", 358, 790, 14, BOLD),
        ("Distr.: General", 400, 770, SIZE), ("16 July 2015", 400, 758, SIZE),
        ("Original: English", 400, 746, SIZE),
        ("Subsidiary Body for Implementation", 72, 700, 14, BOLD),
        ("Report of the Subsidiary Body for Implementation on its", 72, 680, 14, BOLD),
        ("forty-second session, held in Bonn from 1 to 11 June 2015", 72, 664, 14, BOLD),
        ("I. Opening of the session", 72, 630, 12, BOLD),
        *column(set_lines("1. " + PROSE, 70), 72, 610),
    ]  # fmt: skip
    document = parsed([page])
    assert document.symbol == "FCCC/SBI/2015/10"
    assert document.date == "2015-07-16"
    assert document.title == ("Report of the Subsidiary Body for Implementation on its "
                              "forty-second session, held in Bonn from 1 to 11 June 2015")


def test_a_footnote_marker_after_a_symbol_is_dropped_not_glued_to_it() -> None:
    """A browser raises a footnote marker a third of the size and sets it at five sixths of
    it: after a decision number it is no part of it; after a bare number it is set apart."""
    before = "Recalling decisions 1/CP.17"
    after = ", paragraph 2, and the emissions of 2000"
    end = 72 + CHAR * (len(before) + 1 + len(after))
    page = [
        (before, 72, 700, SIZE), ("1", 72 + CHAR * len(before), 704, 8.4),
        (after, 72 + CHAR * (len(before) + 1), 700, SIZE), ("2", end, 704, 8.4),
        (" and the Article 2 of the Convention.", end + 5, 700, SIZE),
    ]  # fmt: skip
    text = "\n".join(texts(parsed([page])))
    assert "decisions 1/CP.17, paragraph 2" in text
    assert "emissions of 2000 2 and" in text
    assert [ref.symbol for ref in find_references(text)] == ["1/CP.17"]


def test_a_contents_table_with_paragraphs_and_pages_is_dropped_its_title_kept() -> None:
    entries = [
        ("I. Opening of the session", "1-2", "3"),
        ("II. Organizational matters", "3-8", "3"),
        ("A. Adoption of the agenda", "3-5", "4"),
        ("B. Organization of the work of the session", "6", "4"),
        ("III. Reporting from Parties", "9-19", "5"),
    ]
    lines = [f"{title} " + ". " * ((48 - len(title)) // 2) + f"{paragraphs:>5} {page:>3}"
             for title, paragraphs, page in entries]  # fmt: skip
    first = [("Report on the session", 72, 780, 14, BOLD), ("Contents", 72, 740, SIZE),
             ("Paragraphs Page", 380, 722, SIZE), *column(lines, 96, 708)]  # fmt: skip
    second = [("I. Opening of the session", 72, 780, 12, BOLD), *column(set_lines(PROSE, 70), 72,
                                                                         760)]  # fmt: skip
    document = parsed([first, second])
    text = texts(document)
    assert "Contents" in text
    assert not any("Organizational matters" in line or ". . ." in line for line in text)
    assert [s.heading for s in document.sections if s.heading] == ["I. Opening of the session"]


def un_page(number: int, body: list[tuple]) -> list[tuple]:
    """A page of a UN document after the first: the symbol as its running head."""
    return [("FCCC/CP/2014/10/Add.1", 366, 800, SIZE, BOLD), *body]


def test_decisions_opening_pages_one_after_another_are_no_running_heads() -> None:
    """Decisions 3, 4 and 5 open pages 3, 4 and 5: their numbers follow the pages for a while,
    and each page repeats the decisions' preamble at the same place; neither is furniture
    (they stand in the body, not apart from it, on a few pages of many)."""
    masthead = [("United Nations", 72, 790, 16, BOLD), ("FCCC/CP/2014/10/Add.1", 316, 790, 14,
                                                        BOLD)]  # fmt: skip
    pages = [masthead + column(set_lines(PROSE, 70), 72, 700)]
    for number in range(2, 11):
        body = column(set_lines(f"Page {number} text. " + PROSE, 70), 72, 640)
        if 3 <= number <= 5:
            body = [(f"Decision {number}/CP.20", 72, 760, 12, BOLD),
                    (f"Title of decision {number}", 72, 744, 12, BOLD),
                    ("The Conference of the Parties,", 72, 720, SIZE), *body]  # fmt: skip
        pages.append(un_page(number, body))
    document = parsed(pages)
    assert [s.number for s in document.sections if s.number] == ["3/CP.20", "4/CP.20", "5/CP.20"]
    assert all(s.text.startswith("The Conference of the Parties,")
               for s in document.sections if s.number)  # fmt: skip
    assert "\n".join(texts(document)).count("FCCC/CP/2014/10/Add.1") == 1  # the masthead's


def test_a_number_opening_a_line_in_the_middle_of_a_sentence_starts_no_heading() -> None:
    lines = [_justify("Consultations were held on the agenda item on Protocol Article".split(),
                      64), "2.3 (adverse effects of policies and measures), which was also",
             "the subject of a dispute."]  # fmt: skip
    document = parsed([column(lines, 72, 700)])
    assert not any(s.number for s in document.sections)
    assert "Protocol Article 2.3 (adverse effects" in document.sections[0].text


def test_a_chapter_heading_wrapped_under_its_title_is_one_heading() -> None:
    masthead = [("United Nations", 72, 790, 16, BOLD), ("FCCC/SBI/2015/10", 358, 790, 14, BOLD)]
    heading = [("III.", 72, 700, 12, BOLD),
               ("Reporting from and review of Parties included in", 112, 700, 12, BOLD),
               ("Annex I to the Convention", 112, 685, 12, BOLD)]  # fmt: skip
    body = column(set_lines(PROSE, 70), 72, 660)
    document = parsed([masthead + column(set_lines(PROSE, 70), 72, 740), heading + body])
    chapter = next(s for s in document.sections if s.number == "III")
    assert chapter.heading == ("Reporting from and review of Parties included in Annex I to the "
                               "Convention")


# The Earth Negotiations Bulletin ----------------------------------------------------------------


def test_a_date_apart_on_a_masthead_bar_is_the_documents_date() -> None:
    """The Bulletin's masthead bar sets its address, volume and number, and date apart on one
    line; the date is the issue's, not the meeting's first day its text gives."""
    page = [("Earth Negotiations Bulletin", 72, 780, 28, BOLD),
            ("Online at http://www.iisd.ca/climate/cop13/", 40, 740, 8),
            ("Vol. 12 No. 354", 270, 740, 8), ("Monday, 17 December 2007", 440, 740, 8),
            *column(set_lines("The conference met in Bali from 3-15 December 2007. " + PROSE,
                              70), 72, 700)]  # fmt: skip
    assert parsed([page]).date == "2007-12-17"


def two_columns(text: str, top: float, bottom: float) -> tuple[list[tuple], str]:
    """The text in two columns of 41 characters from ``top`` down to ``bottom``, and what did
    not fit."""
    lines = set_lines(text, 41)
    rows = int((top - bottom) // 12) + 1
    placed = column(lines[:rows], 40, top) + column(lines[rows : 2 * rows], 320, top)
    return placed, " ".join(lines[2 * rows :])


def test_a_paragraph_runs_on_from_column_to_column_and_page_to_page() -> None:
    """Page 1: a masthead across both columns, then one paragraph filling the first column,
    the second (under the masthead), and running on to page 2, whose few lines end it."""
    long = " ".join(f"Sentence {n} of the paragraph says what the Parties did on day {n}."
                    for n in range(1, 40))  # fmt: skip
    masthead = [("Earth Negotiations Bulletin", 72, 790, 28, BOLD),
                ("A Reporting Service for Environment and Development Negotiations", 40, 760,
                 SIZE), ("SUMMARY OF THE THIRTEENTH CONFERENCE OF THE PARTIES", 40, 740, 12,
                 BOLD)]  # fmt: skip
    first, rest = two_columns(long, 700, 100)
    lines = set_lines(rest, 41)
    second = column(lines, 40, 760)
    parsed_file = PdfReader().read(text_pdf([masthead + first, second], font="Courier"), "x")
    paragraphs = [b.text for b in parsed_file.blocks if b.kind == BlockKind.PARAGRAPH]
    assert long in paragraphs
    assert not any(b.kind == BlockKind.TABLE_ROW for b in parsed_file.blocks)


def test_justified_lines_of_a_narrow_column_are_running_text_not_a_table() -> None:
    """Words set one by one with the wide, even gaps of a justified narrow column line up
    from line to line like a table's cells; they are a paragraph."""
    words = ("Delegates adopted the agenda (FCCC/KP/CMP/2007/1), with the exception of "
             "the item on the second review of the adequacy of commitments, which has been "
             "held in abeyance at every session since the fourth.").split()  # fmt: skip
    lines, line = [], []
    for word in words:
        if line and sum(map(len, [*line, word])) + len(line) > 36:
            lines.append(line)
            line = []
        line.append(word)
    items = []
    for row, line_words in enumerate(lines):
        gap = (300 - 40 - CHAR * sum(map(len, line_words))) / max(1, len(line_words) - 1)
        x = 40.0
        for word in line_words:
            items.append((word, x, 700 - 12 * row, SIZE))
            x += CHAR * len(word) + gap
    items += [(" ".join(line), 40, 700 - 12 * len(lines), SIZE)]
    blocks = PdfReader().read(text_pdf([items], font="Courier"), "x").blocks
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH]
    assert blocks[0].text == " ".join(words)


def test_run_in_sub_headings_in_capitals_open_sections() -> None:
    """A paragraph opening with a bold lead in capitals ending in a colon (as the Bulletin sets
    its sub-headings), even one filling a line of its own, is a heading and its text."""
    items: list[tuple] = []
    top = 700.0
    lead = "LONG-TERM COOPERATIVE ACTION UNDER THE CONVENTION:"
    for text in ("KYOTO PROTOCOL: In December 1997, delegates at COP 3 in Kyoto agreed to a "
                 "Protocol that commits developed countries to targets.",
                 f"{lead} Co-Facilitators convened informal discussions on their draft "
                 "decision issued as a non-paper.",
                 # the lead all but fills its line, which is set mostly bold
                 "BUENOS AIRES PLAN OF ACTION: The process for finalizing the rules was "
                 "agreed at COP 4 in 1998."):  # fmt: skip
        lines = set_lines(text, 34)  # the second lead fills its first line
        lead_words = len(text[: text.index(":") + 1].split())
        for row, line in enumerate(lines):
            words = list(re.finditer(r"\S+", line))
            bold = words[min(lead_words, len(words)) - 1].end() if lead_words else 0
            lead_words -= min(lead_words, len(words))
            if bold:
                items.append((line[:bold], 72, top - 12 * row, SIZE, BOLD))
            if line[bold:].strip():
                items.append((line[bold:], 72 + CHAR * bold, top - 12 * row, SIZE))
        top -= 12 * len(lines) + 24
    items += column(["The Parties agreed as follows:"], 72, top, BOLD)
    items += column(set_lines(PROSE, 34), 72, top - 12)
    document = parsed([items])
    assert [s.heading for s in document.sections if s.heading] == [
        "KYOTO PROTOCOL:", lead, "BUENOS AIRES PLAN OF ACTION:"]
    assert document.sections[0].text.startswith("In December 1997, delegates at COP 3")
    assert document.sections[1].text.startswith("Co-Facilitators convened informal")
    assert document.sections[2].text.startswith("The process for finalizing the rules was "
                                                "agreed at COP 4")  # fmt: skip
    assert "The Parties agreed as follows:" in document.sections[2].text  # a lead-in


def test_headings_nest_by_their_type_size() -> None:
    body = set_lines(PROSE, 70)
    items = []
    y = 780.0
    for text, size in (("ORGANIZATIONAL MATTERS", 14), ("ADOPTION OF THE AGENDA:", SIZE),
                       ("IPCC FOURTH ASSESSMENT REPORT", 14), ("SBSTA Conclusions", SIZE)):
        items.append((text, 72, y, size, BOLD))
        items += column(body, 72, y - 18)
        y -= 18 + 12 * len(body) + 14
    document = parsed([items])
    outline = [(s.level, s.heading) for s in document.sections if s.heading]
    assert outline == [(1, "ORGANIZATIONAL MATTERS"), (2, "ADOPTION OF THE AGENDA:"),
                       (1, "IPCC FOURTH ASSESSMENT REPORT"), (2, "SBSTA Conclusions")]


def test_mirrored_running_heads_of_left_and_right_pages_are_dropped() -> None:
    """Three pages: the first with the masthead, the next two with the running head whose
    pieces swap sides from left to right page."""
    pages = [[("Earth Negotiations Bulletin", 72, 780, 28, BOLD),
              *column(set_lines(prose(1), 70), 72, 700)]]  # fmt: skip
    for number in (2, 3):
        pieces = [f"Page {number}", "Earth Negotiations Bulletin", "Vol. 12 No. 350"]
        if number % 2:
            pieces.reverse()
        items = [(text, x, 810, 8) for text, x in zip(pieces, (40, 220, 470), strict=True)]
        pages.append(items + column(set_lines(prose(number), 70), 72, 760))
    text = "\n".join(texts(parsed(pages)))
    assert "Vol. 12" not in text and "Page 2" not in text and "Page 3" not in text
    assert Counter(text.split("\n"))["Earth Negotiations Bulletin"] <= 1


def test_a_compound_broken_at_its_hyphen_keeps_it_in_a_document_breaking_no_words() -> None:
    """Lines end in hyphens only where the document writes compounds (a browser's print):
    "long-term", written nowhere else, keeps its hyphen too. In a document that breaks words
    ("nego-" / "tiations"), a compound keeps it when it writes both parts as words of their
    own ("newly-" / "elaborated"), and a word is joined ("countr-" / "ies")."""
    compounds = ["The Parties discussed capacity-building and low-emission strategies",
                 "of the Parties at the session on capacity-",
                 "building and on low-",
                 "emission development and on long-",
                 "term finance for the coming years and beyond."]  # fmt: skip
    text = "\n".join(texts(parsed([column([_pad(line, 70) for line in compounds], 72, 700)])))
    assert "capacity-building and on low-emission development and on long-term finance" in text
    broken = ["The negotiations were newly opened and elaborated with care by all",
              "the Parties in the nego-", "tiations on a newly-", "elaborated text for all countr-",
              "ies concerned by it."]  # fmt: skip
    text = "\n".join(texts(parsed([column([_pad(line, 70) for line in broken], 72, 700)])))
    assert "in the negotiations on a newly-elaborated text for all countries concerned" in text


def _pad(line: str, width: int) -> str:
    """The line justified to ``width`` unless it ends a paragraph (with a full stop)."""
    return line if line.endswith(".") else _justify(line.split(), width)


def test_a_hyphen_at_a_line_end_before_a_number_joins_without_a_space() -> None:
    lines = [_justify("Pakistan, speaking for the G-".split(), 70), "77/China, proposed text."]
    assert "the G-77/China, proposed" in "\n".join(texts(parsed([column(lines, 72, 700)])))


def test_a_bracket_closing_or_an_enumeration_run_on_at_a_line_start_continues() -> None:
    """"11)" opening a line closes the bracket the paragraph opened ("(IPCC XXV/Doc." / "11),
    and…"); "(2)" after a semicolon goes on with a paragraph that is no list item."""
    first = [_justify("on his proposal and the recommendations of the group (IPCC XXV/Doc.".split(),
                      70), "11), and a letter from the chief scientist."]  # fmt: skip
    second = [_justify("Divide into three sub-sections: (1) commitment to participate;".split(),
                       70), "(2) the mechanics of the system; and (3) its principles."]  # fmt: skip
    text = texts(parsed([column(first, 72, 700) + column(second, 72, 640)]))
    assert "on his proposal and the recommendations of the group (IPCC XXV/Doc. 11), and a " \
           "letter from the chief scientist." in text  # fmt: skip
    assert "Divide into three sub-sections: (1) commitment to participate; (2) the mechanics " \
           "of the system; and (3) its principles." in text  # fmt: skip


def test_a_title_set_large_atop_the_first_page_gives_no_heading() -> None:
    """The title over the first page, larger than every heading below, stays text: the
    document's one chapter set larger than its sub-headings still heads them."""
    items = [("Earth Negotiations Bulletin", 72, 780, 28, BOLD),
             ("SB 30 AND AWG HIGHLIGHTS", 72, 740, 16, BOLD),
             *column(set_lines(prose(1), 70), 72, 700),
             ("CONTACT GROUPS", 72, 600, 12, BOLD), *column(set_lines(prose(2), 70), 72, 580),
             ("AWG:", 72, 500, SIZE, BOLD), *column(set_lines(prose(3), 70), 72, 484),
             ("2008 CLIMATE CHANGE TALKS", 72, 400, SIZE, BOLD),
             *column(set_lines(prose(4), 70), 72, 384),
             ("28TH SESSION OF THE IPCC:", 72, 300, SIZE, BOLD),
             *column(set_lines(prose(5), 70), 72, 284)]  # fmt: skip
    document = parsed([items])
    assert [(s.level, s.heading) for s in document.sections if s.heading] == [
        (1, "CONTACT GROUPS"), (2, "AWG:"), (2, "2008 CLIMATE CHANGE TALKS"),
        (2, "28TH SESSION OF THE IPCC:")]  # fmt: skip
    assert document.sections[0].text.startswith("Earth Negotiations Bulletin\nSB 30 AND AWG")


def test_a_date_like_title_line_below_the_masthead_labels_stays_in_the_title() -> None:
    page = [
        ("United Nations", 72, 790, 16, BOLD), ("FCCC/PA/CMA/2021/10", 322, 790, 14, BOLD),
        ("Distr.: General", 400, 770, SIZE), ("8 March 2022", 400, 758, SIZE),
        ("Original: English", 400, 746, SIZE),
        ("Report of the Conference of the Parties on its third", 72, 680, 14, BOLD),
        ("session, held in Glasgow from 31 October to", 72, 664, 14, BOLD),
        ("13 November 2021", 72, 648, 14, BOLD),
        ("I. Opening of the session", 72, 610, 12, BOLD),
        *column(set_lines("1. " + PROSE, 70), 72, 590),
    ]  # fmt: skip
    document = parsed([page])
    assert document.date == "2022-03-08"
    assert document.title == ("Report of the Conference of the Parties on its third session, "
                              "held in Glasgow from 31 October to 13 November 2021")


def test_a_raised_number_opening_a_footnote_reads_whole() -> None:
    note = "As contained in the report of the session."
    page = [*column(set_lines(PROSE, 70), 72, 700),
            ("1", 72, 104, 6.7), ("0", 72 + 0.6 * 6.7, 104, 6.7), (note, 84, 100, 8)]  # fmt: skip
    assert f"10 {note}" in texts(parsed([page]))


def test_numbers_in_the_last_cells_of_a_ruled_table_are_no_contents() -> None:
    """Rows of a bordered table ending in small numbers, rising, are its rows, not a contents
    table's entries."""
    rows = [("Hong Kong Quality Assurance Agency", "1"), ("Instituto Brasileiro", "1"),
            ("Indian Council of Forestry Research", "14"), ("JACO CDM Ltd.", "15")]
    items, bars = [], [(70, 500, 0.5, 16 * len(rows)), (380, 500, 0.5, 16 * len(rows)),
                       (520, 500, 0.5, 16 * len(rows))]  # fmt: skip
    for index, (name, scopes) in enumerate(rows):
        y = 500 + 16 * (len(rows) - index - 1)
        items += [(name, 74, y + 4, SIZE), (scopes, 384, y + 4, SIZE)]
        bars.append((70, y, 450, 0.5))
    bars.append((70, 500 + 16 * len(rows), 450, 0.5))
    page = [*column(set_lines(PROSE, 70), 72, 780), *items]
    blocks = PdfReader().read(text_pdf([page], font="Courier", bars=[bars]), "x").blocks
    assert [b.text for b in blocks if b.kind == BlockKind.TABLE_ROW] == [
        f"{name} | {scopes}" for name, scopes in rows]
