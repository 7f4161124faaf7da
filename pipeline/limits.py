"""What one source file may cost to ingest, checked before each expensive step.

This is the one table of limits, the same for every caller (the CLI, the library, the workers).
They keep a single hostile or absurd file from taking the machine's memory or the writer's time:
the file size before it is read (here), a zip container's sizes before it is unpacked (enforced
by ``pipeline.readers.ziplimits``), the HTML element count before parsing (the HTML reader),
the text and section count before segmentation, and the distinct words before indexing (the
index's cost grows with distinct terms; both here). Real conference documents stay far below
all of them.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import BinaryIO

from copdocs.errors import ReadError
from pipeline.annotate import AnnotatedDocument
from pipeline.model import Document
from pipeline.normalize import HAN, has_han
from pipeline.readers import detect_format, sniff_file

MiB = 1 << 20

# HTML costs most per byte: a parsed tree of about 1 KB per element, 80 bytes per byte of markup.
MAX_FILE_BYTES = {"docx": 64 * MiB, "doc": 64 * MiB, "html": 8 * MiB, "pdf": 128 * MiB}  # by format
MAX_TEXT_FILE_BYTES = 16 * MiB  # .txt, .md, and any format not listed above
MAX_ZIP_MARKUP_BYTES = 24 * MiB  # the parsed parts of a .docx, unpacked (about 12x that in memory)
MAX_ZIP_UNPACKED_BYTES = 128 * MiB  # everything in a .docx, unpacked (python-docx loads it all)
MAX_ZIP_MEMBERS = 5000
MAX_ZIP_RATIO = 200  # a member's unpacked / packed size (over 1 MB unpacked)
MAX_HTML_ELEMENTS = 400_000  # the parsed tree costs about 1 KB per element
MAX_PDF_PAGES = 5_000
MAX_DOCUMENT_CHARS = 2_000_000  # about 1,000 pages
MAX_SECTIONS = 10_000
MAX_DISTINCT_TERMS = 250_000
# A legacy .doc is converted by LibreOffice; a conversion running longer is stopped. Below the
# worker pool's per-file limit, so that the conversion, not the whole worker, is what gets killed.
DOC_CONVERSION_SECONDS = 120

# Memory a worker needs per byte of the file, measured on the worst inputs that pass the limits
# (random Han text, Word XML); used to keep heavy files from being annotated side by side.
_MEMORY_PER_BYTE = {"docx": 100, "doc": 100, "html": 100, "pdf": 4}
_TEXT_MEMORY_PER_BYTE = 40
_HAN_PAIR = re.compile(f"(?=([{HAN}]{{2}}))")


def max_file_bytes(fmt: str | None) -> int:
    """The size limit of a format (``pipeline.readers`` names formats)."""
    return MAX_FILE_BYTES.get(fmt or "", MAX_TEXT_FILE_BYTES)


def check_file_size(fmt: str | None, size: int) -> None:
    """Refuse a file over its format's size limit, before reading it."""
    limit = max_file_bytes(fmt)
    if size > limit:
        raise ReadError(f"refused: {_size(size)}, over the {_size(limit)} limit for this type")


@contextmanager
def open_regular_file(
    path: str | PurePath,
) -> Iterator[tuple[BinaryIO, os.stat_result, str | None]]:
    """Open a regular file within its format's size limit; yields the file, its status and
    its format (what its content shows, else its name; None when copdocs does not read it).

    O_NONBLOCK: opening a named pipe must not wait for a writer; regular files ignore it.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not a regular file")
        fmt = detect_format(path, sniff_file(file))
        if fmt is not None:
            check_file_size(fmt, info.st_size)
        yield file, info, fmt


def memory_estimate(fmt: str | None, size: int) -> int:
    """Bytes of memory that analysing a file of ``size`` bytes may need, at worst."""
    per_byte = _MEMORY_PER_BYTE.get(fmt or "", _TEXT_MEMORY_PER_BYTE)
    return max(size, 1) * per_byte


def check_document(document: Document) -> None:
    """Refuse a parsed document too large to segment and index in bounded time and memory."""
    chars = sum(len(s.text) + len(s.heading) for s in document.sections)
    if chars > MAX_DOCUMENT_CHARS:
        raise ReadError(
            f"refused: {chars:,} characters of text, over the {MAX_DOCUMENT_CHARS:,} limit"
        )
    if len(document.sections) > MAX_SECTIONS:
        raise ReadError(
            f"refused: {len(document.sections):,} sections, over the {MAX_SECTIONS:,} limit"
        )


def check_annotated(annotated: AnnotatedDocument) -> None:
    """Refuse a document with more distinct words and Han character pairs than the limit.

    Random or encoded data (base64, scrambled characters) has a distinct term at almost every
    position; real text repeats its vocabulary.
    """
    terms: set[str] = set()
    for item in annotated.sections:  # one section's terms at a time: its size is bounded
        terms.update(item.body_tokens)
        if has_han(item.body_fold):  # the pair scan looks ahead at every position
            terms.update(_HAN_PAIR.findall(item.body_fold))
        if len(terms) > MAX_DISTINCT_TERMS:
            raise ReadError(
                f"refused: over {MAX_DISTINCT_TERMS:,} distinct words "
                "(random or encoded data, not text)"
            )


def _size(size: int) -> str:
    return f"{size / MiB:,.0f} MB" if size >= MiB else f"{size:,} bytes"
