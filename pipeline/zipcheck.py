"""Checking that each member of a zip container inflates to no more than it declares.

Readers unpack whole members at once (python-docx reads every part with ``ZipFile.read``), and
Python's zipfile inflates a deflated member completely before cutting it to its declared size. A
member that declares 100 KB but inflates to gigabytes would exhaust memory there, so each one is
inflated here first, a chunk at a time, and refused as soon as it passes its declared size.
"""

from __future__ import annotations

import struct
import zipfile
import zlib

from pipeline.errors import ReadError

_CHUNK = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the name and extra field lengths
_STORED, _DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED


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
