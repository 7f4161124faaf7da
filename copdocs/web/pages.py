"""The HTML pages: search, section, document, symbol, and the lists of documents and symbols.

Each page is a few library calls and a template; everything shown from a document or a query is
escaped by the templates (autoescape) or by ``render``.
"""

from __future__ import annotations

import math
import mimetypes
import os
import stat
from dataclasses import replace
from pathlib import Path, PurePath
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response
from starlette.routing import Route

from copdocs.errors import MalformedSymbol, NotFound
from copdocs.library import Library
from copdocs.records import SymbolInfo
from copdocs.web import i18n, params, render
from copdocs.web.security import SANDBOX_POLICY
from copdocs.web.turns import taking_turns

FACETS_SHOWN = 8
LANG_COOKIE = "lang"
LANG_COOKIE_SECONDS = 365 * 24 * 3600


def _library(request: Request) -> Library:
    return request.app.state.library


def page_context(request: Request, lang: str) -> dict:
    """What every page's frame needs: the language, its labels, the switch to the other one."""
    other = "en" if lang == i18n.DEFAULT else i18n.DEFAULT
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    return {
        "lang": lang,
        "other_lang": other,
        "t": i18n.translator(lang),
        # one leading slash: "//host/…" would name another site
        "switch_url": "/" + quote(request.url.path.lstrip("/"), safe="/:") + "?"
                      + urlencode({**query, "lang": other}),
        "query": "",
        "nav": None,
    }


def requested_language(request: Request) -> str:
    lang = i18n.language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))
    if lang is None:
        raise params.bad_request("'lang' must be zh-Hant or en")
    return lang


def render_page(request: Request, template: str, context: dict, status: int = 200) -> Response:
    lang = requested_language(request)
    response = request.app.state.templates.TemplateResponse(
        request, template, {**page_context(request, lang), **context}, status_code=status
    )
    if "lang" in request.query_params:  # the switch: remembered for the next pages
        response.set_cookie(LANG_COOKIE, lang, max_age=LANG_COOKIE_SECONDS, samesite="lax",
                            httponly=True)
    response.headers["vary"] = "Cookie"
    return response


# --- search -------------------------------------------------------------------------------


def search_page(request: Request) -> Response:
    query = params.text(request, "q")
    page = params.integer(request, "page", 1, 1, params.MAX_PAGE)
    if doc := params.text(request, "doc"):  # a form searching one document
        return RedirectResponse(render.search_url(params.with_filter(query, "doc", doc)), 302)
    library = _library(request)
    if not query:
        docs = library.docs()
        return render_page(request, "home.html", {
            "nav": "search", "doc_count": len(docs),
            "section_count": sum(d.sections for d in docs),
        })  # fmt: skip
    offset = (page - 1) * params.PAGE_SIZE
    found = library.search(query, limit=params.PAGE_SIZE, offset=offset)
    facets = library.facets(query, cap=request.app.state.facet_cap)
    if not found.exact and facets.complete:  # the facets counted every matching section
        found = replace(found, total=facets.counted, exact=True)
    years = {doc_id: library.document(doc_id).year for doc_id in {h.doc_id for h in found.hits}}
    hits = [
        {"hit": hit, "snippet": render.marked_parts(hit.snippet_parts),
         "heading": render.marked_text(hit.heading, library.highlight(query, hit.heading)),
         "year": getattr(hit, "year", None) or years[hit.doc_id]}
        for hit in found.hits
    ]  # fmt: skip
    filters = [
        {"written": written, "remove": _search_or_home(params.without(query, written)),
         "symbol_page": render.path_url("/symbol/", value) if field == "symbol" else None}
        for field, value, written in params.query_filters(query)
    ]  # fmt: skip
    return render_page(request, "search.html", {
        "nav": "search", "query": query, "found": found, "hits": hits, "offset": offset,
        "page": page, "paging": _paging(found, page), "filters": filters,
        "facets": _facet_groups(query, facets, library), "facets_capped": facets.capped,
        "facets_counted": facets.counted, "symbol": _symbol_in(library, query),
        "suggestions": [] if found.hits else _suggestions(query),
    })  # fmt: skip


def _search_or_home(query: str) -> str:
    return render.search_url(query) if query else "/"


def _symbol_in(library: Library, query: str) -> SymbolInfo | None:
    """What the query is, when its words are one UN symbol or decision."""
    words = params.words_only(query)
    if not words or len(words) > 80:
        return None
    try:
        return library.symbol(words)
    except MalformedSymbol:
        return None


def _paging(found, page: int) -> dict:
    size = params.PAGE_SIZE
    shown_to = (page - 1) * size + len(found.hits)
    more = shown_to < found.total or (not found.exact and len(found.hits) == size)
    last = max(page + (1 if more else 0), math.ceil(found.total / size))
    last = min(last, params.MAX_PAGE)
    window = sorted({1, last, *range(max(1, page - 2), min(last, page + 2) + 1)})
    numbers: list[int | None] = []
    for n in window:
        if numbers and n - (numbers[-1] or 0) > 1:
            numbers.append(None)  # a gap
        numbers.append(n)

    def url(n: int) -> str:
        return render.search_url(found.query, page=n if n > 1 else None)

    return {
        "prev": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if more and page < params.MAX_PAGE else None,
        "pages": [(n, url(n) if n else None) for n in numbers] if last > 1 else [],
        "first_shown": (page - 1) * size + 1,
        "last_shown": shown_to,
        "past_end": not found.hits and found.total > 0,
        "first_page": url(1),
    }


def _facet_groups(query: str, facets, library: Library) -> list[dict]:
    active = {(field, value) for field, value, _ in params.query_filters(query)}
    # Titles repeat (a bulletin's daily issues, one report as .docx and .txt): the file tells.
    files = {d.doc_id: PurePath(d.source).name for d in library.docs()} if facets.documents else {}
    groups = []
    for key, field, entries in (("facet_documents", "doc", facets.documents),
                                ("facet_years", "year", facets.years),
                                ("facet_symbols", "symbol", facets.symbols)):
        if not entries:
            continue
        items = [
            {"label": f.label, "count": f.count, "value": f.value,
             "file": files.get(f.value) if field == "doc" else None,
             "active": (field, f.value) in active,
             "href": render.search_url(params.with_filter(query, field, f.value))}
            for f in entries
        ]  # fmt: skip
        groups.append({"key": key, "field": field, "shown": items[:FACETS_SHOWN],
                       "more": items[FACETS_SHOWN:]})
    return groups


def _suggestions(query: str) -> list[dict]:
    """Other queries worth trying when nothing matched, as (label key, values, link)."""
    found = []
    for _, _, written in params.query_filters(query):
        rest = params.without(query, written)
        if rest:
            found.append({"key": "tip_remove_filter", "values": {"f": written},
                          "href": render.search_url(rest)})
    if '"' in query:
        unquoted = " ".join(query.replace('"', " ").split())
        if unquoted:
            found.append({"key": "tip_unquote", "values": {"q": unquoted},
                          "href": render.search_url(unquoted)})
    words = params.words_only(query).replace('"', " ").split()
    words = [w for w in words if w not in ("OR", "NOT", "AND") and not w.startswith("-")]
    if len(words) > 1:
        either = " OR ".join(words)
        found.append({"key": "tip_any", "values": {"q": either},
                      "href": render.search_url(either)})
    return found


# --- section ------------------------------------------------------------------------------


def section_page(request: Request) -> Response:
    query = params.text(request, "q")
    library = _library(request)
    detail = library.section(request.path_params["section_id"])
    siblings = library.sections(detail.doc_id)
    document = library.document(detail.doc_id)
    by_id = {s.section_id: s for s in siblings}
    position = next(i for i, s in enumerate(siblings) if s.section_id == detail.section_id)
    marks = library.highlight(query, detail.text) if query else []
    links = [
        render.Link(m.start, m.end, render.path_url("/symbol/", m.symbol), m.symbol)
        for m in detail.mentions
        if detail.text[m.start:m.end] == m.raw
    ]
    pages = getattr(detail, "pages", None)
    return render_page(request, "section.html", {
        "query": query, "section": detail, "document": document,
        "heading": render.marked_text(detail.heading, library.highlight(query, detail.heading)
                                      if query else []),
        "text": render.marked_text(detail.text, marks, links),
        "marks": len(marks),
        "ancestors": render.ancestors(by_id[detail.section_id], by_id),
        "previous": siblings[position - 1] if position > 0 else None,
        "next": siblings[position + 1] if position + 1 < len(siblings) else None,
        "cited": _cited(detail.mentions),
        "pages": pages,
        "source_url": _source_url(document, pages[0] if pages else None),
    })  # fmt: skip


def _cited(mentions) -> list[dict]:
    """Each symbol a section cites, once, in order of first mention, with a draft's adoption."""
    seen: dict[str, dict] = {}
    for m in mentions:
        entry = seen.setdefault(m.symbol, {"symbol": m.symbol, "kind": m.kind, "resolved": None,
                                           "url": render.path_url("/symbol/", m.symbol)})
        if m.resolved and not entry["resolved"]:
            entry["resolved"] = m.resolved
            entry["resolved_url"] = render.path_url("/symbol/", m.resolved)
    return list(seen.values())


def _source_url(document, page: int | None = None) -> str | None:
    if _source_file(document) is None:
        return None
    url = render.path_url("/source/", document.doc_id)
    return f"{url}#page={page}" if page and document.format == "pdf" else url


# --- document -----------------------------------------------------------------------------


def document_page(request: Request) -> Response:
    library = _library(request)
    document = library.document(request.path_params["doc_id"])
    sections = library.sections(document.doc_id)
    return render_page(request, "document.html", {
        "nav": "docs", "document": document, "outline": render.outline(sections),
        "source_url": _source_url(document), "source_name": Path(document.source).name,
        "symbol_info": _symbol_in(library, document.symbol or ""),
    })  # fmt: skip


def documents_page(request: Request) -> Response:
    return render_page(request, "documents.html",
                       {"nav": "docs", "documents": _library(request).docs()})


# --- symbols ------------------------------------------------------------------------------


def symbol_page(request: Request) -> Response:
    typed = request.path_params["symbol"]
    if len(typed) > params.MAX_QUERY_CHARS:
        raise params.bad_request("the symbol is too long")
    library = _library(request)
    info = library.symbol(typed)
    if info.symbol != typed:
        url = render.path_url("/symbol/", info.symbol)
        if request.url.query:
            url += "?" + request.url.query
        return RedirectResponse(url, status_code=302)
    found = library.refs(info.symbol)
    family: dict[str, list] = {}
    for hit in found.hits:
        if hit.relation == "family":
            family.setdefault(hit.symbol, []).append(hit)
    return render_page(request, "symbol.html", {
        "nav": "symbols", "info": info,
        "itself": [h for h in found.hits if h.relation == "self"],
        "cites": [h for h in found.hits if h.relation == "cites"],
        "family": family, "family_count": sum(len(v) for v in family.values()),
        "search_citing": render.search_url(f"symbol:{info.symbol}"),
    }, status=200 if found.hits else 404)  # fmt: skip


def symbols_page(request: Request) -> Response:
    kind = params.choice(request, "kind", ("document", "decision"))
    return render_page(request, "symbols.html", {
        "nav": "symbols", "kind": kind, "symbols": _library(request).symbols(kind),
    })  # fmt: skip


# --- source files -------------------------------------------------------------------------

# How a source file is sent: its media type, and whether it is shown in the browser.
_MEDIA = {
    "pdf": ("application/pdf", "inline"),
    "txt": ("text/plain", "inline"),
    "md": ("text/plain", "inline"),
    "html": ("text/html", "inline"),
    "htm": ("text/html", "inline"),
}


def _source_file(document) -> tuple[Path, os.stat_result] | None:
    """The document's own file, when it is still a regular file where it was ingested from."""
    path = Path(document.source)
    try:
        found = path.lstat()
    except OSError:
        return None
    return (path, found) if stat.S_ISREG(found.st_mode) else None


def source_file(request: Request) -> Response:
    """``/source/{doc_id}``: the file a document was ingested from. Only ids name files: a
    document of the index gives the path; nothing in the URL does."""
    document = _library(request).document(request.path_params["doc_id"])
    found = _source_file(document)
    if found is None:
        raise NotFound(f"the source file of {document.doc_id} is no longer at {document.source}")
    path, stat_result = found
    suffix = path.suffix.lower().lstrip(".")
    media, disposition = _MEDIA.get(suffix, (None, "attachment"))
    if media is None:
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    elif media.startswith("text/") and _is_utf8(path, stat_result.st_size):
        media += "; charset=utf-8"
    headers = {} if suffix == "pdf" else {"content-security-policy": SANDBOX_POLICY}
    return FileResponse(path, media_type=media, filename=path.name, stat_result=stat_result,
                        content_disposition_type=disposition, headers=headers)


def _is_utf8(path: Path, size: int) -> bool:
    if size > 32 * 2**20:
        return False
    try:
        path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return True


routes = [
    Route("/", taking_turns(search_page)),
    Route("/section/{section_id}", taking_turns(section_page)),
    Route("/doc/{doc_id}", taking_turns(document_page)),
    Route("/docs", taking_turns(documents_page)),
    Route("/symbol/{symbol:path}", taking_turns(symbol_page)),
    Route("/symbols", taking_turns(symbols_page)),
    Route("/source/{doc_id}", taking_turns(source_file)),
]
