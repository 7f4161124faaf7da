"""The text test shared by readers for paragraphs typed as headings by direct formatting."""

from __future__ import annotations

EMPHASIS_MAX_CHARS = 60
# A heading set both larger and bold may run longer: a chapter heading or a title wrapped over
# lines, as PDFs set them.
DISPLAY_MAX_CHARS = 160
# A heading written in capitals may run longer too ("REVIEW OF IMPLEMENTATION OF COMMITMENTS AND
# OTHER PROVISIONS OF THE CONVENTION").
CAPITALS_MAX_CHARS = 120
# A paragraph ending like a sentence or a lead-in ("如下：") is body text even when bold; a
# question ("What is this spec?") is a heading's way to end as well as a sentence's.
SENTENCE_END = "。；：.;:︰，,！!"
# How much larger than body text a font must be to read as a heading.
ENLARGED_RATIO = 1.15
_MIN_CAPITALS = 3


def heading_like(text: str, max_chars: int = EMPHASIS_MAX_CHARS) -> bool:
    """Short enough, and not ending in sentence punctuation, to be a typed heading. Written in
    capitals, a heading may be longer, and end in a colon (``KYOTO PROTOCOL:``, as bulletins
    set their sub-headings); a lead-in ("The Parties agreed as follows:", "如下：") is none."""
    text = text.strip()
    if in_capitals(text):
        max_chars = max(max_chars, CAPITALS_MAX_CHARS)
    if not 0 < len(text) <= max_chars:
        return False
    if text[-1] not in SENTENCE_END:
        return True
    return text[-1] in ":：" and in_capitals(text[:-1])


def in_capitals(text: str) -> bool:
    """Whether every letter of the text is a capital (and it has a few)."""
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= _MIN_CAPITALS and all(char.isupper() for char in letters)
