"""What an ingest decides to do, before reading anything: the ledger of what the index holds, and
the new / changed / unchanged / moved / gone decisions for the files found (no index needed)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from conftest import REPORT_TXT
from helpers import ENB

from copdocs.ingest_plan import KEPT, Ledger, plan_ingest
from index.records import DocumentRecord


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record(path: Path, doc_id: str, sections: int = 3, digest: str | None = None) -> DocumentRecord:
    """The ledger entry an earlier ingest of ``path`` would have left."""
    return DocumentRecord(
        doc_id=doc_id, title=path.stem, source=os.path.realpath(path), format=path.suffix[1:],
        sections=sections, symbol=None, sha256=digest or sha256(path), date="", year=None, size=0,
        mtime=0.0,
    )  # fmt: skip


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(REPORT_TXT, folder / "cop13.txt")
    for path in ENB[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def test_ledger_finds_entries_by_source_and_by_content(folder: Path) -> None:
    report, issue = folder / "cop13.txt", folder / ENB[0].name
    copy = folder / "copy.md"
    shutil.copy(issue, copy)
    entries = [record(report, "r"), record(issue, "i"), record(copy, "c")]
    ledger = Ledger(entries)
    assert len(ledger) == 3
    assert ledger.get(str(report.resolve())) == entries[0]
    assert ledger.get("/nowhere.txt") is None
    assert ledger.with_content(sha256(issue)) == [entries[1], entries[2]]
    assert ledger.with_content("0" * 64) == []


def test_empty_ledger_every_file_is_new(folder: Path) -> None:
    plan = plan_ingest([folder], Ledger([]))
    names = [c.path.name for c in plan.changes]
    assert names == sorted(names) == sorted(p.name for p in folder.iterdir())
    change = plan.changes[0]
    assert change.previous is None and change.moved_from is None
    assert change.sha256 == sha256(change.path) and change.size == change.path.stat().st_size
    assert change.source == os.path.realpath(change.path)
    assert (plan.unchanged, plan.failed, plan.removals, plan.total) == ([], [], [], 4)


def test_unchanged_changed_and_new(folder: Path) -> None:
    report, issue = folder / "cop13.txt", folder / ENB[0].name
    ledger = Ledger([record(report, "r", sections=39), record(issue, "i", digest="0" * 64)])
    os.utime(report, (1, 1))  # a new modification time alone changes nothing
    plan = plan_ingest([folder], ledger)
    assert [(r.path, r.status, r.doc_id, r.sections) for r in plan.unchanged] == [
        (str(report), "unchanged", "r", 39)
    ]
    changes = {c.path.name: c for c in plan.changes}
    assert changes[issue.name].previous is not None
    assert changes[issue.name].previous.doc_id == "i"  # replaced under the same doc id
    assert [n for n, c in changes.items() if c.previous is None] == [p.name for p in ENB[1:3]]


def test_moved_file_takes_over_its_document(folder: Path, tmp_path: Path) -> None:
    old = folder / ENB[1].name
    entry = record(old, "moved-doc")
    new = folder / "renamed" / "新 名稱.md"
    new.parent.mkdir()
    old.rename(new)
    plan = plan_ingest([folder], Ledger([entry]))
    moved = next(c for c in plan.changes if c.path == new)
    assert moved.moved_from == entry and moved.previous is None
    assert plan.removals == []  # the move's result reports the old path as removed


def test_a_copy_is_not_a_move_while_the_original_exists(folder: Path) -> None:
    original = folder / ENB[0].name
    shutil.copy(original, folder / "copy.md")
    plan = plan_ingest([folder], Ledger([record(original, "orig")]))
    copy = next(c for c in plan.changes if c.path.name == "copy.md")
    assert copy.moved_from is None
    assert [r.doc_id for r in plan.unchanged] == ["orig"]


def test_two_new_copies_of_a_gone_file_one_takes_its_document(folder: Path) -> None:
    gone = folder / ENB[2].name
    entry = record(gone, "gone")
    shutil.copy(gone, folder / "a.md")
    shutil.copy(gone, folder / "b.md")
    gone.unlink()
    plan = plan_ingest([folder], Ledger([entry]))
    moves = {c.path.name: c.moved_from for c in plan.changes if c.path.name in ("a.md", "b.md")}
    assert moves == {"a.md": entry, "b.md": None}


def test_prune_removes_gone_files_under_the_folders_given_only(folder: Path, tmp_path: Path):
    gone_here = folder / ENB[0].name
    elsewhere = tmp_path / "elsewhere.md"
    shutil.copy(ENB[1], elsewhere)
    entries = [record(gone_here, "here", digest="1" * 64),
               record(elsewhere, "there", digest="2" * 64)]
    gone_here.unlink()
    elsewhere.unlink()
    assert plan_ingest([folder], Ledger(entries)).removals == []  # without --prune
    plan = plan_ingest([folder], Ledger(entries), prune=True)
    assert plan.removals == [entries[0]]


def test_a_named_missing_file_fails_or_with_prune_is_removed(folder: Path) -> None:
    gone = folder / "cop13.txt"
    entry = record(gone, "r")
    gone.unlink()
    plan = plan_ingest([gone], Ledger([entry]))
    assert [(r.status, r.error) for r in plan.failed] == [("failed", "no such file or directory")]
    assert plan_ingest([gone], Ledger([entry]), prune=True).removals == [entry]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_an_unreadable_changed_file_keeps_its_document(folder: Path) -> None:
    report = folder / "cop13.txt"
    entry = record(report, "r")
    report.unlink()
    os.mkfifo(report)  # reading it would block: refused without opening it for reading
    plan = plan_ingest([folder], Ledger([entry]))
    assert [(r.path, r.status, r.doc_id, r.error) for r in plan.failed] == [
        (str(report), "failed", "r", f"not a regular file; {KEPT}")
    ]
    assert plan.removals == [] and len(plan.changes) == 3


def test_a_file_reached_twice_is_planned_once(folder: Path, tmp_path: Path) -> None:
    issue = folder / ENB[0].name
    os.symlink(issue, tmp_path / "link.md")
    plan = plan_ingest([folder, issue, tmp_path / "link.md"], Ledger([]))
    assert [c.path.name for c in plan.changes].count(issue.name) == 1
    assert len(plan.changes) == 4


def test_hidden_unsupported_and_ignored_files_are_skipped(folder: Path) -> None:
    (folder / ".hidden.md").write_text("# hidden\n", encoding="utf-8")
    (folder / "picture.png").write_bytes(b"\x89PNG")
    (folder / "draft-notes.md").write_text("# notes\n", encoding="utf-8")
    (folder / ".copdocsignore").write_text("# drafts\ndraft-*\n", encoding="utf-8")
    names = {c.path.name for c in plan_ingest([folder], Ledger([])).changes}
    assert names == {"cop13.txt", *(p.name for p in ENB[:3])}
