"""Small PDFs made for tests: text pages through pdfium, and hand-written files for the cases
pdfium cannot make (an encrypted file, a page with nothing but a picture)."""

from __future__ import annotations

import ctypes
import hashlib
import io
import struct
import zlib
from collections.abc import Sequence

# (text, x, y, font size) drawn on one page, in points from the bottom left; a fifth member, when
# given, names the item's standard font ("Helvetica-Bold") instead of the document's
Item = tuple[str, float, float, float] | tuple[str, float, float, float, str]

A4 = (595.0, 842.0)


# (x, y, width, height) of a filled bar: a table border when thin
Bar = tuple[float, float, float, float]


def text_pdf(pages: Sequence[Sequence[Item]], size: tuple[float, float] = A4,
             font: str = "Helvetica", bars: Sequence[Sequence[Bar]] = ()) -> bytes:
    """A PDF with the given text items on each page, in a standard font, and the given bars
    drawn on the pages that have some."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument.new()
    for number, items in enumerate(pages):
        page = document.new_page(*size)
        for x, y, width, height in bars[number] if number < len(bars) else ():
            bar = raw.FPDFPageObj_CreateNewRect(x, y, width, height)
            raw.FPDFPageObj_SetFillColor(bar, 0, 0, 0, 255)
            raw.FPDFPath_SetDrawMode(bar, raw.FPDF_FILLMODE_WINDING, 0)
            raw.FPDFPage_InsertObject(page.raw, bar)
        for item in items:
            text, x, y, font_size = item[:4]
            item_font = item[4] if len(item) > 4 else font
            size_pt = ctypes.c_float(font_size)
            obj = raw.FPDFPageObj_NewTextObj(document.raw, item_font.encode(), size_pt)
            encoded = (text + "\0").encode("utf-16-le")
            buffer = ctypes.create_string_buffer(encoded, len(encoded))
            raw.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
            raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
        page.close()
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file from numbered object bodies (object 1 is the catalog)."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(data)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + (
        b"\nendstream")


def picture_only_pdf(pages: int = 2) -> bytes:
    """Pages holding a grey picture and no text at all, as a scanner makes them."""
    kids = b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    image_number = 3 + 2 * pages
    for i in range(pages):
        numbers = (4 + 2 * i, image_number)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /XObject << /Im0 %d 0 R >> >> >>" % numbers)
        objects.append(_stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q"))
    objects.append(_stream(bytes([128]) * 64 * 64, b"/Type /XObject /Subtype /Image /Width 64 "
                           b"/Height 64 /ColorSpace /DeviceGray /BitsPerComponent 8 "))
    return _pdf(objects)


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def encrypted_pdf(user_password: bytes = b"secret", owner_password: bytes = b"owner") -> bytes:
    """A one-page PDF under the standard security handler (40-bit RC4, revision 2) that needs
    ``user_password`` to open."""
    file_id = hashlib.md5(b"copdocs test").digest()
    permissions = -4
    owner_key = hashlib.md5((owner_password + _PAD)[:32]).digest()[:5]
    owner = _rc4(owner_key, (user_password + _PAD)[:32])
    key = hashlib.md5((user_password + _PAD)[:32] + owner + struct.pack("<i", permissions)
                      + file_id).digest()[:5]
    user = _rc4(key, _PAD)
    content = b"BT /F1 12 Tf 72 720 Td (Confidential negotiating text) Tj ET"
    object_key = hashlib.md5(key + struct.pack("<i", 4)[:3] + b"\0\0").digest()[:10]
    secret = _rc4(object_key, content)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(secret) + secret + b"\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
            owner.hex().encode(), user.hex().encode(), permissions),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf(objects, b"/Encrypt 5 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(),
                                                               file_id.hex().encode()))


def content_bomb_pdf(inflated_bytes: int) -> bytes:
    """One page whose content stream inflates from a few hundred kilobytes to
    ``inflated_bytes`` of drawing operators."""
    chunk = b"0 0 m 1 1 l S\n" * 4096
    compressor = zlib.compressobj(9)
    packed = bytearray()
    for _ in range(inflated_bytes // len(chunk)):
        packed += compressor.compress(chunk)
    packed += compressor.flush()
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + bytes(packed) + (
        b"\nendstream")
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream,
    ])


def shared_content_pdf(pages: int, inflated_bytes: int) -> bytes:
    """``pages`` pages drawing the same content stream, which inflates to ``inflated_bytes`` of
    drawing operators: a small file that takes pdfium long to go through."""
    bomb = content_bomb_pdf(inflated_bytes)
    stream = bomb[bomb.index(b"4 0 obj\n") + len(b"4 0 obj\n") : bomb.rindex(b"\nendobj")]
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages), stream]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * pages
    return _pdf(objects)
