"""The search pages in a real Chromium (Playwright): the whole flow a delegation member follows,
language, keyboard, phone width, and hostile documents whose script must never run.

Screenshots of the main pages go to build/screenshots/. Skipped where Chromium or Playwright is
not installed (`.ci/run` installs Debian's chromium).
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pytest
from conftest import HOSTILE_WORD, ROOT
from helpers import shown_count

from copdocs import Library
from copdocs.web.app import create_app

CHROMIUM = shutil.which("chromium") or next(
    (p for p in ("/usr/bin/chromium",) if Path(p).is_file()), None
)
try:
    from playwright.sync_api import Page, sync_playwright
except ImportError:  # the test extra is not installed
    sync_playwright = None

pytestmark = [
    pytest.mark.slow,  # a Chromium process per test module
    pytest.mark.skipif(sync_playwright is None, reason="playwright is not installed "
                       "(pip install -e '.[test]')"),
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium executable "
                       "(Debian: apt-get install chromium; .ci/run does it)"),
]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
SCREENSHOTS = ROOT / "build" / "screenshots"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@contextmanager
def live_server(index: Path) -> Iterator[str]:
    """The application under uvicorn in a thread, on a free port of 127.0.0.1."""
    import uvicorn

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(index, allowed_hosts=["127.0.0.1"]), log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(600):  # polled for up to 30 s
        if server.started or not thread.is_alive():
            break
        time.sleep(0.05)
    if not server.started:
        raise RuntimeError("the test server did not start")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def server(corpus_index: Path) -> Iterator[str]:
    with live_server(corpus_index) as url:
        yield url


@pytest.fixture(scope="module")
def hostile_server(hostile_index: Path) -> Iterator[str]:
    with live_server(hostile_index) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Watched:
    """A page with what went wrong on it collected: CSP violations, script errors, dialogs."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("dialog", self._dialog)

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _dialog(self, dialog) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport=LAPTOP, locale="zh-TW")
    opened = context.new_page()
    watched = Watched(opened)
    yield opened
    context.close()
    assert watched.problems == []


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def search_for(page: Page, query: str) -> None:
    page.fill("#q", query)
    with page.expect_navigation():
        page.press("#q", "Enter")


def test_search_open_follow_a_symbol_to_a_citing_document(page: Page, server: str,
                                                          corpus_index: Path) -> None:
    with Library(corpus_index) as library:
        count = shown_count(library, "調適基金")
    page.goto(server + "/")
    search_for(page, "調適基金")
    first = page.locator(".hit").first
    assert first.locator(".number").inner_text() == "3.13"
    assert first.locator(".snippet mark").first.inner_text() == "調適基金"
    assert page.input_value("#q") == "調適基金"
    assert count in page.locator(".count").inner_text()
    screenshot(page, "search")

    with page.expect_navigation():
        first.locator(".hit-title a").click()
    assert "/section/" in page.url
    assert page.locator("h1").inner_text().startswith("3.13")
    assert page.locator(".section-text mark").count() >= 5
    assert page.locator(".breadcrumb a").count() == 2  # the document and the chapter
    screenshot(page, "section")

    cited = page.locator(".cited a").first
    symbol = cited.inner_text()
    with page.expect_navigation():
        cited.click()
    assert unquote(page.url).endswith(f"/symbol/{symbol}")
    assert page.locator("h1").inner_text() == symbol
    citing = page.locator(".refs .ref-list .doc-link").first
    title = citing.inner_text()
    screenshot(page, "symbol")

    with page.expect_navigation():
        citing.click()
    assert "/doc/" in page.url
    assert page.locator("h1").inner_text() == title
    assert page.locator(".outline li").count() > 10
    screenshot(page, "document")


def test_narrow_by_a_facet_then_remove_it(page: Page, server: str) -> None:
    page.goto(server + "/")
    search_for(page, "adaptation fund")
    before = page.locator(".hit").count()
    facet = page.locator("#facet-doc ~ ul a.facet-label").first
    expected = int(page.locator("#facet-doc ~ ul .facet-count").first.inner_text())
    with page.expect_navigation():
        facet.click()
    query = page.input_value("#q")
    assert query.startswith("adaptation fund doc:")
    doc_id = query.split("doc:")[1]
    assert page.locator(".chip").count() == 1
    documents = [a.get_attribute("href") for a in page.locator(".hit .doc-link").all()]
    assert documents and set(documents) == {f"/doc/{doc_id}"}
    assert len(documents) == min(expected, 10) and before == 10
    with page.expect_navigation():
        page.locator(".chip-remove").click()
    assert page.input_value("#q") == "adaptation fund"


def test_page_through_results(page: Page, server: str) -> None:
    page.goto(server + "/")
    search_for(page, "the")
    first_ids = page.locator(".hit .section-id").all_inner_texts()
    with page.expect_navigation():
        page.locator("a[rel=next]").first.click()
    assert page.locator("ol.hits").get_attribute("start") == "11"
    assert page.locator(".pagination [aria-current=page]").inner_text() == "2"
    second_ids = page.locator(".hit .section-id").all_inner_texts()
    assert len(second_ids) == 10 and not set(first_ids) & set(second_ids)
    with page.expect_navigation():
        page.locator("a[rel=prev]").first.click()
    assert page.locator(".hit .section-id").all_inner_texts() == first_ids


def test_switch_the_language_and_keep_it(page: Page, server: str) -> None:
    page.goto(server + "/?q=CDM")
    assert page.get_attribute("html", "lang") == "zh-Hant"
    assert page.locator(".search-row button").inner_text() == "搜尋"
    with page.expect_navigation():
        page.locator(".lang-switch").click()
    assert page.get_attribute("html", "lang") == "en"
    assert page.locator(".search-row button").inner_text() == "Search"
    assert page.input_value("#q") == "CDM"
    screenshot(page, "search-en")
    with page.expect_navigation():
        page.get_by_role("link", name="Documents", exact=True).click()
    assert page.get_attribute("html", "lang") == "en"
    with page.expect_navigation():
        page.locator(".lang-switch").click()
    assert page.get_attribute("html", "lang") == "zh-Hant"


def test_a_symbol_typed_in_the_search_box(page: Page, server: str) -> None:
    page.goto(server + "/")
    search_for(page, "fccc/sbsta/2007/l.19")
    with page.expect_navigation():
        page.locator(".callout a").click()
    assert page.url.endswith("/symbol/FCCC/SBSTA/2007/L.19")
    assert page.locator(".refs").count() >= 1


def test_keyboard_skip_link_focus_and_slash(page: Page, server: str) -> None:
    page.goto(server + "/?q=調適基金")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_phone_width_has_no_sideways_scrolling(browser, server: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    try:
        for url, name in (("/?q=調適基金", "search-phone"), ("/symbol/1/CP.13", None),
                          ("/docs", None)):
            page.goto(server + url)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), url
            if name:
                screenshot(page, name)
        page.goto(server + "/?q=調適基金")
        with page.expect_navigation():
            page.locator(".hit-title a").first.click()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        screenshot(page, "section-phone")
    finally:
        context.close()


def pwned(page: Page) -> bool:
    return page.evaluate("typeof window.__pwned !== 'undefined'")


def test_hostile_documents_never_run_script(browser, hostile_server: str) -> None:
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(hostile_server + "/")
        search_for(page, HOSTILE_WORD)
        assert page.locator(".hit").count() >= 4
        snippets = " ".join(page.locator(".snippet").all_inner_texts())
        assert "<script>window.__pwned=1</script>" in snippets  # shown as text
        assert not pwned(page)
        screenshot(page, "hostile-search")
        sections = [a.get_attribute("href") for a in page.locator(".hit-title a").all()]
        docs = {a.get_attribute("href") for a in page.locator(".hit .doc-link").all()}
        for url in [*sections, *sorted(docs), "/docs", "/symbol/FCCC/SBSTA/2007/L.19"]:
            page.goto(hostile_server + url)
            assert not pwned(page), url
            for link in page.locator("a").all():
                href = (link.get_attribute("href") or "").strip().lower()
                assert not href.startswith("javascript:"), url
        page.goto(hostile_server + sections[0])
        if page.locator(".section-text a.symbol").count():
            with page.expect_navigation():
                page.locator(".section-text a.symbol").first.click()
            assert not pwned(page)
        html_doc = next(u for u in sorted(docs)
                        if "html" in page.context.request.get(hostile_server + "/api" + u.replace(
                            "/doc/", "/docs/")).json()["format"])
        page.goto(hostile_server + html_doc.replace("/doc/", "/source/"))
        assert not pwned(page)
        for query in ("<script>window.__pwned=1</script>",
                      f'{HOSTILE_WORD} "><img src=x onerror="window.__pwned=1">'):
            page.goto(hostile_server + "/")
            search_for(page, query)
            assert page.input_value("#q") == query
            assert not pwned(page)
        assert dialogs == []
    finally:
        context.close()


CONTRAST_PROBE = """selector => [...document.querySelectorAll(selector)].slice(0, 3).map(el => {
  let background = "rgba(0, 0, 0, 0)";
  for (let e = el; e && /rgba\\(.*, 0\\)|transparent/.test(background); e = e.parentElement) {
    background = getComputedStyle(e).backgroundColor;
  }
  if (/rgba\\(.*, 0\\)|transparent/.test(background)) background = "rgb(255, 255, 255)";
  return [getComputedStyle(el).color, background];
})"""


def luminance(css: str) -> float:
    red, green, blue = (int(v) / 255 for v in css[css.index("(") + 1:css.index(")")].split(",")[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
              for c in (red, green, blue)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_contrast_labels_and_headings(page: Page, server: str) -> None:
    checked = 0
    for url in ("/?q=調適基金", "/symbol/FCCC/SBSTA/2007/L.20", "/docs"):
        page.goto(server + url)
        assert page.locator("h1").count() == 1, url
        assert page.locator("main#main").count() == 1 and page.locator("nav").count() >= 1
        for field in page.locator("input:not([type=hidden])").all():
            field_id = field.get_attribute("id")
            assert field_id and page.locator(f"label[for={field_id}]").count() == 1, url
        for selector in ("p", "a", "mark", "button", ".facet-count", ".section-id", ".hint",
                         ".trail", "th", "td", "dt", ".kind", ".lang-switch"):
            for foreground, background in page.evaluate(CONTRAST_PROBE, selector):
                assert contrast(foreground, background) >= 4.5, (url, selector, foreground)
                checked += 1
    assert checked > 40
