"""Hostile and awkward inputs, each built here: every one is ingested correctly or refused with one
line naming the file and the reason; the rest of the batch is always ingested; no local file
content reaches the index; memory stays bounded."""

from __future__ import annotations

import io
import json
import os
import random
import struct
import subprocess
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CORPUS, REPORT_DOCX, REPORT_TXT
from helpers import assert_consistent, cli_command, run_ingest, search, sections

GiB = 1 << 30
MEMORY_CEILING = 1536 * (1 << 20)  # the whole run: main process, workers, fork server
SECRET = "zqsecretvalue"  # in a local file that external entities point at
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" '
    b'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
CORE_RELATIONSHIP = (
    b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    b'metadata/core-properties" Target="docProps/core.xml"/></Relationships>'
)


# Builders: Word containers, honest and lying zips, entity tricks.


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def document_xml(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    ).encode()


def docx(document: bytes, core_properties: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        relationships = PACKAGE_RELS
        if core_properties:
            archive.writestr("docProps/core.xml", core_properties)
            relationships = relationships.replace(b"</Relationships>", CORE_RELATIONSHIP)
        archive.writestr("_rels/.rels", relationships)
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, deflated data, CRC, declared size), so sizes can lie."""
    body, central = bytearray(), bytearray()
    for name, data, crc, size in entries:
        encoded = name.encode()
        offset = len(body)
        body += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0
        )
        body += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
            len(encoded), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += encoded
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central),
                      len(body), 0)  # fmt: skip
    return bytes(body + central + end)


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def deflated_zeros(total: int) -> bytes:
    """A deflate stream of ``total`` zero bytes, built from one repeated block in no time."""
    chunk = 1 << 20
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(bytes(chunk)) + packer.flush(zlib.Z_FULL_FLUSH)
    return block * (total // chunk) + packer.flush()


def word_parts() -> list[tuple[str, bytes, int, int]]:
    return [
        (name, deflated(data), zlib.crc32(data), len(data))
        for name, data in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", PACKAGE_RELS))
    ]


def zip_bomb(inflated: int = 2 * GiB) -> bytes:
    """About 2 MB that honestly declares, and inflates to, 2 GB of document XML."""
    crc, zeros = 0, bytes(1 << 20)
    for _ in range(inflated >> 20):
        crc = zlib.crc32(zeros, crc)
    return raw_zip([*word_parts(), ("word/document.xml", deflated_zeros(inflated), crc, inflated)])


def lying_zip_bomb() -> bytes:
    """Declares 100 KB of document XML (with the matching CRC) but inflates to 2 GB."""
    declared = 100_000
    stream = deflated_zeros(2 * GiB)
    return raw_zip([*word_parts(), ("word/document.xml", stream, zlib.crc32(bytes(declared)),
                                     declared)])  # fmt: skip


def overlapping_zip_bomb() -> bytes:
    """300 entries sharing one 10 MB kernel: 3 GB declared from a few hundred KB."""
    kernel = bytes(10 << 20)
    entry = (deflated(kernel), zlib.crc32(kernel), len(kernel))
    return raw_zip([*word_parts(), *((f"word/media/image{i}.png", *entry) for i in range(300))])


def external_entity_doctype(root: str, secret: Path) -> str:
    return f'<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>'


def billion_laughs_doctype(root: str) -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return f"<!DOCTYPE {root} [{''.join(entities)}]>"


def big_xml_docx() -> bytes:
    """40 MB of genuine document XML: within the zip ratio limits, over the XML limit."""
    rng = random.Random(5)
    words = ["".join(rng.choices("abcdefghijklmnop", k=7)) for _ in range(3000)]
    body = "".join(paragraph(" ".join(rng.choices(words, k=12))) for _ in range(400_000))
    return docx(document_xml(body))


def deep_docx(depth: int) -> bytes:
    """Tables nested ``depth`` deep; random revision ids keep it under the compression limits."""
    rng = random.Random(6)
    opening = "".join(f'<w:tbl><w:tr w:rsidR="{rng.randrange(10**9)}"><w:tc>' for _ in range(depth))
    closing = "</w:tc></w:tr></w:tbl>" * depth
    return docx(document_xml(opening + paragraph("zqdeepcell") + closing))


def random_han(count: int, alphabet: int, seed: int) -> str:
    rng = random.Random(seed)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + alphabet)]
    return "".join(rng.choices(chars, k=count))


def one_line_of_words(size: int) -> bytes:
    rng = random.Random(11)
    words = ["".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9)))
             for _ in range(5000)]  # fmt: skip
    out = " ".join(rng.choices(words, k=size // 5)).encode()
    return out[:size]


# The cases: what each file is, and what must become of it.


@dataclass
class Case:
    name: str  # relative to the batch folder
    build: Callable[[Path], bytes]
    status: str  # "added", "failed", or "any" (ingested or refused, either is right)
    reason: str = ""  # in the error, for failures
    finds: str = ""  # a query that must find this file once ingested


def report_docx_corrupted(_: Path) -> bytes:
    data = bytearray(REPORT_DOCX.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle : middle + 64] = bytes(64)
    return bytes(data)


REPORT = REPORT_TXT.read_text(encoding="utf-8")
ENB = (CORPUS / "enb" / "enb12345e.md").read_text(encoding="utf-8")

CASES = [
    Case("good/enb issue.md", lambda _: ENB.encode(), "added", finds="\"Nairobi work programme\""),
    Case("good/COP 13 (巴里) 報告.txt", lambda _: REPORT.encode(), "added", finds="調適基金"),
    # zip bombs and entity tricks
    Case("bombs/zip-bomb.docx", lambda _: zip_bomb(), "failed", "2,048 MB"),
    Case("bombs/lying-zip-bomb.docx", lambda _: lying_zip_bomb(), "failed", "zip bomb"),
    Case("bombs/overlapping-zip-bomb.docx", lambda _: overlapping_zip_bomb(), "failed", "unpack"),
    Case("bombs/xml-40mb.docx", lambda _: big_xml_docx(), "failed", "document XML"),
    Case(
        "entities/xxe.docx",
        lambda d: docx(document_xml(paragraph("Visible &xxe; text"),
                                    external_entity_doctype("w:document", d / "secret.txt"))),
        "failed", "DTD",
    ),  # fmt: skip
    Case(
        "entities/xxe-in-title.docx",
        lambda d: docx(
            document_xml(paragraph("Body text")),
            core_properties=(
                '<?xml version="1.0"?>'
                + external_entity_doctype("cp:coreProperties", d / "secret.txt")
                + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                "<dc:title>&xxe;</dc:title></cp:coreProperties>"
            ).encode(),
        ),
        "failed", "DTD",
    ),  # fmt: skip
    Case(
        "entities/xxe-utf16.docx",
        lambda d: docx((
            '<?xml version="1.0" encoding="UTF-16"?>'
            + external_entity_doctype("w:document", d / "secret.txt")
            + f'<w:document xmlns:w="{W}"><w:body>{paragraph("v &xxe;")}</w:body></w:document>'
        ).encode("utf-16")),
        "failed", "DTD",
    ),  # fmt: skip
    Case(
        "entities/billion-laughs.docx",
        lambda _: docx(document_xml(paragraph("&lol9;"), billion_laughs_doctype("w:document"))),
        "failed", "DTD",
    ),  # fmt: skip
    Case(
        "entities/xxe.html",
        lambda d: (
            external_entity_doctype("html", d / "secret.txt")
            + "<html><body><h1>Entity page</h1><p>zqvisible &xxe; end</p></body></html>"
        ).encode(),
        "any", finds="zqvisible",
    ),  # fmt: skip
    Case(
        "entities/billion-laughs.html",
        lambda _: (
            billion_laughs_doctype("html") + "<html><body><p>zqlaughs &lol9;</p></body></html>"
        ).encode(),
        "any", finds="zqlaughs",
    ),  # fmt: skip
    # broken, empty, misnamed
    Case("broken/truncated.docx", lambda _: REPORT_DOCX.read_bytes()[:30000], "failed", "docx"),
    Case("broken/corrupt.docx", report_docx_corrupted, "failed", "docx"),
    Case("broken/random.docx", lambda _: random.Random(1).randbytes(5000), "failed", "docx"),
    Case("broken/legacy.docx", lambda _: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000),
         "failed", ".doc"),  # fmt: skip
    Case("broken/empty.txt", lambda _: b"", "failed", "empty file"),
    Case("broken/empty.md", lambda _: b"", "failed", "empty file"),
    Case("broken/empty.docx", lambda _: b"", "failed", "empty file"),
    Case("broken/empty.html", lambda _: b"", "failed", "empty file"),
    Case("broken/junk.txt", lambda _: random.Random(2).randbytes(20000), "failed", "binary"),
    Case("broken/nul.txt", lambda _: b"COP 13 text\x00" * 200, "failed", "NUL"),
    Case("broken/html-inside.docx",
         lambda _: b"<html><body><h1>Misnamed</h1><p>zqmisnamed page text</p></body></html>",
         "added", finds="zqmisnamed"),  # fmt: skip
    # encodings
    Case("encodings/bad-utf8.txt",
         lambda _: REPORT.encode()[:3000] + b"\xff\xfe\x80" + REPORT.encode()[3000:],
         "added", finds="調適基金"),  # fmt: skip
    Case("encodings/cp950.txt", lambda _: REPORT.encode("cp950", errors="replace"), "added",
         finds="調適基金"),  # fmt: skip
    Case("encodings/big5.md", lambda _: ("# 報告\n\n" + REPORT[:4000]).encode("big5", "replace"),
         "added", finds="聯合國氣候變化綱要公約"),  # fmt: skip
    # sizes and shapes
    Case("shapes/one-line-12mb.txt", lambda _: one_line_of_words(12 << 20), "failed",
         "characters"),  # fmt: skip
    Case("shapes/one-line-han-12mb.txt",
         lambda _: random_han(4_000_000, 3000, 3).encode(), "failed", "characters"),
    Case("shapes/random-han.txt", lambda _: random_han(700_000, 3000, 4).encode(), "failed",
         "distinct"),  # fmt: skip
    Case("shapes/many-headings.md",
         lambda _: "".join(f"# H{i}\n\ntext {i}\n\n" for i in range(12_000)).encode(),
         "failed", "sections"),  # fmt: skip
    Case("shapes/deep-60000.html",
         lambda _: b"<html><body>" + b"<div>" * 60_000 + b"<p>zqdeepdiv</p>" + b"</div>" * 60_000
         + b"<p>after</p></body></html>",
         "any", finds="zqdeepdiv"),  # fmt: skip
    Case("shapes/deep-60000-inline.html",
         lambda _: b"<html><body><p>" + b"<b><i>" * 30_000 + b"zqdeepinline"
         + b"</i></b>" * 30_000 + b"</p></body></html>",
         "any", finds="zqdeepinline"),  # fmt: skip
    Case("shapes/deep.docx", lambda _: deep_docx(30_000), "any", finds="zqdeepcell"),
]


def build_batch(folder: Path) -> dict[str, Case]:
    (folder / "secret.txt").write_text(f"{SECRET}\n", encoding="utf-8")
    for case in CASES:
        path = folder / case.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.build(folder))
    return {str(folder / case.name): case for case in CASES}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Case]]:
    folder = tmp_path_factory.mktemp("hostile")
    return folder, build_batch(folder)


def check_outcomes(records: list[dict], cases: dict[str, Case], index: Path) -> None:
    by_path = {r["path"]: r for r in records}
    assert sorted(by_path) == sorted(cases), "a file not reported, or reported twice"
    for path, case in cases.items():
        record = by_path[path]
        if case.status != "any":
            assert record["status"] == case.status, (path, record)
        assert record["status"] in ("added", "failed"), (path, record)
        if record["status"] == "failed":
            error = record["error"]
            assert case.reason in error, (path, error)
            assert "\n" not in error and "Traceback" not in error and "RecursionError" not in error
        elif case.finds:
            hits = {h.source for h in search(index, case.finds, limit=20).hits}
            assert str(Path(path).resolve()) in hits, (path, case.finds)
    texts = [s.text + s.heading + s.title for s in sections(index)]
    assert not any(SECRET in text for text in texts), "a local file reached the index"
    assert not search(index, SECRET).hits
    assert not any("lollollol" in text for text in texts), "entities were expanded"
    assert_consistent(index)


def tree_memory(root_pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    resident: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        resident[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, grew = {root_pid}, True
    while grew:
        children = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return sum(resident.get(pid, 0) for pid in tree)


@pytest.mark.slow
def test_hostile_batch_with_workers(batch: tuple[Path, dict[str, Case]], tmp_path: Path) -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("measuring memory needs /proc")
    folder, cases = batch
    index = tmp_path / "index"
    process = subprocess.Popen(
        cli_command(index, "ingest", "--json", "-j", "2", *(str(folder / d) for d in
                    ("good", "bombs", "entities", "broken", "encodings", "shapes"))),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    peak = 0
    sampling = True

    def sample() -> None:
        nonlocal peak
        while sampling:
            peak = max(peak, tree_memory(process.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        stdout, stderr = process.communicate(timeout=600)
    finally:
        sampling = False
        sampler.join()
    assert process.returncode == 1, stderr
    assert "Traceback" not in stderr
    *records, last = [json.loads(line) for line in stdout.splitlines()]
    check_outcomes(records, cases, index)
    failed = sum(r["status"] == "failed" for r in records)
    assert last["summary"]["failed"] == failed and last["summary"]["added"] == len(records) - failed
    assert 0 < peak < MEMORY_CEILING, f"peak memory {peak / (1 << 20):.0f} MB"


@pytest.mark.slow  # builds and ingests files of tens of megabytes
def test_hostile_batch_in_one_process(batch: tuple[Path, dict[str, Case]], tmp_path: Path) -> None:
    folder, cases = batch
    index = tmp_path / "index"
    paths = [folder / d for d in ("good", "bombs", "entities", "broken", "encodings", "shapes")]
    summary, results = run_ingest(index, *paths, jobs=1)
    records = [{"path": r.path, "status": r.status, "error": r.error} for r in results]
    check_outcomes(records, cases, index)
    assert summary.failed == sum(r.status == "failed" for r in results) > 10


# File-system oddities.


@pytest.mark.slow
def test_links_pipes_and_odd_names(tmp_path: Path) -> None:
    folder = tmp_path / "第13次 締約方會議 (2007)"
    folder.mkdir()
    good = folder / "COP 13 (巴里) 報告 [final].txt"
    good.write_text(REPORT, encoding="utf-8")
    os.symlink("loop.md", folder / "loop.md")  # a link to itself
    os.symlink(".", folder / "here")  # a directory link back to its own folder
    os.symlink(folder.parent, folder / "up")
    os.mkfifo(folder / "pipe.txt")  # reading it would block forever
    bad_name = os.fsencode(folder) + b"/bad-\xff-name.txt"
    with open(bad_name, "wb") as file:
        file.write(b"text in a file whose name is not UTF-8")
    index = tmp_path / "index"
    result = subprocess.run(
        cli_command(index, "ingest", "--json", "-j", "2", str(folder), str(folder / "loop.md"),
                    str(folder / "missing.txt")),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    *records, last = [json.loads(line) for line in result.stdout.splitlines()]
    by_name = {Path(r["path"]).name: r for r in records}
    assert by_name[good.name]["status"] == "added"
    assert by_name[good.name]["path"] == str(good)
    assert by_name["pipe.txt"]["error"] == "not a regular file"
    assert by_name["loop.md"]["error"] == "symbolic link loop"
    assert by_name["missing.txt"]["error"] == "no such file or directory"
    assert "not valid UTF-8" in by_name["bad-\ufffd-name.txt"]["error"]
    assert last["summary"] == {**last["summary"], "added": 1, "failed": 4}
    docs = assert_consistent(index)
    assert [Path(d.source).name for d in docs] == [good.name]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_and_folder(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "locked").mkdir(parents=True)
    (folder / "ok.txt").write_text(REPORT, encoding="utf-8")
    (folder / "secret.txt").write_text(REPORT, encoding="utf-8")
    (folder / "secret.txt").chmod(0)
    (folder / "locked" / "inside.txt").write_text(REPORT, encoding="utf-8")
    (folder / "locked").chmod(0)
    try:
        summary, results = run_ingest(tmp_path / "index", folder)
    finally:
        (folder / "locked").chmod(0o755)
    errors = {Path(r.path).name: r.error for r in results if r.status == "failed"}
    assert errors == {"secret.txt": "permission denied", "locked": "permission denied"}
    assert summary.added == 1


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as file:
        file.truncate(40 << 20)  # sparse: refused by size, never read
    summary, results = run_ingest(tmp_path / "index", huge)
    assert summary.failed == 1
    assert results[0].error == "refused: 40 MB, over the 16 MB limit for this type"
