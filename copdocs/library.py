"""The front door: one ``Library`` object over an index, used by the CLI, the web server and
scripts alike.

    from copdocs import Library

    lib = Library("~/reports-index")
    lib.ingest(["reports/"])
    for hit in lib.search("調適基金").hits:
        print(hit.number, hit.heading, hit.snippet)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from copdocs.batching import COMMIT_EVERY
from copdocs.errors import MalformedSymbol, NotFound
from copdocs.records import (
    Concept,
    Document,
    Facets,
    Mention,
    Reference,
    References,
    SearchResults,
    Section,
    SectionDetail,
    SymbolInfo,
    SymbolSummary,
)
from copdocs.results import FileResult, Progress, Summary


class Library:
    """An index of climate-negotiation documents: ingest files into it, search it, list it.

    The index is opened on first use and its searcher reused across calls until an ingest
    (from this object or another process) commits something newer. One Library may serve
    several threads: their calls on the index take turns. Errors are
    ``copdocs.errors.CopdocsError`` subclasses with a one-line message.
    """

    def __init__(self, index_dir: str | os.PathLike[str] | None = None) -> None:
        """``index_dir``: the index directory; by default ``$COPDOCS_INDEX``, else the user
        data directory. Nothing is opened or created until first used."""
        from index.store import IndexReader, default_index_dir

        self.index_dir = Path(index_dir).expanduser() if index_dir else default_index_dir()
        self._reader = IndexReader(self.index_dir)

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the open index files (the object can still be used: it reopens)."""
        self._reader.close()

    def ingest(
        self,
        paths: Iterable[str | os.PathLike[str]],
        *,
        jobs: int | None = None,
        prune: bool = False,
        wait: float = 0.0,
        commit_every: int = COMMIT_EVERY,
        on_result: Callable[[FileResult], None] | None = None,
        on_progress: Callable[[Progress], None] | None = None,
        on_wait: Callable[[], None] | None = None,
    ) -> Summary:
        """Ingest files and folders (recursively), creating the index if needed.

        Unchanged files are skipped, changed ones replace their documents, moved ones keep
        theirs. ``jobs`` worker processes read files (default one per core; 1: in this
        process). ``prune`` removes documents whose files are gone from the folders given.
        ``wait``: seconds to wait for another ingest of the index before IndexBusy. Every file's
        outcome goes to ``on_result`` once committed; files that fail are counted in the
        summary, never raised.
        """
        from copdocs.ingest import ingest

        return ingest(
            self.index_dir, [Path(p) for p in paths], on_result=on_result, wait_seconds=wait,
            jobs=jobs, prune=prune, commit_every=commit_every, on_wait=on_wait,
            on_progress=on_progress,
        )  # fmt: skip

    def search(
        self, query: str, limit: int = 10, offset: int = 0, exact: bool = False
    ) -> SearchResults:
        """Sections matching ``query`` (the query language of ``copdocs search``), best first:
        hits ``offset + 1`` to ``offset + limit``. QueryError when it has nothing to search.

        Words naming a concept of the termbase also find its other forms (a hit found only so
        says by which, in ``via``), unless ``exact``."""
        from index.search import search

        with self._reader.searching() as searcher:
            return search(searcher, query, limit=limit, offset=offset, exact=exact)

    @staticmethod
    def terms(word: str) -> list[Concept]:
        """The termbase's concepts ``word`` is a form of (any case, either script), else those it
        names; empty when none. Needs no index."""
        from pipeline.termbase import lookup_word

        return [
            Concept(
                concept=c.id, en=list(c.en), abbr=list(c.abbr), zh_tw=list(c.zh_tw),
                zh_cn=list(c.zh_cn), ambiguous=list(c.ambiguous), note=c.note,
                homographs=list(c.homographs),
            )  # fmt: skip
            for c in lookup_word(word)
        ]

    def facets(self, query: str, cap: int | None = None, exact: bool = False) -> Facets:
        """How the sections matching ``query`` spread over documents, years and the symbols
        they cite: counted over the first ``cap`` matches in index order (default 5,000),
        ``capped`` when more matched, ``complete`` when ``counted`` is exactly the number of
        sections the search matches. QueryError when the query has nothing to search."""
        from index.facets import FACET_CAP, facet_counts

        with self._reader.searching() as searcher:
            return facet_counts(searcher, query, FACET_CAP if cap is None else cap, exact=exact)

    def highlight(self, query: str, text: str, exact: bool = False) -> list[tuple[int, int]]:
        """The ``[start, end)`` offsets in ``text`` that a search for ``query`` marks (the other
        forms of the concepts it names too, unless ``exact``): a section's text gives its hit's
        ``matches``. Any query works, even one with nothing to search for."""
        from index.search import match_spans

        with self._reader.searching() as searcher:
            return match_spans(searcher, query, text, exact=exact)

    def docs(self) -> list[Document]:
        """Every document in the index, by source path."""
        from index.catalog import documents

        with self._reader.searching() as searcher:
            return [_document(d) for d in documents(searcher)]

    def document(self, doc_id: str) -> Document:
        """One document; NotFound when the index has no such id."""
        from index.catalog import document

        with self._reader.searching() as searcher:
            found = document(searcher, doc_id)
        if found is None:
            raise NotFound(f"no document {doc_id!r} in the index (see 'copdocs docs')")
        return _document(found)

    def sections(self, doc_id: str | None = None) -> list[Section]:
        """Sections in document order: of one document (NotFound if unknown), or of all."""
        from index.catalog import sections

        with self._reader.searching() as searcher:
            if doc_id is not None:
                self.document(doc_id)
            return [_section(s) for s in sections(searcher, doc_id)]

    def section(self, section_id: str) -> SectionDetail:
        """One section in full, with its heading path and document; NotFound if unknown."""
        from index.catalog import section

        with self._reader.searching() as searcher:
            found = section(searcher, section_id)
        if found is None:
            raise NotFound(f"no section {section_id!r} in the index")
        section = _section(found)
        mentions = [
            Mention(m["symbol"], m["raw"], m["kind"], m["start"], m["end"], m.get("resolved"))
            for m in found.mentions
        ]
        return SectionDetail(
            **vars(section), path=found.path, title=found.title, source=found.source,
            page=section.pages[0] if section.pages else None,
            mentions=sorted(mentions, key=lambda m: (m.start, m.end)),
        )  # fmt: skip

    def refs(self, symbol: str) -> References:
        """Where a UN document symbol or decision is cited, what it is, and its relatives.

        ``symbol`` may be typed in any case, full-width, with spaces, or as a draft ("-/CP.13").
        MalformedSymbol when it is not a symbol; an empty ``hits`` when nothing cites it.
        """
        from index.refs import lookup

        with self._reader.searching() as searcher:
            canonical, found = lookup(searcher, symbol)
        hits = [
            Reference(
                query=h.query, symbol=h.symbol, relation=h.relation, doc_id=h.doc_id,
                section_id=h.section_id, heading=h.heading, title=h.title, context=h.context,
                url=h.url, path=h.path, source=h.source,
            )  # fmt: skip
            for h in found
        ]
        return References(canonical, hits)

    def symbol(self, typed: str) -> SymbolInfo:
        """What ``typed`` is as a UN symbol or decision (canonical form, kind, undocs.org link,
        family, registry titles), without looking at the index. MalformedSymbol otherwise."""
        from index.refs import describe

        found = describe(typed)
        if found is None:
            raise MalformedSymbol(
                f"not a UN document symbol or decision reference: {typed.strip()!r}"
            )
        return SymbolInfo(found.symbol, found.kind, found.url, found.family, found.titles)

    def symbols(self, kind: str | None = None) -> list[SymbolSummary]:
        """Every UN symbol (``kind`` "document") and decision ("decision") in the index."""
        from index.refs import symbol_counts

        with self._reader.searching() as searcher:
            counts = symbol_counts(searcher, kind)
        return [SymbolSummary(c.symbol, c.kind, c.count, c.docs) for c in counts]


def _document(record) -> Document:
    return Document(
        doc_id=record.doc_id, title=record.title, source=record.source, format=record.format,
        sections=record.sections, symbol=record.symbol, date=record.date or None,
        year=record.year,
    )  # fmt: skip


def _section(record) -> Section:
    return Section(
        doc_id=record.doc_id, section_id=record.section_id, number=record.number,
        heading=record.heading, level=record.level, parent_id=record.parent_id, text=record.text,
        pages=_span(record.page_breaks),
    )  # fmt: skip


def _span(page_breaks: list[tuple[int, int]]) -> list[int] | None:
    """[first, last] page of a section's page breaks, or None without pages."""
    if not page_breaks:
        return None
    return [page_breaks[0][1], max(page for _, page in page_breaks)]
