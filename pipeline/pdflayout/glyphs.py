"""What the PDF library hands the layout analysis: the glyphs of each page, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Glyph:
    """One character as drawn, in the page's own coordinates (points, y upwards)."""

    char: str
    left: float
    bottom: float
    right: float
    top: float
    angle: float = 0.0  # direction of the text, radians counter-clockwise
    bold: bool = False
    space_before: bool = False  # the PDF has a space character right before it
    # Where the glyph's advance starts along its text direction (the box may reach further
    # back: some fonts draw outside their advance).
    origin_x: float | None = None
    origin_y: float | None = None


@dataclass(slots=True)
class Page:
    number: int  # 1-based physical page index
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)  # in content-stream order
