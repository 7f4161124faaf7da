"""Expanding the paths a user gives into the files to ingest.

A folder may hold a ``.copdocsignore`` file: one glob pattern per line (``#`` starts a comment);
files and subfolders of that folder whose names match are not ingested.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator
from pathlib import Path

from pipeline.readers import reader_for


def expand_paths(paths: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """(file, None) for each file to ingest, or (path, reason) for a path that cannot be used.

    Folders are walked recursively in sorted order; symbolic links are not followed (a link given
    directly on the command line is). Files of unsupported types inside folders are skipped
    silently; named explicitly, they are reported.
    """
    for path in paths:
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield (path, None)
        elif path.is_symlink():
            yield (path, "broken symbolic link")
        else:
            yield (path, "no such file or directory")


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=errors.append):
        ignored = _ignore_patterns(Path(root))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _matches(d, ignored))
        for name in sorted(files):
            file = Path(root) / name
            if name.startswith(".") or file.is_symlink() or _matches(name, ignored):
                continue
            if reader_for(file) is not None:
                yield (file, None)
    for error in errors:
        yield (Path(error.filename or folder), error.strerror or "cannot be read")


IGNORE_FILE = ".copdocsignore"


def _ignore_patterns(folder: Path) -> list[str]:
    try:
        lines = (folder / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _matches(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)
