"""A whoosh segment writer that groups postings by term as documents arrive.

Whoosh's own writer pushes every posting through a general external sort, then asks the new
segment's length column for each posting's document length and writes posting lists through a
per-posting object interface. Profiling an ingest showed that machinery taking most of the
indexing time. This writer keeps each field's postings in a dictionary of term → (document
numbers, weights, values) — already in document order, since documents are numbered as they are
added — sorts only the terms at commit, and writes the posting blocks in bulk, byte for byte in
whoosh's own format (``whoosh.codec.whoosh3``), so the readers and every query work unchanged.

Postings are held in memory until the commit; ingestion commits in bounded batches.
"""

from __future__ import annotations

import zlib
from array import array
from dataclasses import dataclass
from pickle import dumps

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3TermInfo, _lenfield
from whoosh.fields import UnknownFieldError
from whoosh.system import pack_int, pack_long, pack_ushort
from whoosh.writing import SegmentWriter

BLOCK_POSTINGS = 128  # postings per block, as whoosh's codec writes them
# Whoosh pickles blocks with protocol 2, which stores each bytes value through a codecs call:
# ten times slower to write and to read back than protocol 3, and larger. Readers take either.
PICKLE_PROTOCOL = 3
COMPRESSION_LEVEL = 3
COMPRESSION_WINDOW_BITS = 12  # blocks are small; a smaller window halves zlib's set-up cost
COMPRESS_FROM_BYTES = 64  # smaller blocks gain nothing from zlib but its header
_TERMINFO = W3TermInfo._struct
_NO_LENGTH = 0


class _Postings:
    """One term's postings in document order."""

    __slots__ = ("ids", "weights", "values")

    def __init__(self) -> None:
        self.ids = array("I")
        self.weights = array("f")
        self.values: list[bytes] = []


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
    """A field's postings across records: term → ([records], [weights], [values])."""

    __slots__ = ("terms",)

    def __init__(self) -> None:
        self.terms: dict[str | bytes, tuple[list[int], list[float], list[bytes]]] = {}

    def add(self, record: int, term: str | bytes, weight: float, value: bytes) -> None:
        entry = self.terms.get(term)
        if entry is None:
            self.terms[term] = ([record], [weight], [value])
        else:
            entry[0].append(record)
            entry[1].append(weight)
            entry[2].append(value)

    def flat(self) -> FieldPostings:
        terms = self.terms
        records = array("I")
        weights = array("f")
        values: list[bytes] = []
        counts = array("I")
        for entry in terms.values():
            counts.append(len(entry[0]))
            records.extend(entry[0])
            weights.extend(entry[1])
            values.extend(entry[2])
        keys = [term.encode() if isinstance(term, str) else term for term in terms]
        return FieldPostings(keys, counts, records, weights, values)


def analyse_records(schema, records: list[dict]) -> AnalysedRecords:
    """Analyse records (field name → value) the way ``add_document`` would, without a writer."""
    rows: list[RecordRow] = []
    collectors: dict[str, _FieldCollector] = {}
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
                length = _collect(field, value, number, collector)
                if not field.scorable:
                    length = 0
            column = field.to_column_value(value) if field.column_type else None
            row.append((fieldname, value if field.stored else None, length, column))
        rows.append(row)
    return AnalysedRecords(rows, {name: c.flat() for name, c in collectors.items()})


def _collect(field, value, record: int, collector: _FieldCollector) -> int:
    """Add one value's postings to the collector; its length (the number of tokens)."""
    grouped = getattr(field.format, "grouped_values", None)
    if grouped is not None:
        return grouped(value, field.analyzer, record, collector.terms)
    length = 0
    for tbytes, freq, weight, vbytes in field.index(value):
        collector.add(record, tbytes, weight, vbytes or b"")
        length += freq
    return length


class PostingTable:
    """Stands in for whoosh's posting pool: field → term bytes → postings."""

    def __init__(self) -> None:
        self.fields: dict[str, dict[bytes, _Postings]] = {}
        self.fieldnames: set[str] = set()

    def terms(self, fieldname: str) -> dict[bytes, _Postings]:
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
            self.fieldnames.add(fieldname)
        return terms

    def add(self, item: tuple) -> None:
        """Whoosh's pool interface, used when the writer merges older segments into this one."""
        fieldname, tbytes, docnum, weight, vbytes = item
        terms = self.terms(fieldname)
        postings = terms.get(tbytes)
        if postings is None:
            postings = terms[tbytes] = _Postings()
        postings.ids.append(docnum)
        postings.weights.append(weight)
        postings.values.append(vbytes or b"")

    def extend(self, analysed: AnalysedRecords, first_docnum: int) -> None:
        for fieldname, flat in analysed.postings.items():
            terms = self.terms(fieldname)
            records, weights, values = flat.records, flat.weights, flat.values
            start = 0
            for tbytes, count in zip(flat.terms, flat.counts, strict=True):
                postings = terms.get(tbytes)
                if postings is None:
                    postings = terms[tbytes] = _Postings()
                stop = start + count
                postings.ids.extend([first_docnum + n for n in records[start:stop]])
                postings.weights.extend(weights[start:stop])
                postings.values.extend(values[start:stop])
                start = stop

    def cleanup(self) -> None:
        self.fields.clear()


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
            for fieldname in sorted(self.pool.fields):
                field = self.schema[fieldname]
                fieldwriter.start_field(fieldname, field)
                _write_field(
                    fieldwriter,
                    self.pool.fields[fieldname],
                    field.format.fixed_value_size(),
                    _length_bytes(lengths, fieldname),
                )
                fieldwriter.finish_field()
            fieldwriter.close()
        finally:
            lengths.close()

    def _close_segment(self) -> None:
        super()._close_segment()
        self.pool.cleanup()


def _length_bytes(lengths, fieldname: str) -> bytes | None:
    """Every document's length byte for a field (0: none), or None for an unscored field."""
    reader = lengths._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if reader is None:
        return None
    return bytes(reader[docnum] for docnum in range(lengths.doc_count_all()))


def _write_field(fieldwriter, terms: dict[bytes, _Postings], value_size, lengths) -> None:
    postfile = fieldwriter._postfile
    tindex_add = fieldwriter._tindex.add
    prefix = pack_ushort(fieldwriter._fieldid)
    offset = postfile.tell()
    pending: list[bytes] = []  # posting bytes not yet written
    for tbytes in sorted(terms):
        postings = terms[tbytes]
        ids, weights, values = postings.ids, postings.weights, postings.values
        count = len(ids)
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


def _encode_block(  # noqa: PLR0913 - one block's parts
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
