"""The front door, ``copdocs.Library``: ingest and search in a few lines, paging, records equal to
the CLI's JSON, its errors, and one open index reused until someone commits something newer."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPORT_TXT
from helpers import ENB, cli_command

import index.store
from copdocs import Library
from copdocs.cli import cli
from copdocs.errors import (
    CopdocsError,
    IndexUnavailable,
    MalformedSymbol,
    NotFound,
    QueryError,
    UsageError,
)


@pytest.mark.slow  # the default ingest reads files in worker processes
def test_ingest_and_search_in_five_lines(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(REPORT_TXT, reports)

    lib = Library(tmp_path / "index")
    lib.ingest([reports])
    hit = lib.search("調適基金").hits[0]
    assert (hit.number, hit.heading) == ("3.13", "調適工作方案及調適基金")
    assert "<mark>調適基金</mark>" in hit.snippet


def test_ingest_reports_every_file_and_returns_the_summary(tmp_path: Path) -> None:
    results = []
    with Library(str(tmp_path / "index")) as lib:
        summary = lib.ingest([REPORT_TXT, ENB[0]], jobs=1, on_result=results.append)
        assert (summary.added, summary.failed) == (2, 0)
        assert sorted(Path(r.path).name for r in results) == sorted([REPORT_TXT.name,
                                                                     ENB[0].name])
        again = lib.ingest([REPORT_TXT], jobs=1)
        assert (again.added, again.unchanged) == (0, 1)
        assert len(lib.docs()) == 2


def json_lines(index: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--index", str(index), *args, "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


# Paging -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["adaptation", "締約國", "the Parties", "碳", "CDM OR 清潔發展機制", "Parties -Kyoto"]
)
def test_pages_are_slices_of_one_larger_page(corpus_index: Path, query: str) -> None:
    with Library(corpus_index) as lib:
        whole = lib.search(query, limit=30)
        assert len(whole.hits) == 30, "too few hits to page through"
        pages = [lib.search(query, limit=10, offset=offset) for offset in (0, 10, 20)]
    assert [p.offset for p in pages] == [0, 10, 20]
    paged = [hit for page in pages for hit in page.hits]
    assert [h.rank for h in paged] == list(range(1, 31))
    assert [h.section_id for h in paged] == [h.section_id for h in whole.hits]
    assert paged == whole.hits


def test_a_page_past_the_end_is_empty(corpus_index: Path) -> None:
    with Library(corpus_index) as lib:
        total = len(lib.search("調適基金", limit=1000).hits)
        assert lib.search("調適基金", limit=10, offset=total).hits == []
        last = lib.search("調適基金", limit=10, offset=total - 1).hits
        assert [h.rank for h in last] == [total]


# Records are the CLI's JSON -----------------------------------------------------------------


def test_records_equal_the_cli_json(corpus_index: Path) -> None:
    with Library(corpus_index) as lib:
        docs = lib.docs()
        assert [d.to_json() for d in docs] == json_lines(corpus_index, "docs")
        report = next(d for d in docs if d.source.endswith("cop13-report.docx"))
        assert lib.document(report.doc_id) == report
        sections = lib.sections(report.doc_id)
        assert [s.to_json() for s in sections] == json_lines(
            corpus_index, "sections", report.doc_id
        )
        assert len(lib.sections()) == sum(d.sections for d in docs)
        detail = lib.section(sections[21].section_id)
        assert [detail.to_json()] == json_lines(corpus_index, "show", detail.section_id)
        assert (detail.number, detail.path[-1]) == ("3.13", "3.13 調適工作方案及調適基金")
        for symbol in ("1/CP.13", "fccc/sbsta/2007/l.20", "-/CP.13"):
            refs = lib.refs(symbol)
            assert [h.to_json() for h in refs.hits] == json_lines(corpus_index, "refs", symbol)
        assert lib.refs("fccc/sbsta/2007/l.20").symbol == "FCCC/SBSTA/2007/L.20"
        for kind in (None, "document", "decision"):
            option = ["--kind", kind] if kind else []
            assert [s.to_json() for s in lib.symbols(kind)] == json_lines(
                corpus_index, "symbols", *option
            )
        hits = lib.search("調適基金", limit=5).hits
        assert [h.to_json() for h in hits] == json_lines(
            corpus_index, "search", "調適基金", "--limit", "5"
        )


# Errors -------------------------------------------------------------------------------------


def test_errors_are_copdocs_errors_with_one_line(corpus_index: Path, tmp_path: Path) -> None:
    with Library(corpus_index) as lib:
        cases = [
            (lambda: lib.section("nope:1"), NotFound),
            (lambda: lib.document("nope"), NotFound),
            (lambda: lib.sections("nope"), NotFound),
            (lambda: lib.search("*"), QueryError),
            (lambda: lib.search('""'), QueryError),
            (lambda: lib.refs("hello"), MalformedSymbol),
            (lambda: lib.refs("COP 18/CMP 8"), MalformedSymbol),
            (lambda: Library(tmp_path / "none").docs(), IndexUnavailable),
        ]
        for call, expected in cases:
            with pytest.raises(expected) as raised:
                call()
            assert isinstance(raised.value, UsageError | CopdocsError)
            message = str(raised.value)
            assert message and "\n" not in message
        assert lib.refs("FCCC/SBI/2099/99").hits == []  # well formed, cited nowhere: no error
    assert not (tmp_path / "none").exists()


# One open index, refreshed by commits -------------------------------------------------------


class OpenCounter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = index.store.open_index

        def counting(directory: Path, create: bool = False):
            self.count += 1
            return real(directory, create)

        monkeypatch.setattr(index.store, "open_index", counting)


def test_the_index_is_opened_once_for_many_calls(
    corpus_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opens = OpenCounter(monkeypatch)
    with Library(corpus_index) as lib:
        for query in ("調適基金", "adaptation fund", "1/CP.13"):
            lib.search(query)
        lib.docs()
        lib.refs("1/CP.13")
        lib.symbols("decision")
        assert opens.count == 1
    lib.docs()  # closed, then used again: opens anew
    assert opens.count == 2
    lib.close()


def test_a_commit_by_another_library_is_seen_without_reopening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(ENB[0], folder / ENB[0].name)
    index_dir = tmp_path / "index"
    Library(index_dir).ingest([folder], jobs=1)
    opens = OpenCounter(monkeypatch)
    reader = Library(index_dir)
    assert len(reader.docs()) == 1
    assert reader.search("zqlatecomer").hits == []

    (folder / "late.md").write_text("# Late\n\nA zqlatecomer paragraph.\n", encoding="utf-8")
    Library(index_dir).ingest([folder], jobs=1)  # another writer commits
    assert [h.heading for h in reader.search("zqlatecomer").hits] == ["Late"]
    assert len(reader.docs()) == 2
    assert opens.count == 1, "reopened the index instead of refreshing its searcher"
    reader.close()


@pytest.mark.slow
def test_a_commit_by_another_process_is_seen(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    Library(index_dir).ingest([ENB[0]], jobs=1)
    with Library(index_dir) as lib:
        before = lib.search("Nairobi", limit=100).hits
        done = subprocess.run(cli_command(index_dir, "ingest", "-j", "1", str(REPORT_TXT)),
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert lib.search("調適基金").hits[0].number == "3.13"
        assert len(lib.docs()) == 2
        assert len(lib.search("Nairobi", limit=100).hits) >= len(before)
