"""Plain text: one block per non-empty line; UNFCCC mastheads give the document its own symbol."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.encoding import decode
from pipeline.model import Block, ParsedFile
from pipeline.readers.unmasthead import apply_masthead

# Real paragraphs reach about 46,000 characters (long ENB agenda items). A longer "line" is a file
# without line breaks; it is cut into blocks of at most this many characters so that no later
# stage (heading detection, word segmentation of a Han run) ever works on megabytes at once.
MAX_LINE_CHARS = 65_536


class TextReader:
    format = "txt"

    def read(self, data: bytes, name: str) -> ParsedFile:
        text, encoding = decode(data)
        lines = split_lines(text)
        parsed = ParsedFile(format=self.format, blocks=[], encoding=encoding)
        lines = apply_masthead(lines, parsed)
        parsed.blocks = [Block(line) for line in lines if line.strip()]
        return parsed


_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
# Where a cut may go, best first: after a sentence end, then at a space.
_SENTENCE_END = re.compile(r"[.!?;。！？；]+[\"'”’」』）)]*\s*")
_SPACE = re.compile(r"\s+")


def split_lines(text: str) -> list[str]:
    """Lines without their terminators, trailing whitespace kept off.

    A line over ``MAX_LINE_CHARS`` comes back as several, cut after a sentence end or at a space
    where there is one in the second half of each piece.
    """
    lines: list[str] = []
    for line in _LINE_BREAKS.split(text):
        if len(line) > MAX_LINE_CHARS:
            lines.extend(piece.rstrip() for piece in _pieces(line))
        else:
            lines.append(line.rstrip())
    return lines


def _pieces(line: str) -> Iterator[str]:
    start = 0
    while len(line) - start > MAX_LINE_CHARS:
        end = start + MAX_LINE_CHARS
        cut = _cut_point(line, start + MAX_LINE_CHARS // 2, end)
        yield line[start:cut]
        start = cut
    yield line[start:]


def _cut_point(line: str, low: int, high: int) -> int:
    for pattern in (_SENTENCE_END, _SPACE):
        last = None
        for match in pattern.finditer(line, low, high):
            last = match
        if last is not None and last.end() > low:
            return last.end()
    return high
