"""Helpers shared by several test modules (test modules never import each other; paths and
fixtures are in conftest.py)."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, REPORT_TXT

from copdocs import Library
from copdocs.ingest import FileResult, Summary, ingest
from copdocs.records import SearchResults
from index.catalog import documents as list_documents
from index.catalog import sections as list_sections
from index.records import DocumentRecord, SectionRecord
from index.store import IndexReader
from pipeline.model import BlockKind, Document
from pipeline.readers.pdf import PdfReader

ENB = sorted((CORPUS / "enb").glob("*.md"))  # the bundled Earth Negotiations Bulletin issues


# The source report.


def outline(document: Document) -> str:
    """One line per heading: indentation by depth, number, heading text (as the golden file
    tests/golden/cop13-report.outline.txt holds the report's)."""
    lines = []
    for section in document.sections:
        if section.number or section.heading:
            label = " ".join(p for p in (section.number, section.heading) if p)
            lines.append("  " * (section.level - 1) + label)
    return "\n".join(lines) + "\n"


def squeeze(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def body_lines_of_the_text_report() -> list[str]:
    """Every line of the plain-text report except the OCR of the chart picture in 3.1 (a picture
    in a PDF, with no text layer)."""
    lines = REPORT_TXT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("[image:"))
    end = next(i for i in range(start, len(lines)) if re.search(r"[\u4e00-\u9fff]", lines[i]))
    return [line for i, line in enumerate(lines) if line.strip() and not start <= i < end]


def body_lines_missing(document: Document) -> list[str]:
    """The report's body lines (its headings aside) that no section of the document holds."""
    from pipeline.document import parse_file

    headings = {squeeze(s.number + s.heading) for s in parse_file(REPORT_TXT).sections}
    bodies = [squeeze(s.text) for s in document.sections]
    lines = [squeeze(line) for line in body_lines_of_the_text_report()]
    return [line for line in lines if line.replace("、", "") not in headings
            and not any(line in body for body in bodies)]  # fmt: skip


# Reading an index.


def examples(count: int) -> int:
    """Property-test examples: ``count`` in ``make test``, a quarter in ``make test-fast``."""
    return max(10, count // 4) if os.environ.get("COPDOCS_TEST_FAST") else count


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


def hit_sources(index: Path, query: str) -> set[str]:
    return {Path(h.source).name for h in search(index, query, limit=50).hits}


def assert_consistent(index: Path) -> list[DocumentRecord]:
    """One document per source, and exactly the sections its ledger record counts."""
    docs = documents(index)
    assert len({d.source for d in docs}) == len(docs), "a source indexed twice"
    assert len({d.doc_id for d in docs}) == len(docs), "a doc id indexed twice"
    all_sections = sections(index)
    per_doc = Counter(s.doc_id for s in all_sections)
    assert set(per_doc) <= {d.doc_id for d in docs}, "sections without a document record"
    for doc in docs:
        assert per_doc[doc.doc_id] == doc.sections, f"{doc.source}: ledger and sections differ"
    section_ids = [s.section_id for s in all_sections]
    assert len(section_ids) == len(set(section_ids)), "a section indexed twice"
    return docs


def toc_generation(index: Path) -> list[str]:
    return sorted(p.name for p in index.glob("*.toc"))


# Ingesting.


def run_ingest(index: Path, *paths: Path, **options) -> tuple[Summary, list[FileResult]]:
    """An in-process ingest (one job unless told otherwise), with every result it reported."""
    results: list[FileResult] = []
    options.setdefault("jobs", 1)
    summary = ingest(index, list(paths), on_result=results.append, **options)
    return summary, results


def statuses(results: list[FileResult]) -> dict[str, str]:
    return {Path(r.path).name: r.status for r in results}


def cli_command(index: Path, *args: str) -> list[str]:
    """The copdocs command as a separate process (so it can be killed, or run side by side)."""
    entry = "from copdocs.cli import main; main()"
    return [sys.executable, "-c", entry, "--index", str(index), *args]


def marked_copies(folder: Path, count: int) -> list[Path]:
    """``count`` distinct Markdown files made from the bundled ENB issues, each with a marker
    ``zqmarkerNNNx`` (NNN its number)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        source = ENB[i % len(ENB)].read_text(encoding="utf-8")
        path = folder / f"issue-{i:03d}.md"
        path.write_text(source + f"\n\nMarker paragraph zqmarker{i:03d}x.\n", encoding="utf-8")
        made.append(path)
    return made


def pdf_table_rows(data: bytes) -> list[str]:
    """The table rows a PDF reads as, in order."""
    return [b.text for b in PdfReader().read(data, "made.pdf").blocks
            if b.kind == BlockKind.TABLE_ROW]  # fmt: skip
