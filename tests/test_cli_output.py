"""The CLI's exact output on the bundled corpus (text and --json, against golden files), its exit
codes, and its one-line errors: user errors, a busy index, a bug while reading a file, and a
library choking on a malformed file.

Golden files hold the output with each document id written as <its source path under corpus/>
and the checkout's path as ROOT, since both depend on where the project lives. Regenerate them
with COPDOCS_REGENERATE_GOLDEN=1 (make golden) after an intended change, and read the diff."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import CORPUS, ROOT
from helpers import ENB

from copdocs.cli import cli

GOLDEN = ROOT / "tests" / "golden" / "cli"
REGENERATE = os.environ.get("COPDOCS_REGENERATE_GOLDEN") == "1"


def run(index: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--index", str(index), *args], env={"NO_COLOR": "1"})


@pytest.fixture(scope="module")
def doc_ids(corpus_index: Path) -> dict[str, str]:
    """Document id -> its source path relative to corpus/."""
    docs = [json.loads(line) for line in run(corpus_index, "docs", "--json").stdout.splitlines()]
    return {d["doc_id"]: str(Path(d["source"]).relative_to(CORPUS)) for d in docs}


def id_of(doc_ids: dict[str, str], source: str) -> str:
    return next(doc_id for doc_id, path in doc_ids.items() if path == source)


def stable(text: str, doc_ids: dict[str, str]) -> str:
    for doc_id, source in sorted(doc_ids.items(), key=lambda item: -len(item[0])):
        text = text.replace(doc_id, f"<{source}>")
    return text.replace(str(ROOT), "ROOT")


REPORT_DOCX, REPORT_TXT = "reports/cop13-report.docx", "reports/cop13-report.txt"
CP20 = "unfccc/cp2014_20 - 2014 - decision 1.txt"

# golden file -> the command's arguments ({docx}, {txt}, {cp20}: those documents' ids)
COMMANDS = {
    "docs.txt": ["docs"],
    "docs.jsonl": ["docs", "--json"],
    "sections-report-docx.txt": ["sections", "{docx}"],
    "sections-report-docx.jsonl": ["sections", "{docx}", "--json"],
    "sections-report-txt.txt": ["sections", "{txt}"],
    "show-3.13.txt": ["show", "{docx}:21"],
    "show-3.13.json": ["show", "{docx}:21", "--json"],
    "show-decision-1-cp20.txt": ["show", "{cp20}:1"],
    "refs-1-CP.13.txt": ["refs", "1/CP.13"],
    "refs-1-CP.13.jsonl": ["refs", "1/CP.13", "--json"],
    "refs-draft-CP.13.txt": ["refs", "-/CP.13"],
    "refs-L.20.txt": ["refs", "fccc / sbsta / 2007 / l.20"],
    "refs-L.20.jsonl": ["refs", "FCCC/SBSTA/2007/L.20", "--json"],
    "refs-cp-2014-10-add1.txt": ["refs", "ＦＣＣＣ／ＣＰ／２０１４／１０／Ａｄｄ．１"],
    "symbols.txt": ["symbols"],
    "symbols-decision.jsonl": ["symbols", "--kind", "decision", "--json"],
    "symbols-document.txt": ["symbols", "--kind", "document"],
}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_output_is_exactly_the_golden_file(
    corpus_index: Path, doc_ids: dict[str, str], name: str
) -> None:
    ids = {"docx": id_of(doc_ids, REPORT_DOCX), "txt": id_of(doc_ids, REPORT_TXT),
           "cp20": id_of(doc_ids, CP20)}  # fmt: skip
    result = run(corpus_index, *(arg.format(**ids) for arg in COMMANDS[name]))
    assert (result.exit_code, result.stderr) == (0, "")
    actual = stable(result.stdout, doc_ids)
    golden = GOLDEN / name
    if REGENERATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")


def test_golden_files_hold_what_the_documents_say() -> None:
    """The golden files were checked by reading them; these are the facts that check stands on."""
    show = (GOLDEN / "show-3.13.txt").read_text(encoding="utf-8").splitlines()
    assert show[:4] == [
        "聯合國氣候變化綱要公約第13屆締約國大會暨京都議定書第3屆締約國會議",
        "第3章 會議議題分析 › 3.13 調適工作方案及調適基金",
        "",
        show[3],
    ] and show[3].startswith("全球暖化所造成的天然災害威脅")
    decision = (GOLDEN / "show-decision-1-cp20.txt").read_text(encoding="utf-8").splitlines()
    assert decision[1] == "1/CP.20 Lima Call for Climate Action"
    docs = (GOLDEN / "docs.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(docs) == 18
    assert all(list(json.loads(d)) == ["doc_id", "title", "source", "format", "sections",
                                       "symbol", "date", "year"] for d in docs)  # fmt: skip
    refs = [json.loads(line) for line in
            (GOLDEN / "refs-L.20.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["relation"] for r in refs} == {"cites", "family"}
    assert {r["symbol"] for r in refs if r["relation"] == "family"} == {
        "FCCC/SBSTA/2007/L.20/Rev.1", "FCCC/SBSTA/2007/L.20/Add.1/Rev.1"
    }  # fmt: skip
    assert all(r["url"] == f"https://undocs.org/{r['symbol']}" for r in refs)


def test_the_same_symbol_however_typed(corpus_index: Path) -> None:
    typed = ["FCCC/SBSTA/2007/L.20", "fccc/sbsta/2007/l.20", "FCCC / SBSTA / 2007 / L.20",
             "ＦＣＣＣ／ＳＢＳＴＡ／２００７／Ｌ．２０", "FCCC/SBSTA/2007/L.20."]  # fmt: skip
    outputs = {run(corpus_index, "refs", form, "--json").stdout for form in typed}
    assert len(outputs) == 1 and outputs != {""}


def test_a_symbol_nothing_cites_is_a_message_and_exit_0(corpus_index: Path) -> None:
    result = run(corpus_index, "refs", "FCCC/SBI/2099/99")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "FCCC/SBI/2099/99: not cited in the index, and no document in it is FCCC/SBI/2099/99\n"
    )
    quiet = run(corpus_index, "refs", "FCCC/SBI/2099/99", "--json")
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")


# Errors: one line on stderr, exit 2 for the user's mistakes ---------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "nope:1"], "Error: no section 'nope:1' in the index"),
        (["show", "nope:1", "--json"], "Error: no section 'nope:1' in the index"),
        (["sections", "nope"], "Error: no document 'nope' in the index (see 'copdocs docs')"),
        (["search", "*"], "Error: nothing to search for in '*'"),
        (["search", '""', "--json"], "Error: nothing to search for in '\"\"'"),
        (["search", "。"], "Error: nothing to search for in '。'"),
        (["refs", "hello"], "Error: not a UN document symbol or decision reference: 'hello'"),
        (["refs", "1/XX.3", "--json"],
         "Error: not a UN document symbol or decision reference: '1/XX.3'"),
    ],
)  # fmt: skip
def test_user_errors_exit_2_with_one_line(corpus_index: Path, args: list[str], message: str):
    result = run(corpus_index, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message + "\n")


@pytest.mark.parametrize(
    "args",
    [["search", "調適基金"], ["docs"], ["sections"], ["show", "x:1"], ["symbols", "--json"],
     ["refs", "1/CP.13"]],
)  # fmt: skip
def test_no_index_yet_exit_2_with_one_line(tmp_path: Path, args: list[str]) -> None:
    result = run(tmp_path / "none", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: no copdocs index at {tmp_path / 'none'} (run 'copdocs ingest PATH' first)\n"
    )
    assert not (tmp_path / "none").exists(), "reading created the index"


def test_bad_arguments_exit_2(corpus_index: Path) -> None:
    result = run(corpus_index, "symbols", "--kind", "foo")
    assert result.exit_code == 2
    assert "Invalid value for '--kind'" in result.stderr and "Traceback" not in result.stderr
    assert run(corpus_index, "search", "--limit", "0", "碳").exit_code == 2


def test_busy_index_exit_1_with_one_line(tmp_path: Path) -> None:
    from index.lock import ingest_lock

    index = tmp_path / "index"
    (tmp_path / "report.md").write_bytes(ENB[0].read_bytes())
    with ingest_lock(index):  # another ingest holds the index
        result = run(index, "ingest", "--wait", "0", "-j", "1", str(tmp_path / "report.md"))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: the index at {index} is busy: another ingest is writing to it\n"
    )


def test_busy_index_waits_then_says_so(tmp_path: Path) -> None:
    from index.lock import ingest_lock

    index = tmp_path / "index"
    with ingest_lock(index):
        result = run(index, "ingest", "--wait", "0.3", "-j", "1", str(ENB[0]))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"copdocs: another ingest is writing to {index}; waiting for it (up to 0.3 s)…",
        f"Error: the index at {index} is busy: another ingest is writing to it "
        "(waited 0.3 s; see --wait)",
    ]


# Reading failures: a bug in copdocs is not a bad file ---------------------------------------


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "batch"
    folder.mkdir()
    for path in ENB[:3]:
        shutil.copy(path, folder / path.name)
    return folder


def fail_reading(monkeypatch: pytest.MonkeyPatch, name: str, failure) -> None:
    """Make the Markdown reader run ``failure(data)`` instead of reading the file ``name``."""
    from pipeline.readers.markdown import MarkdownReader

    real = MarkdownReader.read

    def read(self, data: bytes, filename: str):
        if Path(filename).name == name:
            return failure(data)
        return real(self, data, filename)

    monkeypatch.setattr(MarkdownReader, "read", read)


def test_a_bug_while_reading_is_reported_as_one_with_its_traceback_kept(
    batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline import outline

    # A KeyError raised inside copdocs' own code, as a bug would raise it.
    broken = ENB[1].name
    fail_reading(monkeypatch, broken, lambda data: outline._roman_value("IZ"))
    index = tmp_path / "index"
    result = run(index, "ingest", "-j", "1", str(batch))
    assert result.exit_code == 1
    log = index / "errors.log"
    assert result.stderr == (
        f"copdocs: internal error while reading {batch / broken} (KeyError: 'Z') — please "
        f"report; details in {log}\n"
    )
    assert result.stdout.startswith("2 added, 0 updated, 0 unchanged, 0 removed, 1 failed in ")
    kept = log.read_text(encoding="utf-8")
    assert f"reading {batch / broken}" in kept
    assert "Traceback (most recent call last)" in kept and "_roman_value" in kept
    assert kept.rstrip().endswith("KeyError: 'Z'")
    docs = json.loads("[" + ",".join(run(index, "docs", "--json").stdout.splitlines()) + "]")
    assert sorted(Path(d["source"]).name for d in docs) == sorted(
        p.name for p in ENB[:3] if p.name != broken
    )


def test_a_bug_while_reading_in_json(
    batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_reading(monkeypatch, ENB[0].name, lambda data: data.no_such_method())
    index = tmp_path / "index"
    result = run(index, "ingest", "-j", "1", "--json", str(batch))
    assert result.exit_code == 1
    first = json.loads(result.stdout.splitlines()[0])
    assert first["status"] == "failed"
    assert first["error"] == (
        "internal error (AttributeError: 'bytes' object has no attribute 'no_such_method') — "
        f"please report; details in {index / 'errors.log'}"
    )


def test_a_library_choking_on_a_malformed_file_is_an_unreadable_file(
    batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    # The reader hands the file to a parser that refuses it (an unclosed YAML flow sequence).
    choking = ENB[2].name
    (batch / choking).write_text("title: [unclosed\n", encoding="utf-8")
    fail_reading(monkeypatch, choking, lambda data: yaml.safe_load(data))
    index = tmp_path / "index"
    result = run(index, "ingest", "-j", "1", str(batch))
    assert result.exit_code == 1
    assert result.stderr == (
        f"copdocs: {batch / choking}: unreadable (ParserError: while parsing a flow sequence)\n"
    )
    assert not (index / "errors.log").exists()


def test_which_exceptions_are_a_library_refusing_input() -> None:
    import yaml

    from copdocs.analyse_file import _raised_in_reader_library

    def raised(action) -> Exception:
        try:
            action()
        except Exception as exc:
            return exc
        raise AssertionError("nothing raised")

    from pipeline import outline

    assert _raised_in_reader_library(raised(lambda: yaml.safe_load("a: [")))
    assert _raised_in_reader_library(raised(lambda: json.loads("{")))
    # copdocs' own code raising is a bug, and so is a wrong call wherever it fails
    assert not _raised_in_reader_library(raised(lambda: outline._roman_value("Z")))
    assert not _raised_in_reader_library(raised(lambda: json.loads(None)))
    assert not _raised_in_reader_library(ValueError("never raised: no traceback"))
