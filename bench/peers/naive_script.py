"""The stack a user would assemble from copdocs' own parts: whoosh + jieba's bundled
ChineseAnalyzer, one paragraph (non-blank line) per document, no folding.

    python naive_script.py ingest INDEX_DIR LIST_FILE
    python naive_script.py search INDEX_DIR QUERY LIMIT
"""

from __future__ import annotations

import sys
from pathlib import Path

from jieba.analyse import ChineseAnalyzer
from whoosh import index
from whoosh.fields import ID, NUMERIC, TEXT, Schema
from whoosh.qparser import QueryParser


def ingest(directory: str, listfile: str) -> None:
    schema = Schema(
        path=ID(stored=True),
        line=NUMERIC(stored=True),
        content=TEXT(stored=True, analyzer=ChineseAnalyzer()),
    )
    Path(directory).mkdir(parents=True, exist_ok=True)
    writer = index.create_in(directory, schema).writer()
    for name in Path(listfile).read_text(encoding="utf-8").splitlines():
        text = Path(name).read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.split("\n"), start=1):
            if line.strip():
                writer.add_document(path=name, line=number, content=line)
    writer.commit()


def search(directory: str, query: str, limit: int) -> None:
    ix = index.open_dir(directory)
    with ix.searcher() as searcher:
        parsed = QueryParser("content", ix.schema).parse(query)
        for hit in searcher.search(parsed, limit=limit):
            print(hit["path"], hit["line"], hit.highlights("content"), sep="\t")


if __name__ == "__main__":
    if sys.argv[1] == "ingest":
        ingest(sys.argv[2], sys.argv[3])
    else:
        search(sys.argv[2], sys.argv[3], int(sys.argv[4]))
