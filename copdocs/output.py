"""Shared output helpers: JSON Lines, colour that honours NO_COLOR and TTYs."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import asdict, is_dataclass

import click

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


def use_color(stream=None) -> bool:
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def emit_json(record: object) -> None:
    if is_dataclass(record):
        record = asdict(record)  # type: ignore[arg-type]
    click.echo(json.dumps(record, ensure_ascii=False))


def render_marks(snippet: str, color: bool) -> str:
    """<mark>…</mark> as a terminal highlight, or plain text when colour is off."""
    if color:
        return _MARK.sub(lambda m: click.style(m.group(1), fg="yellow", bold=True), snippet)
    return _MARK.sub(lambda m: m.group(1), snippet)


def style(text: str, color: bool, **kwargs: object) -> str:
    return click.style(text, **kwargs) if color else text
