"""English negotiation documents as web pages laid out like their printed editions, for
Chromium to print: Earth Negotiations Bulletin issues (Markdown) in the Bulletin's two columns
under its boxed masthead, and UNFCCC official documents (plain-text conversions) as UN documents
(the masthead with the symbol at the top right, numbered paragraphs, decisions, annexes,
footnotes at the foot of their pages, the symbol as running head).

The pages are made from copdocs' own reading of the sources (the Markdown reader's blocks, the
plain-text outline rules), so what a source marks as a heading is what the page sets as one.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html import escape
from pathlib import Path

from pipeline.encoding import decode
from pipeline.model import BlockKind
from pipeline.outline import detect_un_heading, has_page_reference
from pipeline.readers.markdown import MarkdownReader
from pipeline.readers.text import split_lines
from pipeline.symbols import find_references

# The Bulletin's colophon box, as each issue prints it once (its wording, not any issue's).
ENB_COLOPHON = (
    "This issue of the Earth Negotiations Bulletin © <enb@iisd.org> is written and edited by "
    "the ENB team. The Editor is the Bulletin's editor <editor@iisd.org>. The Director of IISD "
    "Reporting Services is its director <director@iisd.org>. The Sustaining Donors of the "
    "Bulletin are its donors. The opinions expressed in the Earth Negotiations Bulletin are "
    "those of the authors and do not necessarily reflect the views of IISD or other donors. "
    "Excerpts from the Earth Negotiations Bulletin may be used in non-commercial publications "
    "with appropriate academic citation. For information on the Bulletin, including requests "
    "to provide reporting services, contact the Director of IISD Reporting Services."
)
ENB_NAME = "Earth Negotiations Bulletin"
ENB_SERVICE = "A Reporting Service for Environment and Development Negotiations"
ENB_ONLINE = "Online at http://www.iisd.ca/climate/"

# How each ENB page is printed: the running head and where the colophon box goes.
ENB_LAYOUTS = ("margin-head", "fixed-head", "plain")


def enb_issue(source: Path) -> tuple[str, str]:
    """The issue's volume and number ("12", "354") from its id (``enb12354e``), and its date as
    the Bulletin prints it ("Saturday, 15 December 2007"; "" when the source has none)."""
    parsed = MarkdownReader().read(source.read_bytes(), source.name)
    found = re.match(r"enb(\d\d)(\d+)e", parsed.source_id or source.stem)
    volume, number = found.groups() if found else ("12", "0")
    date = ""
    if parsed.date and len(parsed.date) == 10:
        day = dt.date.fromisoformat(parsed.date)
        date = f"{day:%A}, {day.day} {day:%B %Y}"
    return f"Vol. {volume} No. {number}", date


def enb_html(source: Path, layout: str = "margin-head", run_in: bool = False) -> str:
    """The issue as the Bulletin prints it: a boxed masthead across the page (name, service,
    volume and number, date, the issue's title), then the abstract and the body in two columns,
    headings bold (the first level larger and centred), the colophon box after the abstract.

    ``layout``: ``margin-head`` prints the Bulletin's running head in the page margin of every
    page but the first (date, name, volume and number, page number, sides alternating);
    ``fixed-head`` repeats a head on every page as a fixed element (no page number);
    ``plain`` has none. ``run_in``: second-level headings ending in a colon are set bold at the
    start of the paragraph that follows (as the printed Bulletin sets them).
    """
    parsed = MarkdownReader().read(source.read_bytes(), source.name)
    issue, date = enb_issue(source)
    head = f"{date} {ENB_NAME} {issue}".strip()
    body: list[str] = []
    if parsed.abstract:
        body.append(f"<p>{escape(parsed.abstract)}</p>")
    body.append(f"<div class='colophon'>{escape(ENB_COLOPHON)}</div>")
    lead = ""
    blocks = [b for b in parsed.blocks if b.text not in (parsed.title, parsed.abstract)]
    for block in blocks:
        text = escape(block.text.strip())
        if block.kind == BlockKind.HEADING:
            if lead:  # a heading right after: the lead stands on its own line after all
                body.append(f"<h3>{lead.strip()}</h3>")
                lead = ""
            level = min(block.level or 1, 3)
            if run_in and level == 2 and text.endswith(":"):
                lead = f"<b>{text}</b> "
                continue
            body.append(f"<h{level + 1}>{text}</h{level + 1}>")
            continue
        tag = "li" if block.kind == BlockKind.LIST_ITEM else "p"
        body.append(f"<{tag}>{lead}{text}</{tag}>")
        lead = ""
    masthead = (
        "<div class='masthead'>"
        f"<div class='name'>{ENB_NAME}</div><div class='service'>{ENB_SERVICE}</div>"
        f"<div class='issue'><span>{ENB_ONLINE}</span><span>{issue}</span>"
        f"<span>{escape(date)}</span></div>"
        f"<h1>{escape(parsed.title)}</h1></div>"
    )
    style = _ENB_STYLE
    if layout == "margin-head":
        style += _enb_margin_head(date, issue)
    fixed = f"<div class='running'>{escape(head)}</div>" if layout == "fixed-head" else ""
    page = masthead + "<div class='columns'>" + "".join(body) + "</div>"
    return _html(parsed.title, style, fixed + f"<div class='issue-body'>{page}</div>")


_ENB_STYLE = """
@page { size: Letter; margin: 16mm 14mm 16mm 14mm; }
body { margin: 0; font-family: 'Liberation Serif', 'Times New Roman', serif; font-size: 9.5pt;
       line-height: 1.2; }
.masthead { border: 2pt solid #000; padding: 6pt 10pt; margin-bottom: 8pt; }
.masthead .name { font-size: 30pt; font-weight: bold; font-family: 'Liberation Sans', sans-serif; }
.masthead .service { font-size: 9pt; font-style: italic; }
.masthead .issue { display: flex; justify-content: space-between; font-size: 8.5pt;
                   border-top: 1pt solid #000; margin-top: 4pt; padding-top: 2pt; }
.masthead h1 { font-size: 13pt; text-align: center; margin: 8pt 0 2pt 0; }
.columns { column-count: 2; column-gap: 7mm; text-align: justify; overflow-wrap: anywhere; }
.columns p, .columns li { margin: 0 0 5pt 0; }
.columns ul { margin: 0; padding-left: 12pt; }
h2 { font-size: 11pt; text-align: center; margin: 9pt 0 5pt 0; break-after: avoid;
     break-inside: avoid; }
h3, h4 { font-size: 9.5pt; margin: 7pt 0 3pt 0; break-after: avoid; break-inside: avoid; }
h4 { font-style: italic; }
.colophon { border: 1pt solid #000; padding: 4pt; font-size: 7pt; margin: 6pt 0;
            break-inside: avoid; }
.running { position: fixed; top: 0; left: 0; right: 0; font-size: 8pt; text-align: center;
           font-family: 'Liberation Sans', sans-serif; border-bottom: 0.5pt solid #000; }
/* The fixed head's room at the top of every page: the padding repeats on each page. */
body:has(.running) .issue-body { padding-top: 16pt; box-decoration-break: clone; }
"""


def _enb_margin_head(date: str, issue: str) -> str:
    """The Bulletin's running head: the page number on the outer side, the name in the middle,
    the issue and its date on the inner side; none on the first page."""
    dated = f"{date}  {issue}".strip()

    def box(place: str, content: str) -> str:
        return f"@{place} {{ content: {content}; font-size: 8pt; }}"

    page, name, issue_box = "'Page ' counter(page)", f"'{ENB_NAME}'", f"'{dated}'"
    return "\n".join([
        f"@page {{ {box('top-center', name)} }}",
        f"@page :left {{ {box('top-left', page)} {box('top-right', issue_box)} }}",
        f"@page :right {{ {box('top-left', issue_box)} {box('top-right', page)} }}",
        "@page :first { @top-left { content: none; } @top-center { content: none; }"
        " @top-right { content: none; } }",
    ])


# --- UNFCCC documents --------------------------------------------------------------------------

_MASTHEAD_ROW = re.compile(r"^\s*\|")
_NUMBERED = re.compile(r"^\s*(\d{1,3}\.)\t+(.*)$")
_LETTERED = re.compile(r"^\s*(\([a-z]{1,4}\))\t+(.*)$")
# A bullet as Word's Symbol font types it (a private-use character), or as typed.
_BULLET = re.compile(r"^\s*[\uf0a7\uf0b7\u2022\u25aa\u2013-]\t+(.*)$")
_TABS = re.compile(r"\t+")
_PARAGRAPHS = re.compile(r"^\d{1,3}(?:[–-]\d{1,3})?$")
# A footnote every this many numbered paragraphs that cite a symbol.
_FOOTNOTE_EVERY = 3
FOOTNOTE_TEXT = "As contained in the report of the session, chapter {n}."
# The print job's number on the first page's foot, as the UN prints it.
UN_JOB_NUMBER = "GE.15-01234 (E)"


def un_lines(source: Path) -> list[str]:
    text, _ = decode(source.read_bytes())
    return split_lines(text)


def un_symbol(lines: list[str]) -> str:
    """The symbol in the masthead row (its last cell)."""
    row = next(line for line in lines if _MASTHEAD_ROW.match(line))
    return next(cell.strip() for cell in reversed(row.split("|")) if cell.strip())


def un_html(source: Path, running: str = "margin", footnotes: bool = True) -> str:
    """The document as the UN prints it: the masthead table (United Nations, the symbol at the
    top right, the distribution labels and date below it), the title lines bold, the contents
    with dotted leaders, decisions, annexes and chapters bold, numbered paragraphs with their
    numbers set in the margin, lettered sub-paragraphs indented, and — with ``footnotes`` — a
    footnote after the first symbol of every third paragraph citing one, at the foot of the
    page it lands on (the pages are laid out by a script before printing).

    ``running``: ``margin`` sets the symbol at the top of every page but the first (outer side)
    and the page number at its foot, the job number on the first page's foot; ``fixed``
    repeats the symbol at the top right of every page as a fixed element.
    """
    lines = un_lines(source)
    first = next(i for i, line in enumerate(lines) if _MASTHEAD_ROW.match(line))
    end = next(i for i in range(first, len(lines)) if not _MASTHEAD_ROW.match(lines[i]))
    symbol = un_symbol(lines)
    distribution = " ".join(c for row in lines[first + 1 : end] for c in row.split("|")
                            if c.strip())  # fmt: skip
    labels = [part for part in re.split(r"\s{2,}|(?<=General) ", distribution.strip()) if part]
    masthead = (
        "<table class='masthead'><tr><td class='un'>United Nations</td><td></td>"
        f"<td class='symbol'>{escape(symbol)}</td></tr>"
        "<tr><td></td><td></td><td class='labels'>"
        + "".join(f"<div>{escape(label)}</div>" for label in labels)
        + "</td></tr></table>"
    )
    blocks: list[str] = []
    cited = 0
    notes = 0
    in_contents = False
    title = True
    # Lines the conversion put before the masthead row (the body's name) follow it.
    body = _table_rows_whole([line for line in lines[:first] + lines[end:] if line.strip()])
    expect_title = False
    for index, line in enumerate(body):
        following = body[index + 1] if index + 1 < len(body) else ""
        text = " ".join(line.split())
        if _MASTHEAD_ROW.match(line):  # a table's row, as the conversion typed it
            row = line.strip().removeprefix("|").removesuffix("|")
            cells = "".join(f"<td>{escape(cell.strip())}</td>" for cell in row.split("|"))
            if blocks and blocks[-1].endswith("</table>"):
                blocks[-1] = blocks[-1][: -len("</table>")] + f"<tr>{cells}</tr></table>"
            else:
                blocks.append(f"<table class='data'><tr>{cells}</tr></table>")
            continue
        if text == "Contents":
            in_contents, title = True, False
            blocks.append(f"<h2 class='contents'>{escape(text)}</h2>")
            continue
        heading = detect_un_heading(line, following)
        if in_contents:
            # As the outline rules read it: entries wrap over lines before their pages.
            if heading is None or any(map(has_page_reference, body[index + 1 : index + 4])):
                blocks.append(_contents_entry(line))
                continue
            in_contents = False
        if heading is not None:
            title = False
            kind = "decision" if heading.scheme in ("decision", "annex") else heading.scheme
            blocks.append(f"<h2 class='{kind}'>{_heading_html(line)}</h2>")
            expect_title = heading.title_on_next_line
            continue
        if expect_title:
            expect_title = False
            blocks.append(f"<h2 class='decision'>{escape(text)}</h2>")
            continue
        if title and not _NUMBERED.match(line):
            blocks.append(f"<p class='title'>{escape(text)}</p>")
            continue
        title = False
        if found := _NUMBERED.match(line):
            number, rest = found.groups()
            words = escape(" ".join(rest.split()))
            if footnotes and (refs := find_references(rest)):
                cited += 1
                if cited % _FOOTNOTE_EVERY == 1:
                    notes += 1
                    words = _with_marker(rest, refs[0], notes)
            blocks.append(f"<p class='numbered' data-number='{number}'>{words}</p>")
        elif found := _LETTERED.match(line):
            label, rest = found.groups()
            blocks.append(f"<p class='lettered' data-number='{label}'>"
                          f"{escape(' '.join(rest.split()))}</p>")  # fmt: skip
        elif found := _BULLET.match(line):
            blocks.append(f"<p class='lettered' data-number='•'>"
                          f"{escape(' '.join(found.group(1).split()))}</p>")  # fmt: skip
        else:
            blocks.append(f"<p>{escape(text)}</p>")
    style = _UN_STYLE + _un_running(symbol, running)
    fixed = f"<div class='running'>{escape(symbol)}</div>" if running == "fixed" else ""
    flow = "<div id='flow'>" + masthead + "".join(blocks) + "</div>"
    script = f"const NOTE = {json.dumps(FOOTNOTE_TEXT)};{_PAGINATE}"
    return _html(symbol, style, fixed + flow + f"<script>{script}</script>")


def _table_rows_whole(lines: list[str]) -> list[str]:
    """The lines with each table row the conversion broke over lines (a cell's text typed with
    line breaks: ``| AENOR (AENOR)a`` / ``(transfer of accreditation …) | 1–15 |``) whole."""
    out: list[str] = []
    open_row = False
    for line in lines:
        if open_row and not _MASTHEAD_ROW.match(line):
            out[-1] += " " + line.strip()
        else:
            out.append(line)
        if _MASTHEAD_ROW.match(out[-1]):
            open_row = not out[-1].rstrip().endswith("|")
    return out


def _heading_html(line: str) -> str:
    parts = [escape(part.strip()) for part in _TABS.split(line.strip()) if part.strip()]
    if len(parts) >= 2:
        return f"<span class='number'>{parts[0]}</span>{' '.join(parts[1:])}"
    return parts[0] if parts else ""


def _contents_entry(line: str) -> str:
    """A contents line: its title, and where it has them a dotted leader to its paragraphs and
    its page, set in columns of their own at the right."""
    parts = [part.strip() for part in _TABS.split(line.strip()) if part.strip()]
    if not has_page_reference(line) or len(parts) < 2:
        return f"<div class='entry'><span>{escape(' '.join(parts))}</span></div>"
    page = parts.pop()
    paragraphs = parts.pop() if len(parts) >= 2 and _PARAGRAPHS.match(parts[-1]) else ""
    return (f"<div class='entry'><span>{escape(' '.join(parts))}</span>"
            f"<span class='leader'></span><span class='paragraphs'>{escape(paragraphs)}</span>"
            f"<span class='pageno'>{escape(page)}</span></div>")  # fmt: skip


def _with_marker(rest: str, reference, number: int) -> str:
    """The paragraph with a footnote marker right after the reference (no space between; the
    marker's tag has none either: the layout script cuts paragraphs at spaces)."""
    text = " ".join(rest.split())
    written = reference.raw
    at = text.find(written)
    if at < 0:
        return escape(text)
    end = at + len(written)
    return escape(text[:end]) + f"<sup>{number}</sup>" + escape(text[end:])


def _un_running(symbol: str, running: str) -> str:
    """The symbol at the top and the page number at the foot of every page but the first, on
    the outer side; the job number at the first page's foot."""
    if running != "margin":
        return ""
    head = f"content: '{symbol}'; font-weight: bold; font-size: 10pt;"
    foot = "content: counter(page); font-size: 9pt;"
    return "\n".join([
        f"@page :left {{ @top-left {{ {head} }} @bottom-left {{ {foot} }} }}",
        f"@page :right {{ @top-right {{ {head} }} @bottom-right {{ {foot} }} }}",
        "@page :first { @top-left { content: none; } @top-right { content: none; }"
        " @bottom-right { content: none; }"
        f" @bottom-left {{ content: '{UN_JOB_NUMBER}'; font-size: 7pt; }} }}",
    ])


_UN_STYLE = """
@page { size: A4; margin: 20mm 20mm 20mm 20mm; }
body { margin: 0; width: 170mm; font-family: 'Liberation Serif', 'Times New Roman', serif;
       font-size: 10pt; line-height: 1.15; }
.page { height: 250mm; position: relative; overflow: hidden; break-after: page; }
.page:last-child { break-after: auto; }
.notes { position: absolute; bottom: 0; left: 0; right: 0; font-size: 8pt; }
.notes:not(:empty) { border-top: 0.5pt solid #000; padding-top: 2pt; }
.notes p { margin: 0 0 1pt 0; padding-left: 12pt; text-indent: -12pt; }
table.data { border-collapse: collapse; margin: 0 0 6pt 0; font-size: 7.5pt; max-width: 170mm; }
table.data td { border: 0.5pt solid #000; padding: 1pt 2pt; }
.masthead { width: 100%; border-collapse: collapse; margin-bottom: 14pt;
            border-bottom: 1.5pt solid #000; }
.masthead .un { font-family: 'Liberation Sans', sans-serif; font-size: 16pt; font-weight: bold;
                vertical-align: top; }
.masthead .symbol { text-align: right; font-size: 14pt; font-weight: bold; vertical-align: top; }
.masthead .labels { text-align: left; width: 40mm; font-size: 10pt; padding: 4pt 0 6pt 0; }
.title { font-weight: bold; font-size: 14pt; margin: 0 0 8pt 0; }
h2 { font-size: 11pt; margin: 12pt 0 6pt 0; }
h2.contents { font-size: 10pt; font-style: italic; font-weight: normal; }
h2 .number { display: inline-block; width: 14mm; margin-left: -14mm; }
h2.roman, h2.letter { margin-left: 14mm; }
.entry { display: flex; margin: 0 0 2pt 14mm; }
.entry .leader { flex: 1 1 0; overflow: hidden; white-space: nowrap; margin: 0 3pt;
                 min-width: 8mm; }
.entry .paragraphs { width: 16mm; text-align: right; white-space: nowrap; }
.entry .pageno { width: 8mm; text-align: right; }
p { margin: 0 0 6pt 0; text-align: justify; }
p.numbered, p.lettered { margin-left: 14mm; }
p.numbered::before, p.lettered::before { content: attr(data-number); display: inline-block;
                                         width: 10mm; }
p.lettered { margin-left: 24mm; }
p.cont::before { content: none; }
p.cut { text-align-last: justify; }
.running { position: fixed; top: 0; right: 0; font-weight: bold; font-size: 10pt; }
body:has(.running) .page { padding-top: 10mm; height: 240mm; }
"""

# Lays the flow out in pages before printing: blocks are placed one after the other, a
# paragraph that does not fit is cut after the last word that fits (the rest opens the next
# page), headings go with what follows them, and a footnote lands at the foot of the page its
# marker is printed on.
_PAGINATE = r"""
(function () {
  const flow = document.getElementById('flow');
  // Dotted leaders of the contents, typed as dots to fill their space (as a word processor's
  // tab leader is).
  flow.querySelectorAll('.leader').forEach(function (leader) {
    let dots = '';
    while (true) {
      leader.textContent = dots + ' .';
      if (leader.scrollWidth > leader.clientWidth) break;
      dots += ' .';
    }
    leader.textContent = dots;
  });
  const blocks = Array.from(flow.children);
  flow.remove();
  let page, body, notes;
  function newPage() {
    page = document.createElement('div'); page.className = 'page';
    body = document.createElement('div'); notes = document.createElement('div');
    notes.className = 'notes'; page.append(body, notes); document.body.append(page);
  }
  function fits() {
    const room = page.clientHeight - parseFloat(getComputedStyle(page).paddingTop);
    return body.offsetHeight + notes.offsetHeight + 16 <= room;
  }
  function addNotes(block) {
    const added = [];
    block.querySelectorAll('sup').forEach(function (sup) {
      const note = document.createElement('p');
      note.innerHTML = '<sup>' + sup.textContent + '</sup> ' + NOTE.replace('{n}', sup.textContent);
      notes.append(note); added.push(note);
    });
    return added;
  }
  function placeRows(table) {
    // A table that does not fit goes on row by row; its other rows open the next page.
    const rows = Array.from(table.rows);
    const part = table.cloneNode(false);
    body.append(part);
    let placed = 0;
    for (const row of rows) {
      part.append(row);
      if (!fits()) { row.remove(); break; }
      placed += 1;
    }
    if (placed === rows.length) return null;
    if (placed === 0) {  // not a row fits: the whole table waits for the next page
      part.remove();
      rows.forEach(function (row) { table.append(row); });
      return table;
    }
    const rest = table.cloneNode(false);
    rows.slice(placed).forEach(function (row) { rest.append(row); });
    return rest;
  }
  function place(block) {
    if (block.tagName === 'TABLE') return placeRows(block);
    body.append(block);
    const added = addNotes(block);
    if (fits()) return null;
    added.forEach(function (note) { note.remove(); });
    block.remove();
    if (block.tagName !== 'P' || !block.textContent.trim()) return block;
    const words = block.innerHTML.split(' ');
    let low = 0, high = words.length;
    const part = block.cloneNode(false);
    body.append(part);
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      part.innerHTML = words.slice(0, middle).join(' ');
      const tried = addNotes(part);
      const ok = fits();
      tried.forEach(function (note) { note.remove(); });
      if (ok) { low = middle; } else { high = middle - 1; }
    }
    if (low === 0) { part.remove(); return block; }
    part.innerHTML = words.slice(0, low).join(' ');
    part.classList.add('cut');
    addNotes(part);
    const rest = block.cloneNode(false);
    rest.classList.add('cont');
    rest.innerHTML = words.slice(low).join(' ');
    return rest;
  }
  newPage();
  for (let block of blocks) {
    let left = place(block);
    while (left !== null) {
      // Headings keep with what follows them.
      const carried = [];
      while (body.children.length > 1 && /^H[1-6]$/.test(body.lastElementChild.tagName)) {
        carried.unshift(body.lastElementChild);
        body.lastElementChild.remove();
      }
      newPage();
      carried.forEach(function (heading) { body.append(heading); });
      const again = place(left);
      if (again === left) { body.append(left); addNotes(left); break; }
      left = again;
    }
  }
})();
"""


def _html(title: str, style: str, body: str) -> str:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{escape(title)}</title><style>{style}</style></head>"
            f"<body>{body}</body></html>")  # fmt: skip
