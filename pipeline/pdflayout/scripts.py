"""Line sizes made comparable across scripts.

A line's size is measured from its characters' boxes, and a box is as tall as its font's
ascent and descent, not as the type size: the Latin font beside a Han font of the same size
often has taller or shorter boxes (a browser's print of a page sets Latin text in one font and
Han text in another). A line heavy with English words would then read as set larger than the
Han lines of its own paragraph — as a heading, or a paragraph of its own. The document shows
how its two fonts compare where they stand side by side on one line, and Latin text is
measured on the Han scale by that ratio.
"""

from __future__ import annotations

from statistics import median

from pipeline.pdflayout.glyphs import LATIN, WIDE
from pipeline.pdflayout.lines import Line, Placed

# Lines holding both scripts needed before their boxes are compared, and the least difference
# in box height worth correcting.
_MIN_MIXED_LINES = 5
_MIN_DIFFERENCE = 0.04
# How far a page's own ratio may stray from the document's.
_PAGE_AGREEMENT = 0.03
_HAN, _LATIN, _OTHER = 1, 2, 0


def even_script_sizes(pages: list[list[Line]]) -> None:
    """Set the size of each line holding Latin text with its Latin characters measured on the
    Han characters' scale, when the document's Latin and Han boxes differ in height, on the
    pages whose lines mixing the two show that difference (a page of English alone may be
    set in yet another font, an OCR layer's boxes agree on nothing)."""
    if not any(WIDE.search(line.text) for lines in pages for line in lines):
        return  # no Han text to compare with
    ratios: list[float] = []
    page_ratios: list[float | None] = []
    with_latin: list[list[tuple[Line, list[int]]]] = []
    for lines in pages:
        found: list[float] = []
        latin_lines: list[tuple[Line, list[int]]] = []
        for line in lines:
            scripts = [_script(span) for span in line.spans]
            if _LATIN not in scripts:
                continue
            latin_lines.append((line, scripts))
            if _HAN in scripts:
                found.append(median(_heights(line, scripts, _LATIN))
                             / median(_heights(line, scripts, _HAN)))  # fmt: skip
        ratios.extend(found)
        page_ratios.append(median(found) if found else None)
        with_latin.append(latin_lines)
    if len(ratios) < _MIN_MIXED_LINES:
        return
    ratio = median(ratios)
    if abs(ratio - 1) < _MIN_DIFFERENCE:
        return
    for page_ratio, latin_lines in zip(page_ratios, with_latin, strict=True):
        if page_ratio is None or abs(page_ratio / ratio - 1) > _PAGE_AGREEMENT:
            continue
        for line, scripts in latin_lines:
            line.size = _weighted_median(
                [(_height(s) / ratio if script == _LATIN else _height(s), s.weight)
                 for s, script in zip(line.spans, scripts, strict=True)]  # fmt: skip
            )


def _height(span: Placed) -> float:
    return span.y1 - span.y0


def _heights(line: Line, scripts: list[int], script: int) -> list[float]:
    return [_height(s) for s, kind in zip(line.spans, scripts, strict=True) if kind == script]


def _script(span: Placed) -> int:
    """Han or Latin for a span of one of them only (digits count as Latin), else other."""
    wide = not span.text.isascii() and WIDE.search(span.text) is not None
    latin = LATIN.search(span.text) is not None
    if wide == latin:
        return _OTHER
    return _HAN if wide else _LATIN


def _weighted_median(values: list[tuple[float, int]]) -> float:
    """The value in the middle of the values each counted ``weight`` times."""
    ordered = sorted(values)
    total = sum(max(weight, 1) for _, weight in ordered)
    seen = 0
    for value, weight in ordered:
        seen += max(weight, 1)
        if 2 * seen >= total:
            return value
    return ordered[-1][0]
