"""PDF reader: the text layer, through pdfium (pypdfium2), laid out by ``pipeline.pdflayout``.

This module only talks to pdfium: it opens the document, refuses what cannot be read (a
password, no text layer, a malformed file, too many pages) with one clear line, and hands each
page's glyphs — character, box, direction, boldness — to the layout analysis, which turns them
into blocks with their pages.
"""

from __future__ import annotations

import ctypes
import math
import re

from copdocs.errors import ReadError
from pipeline.limits import MAX_PDF_PAGES
from pipeline.model import ParsedFile
from pipeline.pdflayout.document import assemble
from pipeline.pdflayout.glyphs import Glyph, Page

_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi", re.IGNORECASE)
_BOLD_WEIGHT = 600
# pdfium reports a soft hyphen it finds at a line end as U+0002.
_PDFIUM_HYPHEN = 0x02
_SPACES = frozenset((0x20, 0xA0, 0x3000, 0x09))
_FONT_NAME_BYTES = 96


class PdfReader:
    format = "pdf"

    def read(self, data: bytes, name: str) -> ParsedFile:
        if not data.strip():
            raise ReadError("empty file")
        pages, (title, created) = extract_pages(data)
        parsed = assemble(pages)
        parsed.properties_title, parsed.properties_date = title, created
        return parsed


def extract_pages(data: bytes) -> tuple[list[Page], tuple[str, str]]:
    """The glyphs of every page, and the title and creation date (ISO) the document's
    properties declare."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(_open_error(exc)) from exc
    try:
        count = len(document)
        if count > MAX_PDF_PAGES:
            raise ReadError(f"refused: {count:,} pages, over the {MAX_PDF_PAGES:,} page limit")
        if count == 0:
            raise ReadError("not a valid PDF file (no pages)")
        pages = []
        for index in range(count):
            try:
                pages.append(_page(document, index))
            except pdfium.PdfiumError as exc:
                raise ReadError(f"not a valid PDF file (page {index + 1} cannot be read)") from exc
        if not any(page.glyphs for page in pages):
            raise ReadError(f"no text layer (scanned?): {count} pages, no text")
        return pages, (_title(document), _created(document))
    finally:
        document.close()


def _open_error(exc: Exception) -> str:
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return "encrypted PDF: cannot read without the password"
    if code == raw.FPDF_ERR_SECURITY:
        return "encrypted PDF: unsupported security scheme"
    return "not a valid PDF file (malformed or truncated)"


def _page(document, index: int) -> Page:
    import pypdfium2.raw as raw

    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            glyphs = _glyphs(textpage.raw, raw)
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(index + 1, width, height, glyphs)


def _glyphs(textpage, raw) -> list[Glyph]:
    count = raw.FPDFText_CountChars(textpage)
    glyphs: list[Glyph] = []
    if count <= 0:
        return glyphs
    box = raw.FS_RECTF()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    get_origin = raw.FPDFText_GetCharOrigin
    name = ctypes.create_string_buffer(_FONT_NAME_BYTES)
    bold_names: dict[bytes, bool] = {}
    get_unicode = raw.FPDFText_GetUnicode
    is_generated = raw.FPDFText_IsGenerated
    loose_box = raw.FPDFText_GetLooseCharBox
    angle_of = raw.FPDFText_GetCharAngle
    weight_of = raw.FPDFText_GetFontWeight
    font_info = raw.FPDFText_GetFontInfo
    space_before = False
    for index in range(count):
        code = get_unicode(textpage, index)
        if code in _SPACES:
            if not is_generated(textpage, index):
                space_before = True
            continue
        if code == _PDFIUM_HYPHEN:
            code = 0x2D
        elif code < 0x20 or code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            continue  # line breaks pdfium inserts, control codes, unpaired surrogates
        if is_generated(textpage, index) or not loose_box(textpage, index, box):
            continue
        angle = angle_of(textpage, index)
        bold = weight_of(textpage, index) >= _BOLD_WEIGHT
        if not bold:
            font_info(textpage, index, name, _FONT_NAME_BYTES, None)
            key = name.value
            if key not in bold_names:
                bold_names[key] = _BOLD_NAME.search(key) is not None
            bold = bold_names[key]
        has_origin = get_origin(textpage, index, origin_x, origin_y)
        glyphs.append(
            Glyph(
                chr(code), box.left, box.bottom, box.right, box.top,
                angle if angle > 0 and math.isfinite(angle) else 0.0, bold, space_before,
                origin_x.value if has_origin else None, origin_y.value if has_origin else None,
            )
        )  # fmt: skip
        space_before = False
    return glyphs


def _created(document) -> str:
    """The properties' creation date (``D:20080314…``) as an ISO date, or ""."""
    try:
        value = document.get_metadata_value("CreationDate") or ""
    except Exception:  # a metadata value pdfium cannot decode is no date
        return ""
    found = re.match(r"(?:D:)?((?:19|20)\d\d)(\d\d)?(\d\d)?", value.strip())
    if not found:
        return ""
    return "-".join(part for part in found.groups() if part)


def _title(document) -> str:
    """The metadata title, unless it is a file or job name rather than a title."""
    try:
        title = " ".join((document.get_metadata_value("Title") or "").split())
    except Exception:  # a metadata value pdfium cannot decode is no title
        return ""
    if re.search(r"\.(pdf|docx?|rtf|indd|qxd|txt)$", title, re.IGNORECASE):
        return ""
    if not re.search(r"[^\W\d_]{2}", title):
        return ""
    return title
