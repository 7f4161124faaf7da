"""Request parameters: read, checked and capped. A malformed one is a 400 with a one-line reason."""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request

MAX_QUERY_CHARS = 500
MAX_LIMIT = 100
MAX_OFFSET = 10_000
PAGE_SIZE = 10
MAX_PAGE = MAX_OFFSET // PAGE_SIZE + 1
# Query filters as the query language writes them (a negated one is not a filter in use).
_FILTER = re.compile(r'(?<!\S)(doc|year|symbol):("[^"]*"?|\S+)', re.IGNORECASE)


def bad_request(reason: str) -> HTTPException:
    return HTTPException(400, reason)


def text(request: Request, name: str, max_chars: int = MAX_QUERY_CHARS) -> str:
    """A text parameter, stripped; "" when absent."""
    value = request.query_params.get(name, "")
    if len(value) > max_chars:
        raise bad_request(f"{name!r} is longer than {max_chars} characters")
    if "\x00" in value:
        raise bad_request(f"{name!r} holds a NUL character")
    return value.strip()


def integer(request: Request, name: str, default: int, low: int, high: int) -> int:
    """An integer parameter within [low, high]."""
    raw = request.query_params.get(name)
    if raw is None or raw.strip() == "":
        return default
    if not re.fullmatch(r"\s*[+-]?\d{1,9}\s*", raw):
        raise bad_request(f"{name!r} must be a whole number, not {raw[:40]!r}")
    value = int(raw)
    if not low <= value <= high:
        raise bad_request(f"{name!r} must be between {low} and {high}")
    return value


def choice(request: Request, name: str, choices: tuple[str, ...]) -> str | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw not in choices:
        raise bad_request(f"{name!r} must be one of {', '.join(choices)}")
    return raw


def query_filters(query: str) -> list[tuple[str, str, str]]:
    """The filters a query uses, as (field, value, the text as written)."""
    return [(m.group(1).lower(), m.group(2).strip('"'), m.group(0))
            for m in _FILTER.finditer(query)]


def without(query: str, written: str) -> str:
    """``query`` with one of its parts (as written) taken out."""
    before, _, after = query.partition(written)
    return " ".join(f"{before} {after}".split())


def with_filter(query: str, field: str, value: str) -> str:
    """``query`` narrowed by ``field:value``. A document or year filter replaces one already
    there (a section has one document and one year); symbol filters add up."""
    for used, _, written in query_filters(query):
        if used == field and field in ("doc", "year"):
            query = without(query, written)
    value = f'"{value}"' if re.search(r"\s", value) else value
    return " ".join(f"{query} {field}:{value}".split())


def words_only(query: str) -> str:
    """``query`` without its filters."""
    for _, _, written in query_filters(query):
        query = without(query, written)
    return query
