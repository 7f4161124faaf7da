"""Regenerate pipeline/data/t2s_chars.tsv from OpenCC's t2s conversion, one character at a time.

Folding is done per character (not per phrase) so that any substring of a text folds exactly as the
same characters do inside the text: the property literal search depends on.
"""

from __future__ import annotations

import sys
from pathlib import Path

import opencc

HAN_RANGES = [(0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x2FA20)]
TABLE = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "t2s_chars.tsv"


def build_table() -> dict[str, str]:
    converter = opencc.OpenCC("t2s")
    table: dict[str, str] = {}
    for low, high in HAN_RANGES:
        for code in range(low, high):
            char = chr(code)
            folded = converter.convert(char)
            if folded != char and len(folded) == 1:
                table[char] = folded
    return table


def main() -> int:
    table = build_table()
    lines = [f"{k}\t{v}" for k, v in sorted(table.items())]
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(table)} characters to {TABLE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
