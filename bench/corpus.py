"""The benchmark corpus: the shared English test data plus a Chinese set built from the source
report, and the ground truth of the query set over it."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from bench.queries import Query, matches, squeeze
from pipeline.normalize import fold

ROOT = Path(__file__).resolve().parents[1]
TESTDATA = (ROOT.parent / "shared" / "testdata").resolve()
SEED = ROOT.parent / "shared" / "seed" / "000_f974444aaec813c5.txt"

# Chapter (第3章), numbered section (3.13) and abstract (摘要) headings of the source report.
_HEADING = re.compile(r"^\s*(摘\s*要|第\d+章|\d+\.\d+)")
KEEP_SECTION = 0.8
KEEP_PARAGRAPH = 0.8


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute and resolved, as copdocs reports it
    script: str  # "en" or "zh"
    size: int


@dataclass
class Corpus:
    files: list[SourceFile]

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)

    def script(self, script: str) -> list[SourceFile]:
        return [f for f in self.files if f.script == script]

    def every(self, step: int) -> Corpus:
        """Every ``step``-th file of each script: a slice with the same mix of scripts."""
        if step <= 1:
            return self
        return Corpus([f for s in ("en", "zh") for f in self.script(s)[::step]])

    def describe(self) -> str:
        parts = []
        for script, label in (("en", "English"), ("zh", "Chinese")):
            files = self.script(script)
            if files:
                mb = sum(f.size for f in files) / 1e6
                parts.append(f"{len(files)} {label} files ({mb:.1f} MB)")
        return " + ".join(parts)


def english_files(testdata: Path = TESTDATA) -> list[Path]:
    """Every .md and .txt file in the folders of the shared test data (not its own README)."""
    return sorted(
        p for p in testdata.rglob("*")
        if p.is_file() and p.suffix in (".md", ".txt") and p.parent != testdata
    )


def build_chinese(out: Path, count: int, seed: Path = SEED) -> list[Path]:
    """Write ``count`` Traditional Chinese reports: the source report itself, then synthetic ones.

    Each synthetic report keeps the source's order but only some of its sections, and only some
    paragraphs of each kept section; the choice is seeded by the report's number, so the set is
    the same on every run and every machine.
    """
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.txt"):
        stale.unlink()
    text = seed.read_text(encoding="utf-8")
    chunks = _chunks(text.splitlines())
    paths = [out / "000.txt"]
    paths[0].write_text(text, encoding="utf-8")
    for number in range(1, count):
        rng = random.Random(number)
        lines = [f"COP13/MOP3 與會報告（彙編第{number:03d}號）", ""]
        for heading, body in chunks:
            if heading is not None and rng.random() > KEEP_SECTION:
                continue
            kept = [line for line in body if line.strip() and rng.random() <= KEEP_PARAGRAPH]
            if heading is not None:
                lines.append(heading)
            lines.extend(kept or body[:1])
        path = out / f"{number:03d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def _chunks(lines: list[str]) -> list[tuple[str | None, list[str]]]:
    chunks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in lines:
        if _HEADING.match(line):
            chunks.append((line, []))
        else:
            chunks[-1][1].append(line)
    return [c for c in chunks if c[0] is not None or c[1]]


def build(work: Path, zh_count: int, english_step: int = 1) -> Corpus:
    english = english_files()[::english_step]
    chinese = build_chinese(work / "zh", zh_count)
    files = [SourceFile(p.resolve(), "en", p.stat().st_size) for p in english]
    files += [SourceFile(p.resolve(), "zh", p.stat().st_size) for p in chinese]
    return Corpus(files)


def read_lines(path: Path) -> list[str]:
    """The file's lines as every peer sees them (UTF-8, undecodable bytes replaced)."""
    return read_text(path).split("\n")


def read_text(path: Path) -> str:
    # No newline translation: a lone CR must not start a line that grep would not count.
    return path.read_bytes().decode("utf-8", errors="replace")


@dataclass
class Truth:
    """Per query (by position in the query list): the matching units and their files."""

    units: list[set[tuple[str, int]]] = field(default_factory=list)

    def files(self, i: int, within: set[str] | None = None) -> set[str]:
        found = {path for path, _ in self.units[i]}
        return found if within is None else found & within


def ground_truth(corpus: Corpus, queries: tuple[Query, ...]) -> Truth:
    needles = [q.needles for q in queries]
    words = [[w for n in ns for w in n.split()] for ns in needles]
    truth = Truth([set() for _ in queries])
    for source in corpus.files:
        folded = fold(read_text(source.path))
        lines: list[str] | None = None
        for i, ns in enumerate(needles):
            if not all(w in folded for w in words[i]):
                continue
            if lines is None:
                lines = [squeeze(line) for line in folded.split("\n")]
            key = str(source.path)
            truth.units[i].update(
                (key, n) for n, line in enumerate(lines, start=1) if matches(line, ns)
            )
    return truth
