"""The data files shipped in ``pipeline/data``.

Read by plain path: importing importlib.resources (tempfile, zipfile, ...) would add about a
fifteenth to the start-up of every `copdocs search`.
"""

from __future__ import annotations

import os

DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def read_data(name: str) -> str:
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        return handle.read()
