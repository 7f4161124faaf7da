"""What the PDF library hands the layout analysis: each page's spans of text and ruling lines,
as plain data."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

_QUARTER = math.pi / 2
_SKEW_TOLERANCE = math.radians(8)

# Characters of scripts set without spaces between words (Han, kana, Hangul, full-width forms):
# a line of them may wrap after any character.
WIDE = re.compile(
    r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff]"
)
LATIN = re.compile(r"[0-9A-Za-z\u00c0-\u024f]")
# Letters of scripts written right to left (Hebrew, Arabic and their presentation forms).
RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def quarter(angle: float) -> int | None:
    """The text direction in quarter turns counter-clockwise; None at other angles (watermarks,
    tilted chart labels), which are not read as text."""
    if angle == 0.0:  # most text runs horizontally
        return 0
    turns = angle / _QUARTER
    nearest = round(turns)
    if abs(turns - nearest) * _QUARTER > _SKEW_TOLERANCE:
        return None
    return nearest % 4


@dataclass(slots=True)
class Span:
    """Characters drawn together: one text object's characters on one line, with no space the
    layout has to judge inside (a word space the file types stays in ``text``; the gaps where
    the file has no space character, or a space between Han and Latin text, end a span).

    The box is in the page's own coordinates (points, y upwards), starting where the first
    character's advance starts (some fonts draw further back); lengths are measured along the
    text's direction from that start.
    """

    text: str
    left: float
    bottom: float
    right: float
    top: float
    angle: float = 0.0  # direction of the text, radians counter-clockwise
    bold: bool = False
    space_before: bool = False  # the PDF has a space character right before it
    first_word: float | None = None  # to the end of its first word, when a space follows it
    head: float | None = None  # to the end of its first Han character, if one of the first two


@dataclass(slots=True)
class Page:
    number: int  # 1-based physical page index
    width: float
    height: float
    spans: list[Span] = field(default_factory=list)  # in content-stream order
    # Thin drawn lines (table borders, underlines), as (left, bottom, right, top).
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
