"""``copdocs serve``: the web application under uvicorn, in one or several worker processes.

The listening socket is bound here, before any worker starts: a port in use is one clear error,
the URL printed is the one bound, and the socket is made as a TCP socket by protocol number.
uvicorn's own binding for several workers leaves the protocol unset, so asyncio never turns off
Nagle's algorithm on the connections and every keep-alive response waits for the client's
delayed acknowledgement (uvicorn issue #3149).
"""

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


def bind(host: str, port: int) -> socket.socket:
    """The listening socket (port 0: a free one); UsageError when it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"port {port} on {host} is in use (choose another with --port)"
                             ) from exc
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    except (socket.gaierror, UnicodeError) as exc:
        sock.close()
        raise UsageError(f"cannot listen on {host!r}: not an address of this machine") from exc
    sock.set_inheritable(True)  # the worker processes accept on it
    return sock


def serve(sock: socket.socket, index_dir: Path, workers: int) -> None:
    """Serve on ``sock`` until interrupted (Ctrl-C stops the workers and returns)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    host = sock.getsockname()[0]
    os.environ[INDEX_ENV] = str(index_dir)
    hosts = allowed_hosts(host)
    if hosts is None:
        os.environ.pop(HOSTS_ENV, None)
    else:
        os.environ[HOSTS_ENV] = ",".join(hosts)
    config = uvicorn.Config(APP, factory=True, workers=workers, log_level="warning",
                            access_log=False, server_header=False, timeout_graceful_shutdown=5)
    try:
        if workers > 1:
            Multiprocess(config, sockets=[sock]).run()
        else:
            uvicorn.Server(config).run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
