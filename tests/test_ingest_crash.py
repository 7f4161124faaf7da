"""Interruptions and rivals: an ingest killed at any moment leaves the index at its last commit,
searchable, and the next ingest finishes the job without duplicates; two ingests at once wait for
each other or say the index is busy; searches work while an ingest writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers import search
from test_ingest_incremental import assert_consistent, cli_command, marked_copies

FILES = 60


def start(index: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        cli_command(index, "ingest", *args),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


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
    process = start(index, "--json", "--commit-every", "5", "-j", "2", str(folder))
    added = read_until_added(process, 10)
    workers = descendants(process.pid)
    assert workers, "no worker processes"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    process.stderr.close()

    docs = assert_consistent(index)
    assert {str(Path(p).resolve()) for p in added} <= {d.source for d in docs}
    assert len(docs) < FILES, "the kill came too late to test anything"
    assert search(index, "zqmarker000x").hits
    deadline = time.monotonic() + 15
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "worker processes outlived the ingest"

    summary = finish(index, folder)
    assert summary["unchanged"] >= len(added)
    assert summary["added"] + summary["unchanged"] == FILES and summary["failed"] == 0
    assert_complete(index)


def test_killed_at_any_moment_the_index_stays_consistent(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    # Moments from start-up (index creation) through preparing, writing and committing.
    for delay in (0.05, 0.4, 0.9, 1.6, 2.4, 3.3, 4.5, 6.0):
        process = start(index, "--json", "--commit-every", "3", "-j", "2", str(folder))
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        if (index / "copdocs.json").exists():
            assert_consistent(index)
            search(index, "zqmarker")
    summary = finish(index, folder)
    assert summary["added"] + summary["unchanged"] == FILES
    assert_complete(index)


def test_ctrl_c_stops_cleanly_and_keeps_what_was_committed(folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    process = start(index, "--json", "--commit-every", "5", str(folder))
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
    files = 3 * FILES  # enough work that the first ingest is still writing at the end
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
