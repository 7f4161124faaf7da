"""Helpers shared by several test modules (test modules never import each other)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from copdocs import Library
from copdocs.records import SearchResults
from index.catalog import documents as list_documents
from index.catalog import sections as list_sections
from index.records import DocumentRecord, SectionRecord
from index.store import IndexReader


def search(index: Path, query: str, limit: int = 10) -> SearchResults:
    with Library(index) as library:
        return library.search(query, limit=limit)


def documents(index: Path) -> list[DocumentRecord]:
    """The index's document records (with their hashes and sizes), by source path."""
    reader = IndexReader(index)
    try:
        return list_documents(reader.searcher())
    finally:
        reader.close()


def sections(index: Path, doc_id: str | None = None) -> list[SectionRecord]:
    """Section records (with their heading paths), in document order."""
    reader = IndexReader(index)
    try:
        return list_sections(reader.searcher(), doc_id)
    finally:
        reader.close()


def pdf_reader_installed() -> bool:
    """Whether this copdocs includes the PDF reader (``pipeline.readers.pdf``)."""
    return importlib.util.find_spec("pipeline.readers.pdf") is not None


def require_soffice() -> None:
    """Skip unless LibreOffice, which converts legacy Word .doc files, is installed."""
    from pipeline.readers.doc import find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed: legacy .doc files cannot be read")


def shown_count(library: Library, query: str) -> str:
    """The count of matching sections the search page shows for ``query`` (in Chinese): exact
    when the search or its facets counted every match, else a lower bound."""
    found = library.search(query, limit=10)
    if found.exact:
        return f"共 {found.total} 個章節符合"
    facets = library.facets(query)
    if facets.complete:
        return f"共 {facets.counted} 個章節符合"
    return f"超過 {found.total} 個章節符合"
