"""The plain records the library returns. Each one's ``to_json()`` gives exactly the fields of
the JSON Lines contract (README, "Output and exit codes")."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


class _Record:
    _not_json: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """The record as its JSON Lines object."""
        record = asdict(self)  # type: ignore[call-overload]
        for name in self._not_json:
            record.pop(name, None)
        return record


@dataclass(frozen=True)
class Hit(_Record):
    """One ranked section of a search."""

    rank: int
    score: float
    doc_id: str
    section_id: str
    number: str
    heading: str
    path: list[str]  # headings from the top of the document down to this section
    title: str
    source: str
    snippet: str  # the best passage, matches wrapped in <mark>…</mark>
    matches: list[tuple[int, int]]  # [start, end) offsets of every match in the section's text
    page: int | None = None  # the PDF page of the snippet; None for formats without pages
    via: str | None = None  # found through this other form of a concept the query names
    # not in JSON: the snippet as (original text, is a match) pieces, for pages that escape text
    snippet_parts: list[tuple[str, bool]] = field(default_factory=list)
    # not in JSON: its ranking tier; 2: the whole query is in the heading, 1: in the body,
    # 0: only its parts (or another form of a concept the query names)
    literal: int = 0

    _not_json = ("snippet_parts", "literal")

    def to_json(self) -> dict:
        record = super().to_json()
        record["matches"] = [list(m) for m in self.matches]
        return record


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[Hit]
    total: int  # matching sections; a lower bound when ``exact`` is False
    exact: bool
    offset: int = 0


@dataclass(frozen=True)
class Concept(_Record):
    """A concept of the termbase with all its forms (``copdocs terms``)."""

    concept: str  # its id
    en: list[str]  # English forms
    abbr: list[str]  # abbreviations
    zh_tw: list[str]  # forms used in Taiwan (Traditional)
    zh_cn: list[str]  # forms of the UN's Chinese texts and the PRC (Simplified)
    ambiguous: list[str]  # the abbreviations recognised only typed in capitals
    note: str
    homographs: list[str] = field(default_factory=list)  # ambiguous and ordinary words too

    _not_json = ("homographs",)


@dataclass(frozen=True)
class Document(_Record):
    doc_id: str
    title: str
    source: str
    format: str
    sections: int
    symbol: str | None  # the document's own UN symbol (from its masthead)
    date: str | None  # its own date, ISO ("2008-03-14", or "2008-03" when no day is known)
    year: int | None  # the year ``year:`` filters on: of the meeting it reports on, else its date


@dataclass(frozen=True)
class Section(_Record):
    doc_id: str
    section_id: str
    number: str
    heading: str
    level: int
    parent_id: str | None
    text: str
    pages: list[int] | None = None  # [first, last] PDF page it spans; None without pages


@dataclass(frozen=True)
class Mention:
    """A UN symbol or decision as a section cites it."""

    symbol: str  # canonical
    raw: str  # as written: the section's text[start:end]
    kind: str  # document | decision
    start: int
    end: int
    resolved: str | None = None  # a draft's adopted number, when its title is known


@dataclass(frozen=True)
class SectionDetail(Section):
    """A section with where it stands: its heading path and its document."""

    path: list[str] = field(default_factory=list)
    title: str = ""
    source: str = ""
    page: int | None = None  # its first page, for paged sources
    mentions: list[Mention] = field(default_factory=list)  # not in JSON: in text order

    _not_json = ("mentions",)


@dataclass(frozen=True)
class Reference(_Record):
    """A place related to a looked-up symbol: the document or decision that is it (``self``),
    a section citing it (``cites``), or one citing or being a relative (``family``)."""

    query: str  # the canonical symbol looked up
    symbol: str  # the one matched: the query itself or a relative
    relation: str  # self | cites | family
    doc_id: str
    section_id: str | None  # None for a whole document
    heading: str | None
    title: str
    context: str  # the sentence around the mention
    url: str | None  # https://undocs.org/<symbol> for document symbols
    path: list[str] = field(default_factory=list)  # not in JSON: for display
    source: str = ""  # not in JSON

    _not_json = ("path", "source")


@dataclass(frozen=True)
class References:
    symbol: str  # the canonical form of what was looked up
    hits: list[Reference]


@dataclass(frozen=True)
class SymbolSummary(_Record):
    symbol: str
    kind: str  # document | decision
    count: int  # mentions
    docs: int  # documents citing it


@dataclass(frozen=True)
class SymbolInfo:
    """What a symbol is, before looking at where it is cited."""

    symbol: str  # canonical form
    kind: str  # document | decision
    url: str | None  # https://undocs.org/<symbol> for document symbols
    family: str  # the document its addenda and revisions belong to (a decision: itself)
    titles: list[str]  # a decision's titles in the shipped registry


@dataclass(frozen=True)
class Facet:
    value: str  # what the query filter takes (doc:, year:, symbol:)
    label: str  # the document's title, the year, the symbol
    count: int  # matching sections


@dataclass(frozen=True)
class Facets:
    """How a query's matching sections spread over documents, years and cited symbols."""

    documents: list[Facet]  # most sections first
    years: list[Facet]  # latest first
    symbols: list[Facet]  # most sections first
    counted: int  # matching sections counted
    capped: bool  # more matched than were counted: the counts cover the first ``counted``
    complete: bool = False  # ``counted`` is exactly the number of sections the search matches


def json_fields(record_type: type) -> list[str]:
    """The JSON contract's field names of a record type, in order."""
    names = [f.name for f in fields(record_type)]
    return [n for n in names if n not in getattr(record_type, "_not_json", ())]
