"""The JSON API: the library's records with the CLI's field names (README, "Output and exit
codes"). Errors are ``{"error": message, "status": code}``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from copdocs.errors import NotFound
from copdocs.library import Library
from copdocs.web import params
from copdocs.web.turns import taking_turns


def _library(request: Request) -> Library:
    return request.app.state.library


def search(request: Request) -> JSONResponse:
    """``/api/search?q=…&limit=…&offset=…``: the hits as ``copdocs search --json`` prints
    them, with the total (a lower bound when ``exact`` is false)."""
    query = params.text(request, "q")
    if not query:
        raise params.bad_request("'q' is required: the query to search for")
    limit = params.integer(request, "limit", 10, 1, params.MAX_LIMIT)
    offset = params.integer(request, "offset", 0, 0, params.MAX_OFFSET)
    found = _library(request).search(query, limit=limit, offset=offset)
    return JSONResponse({
        "query": found.query, "total": found.total, "exact": found.exact,
        "offset": offset, "limit": limit, "hits": [hit.to_json() for hit in found.hits],
    })  # fmt: skip


def facets(request: Request) -> JSONResponse:
    """``/api/facets?q=…``: matching sections per document, year and cited symbol."""
    query = params.text(request, "q")
    if not query:
        raise params.bad_request("'q' is required: the query to count facets of")
    found = _library(request).facets(query)
    return JSONResponse({
        "query": query, "counted": found.counted, "capped": found.capped,
        "complete": found.complete,
        **{name: [{"value": f.value, "label": f.label, "count": f.count} for f in group]
           for name, group in (("documents", found.documents), ("years", found.years),
                               ("symbols", found.symbols))},
    })  # fmt: skip


def docs(request: Request) -> JSONResponse:
    """``/api/docs``: every document, as ``copdocs docs --json``."""
    return JSONResponse({"documents": [d.to_json() for d in _library(request).docs()]})


def document(request: Request) -> JSONResponse:
    """``/api/docs/{doc_id}``: one document."""
    return JSONResponse(_library(request).document(request.path_params["doc_id"]).to_json())


def document_sections(request: Request) -> JSONResponse:
    """``/api/docs/{doc_id}/sections``: its sections, as ``copdocs sections DOC_ID --json``."""
    found = _library(request).sections(request.path_params["doc_id"])
    return JSONResponse({"sections": [s.to_json() for s in found]})


def section(request: Request) -> JSONResponse:
    """``/api/sections/{section_id}``: one section, as ``copdocs show --json``."""
    return JSONResponse(_library(request).section(request.path_params["section_id"]).to_json())


def refs(request: Request) -> JSONResponse:
    """``/api/refs/{symbol}``: the records of ``copdocs refs --json``; 404 when nothing in the
    index cites the symbol or is it."""
    typed = request.path_params["symbol"]
    if len(typed) > params.MAX_QUERY_CHARS:
        raise params.bad_request("the symbol is too long")
    found = _library(request).refs(typed)
    if not found.hits:
        raise NotFound(f"{found.symbol}: not cited in the index, and no document in it is "
                       f"{found.symbol}")
    return JSONResponse({"symbol": found.symbol, "hits": [h.to_json() for h in found.hits]})


def symbols(request: Request) -> JSONResponse:
    """``/api/symbols?kind=document|decision``: as ``copdocs symbols --json``."""
    kind = params.choice(request, "kind", ("document", "decision"))
    return JSONResponse({"symbols": [s.to_json() for s in _library(request).symbols(kind)]})


routes = [
    Route("/api/search", taking_turns(search)),
    Route("/api/facets", taking_turns(facets)),
    Route("/api/docs", taking_turns(docs)),
    Route("/api/docs/{doc_id}", taking_turns(document)),
    Route("/api/docs/{doc_id}/sections", taking_turns(document_sections)),
    Route("/api/sections/{section_id}", taking_turns(section)),
    Route("/api/refs/{symbol:path}", taking_turns(refs)),
    Route("/api/symbols", taking_turns(symbols)),
]
