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
class SectionDetail(Section):
    """A section with where it stands: its heading path and its document."""

    path: list[str] = field(default_factory=list)
    title: str = ""
    source: str = ""
    page: int | None = None  # its first page, for paged sources


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


def json_fields(record_type: type) -> list[str]:
    """The JSON contract's field names of a record type, in order."""
    names = [f.name for f in fields(record_type)]
    return [n for n in names if n not in getattr(record_type, "_not_json", ())]
