"""Format -> reader mapping, and how a file's format is decided: by what it is, else its name.

Formats: ``txt``, ``md``, ``docx``, ``doc``, ``html``, ``pdf``. Add one by adding a module, an
entry in ``_READERS`` and its extensions in ``_EXTENSIONS``.

Content wins over the name when the first bytes say what a file is: a PDF (``%PDF-``), a Word
.docx (a zip holding ``word/``), a legacy Word .doc (an OLE2 container holding a
``WordDocument`` stream) or RTF, whatever the file is called; and an HTML page saved under a
Word or PDF name. Text formats (.txt, .md) may legitimately contain markup, so an HTML-looking
.txt or .md stays text. Anything else is read by its extension.
"""

from __future__ import annotations

import importlib
import io
import zipfile
from pathlib import PurePath
from typing import BinaryIO

from copdocs.errors import ReadError
from pipeline.readers.base import Reader

# format -> (module, class). Imported lazily so `search` never pays for python-docx or lxml.
_READERS: dict[str, tuple[str, str]] = {
    "txt": ("pipeline.readers.text", "TextReader"),
    "md": ("pipeline.readers.markdown", "MarkdownReader"),
    "docx": ("pipeline.readers.docx", "DocxReader"),
    "doc": ("pipeline.readers.doc", "DocReader"),
    "html": ("pipeline.readers.html", "HtmlReader"),
    "pdf": ("pipeline.readers.pdf", "PdfReader"),
}
_EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".docx": "docx",
    ".doc": "doc",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
_TEXT_FORMATS = ("txt", "md")

HEAD_BYTES = 4096  # enough for every signature below except a zip's member names
_PDF = b"%PDF-"
_PDF_REACH = 1024  # readers accept a PDF header anywhere in the first kilobyte
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # its name in the OLE2 directory
_OLE2_REACH = 64 << 20  # the directory may sit anywhere; a .doc over this is refused anyway
_RTF = b"{\\rtf"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def supported_extensions() -> list[str]:
    return sorted(_EXTENSIONS)


def format_for_name(path: str | PurePath) -> str | None:
    """The format a file name's extension stands for, or None."""
    return _EXTENSIONS.get(PurePath(path).suffix.lower())


def sniff(data: bytes) -> str | None:
    """The format the content itself shows (``data``: the whole file), or None."""
    return _sniff(data[:HEAD_BYTES], lambda: _zip_names(io.BytesIO(data)), data)


def sniff_file(file: BinaryIO) -> str | None:
    """``sniff`` for an open file: reads its start (and a zip's directory), then rewinds."""
    file.seek(0)
    head = file.read(HEAD_BYTES)
    try:
        ole2_body = file.read(_OLE2_REACH) if head.startswith(_OLE2) else b""
        return _sniff(head, lambda: _zip_names(file), head + ole2_body)
    finally:
        file.seek(0)


def detect_format(path: str | PurePath, content_format: str | None) -> str | None:
    """The format to read a file as: what its content shows, else what its name says."""
    named = format_for_name(path)
    if content_format == "html" and named in _TEXT_FORMATS:
        return named
    return content_format or named


def reader_for_format(name: str) -> Reader:
    """The reader of a format; ReadError when this installation does not include it."""
    module_name, class_name = _READERS[name]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise ReadError(f"{name.upper()} support is not installed in this copdocs") from exc
    return getattr(module, class_name)()


def _sniff(head: bytes, zip_names, whole: bytes) -> str | None:
    if _PDF in head[:_PDF_REACH]:
        return "pdf"
    if head.startswith(_ZIP):
        names = zip_names()
        word = any(n.startswith("word/") for n in names) and "[Content_Types].xml" in names
        return "docx" if word else None
    if head.startswith(_OLE2):
        return "doc" if _WORD_STREAM in whole else None
    if head.startswith(_RTF):
        return "doc"
    if looks_like_html(head):
        return "html"
    return None


def _zip_names(file: BinaryIO) -> set[str]:
    try:
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return set()


def looks_like_html(head: bytes) -> bool:
    """The start of an HTML page (in an ASCII-compatible encoding)."""
    for bom in _BOMS:
        head = head.removeprefix(bom)
    head = head[:2048].lstrip(b" \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or any(
        tag in head for tag in (b"<html", b"<head>", b"<body")
    )
