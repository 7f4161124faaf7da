"""File -> Document: read, section, identify. The single entry point for one source file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipeline.errors import ReadError
from pipeline.model import Document
from pipeline.readers import reader_for, supported_extensions
from pipeline.sectioning import build_sections

MAX_FILE_BYTES = 256 * 1024 * 1024


def doc_id_for(path: str | Path) -> str:
    """Stable for the same source path across re-ingests; readable; unique by path."""
    resolved = str(Path(path).resolve())
    stem = Path(resolved).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:40].strip("-")
    digest = hashlib.sha1(resolved.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}" if slug else digest


def parse_bytes(data: bytes, path: str | Path) -> Document:
    """Parse the bytes of the file at ``path`` (the path picks the reader and the doc id)."""
    reader = reader_for(path)
    if reader is None:
        supported = ", ".join(supported_extensions())
        raise ReadError(f"unsupported file type (supported: {supported})")
    parsed = reader.read(data, Path(path).name)
    doc_id = doc_id_for(path)
    sections = build_sections(parsed, doc_id)
    title = parsed.title or Path(path).stem
    return Document(
        doc_id=doc_id,
        source=str(Path(path).resolve()),
        format=parsed.format,
        title=title,
        sha256=hashlib.sha256(data).hexdigest(),
        sections=sections,
        date=parsed.date,
        symbol=parsed.symbol,
    )


def parse_file(path: str | Path) -> Document:
    """Read and parse one file; ReadError carries a one-line reason for the user."""
    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReadError(f"file too large ({size // (1 << 20)} MB; limit 256 MB)")
        data = file.read_bytes()
    except PermissionError as exc:
        raise ReadError("permission denied") from exc
    except IsADirectoryError as exc:
        raise ReadError("is a directory") from exc
    except FileNotFoundError as exc:
        raise ReadError("no such file") from exc
    except OSError as exc:
        raise ReadError(exc.strerror or str(exc)) from exc
    return parse_bytes(data, file)
