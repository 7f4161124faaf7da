"""The index writer: postings analysed in bulk and written by copdocs' own segment writer must be
exactly what whoosh's own writer makes of the same records, so every reader and query works."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import CORPUS, REPORT_TXT
from whoosh import index as whoosh_index
from whoosh.writing import SegmentWriter

from index.analysis import SequenceFormat, bigram_analyzer, encode_positions, words_analyzer
from index.records import document_record, section_record
from index.schema import build_schema
from index.segment_writer import GroupingSegmentWriter
from pipeline.annotate import annotate
from pipeline.document import parse_file

SEQUENCE_FIELDS = ("words", "bi", "h_words", "h_bi")


def _records(paths: list[Path]) -> list[dict]:
    records = []
    for path in paths:
        annotated = annotate(parse_file(path))
        records.append(document_record(annotated, 0, 0.0))
        records += [section_record(annotated, item) for item in annotated.sections]
    return records


def _build(directory: Path, writer_class, batches: list[list[dict]]) -> None:
    directory.mkdir()
    ix = whoosh_index.create_in(str(directory), build_schema())
    for batch in batches:
        writer = writer_class(ix, compound=False)
        for record in batch:
            writer.add_document(**record)
        writer.commit()


def _contents(directory: Path) -> tuple[list, list]:
    """Every posting (by section id, with positions) and every record's stored fields and lengths,
    independent of document numbering and segment layout."""
    with whoosh_index.open_dir(str(directory)).reader() as reader:
        section_of = {
            docnum: fields["section_id"] for docnum, fields in reader.iter_docs()
        }
        postings = []
        for fieldname, term in reader.all_terms():
            matcher = reader.postings(fieldname, term)
            found = []
            while matcher.is_active():
                positions = (
                    matcher.value_as("positions") if fieldname in SEQUENCE_FIELDS else None
                )
                found.append((section_of[matcher.id()], round(matcher.weight(), 4), positions))
                matcher.next()
            postings.append((fieldname, term, sorted(found)))
        lengths = sorted(
            (
                section_of[docnum],
                sorted(fields.items(), key=repr),
                # a field a record lacks reads as None, or as 0 once whoosh has merged it
                [reader.doc_field_length(docnum, f) or 0 for f in (*SEQUENCE_FIELDS, "symbols")],
            )
            for docnum, fields in reader.iter_docs()
        )
    return sorted(postings), lengths


@pytest.fixture(scope="module")
def records() -> list[dict]:
    paths = [REPORT_TXT, *sorted((CORPUS / "enb").glob("*.md"))[:3]]
    paths.append(next((CORPUS / "unfccc").glob("cp2014_20*")))
    return _records(paths)


@pytest.mark.slow  # every posting of two whole indexes compared
def test_grouping_writer_writes_what_whoosh_writes(tmp_path: Path, records: list[dict]) -> None:
    _build(tmp_path / "whoosh", SegmentWriter, [records])
    _build(tmp_path / "copdocs", GroupingSegmentWriter, [records])
    expected = _contents(tmp_path / "whoosh")
    assert expected[0] and expected[1]
    assert _contents(tmp_path / "copdocs") == expected


@pytest.mark.slow  # every posting of two whole indexes compared
def test_merging_segments_keeps_every_posting(tmp_path: Path, records: list[dict]) -> None:
    # Many small commits make whoosh merge the small segments into the writer's new one, which
    # feeds their postings back through the writer one at a time.
    # English and Chinese, a few dozen records: enough for a dozen commits and their merges.
    records = records[:16] + [r for r in records if r["doc_id"].startswith("enb")]
    batches = [records[i : i + 8] for i in range(0, len(records), 8)]
    _build(tmp_path / "one", GroupingSegmentWriter, [records])
    _build(tmp_path / "many", GroupingSegmentWriter, batches)
    with whoosh_index.open_dir(str(tmp_path / "many")).reader() as reader:
        segments = len(list(reader.leaf_readers()))
    assert segments < len(batches)  # merged
    assert _contents(tmp_path / "many") == _contents(tmp_path / "one")


@pytest.mark.parametrize(
    ("fieldname", "analyzer"), [("words", words_analyzer()), ("bi", bigram_analyzer())]
)
def test_bulk_postings_equal_whooshs_word_values(fieldname, analyzer, records) -> None:
    fmt = SequenceFormat(field_boost=3.0)
    for record in records[:200]:
        value = record.get(fieldname)
        if not value:
            continue
        terms, weights, values, length = fmt.record_postings(value, analyzer)
        bulk = sorted(zip(terms, weights, values, strict=True))
        generic = sorted((t, w, v) for t, _, w, v in fmt.word_values(value, analyzer))
        assert bulk == generic
        assert length == sum(len(fmt.decode_positions(v)) for v in values)


def test_positions_beyond_two_bytes_round_trip() -> None:
    fmt = SequenceFormat()
    for positions in ([0], [7, 300], [65535], [65536], [3, 70000, 1_000_000]):
        encoded = encode_positions(positions)
        assert fmt.decode_positions(encoded) == positions
        assert fmt.decode_frequency(encoded) == len(positions)
    words = " ".join(["filler"] * 70_000 + ["needle"])
    terms, _, values, _ = fmt.record_postings(words, words_analyzer())
    decoded = dict(zip(terms, map(fmt.decode_positions, values), strict=True))
    assert decoded["needle"] == [70_000]
    assert decoded["filler"][-1] == 69_999


@pytest.mark.slow
def test_importing_the_index_skips_what_search_never_uses() -> None:
    import subprocess

    code = (
        "import sys, index.search; "
        "print(sorted(m for m in ('urllib.request', 'whoosh.lang.morph_en', 'importlib.resources')"
        " if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    # and the stand-ins are gone: whoosh's morphology still works when asked for
    from whoosh.query.terms import variations

    assert {"run", "running", "ran"} <= set(variations("run"))


@pytest.mark.parametrize(
    ("fieldname", "words"),
    [
        ("words", ["adaptation", "fund"]),
        ("words", ["conference", "of", "the", "parties"]),
        ("words", ["of", "the"]),
        ("words", ["the", "the"]),
        ("bi", ["京都", "都議", "議定", "定書"]),
        ("bi", ["締約", "約國"]),
        ("words", ["adaptation", "nonexistentword"]),
    ],
)
def test_exact_phrase_matches_what_whooshs_phrase_matches(corpus_index: Path, fieldname, words):
    from whoosh import query as q

    from index.phrase import ExactPhrase
    from pipeline.normalize import fold

    words = [fold(w) for w in words]
    with whoosh_index.open_dir(str(corpus_index)).searcher() as searcher:
        expected = searcher.search(q.Phrase(fieldname, words), limit=None)
        found = searcher.search(ExactPhrase(fieldname, words), limit=None)
        assert [(h.docnum, round(h.score, 6)) for h in found] == [
            (h.docnum, round(h.score, 6)) for h in expected
        ]
        if words[-1] != "nonexistentword" and words != ["the", "the"]:
            assert len(expected) > 0
