"""Text from documents as HTML: every character escaped, then the page's own marks and links.

Document text and snippets are never trusted as markup: matches become ``<mark>`` around escaped
text, cited symbols become links to their pages, and nothing else in a document turns into HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape


def marked_parts(parts: Sequence[tuple[str, bool]]) -> Markup:
    """Snippet pieces (text, is a match) as escaped HTML with the matches in ``<mark>``."""
    return Markup("").join(
        Markup("<mark>{}</mark>").format(text) if marked else escape(text)
        for text, marked in parts
    )


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    href: str
    title: str = ""


def marked_text(text: str, marks: Sequence[tuple[int, int]], links: Sequence[Link] = (),
                mark_id: str = "m") -> Markup:
    """``text`` escaped, ``marks`` (offsets) in ``<mark>`` and ``links`` (offsets, no overlaps
    among them) as anchors; marks inside a link are split at its edges. The first mark gets the
    id ``{mark_id}1`` so a page can link to it."""
    out: list[Markup | str] = []
    counter = [0]
    cursor = 0
    for link in sorted(links, key=lambda k: k.start):
        if link.start < cursor or link.end <= link.start or link.end > len(text):
            continue  # overlapping or out of range: its text stays plain
        out.append(_with_marks(text, cursor, link.start, marks, counter, mark_id))
        inner = _with_marks(text, link.start, link.end, marks, counter, mark_id)
        title = Markup(' title="{}"').format(link.title) if link.title else Markup("")
        out.append(Markup('<a class="symbol" href="{}"{}>{}</a>').format(link.href, title, inner))
        cursor = link.end
    out.append(_with_marks(text, cursor, len(text), marks, counter, mark_id))
    return Markup("").join(out)


def _with_marks(text: str, start: int, end: int, marks: Sequence[tuple[int, int]],
                counter: list[int], mark_id: str) -> Markup:
    out: list[Markup | str] = []
    cursor = start
    for s, e in marks:
        s, e = max(s, start), min(e, end)
        if e <= s or s < cursor:
            continue
        out.append(escape(text[cursor:s]))
        counter[0] += 1
        if counter[0] == 1:
            out.append(Markup('<mark id="{}1">{}</mark>').format(mark_id, text[s:e]))
        else:
            out.append(Markup("<mark>{}</mark>").format(text[s:e]))
        cursor = e
    out.append(escape(text[cursor:end]))
    return Markup("").join(out)


def path_url(prefix: str, value: str) -> str:
    """``prefix`` + ``value`` as a URL path (symbols keep their slashes, section ids their
    colon)."""
    return prefix + quote(value, safe="/:")


def search_url(query: str, page: int | None = None) -> str:
    """The search page of ``query`` (at ``page`` of its results)."""
    values: dict[str, object] = {"q": query}
    if page and page > 1:
        values["page"] = page
    return "/?" + urlencode(values)


def section_url(section_id: str, query: str = "") -> str:
    url = path_url("/section/", section_id)
    return f"{url}?{urlencode({'q': query})}" if query else url


@dataclass
class OutlineNode:
    """A section in its document's outline, with the sections under it."""

    section: object
    children: list[OutlineNode] = field(default_factory=list)


def outline(sections: Sequence, parent_of: Callable[[object], str | None] | None = None
            ) -> list[OutlineNode]:
    """Sections (in document order) as a tree by their ``parent_id``; a section whose parent
    is not among them stands at the top."""
    parent_of = parent_of or (lambda s: s.parent_id)
    nodes = {s.section_id: OutlineNode(s) for s in sections}
    roots: list[OutlineNode] = []
    for s in sections:
        parent = nodes.get(parent_of(s) or "")
        (parent.children if parent is not None else roots).append(nodes[s.section_id])
    return roots


def ancestors(section, by_id: dict) -> list:
    """The sections above ``section``, from the top of its document down."""
    chain = []
    seen = {section.section_id}
    parent = by_id.get(section.parent_id or "")
    while parent is not None and parent.section_id not in seen:
        chain.append(parent)
        seen.add(parent.section_id)
        parent = by_id.get(parent.parent_id or "")
    return chain[::-1]
