"""Safety checks for zip containers (.docx) made before any member is parsed.

Sizes are taken from the central directory, and every member is then inflated a chunk at a time
to check that it does not grow past what it declares (``pipeline.zipcheck``): Python's zipfile
inflates a whole member before cutting it to its declared size, so only both checks together
bound the memory a later reader can use.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass

from pipeline.errors import ReadError
from pipeline.zipcheck import check_inflation

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_total: int = 256 * MiB  # sum of the uncompressed sizes of all members
    max_member: int = 128 * MiB
    max_members: int = 5000
    max_ratio: int = 200  # uncompressed / compressed, checked on members over ratio_floor
    ratio_floor: int = 1 * MiB


DEFAULT_LIMITS = ZipLimits()

# A DTD is the only way to declare entities; OOXML never needs one.
_DTD_MARKERS = tuple(
    marker.encode(codec)
    for marker in ("<!doctype", "<!entity")
    for codec in ("ascii", "utf-16-le", "utf-16-be")
)
_CHUNK = 1 * MiB
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
    total = 0
    for info in members:
        size = info.file_size
        if size > limits.max_member:
            raise ReadError(
                f"refused: {info.filename} would unpack to {_mib(size)}, over the "
                f"{_mib(limits.max_member)} per-file limit"
            )
        total += size
        if total > limits.max_total:
            raise ReadError(
                f"refused: contents would unpack to over the {_mib(limits.max_total)} total limit"
            )
        if size > limits.ratio_floor and size > limits.max_ratio * max(info.compress_size, 1):
            raise ReadError(
                f"refused: {info.filename} is compressed more than {limits.max_ratio}:1 "
                "(compression ratio limit)"
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


def _mib(size: int) -> str:
    return f"{size / MiB:,.0f} MB" if size >= MiB else f"{size:,} bytes"
