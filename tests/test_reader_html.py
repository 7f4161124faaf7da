"""HtmlReader: the report as a web page, encodings, page chrome, structure, hostile input."""

from __future__ import annotations

import functools
import html
from pathlib import Path

import docx
import pytest
from docx.table import Table
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from copdocs.errors import ReadError
from pipeline.model import BlockKind, ParsedFile
from pipeline.readers import html as html_reader
from pipeline.readers.html import HtmlReader

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
REPORT_DOCX = SEED / "cop13-report.docx"

CHROME = """<nav><a href="/">首頁 NAVLINK</a></nav><header><p>SITE HEADER 環保署</p></header>
<script>var SCRIPT_TEXT = "<p>not text</p>";</script><style>p { STYLE_TEXT: 1 }</style>
<noscript>NOSCRIPT_TEXT</noscript><template><p>TEMPLATE_TEXT</p></template>
<!-- COMMENT_TEXT -->"""
FOOTER = "<footer><p>SITE FOOTER 版權所有</p></footer>"
CHROME_WORDS = [
    "NAVLINK",
    "SITE HEADER",
    "SCRIPT_TEXT",
    "STYLE_TEXT",
    "NOSCRIPT_TEXT",
    "TEMPLATE_TEXT",
    "COMMENT_TEXT",
    "SITE FOOTER",
]


def read(data: bytes | str, name: str = "page.html") -> ParsedFile:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return HtmlReader().read(data, name)


def kinds_and_texts(parsed: ParsedFile) -> list[tuple[BlockKind, str]]:
    return [(b.kind, b.text) for b in parsed.blocks]


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# --- the report as a web page ------------------------------------------------------------------


@functools.cache
def report_body() -> tuple[str, str, tuple[tuple[int, str], ...]]:
    """The report as HTML: <hN> for its heading-styled paragraphs, <p> and tables for the rest.

    Returns the title, the body markup (with page chrome around it) and the headings.
    """
    document = docx.Document(str(REPORT_DOCX))
    parts, headings = [], []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = (
                "<tr>" + "".join(f"<td>{html.escape(c.text)}</td>" for c in row.cells) + "</tr>"
                for row in item.rows
            )
            parts.append("<table>" + "".join(rows) + "</table>")
            continue
        text = item.text.strip()
        if not text:
            continue
        style = item.style.name if item.style is not None else ""
        if style.startswith("Heading "):
            level = int(style.split()[1])
            headings.append((level, text))
            parts.append(f"<h{level}>{html.escape(text)}</h{level}>")
        else:
            parts.append(f"<p>{html.escape(text)}</p>")
    body = CHROME + "\n".join(parts) + FOOTER
    return html.escape(document.core_properties.title), body, tuple(headings)


def report_page(meta: str = "") -> tuple[str, list[tuple[int, str]]]:
    title, body, headings = report_body()
    return page(body, f"{meta}<title>{title}</title>"), list(headings)


@pytest.fixture(scope="module")
def report() -> tuple[str, list[tuple[int, str]]]:
    if not REPORT_DOCX.is_file():
        pytest.skip("shared seed report not present")
    return report_page()


def test_report_page_gives_the_same_39_headings(report) -> None:
    text, headings = report
    parsed = read(text)
    assert len(headings) == 39
    # HTML collapses whitespace runs: "摘     要" reads "摘 要".
    expected = [(level, " ".join(text.split())) for level, text in headings]
    assert [(b.level, b.text) for b in parsed.blocks if b.kind == BlockKind.HEADING] == expected
    assert parsed.title == "聯合國氣候變化綱要公約第13屆締約國大會暨京都議定書第3屆締約國會議"
    assert parsed.encoding == "utf-8"
    rows = [b.text for b in parsed.blocks if b.kind == BlockKind.TABLE_ROW]
    assert rows[0] == "Session | Dates" and len(rows) == 5


def test_report_page_has_no_chrome(report) -> None:
    text, _ = report
    everything = "\n".join(b.text for b in read(text).blocks)
    for word in CHROME_WORDS:
        assert word not in everything
    assert "首頁" not in everything and "版權所有" not in everything


def test_report_page_in_cp950_with_and_without_meta_charset(report) -> None:
    _, headings = report
    expected = kinds_and_texts(read(report[0]))
    for meta in (
        '<meta charset="big5">',
        '<meta http-equiv="Content-Type" content="text/html; charset=big5">',
        "",
    ):
        text, _ = report_page(meta)
        # Characters Big5 lacks (simplified forms quoted from UN texts) as character references.
        data = text.encode("cp950", errors="xmlcharrefreplace")
        parsed = read(data)
        assert parsed.encoding == "cp950", meta
        assert kinds_and_texts(parsed) == expected, meta


def test_mislabelled_cp950_page_is_not_read_as_latin1() -> None:
    body = "<h1>第3章 會議議題分析</h1><p>峇里島行動計畫(Bali Action Plan)，調適基金。</p>"
    for meta in ('<meta charset="iso-8859-1">', '<meta charset="utf-8">'):
        parsed = read(page(body, meta).encode("cp950"))
        assert parsed.encoding == "cp950"
        assert [b.text for b in parsed.blocks] == [
            "第3章 會議議題分析",
            "峇里島行動計畫(Bali Action Plan)，調適基金。",
        ]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("<p>第1章 會議背景</p>".encode("cp950"), "cp950"),
        ("<p>氣候變遷</p>".encode("cp950"), "cp950"),
        ("<p>碁銹裏 ETEN 擴充字</p>".encode("cp950"), "cp950"),
        (
            '<?xml version="1.0" encoding="big5"?><html><body><p>峇里島</p></body></html>'.encode(
                "cp950"
            ),
            "cp950",
        ),
        ("\ufeff<p>峇里島</p>".encode("utf-8"), "utf-8"),
        ("\ufeff<p>峇里島</p>".encode("utf-16-le"), "utf-16-le"),
        ("<p>峇里島 Bali</p>".encode("utf-16-be"), "utf-16-be"),
        ("<p>“Smart quotes”, café.</p>".encode("cp1252"), "cp1252"),
        ('<meta charset="gbk"><p>缔约方会议</p>'.encode("gbk"), "gb18030"),
    ],
)
def test_encodings(data: bytes, encoding: str) -> None:
    parsed = read(data)
    assert parsed.encoding == encoding
    original = data.decode(encoding)
    inner = original.split("<p>")[1].split("</p>")[0]
    assert [b.text for b in parsed.blocks] == [inner]


# --- structure ---------------------------------------------------------------------------------


def test_headings_paragraphs_and_title() -> None:
    parsed = read(
        page(
            "<h1>Report</h1><h2>2.1 Scope</h2><h6>Deep</h6><p>Body.</p>"
            "<div>Loose div text<p>inner paragraph</p>tail of div</div>"
            "<section>Section text</section><blockquote><p>Quoted.</p></blockquote>",
            "<title>  Page\n title </title><meta name='description' content='HEAD_META'>",
        )
    )
    assert parsed.title == "Page title"
    assert [(b.kind, b.level, b.text) for b in parsed.blocks] == [
        (BlockKind.HEADING, 1, "Report"),
        (BlockKind.HEADING, 2, "2.1 Scope"),
        (BlockKind.HEADING, 6, "Deep"),
        (BlockKind.PARAGRAPH, None, "Body."),
        (BlockKind.PARAGRAPH, None, "Loose div text"),
        (BlockKind.PARAGRAPH, None, "inner paragraph"),
        (BlockKind.PARAGRAPH, None, "tail of div"),
        (BlockKind.PARAGRAPH, None, "Section text"),
        (BlockKind.PARAGRAPH, None, "Quoted."),
    ]


def test_title_falls_back_to_first_h1() -> None:
    assert read(page("<h2>Not this</h2><h1>第1章 會議背景</h1><h1>Later</h1>")).title == (
        "第1章 會議背景"
    )


def test_lists() -> None:
    parsed = read(
        page(
            "<ul><li>first</li><li>second<ul><li>nested</li></ul>after nested</li></ul>"
            "<ol><li><p>paragraph in item</p></li></ol>"
        )
    )
    assert kinds_and_texts(parsed) == [
        (BlockKind.LIST_ITEM, "first"),
        (BlockKind.LIST_ITEM, "second"),
        (BlockKind.LIST_ITEM, "nested"),
        (BlockKind.LIST_ITEM, "after nested"),
        (BlockKind.PARAGRAPH, "paragraph in item"),
    ]


def test_tables() -> None:
    parsed = read(
        page(
            "<p>Before.</p><table><caption>Sessions</caption>"
            "<thead><tr><th>Session</th><th>Dates</th></tr></thead>"
            "<tbody><tr><td>Session 1</td><td><p>March/April</p><p>2008</p></td></tr>"
            "<tr><td> </td><td></td></tr>"
            "<tr><td>outer</td><td>cell<table><tr><td>inner a</td><td>inner b</td></tr></table>"
            "end</td></tr></tbody></table><p>After.</p>"
        )
    )
    assert kinds_and_texts(parsed) == [
        (BlockKind.PARAGRAPH, "Before."),
        (BlockKind.PARAGRAPH, "Sessions"),
        (BlockKind.TABLE_ROW, "Session | Dates"),
        (BlockKind.TABLE_ROW, "Session 1 | March/April 2008"),
        (BlockKind.TABLE_ROW, "outer | cell end"),
        (BlockKind.TABLE_ROW, "inner a | inner b"),
        (BlockKind.PARAGRAPH, "After."),
    ]


def test_br_pre_and_whitespace() -> None:
    parsed = read(
        page(
            "<p>first line<br>second   line<br/>\n third</p><h2>Heading<br>continued</h2>"
            "<pre>  col1    col2\n\n  next line  </pre>"
            "<p>氣候<span>變遷</span>\n   的影響</p><p>climate\nchange, 氣候 變遷&nbsp;x</p>"
        )
    )
    assert kinds_and_texts(parsed) == [
        (BlockKind.PARAGRAPH, "first line"),
        (BlockKind.PARAGRAPH, "second line"),
        (BlockKind.PARAGRAPH, "third"),
        (BlockKind.HEADING, "Heading continued"),
        (BlockKind.PARAGRAPH, "col1 col2"),
        (BlockKind.PARAGRAPH, "next line"),
        (BlockKind.PARAGRAPH, "氣候變遷的影響"),
        (BlockKind.PARAGRAPH, "climate change, 氣候 變遷 x"),
    ]


def test_emphasis() -> None:
    long_bold = "A whole bold paragraph of body text that runs far past any heading length limit"
    parsed = read(
        page(
            "<p><b>一、重要事項</b></p><p> <strong>Strong <i>heading</i></strong> </p>"
            "<p style='font-weight: bold'>Styled bold</p><p style='font-weight:700'>Weight 700</p>"
            "<p><span style='font-size:18pt'>Large font</span></p>"
            "<p><font size='5'>Font tag</font></p><p style='font-size: 12pt'>Normal size</p>"
            f"<p><b>{long_bold}</b></p><p><b>說明如下：</b></p><p><b>Half</b> plain</p>"
            "<p><b>Bold <span style='font-weight:normal'>then normal</span></b></p>"
            "<h2><b>Headings are headings</b></h2>"
        )
    )
    assert {b.text: b.emphasized for b in parsed.blocks} == {
        "一、重要事項": True,
        "Strong heading": True,
        "Styled bold": True,
        "Weight 700": True,
        "Large font": True,
        "Font tag": True,
        "Normal size": False,
        long_bold: False,
        "說明如下：": False,
        "Half plain": False,
        "Bold then normal": False,
        "Headings are headings": False,
    }


def test_chrome_hidden_and_article_header() -> None:
    parsed = read(
        page(
            CHROME + "<main><article><header><h1>Article title</h1></header><p>Article body.</p>"
            "<footer>ARTICLE FOOTER</footer></article></main>"
            "<p hidden>HIDDEN_ATTR</p><div style='display: none'>HIDDEN_STYLE</div>"
            "<p>Image <img src='chart.png' alt='ALT_TEXT'> inline.</p>" + FOOTER
        )
    )
    assert kinds_and_texts(parsed) == [
        (BlockKind.HEADING, "Article title"),
        (BlockKind.PARAGRAPH, "Article body."),
        (BlockKind.PARAGRAPH, "Image inline."),
    ]


# --- hostile input -----------------------------------------------------------------------------


@pytest.mark.slow  # tens of thousands of elements through lxml and BeautifulSoup
@pytest.mark.parametrize("tag", ["div", "span"])
def test_60000_deep_nesting(tag: str) -> None:
    # Sixty times Python's recursion limit: a walk that recursed per element would fail here.
    depth = 60_000
    data = f"<html><body>{f'<{tag}>' * depth}deep text{f'</{tag}>' * depth}<p>after</p>"
    parsed = read(data)
    assert [b.text for b in parsed.blocks] == ["deep text", "after"]


def test_too_many_elements_are_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was parsed before its elements were counted")

    monkeypatch.setattr(html_reader, "BeautifulSoup", parsing)
    with pytest.raises(ReadError, match=r"refused: more than 400,000 HTML elements"):
        read("<div>" * 500_000)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE html [\n  <!ENTITY lol "lol">\n'
    + "".join(
        f'  <!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">\n' for n in range(2, 10)
    ).replace("&lol1;", "&lol;")
    + '  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Entities</title></head>'
    "<body><p>before &lol9; middle &xxe; after</p></body></html>"
)


def test_billion_laughs_and_external_entities_are_not_expanded() -> None:
    parsed = read(BILLION_LAUGHS)
    assert parsed.title == "Entities"
    assert [b.text for b in parsed.blocks] == ["before middle after"]


def test_external_dtd_is_never_loaded() -> None:
    data = (
        '<!DOCTYPE html SYSTEM "file:///etc/passwd"><html><body>'
        '<p>a &passwd; b</p><iframe src="file:///etc/passwd"></iframe></body></html>'
    )
    everything = " ".join(b.text for b in read(data).blocks)
    assert "root:" not in everything
    assert everything.startswith("a ")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n" + bytes(4000),
        b"<html><body><p>" + b"text\x00" * 500 + b"</p></body></html>",
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 500,
    ],
)
def test_binary_junk_is_refused(data: bytes) -> None:
    with pytest.raises(ReadError, match="binary data"):
        read(data)


@pytest.mark.parametrize("data", [b"", b"  \r\n\t "])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(ReadError, match="^empty file$"):
        read(data)


FRAGMENTS = st.sampled_from(
    ["<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<table>", "<tr>", "<td>", "</td>", "<li>",
     "<ul>", "</ul>", "<h2>", "</h2>", "<br>", "<pre>", "</pre>", "<script>", "</script>", "<!--",
     "-->", "<header>", "<article>", "&amp;", "&#0;", "&lol;", "<!DOCTYPE x [<!ENTITY a 'b'>]>",
     "氣候", "變遷", "\n", "  ", "text", "。", "<span style='font-size:20px'>", "</span>"]
)  # fmt: skip


@settings(max_examples=examples(150), deadline=None, database=None)
@given(st.lists(FRAGMENTS, max_size=60))
def test_any_tag_soup_gives_clean_blocks(fragments: list[str]) -> None:
    try:
        parsed = read("".join(fragments))
    except ReadError as refused:
        assert str(refused) and "\n" not in str(refused)
        return
    for found in parsed.blocks:
        assert found.text and found.text == found.text.strip()
        assert "\x00" not in found.text and "  " not in found.text


@settings(max_examples=examples(150), deadline=None, database=None)
@given(st.binary(max_size=3000))
def test_any_bytes_give_blocks_or_a_read_error(data: bytes) -> None:
    try:
        parsed = read(data)
    except ReadError as refused:
        assert str(refused) and "\n" not in str(refused)
        return
    assert all(found.text for found in parsed.blocks)
