"""A whoosh segment writer fed with postings analysed elsewhere (in ingest worker processes).

Whoosh's own writer analyses every field itself, pushes every posting through a general external
sort, asks the new segment's length column for each posting's document length and writes posting
lists through a per-posting object interface. Profiling an ingest showed that machinery taking
most of the indexing time. Here ``analyse_records`` turns a document's records into postings
grouped by term (``AnalysedRecords``, cheap to pickle), the writer keeps each document's as a
sorted run, merges the runs with one stable sort at commit and writes the posting blocks in bulk,
byte for byte in whoosh's own layout (``whoosh.codec.whoosh3``), so the readers and every query
work unchanged.

Postings are held in memory until the commit; ingestion commits in bounded batches.
"""

from __future__ import annotations

import zlib
from array import array
from collections import Counter
from dataclasses import dataclass
from itertools import chain, repeat
from pickle import dumps

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield
from whoosh.fields import UnknownFieldError
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.writing import SegmentWriter

from copdocs import faults

BLOCK_POSTINGS = 128  # postings per block, as whoosh's codec writes them
# Whoosh pickles blocks with protocol 2, which stores each bytes value through a codecs call:
# ten times slower to write and to read back than protocol 3, and larger. Readers take either.
PICKLE_PROTOCOL = 3
COMPRESSION_LEVEL = 3
COMPRESSION_WINDOW_BITS = 12  # blocks are small; a smaller window halves zlib's set-up cost
COMPRESS_FROM_BYTES = 256  # zlib's set-up costs more than it saves on smaller blocks
_TERMINFO = W3TermInfo._struct
_NO_LENGTH = 0


# A record's per-document entries: (field name, stored value or None, length, column value or None)
RecordRow = list[tuple[str, object, int, object]]


@dataclass(slots=True)
class FieldPostings:
    """One field's postings for a run of records, flat: few objects, cheap to pickle.

    Term ``terms[i]`` has ``counts[i]`` postings; they follow each other in ``records`` (record
    numbers from 0), ``weights`` and ``values``.
    """

    terms: list[bytes]
    counts: array
    records: array
    weights: array
    values: list[bytes]


@dataclass(slots=True)
class AnalysedRecords:
    """Records analysed for the writer, ready to append: what worker processes hand over."""

    rows: list[RecordRow]
    postings: dict[str, FieldPostings]


class _FieldCollector:
    """A field's postings across records, in the order they come; grouped by term in ``flat``."""

    __slots__ = ("terms", "records", "weights", "values")

    def __init__(self) -> None:
        self.terms: list[str | bytes] = []
        self.records = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []

    def add(self, record: int, term: str | bytes, weight: float, value: bytes) -> None:
        self.terms.append(term)
        self.records.append(record)
        self.weights.append(weight)
        self.values.append(value)

    def add_record(self, record: int, terms, weights, values: list[bytes]) -> None:
        """One record's postings, one per distinct term."""
        self.terms.extend(terms)
        self.records.extend(repeat(record, len(values)))
        self.weights.extend(weights)
        self.values.extend(values)

    def flat(self) -> FieldPostings:
        # Bulk operations only: a stable sort by term keeps each term's records in order.
        terms = self.terms
        order = sorted(range(len(terms)), key=terms.__getitem__)
        per_term = Counter(terms)
        keys = sorted(per_term)
        return FieldPostings(
            [key.encode() if isinstance(key, str) else key for key in keys],
            array("I", map(per_term.__getitem__, keys)),
            array("I", map(self.records.__getitem__, order)),
            array("f", map(self.weights.__getitem__, order)),
            list(map(self.values.__getitem__, order)),
        )


def analyse_records(schema, records: list[dict]) -> AnalysedRecords:
    """Analyse records (field name → value) the way ``add_document`` would, without a writer."""
    rows: list[RecordRow] = []
    collectors: dict[str, _FieldCollector] = {}
    repeated: dict[tuple[str, str], list[tuple]] = {}  # a document's ids recur in every record
    for number, fields in enumerate(records):
        names = sorted(name for name, value in fields.items() if value is not None)
        unknown = [name for name in names if name not in schema]
        if unknown:
            raise UnknownFieldError(f"no field named {unknown[0]!r} in the schema")
        row: RecordRow = []
        for fieldname in names:
            value = fields[fieldname]
            field = schema[fieldname]
            length = 0
            if field.indexed:
                collector = collectors.get(fieldname)
                if collector is None:
                    collector = collectors[fieldname] = _FieldCollector()
                length = _collect(fieldname, field, value, number, collector, repeated)
                if not field.scorable:
                    length = 0
            column = field.to_column_value(value) if field.column_type else None
            stored = value if field.stored else None
            if stored is not None or length or column is not None:  # else nothing to write
                row.append((fieldname, stored, length, column))
        rows.append(row)
    return AnalysedRecords(rows, {name: c.flat() for name, c in collectors.items()})


def _collect(
    fieldname: str, field, value, record: int, collector: _FieldCollector, repeated: dict
) -> int:
    """Add one value's postings to the collector; its length (the number of tokens)."""
    bulk = getattr(field.format, "record_postings", None)
    if bulk is not None:
        terms, weights, values, length = bulk(value, field.analyzer)
        collector.add_record(record, terms, weights, values)
        return length
    key = (fieldname, value)
    postings = repeated.get(key) if isinstance(value, str) else None
    if postings is None:
        postings = list(field.index(value))
        if isinstance(value, str):
            repeated[key] = postings
    length = 0
    for tbytes, freq, weight, vbytes in postings:
        collector.add(record, tbytes, weight, vbytes or b"")
        length += freq
    return length


class PostingTable:
    """Stands in for whoosh's posting pool: each field's postings as runs, merged at commit.

    A run is one document's ``FieldPostings`` (sorted by term) and its first document number;
    postings whoosh adds one at a time (merging older segments) form a last run.
    """

    def __init__(self) -> None:
        self.runs: dict[str, list[tuple[FieldPostings, int]]] = {}
        self.added: dict[str, _FieldCollector] = {}
        self.fieldnames: set[str] = set()

    def add(self, item: tuple) -> None:
        """Whoosh's pool interface, used when the writer merges older segments into this one."""
        fieldname, tbytes, docnum, weight, vbytes = item
        collector = self.added.get(fieldname)
        if collector is None:
            collector = self.added[fieldname] = _FieldCollector()
            self.fieldnames.add(fieldname)
        collector.add(docnum, tbytes, weight, vbytes or b"")

    def extend(self, analysed: AnalysedRecords, first_docnum: int) -> None:
        for fieldname, flat in analysed.postings.items():
            self.runs.setdefault(fieldname, []).append((flat, first_docnum))
            self.fieldnames.add(fieldname)

    def merged(self, fieldname: str) -> FieldPostings:
        """The field's postings, grouped by term in term order, each term's in document order.

        One stable sort of the runs laid end to end: each run is sorted already, so the sort
        only merges them, and the runs are in document order, so each term's postings stay so.
        """
        runs = self.runs.pop(fieldname, [])
        if fieldname in self.added:
            runs.append((self.added.pop(fieldname).flat(), 0))
        if len(runs) == 1 and runs[0][1] == 0:
            return runs[0][0]
        term_of_posting: list[bytes] = []
        ids = array("I")
        weights = array("f")
        values: list[bytes] = []
        for flat, first_docnum in runs:
            term_of_posting += chain.from_iterable(map(repeat, flat.terms, flat.counts))
            ids.extend(map(first_docnum.__add__, flat.records) if first_docnum else flat.records)
            weights.extend(flat.weights)
            values += flat.values
        runs.clear()
        order = sorted(range(len(term_of_posting)), key=term_of_posting.__getitem__)
        per_term = Counter(term_of_posting)
        keys = sorted(per_term)
        return FieldPostings(
            keys,
            array("I", map(per_term.__getitem__, keys)),
            array("I", map(ids.__getitem__, order)),
            array("f", map(weights.__getitem__, order)),
            list(map(values.__getitem__, order)),
        )

    def cleanup(self) -> None:
        self.runs.clear()
        self.added.clear()


class GroupingSegmentWriter(SegmentWriter):
    """``SegmentWriter`` with postings grouped by term in memory (see the module docstring)."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool = PostingTable()
        unsupported = [
            name for name, field in self.schema.items()
            if field.vector or field.separate_spelling()
        ]  # fmt: skip
        if unsupported:
            raise ValueError(f"fields with vectors or spelling are not supported: {unsupported}")

    def add_document(self, **fields) -> None:
        self.add_analysed(
            analyse_records(self.schema, [{k: v for k, v in fields.items() if k[0] != "_"}])
        )

    def add_analysed(self, analysed: AnalysedRecords) -> None:
        """Append records analysed by ``analyse_records`` with the same schema."""
        self._check_state()
        schema = self.schema
        perdocwriter = self.perdocwriter
        first = docnum = self.docnum
        for row in analysed.rows:
            perdocwriter.start_doc(docnum)
            for fieldname, stored, length, column_value in row:
                field = schema[fieldname]
                perdocwriter.add_field(fieldname, field, stored, length)
                if column_value is not None:
                    perdocwriter.add_column_value(fieldname, field.column_type, column_value)
            perdocwriter.finish_doc()
            docnum += 1
        self.pool.extend(analysed, first)
        self.docnum = docnum
        self._added = True

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()
        try:
            fieldwriter = self.fieldwriter
            for fieldname in sorted(self.pool.fieldnames):
                field = self.schema[fieldname]
                fieldwriter.start_field(fieldname, field)
                _write_field(
                    fieldwriter,
                    self.pool.merged(fieldname),
                    field.format.fixed_value_size(),
                    _length_bytes(lengths, fieldname),
                )
                fieldwriter.finish_field()
            fieldwriter.close()
        finally:
            lengths.close()
        faults.reached("segment-flushed")

    def _close_segment(self) -> None:
        super()._close_segment()
        self.pool.cleanup()

    def _commit_toc(self, segments) -> None:
        super()._commit_toc(segments)
        faults.reached("toc-written")


def _length_bytes(lengths, fieldname: str) -> bytes | None:
    """Every document's length byte for a field (0: none), or None for an unscored field."""
    reader = lengths._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if reader is None:
        return None
    return bytes(reader[docnum] for docnum in range(lengths.doc_count_all()))


def _write_field(fieldwriter, postings: FieldPostings, value_size, lengths) -> None:
    postfile = fieldwriter._postfile
    tindex_add = fieldwriter._tindex.add
    prefix = pack_ushort(fieldwriter._fieldid)
    offset = postfile.tell()
    pending: list[bytes] = []  # posting bytes not yet written
    all_ids, all_weights, all_values = postings.records, postings.weights, postings.values
    stop = 0
    for tbytes, count in zip(postings.terms, postings.counts, strict=True):
        start, stop = stop, stop + count
        ids, weights, values = all_ids[start:stop], all_weights[start:stop], all_values[start:stop]
        parts = [WHOOSH3_HEADER_MAGIC]
        min_length = max_length = _NO_LENGTH
        for first in range(0, count, BLOCK_POSTINGS):
            last = min(first + BLOCK_POSTINGS, count)
            block_ids = ids[first:last]
            block_min, block_max = _block_lengths(block_ids, lengths)
            if block_min and (not min_length or block_min < min_length):
                min_length = block_min
            max_length = max(max_length, block_max)
            _encode_block(
                parts,
                block_ids,
                weights[first:last],
                values[first:last],
                value_size,
                block_min,
                block_max,
                last == count,
            )
        encoded = b"".join(parts)
        terminfo = _TERMINFO.pack(
            False, sum(weights), count, min_length, max_length, max(weights), ids[0], ids[-1]
        )
        tindex_add(prefix + tbytes, terminfo + pack_long(offset) + pack_int(len(encoded)))
        offset += len(encoded)
        pending.append(encoded)
        if len(pending) >= 1024:
            postfile.write(b"".join(pending))
            pending.clear()
    postfile.write(b"".join(pending))


def _block_lengths(ids: array, lengths: bytes | None) -> tuple[int, int]:
    """The smallest non-zero and the largest length byte of a block's documents."""
    if lengths is None:
        return _NO_LENGTH, _NO_LENGTH
    if len(ids) == 1:
        found = lengths[ids[0]]
        return found, found
    found = [lengths[docnum] for docnum in ids]
    nonzero = [b for b in found if b]
    return (min(nonzero) if nonzero else _NO_LENGTH), max(found)


def _encode_block(
    parts: list[bytes],
    ids: array,
    weights: array,
    values: list[bytes],
    value_size,
    min_length: int,
    max_length: int,
    is_last: bool,
) -> None:
    """Append a block as whoosh's W3 codec lays it out: signed size, info, data."""
    if len(ids) == 1:
        deltas: tuple = (ids[0],)
    else:
        deltas = (ids[0], *[b - a for a, b in zip(ids, ids[1:], strict=False)])
    data = dumps(
        (deltas, _mini_weights(weights), _mini_values(values, value_size)), PICKLE_PROTOCOL
    )
    compression = COMPRESSION_LEVEL if len(data) >= COMPRESS_FROM_BYTES else 0
    if compression:
        data = zlib.compress(data, compression, COMPRESSION_WINDOW_BITS)
    info = dumps(
        (len(ids), ids[-1], max(weights), compression, min_length, max_length), PICKLE_PROTOCOL
    )
    size = len(info) + len(data)
    parts += (pack_int(-size if is_last else size), info, data)


def _mini_weights(weights: array):
    first = weights[0]
    if weights.count(first) == len(weights):
        return None if first == 1.0 else first
    return tuple(weights)


def _mini_values(values: list[bytes], value_size):
    if value_size is None or value_size < 0:
        return tuple(values)
    if value_size == 0:
        return None
    return b"".join(values)
