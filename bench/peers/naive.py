"""The naive stack: whoosh + jieba's ChineseAnalyzer, one paragraph per document."""

from __future__ import annotations

import sys
from pathlib import Path

from bench.measure import tree_bytes
from bench.peers import Found, Peer
from bench.queries import Query

SCRIPT = Path(__file__).with_name("naive_script.py")


class Naive(Peer):
    name = "naive"
    label = "whoosh+jieba (naive)"
    # Every run loads jieba's dictionary (1–3 s): one run per query is enough to see that.
    reps_divisor = 1000

    def ingest_command(self, index: Path, files: list[Path], listfile: Path) -> list[str]:
        return [sys.executable, str(SCRIPT), "ingest", str(index), str(listfile)]

    def search_pipeline(
        self, index: Path, files: list[Path], query: Query, limit: int
    ) -> list[list[str]]:
        return [[sys.executable, str(SCRIPT), "search", str(index), query.text, str(limit)]]

    def parse_output(self, stdout: str) -> Found:
        units = {(p, int(n)) for p, n, *_ in (ln.split("\t") for ln in stdout.splitlines() if ln)}
        return Found({p for p, _ in units}, units)

    def session(self, index: Path) -> _Session:
        return _Session(index)

    def index_size(self, index: Path) -> int:
        return tree_bytes(index)


class _Session:
    def __init__(self, index: Path) -> None:
        import jieba
        from whoosh import index as whoosh_index
        from whoosh.qparser import QueryParser

        jieba.setLogLevel(60)  # its "Building prefix dict" chatter
        ix = whoosh_index.open_dir(str(index))
        self._searcher = ix.searcher()
        self._parser = QueryParser("content", ix.schema)

    def search(self, query: Query, limit: int | None) -> Found:
        hits = self._searcher.search(self._parser.parse(query.text), limit=limit)
        units = set()
        for hit in hits:
            units.add((hit["path"], hit["line"]))
            if limit is not None:
                hit.highlights("content")  # what the script shows, so the same work is timed
        return Found({p for p, _ in units}, units)

    def close(self) -> None:
        self._searcher.close()
