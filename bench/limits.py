"""The report's paragraphs on what limits each figure, with this run's numbers in them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench.measure import median

if TYPE_CHECKING:
    from bench.figures import Figures
    from bench.main import Bench


def limits(bench: Bench, figs: list[Figures]) -> str:
    by = {f.peer.name: f for f in figs if not f.result.skipped}
    return "\n\n".join([
        _ingest(bench, by), _noop(by), _whole(bench, by), _inproc(bench, by), _size(by),
        _memory(), _recall(bench, by),
    ])


def _runs(count: int) -> str:
    return f"{count} run" if count == 1 else f"{count} runs"


def _per_script(fig: Figures) -> str:
    seconds = fig.result.script_seconds
    parts = []
    for script, label in (("en", "English"), ("zh", "Chinese")):
        size = sum(f.size for f in fig.result.corpus.script(script))
        if seconds.get(script) and size:
            parts.append(f"{label} {size / 1e6 / seconds[script]:.2f} MB/s")
    if not parts:
        return ""
    overhead = seconds.get("start", 0) + seconds.get("tail", 0)
    if overhead > 0.5 * fig.result.ingest.seconds:
        return (" copdocs printed its per-file results in a burst "
                f"({seconds.get('start', 0):.1f} s passed before the first one), so the time per "
                "script cannot be read from its output.")
    return (" From when each file's result line arrives (approximate: a commit lands on whichever "
            f"file comes next): {seconds.get('start', 0):.1f} s until the first file's result, "
            f"then {', '.join(parts)}, and {seconds.get('tail', 0):.1f} s after the last one "
            "(the final commit).")


def _ingest(bench: Bench, by: dict[str, Figures]) -> str:
    text = ("**Ingest throughput** is the raw bytes of the files divided by the wall time of one "
            "ingest process into an empty index directory, from exec to exit: interpreter "
            "start-up and imports, reading, parsing and sectioning, folding, word segmentation, "
            "analysis into postings and the index writer's commits. The bench has just read "
            "every file to compute the ground truth, so the page cache is warm and the disk plays "
            "no part: the figure is CPU time in Python on "
            f"{bench.machine.get('cores', '?')} cores.")
    ours = by.get("copdocs")
    if ours is not None:
        peer = ours.peer
        jobs = ("copdocs ingest has no --jobs option yet, so it runs in one process"
                if not peer.jobs_supported else
                f"copdocs ran with {'its default --jobs' if peer.jobs is None else peer.jobs}")
        text += f" Here {jobs}.{_per_script(ours)}"
    naive = by.get("naive")
    if naive is not None:
        text += (" The naive stack is one process spending its time in jieba's search-mode cut "
                 "of every paragraph and whoosh's pure-Python writer; it is timed on "
                 f"every {naive.result.slice_step}th file of each script "
                 f"({naive.mb:.1f} MB) and its MB/s taken to hold for the whole.")
    if "sqlite" in by:
        text += (" SQLite's tokenizer and index writer are C, fed line by line from Python: "
                 "the floor for building a full-text index from Python here.")
    return text


def _noop(by: dict[str, Figures]) -> str:
    text = ("**No-op re-ingest** runs the same ingest command again over the now-complete index: "
            "every file is checked against what the index records about it and nothing is "
            "written. It is bounded by start-up, opening the index and reading its record of "
            "ingested documents, and whatever reading of the files that check needs")
    ours = by.get("copdocs")
    if ours is not None and ours.noop is not None:
        files = len(ours.result.corpus.files)
        text += f" ({files} files, {ours.mb:.1f} MB; {ours.noop:.1f} s here)"
    return text + ". The line-based peers have no change detection: a user re-runs them in full."


def _whole(bench: Bench, by: dict[str, Figures]) -> str:
    start = bench.python_startup * 1000
    text = ("**Search, whole process** is the wall time of one search command with "
            f"`--limit 10`, median and p95 over {len(bench.queries)} queries × "
            f"{_runs(bench.args.reps)}, the peers interleaved query by query so that the "
            "machine's drift hits them alike. Every Python peer pays interpreter start-up "
            f"({start:.0f} ms for a bare `python -c pass` here), its imports and opening the "
            "index before the query itself; copdocs also computes snippets and match offsets "
            "for the hits it prints.")
    naive = by.get("naive")
    if naive is not None:
        text += (" The naive stack's script loads jieba's dictionary on every run "
                 "(the first word it segments), a large share of its time; it runs each query "
                 "once.")
    if "rg" in by:
        text += (" ripgrep scans every file on every query (the whole text, all matching lines "
                 "printed, no limit): it is the floor for a search without an index.")
    return text


def _inproc(bench: Bench, by: dict[str, Figures]) -> str:
    text = ("**Search, in-process** times the library call on an index opened once "
            f"(limit 10, {_runs(bench.args.inproc_reps)} per query after one warm-up pass), "
            "which is what a long-running caller pays: query compilation, posting-list "
            "intersection and scoring, fetching stored fields and building snippets.")
    ours = by.get("copdocs")
    if ours is not None and ours.result.inproc:
        slow = sorted(ours.result.inproc.items(), key=lambda kv: -median(kv[1]))[:3]
        named = ", ".join(
            f"`{bench.queries[i].text}` {median(ts) * 1000:.0f} ms" for i, ts in slow
        )
        text += (f" copdocs' slowest queries here are {named}: the cost grows with the number "
                 "and length of the sections that match.")
    return text


def _size(by: dict[str, Figures]) -> str:
    text = ("**Index size** is the bytes on disk of the index after the ingest divided by the "
            "bytes of the files it holds.")
    if "copdocs" in by:
        text += (" copdocs' index holds each section's original text (for snippets and `show`) "
                 "besides the analysed fields, so the stored copy alone is close to 1× the raw "
                 "text.")
    if "sqlite" in by:
        text += (" SQLite's trigram table stores every line and a positional posting for every "
                 "3-character window.")
    if "naive" in by:
        text += " The naive stack stores each paragraph and jieba's words with positions."
    return text


def _memory() -> str:
    return ("**Peak memory** is the largest resident set of any one process of the command "
            "(`ru_maxrss` from `wait4`, taken by a small launcher process: Linux carries a "
            "process's peak across fork and exec, so a command started straight from the "
            "bench would report the bench's own size) or, for ingest, the summed RSS of the "
            "whole process tree sampled every 0.2 s, whichever is larger; worker processes "
            "sharing pages with their parent are counted in full.")


def _recall(bench: Bench, by: dict[str, Figures]) -> str:
    text = ("**Recall** is scored against ground truth the bench computes from the files "
            "themselves: the lines that, folded as copdocs folds text (NFKC, ㄧ→一, lower case, "
            "Traditional→Simplified), hold the quoted phrase or every word of an unquoted query, "
            "with ASCII word boundaries at the term's edges (`bench/queries.py`). A peer finds a "
            "file when any of its hits comes from it: copdocs' hits are sections, asked for up "
            "to 10000; the line-based peers return every matching line. Only misses count; "
            "extra hits (stemming, looser matching) are not penalised. The line-based peers see "
            "the text unfolded, as a user would index it: ripgrep's `-i` folds case but not "
            "Traditional/Simplified or full-width forms, jieba's analyzer drops one-character "
            "non-Han tokens and records character offsets as positions (so whoosh phrase "
            "queries rarely match), and")
    text += (" SQLite's trigram tokenizer cannot match a term under 3 characters "
             f"({', '.join(f'`{q.text}`' for q in bench.queries if min(map(len, q.terms)) < 3)}"
             ") — those queries are marked n/a.")
    return text
