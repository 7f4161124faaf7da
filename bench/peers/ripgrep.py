"""ripgrep (``rg -F -i``): no index, the scan floor for literal matches."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bench.peers import Found, Peer
from bench.queries import Query

_PREFIX = re.compile(r"^(.*?):(\d+):")


class Ripgrep(Peer):
    name = "rg"
    label = "ripgrep -F"
    in_process = False
    ok_codes = (0, 1)  # 1: no line matched

    def __init__(self) -> None:
        self.exe = shutil.which("rg")

    def unavailable(self) -> str | None:
        return None if self.exe else "rg is not on PATH"

    def search_pipeline(
        self, index: Path, files: list[Path], query: Query, limit: int
    ) -> list[list[str]]:
        """``rg -F -i TERM1 FILES | rg -F -i TERM2 | …``: the lines holding every term.

        rg has no limit worth the name: it always prints every matching line.
        """
        first, *rest = query.terms
        pipeline = [[self.exe, "-F", "-i", "-n", "-H", "--no-heading", "--color", "never",
                     "-e", first, "--", *map(str, files)]]
        pipeline += [[self.exe, "-F", "-i", "--color", "never", "-e", term] for term in rest]
        return pipeline

    def parse_output(self, stdout: str) -> Found:
        units = set()
        for line in stdout.splitlines():
            if m := _PREFIX.match(line):
                units.add((m.group(1), int(m.group(2))))
        return Found({p for p, _ in units}, units)
