"""Where the index lives and how it is opened."""

from __future__ import annotations

import json
import os
from pathlib import Path

from index.errors import IndexUnavailable
from index.schema import SCHEMA_VERSION, build_schema

ENV_VAR = "COPDOCS_INDEX"
MARKER_FILE = "copdocs.json"


def default_index_dir() -> Path:
    """``$COPDOCS_INDEX``, else the user data directory (XDG on Linux)."""
    if env := os.environ.get(ENV_VAR):
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("copdocs", appauthor=False)) / "index"


def exists(directory: Path) -> bool:
    return (directory / MARKER_FILE).is_file()


def open_index(directory: Path, create: bool = False):
    """Open (or, with ``create``, make) the index in ``directory``."""
    from whoosh import index as whoosh_index

    marker = directory / MARKER_FILE
    if not marker.is_file():
        if not create:
            raise IndexUnavailable(
                f"no copdocs index at {directory} (run 'copdocs ingest PATH' first)"
            )
        if directory.exists() and any(directory.iterdir()):
            raise IndexUnavailable(f"{directory} is not empty and is not a copdocs index")
        directory.mkdir(parents=True, exist_ok=True)
        whoosh_index.create_in(str(directory), build_schema())
        staged = marker.with_name(marker.name + ".tmp")
        staged.write_text(json.dumps({"schema": SCHEMA_VERSION}), encoding="utf-8")
        os.replace(staged, marker)  # the marker appears whole or not at all
    try:
        version = json.loads(marker.read_text(encoding="utf-8")).get("schema")
    except (OSError, ValueError) as exc:
        raise IndexUnavailable(f"unreadable index marker {marker}: {exc}") from exc
    if version != SCHEMA_VERSION:
        raise IndexUnavailable(
            f"the index at {directory} was built by another copdocs version; "
            "delete it and ingest again"
        )
    try:
        return whoosh_index.open_dir(str(directory))
    except Exception as exc:  # whoosh raises several unrelated types for a damaged index
        raise IndexUnavailable(f"cannot open the index at {directory}: {exc}") from exc
