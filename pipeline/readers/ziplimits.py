"""Safety checks for zip containers (.docx) made before any member is parsed.

Sizes are taken from the central directory, and every member is then inflated a chunk at a time
to check that it does not grow past what it declares: readers unpack whole members at once
(python-docx reads every part with ``ZipFile.read``), and Python's zipfile inflates a deflated
member completely before cutting it to its declared size, so only both checks together bound the
memory a later reader can use. The limits are those of ``pipeline.limits``.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

from copdocs.errors import ReadError
from pipeline import limits as table

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_total: int = table.MAX_ZIP_UNPACKED_BYTES  # sum of the uncompressed sizes of all members
    max_markup: int = table.MAX_ZIP_MARKUP_BYTES  # of the .xml and .rels members
    max_members: int = table.MAX_ZIP_MEMBERS
    max_ratio: int = table.MAX_ZIP_RATIO  # uncompressed / compressed, on members over ratio_floor
    ratio_floor: int = 1 * MiB


DEFAULT_LIMITS = ZipLimits()

# A DTD is the only way to declare entities; OOXML never needs one.
_DTD_MARKERS = tuple(
    marker.encode(codec)
    for marker in ("<!doctype", "<!entity")
    for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_CHUNK = 1 * MiB
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the name and extra field lengths
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
_OVERLAP = max(len(m) for m in _DTD_MARKERS)


def open_checked_zip(data: bytes, what: str, limits: ZipLimits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open ``data`` as a zip after checking it against ``limits``; ``what`` names the format.

    Raises ReadError for a corrupt or truncated archive, for sizes over a limit, and for any
    member that declares a DTD (entity expansion or external entities).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError(f"not a valid {what} file (corrupt or truncated)") from exc
    check_sizes(members, limits)
    check_inflation(data, members)
    for info in members:
        if not info.is_dir() and _declares_dtd(archive, info, what):
            raise ReadError(
                f"refused: {info.filename} declares a DTD (entity expansion is not allowed)"
            )
    return archive


def check_sizes(members: list[zipfile.ZipInfo], limits: ZipLimits = DEFAULT_LIMITS) -> None:
    """Refuse a zip whose declared sizes exceed ``limits`` (a zip bomb) before inflating it."""
    if len(members) > limits.max_members:
        raise ReadError(f"refused: more than {limits.max_members} files inside the zip container")
    for info in members:
        if info.file_size > limits.max_total:
            raise ReadError(
                f"refused: {info.filename} would unpack to {_mib(info.file_size)}, over the "
                f"{_mib(limits.max_total)} limit"
            )
    if sum(info.file_size for info in members) > limits.max_total:
        raise ReadError(
            f"refused: contents would unpack to over the {_mib(limits.max_total)} total limit"
        )
    for info in members:
        size = info.file_size
        if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
            raise ReadError(
                f"refused: {info.filename} is compressed more than {limits.max_ratio}:1 "
                "(compression ratio limit)"
            )
    markup = sum(m.file_size for m in members if m.filename.lower().endswith((".xml", ".rels")))
    if markup > limits.max_markup:
        raise ReadError(
            f"refused: {_mib(markup)} of document XML, over the {_mib(limits.max_markup)} limit"
        )


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo, what: str) -> bool:
    tail = b""
    try:
        with archive.open(info) as member:
            while chunk := member.read(_CHUNK):
                window = (tail + chunk).lower()
                if any(marker in window for marker in _DTD_MARKERS):
                    return True
                tail = window[-_OVERLAP:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise ReadError(f"not a valid {what} file (corrupt or truncated)") from exc
    except (NotImplementedError, RuntimeError) as exc:
        # Unsupported compression method or an encrypted member.
        raise ReadError(f"not a valid {what} file (unsupported or encrypted zip member)") from exc
    return False


def check_inflation(data: bytes, members: list[zipfile.ZipInfo]) -> None:
    """Raise ReadError for a member that inflates past its declared size or is not deflate."""
    view = memoryview(data)
    for info in members:
        if info.flag_bits & 0x1:
            continue  # encrypted: readers refuse it without inflating
        if info.compress_type == _STORED:
            continue  # read as is, never more than its declared size
        if info.compress_type != _DEFLATED:
            raise ReadError(
                f"refused: {info.filename} uses zip compression method {info.compress_type}, "
                "which Word never writes"
            )
        start = _data_start(view, info)
        raw = view[start : start + info.compress_size]
        if not _inflates_within(raw, info.file_size):
            raise ReadError(
                f"refused: {info.filename} inflates to more than the "
                f"{info.file_size:,} bytes it declares (a zip bomb)"
            )


def _data_start(view: memoryview, info: zipfile.ZipInfo) -> int:
    offset = info.header_offset
    try:
        signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(view, offset)
    except struct.error as exc:
        raise ReadError("not a valid zip container (corrupt or truncated)") from exc
    if signature != b"PK\x03\x04":
        raise ReadError("not a valid zip container (corrupt or truncated)")
    return offset + _LOCAL_HEADER.size + name_length + extra_length


def _inflates_within(raw: memoryview, declared: int) -> bool:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    pending: bytes | memoryview = raw
    try:
        while True:
            out = inflater.decompress(pending, _CHUNK)
            produced += len(out)
            if produced > declared:
                return False
            pending = inflater.unconsumed_tail
            if not pending and len(out) < _CHUNK:
                return True
    except zlib.error:
        return True  # corrupt data: the reader reports it as such


def _mib(size: int) -> str:
    return f"{size / MiB:,.0f} MB" if size >= MiB else f"{size:,} bytes"
