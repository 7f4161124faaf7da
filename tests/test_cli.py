"""The command line, end to end on the bundled corpus: output, JSON fields, exit codes."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CORPUS, REPORT_DOCX, REPORT_TXT

from copdocs.cli import cli

SEARCH_FIELDS = ["rank", "score", "doc_id", "section_id", "number", "heading", "path", "title",
                 "source", "snippet", "matches", "page", "via"]


def run(index: Path, *args: str, env: dict | None = None):
    runner = CliRunner()
    return runner.invoke(cli, ["--index", str(index), *args], env=env or {"NO_COLOR": "1"})


def json_lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_demo_query_finds_section_3_13_first(corpus_index: Path) -> None:
    result = run(corpus_index, "search", "調適基金", "--json")
    assert result.exit_code == 0, result.output
    hits = json_lines(result.stdout)
    assert list(hits[0]) == SEARCH_FIELDS
    assert (hits[0]["number"], hits[0]["heading"]) == ("3.13", "調適工作方案及調適基金")
    assert hits[0]["path"] == ["第3章 會議議題分析", "3.13 調適工作方案及調適基金"]
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert "<mark>調適基金</mark>" in hits[0]["snippet"]


def test_search_human_output_is_readable_without_colour(corpus_index: Path) -> None:
    result = run(corpus_index, "search", "國際交易日誌", "--limit", "1")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "1. 3.8 聯合國國際交易日誌(ITL)"
    assert lines[1].strip().endswith("第3章 會議議題分析")
    assert "國際交易日誌" in lines[2] and "\x1b[" not in result.stdout and "<mark>" not in lines[2]
    assert lines[3].strip().endswith(":16")
    assert "matching sections" in result.stderr


YELLOW_BOLD, CYAN, BOLD, DIM, RESET = "\x1b[33m\x1b[1m", "\x1b[36m", "\x1b[1m", "\x1b[2m", "\x1b[0m"


def test_search_highlights_in_colour_when_asked_for(
    corpus_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import copdocs.cli

    # As on a terminal: the CLI's colour decision says yes.
    monkeypatch.setattr(copdocs.cli, "use_color", lambda stream=None: True)
    result = CliRunner().invoke(
        cli, ["--index", str(corpus_index), "search", "國際交易日誌", "-n", "1"], color=True
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"1. {BOLD}3.8 聯合國國際交易日誌(ITL){RESET}"
    title = "聯合國氣候變化綱要公約第13屆締約國大會暨京都議定書第3屆締約國會議"
    assert lines[1] == f"   {DIM}{title} › 第3章 會議議題分析{RESET}"
    assert f"{YELLOW_BOLD}國際交易日誌{RESET}" in lines[2] and "<mark>" not in lines[2]
    assert lines[3].startswith(f"   {CYAN}cop13-report-") and lines[3].endswith(f":16{RESET}")


class Terminal:
    def isatty(self) -> bool:
        return True


class Pipe:
    def isatty(self) -> bool:
        return False


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch: pytest.MonkeyPatch):
    from copdocs.output import use_color

    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_color(Terminal()) is True
    assert use_color(Pipe()) is False
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_color(Terminal()) is False


def test_marks_become_colour_or_plain_text() -> None:
    from copdocs.output import render_marks

    snippet = "…設立<mark>調適基金</mark>董事會與<mark>調適基金</mark>…"
    assert render_marks(snippet, color=True) == (
        f"…設立{YELLOW_BOLD}調適基金{RESET}董事會與{YELLOW_BOLD}調適基金{RESET}…"
    )
    assert render_marks(snippet, color=False) == "…設立調適基金董事會與調適基金…"


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color", [False, True])
def test_search_on_a_terminal_is_coloured_unless_no_color(corpus_index: Path, no_color: bool):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = "1"
    leader, follower = os.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", "from copdocs.cli import main; main()", "--index",
             str(corpus_index), "search", "國際交易日誌", "-n", "1"],
            stdout=follower, stderr=subprocess.DEVNULL, env=env,
        )  # fmt: skip
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closes when the process exits
                break
            if not chunk:
                break
            output += chunk
        assert process.wait(timeout=120) == 0
    finally:
        os.close(leader)
    text = output.decode("utf-8")
    assert "3.8 聯合國國際交易日誌(ITL)" in text
    if no_color:
        assert "\x1b[" not in text
    else:
        assert f"{YELLOW_BOLD}國際交易日誌{RESET}" in text


def test_search_says_by_which_form_a_section_was_found(corpus_index: Path) -> None:
    result = run(corpus_index, "search", "适应基金", "--json")
    assert result.exit_code == 0, result.output
    hits = json_lines(result.stdout)
    report = [h for h in hits if h["source"].endswith("cop13-report.txt")]
    assert (report[0]["number"], report[0]["via"]) == ("3.13", "調適基金")
    assert all(h["via"] for h in hits)  # 适应基金 itself stands nowhere in the corpus
    literal = json_lines(run(corpus_index, "search", "調適基金", "--json").stdout)
    assert literal[0]["via"] is None
    human = run(corpus_index, "search", "适应基金", "--limit", "1")
    assert human.stdout.splitlines()[0] == "1. 3.13 調適工作方案及調適基金  ≈ 調適基金"


def test_exact_search_turns_the_termbase_off(corpus_index: Path) -> None:
    for args in (["search", "适应基金", "--exact"], ["search", "=适应基金"]):
        result = run(corpus_index, *args, "--json")
        assert result.exit_code == 0 and result.stdout == "", args
    assert run(corpus_index, "search", "适应基金", "--exact").stderr.startswith("no sections")


def test_terms_prints_a_concept_with_all_its_forms(tmp_path: Path) -> None:
    result = run(tmp_path / "no-index", "terms", "适应基金")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "adaptation-fund" in out and "Adaptation Fund" in out and "調適基金" in out
    assert "AF (capitals only)" in out
    record = json_lines(run(tmp_path / "no-index", "terms", "technology", "transfer",
                            "--json").stdout)
    assert [list(r) for r in record] == [["concept", "en", "abbr", "zh_tw", "zh_cn",
                                          "ambiguous", "note"]]
    assert "技術移轉" in record[0]["zh_tw"] and "技术转让" in record[0]["zh_cn"]
    unknown = run(tmp_path / "no-index", "terms", "banana")
    assert unknown.exit_code == 0 and unknown.stdout == ""
    assert len(unknown.stderr.strip().splitlines()) == 1 and "no concept" in unknown.stderr


def test_docs_json_fields(corpus_index: Path) -> None:
    result = run(corpus_index, "docs", "--json")
    assert result.exit_code == 0
    docs = json_lines(result.stdout)
    assert len(docs) == 18
    assert all(list(d) == ["doc_id", "title", "source", "format", "sections", "symbol", "date",
                           "year"] for d in docs)
    by_source = {Path(d["source"]).name: d for d in docs}
    assert by_source["cop13-report.txt"]["sections"] == 39
    assert by_source["cop13-report.docx"]["format"] == "docx"
    sbi = by_source["sbi2015_10 (report SB 42).txt"]
    assert (sbi["symbol"], sbi["date"], sbi["year"]) == ("FCCC/SBI/2015/10", "2015-07-16", 2015)
    summary = by_source["enb12354e.md"]
    assert (summary["symbol"], summary["date"], summary["year"]) == (None, "2007-12-15", 2007)
    # The report names no date of its own, but the meeting it reports on: 3–15 December 2007.
    assert (by_source["cop13-report.txt"]["date"], by_source["cop13-report.txt"]["year"]) == (
        "2007-12-03", 2007)


def test_sections_of_one_document_in_order(corpus_index: Path) -> None:
    docs = json_lines(run(corpus_index, "docs", "--json").stdout)
    report = next(d for d in docs if d["source"].endswith("cop13-report.txt"))
    result = run(corpus_index, "sections", report["doc_id"], "--json")
    assert result.exit_code == 0
    sections = json_lines(result.stdout)
    assert len(sections) == 39
    assert list(sections[0]) == ["doc_id", "section_id", "number", "heading", "level",
                                 "parent_id", "text", "pages"]
    assert sections[0]["pages"] is None  # plain text has no pages
    assert sections[0]["heading"] == "摘要" and sections[0]["parent_id"] is None
    s313 = next(s for s in sections if s["number"] == "3.13")
    chapter3 = next(s for s in sections if s["number"] == "第3章")
    assert s313["parent_id"] == chapter3["section_id"] and s313["level"] == 2
    human = run(corpus_index, "sections", report["doc_id"]).stdout.splitlines()
    assert human[0].startswith("摘要  ")
    assert human[9].startswith("  3.1 全球排放量變化  ")


def test_show_a_section(corpus_index: Path) -> None:
    hits = json_lines(run(corpus_index, "search", "調適基金", "--json", "-n", "1").stdout)
    result = run(corpus_index, "show", hits[0]["section_id"], "--json")
    record = json.loads(result.stdout)
    assert record["text"].startswith("全球暖化所造成的天然災害威脅")
    assert record["path"][-1] == "3.13 調適工作方案及調適基金"
    human = run(corpus_index, "show", hits[0]["section_id"]).stdout.splitlines()
    assert human[1] == "第3章 會議議題分析 › 3.13 調適工作方案及調適基金"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope:1"], "Error: no section 'nope:1' in the index\n"),
        (["sections", "nope"], "Error: no document 'nope' in the index (see 'copdocs docs')\n"),
        (["search", "*"], "Error: nothing to search for in '*'\n"),
    ],
)
def test_user_errors_are_one_line_exit_2(corpus_index: Path, args: list[str], message: str):
    result = run(corpus_index, *args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_missing_index_is_one_clear_line(tmp_path: Path) -> None:
    result = run(tmp_path / "none", "search", "調適基金")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no copdocs index at" in result.stderr and "copdocs ingest" in result.stderr


def test_usage_error_exit_2(tmp_path: Path) -> None:
    result = run(tmp_path, "search")
    assert result.exit_code == 2


@pytest.mark.slow
def test_ingest_bad_files_one_line_each_rest_ingested(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    shutil.copy(REPORT_TXT, batch / "good report.txt")
    data = REPORT_DOCX.read_bytes()
    (batch / "truncated.docx").write_bytes(data[: len(data) // 2])
    (batch / "junk.txt").write_bytes(os.urandom(4096) + b"\x00")
    (batch / "empty.md").write_bytes(b"")
    index = tmp_path / "index"
    result = run(index, "ingest", str(batch))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 3
    assert any("truncated.docx" in e and "docx" in e for e in errors)
    assert any("junk.txt" in e and "binary" in e for e in errors)
    assert any("empty.md" in e and "empty file" in e for e in errors)
    assert result.stdout.startswith("1 added, 0 updated, 0 unchanged, 0 removed, 3 failed")
    docs = json_lines(run(index, "docs", "--json").stdout)
    assert [Path(d["source"]).name for d in docs] == ["good report.txt"]


@pytest.mark.slow
def test_ingest_again_replaces_never_duplicates(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_bytes(REPORT_TXT.read_bytes())
    index = tmp_path / "index"
    assert run(index, "ingest", str(source)).exit_code == 0
    source.write_text(REPORT_TXT.read_text(encoding="utf-8").replace("調適基金", "調適基金X", 1),
                      encoding="utf-8")
    again = run(index, "ingest", "--json", str(source))
    assert json_lines(again.stdout)[0]["status"] == "updated"
    docs = json_lines(run(index, "docs", "--json").stdout)
    assert len(docs) == 1
    hits = json_lines(run(index, "search", "調適基金X", "--json").stdout)
    assert len(hits) == 1


@pytest.mark.slow
def test_index_location_from_environment(tmp_path: Path) -> None:
    index = tmp_path / "env-index"
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", str(REPORT_TXT)], env={"COPDOCS_INDEX": str(index)})
    assert result.exit_code == 0
    assert (index / "copdocs.json").is_file()


@pytest.mark.slow
def test_search_shortcut_script(corpus_index: Path) -> None:
    script = Path(sys.executable).parent / "search"
    if not script.exists():
        pytest.skip("console scripts are not installed in this environment")
    out = subprocess.run(
        [str(script), "--index", str(corpus_index), "--json", "-n", "1", "調適基金"],
        capture_output=True, text=True, check=True, env={**os.environ, "NO_COLOR": "1"},
    )
    assert json.loads(out.stdout)["number"] == "3.13"


def test_corpus_sources_file_is_not_ingested(corpus_index: Path) -> None:
    docs = json_lines(run(corpus_index, "docs", "--json").stdout)
    assert not any(d["source"].endswith("SOURCES.md") for d in docs)
    assert (CORPUS / "SOURCES.md").is_file()


def test_json_output_is_valid_utf8_jsonl(corpus_index: Path) -> None:
    result = run(corpus_index, "search", "碳金融", "--json", "-n", "3")
    records = [json.loads(line) for line in io.StringIO(result.stdout)]
    assert len(records) == 3 and result.stdout.endswith("\n")  # the report's .txt, .docx, .pdf
    assert all(line.startswith("{") for line in result.stdout.splitlines())
    for record in records:
        text = json.loads(run(corpus_index, "show", record["section_id"], "--json").stdout)["text"]
        assert record["matches"]
        for start, end in record["matches"]:
            assert 0 <= start < end <= len(text)
            assert text[start:end] in ("碳金融", "碳\uf90a融")
