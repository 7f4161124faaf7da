"""Where the tracebacks of internal errors (copdocs' own bugs) are kept for a bug report.

They are appended to ``errors.log`` in the index directory (or, when that cannot be written, in
the user cache directory); ``COPDOCS_DEBUG=1`` also prints them on stderr.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

LOG_NAME = "errors.log"
MAX_LOG_BYTES = 1 << 20  # an older log this large is started afresh


def debugging() -> bool:
    return os.environ.get("COPDOCS_DEBUG", "") not in ("", "0")


def keep_traceback(index_dir: Path | None, what: str, traceback_text: str) -> Path | None:
    """Append ``traceback_text`` (about ``what``) to the error log; its path, or None."""
    entry = f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {what}\n{traceback_text.rstrip()}\n"
    if debugging():
        sys.stderr.write(entry)
    for folder in _candidates(index_dir):
        log = folder / LOG_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if log.exists() and log.stat().st_size > MAX_LOG_BYTES:
                log.unlink()
            with open(log, "a", encoding="utf-8", errors="replace") as file:
                file.write(entry)
            return log
        except OSError:
            continue
    return None


def _candidates(index_dir: Path | None) -> list[Path]:
    folders = [index_dir] if index_dir is not None and index_dir.is_dir() else []
    try:
        from platformdirs import user_cache_dir

        folders.append(Path(user_cache_dir("copdocs", appauthor=False)))
    except ImportError:
        pass
    return folders
