"""Interruptions and rivals: an ingest killed at any moment leaves the index at its last commit,
searchable, and the next ingest finishes the job without duplicates; two ingests at once wait for
each other or say the index is busy; searches work while an ingest writes.

Kills happen at named points of the ingest (copdocs/faults.py), so each test interrupts the moment
it means to, every time."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers import assert_consistent, cli_command, marked_copies, search

pytestmark = pytest.mark.slow  # every test here runs copdocs in other processes

FILES = 20
BATCH = 5  # --commit-every


def start(index: Path, *args: str, fault: str | None = None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "COPDOCS_FAULT"}
    if fault is not None:
        env["COPDOCS_FAULT"] = fault
    return subprocess.Popen(
        cli_command(index, "ingest", *args),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def killed_at(index: Path, folder: Path, fault: str, jobs: int = 2) -> list[str]:
    """Run an ingest that kills itself at ``fault``; the paths it reported added."""
    process = start(
        index, "--json", "--commit-every", str(BATCH), "-j", str(jobs), str(folder), fault=fault
    )
    stdout, stderr = process.communicate(timeout=600)
    assert process.returncode == -signal.SIGKILL, f"not killed at {fault}: {stderr}"
    records = [json.loads(line) for line in stdout.splitlines()]
    assert all(r["status"] == "added" for r in records)
    return [str(Path(r["path"]).resolve()) for r in records]


def read_until_added(process: subprocess.Popen, count: int) -> list[str]:
    """Paths reported added, read from the JSON output until there are ``count`` of them."""
    added: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        record = json.loads(line)
        if record.get("status") == "added":
            added.append(record["path"])
        if len(added) >= count:
            break
    return added


def descendants(pid: int) -> set[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except OSError:
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def finish(index: Path, folder: Path) -> dict:
    done = subprocess.run(
        cli_command(index, "ingest", "--json", str(folder)),
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])["summary"]


def assert_complete(index: Path, files: int = FILES) -> None:
    docs = assert_consistent(index)
    assert len(docs) == files
    for number in range(files):
        hits = search(index, f"zqmarker{number:03d}x").hits
        assert len({h.doc_id for h in hits}) == 1, number


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    marked_copies(tmp_path / "batch", FILES)
    return tmp_path / "batch"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="watching worker processes needs /proc")
def test_sigkill_keeps_what_was_committed_and_the_next_ingest_finishes(
    folder: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    # Killed right after its third commit, before reporting that batch.
    process = start(
        index, "--json", "--commit-every", str(BATCH), "-j", "2", str(folder),
        fault="after-commit:3",
    )  # fmt: skip
    added = read_until_added(process, 1)
    workers = descendants(process.pid)
    assert workers, "no worker processes"
    assert process.stdout is not None and process.stderr is not None
    rest = process.stdout.read()  # what the line iterator has not read yet
    process.wait(timeout=600)
    process.stdout.close()
    process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    added += [json.loads(line)["path"] for line in rest.splitlines()]
    assert len(added) == 2 * BATCH, "reported a batch it had not committed, or missed one"

    docs = assert_consistent(index)
    assert len(docs) == 3 * BATCH
    assert {str(Path(p).resolve()) for p in added} <= {d.source for d in docs}
    assert search(index, "zqmarker000x").hits
    for _ in range(150):  # the workers notice their parent is gone and exit
        if not any(alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "worker processes outlived the ingest"

    summary = finish(index, folder)
    assert summary["unchanged"] == 3 * BATCH
    assert summary["added"] == FILES - 3 * BATCH and summary["failed"] == 0
    assert_complete(index)


# (fault point, jobs, documents the index holds after the kill: None for no index yet)
POINTS = [
    ("lock-acquired", 2, None),
    ("index-creating", 2, None),
    ("index-opened", 2, 0),
    ("file-analysed:8", 1, BATCH),  # in this process with one job: killed while reading
    ("batch-written:2", 2, BATCH),
    ("segment-flushed:2", 2, BATCH),
    ("toc-written:2", 2, 2 * BATCH),
    ("after-commit:2", 2, 2 * BATCH),
]


@pytest.mark.parametrize(("fault", "jobs", "kept"), POINTS, ids=[p[0] for p in POINTS])
def test_killed_at_each_point_the_index_stays_at_its_last_commit(
    folder: Path, tmp_path: Path, fault: str, jobs: int, kept: int | None
) -> None:
    index = tmp_path / "index"
    reported = killed_at(index, folder, fault, jobs)
    if kept is None:
        assert not (index / "copdocs.json").exists()
        assert reported == []
    else:
        docs = assert_consistent(index)
        assert len(docs) == kept
        assert set(reported) <= {d.source for d in docs}
        # Killed after a commit but before reporting it, the last batch is in but unreported.
        unreported = BATCH if fault.split(":")[0] in ("toc-written", "after-commit") else 0
        assert len(reported) == kept - unreported
        assert len(search(index, "zqmarker000x").hits) == (1 if kept else 0)
    summary = finish(index, folder)
    assert summary["unchanged"] == (kept or 0)
    assert summary["added"] == FILES - (kept or 0) and summary["failed"] == 0
    assert_complete(index)


@pytest.mark.parametrize("fault", ["batch-written:1", "segment-flushed:1", "toc-written:1"])
def test_killed_while_replacing_changed_files_old_or_new_never_both(
    folder: Path, tmp_path: Path, fault: str
) -> None:
    index = tmp_path / "index"
    finish(index, folder)
    changed = sorted(folder.iterdir())[: 2 * BATCH]
    for path in changed:
        path.write_text(path.read_text(encoding="utf-8") + "\nRevised zqrevisedx.\n", "utf-8")
    process = start(index, "--json", "--commit-every", str(BATCH), str(folder), fault=fault)
    process.communicate(timeout=600)
    assert process.returncode == -signal.SIGKILL

    docs = assert_consistent(index)
    assert len(docs) == FILES
    revised = {Path(h.source).name for h in search(index, "zqrevisedx", limit=50).hits}
    # The first batch's commit either happened whole (its table of contents was written) or not.
    expected = {p.name for p in changed[:BATCH]} if fault.startswith("toc-written") else set()
    assert revised == expected
    assert_complete(index)

    summary = finish(index, folder)
    assert summary["updated"] == 2 * BATCH - len(expected)
    assert summary["unchanged"] == FILES - summary["updated"]
    revised = {Path(h.source).name for h in search(index, "zqrevisedx", limit=50).hits}
    assert revised == {p.name for p in changed}
    assert_complete(index)


def test_ctrl_c_stops_cleanly_and_keeps_what_was_committed(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    process = start(index, "--json", "--commit-every", str(BATCH), str(folder))
    added = read_until_added(process, 5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted; the index keeps the" in stderr and "Traceback" not in stderr
    docs = assert_consistent(index)
    assert {str(Path(p).resolve()) for p in added} <= {d.source for d in docs}
    finish(index, folder)
    assert_complete(index)


def test_a_second_ingest_waits_or_says_the_index_is_busy(tmp_path: Path) -> None:
    files = 6 * FILES  # enough work that the first ingest is still writing at the end
    folder = tmp_path / "many"
    marked_copies(folder, files)
    index = tmp_path / "index"
    first = start(index, "--json", "--commit-every", "5", "-j", "1", str(folder))
    read_until_added(first, 5)  # it holds the index from here until it finishes

    impatient = subprocess.run(
        cli_command(index, "ingest", "--wait", "0", str(folder)),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert impatient.returncode == 1
    assert impatient.stderr.strip() == (
        f"Error: the index at {index} is busy: another ingest is writing to it"
    )

    patient = start(index, "--json", "--wait", "600", str(folder))
    searched = subprocess.run(
        cli_command(index, "search", "zqmarker000x", "--json"),
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert searched.returncode == 0, searched.stderr
    assert json.loads(searched.stdout.splitlines()[0])["doc_id"]
    assert first.poll() is None, "the first ingest finished too soon to test anything"

    first.communicate(timeout=900)
    stdout, stderr = patient.communicate(timeout=900)
    assert first.returncode == 0
    assert patient.returncode == 0, stderr
    assert "waiting for it" in stderr and "Traceback" not in stderr
    summary = json.loads(stdout.splitlines()[-1])["summary"]
    assert summary["unchanged"] == files, "the second ingest did not wait for the first to finish"
    assert_complete(index, files)


def test_two_ingests_started_together_on_a_new_index(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    runs = [start(index, "--json", "--wait", "600", str(folder)) for _ in range(2)]
    summaries = []
    for process in runs:
        stdout, stderr = process.communicate(timeout=900)
        assert process.returncode == 0, stderr
        summaries.append(json.loads(stdout.splitlines()[-1])["summary"])
    assert sorted(s["added"] for s in summaries) == [0, FILES]
    assert_complete(index)
