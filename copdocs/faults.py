"""Named points an ingest passes, where a test can have the process killed.

``COPDOCS_FAULT=POINT`` (or ``POINT:N``, the Nth time this process reaches it) makes the process
kill itself with SIGKILL at that point, so crash tests interrupt an ingest at the moment they mean
to rather than after a guessed delay. The variable is read once, when this module is imported;
unset, ``reached`` returns at once.

The points, in the order an ingest passes them:

- ``lock-acquired``: the ingest holds the index's ingest lock, nothing is written yet;
- ``index-creating``: a new index's first table of contents is written, its marker not yet;
- ``index-opened``: the index exists and is open, its ledger not yet read;
- ``file-analysed``: a file is read and analysed (in a worker process with several jobs), its
  result not yet handed to the writer;
- ``batch-written``: a batch's changes are written, their commit not yet started;
- ``segment-flushed``: inside a commit, the new segment's files are written, the table of
  contents that makes them visible not yet;
- ``toc-written``: inside a commit, the new table of contents is written, old segment files not
  yet cleaned up and the write lock not yet released;
- ``after-commit``: a batch is committed, its results not yet reported.
"""

from __future__ import annotations

import os
import signal

ENV_VAR = "COPDOCS_FAULT"


def _parse(spec: str) -> tuple[str | None, int]:
    point, _, count = spec.strip().partition(":")
    try:
        return (point or None), max(1, int(count)) if count else 1
    except ValueError:
        return None, 1


_point, _at = _parse(os.environ.get(ENV_VAR, ""))
_seen = 0


def reached(point: str) -> None:
    """Kill this process with SIGKILL if ``COPDOCS_FAULT`` names ``point`` and this is the
    count it gives (default: the first time)."""
    global _seen
    if _point is None or point != _point:
        return
    _seen += 1
    if _seen == _at:
        os.kill(os.getpid(), signal.SIGKILL)
