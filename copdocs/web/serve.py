"""``copdocs serve``: the web application under uvicorn, in one or several worker processes."""

from __future__ import annotations

import errno
import os
import socket
from pathlib import Path

from copdocs.errors import UsageError
from copdocs.web.app import HOSTS_ENV, INDEX_ENV

APP = "copdocs.web.app:create_app_from_env"
_LOCAL_NAMES = ["127.0.0.1", "localhost", "::1", "[::1]"]


def default_workers() -> int:
    """One worker process per core: each serves requests with its own open index."""
    return max(1, min(os.cpu_count() or 1, 8))


def url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def allowed_hosts(host: str) -> list[str] | None:
    """The Host header values the server answers: its own address and this machine's names;
    any when it listens on every interface (then the network decides who reaches it)."""
    if host in ("0.0.0.0", "::", ""):
        return None
    return sorted({host, f"[{host}]" if ":" in host else host, *_LOCAL_NAMES})


def check_port(host: str, port: int) -> None:
    """UsageError when the address cannot be listened on (in use, or not this machine's)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise UsageError(f"port {port} on {host} is in use (choose another with --port)"
                                 ) from exc
            raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc


def serve(index_dir: Path, host: str, port: int, workers: int) -> None:
    """Serve until interrupted (Ctrl-C stops the workers and returns)."""
    import uvicorn

    os.environ[INDEX_ENV] = str(index_dir)
    hosts = allowed_hosts(host)
    if hosts is None:
        os.environ.pop(HOSTS_ENV, None)
    else:
        os.environ[HOSTS_ENV] = ",".join(hosts)
    uvicorn.run(APP, factory=True, host=host, port=port, workers=workers, log_level="warning",
                access_log=False, server_header=False, timeout_graceful_shutdown=5)
