"""Plain text: one block per non-empty line; UNFCCC mastheads give the document its own symbol."""

from __future__ import annotations

import re

from pipeline.encoding import decode
from pipeline.model import Block, ParsedFile
from pipeline.readers.unmasthead import apply_masthead


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


def split_lines(text: str) -> list[str]:
    """Lines without their terminators, trailing whitespace kept off."""
    return [line.rstrip() for line in _LINE_BREAKS.split(text)]
