"""Whole-process `copdocs search 調適基金` on the demo corpus: what a user feels at the prompt.

Builds an index of `corpus/` in a scratch directory, runs the search command repeatedly as a
separate process, and appends the median and p95 to BENCHMARKS.md (run after `bench/run.py`,
which writes that file afresh).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERY = "調適基金"
RUNS = 21
SECTION = "## Demo corpus: search start-up"


def main() -> int:
    copdocs = Path(sys.executable).parent / "copdocs"
    with tempfile.TemporaryDirectory() as scratch:
        index = Path(scratch) / "index"
        subprocess.run([str(copdocs), "--index", str(index), "ingest", str(ROOT / "corpus")],
                       check=True, capture_output=True)
        command = [str(copdocs), "--index", str(index), "search", QUERY]
        median, p95 = _timed(command, os.environ)
        plain, _ = _timed(command, {**os.environ, "COPDOCS_PLAIN_IMPORTS": "1"})
    line = (f"`copdocs search {QUERY}` as a whole process on the bundled demo corpus, {RUNS} "
            f"runs: median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms. "
            "Interpreter start-up, imports (click, whoosh), opening the index, the query and "
            "the snippets are all included; no segmentation dictionary is loaded. "
            f"With whoosh imported plainly (`COPDOCS_PLAIN_IMPORTS=1`, no stand-ins for the "
            f"modules it imports but copdocs never uses): median {plain * 1000:.0f} ms.")
    print(line)
    report = ROOT / "BENCHMARKS.md"
    if report.is_file():
        text = report.read_text(encoding="utf-8").split(f"\n{SECTION}\n")[0].rstrip("\n")
        report.write_text(f"{text}\n\n{SECTION}\n\n{line}\n", encoding="utf-8")
    return 0


def _timed(command: list[str], env) -> tuple[float, float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


if __name__ == "__main__":
    raise SystemExit(main())
