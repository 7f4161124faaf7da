"""Plain-text and Markdown readers, and the structure of UNFCCC and ENB documents."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from conftest import CORPUS, REPORT_TXT, TESTDATA, require_shared

from copdocs.errors import ReadError
from pipeline.document import parse_bytes, parse_file
from pipeline.encoding import decode

REPORT = REPORT_TXT.read_text(encoding="utf-8")
SAMPLE = "3.13 調適工作方案及調適基金\n全球暖化所造成的天然災害威脅，如乾旱、颱風、豪雨。\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
        SAMPLE.encode("cp950"),
        SAMPLE.encode("big5"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp950", "big5"],
)
def test_text_encodings_decode_to_the_same_text(data: bytes) -> None:
    text, _ = decode(data)
    assert text == SAMPLE


def test_cp950_is_detected_not_guessed_as_latin1() -> None:
    text, encoding = decode(REPORT.split("第2章")[0].encode("cp950", errors="replace"))
    assert encoding == "cp950"
    assert "聯合國氣候變化綱要公約" in text


def test_invalid_utf8_bytes_are_replaced_and_the_rest_kept() -> None:
    data = REPORT.encode("utf-8")
    damaged = data[:5000] + b"\xff\xfe\x80" + data[5000:]
    text, encoding = decode(damaged)
    assert "invalid bytes replaced" in encoding
    assert "調適基金" in text and "\ufffd" in text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"abc\x00def" * 100, "NUL"),
        (bytes(range(256)) * 40, "binary"),
    ],
    ids=["empty", "nul", "junk"],
)
def test_binary_and_empty_text_files_are_refused(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError, match=reason):
        parse_bytes(data, Path("junk.txt"))


def test_unsupported_extension_names_the_supported_ones() -> None:
    with pytest.raises(ReadError, match=r"unsupported file type \(supported: .*\.docx"):
        parse_bytes(b"hello", Path("notes.pptx"))


def test_markdown_front_matter_and_headings() -> None:
    source = (
        "---\ntitle: \"COP 13 HIGHLIGHTS\"\nid: enb12345e\ndate: 2007-12-05\n"
        "abstract: \"Delegates discussed the Adaptation Fund.\"\n---\n\n"
        "Intro line.\n\n# SBSTA\n\n### METHODOLOGICAL ISSUES\n\nText about HCFC-22.\n\n"
        "# SBI\n\nMore.\n"
    )
    document = parse_bytes(source.encode(), Path("issue.md"))
    assert document.title == "COP 13 HIGHLIGHTS"
    assert document.date == "2007-12-05"
    outline = [(s.level, s.heading) for s in document.sections]
    assert outline == [(1, ""), (1, "SBSTA"), (2, "METHODOLOGICAL ISSUES"), (1, "SBI")]
    # The title and abstract are searchable text of the leading section.
    assert document.sections[0].text == (
        "COP 13 HIGHLIGHTS\nDelegates discussed the Adaptation Fund.\nIntro line."
    )
    assert document.sections[2].text == "Text about HCFC-22."


def test_markdown_code_fences_do_not_make_headings() -> None:
    source = "# Real\n\n```\n# not a heading\n```\n"
    document = parse_bytes(source.encode(), Path("x.md"))
    assert [s.heading for s in document.sections] == ["Real"]
    assert "# not a heading" in document.sections[0].text


def test_enb_bali_summary_issue_structure() -> None:
    document = parse_file(CORPUS / "enb" / "enb12354e.md")
    assert document.title.startswith("SUMMARY OF THE THIRTEENTH CONFERENCE OF PARTIES")
    assert document.date == "2007-12-15"
    headings = [s.heading for s in document.sections]
    assert "INTERNATIONAL TRANSACTION LOG" in headings
    assert "A BRIEF HISTORY OF THE UNFCCC AND KYOTO PROTOCOL" in headings
    history = next(s for s in document.sections if s.heading.startswith("A BRIEF HISTORY"))
    children = [s.heading for s in document.sections if s.parent_id == history.section_id]
    assert children[:2] == ["KYOTO PROTOCOL:", "BUENOS AIRES PLAN OF ACTION:"]


@pytest.mark.slow  # every file of ../shared/testdata
def test_every_enb_issue_reads_with_metadata() -> None:
    require_shared()
    for path in sorted((TESTDATA / "enb").glob("*.md")):
        document = parse_file(path)
        assert document.title, path
        assert document.sections, path
        assert document.date == "" or document.date[:2] in ("19", "20"), path


def test_front_matter_with_control_characters_still_gives_a_title() -> None:
    require_shared()
    document = parse_file(TESTDATA / "enb" / "1211000e.md")
    assert document.title and not document.title.startswith("---")


def test_unfccc_decision_document_masthead_title_and_decisions() -> None:
    document = parse_file(CORPUS / "unfccc" / "cp2014_20 - 2014 - decision 1.txt")
    assert document.symbol == "FCCC/CP/2014/10/Add.1"
    assert document.date == "2015-02-02"
    assert document.title.startswith("Report of the Conference of the Parties on its twentieth")
    decision = next(s for s in document.sections if s.number == "1/CP.20")
    assert decision.heading == "Lima Call for Climate Action"
    assert decision.level == 1
    assert "Confirms that the Ad Hoc Working Group" in decision.text
    # The contents table lists the decision too, but only the body's copy is a section.
    assert [s.number for s in document.sections].count("1/CP.20") == 1


def test_unfccc_session_report_chapters_and_contents_table() -> None:
    document = parse_file(CORPUS / "unfccc" / "sbi2015_10 (report SB 42).txt")
    assert document.symbol == "FCCC/SBI/2015/10"
    top = [(s.number, s.heading) for s in document.sections if s.level == 1 and s.number]
    assert top[0] == ("I", "Opening of the session")
    assert top[1] == ("II", "Organizational matters")
    assert [n for n, _ in top[:17]] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
        "XIV", "XV", "XVI", "XVII",
    ]
    adoption = next(s for s in document.sections if s.heading == "Adoption of the agenda")
    assert adoption.number == "A" and adoption.level == 2
    # Numbered paragraphs stay body text.
    assert not any(s.number.isdigit() for s in document.sections)
    leading = document.sections[0]
    assert leading.heading == "" and "Contents" in leading.text


@pytest.mark.slow  # every file of ../shared/testdata
def test_every_unfccc_document_has_its_own_symbol_and_sections() -> None:
    require_shared()
    for path in sorted((TESTDATA / "unfccc").glob("*/*.txt")):
        document = parse_file(path)
        assert document.symbol.startswith("FCCC/"), path
        assert len(document.sections) > 3, path
        decisions = [s for s in document.sections if "/C" in s.number]
        for decision in decisions:
            assert decision.heading, (path, decision.number)
