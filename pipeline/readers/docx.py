"""Word .docx reader: body paragraphs and tables in document order, then footnotes and endnotes.

Only what the markup or direct formatting says is reported: heading styles and outline levels
become HEADING blocks, short all-bold or enlarged paragraphs are flagged ``emphasized``.
Numbering typed into plain paragraphs ("第1章", "2.1") is left to the sectioning stage.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document as WordDocument
from lxml import etree

from copdocs.errors import ReadError
from pipeline.model import Block, BlockKind, ParsedFile
from pipeline.readers import looks_like_html
from pipeline.readers.docxstyles import (
    StyleSheet,
    W,
    flag,
    half_points,
    has_numbering,
    outline_level,
    val,
)
from pipeline.readers.emphasis import ENLARGED_RATIO, heading_like
from pipeline.readers.unmasthead import apply_table_masthead, own_symbol
from pipeline.readers.ziplimits import open_checked_zip

_WHAT = "Word .docx"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_HEADER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
# LibreOffice writes "officedocument" in lower case in this relationship type, so it is matched
# by its end, case-insensitively.
_CORE_PROPERTIES = "/metadata/core-properties"
_PACKAGE_RELS = "_rels/.rels"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"
_DC_CREATED = "{http://purl.org/dc/terms/}created"
_MAX_PROPERTIES_BYTES = 1 << 20
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

P, R, T, TBL, TR, TC = (f"{W}{t}" for t in ("p", "r", "t", "tbl", "tr", "tc"))
_PPR, _RPR = f"{W}pPr", f"{W}rPr"
# Elements whose children are walked for body blocks or table rows/cells (content controls,
# custom XML); anything else at that level (sectPr, altChunk, bookmarks) carries no body text.
_BLOCK_CONTAINERS = {f"{W}{t}" for t in ("sdtContent", "customXml", "ins", "moveTo")}
# Inline elements whose runs are visible text. Not listed, hence skipped: deletions (w:del,
# w:moveFrom), field codes (w:instrText), pictures/OLE/text boxes (w:drawing, w:pict,
# w:object, mc:AlternateContent), ruby annotations (w:rt) and symbol-font glyphs (w:sym).
_INLINE_CONTAINERS = {
    f"{W}{t}"
    for t in (
        "hyperlink", "ins", "moveTo", "smartTag", "fldSimple", "sdt", "sdtContent",
        "customXml", "dir", "bdo", "ruby", "rubyBase",
    )
}  # fmt: skip
_CHARS = {
    f"{W}{t}": char
    for t, char in (
        ("tab", "\t"),
        ("ptab", "\t"),
        ("br", "\n"),
        ("cr", "\n"),
        ("noBreakHyphen", "-"),
    )
}
_NOTE_SKIP = {"separator", "continuationSeparator", "continuationNotice"}

# No DTDs, no entity expansion, no network: the zip check already refuses DTDs, this is a backstop.
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

Run = tuple[str, etree._Element]


class DocxReader:
    format = "docx"

    def read(self, data: bytes, name: str) -> ParsedFile:
        if not data.strip():
            raise ReadError("empty file")
        if not data.startswith(b"PK"):
            if _looks_like_html(data):
                from pipeline.readers.html import HtmlReader  # only misnamed files need it

                return HtmlReader().read(data, name)
            if data.startswith(_OLE_MAGIC):
                raise ReadError(
                    "an encrypted (password-protected) Office file or another OLE2 file, "
                    "not a .docx"
                )
        with open_checked_zip(data, _WHAT) as archive:
            names = set(archive.namelist())
            properties_title, properties_date = _core_properties(archive, names)
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:
            if "word/document.xml" not in names:
                raise ReadError(f"not a {_WHAT} file: word/document.xml is missing") from exc
            raise ReadError(f"not a valid {_WHAT} file ({_reason(exc)})") from exc
        body = _Body(StyleSheet(document.styles.element))
        if document.element.body is not None:
            body.walk(document.element.body)
        blocks = body.blocks
        blocks += _notes(document, _FOOTNOTES, "footnote")
        blocks += _notes(document, _ENDNOTES, "endnote")
        parsed = ParsedFile(
            format=self.format,
            blocks=blocks,
            title=body.title,
            properties_title=properties_title,
            properties_date=properties_date,
        )
        apply_table_masthead(parsed)
        parsed.header_symbol = own_symbol(_header_lines(document))
        return parsed


class _Body:
    """Collects blocks from the document body, walking it with an explicit stack."""

    def __init__(self, styles: StyleSheet) -> None:
        self.styles = styles
        self.blocks: list[Block] = []
        self.title = ""

    def walk(self, root: etree._Element) -> None:
        stack: list[Iterator[etree._Element]] = [iter(root)]
        while stack:
            el = next(stack[-1], None)
            if el is None:
                stack.pop()
            elif el.tag == P:
                self._paragraph(el)
            elif el.tag == TR:
                stack.append(iter(self._row(el)))
            elif el.tag == TBL or el.tag in _BLOCK_CONTAINERS:
                stack.append(iter(el))
            elif el.tag == f"{W}sdt" and not _is_toc_control(el):
                stack.append(el.iterchildren(f"{W}sdtContent"))

    def _paragraph(self, p: etree._Element) -> None:
        ppr = p.find(_PPR)
        style_id = val(ppr.find(f"{W}pStyle")) if ppr is not None else None
        style_id = style_id or self.styles.default_paragraph
        if self.styles.is_toc(style_id):
            return
        runs = paragraph_runs(p)
        text = "".join(piece for piece, _ in runs).strip()
        if not text:
            return
        level = outline_level(ppr)
        if level is None:
            level = self.styles.heading_level(style_id)
        if level:
            self.blocks.append(Block(text.replace("\n", " "), BlockKind.HEADING, level=level))
            return
        if self.styles.is_title(style_id):
            self.title = self.title or text.replace("\n", " ")
            self.blocks.append(Block(text))
            return
        numbered = has_numbering(ppr)
        listed = numbered if numbered is not None else self.styles.is_list(style_id)
        kind = BlockKind.LIST_ITEM if listed else BlockKind.PARAGRAPH
        self.blocks.append(Block(text, kind, emphasized=self._emphasized(text, runs, style_id)))

    def _emphasized(self, text: str, runs: list[Run], style_id: str | None) -> bool:
        if not heading_like(text):
            return False
        body_size = self.styles.body_size
        visible = {id(run): run for piece, run in runs if piece.strip()}
        for run in visible.values():
            rpr = run.find(_RPR)
            char_style = None if rpr is None else val(rpr.find(f"{W}rStyle"))
            bold = None if rpr is None else flag(rpr.find(f"{W}b"))
            if bold is None:
                bold = self.styles.bold(char_style, style_id)
            if bold:
                continue
            size = None if rpr is None else half_points(rpr.find(f"{W}sz"))
            size = size or self.styles.size(char_style, style_id) or body_size
            if size < body_size * ENLARGED_RATIO:
                return False
        return bool(visible)

    def _row(self, tr: etree._Element) -> list[etree._Element]:
        """Emit one TABLE_ROW; return the tables nested in its cells, to be walked next."""
        trpr = tr.find(f"{W}trPr")
        if trpr is not None and trpr.find(f"{W}del") is not None:
            return []
        cells: list[str] = []
        nested: list[etree._Element] = []
        for tc in _descend(tr, TC):
            if _merged_continuation(tc):
                continue
            texts = []
            for el in _descend(tc, P, TBL):
                if el.tag == TBL:
                    nested.append(el)
                else:
                    texts.append("".join(piece for piece, _ in paragraph_runs(el)).strip())
            cell = " ".join(t for t in texts if t).replace("\n", " ")
            if cell:
                cells.append(cell)
        if cells:
            self.blocks.append(Block(" | ".join(cells), BlockKind.TABLE_ROW))
        return nested


def paragraph_runs(p: etree._Element) -> list[Run]:
    """The visible text pieces of a paragraph, each with the ``w:r`` run it belongs to."""
    out: list[Run] = []
    stack: list[tuple[Iterator[etree._Element], etree._Element]] = [(iter(p), p)]
    while stack:
        children, run = stack[-1]
        el = next(children, None)
        if el is None:
            stack.pop()
        elif el.tag == R:
            if not _hidden(el):
                stack.append((iter(el), el))
        elif el.tag == T:
            text = el.text or ""
            out.append((_superscript(text) if _raised(run) else text, run))
        elif el.tag in _CHARS:
            out.append((_CHARS[el.tag], run))
        elif el.tag in _INLINE_CONTAINERS:
            stack.append((iter(el), run))
    return out


def _descend(parent: etree._Element, *tags: str) -> Iterator[etree._Element]:
    """Children of ``parent`` with one of ``tags``, looking through content controls."""
    stack = [iter(parent)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
        elif el.tag in tags:
            yield el
        elif el.tag in _BLOCK_CONTAINERS or el.tag == f"{W}sdt":
            stack.append(iter(el))


def _merged_continuation(tc: etree._Element) -> bool:
    tcpr = tc.find(f"{W}tcPr")
    if tcpr is None:
        return False
    vmerge, hmerge = tcpr.find(f"{W}vMerge"), tcpr.find(f"{W}hMerge")
    if vmerge is not None and val(vmerge) in (None, "continue"):
        return True
    return hmerge is not None and val(hmerge) in (None, "continue")


def _raised(run: etree._Element) -> bool:
    rpr = run.find(_RPR)
    return rpr is not None and val(rpr.find(f"{W}vertAlign")) == "superscript"


def _superscript(text: str) -> str:
    """Digits typed as superscript (footnote marks, powers) as superscript characters, so that
    "decision 1/CMP.1" followed by a raised "5" does not read as 1/CMP.15."""
    return text.translate(_SUPERSCRIPT_DIGITS) if text.strip().isdigit() else text


_SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _hidden(run: etree._Element) -> bool:
    rpr = run.find(_RPR)
    return rpr is not None and bool(flag(rpr.find(f"{W}vanish")))


def _is_toc_control(sdt: etree._Element) -> bool:
    gallery = sdt.find(f"{W}sdtPr/{W}docPartObj/{W}docPartGallery")
    return "contents" in (val(gallery) or "").lower()


def _notes(document: WordDocument, reltype: str, tag: str) -> list[Block]:
    blocks: list[Block] = []
    for rel in document.part.rels.values():
        if rel.reltype != reltype or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, _SAFE_PARSER)
        except etree.XMLSyntaxError as exc:
            raise ReadError(f"not a valid {_WHAT} file (malformed {tag}s)") from exc
        for note in root.iterchildren(f"{W}{tag}"):
            if note.get(f"{W}type") in _NOTE_SKIP:
                continue
            texts = ("".join(piece for piece, _ in paragraph_runs(p)) for p in note.iter(P))
            text = " ".join(t.strip() for t in texts if t.strip())
            if text:
                blocks.append(Block(text, BlockKind.FOOTNOTE))
    return blocks


def _header_lines(document: WordDocument) -> list[str]:
    """The text of the page headers, a line per paragraph (table cells included)."""
    lines: list[str] = []
    for rel in document.part.rels.values():
        if rel.reltype != _HEADER or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, _SAFE_PARSER)
        except etree.XMLSyntaxError:
            continue  # a damaged header loses nothing of the body
        for p in root.iter(P):
            text = "".join(piece for piece, _ in paragraph_runs(p)).strip()
            if text:
                lines.append(text)
    return lines


def _core_properties(archive: zipfile.ZipFile, names: set[str]) -> tuple[str, str]:
    """The title and creation date (ISO) of the package's core properties, where present."""
    rels = _xml_member(archive, names, _PACKAGE_RELS)
    if rels is None:
        return "", ""
    target = next(
        (
            rel.get("Target", "")
            for rel in rels.iter(_REL)
            if rel.get("Type", "").lower().endswith(_CORE_PROPERTIES)
        ),
        "",
    )
    core = _xml_member(archive, names, target.lstrip("/"))
    if core is None:
        return "", ""
    title = " ".join((core.findtext(_DC_TITLE) or "").split())
    created = (core.findtext(_DC_CREATED) or "").strip()
    return title, created[:10] if _ISO_DATE.match(created) else ""


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def _xml_member(archive: zipfile.ZipFile, names: set[str], name: str) -> etree._Element | None:
    if name not in names or archive.getinfo(name).file_size > _MAX_PROPERTIES_BYTES:
        return None
    try:
        return etree.fromstring(archive.read(name), _SAFE_PARSER)
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError):
        return None


def _looks_like_html(data: bytes) -> bool:
    return looks_like_html(data[:4096])


def _reason(exc: Exception) -> str:
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return first_line[:120] or type(exc).__name__
