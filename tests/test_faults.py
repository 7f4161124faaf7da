"""The fault points crash tests use: COPDOCS_FAULT names a point (and a count), the process dies
there with SIGKILL, and without the variable the points do nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from copdocs import faults

PROBE = """
from copdocs import faults
for n in range(1, 4):
    faults.reached("elsewhere")
    faults.reached("here")
    print(n, flush=True)
"""


def probe(spec: str | None) -> tuple[int, list[str]]:
    env = {k: v for k, v in os.environ.items() if k != faults.ENV_VAR}
    if spec is not None:
        env[faults.ENV_VAR] = spec
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env=env, timeout=60)  # fmt: skip
    return done.returncode, done.stdout.split()


def test_points_count_only_when_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(faults, "_point", None)
    monkeypatch.setattr(faults, "_seen", 0)
    faults.reached("after-commit")  # nothing named: nothing counted
    assert faults._seen == 0
    monkeypatch.setattr(faults, "_point", "after-commit")
    monkeypatch.setattr(faults, "_at", 2)
    faults.reached("batch-written")
    assert faults._seen == 0
    faults.reached("after-commit")  # the first of two: not yet
    assert faults._seen == 1


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [("after-commit", ("after-commit", 1)), ("after-commit:3", ("after-commit", 3)),
     (" toc-written:1 ", ("toc-written", 1)), ("", (None, 1)), ("x:notanumber", (None, 1)),
     ("x:0", ("x", 1))],
)  # fmt: skip
def test_spec(spec: str, parsed: tuple) -> None:
    assert faults._parse(spec) == parsed


@pytest.mark.slow
@pytest.mark.parametrize(
    ("spec", "returncode", "printed"),
    [(None, 0, ["1", "2", "3"]), ("here", -signal.SIGKILL, []),
     ("here:2", -signal.SIGKILL, ["1"]), ("here:3", -signal.SIGKILL, ["1", "2"]),
     ("nowhere", 0, ["1", "2", "3"])],
)  # fmt: skip
def test_the_process_is_killed_at_the_named_point(spec, returncode: int, printed: list[str]):
    assert probe(spec) == (returncode, printed)
