"""The facts about the machine and the checkout that a benchmark figure needs beside it."""

from __future__ import annotations

import hashlib
import os
import platform
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path


def facts(root: Path, rg: str | None) -> dict[str, str]:
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(root),
        "cpu": f"{_cpu_model()}, {len(os.sched_getaffinity(0))} cores usable",
        "cores": str(len(os.sched_getaffinity(0))),
        "memory": _memory(),
        "load": load(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": ", ".join(
            [f"copdocs {_version('copdocs')}", f"whoosh-reloaded {_version('whoosh-reloaded')}",
             f"jieba {_version('jieba')}", f"SQLite {sqlite3.sqlite_version}",
             _rg_version(rg)]
        ),
        "executable": sys.executable,
    }


def _commit(root: Path) -> str:
    def git(*args: str) -> str:
        try:
            done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        except OSError:
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " + uncommitted changes"
    return commit


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


def _rg_version(rg: str | None) -> str:
    if rg is None:
        return "ripgrep absent"
    out = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0] if out else "ripgrep ?"


def code_fingerprint(root: Path) -> str:
    """A hash of copdocs' own code and data: tells whether it changed while the bench ran."""
    digest = hashlib.sha256()
    for package in ("copdocs", "pipeline", "index"):
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
