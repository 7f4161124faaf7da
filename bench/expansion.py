"""What termbase expansion costs a search: in-process latency of the bench queries with expansion
(the default) and with `--exact`, on one index, and the termbase's first-use cost in a process.

    .venv/bin/python bench/expansion.py                 # the bench's copdocs index, else corpus/
    .venv/bin/python bench/expansion.py --index DIR

Run by `make bench` after `bench/run.py` (which builds the index it measures by default) and
`bench/startup.py`; replaces its own section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.queries import QUERIES  # noqa: E402

BENCH_INDEX = ROOT / "bench" / "work" / "index" / "copdocs"
SECTION = "## Termbase expansion: what it costs a search"
LIMIT = 10
WHOLE_PROCESS = (("碳",), ("碳", "--exact"), ("調適基金",), ("調適基金", "--exact"))
FIRST_USE = (
    "import time; from pipeline.normalize import fold; fold('調'); import index.querylang; "
    "t = time.perf_counter(); from pipeline.termbase import lookup; "
    "lookup().mentions(['调适基金']); print(time.perf_counter() - t)"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None, help="index to search")
    parser.add_argument("--reps", type=int, default=7, help="timed searches per query and mode")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        index, described = _index(args.index, Path(scratch))
        rows = measure(index, args.reps)
        whole = whole_process(index)
    first_use = _first_use()
    text = report(rows, described, args.reps, first_use, whole)
    print(text)
    if args.output.is_file():
        kept = args.output.read_text(encoding="utf-8").split(f"\n{SECTION}\n")[0].rstrip("\n")
        args.output.write_text(f"{kept}\n\n{SECTION}\n\n{text}\n", encoding="utf-8")
    return 0


def _index(given: Path | None, scratch: Path) -> tuple[Path, str]:
    if given is not None:
        return given, f"the index at `{given}`"
    if BENCH_INDEX.is_dir():
        return BENCH_INDEX, "the bench corpus's copdocs index (`bench/work`)"
    from copdocs import Library

    index = scratch / "index"
    with Library(index) as library:
        library.ingest([ROOT / "corpus"], jobs=1)
    return index, "the bundled demo corpus (no bench index was found)"


def measure(index: Path, reps: int) -> list[dict]:
    from copdocs.errors import QueryError
    from index.search import search
    from index.store import IndexReader
    from pipeline.termbase import lookup

    reader = IndexReader(index)
    searcher = reader.searcher()
    rows = []
    try:
        for query in QUERIES:
            times: dict[bool, list[float]] = {True: [], False: []}
            try:
                for exact in (False, True):  # warm-up
                    search(searcher, query.text, limit=LIMIT, exact=exact)
                for _ in range(reps):
                    for exact in (False, True):
                        started = time.perf_counter()
                        found = search(searcher, query.text, limit=LIMIT, exact=exact)
                        times[exact].append(time.perf_counter() - started)
                        if not exact:
                            via = sum(hit.via is not None for hit in found.hits)
            except QueryError:
                continue
            rows.append({
                "query": query.text,
                "names": bool(lookup().mentions(query.text.strip('"').split())),
                "expanded": statistics.median(times[False]),
                "exact": statistics.median(times[True]),
                "via": via,
            })  # fmt: skip
    finally:
        reader.close()
    return rows


def whole_process(index: Path, runs: int = 15) -> dict[tuple[str, ...], float]:
    """Median seconds of `copdocs search` as a process, expanded and `--exact`, interleaved."""
    copdocs = Path(sys.executable).parent / "copdocs"
    times: dict[tuple[str, ...], list[float]] = {}
    for _ in range(runs):
        for args in WHOLE_PROCESS:
            started = time.perf_counter()
            subprocess.run([str(copdocs), "--index", str(index), "search", *args],
                           capture_output=True, check=True)
            times.setdefault(args, []).append(time.perf_counter() - started)
    return {args: statistics.median(t) for args, t in times.items()}


def _first_use() -> float:
    runs = [float(subprocess.run([sys.executable, "-c", FIRST_USE], capture_output=True,
                                 text=True, check=True, cwd=ROOT).stdout) for _ in range(7)]
    return statistics.median(runs)


def report(rows: list[dict], described: str, reps: int, first_use: float,
           whole: dict[tuple[str, ...], float]) -> str:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.1f} ms"

    plain = [r for r in rows if not r["names"]]
    named = [r for r in rows if r["names"]]
    lines = [
        f"In-process search of the bench queries on {described}, top {LIMIT}, median of {reps} "
        "runs per query and mode, the modes interleaved: with termbase expansion (the default) "
        "and with `--exact`.",
        "",
    ]
    for label, group in (("naming no concept", plain), ("naming a concept", named)):
        if group:
            ratio = statistics.median(r["expanded"] / r["exact"] for r in group)
            expanded = statistics.median(r["expanded"] for r in group)
            exact = statistics.median(r["exact"] for r in group)
            lines.append(f"- Queries {label} ({len(group)}): median {ms(expanded)} expanded, "
                         f"{ms(exact)} exact; median ratio {ratio:.2f}.")
    lines += [
        f"- The termbase's first use in a process (reading its key table, finding a concept in "
        f"a query): {ms(first_use)}, median of 7 processes.",
        "- `copdocs search` as a whole process, median of 15 runs: "
        + "; ".join(f"`{' '.join(args)}` {ms(seconds)}" for args, seconds in whole.items())
        + ".",
        "",
        "| query | names a concept | expanded | `--exact` | hits via another form (top 10) |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| `{r['query']}` | {'yes' if r['names'] else 'no'} | {ms(r['expanded'])} | "
        f"{ms(r['exact'])} | {r['via']} |"
        for r in rows
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
