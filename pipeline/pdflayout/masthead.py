"""A UN document's own symbol, from the masthead of its first page.

The masthead sets the symbol alone on a line at the top right of page 1; later pages repeat it
as a running head. The masthead wins: a running head that disagrees (a stale draft number) is
used only when page 1 has no masthead symbol.
"""

from __future__ import annotations

from collections import Counter

from pipeline.pdflayout.lines import Line
from pipeline.symbols import canonicalize, symbol_kind

_MASTHEAD_DEPTH = 0.3  # the top part of page 1 the masthead lies in
_RIGHT_HALF = 0.4


def document_symbol(first_page: list[Line], running_heads: list[Line]) -> str:
    """The canonical symbol the document names as its own, or ""."""
    top = sorted(
        (
            line
            for line in first_page
            if line.frame_height - line.y1 <= _MASTHEAD_DEPTH * line.frame_height
            and line.x0 >= _RIGHT_HALF * line.frame_width
        ),
        key=lambda line: -line.y1,
    )
    for line in top:
        symbol = _own_symbol(line.text)
        if symbol:
            return symbol
    counts = Counter(symbol for line in running_heads if (symbol := _own_symbol(line.text)))
    if counts:
        symbol, seen = counts.most_common(1)[0]
        if seen >= 2:
            return symbol
    return ""


def _own_symbol(text: str) -> str:
    """The document symbol a line consists of, or ""."""
    if "/" not in text or len(text) > 80:
        return ""
    symbol = canonicalize(text)
    if symbol is None or symbol_kind(symbol) != "document":
        return ""
    return symbol
