"""The masthead of a UNFCCC official document converted to text.

``|  | United Nations | FCCC/SBI/2023/10 |`` names the document's own symbol; the distribution
line gives its date; the lines after it, up to the contents table, are its title.
"""

from __future__ import annotations

import re
from datetime import datetime

from pipeline.model import ParsedFile

_MASTHEAD = re.compile(
    r"^\s*\|.*\bUnited Nations\s*\|(?:\s*\|)*\s*([A-Z][A-Za-z0-9./\-]*/[^|\s]+)\s*\|"
)
_DISTR_DATE = re.compile(r"Distr\.:\s*\w+\s+(\d{1,2} [A-Z][a-z]+ \d{4})")
_TITLE_END = re.compile(
    r"^(Contents|Addendum|Decision\s+\d|Annex|[IVX]+\.\s|\d+\.\s)", re.IGNORECASE
)
_SCAN_LINES = 12
_MAX_TITLE_LINES = 8


def apply_masthead(lines: list[str], parsed: ParsedFile) -> list[str]:
    """Fill symbol, date and title from a masthead, if there is one.

    Returns the lines with the masthead's table rows replaced by one plain line holding their
    cells, so nothing of the source is lost and no table syntax reaches the index.
    """
    start = next((i for i, line in enumerate(lines[:_SCAN_LINES]) if _MASTHEAD.match(line)), None)
    if start is None:
        return lines
    parsed.symbol = _MASTHEAD.match(lines[start]).group(1)  # type: ignore[union-attr]
    end = start + 1
    while end < len(lines) and lines[end].strip().startswith("|"):
        end += 1
    rows = lines[start:end]
    for row in rows:
        if found := _DISTR_DATE.search(row):
            parsed.date = _iso_date(found.group(1))
    cells = [" ".join(cell.split()) for row in rows for cell in row.split("|")]
    summary = " ".join(cell for cell in cells if cell and cell != "None")
    parsed.title = _title(lines[:start] + lines[end:]) or parsed.symbol
    return lines[:start] + [summary] + lines[end:]


def _title(lines: list[str]) -> str:
    title_lines: list[str] = []
    for line in lines:
        text = " ".join(line.split())
        if not text or text.startswith("|") or text.upper() == "ADVANCE VERSION":
            continue
        if _TITLE_END.match(text) or len(title_lines) >= _MAX_TITLE_LINES:
            break
        title_lines.append(text)
    # The first lines name the body ("Subsidiary Body for Implementation"); the report line
    # ("Report of …", possibly wrapped) is the title proper.
    for i, text in enumerate(title_lines):
        if text.startswith("Report of"):
            return " ".join(title_lines[i:])
    return " ".join(title_lines)


def _iso_date(text: str) -> str:
    try:
        return datetime.strptime(text, "%d %B %Y").date().isoformat()
    except ValueError:
        return ""
