"""What ``copdocs ingest`` prints: JSON Lines, or failures, a progress bar and a summary line."""

from __future__ import annotations

import os
import sys
from collections import Counter
from dataclasses import asdict

import click

from copdocs.ingest_plan import unsupported_type
from copdocs.output import emit_json, style, use_color
from copdocs.progress import ProgressBar
from copdocs.results import FileResult, Progress, Summary

_ALWAYS = ("path", "status", "doc_id", "sections")


class IngestReporter:
    """JSON: one object per file, then the summary. Otherwise failures and a bar on stderr."""

    def __init__(self, as_json: bool, index_dir: os.PathLike, wait_seconds: float) -> None:
        self._as_json = as_json
        self._index_dir = index_dir
        self._wait_seconds = wait_seconds
        self._color = use_color(sys.stderr)
        show_bar = not as_json and sys.stderr.isatty()
        self._bar = ProgressBar(sys.stderr) if show_bar else None
        self.written = 0  # documents added, updated or removed so far: each is committed
        self._skipped_types: Counter[str] = Counter()

    def result(self, result: FileResult) -> None:
        self.written += result.status in ("added", "updated", "removed")
        if result.status == "skipped":
            self._skipped_types[unsupported_type(result.path)] += 1
        if self._as_json:
            fields = asdict(result)
            emit_json({k: _printable(v) for k, v in fields.items() if k in _ALWAYS or v})
        elif result.status == "failed" and result.internal:
            name = style(_printable(result.path), self._color, bold=True)
            detail = (result.error or "").removeprefix("internal error ")
            self._stderr(f"copdocs: internal error while reading {name} {detail}")
        elif result.status == "failed":
            name = style(_printable(result.path), self._color, bold=True)
            self._stderr(f"copdocs: {name}: {result.error}")

    def progress(self, progress: Progress) -> None:
        if self._bar is not None:
            self._bar.update(progress)

    def waiting(self) -> None:
        self._stderr(
            f"copdocs: another ingest is writing to {self._index_dir}; "
            f"waiting for it (up to {self._wait_seconds:g} s)…"
        )

    def summary(self, summary: Summary) -> None:
        self._close_bar()
        if self._as_json:
            emit_json({"summary": asdict(summary)})
            return
        line = (
            f"{summary.added} added, {summary.updated} updated, {summary.unchanged} unchanged, "
            f"{summary.removed} removed, {summary.failed} failed in {summary.seconds:.1f} s"
        )
        if summary.skipped:
            types = ", ".join(f"{kind} ×{n}" for kind, n in _by_count(self._skipped_types))
            line += f"; {summary.skipped} skipped: {types}"
        click.echo(line)

    def stopped(self, how: str = "interrupted") -> None:
        self._close_bar()
        self._stderr(
            f"copdocs: {how}; the index keeps the {self.written} changes committed "
            "before that. Run the same command again to finish."
        )

    def _stderr(self, line: str) -> None:
        if self._bar is not None:
            self._bar.message(line)
        else:
            click.echo(line, err=True)

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _by_count(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first, then by name."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _printable(value: object) -> object:
    """Strings as UTF-8 can carry them: undecodable file-name bytes become U+FFFD."""
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return value.encode("utf-8", errors="surrogateescape").decode("utf-8", errors="replace")
    return value
