"""Legacy Word .doc files, converted by LibreOffice and read as .docx: pipeline/readers/doc.py."""

from __future__ import annotations

import os
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import REPORT_DOCX, SHARED, require_shared
from helpers import require_soffice

from copdocs.errors import ReadError
from pipeline.document import parse_bytes, parse_file
from pipeline.readers.doc import INSTALL_HINT, convert_to_docx
from pipeline.symbols import find_references


def seed_doc() -> Path:
    require_shared()
    require_soffice()
    return SHARED / "seed" / "cop13-report.doc"


def russian_doc() -> Path:
    require_shared()
    require_soffice()
    return SHARED / "testdata" / "pdf" / "indc_russia_2015_ru.doc"


@pytest.mark.slow
def test_seed_doc_reads_like_the_docx() -> None:
    doc = parse_file(seed_doc())
    docx = parse_file(REPORT_DOCX)
    assert doc.format == "doc"
    assert [(s.number, s.heading, s.level) for s in doc.sections] == [
        (s.number, s.heading, s.level) for s in docx.sections
    ]
    assert [s.text for s in doc.sections] == [s.text for s in docx.sections]
    title = "聯合國氣候變化綱要公約第13屆締約國大會暨京都議定書第3屆締約國會議"
    assert doc.title == docx.title == title
    assert doc.year == 2007


@pytest.mark.slow
def test_russian_doc_in_code_page_1251_with_a_decision_typed_in_cyrillic() -> None:
    document = parse_file(russian_doc())
    text = "\n".join(s.text for s in document.sections)
    assert "Российская Федерация" in text and "ссылаясь на заявления" in text
    assert "\ufffd" not in text
    decisions = {ref.symbol: ref.raw for ref in find_references(text) if ref.kind == "decision"}
    assert decisions["1/CP.20"] == "1/\u0421\u0420.20"  # as typed: Cyrillic С and Р
    assert decisions["24/CP.19"] == "24/CP.19"
    assert "(СО2)" in text  # Cyrillic words and formulas stay as written
    assert document.title == "indc_russia_2015_ru"  # its properties title is its file name
    assert document.year == 2015


@pytest.mark.slow
def test_several_conversions_at_once_each_get_their_own_document() -> None:
    sources = [seed_doc(), russian_doc()] * 2
    with ThreadPoolExecutor(max_workers=len(sources)) as pool:
        documents = list(pool.map(lambda p: parse_bytes(p.read_bytes(), p), sources))
    seeds = [d for d in documents if "第1章" in {s.number for s in d.sections}]
    russians = [d for d in documents if "Российская" in d.sections[0].text]
    assert len(seeds) == len(russians) == 2
    assert all(len([s for s in d.sections if s.heading]) == 39 for d in seeds)


@pytest.mark.slow
def test_word_file_saved_as_rtf_under_a_doc_name() -> None:
    require_soffice()
    rtf = rb"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times;}}\f0 Decision 1/CP.13 Bali Action Plan\par}"
    document = parse_bytes(rtf, Path("bali.doc"))
    assert document.format == "doc"
    assert "Decision 1/CP.13 Bali Action Plan" in document.sections[0].text


@pytest.mark.slow
def test_not_a_word_file_is_one_clear_error() -> None:
    require_soffice()
    with pytest.raises(ReadError, match="LibreOffice could not convert it"):
        convert_to_docx(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000))


def test_without_libreoffice_the_error_names_the_package(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ReadError) as caught:
        parse_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), Path("old.doc"))
    assert str(caught.value) == INSTALL_HINT
    assert "libreoffice-writer-nogui" in INSTALL_HINT and "\n" not in INSTALL_HINT


@pytest.mark.slow
def test_a_conversion_over_its_time_is_killed_with_its_whole_process_group(
    monkeypatch, tmp_path: Path
) -> None:
    """A stand-in soffice that starts a helper process and hangs: both must be gone."""
    pids = tmp_path / "pids"
    fake = tmp_path / "soffice"
    fake.write_text(
        f"#!/bin/sh\nsleep 300 &\necho $! >> {pids}\necho $$ >> {pids}\nsleep 300\n",
        encoding="utf-8",
    )
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(ReadError, match="took over 1 s to convert it"):
        convert_to_docx(b"\xd0\xcf\x11\xe0" + bytes(100), timeout=1)
    started = [int(pid) for pid in pids.read_text().split()]
    assert len(started) == 2
    for pid in started:
        assert not _alive(pid), pid


def _alive(pid: int) -> bool:
    for _ in range(50):  # the kernel may take a moment to reap the killed helper
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        if Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z":
            return False  # a zombie: killed, waiting for its (init) parent to reap it
        time.sleep(0.1)
    return True
