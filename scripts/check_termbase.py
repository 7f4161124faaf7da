"""Count every form of the termbase in real documents: how its forms were checked.

    .venv/bin/python scripts/check_termbase.py            # forms found nowhere, per concept
    .venv/bin/python scripts/check_termbase.py --all      # every form with its counts
    .venv/bin/python scripts/check_termbase.py --concept adaptation-fund

Sources: the delegation report (corpus/reports), and when ../shared/testdata is present the
Earth Negotiations Bulletin issues, the UNFCCC documents, and the Chinese PDFs (read with
`pdftotext`): Taiwan's net-zero pathway (tw), the PRC's INDC, white paper, adaptation strategy
and the Jiangxi plan (prc). Chinese forms are counted as substrings of the folded text (every
whitespace removed, as PDF extraction breaks lines inside words), English ones as runs of whole
words; counts are of occurrences.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.normalize import fold, has_han  # noqa: E402
from pipeline.segment import TOKEN_RE  # noqa: E402
from pipeline.termbase import concepts, key  # noqa: E402

TESTDATA = ROOT.parent / "shared" / "testdata"


def _texts(paths: list[Path]) -> str:
    parts = []
    for path in paths:
        if path.suffix == ".pdf":
            if shutil.which("pdftotext") is None:
                continue
            done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                  capture_output=True, text=True)
            parts.append(done.stdout)
        else:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return fold("\n".join(parts))


def corpora() -> dict[str, tuple[str, str]]:
    """Each source's folded text, as (Chinese: without whitespace, English: " token token ")."""
    sources = {"report": [ROOT / "corpus" / "reports" / "cop13-report.txt"]}
    if TESTDATA.is_dir():
        pdf = TESTDATA / "pdf"
        sources["tw"] = sorted(pdf.glob("tw_*.pdf"))
        sources["prc"] = sorted(pdf.glob("cn_*.pdf")) + sorted(pdf.glob("indc_china*.pdf"))
        sources["enb"] = sorted((TESTDATA / "enb").glob("*.md"))
        sources["unfccc"] = sorted(p for p in (TESTDATA / "unfccc").rglob("*") if p.is_file())
    found = {}
    for name, paths in sources.items():
        text = _texts(paths)
        found[name] = ("".join(text.split()), f" {' '.join(TOKEN_RE.findall(text))} ")
    return found


def count(form: str, texts: tuple[str, str]) -> int:
    found = key(form)
    han, words = texts
    if has_han(found):
        return han.count(found)
    return words.count(f" {found} ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="every form, not only unattested")
    parser.add_argument("--concept", help="one concept's forms")
    args = parser.parse_args()
    texts = corpora()
    unattested = 0
    total = 0
    for concept in concepts():
        if args.concept and concept.id != args.concept:
            continue
        rows = []
        for form in (*concept.en, *concept.abbr, *concept.zh_tw, *concept.zh_cn):
            counts = {name: count(form, t) for name, t in texts.items()}
            total += 1
            if not any(counts.values()):
                unattested += 1
            if args.all or args.concept or not any(counts.values()):
                shown = " ".join(f"{k}={v}" for k, v in counts.items() if v) or "-"
                rows.append(f"  {form}\t{shown}")
        if rows:
            print(concept.id)
            print("\n".join(rows))
    print(f"{unattested} of {total} forms found in none of: {', '.join(texts)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
