"""Figures computed from the raw measurements: throughput, latency percentiles, recall."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bench.fmt import MB
from bench.measure import median, percentile
from bench.peers import Found, Peer

if TYPE_CHECKING:
    from bench.main import Bench, PeerResult


@dataclass
class QueryRecall:
    truth: set[str]  # ground-truth files within the peer's corpus
    found: set[str]
    truth_units: set[tuple[str, int]]
    found_units: set[tuple[str, int]] | None  # None for section peers
    impossible: str | None = None
    truncated: bool = False

    @property
    def missing(self) -> set[str]:
        return self.truth - self.found


@dataclass
class Figures:
    result: PeerResult
    recall: list[QueryRecall] = field(default_factory=list)

    @property
    def peer(self) -> Peer:
        return self.result.peer

    @property
    def mb(self) -> float:
        return self.result.corpus.size / MB

    @property
    def mbps(self) -> float | None:
        run = self.result.ingest
        return self.mb / run.seconds if run else None

    @property
    def noop(self) -> float | None:
        return self.result.noop.seconds if self.result.noop else None

    @property
    def index_ratio(self) -> float | None:
        if self.result.index_bytes is None:
            return None
        return self.result.index_bytes / self.result.corpus.size

    def whole(self, pct: float | None = None) -> float | None:
        times = [t for ts in self.result.whole.values() for t in ts]
        if not times:
            return None
        return median(times) if pct is None else percentile(times, pct)

    def inproc(self, pct: float) -> float | None:
        times = [t for ts in self.result.inproc.values() for t in ts]
        return percentile(times, pct) if times else None

    def files_recall(self, skip_impossible: bool = False) -> tuple[int, int]:
        rows = [r for r in self.recall if not (skip_impossible and r.impossible)]
        return sum(len(r.truth & r.found) for r in rows), sum(len(r.truth) for r in rows)

    def units_recall(self) -> tuple[int, int] | None:
        if any(r.found_units is None for r in self.recall):
            return None
        return (sum(len(r.truth_units & r.found_units) for r in self.recall),
                sum(len(r.truth_units) for r in self.recall))

    def incomplete(self) -> list[int]:
        return [i for i, r in enumerate(self.recall) if r.missing or r.truncated]


def figures(bench: Bench) -> list[Figures]:
    out = []
    for result in bench.results:
        fig = Figures(result)
        if not result.skipped:
            within = {str(f.path) for f in result.corpus.files}
            for i, query in enumerate(bench.queries):
                found = result.found.get(i, Found())
                units = {u for u in bench.truth.units[i] if u[0] in within}
                fig.recall.append(QueryRecall(
                    {u[0] for u in units}, found.files, units, found.units,
                    result.peer.cannot_match(query), found.truncated,
                ))
        out.append(fig)
    return out
