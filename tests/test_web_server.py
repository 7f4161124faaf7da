"""``copdocs serve`` as a process: its URL, Ctrl-C, refusals, and many clients searching while an
ingest writes to the index."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from conftest import CORPUS, REPORT_TXT

COPDOCS = [sys.executable, "-c", "from copdocs.cli import main; main()"]
QUERIES = ["調適基金", "adaptation fund", "1/CP.13", "CDM OR 清潔發展機制",
           '"joint implementation"', "碳", "IPCC 第四次評估報告", "year:2007 adaptation",
           "京都議定書 -附件"]


def start(index: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """``copdocs serve`` on a free port; its process and the URL it printed."""
    server = subprocess.Popen([*COPDOCS, "--index", str(index), "serve", "--port", "0", *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    line = server.stdout.readline()
    assert line.startswith("copdocs: serving"), (line, server.stderr.read())
    url = next(word for word in line.split() if word.startswith("http://"))
    for _ in range(300):  # a minute, polling
        try:
            if get(url, "/api/docs")[0] == 200:
                return server, url
        except OSError:
            pass
        time.sleep(0.2)
    server.kill()
    raise AssertionError("the server did not answer")


def stop(server: subprocess.Popen) -> tuple[int, str]:
    """Ctrl-C as a terminal sends it (to the server and its workers); the exit status and what
    the server wrote on stderr."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        raise AssertionError("Ctrl-C did not stop the server within 30 s") from None
    for _ in range(100):  # no worker process outlives the server (polled for up to 10 s)
        try:
            os.killpg(server.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("worker processes outlived the server")
    return server.returncode, server.stderr.read()


def get(url: str, path: str, connection: http.client.HTTPConnection | None = None
        ) -> tuple[int, bytes]:
    parts = urlsplit(url)
    own = connection is None
    connection = connection or http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def search(url: str, query: str, connection=None) -> tuple[int, bytes]:
    return get(url, "/api/search?" + urlencode({"q": query, "limit": 10}), connection)


@pytest.mark.slow
def test_serve_prints_its_url_answers_and_stops_on_ctrl_c(corpus_index: Path) -> None:
    server, url = start(corpus_index, "--workers", "2")
    try:
        assert url.startswith("http://127.0.0.1:")
        status, body = search(url, "調適基金")
        assert status == 200 and json.loads(body)["hits"][0]["number"] == "3.13"
        status, page = get(url, "/")
        assert status == 200 and b'<html lang="zh-Hant">' in page
    finally:
        code, stderr = stop(server)
    assert code == 0
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    with pytest.raises(OSError):
        get(url, "/api/docs")


@pytest.mark.slow
def test_serve_refuses_a_busy_port_and_a_missing_index(corpus_index: Path, tmp_path: Path
                                                       ) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        busy = subprocess.run([*COPDOCS, "--index", str(corpus_index), "serve", "--port", port],
                              capture_output=True, text=True, timeout=60)
    assert busy.returncode == 2
    assert busy.stderr.strip().splitlines() == [
        f"Error: port {port} on 127.0.0.1 is in use (choose another with --port)"]
    missing = subprocess.run([*COPDOCS, "--index", str(tmp_path / "none"), "serve"],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "no copdocs index" in missing.stderr
    assert "Traceback" not in missing.stderr


@pytest.mark.slow
def test_twenty_clients_search_while_an_ingest_writes(tmp_path: Path) -> None:
    """20 concurrent clients get only correct answers while another process ingests into the
    same index (they search until it has finished); its commits show up without restarting
    the server."""
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for md in sorted((CORPUS / "enb").glob("*.md"))[:6]:
        shutil.copy(md, first / md.name)
    for md in sorted((CORPUS / "enb").glob("*.md"))[6:]:
        shutil.copy(md, later / md.name)
    shutil.copy(REPORT_TXT, later / REPORT_TXT.name)
    index = tmp_path / "index"
    subprocess.run([*COPDOCS, "--index", str(index), "ingest", str(first)], check=True,
                   capture_output=True, timeout=300)
    server, url = start(index, "--workers", "2")
    answers: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    ingested = threading.Event()

    def client(number: int) -> None:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        done, failed, i = 0, [], number
        while not ingested.is_set() or done < 3:
            query = QUERIES[i % len(QUERIES)]
            i += 1
            try:
                status, body = search(url, query, connection)
                hits = json.loads(body)["hits"] if status == 200 else None
                if hits is None or any(h["rank"] != r for r, h in enumerate(hits, 1)):
                    failed.append(f"{query}: {status} {body[:200]!r}")
                done += 1
            except (OSError, http.client.HTTPException, ValueError) as exc:
                failed.append(f"{query}: {type(exc).__name__}: {exc}")
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        connection.close()
        with lock:
            answers.append(done)
            errors.extend(failed)

    try:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(20)]
        for thread in threads:
            thread.start()
        ingest = subprocess.run([*COPDOCS, "--index", str(index), "ingest", str(later)],
                                capture_output=True, text=True, timeout=300)
        ingested.set()
        for thread in threads:
            thread.join()
        assert ingest.returncode == 0, ingest.stderr
        documents = json.loads(get(url, "/api/docs")[1])["documents"]
        assert len(documents) == 13
        status, body = search(url, "調適基金")
        assert status == 200 and json.loads(body)["hits"][0]["number"] == "3.13"
    finally:
        code, stderr = stop(server)
    assert errors == []
    assert sum(answers) > 20 and all(answers)
    assert code == 0 and "Traceback" not in stderr, stderr
