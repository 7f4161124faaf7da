"""The issue's targets for copdocs, each with what was measured and whether it is met."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.fmt import millis, percent, seconds, table

if TYPE_CHECKING:
    from bench.figures import Figures
    from bench.main import Bench


def targets(bench: Bench, figs: list[Figures]) -> list[tuple[str, str, bool | None]]:
    ours = next((f for f in figs if f.peer.name == "copdocs" and not f.result.skipped), None)
    naive = next((f for f in figs if f.peer.name == "naive" and not f.result.skipped), None)
    if ours is None:
        return [("copdocs targets", "copdocs not run", None)]
    peer = ours.peer
    if bench.args.jobs is None:
        jobs = "default jobs"
    elif peer.jobs_supported:
        jobs = f"--jobs {bench.args.jobs}"
    else:
        jobs = f"--jobs {bench.args.jobs} asked, copdocs has no --jobs"
    rows: list[tuple[str, str, bool | None]] = []
    mbps = ours.mbps
    rows.append((f"ingest ≥ 1.0 MB/s end to end ({jobs})",
                 f"{mbps:.2f} MB/s" if mbps else "—", None if mbps is None else mbps >= 1.0))
    if naive and naive.mbps and mbps:
        ratio = mbps / naive.mbps
        cpu = (ours.mb / ours.result.ingest.cpu) / (naive.mb / naive.result.ingest.cpu)
        rows.append(("ingest ≥ 10× the naive stack",
                     f"{ratio:.2f}× by wall time ({cpu:.2f}× by CPU time)", ratio >= 10))
    else:
        rows.append(("ingest ≥ 10× the naive stack", "naive stack not run", None))
    noop = ours.noop
    rows.append(("no-op re-ingest of the whole corpus < 5 s", seconds(noop),
                 None if noop is None else noop < 5))
    whole = ours.whole()
    rows.append(("search, whole process, median ≤ 0.3 s", seconds(whole),
                 None if whole is None else whole <= 0.3))
    naive_whole = naive.whole() if naive else None
    if whole and naive_whole:
        ratio = naive_whole / whole
        rows.append(("search, whole process, ≥ 5× faster than the naive stack",
                     f"{ratio:.2f}× ({seconds(naive_whole)} vs {seconds(whole)})", ratio >= 5))
    else:
        rows.append(("search, whole process, ≥ 5× faster than the naive stack",
                     "naive stack not run", None))
    p95 = ours.inproc(95)
    rows.append(("search, in-process p95 ≤ 50 ms", millis(p95),
                 None if p95 is None else p95 <= 0.05))
    found, total = ours.files_recall()
    truncated = any(r.truncated for r in ours.recall)
    note = " (result cap reached)" if truncated else ""
    rows.append(("recall vs grep 100% on the query set", f"{percent(found, total)}{note}",
                 found == total and not truncated))
    ratio = ours.index_ratio
    rows.append(("index size ≤ 3× raw text", "—" if ratio is None else f"{ratio:.2f}×",
                 None if ratio is None else ratio <= 3))
    return rows


def targets_table(rows: list[tuple[str, str, bool | None]]) -> str:
    verdict = {True: "met", False: "**not met**", None: "not measured"}
    return table(["target (copdocs, this machine)", "measured", ""],
                  [[name, value, verdict[ok]] for name, value, ok in rows])
