"""Formatting shared by the report's tables."""

from __future__ import annotations

from bench.corpus import TESTDATA

MB = 1e6


def seconds(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def millis(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.1f} ms"


def percent(part: int, whole: int) -> str:
    return "—" if whole == 0 else f"{100 * part / whole:.1f}%"


def short_path(path: str) -> str:
    """enb/enb12354e.md for the shared test data, zh/007.txt for the Chinese set."""
    base = f"{TESTDATA}/"
    return path[len(base):] if path.startswith(base) else "/".join(path.split("/")[-2:])


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)
