"""``make bench``: python bench/run.py [--quick] [--only copdocs,naive,sqlite,rg] [--help]."""

import sys
from pathlib import Path


def _main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from bench.main import main

    return main()


if __name__ == "__main__":
    sys.exit(_main())
