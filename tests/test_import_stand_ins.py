"""The start-up stand-ins used while whoosh is imported leave nothing behind, and whoosh behaves
as with its real imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys, tempfile, pathlib
import index.search
left = [n for n in ("cached_property", "urllib.request", "whoosh.lang.morph_en", "asyncio")
        if n in sys.modules]
import cached_property
from whoosh import compat
from whoosh.lang import morph_en
source = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
source.write_text("copied")
target = source.with_name("b.txt")
compat.urlretrieve(source.as_uri(), str(target))
print(json.dumps({
    "left": left,
    "threaded": hasattr(cached_property, "threaded_cached_property"),
    "retrieved": target.read_text(),
    "variations": sorted(morph_en.variations("negotiate")),
}))
"""


def probe(plain: bool) -> dict:
    env = {**os.environ, "COPDOCS_PLAIN_IMPORTS": "1" if plain else "0"}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                         cwd=ROOT, env=env, check=True)
    return json.loads(out.stdout)


@pytest.mark.slow
def test_stand_ins_leave_no_module_behind_and_keep_whoosh_behaviour() -> None:
    with_stand_ins, plain = probe(plain=False), probe(plain=True)
    assert with_stand_ins["left"] == []
    assert {"cached_property", "urllib.request"} <= set(plain["left"])
    for result in (with_stand_ins, plain):
        assert result["threaded"]  # the real cached_property package, for anyone else
        assert result["retrieved"] == "copied"  # whoosh.compat.urlretrieve is the real one
    assert with_stand_ins["variations"] == plain["variations"]
    assert "negotiated" in with_stand_ins["variations"]
