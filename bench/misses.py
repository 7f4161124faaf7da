"""The misses: every query a peer did not find all ground-truth files for."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from bench.corpus import read_lines
from bench.fmt import short_path
from bench.queries import squeeze
from pipeline.normalize import fold

if TYPE_CHECKING:
    from bench.figures import Figures
    from bench.main import Bench

_KEY = re.compile(r"^[\w-]+:")


def misses(bench: Bench, figs: list[Figures], samples: int = 3) -> str:
    """Every query a peer missed files on, with the files and, for section peers, the lines."""
    out = []
    for fig in figs:
        if fig.result.skipped:
            continue
        lines = []
        pairs = front_only = 0
        for i, rec in enumerate(fig.recall):
            if not rec.missing and not rec.truncated:
                continue
            query = bench.queries[i]
            names = sorted(short_path(p) for p in rec.missing)
            shown = ", ".join(names[:8]) + (f" … (+{len(names) - 8})" if len(names) > 8 else "")
            why = f" — {rec.impossible}" if rec.impossible else ""
            cap = " — result cap reached" if rec.truncated else ""
            lines.append(f"- `{query.text}`: {len(rec.missing)} of {len(rec.truth)} files "
                         f"missed{why}{cap}: {shown}")
            if fig.peer.unit != "section":
                continue
            for n, path in enumerate(sorted(rec.missing)):
                numbers = sorted(num for p, num in rec.truth_units if p == path)
                front = all(num <= _front_matter_end(path) for num in numbers)
                pairs += 1
                front_only += front
                if n < samples:
                    where = " (YAML front matter)" if front else ""
                    excerpt = _excerpt(path, numbers[0], query.needles[0])
                    lines.append(f"  - {short_path(path)}:{numbers[0]}{where}: “{excerpt}”")
        if not lines:
            out.append(f"**{fig.peer.label}**: no file missed.")
            continue
        summary = ""
        if front_only:
            summary = (f"{front_only} of the {pairs} missed (query, file) pairs hold the query "
                       "only in the file's YAML front matter (`title:`/`abstract:` lines).\n\n")
        out.append(f"**{fig.peer.label}**\n\n{summary}" + "\n".join(lines))
    return "\n\n".join(out)


def _front_matter_end(path: str) -> int:
    """The line number closing a leading ``---`` block, or 0 when the file has none."""
    lines = read_lines(Path(path))
    if not lines or lines[0].strip() != "---":
        return 0
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return number
    return 0


def _excerpt(path: str, number: int, needle: str) -> str:
    line = squeeze(read_lines(Path(path))[number - 1])
    at = max(0, fold(line).find(needle))
    start = max(0, at - 60)
    text = line[start:at + len(needle) + 80]
    key = _KEY.match(line)
    if start and key:
        text = f"{key.group(0)} … {text}"  # keep "abstract:" and the like visible
    return text.replace("`", "'") + "…"
