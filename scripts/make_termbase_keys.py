"""Regenerate pipeline/data/termbase_keys.tsv, the lookup table of pipeline/data/termbase.tsv.

Run it after editing the termbase (tests/test_termbase.py fails while the table is stale).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.termbase import FILE, KEYS_FILE, build_keys, parse  # noqa: E402

DATA = ROOT / "pipeline" / "data"


def main() -> int:
    concepts = parse((DATA / FILE).read_text(encoding="utf-8"))
    (DATA / KEYS_FILE).write_text(build_keys(concepts), encoding="utf-8")
    print(f"wrote {DATA / KEYS_FILE} ({len(concepts)} concepts)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
