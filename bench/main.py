"""The benchmark run: build the corpus, ingest with every peer, search, score, report."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import corpus as corpus_mod
from bench import report
from bench.corpus import Corpus, Truth
from bench.machine import code_fingerprint, facts, load
from bench.measure import Run, run, run_pipeline
from bench.peers import Found, Peer, Session
from bench.peers.copdocs_cli import Copdocs
from bench.peers.naive import Naive
from bench.peers.ripgrep import Ripgrep
from bench.peers.sqlite import Sqlite
from bench.queries import QUERIES, Query

ROOT = corpus_mod.ROOT
WORK = ROOT / "bench" / "work"  # gitignored
SEARCH_LIMIT = 10


@dataclass
class PeerResult:
    peer: Peer
    corpus: Corpus
    index: Path
    skipped: str | None = None
    slice_step: int = 1  # the corpus is every Nth file of the full one
    ingest: Run | None = None
    ingest_failed: int = 0
    script_seconds: dict[str, float] = field(default_factory=dict)
    noop: Run | None = None
    noop_changed: int = 0
    index_bytes: int | None = None
    whole: dict[int, list[float]] = field(default_factory=dict)
    whole_peak: int = 0
    inproc: dict[int, list[float]] = field(default_factory=dict)
    found: dict[int, Found] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors.append(message)
        say(f"  {self.peer.label}: {message}")


@dataclass
class Bench:
    args: argparse.Namespace
    corpus: Corpus
    truth: Truth
    queries: tuple[Query, ...]
    results: list[PeerResult]
    machine: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    python_startup: float = 0.0
    seconds: float = 0.0
    pdf: object = None  # bench.pdf.PdfFigures, or None without ../shared


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/run.py", description="Measure copdocs beside the alternatives (make bench)."
    )
    parser.add_argument("--quick", action="store_true",
                        help="a slice (every 10th English file, 10 Chinese reports, 1 repetition)")
    parser.add_argument("--only", default="copdocs,naive,sqlite,rg",
                        help="comma-separated peers: copdocs, naive, sqlite, rg")
    parser.add_argument("--zh-reports", type=int, default=None,
                        help="Chinese reports to build (default 100, 10 with --quick)")
    parser.add_argument("--naive-every", type=int, default=4,
                        help="the naive stack ingests every Nth file of each script (1: all)")
    parser.add_argument("--reps", type=int, default=None,
                        help="whole-process runs per query (default 3, 1 with --quick)")
    parser.add_argument("--inproc-reps", type=int, default=5,
                        help="in-process searches per query after one warm-up")
    parser.add_argument("--jobs", type=int, default=None,
                        help="pass -j/--jobs to copdocs ingest (when it has the option)")
    parser.add_argument("--work", type=Path, default=WORK,
                        help="scratch folder for the corpus and the indexes (default bench/work)")
    parser.add_argument("--output", type=Path, default=None,
                        help="report file (default: BENCHMARKS.md for a full run of every "
                             "peer, WORK/BENCHMARKS.partial.md otherwise)")
    args = parser.parse_args(argv)
    args.zh_reports = args.zh_reports or (10 if args.quick else 100)
    args.reps = args.reps or (1 if args.quick else 3)
    args.english_every = 10 if args.quick else 1
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    return args


def make_peers(args: argparse.Namespace) -> list[Peer]:
    every: dict[str, Peer] = {
        "copdocs": Copdocs(args.jobs), "naive": Naive(), "sqlite": Sqlite(), "rg": Ripgrep()
    }
    unknown = [name for name in args.only if name not in every]
    if unknown:
        sys.exit(f"bench: unknown peer(s) {', '.join(unknown)}; choose from {', '.join(every)}")
    return [every[name] for name in args.only]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    peers = make_peers(args)
    code = code_fingerprint(ROOT)
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    say(f"building the corpus in {work / 'corpus'} …")
    corpus = corpus_mod.build(work / "corpus", args.zh_reports, args.english_every)
    say(f"  {corpus.describe()}")
    truth = corpus_mod.ground_truth(corpus, QUERIES)
    rg = next((p.exe for p in peers if isinstance(p, Ripgrep)), None)
    bench = Bench(args, corpus, truth, QUERIES, [], facts(ROOT, rg))
    for peer in peers:
        step = args.naive_every if isinstance(peer, Naive) else 1
        result = PeerResult(peer, corpus.every(step), work / "index" / peer.name,
                            peer.unavailable(), step)
        bench.results.append(result)
        if result.skipped:
            say(f"{peer.label}: skipped ({result.skipped})")
            continue
        ingest(result)
    if any(isinstance(peer, Copdocs) for peer in peers):
        from bench import pdf as pdf_bench

        say("measuring PDF ingest …")
        bench.pdf = pdf_bench.measure(pdf_bench.pdf_files())
    bench.python_startup = python_startup()
    search_whole_process(bench)
    search_in_process(bench)
    bench.seconds = time.perf_counter() - started
    bench.machine["load_end"] = load()
    if code_fingerprint(ROOT) != code:
        bench.warnings.append(
            "copdocs' code (copdocs/, pipeline/, index/) changed while the bench ran: "
            "the figures may mix two versions; run it again on a quiet checkout."
        )
    table = report.render_stdout(bench)
    print(table)
    full = not args.quick and len(peers) == 4
    output = args.output or (ROOT / "BENCHMARKS.md" if full else work / "BENCHMARKS.partial.md")
    output.write_text(report.render_markdown(bench), encoding="utf-8")
    (work / "results.json").write_text(json.dumps(report.raw(bench), indent=1, ensure_ascii=False))
    say(f"wrote {output} and {work / 'results.json'} ({bench.seconds / 60:.1f} min)")
    return 0


def _last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1][:300] if lines else "(no message)"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ingest(result: PeerResult) -> None:
    peer = result.peer
    index = result.index
    shutil.rmtree(index, ignore_errors=True)
    index.parent.mkdir(parents=True, exist_ok=True)
    files = [f.path for f in result.corpus.files]
    listfile = index.parent / f"{peer.name}.files"
    listfile.write_text("".join(f"{p}\n" for p in files), encoding="utf-8")
    command = peer.ingest_command(index, files, listfile)
    if command is None:
        return
    say(f"{peer.label}: ingesting {result.corpus.describe()} …")
    result.ingest = run(command, sample_tree=True, stream=True)
    # copdocs exits 1 when some files failed but the rest went in; its summary says so
    summarized = any('"summary"' in line for _, line in result.ingest.lines)
    if result.ingest.returncode != 0 and not (result.ingest.returncode == 1 and summarized):
        result.skipped = (f"ingest exited {result.ingest.returncode}: "
                          f"{_last_line(result.ingest.stderr)}")
        say(f"  {result.skipped}")
        return
    result.ingest_failed, result.script_seconds = _ingest_stream(result)
    result.index_bytes = peer.index_size(index)
    say(f"  {result.ingest.seconds:.1f} s, {result.corpus.size / 1e6 / result.ingest.seconds:.2f}"
        f" MB/s")
    noop = peer.noop_command(index, files, listfile)
    if noop is not None:
        repeat = run(noop, sample_tree=True)
        if repeat.returncode != 0:
            result.error(f"no-op re-ingest exited {repeat.returncode}: {_last_line(repeat.stderr)}")
            return
        result.noop = repeat
        result.noop_changed = _changed(repeat.stdout)
        say(f"  no-op re-ingest {result.noop.seconds:.1f} s")


def _changed(stdout: str) -> int:
    """Files a repeated ingest did not find unchanged (it should find them all unchanged)."""
    for line in stdout.splitlines():
        if line.startswith('{"summary"'):
            summary = json.loads(line)["summary"]
            return sum(summary.get(k, 0) for k in ("added", "updated", "removed", "failed"))
    return 0


def _ingest_stream(result: PeerResult) -> tuple[int, dict[str, float]]:
    """Failures, and where the time went from when each file's JSON line arrived: "start" up to
    the first file's line, then per script ("en", "zh"), and "tail" after the last one."""
    script_of = {str(f.path): f.script for f in result.corpus.files}
    seconds: dict[str, float] = {}
    failed = 0
    previous = None
    for at, line in result.ingest.lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        script = script_of.get(record.get("path", ""))
        if script is None:
            continue
        failed += record.get("status") == "failed"
        key = "start" if previous is None else script
        seconds[key] = seconds.get(key, 0.0) + at - (previous or 0.0)
        previous = at
    if previous is not None:
        seconds["tail"] = result.ingest.seconds - previous
    return failed, seconds


def python_startup() -> float:
    times = [run([sys.executable, "-c", "pass"]).seconds for _ in range(5)]
    return sorted(times)[2]


def _ready(bench: Bench) -> list[PeerResult]:
    return [r for r in bench.results if not r.skipped]


def search_whole_process(bench: Bench) -> None:
    """Every query through every peer's command line, peers interleaved so drift hits them all."""
    ready = _ready(bench)
    say(f"whole-process search: {len(bench.queries)} queries × up to {bench.args.reps} runs …")
    for rep in range(bench.args.reps):
        for i, query in enumerate(bench.queries):
            for result in ready:
                if rep >= max(1, bench.args.reps // result.peer.reps_divisor):
                    continue
                index = result.index
                files = [f.path for f in result.corpus.files]
                done = run_pipeline(result.peer.search_pipeline(index, files, query, SEARCH_LIMIT))
                if done.returncode not in result.peer.ok_codes:
                    result.error(f"search {query.text!r} exited {done.returncode}: "
                                 f"{_last_line(done.stderr)}")
                    continue
                result.whole.setdefault(i, []).append(done.seconds)
                result.whole_peak = max(result.whole_peak, done.peak_rss)
                if not result.peer.in_process and rep == 0:
                    # no library call: recall comes from the command's own (unlimited) output
                    result.found[i] = result.peer.parse_output(done.stdout)


def search_in_process(bench: Bench) -> None:
    sessions: list[tuple[PeerResult, Session]] = []
    for result in _ready(bench):
        if not result.peer.in_process:
            continue
        try:
            sessions.append((result, result.peer.session(result.index)))
        except Exception as exc:  # the index or the library is broken: report, do not abort
            result.error(f"opening the index in-process: {type(exc).__name__}: {exc}")
    say(f"in-process search: {len(bench.queries)} queries × {bench.args.inproc_reps} runs …")
    for query in bench.queries:  # warm-up: first use loads dictionaries and caches
        for _, session in sessions:
            session.search(query, SEARCH_LIMIT)
    for _ in range(bench.args.inproc_reps):
        for i, query in enumerate(bench.queries):
            for result, session in sessions:
                started = time.perf_counter()
                session.search(query, SEARCH_LIMIT)
                result.inproc.setdefault(i, []).append(time.perf_counter() - started)
    say("recall: every query with no practical limit …")
    for i, query in enumerate(bench.queries):
        for result, session in sessions:
            result.found[i] = session.search(query, None)
            if result.found[i].error:
                result.error(f"in-process search {query.text!r}: {result.found[i].error}")
    for _, session in sessions:
        session.close()
