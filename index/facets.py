"""Facets of a query: how many of its matching sections each document, year and cited symbol has.

The counts come from the index's own structures, never from the sections' stored text: the
document of a section from the ``doc_id`` column, a document's year from its record, and the
symbols a section cites from the postings of the ``symbols`` and ``drafts_of`` fields, inverted
once per searcher (the inversion is shared by every query until an ingest commits).
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from dataclasses import dataclass

from copdocs.records import Facet, Facets
from index.search import matching_sections

FACET_CAP = 5000  # matching sections counted at most


@dataclass(frozen=True)
class _Table:
    titles: dict[str, str]  # doc id -> title
    years: dict[str, str]  # doc id -> year, for dated documents
    cited: dict[int, tuple[str, ...]]  # section number in the index -> symbols it cites


_tables: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_tables_lock = threading.Lock()


def facet_counts(searcher, query: str, cap: int = FACET_CAP, exact: bool = False
                 ) -> Facets:
    """Facets over the sections matching ``query`` (the first ``cap`` of them in index order;
    ``exact``: without the other forms of the concepts it names).

    Raises QueryError when the query has nothing to search for.
    """
    docnums, capped, complete = matching_sections(searcher, query, cap, exact)
    table = _table(searcher)
    doc_ids = searcher.reader().column_reader("doc_id")
    by_doc = Counter(doc_ids[docnum] for docnum in docnums)
    by_year: Counter[str] = Counter()
    for doc_id, count in by_doc.items():
        if year := table.years.get(doc_id):
            by_year[year] += count
    by_symbol = Counter(s for docnum in docnums for s in table.cited.get(docnum, ()))
    documents = [Facet(d, table.titles.get(d, d), n) for d, n in by_doc.items()]
    return Facets(
        documents=sorted(documents, key=lambda f: (-f.count, f.label, f.value)),
        years=[Facet(y, y, n) for y, n in sorted(by_year.items(), reverse=True)],
        symbols=[Facet(s, s, n) for s, n in sorted(by_symbol.items(),
                                                        key=lambda item: (-item[1], item[0]))],
        counted=len(docnums),
        capped=capped,
        complete=complete,
    )


def _table(searcher) -> _Table:
    with _tables_lock:
        table = _tables.get(searcher)
        if table is None:
            table = _tables[searcher] = _build_table(searcher)
        return table


def _build_table(searcher) -> _Table:
    titles: dict[str, str] = {}
    years: dict[str, str] = {}
    for fields in searcher.documents(kind="doc"):
        titles[fields["doc_id"]] = fields.get("title") or fields["doc_id"]
        if fields.get("year"):
            years[fields["doc_id"]] = fields["year"]
    reader = searcher.reader()
    cited: dict[int, set[str]] = {}
    # A draft cited by title cites its adopted number too, as the symbol: filter counts it.
    for fieldname in ("symbols", "drafts_of"):
        for raw in reader.lexicon(fieldname):
            symbol = raw.decode("utf-8")
            for docnum in reader.postings(fieldname, symbol).all_ids():
                cited.setdefault(docnum, set()).add(symbol)
    return _Table(titles, years, {d: tuple(sorted(s)) for d, s in cited.items()})
