"""PDF ingest throughput: the real PDFs of ../shared/testdata/pdf plus the seed report's PDF.

Figures per run, all on the same files: in one process, extraction alone (pdfium and the layout
analysis: file -> blocks), what pdfium itself spends of it (loading each page and its text, as
the reader must before reading anything), and indexing: the rest of the pipeline (sections,
normalization, segmentation, analysis into postings) and writing the postings into a fresh index
and committing it; then a whole ``copdocs ingest`` of the files into a fresh index, whose speed
is what a user sees. In-process figures give wall and CPU
time (the machine is shared: CPU time is the steadier measure of cost). ``python
bench/pdf.py`` runs this part alone.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF_FOLDER = (ROOT.parent / "shared" / "testdata" / "pdf").resolve()
SEED_PDF = (ROOT.parent / "shared" / "seed" / "cop13-report.pdf").resolve()
MiB = 1 << 20


@dataclass
class Timing:
    wall: float = 0.0
    cpu: float = 0.0

    def add(self, started: tuple[float, float]) -> None:
        self.wall += time.perf_counter() - started[0]
        self.cpu += time.process_time() - started[1]


def _now() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


@dataclass
class FileFigures:
    name: str
    pages: int
    text_bytes: int
    extract_cpu: float
    pdfium_cpu: float
    index_cpu: float


@dataclass
class PdfFigures:
    files: int
    failed: int
    pages: int
    text_bytes: int  # UTF-8 bytes of the sections' text
    extract: Timing
    pdfium: Timing  # of extract: pdfium loading pages and their text
    index: Timing  # sectioning, normalization, segmentation, analysis, writing, commit
    per_file: list[FileFigures]
    ingest_seconds: float  # the whole CLI ingest, worker processes and writer included

    def rate(self, seconds: float) -> str:
        if seconds <= 0:
            return "n/a"
        return f"{self.pages / seconds:,.0f} pages/s, {self.text_bytes / MiB / seconds:.2f} MB/s"


def pdf_files() -> list[Path]:
    files = sorted(PDF_FOLDER.glob("*.pdf")) if PDF_FOLDER.is_dir() else []
    return files + ([SEED_PDF] if SEED_PDF.is_file() else [])


def measure(files: list[Path], copdocs: Path | None = None) -> PdfFigures | None:
    if not files:
        return None
    sys.path.insert(0, str(ROOT))
    import pypdfium2 as pdfium

    from copdocs.errors import ReadError
    from index.store import open_index
    from index.writer import IndexWriter
    from pipeline.annotate import annotate
    from pipeline.document import doc_id_for
    from pipeline.model import Document
    from pipeline.readers.pdf import PdfReader
    from pipeline.sectioning import build_sections
    from pipeline.segment import segmenter

    segmenter()  # loaded once, as the workers' fork server does
    reader = PdfReader()
    failed = 0
    extract, native, index = Timing(), Timing(), Timing()
    per_file = []
    with tempfile.TemporaryDirectory(prefix="copdocs-pdf-bench-") as work:
        ix = open_index(Path(work), create=True)
        writer = IndexWriter(ix)
        for path in files:
            data = path.read_bytes()
            file_extract, file_native, file_index = Timing(), Timing(), Timing()
            started = _now()
            try:
                parsed = reader.read(data, path.name)
            except ReadError:
                failed += 1
                continue
            file_extract.add(started)
            started = _now()
            sections = build_sections(parsed, doc_id_for(path))
            document = Document(doc_id_for(path), str(path), "pdf", parsed.title or path.stem,
                                "", sections, symbol=parsed.symbol)  # fmt: skip
            writer.replace(annotate(document))
            file_index.add(started)
            pages = _load_pages(pdfium, data, file_native)
            text = sum(len((s.heading + s.text).encode("utf-8")) for s in sections)
            per_file.append(FileFigures(path.name, pages, text, file_extract.cpu,
                                        file_native.cpu, file_index.cpu))  # fmt: skip
            for total, part in ((extract, file_extract), (native, file_native),
                                (index, file_index)):  # fmt: skip
                total.wall += part.wall
                total.cpu += part.cpu
        started = _now()
        writer.commit()
        index.add(started)
        ix.close()
    pages = sum(f.pages for f in per_file)
    text = sum(f.text_bytes for f in per_file)
    ingest = _ingest(files, copdocs)
    return PdfFigures(len(files), failed, pages, text, extract, native, index, per_file, ingest)


def _load_pages(pdfium, data: bytes, timing: Timing) -> int:
    """Load every page and its text layer, as the reader does first: pdfium's own share."""
    started = _now()
    document = pdfium.PdfDocument(data)
    count = len(document)
    for index in range(count):
        page = document[index]
        page.get_textpage().close()
        page.close()
    document.close()
    timing.add(started)
    return count


def _ingest(files: list[Path], copdocs: Path | None) -> float:
    executable = copdocs or Path(sys.executable).with_name("copdocs")
    work = Path(tempfile.mkdtemp(prefix="copdocs-pdf-bench-"))
    try:
        folder = work / "pdf"
        folder.mkdir()
        for path in files:
            shutil.copy(path, folder / path.name)
        started = time.perf_counter()
        subprocess.run([str(executable), "--index", str(work / "index"), "ingest", str(folder)],
                       capture_output=True, check=False)  # fmt: skip
        return time.perf_counter() - started
    finally:
        shutil.rmtree(work, ignore_errors=True)


def render(figures: PdfFigures | None) -> str:
    if figures is None:
        return "Not measured: ../shared/testdata/pdf is not present."

    def timed(timing: Timing) -> str:
        return f"{timing.wall:.2f} s (CPU {timing.cpu:.2f} s) · {figures.rate(timing.wall)}"

    share = figures.extract.cpu / max(figures.index.cpu, 1e-9)
    rows = [
        ("files (failed: refused with one line)", f"{figures.files} ({figures.failed})"),
        ("pages / text", f"{figures.pages:,} / {figures.text_bytes / MiB:.2f} MB"),
        ("extraction alone (pdfium + layout): wall (CPU) · throughput", timed(figures.extract)),
        ("… of which pdfium loading pages and their text", timed(figures.pdfium)),
        ("indexing alone (sections, segmentation, postings written and committed)",
         timed(figures.index)),
        ("extraction / indexing, CPU", f"{share:.2f}"),
        ("whole `copdocs ingest` (workers and writer)",
         f"{figures.ingest_seconds:.2f} s · {figures.rate(figures.ingest_seconds)}"),
    ]  # fmt: skip
    lines = ["| | |", "| --- | --- |", *(f"| {a} | {b} |" for a, b in rows)]
    files = ["| file | pages | text | extraction CPU | … pdfium | indexing CPU "
             "| extraction / indexing |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for item in figures.per_file:
        files.append(
            f"| {item.name} | {item.pages} | {item.text_bytes / 1024:,.0f} kB "
            f"| {item.extract_cpu:.2f} s | {item.pdfium_cpu:.2f} s | {item.index_cpu:.2f} s "
            f"| {item.extract_cpu / max(item.index_cpu, 1e-9):.1f} |"
        )
    return (
        "The real PDFs of `../shared/testdata/pdf` and the seed report's PDF, one process for "
        "the first rows (the same files, one after the other), then a whole ingest of them "
        "into a fresh index. pdfium's share is measured apart, loading the same pages again. "
        "Indexing is everything after extraction: sections, normalization, segmentation, "
        "analysis, and writing the postings, committed once at the end (the per-file figures "
        "leave that commit out).\n\n"
        + "\n".join(lines)
        + "\n\nPer file (CPU seconds, one process):\n\n"
        + "\n".join(files)
    )


if __name__ == "__main__":
    print(render(measure(pdf_files())))
