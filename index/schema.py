"""The whoosh schema: one record per section, plus one per document (the ingest ledger).

Document records (``kind`` = "doc") hold what batch ingestion needs to decide what changed — source
path, content hash, doc id — and commit atomically with the sections they describe.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from index.analysis import SequenceFormat, bigram_analyzer, words_analyzer

SCHEMA_VERSION = 10
HEADING_BOOST = 3.0


def build_schema() -> Schema:
    return Schema(
        kind=ID(stored=True),
        section_id=ID(stored=True, unique=True),
        doc_id=ID(stored=True, sortable=True),
        number=STORED,
        heading=STORED,
        level=STORED,
        parent_id=STORED,
        order=STORED,
        text=STORED,
        path=STORED,
        page_breaks=STORED,  # JSON [[offset, page], …] for paged sources (PDF)
        # cross-references: every symbol cited (once per mention), their families' roots, the
        # mentions themselves (JSON), and the decision a section is
        symbols=KEYWORD(lowercase=False, scorable=True),
        drafts_of=KEYWORD(lowercase=False),  # adopted numbers of drafts cited by title
        symbol_roots=KEYWORD(lowercase=False),
        refs=STORED,
        self_symbol=ID(stored=True),
        # document-level, stored on every record so hits need no second lookup
        title=STORED,
        source=STORED,
        format=STORED,
        date=STORED,
        year=ID(stored=True),
        doc_symbol=ID(stored=True),
        sha256=ID(stored=True),
        sections=STORED,
        size=STORED,
        mtime=STORED,
        # searchable text
        words=_sequence(words_analyzer()),
        bi=_sequence(bigram_analyzer()),
        h_words=_sequence(words_analyzer(), HEADING_BOOST),
        h_bi=_sequence(bigram_analyzer(), HEADING_BOOST),
    )


def _sequence(analyzer, boost: float = 1.0) -> TEXT:
    """A searchable text field with positions (for phrases), fed by a sequence tokenizer."""
    field = TEXT(analyzer=analyzer, phrase=True, field_boost=boost)
    field.format = SequenceFormat(field_boost=boost)
    return field
