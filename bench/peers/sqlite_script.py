"""The embedded alternative: SQLite FTS5 with the trigram tokenizer (standard library sqlite3),
one paragraph (non-blank line) per row, no folding.

    python sqlite_script.py ingest DB_FILE LIST_FILE
    python sqlite_script.py search DB_FILE MATCH_EXPRESSION LIMIT
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

CREATE = (
    "CREATE VIRTUAL TABLE paragraphs USING fts5(path UNINDEXED, line UNINDEXED, body, "
    "tokenize='trigram')"
)
SEARCH = (
    "SELECT path, line, snippet(paragraphs, 2, '[', ']', '…', 12) FROM paragraphs "
    "WHERE paragraphs MATCH ? ORDER BY rank LIMIT ?"
)


def ingest(db: str, listfile: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute(CREATE)
    for name in Path(listfile).read_text(encoding="utf-8").splitlines():
        text = Path(name).read_bytes().decode("utf-8", errors="replace")
        rows = [(name, n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
        conn.executemany("INSERT INTO paragraphs VALUES (?, ?, ?)", rows)
    conn.commit()
    conn.close()


def search(db: str, match: str, limit: int) -> None:
    conn = sqlite3.connect(db)
    for path, line, snippet in conn.execute(SEARCH, (match, limit)):
        print(path, line, snippet.replace("\n", " "), sep="\t")


if __name__ == "__main__":
    if sys.argv[1] == "ingest":
        ingest(sys.argv[2], sys.argv[3])
    else:
        search(sys.argv[2], sys.argv[3], int(sys.argv[4]))
