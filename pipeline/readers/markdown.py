"""Markdown: YAML front matter (title, date, id) is metadata; '#' headings are sections."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.encoding import decode
from pipeline.model import Block, BlockKind, ParsedFile
from pipeline.readers.text import split_lines

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")


class MarkdownReader:
    format = "md"

    def read(self, data: bytes, name: str) -> ParsedFile:
        text, encoding = decode(data)
        lines = split_lines(text)
        parsed = ParsedFile(format=self.format, blocks=[], encoding=encoding)
        body = _front_matter(lines, parsed)
        parsed.blocks = _summary_blocks(parsed) + _blocks(body)
        if not parsed.title:
            parsed.title = next((b.text for b in parsed.blocks if b.kind == BlockKind.HEADING), "")
        return parsed


def _summary_blocks(parsed: ParsedFile) -> list[Block]:
    """The front matter's title and abstract are text a reader searches too: they open the
    document's leading section."""
    return [Block(text) for text in (parsed.title, parsed.abstract) if text]


def _front_matter(lines: list[str], parsed: ParsedFile) -> list[str]:
    if not lines or lines[0].strip() != "---":
        return lines
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return lines
    meta = _parse_front_matter(lines[1:end])
    parsed.title = _text(meta.get("title"))
    parsed.source_id = _text(meta.get("id"))
    parsed.date = _date(meta.get("date"))
    parsed.abstract = _text(meta.get("abstract"))
    return lines[end + 1 :]


def _parse_front_matter(lines: list[str]) -> dict[str, object]:
    import yaml

    # Control characters (C1 bytes from old encodings) are not allowed in YAML; they carry no text.
    source = _CONTROL.sub(" ", "\n".join(lines))
    try:
        # libyaml's loader where the wheel has it: the same results, several times faster
        meta = yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        meta = None
    if isinstance(meta, dict):
        return meta
    # Hand-written front matter that is not valid YAML: read plain "key: value" lines.
    simple: dict[str, object] = {}
    for line in source.splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip().isidentifier():
            simple[key.strip()] = value.strip().strip("'\"")
    return simple


def _text(value: object) -> str:
    return "" if value is None else " ".join(str(value).split())


def _date(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    return text if re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", text) else ""


def _blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    fence: str | None = None
    for i, line in enumerate(lines):
        if fence is not None:
            if line.strip().startswith(fence):
                fence = None
            if line.strip():
                blocks.append(Block(line))
            continue
        if m := _FENCE.match(line):
            fence = m.group(1)[:3]
            blocks.append(Block(line))
            continue
        if not line.strip():
            continue
        if m := _ATX.match(line):
            heading = (m.group(2) or "").strip()
            if heading:
                blocks.append(Block(heading, BlockKind.HEADING, level=len(m.group(1))))
            continue
        if (m := _SETEXT.match(line)) and blocks and _is_paragraph_line(lines, i - 1):
            previous = blocks[-1]
            if previous.kind == BlockKind.PARAGRAPH:
                previous.kind = BlockKind.HEADING
                previous.level = 1 if m.group(1)[0] == "=" else 2
                continue
        kind = BlockKind.LIST_ITEM if _LIST_ITEM.match(line) else BlockKind.PARAGRAPH
        blocks.append(Block(line, kind))
    return blocks


def _is_paragraph_line(lines: list[str], index: int) -> bool:
    if index < 0 or not lines[index].strip():
        return False
    return index == 0 or not lines[index - 1].strip()
