"""A one-line progress bar, redrawn in place on a terminal, that other messages can interrupt."""

from __future__ import annotations

import shutil
import time
import unicodedata
from typing import TextIO

from copdocs.results import Progress

_BAR_CELLS = 24
_REDRAW_SECONDS = 0.1


class ProgressBar:
    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._last: Progress | None = None
        self._drawn_at = 0.0
        self._visible = False

    def update(self, progress: Progress) -> None:
        self._last = progress
        now = time.monotonic()
        if now - self._drawn_at >= _REDRAW_SECONDS or progress.done == progress.total:
            self._draw()
            self._drawn_at = now

    def message(self, line: str) -> None:
        """Print ``line`` above the bar."""
        self._clear()
        self._stream.write(line + "\n")
        if self._last is not None:
            self._draw()

    def close(self) -> None:
        self._clear()

    def _draw(self) -> None:
        progress = self._last
        if progress is None:
            return
        width = shutil.get_terminal_size((80, 24)).columns - 1
        total = max(progress.total, 1)
        filled = _BAR_CELLS * min(progress.done, total) // total
        bar = "#" * filled + "-" * (_BAR_CELLS - filled)
        head = f"{progress.done}/{progress.total} [{bar}] "
        line = head + _fit(progress.current.rsplit("/", 1)[-1], width - len(head))
        self._stream.write("\r\x1b[2K" + line)
        self._stream.flush()
        self._visible = True

    def _clear(self) -> None:
        if self._visible:
            self._stream.write("\r\x1b[2K")
            self._stream.flush()
            self._visible = False


def _fit(text: str, cells: int) -> str:
    """``text`` cut to ``cells`` terminal columns (East Asian wide characters take two)."""
    out = []
    used = 0
    for char in text:
        used += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if used > cells:
            break
        out.append(char)
    return "".join(out)
