"""A file is read by what it is, else by its name; files of other types are skipped, and said so.

pipeline/readers/__init__.py (the format mapping and content sniffing), copdocs/ingest_plan.py
and copdocs/reporting.py (skipped files).
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import CORPUS, REPORT_DOCX, SHARED, require_shared
from helpers import pdf_reader_installed

from copdocs.cli import cli
from copdocs.errors import ReadError
from pipeline.document import parse_bytes, parse_file
from pipeline.readers import detect_format, sniff

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HTML = b"<!DOCTYPE html><html><head><title>COP13</title></head><body><h1>Bali</h1></body></html>"


def word_ole2() -> bytes:
    """The start of an OLE2 container whose directory names a WordDocument stream."""
    return OLE2 + bytes(504) + "Root Entry".encode("utf-16-le") + "WordDocument".encode("utf-16-le")


def zip_of(*names: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.pdf", REPORT_DOCX.read_bytes(), "docx"),
        ("report.doc", REPORT_DOCX.read_bytes(), "docx"),
        ("report", REPORT_DOCX.read_bytes(), "docx"),
        ("scan.doc", b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n", "pdf"),
        ("scan.docx", b"\r\n%PDF-1.4\n", "pdf"),
        ("old.docx", word_ole2(), "doc"),
        ("old.pdf", word_ole2(), "doc"),
        ("letter.doc", rb"{\rtf1\ansi Decision 1/CP.13}", "doc"),
        ("page.doc", HTML, "html"),
        ("page.docx", b"\xef\xbb\xbf\n" + HTML, "html"),
        ("page.pdf", HTML, "html"),
        ("saved.htm", HTML, "html"),
        ("notes.txt", HTML, "txt"),  # a text file may show markup; it stays text
        ("notes.md", HTML, "md"),
        ("slides.docx", zip_of("[Content_Types].xml", "ppt/presentation.xml"), "docx"),
        ("slides.pptx", zip_of("[Content_Types].xml", "ppt/presentation.xml"), None),
        ("book.xls", OLE2 + bytes(600), None),  # OLE2 without a Word stream: by its name
        ("encrypted.docx", OLE2 + bytes(600), "docx"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), None),
        ("notes.txt", "調適基金".encode(), "txt"),
    ],
)
def test_format_by_content_else_by_name(name: str, data: bytes, expected: str | None) -> None:
    assert detect_format(name, sniff(data)) == expected


def test_word_file_named_pdf_is_read_as_word(tmp_path: Path) -> None:
    require_shared()
    misnamed = tmp_path / "IRQ_Iraq_First_NDC_Arabic.pdf"  # its name in its source repository
    shutil.copyfile(SHARED / "testdata" / "pdf" / "ndc_iraq_1st_ar.docx", misnamed)
    document = parse_file(misnamed)
    assert document.format == "docx"
    assert any("العراق" in s.text or "العراق" in s.heading for s in document.sections)


def test_docx_named_doc_needs_no_libreoffice(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice to be found
    document = parse_bytes(REPORT_DOCX.read_bytes(), Path("cop13-report.doc"))
    assert document.format == "docx" and len(document.sections) == 39


def test_html_named_docx_is_read_as_html() -> None:
    document = parse_bytes(HTML, Path("page.docx"))
    assert document.format == "html"
    assert [s.heading for s in document.sections] == ["Bali"]


def test_pdf_named_doc_is_read_as_pdf() -> None:
    pdf = SHARED / "seed" / "cop13-report.pdf"
    if not pdf.exists():
        pytest.skip("../shared/seed is not present")
    data = pdf.read_bytes()
    if not pdf_reader_installed():
        with pytest.raises(ReadError, match="^PDF support is not installed in this copdocs$"):
            parse_bytes(data, Path("cop13-report.doc"))
        pytest.skip("pipeline.readers.pdf is not part of this copdocs yet")
    document = parse_bytes(data, Path("cop13-report.doc"))
    assert document.format == "pdf"


# Skipped files ------------------------------------------------------------------------------


def mixed_folder(root: Path) -> Path:
    folder = root / "mixed"
    (folder / "sub").mkdir(parents=True)
    shutil.copyfile(CORPUS / "reports" / "cop13-report.txt", folder / "report.txt")
    shutil.copyfile(CORPUS / "enb" / "enb12344e.md", folder / "sub" / "enb12344e.md")
    shutil.copyfile(REPORT_DOCX, folder / "sub" / "report-without-extension")
    (folder / "page.doc").write_bytes(HTML)
    for name in ("slides.pptx", "more slides.PPTX", "sub/budget.xlsx", "notes.odt", "README"):
        (folder / name).write_bytes(b"PK\x03\x04 not a document of a supported type")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(50))
    # left out without a word: hidden files, Word's owner files, .copdocsignore matches
    (folder / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (folder / "~$report.docx").write_bytes(b"\x0bowner file")
    (folder / "draft.txt").write_text("ignored", encoding="utf-8")
    (folder / ".copdocsignore").write_text("draft.*\n", encoding="utf-8")
    return folder


def test_unsupported_files_are_counted_and_reported_not_silent(tmp_path: Path) -> None:
    folder = mixed_folder(tmp_path)
    index = tmp_path / "index"
    runner = CliRunner()
    result = runner.invoke(cli, ["--index", str(index), "ingest", "-j", "1", str(folder)])
    assert result.exit_code == 0, result.output
    line = result.stdout.strip()
    assert line.startswith("4 added, 0 updated, 0 unchanged, 0 removed, 0 failed in ")
    assert line.endswith(
        "; 6 skipped: .pptx ×2, (no extension) ×1, .jpg ×1, .odt ×1, .xlsx ×1"
    ), line

    again = runner.invoke(cli, ["--index", str(index), "ingest", "--json", str(folder)])
    assert again.exit_code == 0
    *files, last = [json.loads(line) for line in again.stdout.splitlines()]
    skipped = {Path(r["path"]).name: r for r in files if r["status"] == "skipped"}
    assert set(skipped) == {"slides.pptx", "more slides.PPTX", "budget.xlsx", "notes.odt",
                            "README", "photo.jpg"}
    assert skipped["slides.pptx"]["reason"] == "unsupported file type .pptx"
    assert skipped["README"]["reason"] == "unsupported file type (no extension)"
    assert all(r["doc_id"] is None and "error" not in r for r in skipped.values())
    assert last["summary"]["skipped"] == 6 and last["summary"]["unchanged"] == 4
    listed = {Path(r["path"]).name for r in files}
    assert not listed & {".hidden.txt", "~$report.docx", "draft.txt", ".copdocsignore"}


def test_a_named_file_of_an_unsupported_type_is_skipped_too(tmp_path: Path) -> None:
    slides = tmp_path / "slides.pptx"
    slides.write_bytes(zip_of("[Content_Types].xml", "ppt/presentation.xml"))
    result = CliRunner().invoke(
        cli, ["--index", str(tmp_path / "index"), "ingest", "--json", str(slides)]
    )
    assert result.exit_code == 0
    record, last = [json.loads(line) for line in result.stdout.splitlines()]
    assert (record["status"], record["reason"]) == ("skipped", "unsupported file type .pptx")
    assert last["summary"]["skipped"] == 1


def test_a_large_file_of_an_unsupported_type_is_skipped_not_refused(tmp_path: Path) -> None:
    video = tmp_path / "talk.mp4"
    with video.open("wb") as out:
        out.truncate(40 << 20)  # sparse: over every size limit
    result = CliRunner().invoke(
        cli, ["--index", str(tmp_path / "index"), "ingest", "--json", str(tmp_path)]
    )
    assert result.exit_code == 0
    record = json.loads(result.stdout.splitlines()[0])
    assert (record["status"], record["reason"]) == ("skipped", "unsupported file type .mp4")


def test_core_properties_from_a_generated_document_are_used() -> None:
    document = docx.Document()
    document.core_properties.title = "Bali Action Plan: an assessment"
    document.add_paragraph("Body.")
    buffer = io.BytesIO()
    document.save(buffer)
    assert parse_bytes(buffer.getvalue(), Path("x.docx")).title == "Bali Action Plan: an assessment"
