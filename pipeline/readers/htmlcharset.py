"""Decoding HTML bytes: BOM, then the declared charset, then sniffing.

Traditional Chinese pages are often CP950/Big5 and often mislabelled (or not labelled at all);
a Western single-byte codec decodes any byte string, so it is never trusted for bytes that read
as Chinese.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from copdocs.errors import ReadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_PRESCAN_BYTES = 8192
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# Both <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">.
_META = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)

# Label -> codec, following the WHATWG encoding labels where Python's names differ.
_BIG5 = "cp950"  # Microsoft's Big5, what Taiwanese pages labelled big5 are written in
_LABELS = {
    "big5": _BIG5, "big5-hkscs": _BIG5, "cn-big5": _BIG5, "csbig5": _BIG5, "x-x-big5": _BIG5,
    "cp950": _BIG5, "ms950": _BIG5, "windows-950": _BIG5, "x-windows-950": _BIG5,
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "csgb2312": "gb18030",
    "chinese": "gb18030", "gb_2312-80": "gb18030", "iso-ir-58": "gb18030", "gb18030": "gb18030",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "l1": "cp1252", "ascii": "cp1252",
    "us-ascii": "cp1252", "iso8859-1": "cp1252", "windows-1252": "cp1252", "cp1252": "cp1252",
    # A byte stream whose label could be read in ASCII is not UTF-16.
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8", "unicode": "utf-8",
}  # fmt: skip
_CHINESE = (_BIG5, "gb18030")
_WESTERN = {"cp1252", "iso8859-15"}
_LATIN = _WESTERN | {"cp1250", "cp1254", "cp1257", "iso8859-2", "iso8859-9", "mac-roman"}
# Han, CJK punctuation, bopomofo, kana, compatibility and fullwidth forms.
_CJK_CHARS = re.compile(
    "[\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]"
)
_JUNK = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_MAX_NUL_SHARE = 0.001
_MAX_JUNK_SHARE = 0.05


def decode_html(data: bytes) -> tuple[str, str]:
    """The text of an HTML file and the codec used; ReadError for binary data."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(data[len(bom) :].decode(codec, errors="replace")), codec
    codec = _utf16_without_bom(data)
    if codec:
        return _checked(data.decode(codec, errors="replace")), codec
    nuls = data.count(0)
    if nuls > len(data) * _MAX_NUL_SHARE:
        raise ReadError("binary data (NUL bytes), not an HTML document")
    data = data.replace(b"\x00", b"") if nuls else data
    declared = _declared(data[:_PRESCAN_BYTES])
    if declared and not (declared in _WESTERN and not data.isascii()):
        decoded = _strict(data, declared)
        if decoded is not None:
            return _checked(decoded[0]), decoded[1]
    text, codec = _sniff(data, declared)
    return _checked(text), codec


def _declared(head: bytes) -> str | None:
    match = _XML_DECL.search(head) or _META.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", errors="ignore").lower()
    if label in _LABELS:
        return _LABELS[label]
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _sniff(data: bytes, declared: str | None) -> tuple[str, str]:
    decoded = _strict(data, "utf-8")
    if decoded is not None:
        return decoded
    best = charset_normalizer.from_bytes(data).best()
    guess = _normalize(best.encoding) if best is not None else None
    if guess in _LATIN and _strict(data, "cp1252"):
        guess = "cp1252"  # the Western code page of English documents, not a neighbour of it
    if guess not in _CHINESE:
        # A short Chinese text is easily taken for Korean or a Western code page.
        for codec in _CHINESE:
            decoded = _strict(data, codec)
            if decoded is not None and _reads_as_chinese(decoded[0]):
                return decoded
    for codec in (guess, declared) if guess in _CHINESE else (declared, guess):
        decoded = _strict(data, codec) if codec else None
        if decoded is not None:
            return decoded
    fallback = declared or guess or "utf-8"
    return data.decode(fallback, errors="replace"), fallback


def _normalize(codec: str) -> str:
    name = codecs.lookup(codec).name
    return _LABELS.get(name.replace("_", "-"), name)


def _strict(data: bytes, codec: str) -> tuple[str, str] | None:
    """``data`` decoded without errors, and the codec that did it."""
    for candidate in (codec, "big5hkscs") if codec == _BIG5 else (codec,):
        try:
            return data.decode(candidate), candidate
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _reads_as_chinese(text: str) -> bool:
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return non_ascii > 0 and len(_CJK_CHARS.findall(text)) >= 0.9 * non_ascii


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    half = len(sample) // 2
    if half < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    # Markup is mostly ASCII: in UTF-16 every ASCII character has a NUL in the same half.
    if odd > 0.3 * half and even < 0.02 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.02 * half:
        return "utf-16-be"
    return None


def _checked(text: str) -> str:
    sample = text[:65536]
    if sample and len(_JUNK.findall(sample)) > len(sample) * _MAX_JUNK_SHARE:
        raise ReadError("binary data, not an HTML document")
    return text.replace("\x00", "")
