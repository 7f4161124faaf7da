"""The web interface in-process (Starlette's TestClient): the JSON API against the library and
the CLI, the pages, errors, headers, escaping of hostile documents and queries, source files."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from click.testing import CliRunner
from conftest import CORPUS, HOSTILE_WORD, REPORT_TXT
from helpers import shown_count
from starlette.testclient import TestClient

from copdocs import Library
from copdocs.cli import cli
from copdocs.web import params, render, serve
from copdocs.web.app import create_app
from copdocs.web.security import CONTENT_SECURITY_POLICY


@pytest.fixture(scope="module")
def library(corpus_index: Path) -> Library:
    with Library(corpus_index) as opened:
        yield opened


@pytest.fixture(scope="module")
def client(library: Library) -> TestClient:
    with TestClient(create_app(library)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def hostile_client(hostile_index: Path) -> TestClient:
    with TestClient(create_app(hostile_index)) as test_client:
        yield test_client


def cli_json(index: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--index", str(index), *args, "--json"],
                                env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


class Page(HTMLParser):
    """What a rendered page holds that could run script or leave the site."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[tuple[str, str]] = []  # on* attributes
        self.urls: list[str] = []  # href, src, action values
        self.tags: list[str] = []
        self.marks: list[str] = []
        self._in_mark = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values)
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src", "action") and value is not None:
                self.urls.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data

    def assert_inert(self) -> None:
        assert self.scripts == [{"src": "/static/app.js", "defer": None}]
        assert self.handlers == []
        assert not [u for u in self.urls if u.strip().lower().startswith(("javascript:", "data:"))]
        assert "img" not in self.tags and "iframe" not in self.tags


# --- the JSON API equals the library and the CLI -------------------------------------------


@pytest.mark.parametrize("query", ["調適基金", "adaptation fund", "1/CP.13", "CDM OR 清潔發展機制"])
def test_api_search_gives_the_library_records_and_the_cli_lines(
    client: TestClient, library: Library, corpus_index: Path, query: str
) -> None:
    response = client.get("/api/search", params={"q": query, "limit": 7, "offset": 2})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    expected = library.search(query, limit=7, offset=2)
    assert body["hits"] == [hit.to_json() for hit in expected.hits]
    assert body["hits"] == cli_json(corpus_index, "search", query, "--limit", "7", "--offset", "2")
    assert (body["total"], body["exact"], body["offset"], body["limit"]) == (
        expected.total, expected.exact, 2, 7)
    assert body["hits"] and body["hits"][0]["rank"] == 3


def test_api_lists_give_the_cli_records(client: TestClient, corpus_index: Path) -> None:
    docs = client.get("/api/docs").json()["documents"]
    assert docs == cli_json(corpus_index, "docs")
    doc_id = next(d["doc_id"] for d in docs if d["source"].endswith("cop13-report.txt"))
    assert client.get(f"/api/docs/{doc_id}").json() == next(d for d in docs
                                                            if d["doc_id"] == doc_id)
    sections = client.get(f"/api/docs/{doc_id}/sections").json()["sections"]
    assert sections == cli_json(corpus_index, "sections", doc_id)
    shown = client.get(f"/api/sections/{sections[21]['section_id']}").json()
    assert shown == cli_json(corpus_index, "show", sections[21]["section_id"])[0]
    assert shown["heading"] == "調適工作方案及調適基金"
    for kind in (None, "decision"):
        got = client.get("/api/symbols", params={"kind": kind} if kind else {}).json()["symbols"]
        assert got == cli_json(corpus_index, "symbols", *(["--kind", kind] if kind else []))
    refs = client.get("/api/refs/fccc/sbsta/2007/l.20").json()
    assert refs["symbol"] == "FCCC/SBSTA/2007/L.20"
    assert refs["hits"] == cli_json(corpus_index, "refs", "FCCC/SBSTA/2007/L.20")
    assert {h["relation"] for h in refs["hits"]} >= {"cites", "family"}


def test_api_facets_count_the_matching_sections(client: TestClient, library: Library) -> None:
    body = client.get("/api/facets", params={"q": "adaptation fund"}).json()
    everything = library.search("adaptation fund", limit=1000)
    assert everything.exact and body["counted"] == everything.total and not body["capped"]
    per_doc: dict[str, int] = {}
    for hit in everything.hits:
        per_doc[hit.doc_id] = per_doc.get(hit.doc_id, 0) + 1
    assert {f["value"]: f["count"] for f in body["documents"]} == per_doc
    top = body["symbols"][0]
    narrowed = library.search(f"adaptation fund symbol:{top['value']}", limit=1000)
    assert narrowed.total == top["count"]
    assert sum(f["count"] for f in body["years"]) <= body["counted"]


@pytest.mark.parametrize(("url", "status", "says"), [
    ("/api/search", 400, "'q' is required"),
    ("/api/search?q=*", 400, "nothing to search for"),
    ("/api/search?q=%20%20", 400, "'q' is required"),
    ("/api/search?q=CDM&limit=abc", 400, "whole number"),
    ("/api/search?q=CDM&limit=0", 400, "between 1 and 100"),
    ("/api/search?q=CDM&limit=101", 400, "between 1 and 100"),
    ("/api/search?q=CDM&offset=-1", 400, "between 0 and 10000"),
    ("/api/search?q=CDM&limit=1e3", 400, "whole number"),
    ("/api/search?q=" + "a" * 501, 400, "longer than 500"),
    ("/api/sections/nosuch:1", 404, "no section"),
    ("/api/docs/nosuch", 404, "no document"),
    ("/api/refs/not-a-symbol", 400, "not a UN document symbol"),
    ("/api/refs/FCCC/SBI/1999/99", 404, "not cited"),
    ("/api/symbols?kind=bogus", 400, "must be one of"),
    ("/api/nothing-here", 404, "Not Found"),
])
def test_api_errors_are_json_with_a_fitting_status(
    client: TestClient, url: str, status: int, says: str
) -> None:
    response = client.get(url)
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status and says in body["error"]
    assert "Traceback" not in response.text


def test_a_missing_index_is_503_not_a_traceback(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "none")) as missing:
        response = missing.get("/api/search?q=CDM")
        assert response.status_code == 503 and "no copdocs index" in response.json()["error"]
        page = missing.get("/?q=CDM")
        assert page.status_code == 503 and "<html" in page.text


def test_an_internal_error_is_a_500_without_details(library: Library) -> None:
    class Broken(Library):
        def search(self, *args, **kwargs):
            raise RuntimeError("secret internals")

    app = create_app(Broken(library.index_dir))
    with TestClient(app, raise_server_exceptions=False) as broken:
        for url in ("/api/search?q=CDM", "/?q=CDM"):
            response = broken.get(url)
            assert response.status_code == 500
            assert "secret internals" not in response.text and "Traceback" not in response.text


# --- headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/?q=CDM", "/api/search?q=CDM", "/static/style.css",
                                 "/nothing", "/api/search"])
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    headers = client.get(url).headers
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"


def test_only_the_allowed_host_names_are_answered(library: Library) -> None:
    app = create_app(library, allowed_hosts=serve.allowed_hosts("127.0.0.1"))
    with TestClient(app, base_url="http://127.0.0.1:8000") as local:
        for host in ("127.0.0.1:8000", "localhost:8000", "LOCALHOST", "[::1]:8000"):
            assert local.get("/api/docs", headers={"host": host}).status_code == 200, host
        for host in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", ""):
            assert local.get("/api/docs", headers={"host": host}).status_code == 400, host
    assert serve.allowed_hosts("0.0.0.0") is None


def test_the_language_switch_stays_on_this_site(client: TestClient) -> None:
    response = client.get("/%2Fevil.example/x")  # the path //evil.example/x
    assert response.status_code == 404
    assert 'href="/evil.example/x?lang=en"' in response.text


# --- the search page -------------------------------------------------------------------------


def test_search_page_keeps_the_query_and_marks_the_matches(client: TestClient,
                                                            library: Library) -> None:
    response = client.get("/", params={"q": "調適基金"})
    assert response.status_code == 200
    html = response.text
    assert 'value="調適基金"' in html
    page = Page(html)
    page.assert_inert()
    first = html.index('class="hit"')
    assert '<span class="number">3.13</span>' in html[first:first + 800]
    assert "<mark>調適基金</mark>" in html[first:]
    assert shown_count(library, "調適基金") in html
    assert '<html lang="zh-Hant">' in html


def test_search_hits_show_document_and_heading_path(client: TestClient) -> None:
    html = client.get("/", params={"q": "國際交易日誌"}).text
    hit = html[html.index('class="hit"'):]
    hit = hit[:hit.index("</li>")]
    assert "3.8" in hit and "第3章 會議議題分析" in hit and "聯合國氣候變化綱要公約" in hit
    assert "/section/" in hit and "/doc/" in hit


def test_hits_and_documents_show_their_year(client: TestClient, library: Library) -> None:
    html = client.get("/", params={"q": "adaptation fund"}).text
    hits = html.split('class="hit"')[1:]
    dated = {d.doc_id: d.year for d in library.docs() if d.year}
    for hit in hits:
        doc_id = hit.split('href="/doc/')[1].split('"')[0]
        year = dated.get(doc_id)
        assert (f'<span class="year">{year}</span>' in hit) == bool(year)
    assert any('<span class="year">' in hit for hit in hits)
    enb = next(d for d in library.docs() if d.date and d.year)
    page = client.get(f"/doc/{enb.doc_id}").text
    assert f"<dd>{enb.date}</dd>" in page and f">{enb.year}</a></dd>" in page


@pytest.mark.parametrize("query",
                         ["調適基金", "REDD", "CDM", "1/CP.13", '"HFC-23計畫"', "=調適基金"])
def test_highlight_marks_what_the_search_marks(library: Library, query: str) -> None:
    hits = library.search(query, limit=30).hits
    assert hits
    for hit in hits:
        assert library.highlight(query, library.section(hit.section_id).text) == hit.matches


def test_hits_found_through_another_form_say_which(client: TestClient, library: Library
                                                   ) -> None:
    found = [h for h in library.search("REDD", limit=10).hits if h.via]
    assert found
    html = client.get("/", params={"q": "REDD"}).text
    for hit in found:
        item = html[html.index(f'data-section="{hit.section_id}"'):]
        assert f'<span class="via">經由「{hit.via}」比對</span>' in item[:item.index("</li>")]
    section = client.get(f"/section/{found[0].section_id}", params={"q": "REDD"}).text
    assert found[0].via in Page(section).marks  # the section marks the form it was found by


def facet_links(html: str, field: str) -> list[tuple[str, str]]:
    """(href, query) of the facet links of one group."""
    group = html[html.index(f'id="facet-{field}"'):]
    group = group[:group.index("</section>")]
    links = []
    for chunk in group.split('href="')[1:]:
        href = chunk[:chunk.index('"')].replace("&amp;", "&")
        links.append((href, parse_qs(urlsplit(href).query)["q"][0]))
    return links


def test_facets_link_to_the_query_with_the_filter_added(client: TestClient,
                                                        library: Library) -> None:
    html = client.get("/", params={"q": "adaptation fund"}).text
    docs = facet_links(html, "doc")
    years = facet_links(html, "year")
    symbols = facet_links(html, "symbol")
    assert docs and years and symbols
    href, narrowed = docs[0]
    assert narrowed.startswith("adaptation fund doc:")
    doc_id = narrowed.split("doc:")[1]
    followed = client.get(href).text
    assert f'value="adaptation fund doc:{doc_id}"' in followed
    assert 'class="chip"' in followed
    hits = library.search(narrowed, limit=100).hits
    assert hits and {h.doc_id for h in hits} == {doc_id}
    assert 'class="active"' in followed[followed.index('id="facet-doc"'):]
    assert facet_links(followed, "doc") == []  # the one document left is the filter in use
    assert all(q.count("doc:") == 1 and "year:" in q for _, q in facet_links(followed, "year"))
    assert years[0][1].startswith("adaptation fund year:")
    assert all(q.count("symbol:") == 1 for _, q in symbols)


def test_the_count_is_exact_when_the_facets_counted_every_match(client: TestClient,
                                                                library: Library) -> None:
    query = "=CDM"  # as typed: the termbase adds no other forms
    assert not library.search(query, limit=10).exact
    everything = library.search(query, limit=1000)
    assert everything.exact and library.facets(query).complete
    html = client.get("/", params={"q": query}).text
    assert f"共 {everything.total} 個章節符合" in html
    assert "計數只涵蓋" not in html
    expanded = library.facets("CDM")  # its other forms may match their words apart
    assert not expanded.capped and not expanded.complete
    assert client.get("/api/facets", params={"q": "CDM"}).json()["complete"] is False


def test_capped_facets_say_so(library: Library) -> None:
    with TestClient(create_app(library, facet_cap=5)) as capped:
        html = capped.get("/", params={"q": "CDM"}).text
    assert "計數只涵蓋前 5 個符合的章節" in html
    assert "超過" in html  # the count stays a lower bound
    facets = library.facets("CDM", cap=5)
    assert facets.capped and facets.counted == 5
    assert sum(f.count for f in facets.documents) == 5


def test_paging_through_results(client: TestClient, library: Library) -> None:
    first = client.get("/", params={"q": "the"}).text
    assert '<ol class="hits" start="1">' in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = client.get("/", params={"q": "the", "page": 2}).text
    assert '<ol class="hits" start="11">' in second
    assert 'rel="prev"' in second and 'aria-current="page" aria-label="第 2 頁"' in second
    expected = library.search("the", limit=10, offset=10).hits
    assert second.index(expected[0].section_id) < second.index(expected[1].section_id)
    past = client.get("/", params={"q": "調適基金", "page": 50})
    assert past.status_code == 200 and "已超過最後一筆" in past.text
    assert client.get("/", params={"q": "the", "page": "x"}).status_code == 400
    assert client.get("/", params={"q": "the", "page": 100000}).status_code == 400


def test_empty_results_say_so_and_suggest(client: TestClient) -> None:
    html = client.get("/", params={"q": '"adaptation zebra" year:1999'}).text
    assert "找不到符合" in html
    assert "移除篩選條件 year:1999" in html
    assert "不加引號搜尋" in html
    assert "adaptation OR zebra" in html


def test_a_query_with_nothing_to_search_is_a_400_page(client: TestClient) -> None:
    response = client.get("/", params={"q": "*"})
    assert response.status_code == 400
    assert "查詢裡沒有可以搜尋的內容" in response.text and 'value="*"' in response.text


def test_a_symbol_typed_in_the_search_box_leads_to_its_page(client: TestClient) -> None:
    html = client.get("/", params={"q": "fccc/sbsta/2007/l.19"}).text
    assert 'href="/symbol/FCCC/SBSTA/2007/L.19"' in html
    assert "FCCC/SBSTA/2007/L.19" in html and "聯合國文件符號" in html
    symbol_filter = client.get("/", params={"q": "symbol:1/CP.13"}).text
    assert 'href="/symbol/1/CP.13"' in symbol_filter


def test_searching_one_document_from_its_page(client: TestClient, library: Library) -> None:
    doc_id = next(d.doc_id for d in library.docs() if d.source.endswith("cop13-report.txt"))
    response = client.get("/", params={"q": "調適", "doc": doc_id}, follow_redirects=False)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response.headers["location"]).query)["q"] == [f"調適 doc:{doc_id}"]


# --- section, document, symbol pages ---------------------------------------------------------


def report_section(library: Library, number: str):
    doc_id = next(d.doc_id for d in library.docs() if d.source.endswith("cop13-report.txt"))
    return next(s for s in library.sections(doc_id) if s.number == number)


def test_section_page(client: TestClient, library: Library) -> None:
    section = report_section(library, "3.13")
    response = client.get(f"/section/{section.section_id}", params={"q": "調適基金"})
    assert response.status_code == 200
    html = response.text
    Page(html).assert_inert()
    marks = Page(html).marks
    assert marks.count("調適基金") == len(library.highlight("調適基金", section.text)) + 1
    assert '<mark id="m1">' in html and 'href="#m1"' in html
    parent = library.section(section.parent_id)
    assert f'href="/section/{render.path_url("", parent.section_id)}?q=' in html  # heading path
    ordered = library.sections(section.doc_id)
    position = [s.section_id for s in ordered].index(section.section_id)
    for neighbour, rel in ((ordered[position - 1], "prev"), (ordered[position + 1], "next")):
        assert f'rel="{rel}" href="{render.path_url("/section/", neighbour.section_id)}' in html
    assert 'href="/symbol/-/CMP.3"' in html and 'href="/symbol/1/CMP.3"' in html
    assert f'href="/source/{section.doc_id}"' in html
    assert f'href="/doc/{section.doc_id}"' in html


def test_section_text_links_its_symbols_where_they_are_cited(client: TestClient,
                                                             library: Library) -> None:
    hit = library.search("FCCC/SBSTA/2007/L.19", limit=1).hits[0]
    html = client.get(f"/section/{hit.section_id}").text
    text = html[html.index('class="section-text"'):]
    assert '<a class="symbol" href="/symbol/FCCC/SBSTA/2007/L.19"' in text


def test_unknown_pages_are_404(client: TestClient) -> None:
    for url in ("/section/nosuch:3", "/doc/nosuch", "/source/nosuch", "/nowhere"):
        response = client.get(url)
        assert response.status_code == 404 and "<html" in response.text


def test_document_page_shows_its_outline_as_a_tree(client: TestClient,
                                                   library: Library) -> None:
    section = report_section(library, "3.13")
    html = client.get(f"/doc/{section.doc_id}").text
    outline = html[html.index('class="outline"'):]
    chapter = outline.index("第3章")
    nested = outline.index("3.13", chapter)
    assert outline.count("<ul>", chapter, nested) == 1  # 3.13 sits one level under its chapter
    assert len(library.sections(section.doc_id)) == outline.count("<li>")
    symbol_doc = next(d for d in library.docs() if d.symbol)
    meta = client.get(f"/doc/{symbol_doc.doc_id}").text
    assert f'href="/symbol/{symbol_doc.symbol}"' in meta
    assert f'href="https://undocs.org/{symbol_doc.symbol}"' in meta


def test_symbol_page(client: TestClient, library: Library) -> None:
    typed = client.get("/symbol/fccc/sbsta/2007/l.20", follow_redirects=False)
    assert typed.status_code == 302 and typed.headers["location"] == "/symbol/FCCC/SBSTA/2007/L.20"
    html = client.get("/symbol/FCCC/SBSTA/2007/L.20").text
    found = library.refs("FCCC/SBSTA/2007/L.20")
    assert 'href="https://undocs.org/FCCC/SBSTA/2007/L.20"' in html
    cites = [h for h in found.hits if h.relation == "cites"]
    assert f"引用處（{len(cites)}）" in html
    assert 'href="/symbol/FCCC/SBSTA/2007/L.20/Add.1/Rev.1"' in html  # a relative
    for hit in cites:
        assert f'href="{render.path_url("/section/", hit.section_id)}"' in html
        assert f'href="/doc/{hit.doc_id}"' in html
    decision = client.get("/symbol/1/CP.13").text
    assert "Bali Action Plan" in decision and "undocs.org" not in decision
    itself = client.get("/symbol/FCCC/SBI/2015/10").text
    assert "就是此符號的文件或決定" in itself


def test_symbol_pages_for_nothing_cited_and_for_non_symbols(client: TestClient) -> None:
    uncited = client.get("/symbol/FCCC/SBI/1999/99")
    assert uncited.status_code == 404 and "索引中沒有章節引用 FCCC/SBI/1999/99" in uncited.text
    assert client.get("/symbol/hello").status_code == 400


def test_lists_of_documents_and_symbols(client: TestClient, library: Library) -> None:
    docs = client.get("/docs").text
    assert all(f'href="/doc/{d.doc_id}"' in docs for d in library.docs())
    decisions = client.get("/symbols", params={"kind": "decision"}).text
    assert 'href="/symbol/1/CP.13"' in decisions and "/symbol/FCCC/" not in decisions
    assert client.get("/symbols", params={"kind": "x"}).status_code == 400


# --- language -------------------------------------------------------------------------------


def test_language_switch_by_parameter_and_cookie(library: Library) -> None:
    with TestClient(create_app(library)) as fresh:
        chinese = fresh.get("/", params={"q": "CDM"}).text
        assert '<html lang="zh-Hant">' in chinese and ">搜尋</button>" in chinese
        switch = Page(chinese).urls
        to_english = next(u for u in switch if "lang=en" in u)
        english = fresh.get(to_english.replace("&amp;", "&"))
        assert '<html lang="en">' in english.text and ">Search</button>" in english.text
        assert "matching sections" in english.text and 'value="CDM"' in english.text
        assert english.cookies.get("lang") == "en"
        later = fresh.get("/docs").text  # the cookie keeps the choice
        assert '<html lang="en">' in later and "Documents" in later
        back = fresh.get("/docs", params={"lang": "zh-Hant"}).text
        assert '<html lang="zh-Hant">' in back
        assert fresh.get("/", params={"lang": "fr"}).status_code == 400


# --- hostile documents and queries ----------------------------------------------------------


def test_hostile_documents_render_as_text(hostile_client: TestClient, hostile_index: Path
                                          ) -> None:
    library = Library(hostile_index)
    html = hostile_client.get("/", params={"q": HOSTILE_WORD}).text
    page = Page(html)
    page.assert_inert()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert all(mark == HOSTILE_WORD for mark in page.marks)
    assert "&lt;mark&gt;not a match&lt;/mark&gt; &lt;/mark&gt;" in html
    urls = []
    for doc in library.docs():
        urls.append(f"/doc/{doc.doc_id}")
        urls += [f"/section/{s.section_id}?q={HOSTILE_WORD}" for s in library.sections(doc.doc_id)]
    urls += ["/docs", "/symbol/FCCC/SBSTA/2007/L.19", "/symbols"]
    for url in urls:
        response = hostile_client.get(url)
        assert response.status_code == 200, url
        Page(response.text).assert_inert()
        assert "<script>window" not in response.text


@pytest.mark.parametrize("query", [
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=1">',
    "javascript:window.__pwned=1 調適基金",
    "' onmouseover='window.__pwned=1",
    '調適基金 OR "<img src=x onerror=window.__pwned=1>"',  # with hits
])
def test_hostile_queries_render_as_text(client: TestClient, library: Library, query: str
                                        ) -> None:
    for url in ("/", "/section/" + report_section(library, "3.13").section_id):
        response = client.get(url, params={"q": query})
        assert response.status_code in (200, 400)
        page = Page(response.text)
        page.assert_inert()
        assert query not in response.text or query.startswith("javascript")
        assert "<" not in query or "&lt;" in response.text


# --- source files ----------------------------------------------------------------------------


def test_source_files_are_served_by_document_id_only(client: TestClient, library: Library
                                                     ) -> None:
    doc = next(d for d in library.docs() if d.source.endswith("cop13-report.txt"))
    response = client.get(f"/source/{doc.doc_id}")
    assert response.status_code == 200
    assert response.content == REPORT_TXT.read_bytes()
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert "sandbox" in response.headers["content-security-policy"]
    docx = next(d for d in library.docs() if d.source.endswith(".docx"))
    download = client.get(f"/source/{docx.doc_id}")
    assert download.headers["content-disposition"].startswith("attachment")
    assert "wordprocessingml" in download.headers["content-type"]
    for url in ("/source/..%2F..%2F..%2Fetc%2Fpasswd", "/source/%2Fetc%2Fpasswd",
                "/source/../../etc/passwd", f"/source/{doc.doc_id}/../../etc/passwd",
                "/source/" + quote(str(REPORT_TXT), safe=""), "/source/"):
        assert client.get(url).status_code == 404, url


def test_pdf_pages_in_hits_sections_and_source_links(client: TestClient, library: Library
                                                     ) -> None:
    pdf = next(d for d in library.docs() if d.format == "pdf")
    hit = library.search(f"調適基金 doc:{pdf.doc_id}", limit=1).hits[0]
    assert hit.page
    html = client.get("/", params={"q": f"調適基金 doc:{pdf.doc_id}"}).text
    first = html[html.index('class="hit"'):]
    assert f'<span class="page">第 {hit.page} 頁</span>' in first[:first.index("</li>")]
    section = library.section(hit.section_id)
    first_page, last_page = section.pages
    page = client.get(f"/section/{hit.section_id}").text
    assert f'href="/source/{pdf.doc_id}#page={first_page}"' in page
    assert f"第 {first_page}–{last_page} 頁" in page or first_page == last_page
    source = client.get(f"/source/{pdf.doc_id}")
    assert source.status_code == 200 and source.headers["content-type"] == "application/pdf"
    assert source.headers["content-disposition"].startswith("inline")
    assert "sandbox" not in source.headers["content-security-policy"]
    assert source.content[:5] == b"%PDF-"
    text = next(d for d in library.docs() if d.source.endswith("cop13-report.txt"))
    assert "#page=" not in client.get(f"/doc/{text.doc_id}").text


def test_html_sources_are_sandboxed(hostile_client: TestClient, hostile_index: Path) -> None:
    doc = next(d for d in Library(hostile_index).docs() if d.format == "html")
    response = hostile_client.get(f"/source/{doc.doc_id}")
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/html")
    assert response.headers["content-security-policy"].startswith("sandbox")


def test_a_source_file_gone_or_replaced_by_a_link_is_not_served(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / "enb" / "enb12343e.md", folder / "a.md")
    index = tmp_path / "index"
    Library(index).ingest([folder], jobs=1)
    with TestClient(create_app(index)) as local:
        doc_id = local.get("/api/docs").json()["documents"][0]["doc_id"]
        assert local.get(f"/source/{doc_id}").status_code == 200
        (folder / "a.md").unlink()
        (folder / "a.md").symlink_to("/etc/hostname")
        assert local.get(f"/source/{doc_id}").status_code == 404
        (folder / "a.md").unlink()
        assert local.get(f"/source/{doc_id}").status_code == 404
        assert "原始檔案已不在原處" in local.get(f"/doc/{doc_id}").text


# --- the index changes while the server runs -------------------------------------------------


def test_new_commits_show_up_without_restarting(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(CORPUS / "enb" / "enb12343e.md", folder / "a.md")
    index = tmp_path / "index"
    Library(index).ingest([folder], jobs=1)
    with TestClient(create_app(index)) as local:
        # as typed: the termbase would also find "Adaptation Fund" in the bulletin
        assert local.get("/api/search", params={"q": "=調適基金"}).json()["hits"] == []
        shutil.copy(REPORT_TXT, folder / "report.txt")
        Library(index).ingest([folder], jobs=1)  # another writer, as another process would be
        hits = local.get("/api/search", params={"q": "=調適基金"}).json()["hits"]
        assert hits and hits[0]["number"] == "3.13"
        assert len(local.get("/api/docs").json()["documents"]) == 2


@pytest.mark.slow  # hundreds of searches
def test_one_library_serves_many_threads_at_once(corpus_index: Path) -> None:
    queries = ["調適基金", "adaptation fund", "1/CP.13", "CDM OR 清潔發展機制", "碳", "京都議定書"]
    with Library(corpus_index) as shared:
        expected = {q: [h.to_json() for h in shared.search(q, limit=20).hits] for q in queries}

        def work(n: int) -> list[str]:
            wrong = []
            for i in range(30):
                query = queries[(n + i) % len(queries)]
                if [h.to_json() for h in shared.search(query, limit=20).hits] != expected[query]:
                    wrong.append(query)
                shared.facets(query)
                shared.section(expected[query][0]["section_id"])
            return wrong

        with ThreadPoolExecutor(8) as pool:
            assert [w for found in pool.map(work, range(8)) for w in found] == []


# --- rendering helpers ----------------------------------------------------------------------


def test_marked_text_escapes_everything_and_splits_marks_at_links() -> None:
    text = "<b>x</b> FCCC/CP/2007/6 & 調適基金"
    start = text.index("FCCC")
    html = render.marked_text(
        text, [(0, 3), (start + 5, start + 14), (text.index("調"), len(text))],
        [render.Link(start, start + 14, "/symbol/FCCC/CP/2007/6", 'x"y')],
    )
    assert str(html) == (
        '<mark id="m1">&lt;b&gt;</mark>x&lt;/b&gt; <a class="symbol" href="/symbol/FCCC/CP/2007/6"'
        ' title="x&#34;y">FCCC/<mark>CP/2007/6</mark></a> &amp; <mark>調適基金</mark>'
    )
    assert str(render.marked_parts([("<i>", False), ("a&b", True)])) == (
        "&lt;i&gt;<mark>a&amp;b</mark>")


def test_query_filters_are_added_replaced_and_removed() -> None:
    assert params.with_filter("調適 doc:a", "doc", "b") == "調適 doc:b"
    assert params.with_filter("調適 symbol:1/CP.13", "symbol", "2/CP.13") == (
        "調適 symbol:1/CP.13 symbol:2/CP.13")
    assert params.with_filter("x -doc:a", "doc", "b") == "x -doc:a doc:b"
    assert params.query_filters('a year:2007 "b" -doc:x') == [("year", "2007", "year:2007")]
    assert params.without("a year:2007 b", "year:2007") == "a b"
    assert params.words_only("adaptation year:2007 doc:x") == "adaptation"
