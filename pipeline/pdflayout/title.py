"""The title a PDF displays: the lines on its first page with text set in the largest type,
when that type is clearly larger than the body's (a cover's or a first page's title)."""

from __future__ import annotations

import re

from pipeline.pdflayout.lines import Line
from pipeline.pdflayout.paragraphs import Hyphens, join

_TITLE_RATIO = 1.4  # a title's type is at least this much larger than the body's
_SAME_TYPE = 0.92  # lines within this share of the largest size belong to the title
_MAX_LINES = 5
_LINE_GAP = 0.8  # more space than this between lines (in sizes) parts them
_WORD = re.compile(r"[^\W\d_]{2}")


def display_title(pages: list[list[Line]], body_size: float) -> str:
    """The first page's largest-type lines joined, in reading order; "" when there are none
    clearly larger than the body."""
    lines = next((page for page in pages if page), [])
    worded = [line for line in lines if _WORD.search(line.text) and line.cell is None]
    if not worded or body_size <= 0:
        return ""
    largest = max(line.size for line in worded)
    if largest < _TITLE_RATIO * body_size:
        return ""
    title: list[Line] = []
    for line in lines:
        if line.size >= _SAME_TYPE * largest and line.cell is None:
            if title and title[-1].y0 - line.y1 > _LINE_GAP * largest:
                break  # set apart: a heading below the title, in the same type
            title.append(line)
        elif title:
            break  # the title's lines follow each other
    if len(title) > _MAX_LINES:
        return ""
    text = title[0].text
    for line in title[1:]:
        text = join(text, line.text, Hyphens())
    return text
