"""Format -> reader mapping. Add a format by adding a module and one entry below."""

from __future__ import annotations

import importlib
from pathlib import PurePath

from pipeline.readers.base import Reader

# extension -> (module, class). Imported lazily so `search` never pays for python-docx or lxml.
_READERS: dict[str, tuple[str, str]] = {
    ".txt": ("pipeline.readers.text", "TextReader"),
    ".md": ("pipeline.readers.markdown", "MarkdownReader"),
    ".markdown": ("pipeline.readers.markdown", "MarkdownReader"),
    ".docx": ("pipeline.readers.docx", "DocxReader"),
    ".html": ("pipeline.readers.html", "HtmlReader"),
    ".htm": ("pipeline.readers.html", "HtmlReader"),
    ".pdf": ("pipeline.readers.pdf", "PdfReader"),
}


def supported_extensions() -> list[str]:
    return sorted(_READERS)


def reader_for(path: str | PurePath) -> Reader | None:
    """The reader for a file name, or None when its format is not supported."""
    entry = _READERS.get(PurePath(path).suffix.lower())
    if entry is None:
        return None
    module_name, class_name = entry
    return getattr(importlib.import_module(module_name), class_name)()
