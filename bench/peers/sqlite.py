"""SQLite FTS5 with the trigram tokenizer: the embedded alternative."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from bench.peers import Found, Peer
from bench.queries import Query

SCRIPT = Path(__file__).with_name("sqlite_script.py")
DB = "paragraphs.db"


def match_expression(query: Query) -> str:
    """FTS5 syntax: each term a quoted string (a substring for trigram), terms ANDed."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in query.terms)


class Sqlite(Peer):
    name = "sqlite"
    label = "SQLite FTS5 trigram"

    def unavailable(self) -> str | None:
        try:
            conn = sqlite3.connect(":memory:")
            conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
        except sqlite3.Error as exc:
            return f"this sqlite3 ({sqlite3.sqlite_version}) has no FTS5 trigram: {exc}"
        return None

    def ingest_command(self, index: Path, files: list[Path], listfile: Path) -> list[str]:
        index.mkdir(parents=True, exist_ok=True)
        return [sys.executable, str(SCRIPT), "ingest", str(index / DB), str(listfile)]

    def search_pipeline(
        self, index: Path, files: list[Path], query: Query, limit: int
    ) -> list[list[str]]:
        return [[sys.executable, str(SCRIPT), "search", str(index / DB),
                 match_expression(query), str(limit)]]

    def parse_output(self, stdout: str) -> Found:
        units = {(p, int(n)) for p, n, *_ in (ln.split("\t") for ln in stdout.splitlines() if ln)}
        return Found({p for p, _ in units}, units)

    def session(self, index: Path) -> _Session:
        return _Session(index / DB)

    def index_size(self, index: Path) -> int:
        return (index / DB).stat().st_size

    def cannot_match(self, query: Query) -> str | None:
        if min(len(term) for term in query.terms) < 3:
            return "trigram cannot match terms under 3 characters"
        return None


class _Session:
    def __init__(self, db: Path) -> None:
        from bench.peers.sqlite_script import SEARCH

        self._conn = sqlite3.connect(db)
        self._search = SEARCH

    def search(self, query: Query, limit: int | None) -> Found:
        match = match_expression(query)
        if limit is None:
            rows = self._conn.execute(
                "SELECT path, line FROM paragraphs WHERE paragraphs MATCH ?", (match,)
            ).fetchall()
        else:
            rows = self._conn.execute(self._search, (match, limit)).fetchall()
        units = {(path, int(line)) for path, line, *_ in rows}
        return Found({p for p, _ in units}, units)

    def close(self) -> None:
        self._conn.close()
