"""The text test shared by readers for paragraphs typed as headings by direct formatting."""

from __future__ import annotations

EMPHASIS_MAX_CHARS = 60
# A paragraph ending like a sentence or a lead-in ("如下：") is body text even when bold; a
# question ("What is this spec?") is a heading's way to end as well as a sentence's.
SENTENCE_END = "。；：.;:︰，,！!"
# How much larger than body text a font must be to read as a heading.
ENLARGED_RATIO = 1.15


def heading_like(text: str) -> bool:
    """Short enough, and not ending in sentence punctuation, to be a typed heading."""
    text = text.strip()
    return 0 < len(text) <= EMPHASIS_MAX_CHARS and text[-1] not in SENTENCE_END
