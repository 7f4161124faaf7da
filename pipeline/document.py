"""File -> Document: read, section, identify. The single entry point for one source file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from copdocs.errors import ReadError
from pipeline.files import path_problem
from pipeline.limits import check_document, check_file_size, max_file_bytes, open_regular_file
from pipeline.metadata import document_metadata
from pipeline.model import Document
from pipeline.readers import detect_format, reader_for_format, sniff, supported_extensions
from pipeline.sectioning import build_sections


def doc_id_for(path: str | Path) -> str:
    """Stable for the same source path across re-ingests; readable; unique by path."""
    resolved = str(Path(path).resolve())
    stem = Path(resolved).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:40].strip("-")
    digest = hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


def parse_bytes(data: bytes, path: str | Path, fmt: str | None = None) -> Document:
    """Parse the bytes of the file at ``path`` within the limits of ``pipeline.limits``.

    The format is ``fmt`` when the caller has decided it already, else what the content shows,
    else what the name says; the path gives the doc id.
    """
    fmt = fmt or detect_format(path, sniff(data))
    check_file_size(fmt, len(data))
    if fmt is None:
        supported = ", ".join(supported_extensions())
        raise ReadError(f"unsupported file type (supported: {supported})")
    parsed = reader_for_format(fmt).read(data, Path(path).name)
    doc_id = doc_id_for(path)
    sections = build_sections(parsed, doc_id)
    metadata = document_metadata(parsed, sections, path)
    document = Document(
        doc_id=doc_id,
        source=str(Path(path).resolve()),
        format=parsed.format,
        title=metadata.title,
        sha256=hashlib.sha256(data).hexdigest(),
        sections=sections,
        date=metadata.date,
        year=metadata.year,
        symbol=metadata.symbol,
        size=len(data),
    )
    check_document(document)
    return document


def parse_file(path: str | Path) -> Document:
    """Read and parse one file within the limits; ReadError carries a one-line reason."""
    try:
        with open_regular_file(path) as (file, info, fmt):
            data = file.read(max_file_bytes(fmt) + 1)  # the file may have grown since
    except OSError as exc:
        raise ReadError(path_problem(Path(path), exc)) from exc
    document = parse_bytes(data, path, fmt)
    document.size, document.mtime = info.st_size, info.st_mtime
    return document
