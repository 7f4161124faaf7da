"""Batch ingest: unchanged files skipped, changed ones replaced, moves and deletions followed,
the ledger in step with the sections, the same index from one process or several."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, REPORT_TXT, TESTDATA, require_shared
from helpers import (
    ENB,
    assert_consistent,
    cli_command,
    documents,
    hit_sources,
    marked_copies,
    run_ingest,
    sections,
    statuses,
    toc_generation,
)

from copdocs.cli import cli
from copdocs.ingest import FileResult, ingest
from copdocs.worker_pool import Job, analyse_all
from pipeline.readers import detect_format, sniff
from pipeline.readers.doc import find_soffice
from pipeline.readers.text import MAX_LINE_CHARS, split_lines


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in ENB[:4]:
        shutil.copy(path, folder / path.name)
    shutil.copy(REPORT_TXT, folder / REPORT_TXT.name)
    return folder


# Incremental behaviour.


def test_first_ingest_adds_and_second_changes_nothing(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    summary, results = run_ingest(index, folder)
    assert summary.added == 5 and summary.files == 5
    assert all(r.status == "added" and r.sections > 0 for r in results)
    before = toc_generation(index)
    summary, results = run_ingest(index, folder)
    assert (summary.unchanged, summary.files) == (5, 5)
    assert {r.doc_id for r in results} == {d.doc_id for d in documents(index)}
    assert toc_generation(index) == before, "an ingest with nothing to do committed anyway"
    assert_consistent(index)


def test_touched_file_is_hashed_again_but_not_reindexed(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run_ingest(index, folder)
    before = toc_generation(index)
    touched = folder / ENB[0].name
    os.utime(touched, (time.time() + 3600, time.time() + 3600))
    summary, results = run_ingest(index, folder)
    assert statuses(results)[touched.name] == "unchanged"
    assert summary.unchanged == 5
    assert toc_generation(index) == before


def test_changed_file_replaces_its_document(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run_ingest(index, folder)
    report = folder / REPORT_TXT.name
    doc_id = next(d.doc_id for d in documents(index) if d.source.endswith(REPORT_TXT.name))
    text = report.read_text(encoding="utf-8")
    assert "調適基金" in text
    changed = text.replace("調適基金", "氣候融資窗口") + "\n新增段落 zqnewword。\n"
    report.write_text(changed, encoding="utf-8")
    summary, results = run_ingest(index, folder)
    assert (summary.updated, summary.unchanged) == (1, 4)
    updated = next(r for r in results if r.status == "updated")
    assert updated.doc_id == doc_id
    assert hit_sources(index, "zqnewword") == {REPORT_TXT.name}
    # "=": the word itself, not the concept (the report still says "adaptation fund")
    assert REPORT_TXT.name not in hit_sources(index, "=調適基金")
    assert len(documents(index)) == 5
    assert_consistent(index)


def test_renamed_file_ends_with_one_document(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run_ingest(index, folder)
    old = folder / ENB[1].name
    new_home = folder / "moved" / "新 位置 (2)"
    new_home.mkdir(parents=True)
    new = new_home / "renamed issue.md"
    old_doc = next(d for d in documents(index) if d.source == str(old.resolve()))
    old.rename(new)
    summary, results = run_ingest(index, folder)
    assert (summary.added, summary.removed, summary.unchanged) == (1, 1, 4)
    added = next(r for r in results if r.status == "added")
    assert added.path == str(new) and added.moved_from == str(old.resolve())
    removed = next(r for r in results if r.status == "removed")
    assert removed.doc_id == old_doc.doc_id
    docs = assert_consistent(index)
    assert len(docs) == 5
    assert str(new.resolve()) in {d.source for d in docs}
    assert sections(index, old_doc.doc_id) == []


def test_copied_file_is_a_second_document(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run_ingest(index, folder)
    shutil.copy(folder / ENB[0].name, folder / "copy.md")
    summary, _ = run_ingest(index, folder)
    assert (summary.added, summary.removed) == (1, 0)
    assert len(assert_consistent(index)) == 6


def test_prune_removes_documents_of_deleted_files_in_the_folders_given(tmp_path: Path) -> None:
    first, second = tmp_path / "cop13", tmp_path / "cop14"
    first.mkdir()
    second.mkdir()
    for path in ENB[:2]:
        shutil.copy(path, first / path.name)
    for path in ENB[2:4]:
        shutil.copy(path, second / path.name)
    index = tmp_path / "index"
    run_ingest(index, first, second)
    (first / ENB[0].name).unlink()
    (second / ENB[2].name).unlink()

    summary, _ = run_ingest(index, first)
    assert (summary.removed, summary.unchanged) == (0, 1), "removed without --prune"
    assert len(documents(index)) == 4

    summary, results = run_ingest(index, first, prune=True)
    assert (summary.removed, summary.unchanged) == (1, 1)
    assert [r.path for r in results if r.status == "removed"] == [str(first / ENB[0].name)]
    sources = {Path(d.source).name for d in assert_consistent(index)}
    assert ENB[2].name in sources, "pruned a document outside the folders given"

    summary, _ = run_ingest(index, second, prune=True)
    assert summary.removed == 1
    assert len(assert_consistent(index)) == 2


def test_prune_removes_an_explicitly_named_missing_file(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run_ingest(index, folder)
    gone = folder / ENB[3].name
    gone.unlink()
    summary, results = run_ingest(index, gone)
    assert (summary.failed, results[0].error) == (1, "no such file or directory")
    summary, results = run_ingest(index, gone, prune=True)
    assert (summary.removed, summary.failed) == (1, 0)
    assert len(assert_consistent(index)) == 4


def test_failed_update_keeps_the_version_indexed_earlier(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    run_ingest(index, folder)
    (folder / REPORT_TXT.name).write_bytes(b"\x00\x01\x02 binary now" * 100)
    summary, results = run_ingest(index, folder)
    assert summary.failed == 1
    failure = next(r for r in results if r.status == "failed")
    assert "binary" in failure.error and "kept" in failure.error
    assert REPORT_TXT.name in hit_sources(index, "調適基金")


def test_file_reached_twice_is_ingested_once(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    os.symlink(folder / ENB[0].name, tmp_path / "link.md")
    summary, results = run_ingest(index, folder, folder / ENB[0].name, tmp_path / "link.md")
    assert summary.files == 5 and summary.added == 5
    assert len(assert_consistent(index)) == 5


@pytest.mark.slow
def test_one_process_and_several_build_the_same_index(tmp_path: Path) -> None:
    one, several = tmp_path / "one", tmp_path / "several"
    run_ingest(one, CORPUS, jobs=1)
    summary, results = run_ingest(several, CORPUS, jobs=2)
    assert summary.added == len(results) > 10
    assert [r.path for r in results] == sorted(r.path for r in results), "results out of order"

    def content(index: Path) -> list[tuple]:
        return [(s.section_id, s.heading, s.text, s.path) for s in sections(index)]

    assert content(one) == content(several)
    assert assert_consistent(one) == assert_consistent(several)


def test_commits_in_batches_and_reports_only_what_is_committed(tmp_path: Path) -> None:
    files = marked_copies(tmp_path / "many", 12)
    index = tmp_path / "index"
    generations: list[list[str]] = []

    def on_result(result: FileResult) -> None:
        generations.append(toc_generation(index))
        ledger = {d.source for d in documents(index)}
        assert str(Path(result.path).resolve()) in ledger, "reported before its commit"

    summary = ingest(index, [tmp_path / "many"], on_result=on_result, jobs=1, commit_every=5)
    assert summary.added == len(files)
    assert len({tuple(g) for g in generations}) == 3  # commits after 5, 10 and 12 files


# The command line.


@pytest.mark.slow
def test_json_lines_one_object_per_file_then_the_summary(folder: Path, tmp_path: Path) -> None:
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    runner = CliRunner()
    index = tmp_path / "index"
    result = runner.invoke(cli, ["--index", str(index), "ingest", "--json", "-j", "2", str(folder)])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    *files, last = records
    assert len(files) == 6
    for record in files:
        assert list(record)[:4] == ["path", "status", "doc_id", "sections"]
        assert record["status"] in ("added", "failed")
    failed = [r for r in files if r["status"] == "failed"]
    assert [Path(r["path"]).name for r in failed] == ["broken.docx"]
    assert "docx" in failed[0]["error"]
    assert all("error" not in r for r in files if r["status"] == "added")
    assert list(last) == ["summary"]
    fields = ["added", "updated", "unchanged", "removed", "failed", "skipped", "seconds"]
    assert list(last["summary"]) == fields
    assert (last["summary"]["added"], last["summary"]["failed"]) == (5, 1)

    again = runner.invoke(cli, ["--index", str(index), "ingest", str(folder)])
    assert again.exit_code == 1
    assert again.stdout.startswith("0 added, 0 updated, 5 unchanged, 0 removed, 1 failed in ")
    assert again.stderr.splitlines() == [
        f"copdocs: {folder / 'broken.docx'}: {failed[0]['error']}"
    ]


@pytest.mark.slow
def test_clean_ingest_exits_0_with_a_summary_line(folder: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--index", str(tmp_path / "ix"), "ingest", str(folder)])
    assert result.exit_code == 0
    assert result.stdout.startswith("5 added, 0 updated, 0 unchanged, 0 removed, 0 failed in ")
    assert result.stderr == ""


# The worker pool.


@pytest.mark.slow
def test_worker_pool_returns_outcomes_in_order_with_failures_in_place(tmp_path: Path) -> None:
    good = marked_copies(tmp_path / "good", 5)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00" * 100)
    paths = [good[0], bad, *good[1:], tmp_path / "missing.md"]
    jobs = [Job(str(p), 1000) for p in paths]
    outcomes = list(analyse_all(jobs, 2))
    assert [o.error is None for o in outcomes] == [True, False, True, True, True, True, False]
    names = [Path(o.document.source).name for o in outcomes if o.document]
    assert names == [p.name for p in good]
    assert outcomes[-1].error == "no such file or directory"


WORKER_SCRIPT = """
import json, sys
from copdocs.worker_pool import Job, WorkerPool
first, *others = [Job(path, 1000) for path in sys.argv[1:]]
pool = WorkerPool(1)
try:
    outcomes = list(pool.outcomes([first])) + list(pool.outcomes(others))
finally:
    pool.close()
print(json.dumps([[o.document is not None, o.error] for o in outcomes]))
"""


@pytest.mark.slow
def test_worker_killed_mid_file_fails_that_file_only(tmp_path: Path) -> None:
    good = marked_copies(tmp_path / "good", 3)
    # The worker is killed when it has analysed its second file, before sending it back; the
    # file queued behind it goes to a new worker.
    done = subprocess.run(
        [sys.executable, "-c", WORKER_SCRIPT, *map(str, good)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "COPDOCS_FAULT": "file-analysed:2"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [
        [True, None],
        [False, "the reader crashed on it (killed by SIGKILL; a worker may use 512 MB)"],
        [True, None],
    ]


# Long lines.


def test_a_line_of_megabytes_is_cut_into_bounded_blocks() -> None:
    sentences = "The Parties agreed. " * 20_000 + "字" * 150_000
    lines = split_lines(sentences)
    assert len(lines) > 5 and all(len(line) <= MAX_LINE_CHARS for line in lines)
    assert "".join(lines).replace(" ", "") == sentences.replace(" ", "")
    assert lines[0].endswith("agreed.")


def test_real_long_paragraphs_are_left_whole() -> None:
    paragraph = "word " * 9_000  # 45,000 characters, as long as the longest ENB paragraphs
    assert split_lines(paragraph + "\nnext") == [paragraph.rstrip(), "next"]


# The whole of ../shared/testdata.


@pytest.mark.slow
def test_ingest_of_all_shared_testdata_accounts_for_every_file(tmp_path: Path) -> None:
    """Every file of ../shared/testdata accounted for: its 729 text documents, SOURCES.md files,
    Word files and PDFs ingested (the one scan without a text layer fails with its one line, and
    a format this installation cannot read with its reason), then all of it re-ingested
    unchanged."""
    require_shared()
    formats = {
        str(Path(root) / name): detect_format(name, sniff((Path(root) / name).read_bytes()))
        for root, _, names in os.walk(TESTDATA)
        for name in names
        if not name.startswith(".")
    }
    assert None not in formats.values()
    cannot = {"doc": find_soffice() is None}
    scan = str(TESTDATA / "pdf" / "indc_serbia_2015_en_SCANNED.pdf")
    failing = sorted({scan, *(path for path, fmt in formats.items() if cannot.get(fmt))})
    expected = sorted(path for path in formats if path not in failing)
    index = tmp_path / "index"
    command = cli_command(index, "ingest", "--json", str(TESTDATA))
    first = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    assert first.returncode == 1, first.stderr
    *records, last = [json.loads(line) for line in first.stdout.splitlines()]
    by_status = {
        status: sorted(r["path"] for r in records if r["status"] == status)
        for status in ("added", "failed")
    }
    assert by_status == {"added": expected, "failed": failing}
    errors = {r["path"]: r["error"] for r in records if r["status"] == "failed"}
    assert errors[scan] == "no text layer (scanned?): 3 pages, no text"
    assert last["summary"]["added"] == len(expected) >= 729
    docs = assert_consistent(index)
    assert len(docs) == len(expected)

    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 1, again.stderr
    summary = json.loads(again.stdout.splitlines()[-1])["summary"]
    assert summary["unchanged"] == len(expected) and summary["added"] == 0
    assert len(hit_sources(index, '"Bali Action Plan"')) >= 10
