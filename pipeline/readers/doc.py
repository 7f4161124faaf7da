"""Legacy Word (.doc, Word 97–2003; also RTF): converted to .docx by LibreOffice, then read by the
.docx reader, so headings, tables and footnotes come out as they do from a .docx.

Each conversion runs ``soffice --headless`` in a private temporary directory holding its own
LibreOffice profile (``-env:UserInstallation``), its input and its output: the user's own
LibreOffice profile is never touched, and several workers convert side by side without
handing their files to one another's LibreOffice. A conversion that runs over
``DOC_CONVERSION_SECONDS`` is stopped by killing its whole process group.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from copdocs.errors import ReadError
from pipeline.limits import DOC_CONVERSION_SECONDS
from pipeline.model import ParsedFile
from pipeline.readers.docx import DocxReader

INSTALL_HINT = (
    "legacy Word .doc needs LibreOffice: install the libreoffice-writer package "
    "(Debian/Ubuntu: apt-get install libreoffice-writer-nogui)"
)
_PROGRAMS = ("soffice", "libreoffice")
_STDERR_KEPT = 4096


def find_soffice() -> str | None:
    """The LibreOffice program on PATH, or None."""
    for name in _PROGRAMS:
        if found := shutil.which(name):
            return found
    return None


class DocReader:
    format = "doc"

    def read(self, data: bytes, name: str) -> ParsedFile:
        if not data.strip():
            raise ReadError("empty file")
        converted = convert_to_docx(data)
        parsed = DocxReader().read(converted, name)
        parsed.format = self.format
        return parsed


def convert_to_docx(data: bytes, timeout: float = DOC_CONVERSION_SECONDS) -> bytes:
    """The .docx LibreOffice makes of a .doc (or RTF) file's bytes; ReadError if it cannot."""
    soffice = find_soffice()
    if soffice is None:
        raise ReadError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="copdocs-doc-") as work:
        root = Path(work)
        source = root / "in" / "document.doc"
        source.parent.mkdir()
        source.write_bytes(data)
        out = root / "out"
        command = [
            soffice,
            f"-env:UserInstallation={(root / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
            "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
            "--outdir", str(out), str(source),
        ]  # fmt: skip
        stderr = _run(command, timeout, cwd=root)
        result = out / "document.docx"
        if not result.is_file():
            detail = _last_line(stderr)
            raise ReadError(
                "LibreOffice could not convert it (not a Word document, damaged, or "
                f"password-protected{'; ' + detail if detail else ''})"
            )
        return result.read_bytes()


def _run(command: list[str], timeout: float, cwd: Path) -> str:
    """Run a conversion in its own process group; kill the group on timeout or interruption."""
    env = {**os.environ, "HOME": str(cwd)}  # anything LibreOffice writes under HOME stays here
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ReadError(
            f"refused: LibreOffice took over {timeout:g} s to convert it (time limit)"
        ) from None
    except BaseException:
        _kill_group(process)
        raise
    return stderr[-_STDERR_KEPT:].decode("utf-8", errors="replace")


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def _last_line(stderr: str) -> str:
    lines = [
        line.strip()
        for line in stderr.splitlines()
        if line.strip() and "javaldx" not in line and not line.startswith("convert ")
    ]
    return lines[-1][:160] if lines else ""
