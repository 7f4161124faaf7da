"""Cross-references by symbol: refs, symbols, symbol: in search, on the real documents."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import REPORT_TXT, TESTDATA, require_shared

from copdocs.cli import cli
from copdocs.ingest import ingest

REPORT_SYMBOLS = {
    "FCCC/KP/CMP/2007/5", "FCCC/SBI/2007/30", "FCCC/SBI/2007/L.21", "FCCC/SBSTA/2007/L.13",
    "FCCC/SBSTA/2007/L.19", "FCCC/SBSTA/2007/L.20/Add.1/Rev.1", "FCCC/SBSTA/2007/L.20/Rev.1",
    "1/CP.10", "-/CP.13", "-/CMP.3", "9/CP.2", "11/CP.4",
}
REF_FIELDS = ["query", "symbol", "relation", "doc_id", "section_id", "heading", "title",
              "context", "url"]


def cli_run(index: Path, *args: str):
    return CliRunner().invoke(cli, ["--index", str(index), *args], env={"NO_COLOR": "1"})


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def report_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("report-index")
    ingest(index, [REPORT_TXT], jobs=1)
    return index


def test_the_report_has_exactly_its_12_references(report_index: Path) -> None:
    found = lines(cli_run(report_index, "symbols", "--json").stdout)
    assert {entry["symbol"] for entry in found} == REPORT_SYMBOLS
    assert all(list(entry) == ["symbol", "kind", "count", "docs"] for entry in found)
    kinds = {entry["symbol"]: entry["kind"] for entry in found}
    assert sum(1 for k in kinds.values() if k == "document") == 7
    documents = lines(cli_run(report_index, "symbols", "--json", "--kind", "document").stdout)
    assert {e["symbol"] for e in documents} == {s for s in REPORT_SYMBOLS if s.startswith("FCCC")}
    drafts = next(e for e in found if e["symbol"] == "-/CP.13")
    assert (drafts["count"], drafts["docs"]) == (3, 1)


def test_refs_leads_from_each_reference_to_its_citing_section(report_index: Path) -> None:
    expected = {"FCCC/SBSTA/2007/L.19": "3.10", "1/CP.10": "2.4", "9/CP.2": "3.1",
                "FCCC/SBI/2007/30": "九", "FCCC/SBI/2007/L.21": "3.8"}
    for symbol, number in expected.items():
        hits = lines(cli_run(report_index, "refs", symbol, "--json").stdout)
        cites = [h for h in hits if h["relation"] == "cites"]
        assert [h["heading"].split()[0] for h in cites] == [number], symbol
        assert list(hits[0]) == REF_FIELDS


def test_refs_output_for_l19(report_index: Path) -> None:
    hit = lines(cli_run(report_index, "refs", "FCCC/SBSTA/2007/L.19", "--json").stdout)[0]
    assert hit["query"] == hit["symbol"] == "FCCC/SBSTA/2007/L.19"
    assert hit["url"] == "https://undocs.org/FCCC/SBSTA/2007/L.19"
    assert hit["heading"] == "3.10 碳捕捉與儲存獲取碳信用額度"
    assert "FCCC/SBSTA/2007/L.19" in hit["context"] and len(hit["context"]) < 300
    human = cli_run(report_index, "refs", "FCCC/SBSTA/2007/L.19").stdout.splitlines()
    assert human[0] == "FCCC/SBSTA/2007/L.19  https://undocs.org/FCCC/SBSTA/2007/L.19"
    assert human[1] == "cited in (1):"


@pytest.mark.parametrize(
    "typed",
    [
        "fccc/sbsta/2007/l.19",
        "FCCC / SBSTA / 2007 / L.19",
        "ＦＣＣＣ／ＳＢＳＴＡ／２００７／Ｌ.１９",
        "FCCC/SBSTA/2007/L.19.",
    ],
)
def test_refs_canonicalizes_however_typed(report_index: Path, typed: str) -> None:
    hits = lines(cli_run(report_index, "refs", typed, "--json").stdout)
    assert hits and hits[0]["query"] == "FCCC/SBSTA/2007/L.19"


def test_refs_of_a_draft_with_a_leading_dash(report_index: Path) -> None:
    result = cli_run(report_index, "refs", "-/CP.13", "--json")
    assert result.exit_code == 0
    cites = [h for h in lines(result.stdout) if h["relation"] == "cites"]
    assert [h["heading"].split()[0] for h in cites] == ["3.2", "3.5", "3.11"]
    assert all(h["url"] is None for h in cites)


def test_adopted_number_finds_the_draft_cited_by_title(report_index: Path) -> None:
    bali = lines(cli_run(report_index, "refs", "1/CP.13", "--json").stdout)
    assert {h["heading"].split()[0] for h in bali if h["relation"] == "cites"} == {"3.2", "3.5"}
    assert all("Bali Action Plan" in h["context"] for h in bali if h["relation"] == "cites")
    redd = lines(cli_run(report_index, "refs", "2/CP.13", "--json").stdout)
    assert [h["heading"].split()[0] for h in redd] == ["3.11"]
    fund = lines(cli_run(report_index, "refs", "1/CMP.3", "--json").stdout)
    assert [h["heading"].split()[0] for h in fund] == ["3.13"]
    review = lines(cli_run(report_index, "refs", "4/CMP.3", "--json").stdout)
    assert [h["heading"].split()[0] for h in review] == ["3.4"]


def test_unknown_symbol_is_a_message_and_exit_0(report_index: Path) -> None:
    result = cli_run(report_index, "refs", "FCCC/SBI/2099/99", "--json")
    assert (result.exit_code, result.stdout) == (0, "")
    human = cli_run(report_index, "refs", "FCCC/SBI/2099/99")
    assert human.exit_code == 0 and "not cited in the index" in human.stderr


@pytest.mark.parametrize("typed", ["hello", "COP13/MOP3", "2/3", "UN/ISDR"])
def test_malformed_symbol_is_one_line_exit_2(report_index: Path, typed: str) -> None:
    result = cli_run(report_index, "refs", typed)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "not a UN document symbol" in result.stderr


def test_self_relation_for_a_document_and_a_decision(corpus_index: Path) -> None:
    doc = lines(cli_run(corpus_index, "refs", "FCCC/CP/2014/10/Add.1", "--json").stdout)
    assert doc[0]["relation"] == "self" and doc[0]["section_id"] is None
    assert doc[0]["title"].startswith("Report of the Conference of the Parties on its twentieth")
    decision = lines(cli_run(corpus_index, "refs", "1/CP.20", "--json").stdout)
    assert decision[0]["relation"] == "self"
    assert decision[0]["heading"] == "1/CP.20 Lima Call for Climate Action"
    assert decision[0]["url"] is None


def test_family_reaches_revisions_and_names_relatives(corpus_index: Path) -> None:
    parent = lines(cli_run(corpus_index, "refs", "FCCC/SBSTA/2007/L.20", "--json").stdout)
    relatives = {h["symbol"] for h in parent if h["relation"] == "family"}
    assert {"FCCC/SBSTA/2007/L.20/Rev.1", "FCCC/SBSTA/2007/L.20/Add.1/Rev.1"} <= relatives
    child = lines(cli_run(corpus_index, "refs", "FCCC/SBSTA/2007/L.20/Rev.1", "--json").stdout)
    assert "FCCC/SBSTA/2007/L.20/Add.1/Rev.1" in {
        h["symbol"] for h in child if h["relation"] == "family"
    }
    masthead_parent = lines(cli_run(corpus_index, "refs", "FCCC/CP/2014/10", "--json").stdout)
    assert any(h["relation"] == "family" and h["symbol"] == "FCCC/CP/2014/10/Add.1"
               and h["section_id"] is None for h in masthead_parent)


def test_enb_forms_written_as_people_write_them(corpus_index: Path) -> None:
    # enb12354e writes "(FCCC/SBSTA/ 2007/L.19)" with a space after a slash.
    hits = lines(cli_run(corpus_index, "refs", "FCCC/SBSTA/2007/L.19", "--json").stdout)
    assert any(h["doc_id"].startswith("enb12354e") and "2007/L.19" in h["context"]
               for h in hits)


def test_search_symbol_filter_and_symbol_queries(corpus_index: Path) -> None:
    filtered = lines(cli_run(corpus_index, "search", "symbol:fccc/sbsta/2007/l.19", "--json",
                             "-n", "50").stdout)
    citing = lines(cli_run(corpus_index, "refs", "FCCC/SBSTA/2007/L.19", "--json").stdout)
    assert len(filtered) == 5  # the three report files' 3.10 and two ENB issues
    assert {h["section_id"] for h in filtered} == {
        h["section_id"] for h in citing if h["relation"] == "cites"
    }
    symbol_query = lines(cli_run(corpus_index, "search", "1/CP.13", "--json", "-n", "3").stdout)
    assert symbol_query[0]["heading"] in ("公約因應氣候變遷之長期合作行動對話",
                                          "政府間氣候變遷專門委員會(IPCC)第四次評估報告(AR4)",
                                          "Lima Call for Climate Action")


def test_unfccc_and_enb_testdata_symbols(tmp_path: Path) -> None:
    require_shared()
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("enb12354e.md", "enb12351e.md", "enb12352e.md"):
        shutil.copy(TESTDATA / "enb" / name, folder / name)
    shutil.copy(TESTDATA / "unfccc" / "SBI_txt" / "sbi2015_10 (report SB 42).txt", folder)
    index = tmp_path / "index"
    ingest(index, [folder], jobs=1)
    everything = {e["symbol"] for e in lines(cli_run(index, "symbols", "--json").stdout)}
    # "FCCC/SBI/2007/L.23 & Adds.1-2" and friends, as the ENB writes them
    assert "FCCC/SBSTA/2007/L.20/Add.1/Rev.1" in everything
    own = lines(cli_run(index, "refs", "FCCC/SBI/2015/10", "--json").stdout)
    assert own[0]["relation"] == "self"


def test_symbols_of_the_bundled_corpus_are_listed(corpus_index: Path) -> None:
    found = {e["symbol"]: e for e in lines(cli_run(corpus_index, "symbols", "--json").stdout)}
    assert found["FCCC/SBSTA/2007/L.19"]["docs"] == 5  # three report files, two ENB issues
    assert "FCCC/SBI/2015/10" in found  # a document's own symbol, even if no one cites it
