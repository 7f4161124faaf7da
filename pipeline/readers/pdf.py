"""PDF reader: the text layer, through pdfium (pypdfium2), laid out by ``pipeline.pdflayout``.

This module only talks to pdfium: it opens the document, refuses what cannot be read (a
password, no text layer, a malformed file, too many pages) with one clear line, and hands each
page's spans of text — characters, box, direction, boldness — and its thin drawn lines (table
borders) to the layout analysis, which turns them into blocks with their pages.
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_left, bisect_right

from copdocs.errors import ReadError
from pipeline.limits import MAX_PDF_PAGES
from pipeline.model import ParsedFile
from pipeline.pdflayout.document import assemble
from pipeline.pdflayout.glyphs import LATIN, RIGHT_TO_LEFT, WIDE, Page, Span, quarter

_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi", re.IGNORECASE)
_BOLD_WEIGHT = 600
# pdfium reports a soft hyphen it finds at a line end as U+0002.
_PDFIUM_HYPHEN = 0x02
_FONT_NAME_BYTES = 96
_RULE_WIDTH = 2.5  # a drawn line or bar at most this thick (points) may be a table border
# pdfium's loose box is one em high; a box lower than this share of it is the glyphs' outline.
_TIGHT_BOX = 0.97
_ASCENT = 0.8  # share of the em above the baseline, where the font does not say


class PdfReader:
    format = "pdf"

    def read(self, data: bytes, name: str) -> ParsedFile:
        if not data or data.isspace():  # (strip() would copy the whole file)
            raise ReadError("empty file")
        pages, (title, created) = extract_pages(data)
        parsed = assemble(pages)
        parsed.properties_title, parsed.properties_date = title, created
        return parsed


def extract_pages(data: bytes) -> tuple[list[Page], tuple[str, str]]:
    """The spans and rules of every page, and the title and creation date (ISO) the
    document's properties declare."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(_open_error(exc)) from exc
    try:
        count = len(document)
        if count > MAX_PDF_PAGES:
            raise ReadError(f"refused: {count:,} pages, over the {MAX_PDF_PAGES:,} page limit")
        if count == 0:
            raise ReadError("not a valid PDF file (no pages)")
        pages = []
        for index in range(count):
            try:
                pages.append(_page(document, index))
            except pdfium.PdfiumError as exc:
                raise ReadError(f"not a valid PDF file (page {index + 1} cannot be read)") from exc
        if not any(page.spans for page in pages):
            raise ReadError(f"no text layer (scanned?): {count} pages, no text")
        return pages, (_title(document), _created(document))
    finally:
        document.close()


def _open_error(exc: Exception) -> str:
    import pypdfium2.raw as raw

    code = getattr(exc, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return "encrypted PDF: cannot read without the password"
    if code == raw.FPDF_ERR_SECURITY:
        return "encrypted PDF: unsupported security scheme"
    return "not a valid PDF file (malformed or truncated)"


def _page(document, index: int) -> Page:
    import pypdfium2.raw as raw

    page = document[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            if raw.FPDFText_CountChars(textpage.raw) <= 0:
                return Page(index + 1, width, height)
            rules = _rules(page.raw, raw)
            spans = _SpanReader(textpage.raw, raw, rules).spans()
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(index + 1, width, height, spans, rules)


Box = tuple[float, float, float, float]  # left, bottom, right, top
# A span's first and last character that show, with their boxes.
Shown = tuple[int, int, Box, Box]
Rotation = tuple[float, float]  # a character matrix's c and a


class _SpanReader:
    """A page's characters as spans, with few calls into pdfium per span.

    pdfium hands the page's text in one call, its characters in content-stream order with the
    spaces and line breaks it generates itself. Runs of one text object on one of pdfium's lines
    share direction, font and weight, so those are asked once per run; boxes are asked for the
    first and last character of each span and where the layout needs a length inside one. A
    span ends where the file has no space character but pdfium generated one for a gap, at a
    space between Han and Latin text, before a line's closing number (a contents entry's page)
    and at a space where a table border crosses the text, so the layout judges those gaps from
    the boxes.
    """

    def __init__(self, textpage, raw, rules: list[Box]) -> None:
        self._page = _pointed(textpage)
        self._raw = raw
        self._box = raw.FS_RECTF()
        self._loose_box = raw.FPDFText_GetLooseCharBox
        self._char_origin = raw.FPDFText_GetCharOrigin
        self._generated = raw.FPDFText_IsGenerated
        self._origin_x, self._origin_y = ctypes.c_double(), ctypes.c_double()
        self._name = ctypes.create_string_buffer(_FONT_NAME_BYTES)
        self._matrix = raw.FS_MATRIX()
        self._bold_names: dict[bytes, bool] = {}
        self._reversed: dict[float, bool] = {}  # by angle: sideways text found running back
        self._directions: dict[Rotation, tuple[float, int | None]] = {}  # angle, quarter turns
        self._borders = _Borders(rules)
        self._any_borders = bool(self._borders)
        self._space_pending = False  # a space character since the last span
        self._spans: list[Span] = []
        self._text = ""
        self._clean = True  # the page's lines hold no codes to drop
        self._plain_spaces = True  # ... and no spaces but single U+0020

    def spans(self) -> list[Span]:
        count = self._raw.FPDFText_CountChars(self._page)
        if count <= 0:
            return self._spans
        self._text = text = self._page_text(count)
        self._clean = _NOT_TEXT_IN_LINE.search(text) is None
        self._plain_spaces = _ODD_SPACES.search(text) is None
        for line in _PDFIUM_LINE.finditer(text):
            start, end = line.span()
            runs = self._object_runs(start, end)
            last = len(runs) - 1
            for position, (run_start, run_end) in enumerate(runs):
                self._read_run(run_start, run_end, position == last)
        return self._spans

    def _page_text(self, count: int) -> str:
        """The page's characters, one per character index; pdfium's hyphen at a line end as
        "-", codes that are no text as U+FFFF (dropped from spans)."""
        raw = self._raw
        buffer = (ctypes.c_ushort * (count + 1))()
        written = raw.FPDFText_GetText(self._page, 0, count, buffer)
        text = bytes(buffer)[: 2 * max(0, written - 1)].decode("utf-16-le", "surrogatepass")
        if len(text) != count:  # not one UTF-16 unit per character: ask one by one
            text = "".join(_char(raw.FPDFText_GetUnicode(self._page, i)) for i in range(count))
        elif "\ufffe" in text:  # GetText's stand-in for U+0002, pdfium's line-end hyphen
            get = raw.FPDFText_GetUnicode
            text = _STAND_IN.sub(lambda m: _char(get(self._page, m.start())), text)
        return _LONE_SURROGATE.sub("\uffff", text)

    def _object_runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """[start, end) cut where the text object changes."""
        count_rects = self._raw.FPDFText_CountRects
        rects = count_rects(self._page, start, end - start)
        if rects <= 1:
            return [(start, end)]
        if rects * (end - start).bit_length() > end - start:
            return self._runs_by_object(start, end)
        runs = []
        while rects > 1:
            # The first object's characters: one rectangle up to low, more up to high.
            low, high = 1, end - start
            probe = 2
            while probe < high:
                if count_rects(self._page, start, probe) > 1:
                    high = probe
                    break
                low, probe = probe, probe * 2
            while high - low > 1:
                middle = (low + high) // 2
                if count_rects(self._page, start, middle) <= 1:
                    low = middle
                else:
                    high = middle
            runs.append((start, start + low))
            start += low
            rects -= 1
        runs.append((start, end))
        return runs

    def _runs_by_object(self, start: int, end: int) -> list[tuple[int, int]]:
        """Many objects on one line (text set word by word or letter by letter): ask each
        character's object."""
        object_of = self._raw.FPDFText_GetTextObject
        keys = [bytes(object_of(self._page, i)) for i in range(start, end)]
        runs = []
        first = start
        for i in range(start + 1, end):
            if keys[i - start] != keys[i - 1 - start]:
                runs.append((first, i))
                first = i
        runs.append((first, end))
        return runs

    def _read_run(self, start: int, end: int, last: bool) -> None:
        """The spans of one object's characters on one line (``last``: at the line's end)."""
        text = self._text[start:end]
        if _SPACES.search(text) is None:
            shown = self._shown(start, end)
            if shown is not None:
                self._add(shown, self._attributes(shown), self._space_pending)
                self._space_pending = False
            return
        pieces: list[tuple[int, int, bool]] = []  # (start, end, space before) within the run
        piece = 0
        space = self._space_pending
        page, generated = self._page, self._generated
        for match in _SPACES.finditer(text):
            i, j = match.span()
            if j - i == 1:
                typed = not generated(page, start + i)
            else:
                typed = self._typed_space(start + i, start + j)
            if i == 0 or j == len(text):
                if i > 0:
                    pieces.append((piece, i, space))
                    space = False
                space = typed or space
                piece = j
            elif not typed:
                pieces.append((piece, i, space))
                piece, space = j, False
            elif _han_latin(text[i - 1], text[j]) or (last and _CLOSING_NUMBER.match(text, j)):
                pieces.append((piece, i, space))
                piece, space = j, True
        if piece < len(text):
            pieces.append((piece, len(text), space))
            space = False
        shown_pieces = []
        carried = False  # a space before a piece with nothing to show
        for piece_start, piece_end, space_before in pieces:
            shown = self._shown(start + piece_start, start + piece_end)
            if shown is None:
                carried = carried or space_before
                continue
            shown_pieces.append((shown, space_before or carried))
            carried = False
        self._space_pending = space or carried
        if not shown_pieces:
            return
        first, _ = shown_pieces[0]
        final, _ = shown_pieces[-1]
        attributes = self._attributes((first[0], final[1], first[2], final[3]))
        for shown, space_before in shown_pieces:
            self._add(shown, attributes, space_before)

    def _typed_space(self, start: int, end: int) -> bool:
        """Whether any of these space characters is in the file (not generated by pdfium)."""
        return any(not self._generated(self._page, i) for i in range(start, end))

    def _shown(self, start: int, end: int) -> Shown | None:
        """The first and last character of [start, end) that are text and have a box."""
        text, box, page, loose_box = self._text, self._box, self._page, self._loose_box
        first = start
        while first < end and (text[first] in _NOT_GLYPHS or not loose_box(page, first, box)):
            first += 1
        if first == end:
            return None
        first_box = box.left, box.bottom, box.right, box.top
        final = end - 1
        while final > first and (text[final] in _NOT_GLYPHS or not loose_box(page, final, box)):
            final -= 1
        final_box = (box.left, box.bottom, box.right, box.top) if final > first else first_box
        return first, final, first_box, final_box

    def _attributes(self, shown: Shown) -> tuple[float, int | None, bool, float]:
        """Direction (angle, quarter turns), boldness and em size (the font size as drawn) of
        the text object of these characters."""
        raw, page = self._raw, self._page
        index, final, first_box, final_box = shown
        matrix = self._matrix
        if raw.FPDFText_GetMatrix(page, index, matrix):
            em = raw.FPDFText_GetFontSize(page, index) * math.sqrt(
                abs(matrix.a * matrix.d - matrix.b * matrix.c)
            )
            rotation = matrix.c, matrix.a
            angle, turns = self._directions.get(rotation) or self._direction(index, rotation)
        else:
            em = 0.0
            angle, turns = self._direction(index, None)
        if turns in (1, 3):
            # Set sideways, the characters advance up or down the page whatever the angle
            # says (a mirrored matrix reports text running down as running up); a single
            # character goes the way the page's other text at that angle goes.
            key = round(angle, 3)
            if final > index:
                advance = _along_start(final_box, turns) - _along_start(first_box, turns)
                self._reversed[key] = advance < 0
            if self._reversed.get(key):
                angle = (angle + math.pi) % (2 * math.pi)
                turns = 4 - turns
        bold = raw.FPDFText_GetFontWeight(page, index) >= _BOLD_WEIGHT
        if not bold:
            raw.FPDFText_GetFontInfo(page, index, self._name, _FONT_NAME_BYTES, None)
            key = self._name.value
            if key not in self._bold_names:
                self._bold_names[key] = _BOLD_NAME.search(key) is not None
            bold = self._bold_names[key]
        return angle, turns, bold, em

    def _direction(self, index: int, rotation: Rotation | None) -> tuple[float, int | None]:
        """The character's angle and quarter turns, kept by ``rotation``: pdfium computes the
        angle from those two entries of the character's matrix."""
        angle = self._raw.FPDFText_GetCharAngle(self._page, index)
        angle = angle if angle > 0 and math.isfinite(angle) else 0.0
        found = angle, quarter(angle)
        if rotation is not None:
            self._directions[rotation] = found
        return found

    def _add(self, shown: Shown, attributes: tuple, space_before: bool) -> None:
        first, final, first_box, final_box = shown
        angle, turns, bold, em = attributes
        page_text = self._text
        text = page_text[first : final + 1]
        if not self._clean:
            text = _NOT_TEXT.sub("", text)
        if not self._plain_spaces:
            text = _SPACES.sub(" ", text)
        if turns == 0 and first_box[0] > final_box[2] and RIGHT_TO_LEFT.search(text) is None:
            # Latin text or digits pdfium handed in right-to-left order (a decision number in
            # an Arabic line): as the page shows it.
            text = self._left_to_right(first, final) or text
        left, bottom, right, top = first_box
        if final != first:
            if final_box[0] < left:
                left = final_box[0]
            if final_box[1] < bottom:
                bottom = final_box[1]
            if final_box[2] > right:
                right = final_box[2]
            if final_box[3] > top:
                top = final_box[3]
        first_word = head = None
        if turns is not None and em > 0:
            height = (top - bottom) if turns % 2 == 0 else (right - left)
            if height < _TIGHT_BOX * em:
                box = self._em_box((left, bottom, right, top), first, turns, em)
                left, bottom, right, top = box
        if turns is not None:
            if self._plain_spaces:
                space = page_text.find(" ", first, final)
            else:
                space = _first_space(page_text, first, final)
            if space > 0 and self._any_borders and self._split(shown, attributes, space_before):
                return
            # Ink drawn before the first character's advance overlaps the text before it.
            begin = _along_start(first_box, turns)
            if begin == _along_start((left, bottom, right, top), turns) and self._char_origin(
                self._page, first, self._origin_x, self._origin_y
            ):
                origin = _along((self._origin_x.value, self._origin_y.value), turns)
                if begin <= origin < _along_end(first_box, turns):
                    begin = origin
                    left, bottom, right, top = _start_at((left, bottom, right, top), turns, origin)
            if space > 0:
                first_word = _along_end(self._char_box(space - 1), turns) - begin
            if WIDE.match(text):
                head = _along_end(first_box, turns) - begin
            elif final > first and WIDE.match(text, 1):
                head = _along_end(self._char_box(first + 1), turns) - begin
        self._spans.append(
            Span(text, left, bottom, right, top, angle, bold, space_before, first_word, head)
        )

    def _em_box(self, box: Box, first: int, turns: int, em: float) -> Box:
        """A box lower than the font's em made the em across the text's direction, around the
        baseline: pdfium gave the glyphs' own outline (a font declaring no ascent and descent),
        and spans set in one font then measure one size, whatever letters they hold."""
        left, bottom, right, top = box
        if not self._char_origin(self._page, first, self._origin_x, self._origin_y):
            return box
        x, y = self._origin_x.value, self._origin_y.value
        up, down = _ASCENT * em, (1 - _ASCENT) * em
        if turns == 0:
            return left, y - down, right, y + up
        if turns == 2:
            return left, y - up, right, y + down
        if turns == 1:  # text runs up the page: its ascenders point left
            return x - up, bottom, x + down, top
        return x - down, bottom, x + up, top

    def _split(self, shown: Shown, attributes: tuple, space_before: bool) -> bool:
        """Cut the span at the spaces a table border crosses (text of several cells drawn as
        one); whether it was cut."""
        first, final, first_box, final_box = shown
        turns = attributes[1]
        box = (min(first_box[0], final_box[0]), min(first_box[1], final_box[1]),
               max(first_box[2], final_box[2]), max(first_box[3], final_box[3]))  # fmt: skip
        if not self._borders.crossing(box, turns):
            return False
        cuts = []
        for match in _SPACES.finditer(self._text, first, final):
            i, j = match.span()
            before, after = self._char_box(i - 1), self._char_box(j)
            if self._borders.between(before, after, turns):
                cuts.append((i, j))
        if not cuts:
            return False
        start = first
        for i, j in [*cuts, (final + 1, final + 1)]:
            part = self._shown(start, i)
            if part is not None:
                self._add(part, attributes, space_before if start == first else True)
            start = j
        return True

    def _left_to_right(self, first: int, final: int) -> str:
        """The characters of [first, final] in the order of their boxes from the left."""
        placed = []
        for index in range(first, final + 1):
            char = self._text[index]
            if char not in _NOT_GLYPHS and self._loose_box(self._page, index, self._box):
                placed.append((self._box.left + self._box.right, char))
        placed.sort(key=lambda item: item[0])
        return "".join(char for _, char in placed)

    def _char_box(self, index: int) -> Box:
        box = self._box
        self._loose_box(self._page, index, box)
        return box.left, box.bottom, box.right, box.top


class _Borders:
    """The page's thin drawn lines, to find where one crosses a line of text."""

    def __init__(self, rules: list[Box]) -> None:
        # Lines across horizontal text (x, bottom, top), and across vertical text (y, left, right).
        self._across = [sorted(((r[0] + r[2]) / 2, r[1], r[3]) for r in rules
                               if r[2] - r[0] < r[3] - r[1]),
                        sorted(((r[1] + r[3]) / 2, r[0], r[2]) for r in rules
                               if r[2] - r[0] >= r[3] - r[1])]  # fmt: skip
        self._positions = [[rule[0] for rule in rules] for rules in self._across]

    def __bool__(self) -> bool:
        return bool(self._across[0] or self._across[1])

    def crossing(self, box: Box, turns: int) -> bool:
        """Whether a border crosses the box from side to side of its text line."""
        return self._crosses(box, turns)

    def between(self, before: Box, after: Box, turns: int) -> bool:
        """Whether a border runs in the gap between two characters' boxes."""
        gap = (min(before[2], after[2]), min(before[1], after[1]),
               max(before[0], after[0]), max(before[3], after[3]))  # fmt: skip
        if turns % 2:
            gap = (min(before[0], after[0]), min(before[3], after[3]),
                   max(before[2], after[2]), max(before[1], after[1]))  # fmt: skip
        return self._crosses(gap, turns)

    def _crosses(self, box: Box, turns: int) -> bool:
        left, bottom, right, top = box
        axis = turns % 2
        low, high, middle = (left, right, (bottom + top) / 2) if axis == 0 else (
            bottom, top, (left + right) / 2)
        rules, positions = self._across[axis], self._positions[axis]
        for index in range(bisect_right(positions, low), bisect_left(positions, high)):
            _, start, end = rules[index]
            if start <= middle <= end:
                return True
        return False


def _han_latin(before: str, after: str) -> bool:
    """Whether one side of a space is Han text and the other a Latin letter or digit."""
    if before.isascii() and after.isascii():  # neither is Han
        return False
    return bool(
        (WIDE.match(before) and LATIN.match(after)) or (WIDE.match(after) and LATIN.match(before))
    )


def _first_space(text: str, start: int, end: int) -> int:
    found = _SPACES.search(text, start, end)
    return found.start() if found else -1


# pdfium's own lines: its generated line breaks (and the file's) end them.
_PDFIUM_LINE = re.compile(r"[^\r\n]+")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_ODD_SPACES = re.compile(r"[\t\u00a0\u3000]|  ")
_STAND_IN = re.compile("\ufffe")
# Not glyphs: spaces, line breaks, control codes, codes that are no characters.
_NOT_GLYPHS = frozenset(
    [chr(c) for c in range(0x20)] + [" ", "\u00a0", "\u3000", "\ufffe", "\uffff"]
)
_NOT_TEXT = re.compile("[\x00-\x08\x0a-\x1f\ufffe\uffff]")
# The same inside one of pdfium's lines, which its line breaks end.
_NOT_TEXT_IN_LINE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# A line's closing number after a space: the page number of a contents entry.
_CLOSING_NUMBER = re.compile(r"(?:\d{1,4}|[ivxlcIVXLC]{1,6})\s*$")


def _char(code: int) -> str:
    if code == _PDFIUM_HYPHEN:
        return "-"
    if code < 0x20 or code in (0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\uffff"
    return chr(code)


def _along(point: tuple[float, float], turns: int) -> float:
    """A position along the text's direction: x, y, -x or -y."""
    return point[turns] if turns < 2 else -point[turns - 2]


def _along_start(box: Box, turns: int) -> float:
    """left, bottom, -right or -top."""
    return box[turns] if turns < 2 else -box[turns]


def _along_end(box: Box, turns: int) -> float:
    """right, top, -left or -bottom."""
    return box[turns + 2] if turns < 2 else -box[turns - 2]


def _start_at(box: Box, turns: int, start: float) -> Box:
    left, bottom, right, top = box
    if turns == 0:
        return start, bottom, right, top
    if turns == 1:
        return left, start, right, top
    if turns == 2:
        return left, bottom, -start, top
    return left, bottom, right, -start


def _pointed(handle):
    """What a pdfium handle points to, to pass where the handle is asked for: ctypes passes it
    by reference, without the type checks it makes on a pointer, on every call."""
    return handle.contents


def _rules(page, raw) -> list[Box]:
    """The bounds of the page's thin drawn lines and bars (table borders, underlines)."""
    rules = []
    bounds = [ctypes.c_float() for _ in range(4)]
    left, bottom, right, top = bounds
    get_object, type_of = raw.FPDFPage_GetObject, raw.FPDFPageObj_GetType
    path = raw.FPDF_PAGEOBJ_PATH
    page = _pointed(page)
    for index in range(raw.FPDFPage_CountObjects(page)):
        item = get_object(page, index)
        if type_of(item) != path or not raw.FPDFPageObj_GetBounds(item, *bounds):
            continue
        width, height = right.value - left.value, top.value - bottom.value
        if min(width, height) <= _RULE_WIDTH < max(width, height):
            rules.append((left.value, bottom.value, right.value, top.value))
    return rules


def _created(document) -> str:
    """The properties' creation date (``D:20080314…``) as an ISO date, or ""."""
    try:
        value = document.get_metadata_value("CreationDate") or ""
    except Exception:  # a metadata value pdfium cannot decode is no date
        return ""
    found = re.match(r"(?:D:)?((?:19|20)\d\d)(\d\d)?(\d\d)?", value.strip())
    if not found:
        return ""
    return "-".join(part for part in found.groups() if part)


def _title(document) -> str:
    """The metadata title, unless it is a file or job name rather than a title."""
    try:
        title = " ".join((document.get_metadata_value("Title") or "").split())
    except Exception:  # a metadata value pdfium cannot decode is no title
        return ""
    if re.search(r"\.(pdf|docx?|rtf|indd|qxd|txt)$", title, re.IGNORECASE):
        return ""
    if not re.search(r"[^\W\d_]{2}", title):
        return ""
    return title
