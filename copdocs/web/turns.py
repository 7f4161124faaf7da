"""Library calls take turns, one at a time per server process, off the event loop.

Searching is pure Python: two threads of one process searching at once do not finish sooner (they
share the interpreter), and whoosh's readers may not be used by two threads at once. So each
page or API call runs whole in a worker thread, one at a time, while the event loop goes on
accepting connections and serving static files; the worker processes use the other cores.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable

import anyio.to_thread
from anyio import CapacityLimiter
from starlette.requests import Request
from starlette.responses import Response

Endpoint = Callable[[Request], Response]


def taking_turns(endpoint: Endpoint) -> Callable[[Request], Awaitable[Response]]:
    """``endpoint`` as an async endpoint that runs in the process's one library thread."""

    @functools.wraps(endpoint)
    async def run(request: Request) -> Response:
        limiter = request.app.state.library_turns
        return await anyio.to_thread.run_sync(endpoint, request, limiter=limiter)

    return run


def new_turns() -> CapacityLimiter:
    return CapacityLimiter(1)
