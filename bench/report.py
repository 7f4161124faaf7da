"""The tables on stdout and the BENCHMARKS.md report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.figures import Figures, figures
from bench.fmt import MB, millis, percent, seconds, table
from bench.measure import median
from bench.misses import misses
from bench.targets import targets, targets_table

if TYPE_CHECKING:
    from bench.main import Bench


def _cell(fig: Figures, what: str) -> str:
    if fig.result.skipped:
        return f"skipped: {fig.result.skipped}" if what == "corpus" else "—"
    r = fig.result
    if what == "corpus":
        text = r.corpus.describe()
        if r.slice_step > 1:
            text += f" — every {r.slice_step}th file"
        return text if r.ingest is not None else f"no index; scans {text}"
    if what == "ingest":
        if r.ingest is None:
            return "—"
        failed = f", {r.ingest_failed} failed" if r.ingest_failed else ""
        return (f"{r.ingest.seconds:.1f} s (CPU {r.ingest.cpu:.1f} s) · **{fig.mbps:.2f} MB/s**"
                f"{failed}")
    if what == "noop":
        if fig.noop is None:
            return "— (no change detection)"
        changed = f" (**{r.noop_changed} files not unchanged**)" if r.noop_changed else ""
        return seconds(fig.noop) + changed
    if what == "ingest_mem":
        return f"{r.ingest.peak_rss / 2**20:.0f} MiB" if r.ingest else "—"
    if what == "size":
        ratio = fig.index_ratio
        return "—" if ratio is None else f"{ratio:.2f}× ({r.index_bytes / MB:.1f} MB)"
    if what == "whole":
        return f"**{seconds(fig.whole())}** · {seconds(fig.whole(95))}"
    if what == "search_mem":
        return f"{r.whole_peak / 2**20:.0f} MiB" if r.whole_peak else "—"
    if what == "inproc":
        if not r.inproc:
            return "— (no library call)"
        return f"{millis(fig.inproc(50))} · **{millis(fig.inproc(95))}**"
    if what == "recall":
        found, total = fig.files_recall()
        text = f"**{percent(found, total)}** ({found}/{total})"
        impossible = [q for q in fig.recall if q.impossible]
        if impossible:
            f2, t2 = fig.files_recall(skip_impossible=True)
            text += f"; {percent(f2, t2)} without the {len(impossible)} queries it cannot match"
        return text
    if what == "recall_units":
        units = fig.units_recall()
        if units is None:
            return "— (hits are sections)"
        return f"{percent(*units)} ({units[0]}/{units[1]})"
    if what == "errors":
        return f"**{len(r.errors)}**" if r.errors else "0"
    if what == "incomplete":
        bad = fig.incomplete()
        return f"{len(bad)} of {len(fig.recall)}"
    raise ValueError(what)


ROWS = [
    ("corpus", "text ingested / searched"),
    ("ingest", "ingest, whole process, cold index: wall (CPU) · throughput"),
    ("noop", "no-op re-ingest (same files again)"),
    ("ingest_mem", "ingest peak memory (RSS)"),
    ("size", "index size / raw text"),
    ("whole", "search, whole process: median · p95"),
    ("search_mem", "search peak memory (RSS)"),
    ("inproc", "search, in-process library call: p50 · p95"),
    ("recall", "recall vs literal ground truth, files"),
    ("recall_units", "recall vs literal ground truth, lines"),
    ("incomplete", "queries with a missed file"),
]


def main_table(figs: list[Figures]) -> str:
    header = ["figure", *(f.peer.label for f in figs)]
    keys = ROWS + ([("errors", "failed runs (see Errors)")] if errors(figs) else [])
    rows = [[label, *(_cell(f, key) for f in figs)] for key, label in keys]
    return table(header, rows)


def errors(figs: list[Figures]) -> str:
    out = []
    for fig in figs:
        for message in fig.result.errors[:20]:
            out.append(f"- {fig.peer.label}: {message}")
        if len(fig.result.errors) > 20:
            out.append(f"- {fig.peer.label}: … {len(fig.result.errors) - 20} more")
    return "\n".join(out)


def query_table(bench: Bench, figs: list[Figures]) -> str:
    ran = [f for f in figs if not f.result.skipped]
    header = ["query", "kind", "truth: files (lines)"]
    header += [f"{f.peer.label} found" for f in ran]
    ours = next((f for f in ran if f.peer.name == "copdocs"), None)
    if ours:
        header += ["copdocs whole process", "copdocs in-process p50"]
    rows = []
    for i, query in enumerate(bench.queries):
        units = bench.truth.units[i]
        row = [f"`{query.text}`", query.kind, f"{len({u[0] for u in units})} ({len(units)})"]
        for fig in ran:
            rec = fig.recall[i]
            if not rec.truth:
                cell = "none to find"
            elif rec.impossible:
                cell = f"n/a ({len(rec.found & rec.truth)}/{len(rec.truth)})"
            elif not rec.missing:
                cell = f"all {len(rec.truth)}"
            else:
                cell = f"**{len(rec.truth & rec.found)}/{len(rec.truth)}**"
            row.append(cell + (" (capped)" if rec.truncated else ""))
        if ours:
            row.append(seconds(median(ours.result.whole[i])) if ours.result.whole.get(i) else "—")
            row.append(millis(median(ours.result.inproc[i])) if ours.result.inproc.get(i) else "—")
        rows.append(row)
    return table(header, rows)


def render_stdout(bench: Bench) -> str:
    figs = figures(bench)
    parts = [f"**Warning:** {w}" for w in bench.warnings]
    parts += [main_table(figs), targets_table(targets(bench, figs)), query_table(bench, figs),
              misses(bench, figs)]
    if errors(figs):
        parts.append("Errors:\n\n" + errors(figs))
    return "\n\n".join(parts) + "\n"


def raw(bench: Bench) -> dict:
    """Everything measured, for anyone who wants to recompute a figure."""
    out: dict = {"machine": bench.machine, "warnings": bench.warnings,
                 "queries": [q.text for q in bench.queries],
                 "python_startup": bench.python_startup, "peers": {}}
    for fig in figures(bench):
        r = fig.result
        out["peers"][r.peer.name] = {
            "skipped": r.skipped,
            "files": len(r.corpus.files), "bytes": r.corpus.size,
            "ingest_seconds": r.ingest.seconds if r.ingest else None,
            "ingest_peak_rss": r.ingest.peak_rss if r.ingest else None,
            "ingest_failed": r.ingest_failed, "script_seconds": r.script_seconds,
            "noop_seconds": fig.noop, "noop_changed": r.noop_changed,
            "index_bytes": r.index_bytes, "errors": r.errors,
            "whole": {bench.queries[i].text: ts for i, ts in r.whole.items()},
            "inproc": {bench.queries[i].text: ts for i, ts in r.inproc.items()},
            "missing": {bench.queries[i].text: sorted(rec.missing)
                        for i, rec in enumerate(fig.recall) if rec.missing},
        }
    return out


def _pdf_section(bench: Bench) -> str:
    from bench.pdf import render

    return render(bench.pdf)


def render_markdown(bench: Bench) -> str:
    from bench.limits import limits

    figs = figures(bench)
    m = bench.machine
    args = bench.args
    mode = "quick slice" if args.quick else "full run"
    naive_note = " (naive stack: 1)" if any(f.peer.name == "naive" for f in figs) else ""
    parts = [
        "# copdocs benchmarks",
        "Generated by `make bench` (`bench/run.py`); regenerate rather than edit. "
        "The machine is shared and noisy: read the ratios between peers, measured in the same "
        "run on the same files, rather than the absolute times.",
        table(["", ""], [
            ["date", m["date"]], ["commit", m["commit"]], ["machine", m["cpu"]],
            ["memory", m["memory"]],
            ["load average (1, 5, 15 min)", f"{m['load']} at start, {m['load_end']} at end"],
            ["system", f"{m['os']}, Python {m['python']}"], ["versions", m["versions"]],
            ["run", f"{mode}: {bench.corpus.describe()}; {len(bench.queries)} queries, "
                    f"{args.reps} whole-process run(s) each{naive_note}, {args.inproc_reps} "
                    f"in-process; {bench.seconds / 60:.1f} min in all"],
        ]),
        *(f"**Warning:** {w}" for w in bench.warnings),
        "## Side by side",
        main_table(figs),
        "## Targets",
        targets_table(targets(bench, figs)),
        "## What limits each number",
        limits(bench, figs),
        "## Per query",
        "Ground truth counts the files (and lines) whose text, folded as copdocs folds it, holds "
        "the query by the rule in `bench/queries.py`; a cell shows the ground-truth files a peer "
        "found. n/a: the peer cannot match the query by design.",
        query_table(bench, figs),
        "## Misses",
        misses(bench, figs),
        *(["## Errors", errors(figs)] if errors(figs) else []),
        "## PDF ingest",
        _pdf_section(bench),
    ]
    return "\n\n".join(parts) + "\n"
