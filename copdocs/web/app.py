"""The web application: the search pages and the JSON API over one ``Library``.

``create_app(library_or_index_dir)`` builds it; ``create_app_from_env`` is the factory each
server worker process calls (``copdocs serve`` passes the index directory and the allowed host
names in the environment). Nothing here writes to the index.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator
from pathlib import Path, PurePath

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from copdocs.errors import (
    CopdocsError,
    IndexUnavailable,
    MalformedSymbol,
    NotFound,
    QueryError,
    UsageError,
)
from copdocs.library import Library
from copdocs.web import api, i18n, pages, render
from copdocs.web.security import HostCheck, SecurityHeaders
from copdocs.web.turns import new_turns

HERE = Path(__file__).resolve().parent
INDEX_ENV = "COPDOCS_INDEX"
HOSTS_ENV = "COPDOCS_SERVE_HOSTS"  # comma-separated host names the server answers to
log = logging.getLogger("copdocs.web")


def create_app(library: Library | str | os.PathLike[str] | None = None,
               allowed_hosts: list[str] | None = None, facet_cap: int | None = None) -> Starlette:
    """The application over ``library`` (a Library, or an index directory; by default the
    index ``Library()`` finds). ``allowed_hosts``: the Host header values to answer (None:
    any), which keeps other web sites from reaching a local server through DNS rebinding.
    ``facet_cap``: matching sections counted for the facets (default: the library's)."""
    if not isinstance(library, Library):
        library = Library(library)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            library.docs()  # opens the index now, not on the first visitor's request
        except IndexUnavailable as exc:
            log.warning("copdocs: %s", exc)
        yield
        library.close()

    middleware = [Middleware(SecurityHeaders)]
    if allowed_hosts is not None:
        middleware.append(Middleware(HostCheck, allowed=allowed_hosts))
    app = Starlette(
        routes=[*api.routes, *pages.routes,
                Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
                # what a browser asks for on pages that are not ours (a PDF in its viewer)
                Route("/favicon.ico", lambda request: RedirectResponse("/static/favicon.svg",
                                                                      status_code=301))],
        middleware=middleware,
        exception_handlers={
            CopdocsError: _library_error,
            HTTPException: _http_error,
            Exception: _internal_error,
        },
        lifespan=lifespan,
    )
    app.state.library = library
    app.state.facet_cap = facet_cap
    app.state.library_turns = new_turns()
    app.state.templates = _templates()
    return app


def create_app_from_env() -> Starlette:
    """The factory a server worker process calls: the index from ``COPDOCS_INDEX``."""
    hosts = os.environ.get(HOSTS_ENV)
    return create_app(os.environ.get(INDEX_ENV) or None,
                      allowed_hosts=hosts.split(",") if hosts else None)


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        path_url=render.path_url,
        search_url=render.search_url,
        section_url=render.section_url,
        file_name=lambda path: PurePath(path).name,
    )
    return Jinja2Templates(env=env)


def _status(exc: CopdocsError) -> int:
    if isinstance(exc, NotFound):
        return 404
    if isinstance(exc, IndexUnavailable):
        return 503
    if isinstance(exc, UsageError):
        return 400
    return 500


def _label(exc: Exception) -> str | None:
    """The key of the localized explanation of an error, beside its own message."""
    if isinstance(exc, QueryError):
        return "error_query"
    if isinstance(exc, MalformedSymbol):
        return "error_symbol"
    if isinstance(exc, NotFound):
        return "error_not_found"
    return None


async def _library_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CopdocsError)
    return _error(request, _status(exc), str(exc), _label(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code < 400:
        return Response(status_code=exc.status_code, headers=exc.headers)
    return _error(request, exc.status_code, str(exc.detail), None, exc.headers)


async def _internal_error(request: Request, exc: Exception) -> Response:
    log.error("internal error on %s", request.url.path, exc_info=exc)
    return _error(request, 500, "internal error in copdocs (see the server's log)", None)


def _error(request: Request, status: int, message: str, label: str | None,
           headers: dict | None = None) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "status": status}, status_code=status,
                            headers=headers)
    lang = i18n.language(request.query_params.get("lang"), request.cookies.get(pages.LANG_COOKIE))
    context = pages.page_context(request, lang or i18n.DEFAULT)
    title_key = f"error_{status}" if f"error_{status}" in i18n.LABELS else "error_400"
    context.update(status=status, message=message, label=label, title_key=title_key,
                   query=request.query_params.get("q", "")[:500])
    return request.app.state.templates.TemplateResponse(
        request, "error.html", context, status_code=status, headers=headers
    )
