"""What a Word style sheet says about a paragraph: heading level, title, list, bold, font size.

Properties are resolved along the ``w:basedOn`` chain, the nearest explicit value winning, then
from the document defaults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALSE = {"0", "false", "off"}
# Word writes built-in names in English ("heading 1"); other editors may localize them.
_HEADING_NAME = re.compile(r"^(?:heading|標題|标题)\s*([1-9])$")
_TITLE_NAMES = {"title", "標題", "标题"}
_TOC_NAME = re.compile(r"^(?:toc|目錄|目录)\s*[1-9]$")
_MAX_CHAIN = 32  # basedOn hops; guards against cycles
_WORD_DEFAULT_SIZE = 20  # half-points, what Word assumes when nothing sets a size


def val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(f"{W}val")


def flag(el: etree._Element | None) -> bool | None:
    """An on/off property such as ``w:b``: None when absent."""
    if el is None:
        return None
    return (val(el) or "true").lower() not in _FALSE


def half_points(el: etree._Element | None) -> int | None:
    text = val(el)
    return int(text) if text and text.isdigit() else None


def outline_level(ppr: etree._Element | None) -> int | None:
    """``w:outlineLvl`` as a heading level (0 -> 1); 0 when it marks body text; None if unset."""
    if ppr is None:
        return None
    text = val(ppr.find(f"{W}outlineLvl"))
    if text is None or not text.isdigit():
        return None
    number = int(text)
    return number + 1 if number < 9 else 0


def has_numbering(ppr: etree._Element | None) -> bool | None:
    """True/False when ``w:numPr`` is set (numId 0 switches numbering off), None if unset."""
    if ppr is None:
        return None
    numpr = ppr.find(f"{W}numPr")
    if numpr is None:
        return None
    return val(numpr.find(f"{W}numId")) not in (None, "0")


@dataclass(slots=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    numbered: bool | None
    bold: bool | None
    size: int | None


class StyleSheet:
    """The paragraph and character styles of one document (``word/styles.xml``)."""

    def __init__(self, styles: etree._Element | None) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self._default_bold: bool | None = None
        self._default_size: int | None = None
        if styles is not None:
            self._load(styles)
        body = self.size(self.default_paragraph)
        self.body_size = body or _WORD_DEFAULT_SIZE

    def _load(self, styles: etree._Element) -> None:
        rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if rpr is not None:
            self._default_bold = flag(rpr.find(f"{W}b"))
            self._default_size = half_points(rpr.find(f"{W}sz"))
        for el in styles.iter(f"{W}style"):
            style_id = el.get(f"{W}styleId")
            if not style_id:
                continue
            ppr, rpr = el.find(f"{W}pPr"), el.find(f"{W}rPr")
            self._styles[style_id] = _Style(
                name=(val(el.find(f"{W}name")) or "").strip().lower(),
                based_on=val(el.find(f"{W}basedOn")),
                outline=outline_level(ppr),
                numbered=has_numbering(ppr),
                bold=None if rpr is None else flag(rpr.find(f"{W}b")),
                size=None if rpr is None else half_points(rpr.find(f"{W}sz")),
            )
            if el.get(f"{W}type") == "paragraph" and el.get(f"{W}default") in ("1", "true", "on"):
                self.default_paragraph = style_id

    def _chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and len(chain) < _MAX_CHAIN:
            seen.add(style_id)
            style = self._styles.get(style_id)
            if style is None:
                break
            chain.append(style)
            style_id = style.based_on
        return chain

    def heading_level(self, style_id: str | None) -> int | None:
        """The heading level a paragraph style gives, or None (an outline level 9 gives None)."""
        for style in self._chain(style_id):
            if style.outline is not None:
                return style.outline or None
            match = _HEADING_NAME.match(style.name)
            if match:
                return int(match.group(1))
        return None

    def is_title(self, style_id: str | None) -> bool:
        return any(style.name in _TITLE_NAMES for style in self._chain(style_id))

    def is_toc(self, style_id: str | None) -> bool:
        chain = self._chain(style_id)
        return bool(chain) and _TOC_NAME.match(chain[0].name) is not None

    def is_list(self, style_id: str | None) -> bool:
        for style in self._chain(style_id):
            if style.numbered is not None:
                return style.numbered
            if style.name.startswith("list"):
                return True
        return False

    def bold(self, *style_ids: str | None) -> bool:
        """Bold from the first style chain that sets it (character style, then paragraph)."""
        for style_id in style_ids:
            for style in self._chain(style_id):
                if style.bold is not None:
                    return style.bold
        return bool(self._default_bold)

    def size(self, *style_ids: str | None) -> int | None:
        for style_id in style_ids:
            for style in self._chain(style_id):
                if style.size is not None:
                    return style.size
        return self._default_size
