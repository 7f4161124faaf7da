"""Shared test fixtures: the bundled corpus, the optional ../shared data, a built demo index."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REPORT_TXT = CORPUS / "reports" / "cop13-report.txt"
REPORT_DOCX = CORPUS / "reports" / "cop13-report.docx"
REPORT_PDF = CORPUS / "reports" / "cop13-report.pdf"
SHARED = ROOT.parent / "shared"
TESTDATA = SHARED / "testdata"


def require_shared() -> Path:
    """The ../shared folder (CI has it; a user's clone may not): skip when absent."""
    if not TESTDATA.is_dir():
        pytest.skip("../shared/testdata is not present in this checkout")
    return SHARED


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of the bundled corpus, built once per test session."""
    from copdocs.ingest import ingest

    index_dir = tmp_path_factory.mktemp("corpus-index")
    summary = ingest(index_dir, [CORPUS], jobs=1)  # in this process: no workers to start
    assert summary.failed == 0
    return index_dir


# --- the web server -------------------------------------------------------------------------

HOSTILE_MARKUP = (
    '<script>window.__pwned=1</script> <img src=x onerror="window.__pwned=1"> '
    "[x](javascript:window.__pwned=1) "
    '<a href="javascript:window.__pwned=1">FCCC/SBSTA/2007/L.19</a>'
)
HOSTILE_WORD = "惡意文件"  # every hostile document holds it, and nothing in corpus/ does


@pytest.fixture(scope="session")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An index of documents whose titles, headings and text hold script, event handlers and
    javascript: links (as Markdown, plain text and HTML)."""
    from copdocs.ingest import ingest

    folder = tmp_path_factory.mktemp("hostile-docs")
    (folder / "hostile.md").write_text(
        f"---\ntitle: '<script>window.__pwned=1</script> {HOSTILE_WORD} md'\n---\n\n"
        f"# <img src=x onerror=\"window.__pwned=1\"> 第一節\n\n{HOSTILE_WORD}：{HOSTILE_MARKUP}\n\n"
        f"# 第二節 {HOSTILE_WORD}\n\n<mark>not a match</mark> </mark> {HOSTILE_WORD}\n",
        encoding="utf-8",
    )
    (folder / "hostile.txt").write_text(
        f"{HOSTILE_WORD} <script>window.__pwned=1</script>\n\n1.1 {HOSTILE_WORD}\n"
        f"{HOSTILE_MARKUP}\n依據 FCCC/SBSTA/2007/L.19 辦理。\n",
        encoding="utf-8",
    )
    (folder / "hostile.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<title>{HOSTILE_WORD} html</title><script>window.__pwned=1</script></head><body>"
        f"<h1>{HOSTILE_WORD} <img src=x onerror=\"window.__pwned=1\"></h1>"
        f"<p>&lt;script&gt;window.__pwned=1&lt;/script&gt; {HOSTILE_WORD} "
        "<a href=\"javascript:window.__pwned=1\">link</a> "
        "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;</p>"
        "<p onclick=\"window.__pwned=1\">FCCC/SBSTA/2007/L.19</p></body></html>",
        encoding="utf-8",
    )
    index_dir = tmp_path_factory.mktemp("hostile-index")
    summary = ingest(index_dir, [folder])
    assert summary.failed == 0 and summary.added == 3
    return index_dir
