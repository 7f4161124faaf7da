"""``copdocs serve`` under load: ``/api/search`` with 1, 4 and 20 concurrent clients.

Starts ``copdocs serve`` on 127.0.0.1 (a free port) over the benchmark index, then for each
concurrency level runs that many client threads for a fixed time, each with one keep-alive
connection, cycling through the benchmark's query set. Reports requests per second, p50/p95
latency and errors, and writes its section into BENCHMARKS.md (run after ``bench/run.py``, which
builds the index in bench/work and writes that file afresh).

    python bench/serve_load.py [--index DIR | --demo] [--seconds S] [--long-seconds S]
"""

from __future__ import annotations

import argparse
import http.client
import json
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.queries import QUERIES  # noqa: E402

SECTION = "## Web server: /api/search under load"
LEVELS = (1, 4, 20)
DEFAULT_INDEX = ROOT / "bench" / "work" / "index" / "copdocs"


@dataclass
class Level:
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: int) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(index: Path, port: int, workers: int | None) -> subprocess.Popen:
    copdocs = Path(sys.executable).parent / "copdocs"
    command = [str(copdocs), "--index", str(index), "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"copdocs serve exited {server.returncode}: {server.stderr.read()}")
        try:
            if get(port, "/api/docs")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    stop_server(server)
    raise SystemExit("copdocs serve did not answer within 60 s")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def get(port: int, path: str, connection: http.client.HTTPConnection | None = None
        ) -> tuple[int, bytes]:
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def search_path(query: str) -> str:
    return "/api/search?" + urlencode({"q": query, "limit": 10})


def hammer(port: int, clients: int, seconds: float, queries: list[str]) -> Level:
    """``clients`` threads searching for ``seconds``; every non-200 answer or failure counted."""
    level = Level(clients)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(number: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, errors = [], []
        i = number
        while time.perf_counter() < deadline:
            path = search_path(queries[i % len(queries)])
            i += 1
            started = time.perf_counter()
            try:
                status, body = get(port, path, connection)
                if status != 200 or not body.startswith(b'{"query"'):
                    errors.append(f"{status}: {body[:200]!r}")
                    continue
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            latencies.append(time.perf_counter() - started)
        connection.close()
        with lock:
            level.latencies.extend(latencies)
            level.errors.extend(errors)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    level.seconds = time.perf_counter() - started
    return level


def describe_index(port: int) -> str:
    docs = json.loads(get(port, "/api/docs")[1])["documents"]
    sections = sum(d["sections"] for d in docs)
    return f"{len(docs)} documents, {sections} sections"


def report(levels: list[Level], workers: int, corpus: str, queries: int) -> str:
    """The section of BENCHMARKS.md; ``corpus`` says what the index holds."""
    rows = ["| concurrent clients | seconds | requests | requests/s | p50 | p95 | errors |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for level in levels:
        rows.append(f"| {level.clients} | {level.seconds:.0f} | {len(level.latencies)} | "
                    f"**{level.rate:.0f}** | {level.percentile(50) * 1000:.1f} ms | "
                    f"**{level.percentile(95) * 1000:.1f} ms** | {len(level.errors)} |")
    return "\n".join([
        SECTION, "",
        f"`copdocs serve` ({workers} worker processes) on 127.0.0.1 over {corpus}; "
        "clients are threads of one Python process on the same machine, each "
        f"with one keep-alive connection, cycling through the {queries} benchmark queries "
        "(`GET /api/search?q=…&limit=10`, the JSON of the first ten hits). Latency is from "
        "sending the request to reading the whole answer. The clients share the machine's "
        "cores with the server.", "", *rows, "",
        "Targets: one client p95 ≤ 50 ms; at least 50 requests/s with 20 clients; no errors.",
    ])


def write_section(text: str, report_file: Path) -> None:
    """Put this section into the report, replacing an earlier one."""
    old = "# copdocs benchmarks\n"
    if report_file.is_file():
        old = report_file.read_text(encoding="utf-8")
    before, _, rest = old.partition(f"\n{SECTION}\n")
    after = ""
    if rest and "\n## " in rest:
        after = rest[rest.index("\n## "):]
    report_file.write_text(f"{before.rstrip()}\n\n{text}\n{after}", encoding="utf-8")


def measure(args: argparse.Namespace) -> tuple[list[Level], str]:
    """Each concurrency level against a fresh server; and what the index holds."""
    queries = [q.text for q in QUERIES]
    port = free_port()
    server = start_server(args.index, port, args.workers)
    try:
        corpus = describe_index(port)
        for query in queries * 2:  # warm-up: every worker opens the index, caches fill
            get(port, search_path(query))
        levels = []
        for clients in LEVELS:
            seconds = args.long_seconds if clients == LEVELS[-1] else args.seconds
            print(f"{clients} clients for {seconds:.0f} s …", file=sys.stderr, flush=True)
            levels.append(hammer(port, clients, seconds, queries))
    finally:
        stop_server(server)
    return levels, corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/serve_load.py",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--index", type=Path, default=DEFAULT_INDEX,
                        help="index to serve (default: the one bench/run.py built)")
    parser.add_argument("--demo", action="store_true",
                        help="serve an index of the bundled corpus/ (built in a scratch folder)")
    parser.add_argument("--seconds", type=float, default=20, help="per level, except the last")
    parser.add_argument("--long-seconds", type=float, default=60, help="the 20-client level")
    parser.add_argument("--workers", type=int, default=None, help="copdocs serve --workers")
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        if args.demo:
            args.index = Path(scratch) / "index"
            copdocs = Path(sys.executable).parent / "copdocs"
            subprocess.run(
                [str(copdocs), "--index", str(args.index), "ingest", str(ROOT / "corpus")],
                check=True, capture_output=True,
            )
        if not (args.index / "copdocs.json").is_file():
            sys.exit(f"bench/serve_load.py: no copdocs index at {args.index} "
                     "(run bench/run.py first, or pass --index or --demo)")
        levels, corpus = measure(args)
        if args.demo:
            corpus = f"the bundled demo corpus, `corpus/` ({corpus})"
        elif args.index.resolve() == DEFAULT_INDEX.resolve():
            corpus = f"the benchmark corpus ({corpus})"
        else:
            corpus = f"the index {args.index} ({corpus})"
    from copdocs.web.serve import default_workers

    text = report(levels, args.workers or default_workers(), corpus, len(QUERIES))
    print(text)
    for level in levels:
        for error in level.errors[:5]:
            print(f"  error ({level.clients} clients): {error}", file=sys.stderr)
    if not args.no_write:
        write_section(text, args.output)
        print(f"wrote {args.output}", file=sys.stderr)
    return 1 if any(level.errors for level in levels) else 0


if __name__ == "__main__":
    raise SystemExit(main())
