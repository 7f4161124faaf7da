"""Deciding what an ingest has to do: which files are new, changed, unchanged, moved or gone.

Every file found is hashed (SHA-256 of its bytes) and compared with the ledger, so a file whose
modification time changed but whose content did not is not annotated again.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from copdocs.errors import ReadError
from copdocs.results import FileResult
from index.catalog import documents
from index.records import DocumentRecord
from pipeline.files import expand_paths, path_problem
from pipeline.limits import open_regular_file

_MISSING = ("no such file or directory", "broken symbolic link")
KEPT = "the version indexed earlier is kept"


class Ledger:
    """What the index holds, by source path and by content hash: its document records."""

    def __init__(self, entries: list[DocumentRecord]) -> None:
        self.by_source = {e.source: e for e in entries}
        self._by_sha256: dict[str, list[DocumentRecord]] = {}
        for entry in entries:
            self._by_sha256.setdefault(entry.sha256, []).append(entry)

    def __len__(self) -> int:
        return len(self.by_source)

    def get(self, source: str) -> DocumentRecord | None:
        return self.by_source.get(source)

    def with_content(self, sha256: str) -> list[DocumentRecord]:
        return self._by_sha256.get(sha256, [])


def read_ledger(ix) -> Ledger:
    """The ledger of an open index, as of its last commit."""
    with ix.searcher() as searcher:
        return Ledger(documents(searcher))


@dataclass
class Change:
    """A file to analyse and write: new, or changed since it was indexed."""

    path: Path  # as found
    absolute: str  # absolute but not resolved: the name (a link's own) picks the reader
    source: str  # resolved: what the ledger and the doc id go by
    size: int
    sha256: str
    format: str  # what the file is read as (see pipeline.readers)
    previous: DocumentRecord | None  # the document indexed earlier from this source
    moved_from: DocumentRecord | None = None  # a gone file's document with the same content


@dataclass
class Plan:
    changes: list[Change] = field(default_factory=list)
    unchanged: list[FileResult] = field(default_factory=list)
    failed: list[FileResult] = field(default_factory=list)
    skipped: list[FileResult] = field(default_factory=list)  # of a type copdocs does not read
    removals: list[DocumentRecord] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (
            len(self.changes) + len(self.unchanged) + len(self.failed) + len(self.skipped)
            + len(self.removals)
        )  # fmt: skip


def plan_ingest(paths: list[Path], ledger: Ledger, prune: bool = False) -> Plan:
    plan = Plan()
    seen: set[str] = set()
    for path, problem in expand_paths(paths):
        if problem is not None:
            gone = ledger.get(os.path.realpath(path)) if problem in _MISSING else None
            if prune and gone is not None and gone.source not in seen:
                seen.add(gone.source)
                plan.removals.append(gone)
            else:
                plan.failed.append(FileResult(_shown(path), "failed", error=problem))
            continue
        source = os.path.realpath(path)
        if source in seen:
            continue  # the same file reached twice (overlapping arguments, a link)
        seen.add(source)
        _scan_file(path, source, ledger, plan)
    _pair_moves(plan, ledger, seen)
    if prune:
        _prune(plan, ledger, paths, seen)
    return plan


def _scan_file(path: Path, source: str, ledger: Ledger, plan: Plan) -> None:
    previous = ledger.get(source)
    try:
        source.encode("utf-8")
        size, sha256, fmt = _digest(path)
    except (ReadError, OSError, UnicodeEncodeError) as exc:
        if isinstance(exc, UnicodeEncodeError):
            reason = "refused: the file name is not valid UTF-8 (rename the file)"
        else:
            reason = str(exc) if isinstance(exc, ReadError) else path_problem(path, exc)
        if previous is not None:
            reason = f"{reason}; {KEPT}"
        doc_id = previous.doc_id if previous else None
        plan.failed.append(FileResult(_shown(path), "failed", doc_id, error=reason))
        return
    if fmt is None:
        reason = f"unsupported file type {unsupported_type(path)}"
        plan.skipped.append(FileResult(_shown(path), "skipped", reason=reason))
        return
    if previous is not None and previous.sha256 == sha256:
        result = FileResult(_shown(path), "unchanged", previous.doc_id, previous.sections)
        plan.unchanged.append(result)
        return
    absolute = os.path.abspath(path)
    plan.changes.append(Change(path, absolute, source, size, sha256, fmt, previous))


def unsupported_type(path: str | Path) -> str:
    """How a skipped file's type is named: its extension, or "(no extension)"."""
    return Path(path).suffix.lower() or "(no extension)"


def _digest(path: Path) -> tuple[int, str, str | None]:
    """Size, SHA-256 and format of a file; a file of no supported format is not hashed."""
    with open_regular_file(path) as (file, info, fmt):
        if fmt is None:
            return info.st_size, "", None
        return info.st_size, hashlib.file_digest(file, "sha256").hexdigest(), fmt


def _pair_moves(plan: Plan, ledger: Ledger, seen: set[str]) -> None:
    """A new file with the content of a document whose file is gone takes that document's place."""
    claimed: set[str] = set()
    for change in plan.changes:
        if change.previous is not None:
            continue
        for entry in ledger.with_content(change.sha256):
            if entry.source in seen or entry.source in claimed or os.path.exists(entry.source):
                continue
            change.moved_from = entry
            claimed.add(entry.source)
            seen.add(entry.source)
            break


def _prune(plan: Plan, ledger: Ledger, paths: list[Path], seen: set[str]) -> None:
    """Documents from the folders given whose files are gone."""
    roots = [os.path.realpath(p) for p in paths if os.path.isdir(p)]
    prefixes = tuple(root.rstrip(os.sep) + os.sep for root in roots)
    for source, entry in sorted(ledger.by_source.items()):
        if source in seen or not source.startswith(prefixes):
            continue
        if not os.path.exists(source):
            plan.removals.append(entry)


def _shown(path: Path) -> str:
    """The path for display: undecodable bytes in a file name shown as replacement characters."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = os.fsencode(text).decode("utf-8", errors="replace")
    return text
