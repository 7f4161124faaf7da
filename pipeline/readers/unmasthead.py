"""The masthead of a UNFCCC official document: in text converted from it, or as a Word table.

``|  | United Nations | FCCC/SBI/2023/10 |`` names the document's own symbol; the distribution
line gives its date; the lines after it, up to the contents table, are its title. In a Word
file the masthead is a layout table whose cells say "United Nations" and the symbol (often
typed in several runs, "FCCC/" "SBSTA/" "2007/L.19", or over several lines of a cell).
"""

from __future__ import annotations

import re
from datetime import datetime

from pipeline.model import BlockKind, ParsedFile
from pipeline.symbols import canonicalize, symbol_kind

_MASTHEAD = re.compile(
    r"^\s*\|.*\bUnited Nations\s*\|(?:\s*\|)*\s*([A-Z][A-Za-z0-9./\-]*/[^|\s]+)\s*\|"
)
_DISTR_DATE = re.compile(r"Distr\.:\s*\w+\s+(\d{1,2} [A-Z][a-z]+ \d{4})")
_TITLE_END = re.compile(
    r"^(Contents|Addendum|Decision\s+\d|Annex|[IVX]+\.\s|\d+\.\s)", re.IGNORECASE
)
_SCAN_LINES = 12
_UN = re.compile(r"^(?:United\s+Nations|Nations\s+Unies|Naciones\s+Unidas|联合国|聯合國)$", re.I)
_DATE = re.compile(r"\b(\d{1,2} (?:January|February|March|April|May|June|July|August|September"
                   r"|October|November|December) \d{4})\b")
_DATE_REACH = 4  # blocks after the masthead table that may hold its date lines
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
    parsed.title = title_from_lines(lines[:start] + lines[end:]) or parsed.symbol
    return lines[:start] + [summary] + lines[end:]


def title_from_lines(lines: list[str]) -> str:
    """A UN document's title, from the lines that follow its masthead."""
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
        if _REPORT_OF.match(text):
            return " ".join(title_lines[i:])
    # Otherwise the body, session, place and agenda lines frame the subject of the document.
    subject = [text for text in title_lines if not _FRAMING.match(text)]
    return " ".join(subject or title_lines)


_REPORT_OF = re.compile(r"Report of\b", re.IGNORECASE)  # "Report of", "REPORT OF" (older masthead)


def masthead_date(text: str) -> str:
    """The ISO date a masthead line gives ("28 March 2003"), or ""."""
    found = _DATE.search(" ".join(text.split()))
    return _iso_date(found.group(1)) if found else ""


# "Subsidiary Body for Scientific and Technological Advice", "Twenty-seventh session",
# "Bali, 3–11 December 2007", "Agenda item 5", "Item 4 of the provisional agenda"
_FRAMING = re.compile(
    r"""^(?:(?:Conference\s+of\s+the\s+Parties|Subsidiary\s+Body|Ad\s+Hoc\s+Working\s+Group)\b
    (?!.*\b(?:conclusions|decision|report)\b).*
    |[\w-]+(?:\s+[\w-]+)?\s+session(?:\s+\(part\s+\w+\))?
    |[A-Z][\w .-]+,\s*\d{1,2}(?:\s*[-–]\s*\d{1,2})?\s+\w+(?:\s*[-–]\s*\d{1,2}\s+\w+)?\s+\d{4}
    |(?:Agenda\s+items?|Item)\s+\d.*)$""",
    re.IGNORECASE | re.VERBOSE,
)


def _iso_date(text: str) -> str:
    try:
        return datetime.strptime(text, "%d %B %Y").date().isoformat()
    except ValueError:
        return ""


def apply_table_masthead(parsed: ParsedFile) -> None:
    """Fill symbol, date and title from a masthead table among the first blocks, if any."""
    blocks = parsed.blocks
    start = None
    for i, block in enumerate(blocks[:_SCAN_LINES]):
        if block.kind == BlockKind.TABLE_ROW and (symbol := _masthead_row(block.text)):
            start = i
            break
    if start is None:
        return
    parsed.symbol = symbol
    end = start + 1
    while end < len(blocks) and blocks[end].kind == BlockKind.TABLE_ROW:
        end += 1
    for block in blocks[start : end + _DATE_REACH]:
        if found := _DATE.search(" ".join(block.text.split())):
            parsed.date = _iso_date(found.group(1))
            break
    lines = [b.text for b in blocks[end:] if b.kind != BlockKind.TABLE_ROW]
    parsed.title = parsed.title or title_from_lines(lines) or parsed.symbol


def own_symbol(lines: list[str]) -> str:
    """The one document symbol that stands alone in these lines (a running page header:
    "FCCC/SBI/2007/15", "FCCC/SBI/2007/15 Page 2"); "" when none, or several differ."""
    found = {symbol for line in lines if (symbol := _standalone_symbol(line))}
    return found.pop() if len(found) == 1 else ""


def _masthead_row(row: str) -> str:
    cells = [" ".join(cell.split()) for cell in row.split(" | ")]
    if not any(_UN.match(cell) for cell in cells):
        return ""
    return next((symbol for cell in cells if (symbol := _cell_symbol(cell))), "")


def _cell_symbol(cell: str) -> str:
    """A cell that is a document symbol, typed in pieces or not: its canonical form."""
    compact = "".join(cell.split())
    if "/" not in compact or len(compact) > 80:
        return ""
    symbol = canonicalize(cell) or canonicalize(compact)
    if symbol is None or symbol_kind(symbol) != "document":
        return ""
    return symbol


_PAGE = re.compile(r"\b(?:Page|Página|Pág\.?)\s*\d+\b|\bEnglish\b|\bFrançais\b", re.I)


def _standalone_symbol(line: str) -> str:
    rest = _PAGE.sub(" ", line)
    return _cell_symbol(rest.replace("\t", " "))
