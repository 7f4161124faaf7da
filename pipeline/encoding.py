"""Turn the bytes of a plain-text source into text.

UTF-8 (with or without BOM), UTF-16/32 with a BOM, and the legacy Traditional Chinese encodings
(CP950/Big5) are recognised; a mostly-UTF-8 file with a few bad bytes is read with the bad bytes
replaced; NUL-laden or binary data is refused.
"""

from __future__ import annotations

import codecs
import re

from copdocs.errors import ReadError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
# Candidates for text that is not UTF-8, most likely first for this tool's users.
_LEGACY = ["cp950", "big5hkscs", "gb18030", "shift_jis", "euc_kr"]
_SAMPLE = 1 << 16
_CONTROL_CHAR = re.compile("[^\t\n\r\f\v\x1b\x20-\U0010ffff]")  # below space, not allowed


def decode(data: bytes) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding name). Raises ReadError for binary input."""
    if not data:
        raise ReadError("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as exc:
                raise ReadError(f"invalid {name} text after its byte-order mark") from exc
            return _checked(text), name.replace("-sig", "")
    if b"\x00" in data:
        raise ReadError("binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    if bad <= max(3, len(replaced) // 200):
        return _checked(replaced), "utf-8 (invalid bytes replaced)"
    for name in _LEGACY:
        try:
            return _checked(data.decode(name)), name
        except UnicodeDecodeError:
            continue
    return _checked(_best_guess(data)), "detected"


def _best_guess(data: bytes) -> str:
    from charset_normalizer import from_bytes

    match = from_bytes(data[: 1 << 20]).best()
    if match is None or match.encoding is None:
        raise ReadError("binary file or unknown text encoding")
    # A Western single-byte guess for bytes that are mostly high-bit is how Chinese text gets
    # turned into mojibake; refuse instead.
    high = sum(1 for b in data[:_SAMPLE] if b >= 0x80)
    if match.encoding in {"latin_1", "cp1252", "iso8859_15"} and high > len(data[:_SAMPLE]) // 4:
        raise ReadError("unknown text encoding (not UTF-8, UTF-16 or CP950/Big5)")
    return data.decode(match.encoding, errors="replace")


def _checked(text: str) -> str:
    sample = text[:_SAMPLE]
    if not sample:
        return text
    controls = len(_CONTROL_CHAR.findall(sample))
    if controls > max(2, len(sample) // 100):
        raise ReadError("binary file (control bytes), not text")
    return text
