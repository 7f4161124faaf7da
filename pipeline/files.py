"""Expanding the paths a user gives into the files to ingest.

A folder may hold a ``.copdocsignore`` file: one glob pattern per line (``#`` starts a comment);
files and subfolders of that folder whose names match are not ingested.

Whether a file is of a type copdocs reads is not decided here but when it is opened (its
content may say more than its name): see ``copdocs.ingest_plan``.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from collections.abc import Iterator
from pathlib import Path


def expand_paths(paths: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """(file, None) for each file to ingest, or (path, reason) for a path that cannot be used.

    Folders are walked recursively in sorted order. Symbolic links inside folders are not
    followed (so a link cannot loop or bring in a file twice); a link given directly on the
    command line is. Hidden files and folders, the owner files Word leaves beside an open
    document (``~$report.docx``) and names matched by ``.copdocsignore`` are left out silently.
    """
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as exc:
            yield (path, path_problem(path, exc))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        else:
            yield (path, None)


def path_problem(path: Path, exc: OSError) -> str:
    """A one-line reason why ``path`` cannot be opened or listed."""
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(exc, FileNotFoundError):
        return "broken symbolic link" if _is_link(path) else "no such file or directory"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "file name too long"
    return (exc.strerror or str(exc)).lower()


def _is_link(path: Path) -> bool:
    try:
        return path.is_symlink()
    except OSError:
        return False


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, followlinks=False, onerror=errors.append):
        ignored = _ignore_patterns(Path(root))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _matches(d, ignored))
        for name in sorted(files):
            file = Path(root) / name
            if name.startswith((".", "~$")) or _is_link(file) or _matches(name, ignored):
                continue
            yield (file, None)
    for error in errors:
        where = Path(error.filename) if error.filename else folder
        yield (where, path_problem(where, error))


IGNORE_FILE = ".copdocsignore"


def _ignore_patterns(folder: Path) -> list[str]:
    try:
        lines = (folder / IGNORE_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _matches(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)
