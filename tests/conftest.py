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
    summary = ingest(index_dir, [CORPUS])
    assert summary.failed == 0
    return index_dir
