"""DocxReader on the real report and on Word files generated here, hostile ones included."""

from __future__ import annotations

import datetime
import io
import re
import struct
import zipfile
import zlib
from collections import Counter
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from copdocs.errors import ReadError
from pipeline.limits import MAX_ZIP_UNPACKED_BYTES
from pipeline.model import BlockKind, ParsedFile
from pipeline.readers import ziplimits
from pipeline.readers.docx import DocxReader
from pipeline.readers.ziplimits import ZipLimits, check_sizes

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed"
REPORT_DOCX = SEED / "cop13-report.docx"
REPORT_TXT = SEED / "000_f974444aaec813c5.txt"
needs_report = pytest.mark.skipif(
    not (REPORT_DOCX.is_file() and REPORT_TXT.is_file()), reason="shared seed report not present"
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

REPORT_HEADINGS = [
    (1, "摘     要"),
    (1, "第1章 會議背景"),
    (1, "第2章 COP13/MOP3會議議程"),
    (2, "2.1公約第13屆締約國大會(COP13)議程"),
    (2, "2.2京都議定書第3屆締約國會議(MOP3)議程"),
    (2, "2.3附屬科技諮詢機構第27次會議(SBSTA27)議程"),
    (2, "2.4附屬履行機構第27次會議(SBI27)議程"),
    (2, "2.5 特設工作小組第4次會議(AWG4)議程"),
    (1, "第3章 會議議題分析"),
    (2, "3.1 全球排放量變化"),
    (2, "3.2 公約因應氣候變遷之長期合作行動對話"),
    (2, "3.3 京都議定書第3.9條規定"),
    (2, "3.4 第二次審評京都議定書第9條"),
    (2, "3.5  政府間氣候變遷專門委員會(IPCC)第四次評估報告(AR4)"),
    (2, "3.6 清潔發展機制"),
    (2, "3.7 全球碳市場"),
    (2, "3.8 聯合國國際交易日誌(ITL)"),
    (2, "3.9 HFC-23計畫"),
    (2, "3.10 碳捕捉與儲存獲取碳信用額度"),
    (2, "3.11 減少開發中國家森林濫伐"),
    (2, "3.12 國際航空與海運溫室氣體排放量"),
    (2, "3.13 調適工作方案及調適基金"),
    (1, "第4章 COP13/MOP3會議期間各主要國家及集團之立場"),
    (1, "第5章 會議期間代表團相關活動成果"),
    (2, "5.1參與國際排放交易協會(IETA)展覽活動"),
    (2, "5.2 參與國際排放交易協會(IETA)周邊會議"),
    (2, "5.3 國外媒體專訪團長"),
    (2, "5.4 官方會談"),
    (2, "5.4 參與ICLEI(地方政府環境行動國際理事會)活動"),
    (1, "第6章 心得與建議"),
    (3, "一、與國際組織及專家保持良好互動，擴大參與公約活動契機"),
    (3, "二、建立持續參與及關注公約活動之人力"),
    (3, "三、訴求環保實質參與公約活動，爭取國際認同"),
    (3, "四、積極建立與國際接軌之溫室氣體管理方式"),
    (3, "五、強化企業界的重視與參與"),
    (3, "六、加速能源效率提升並發展再生能源"),
    (3, "七、透過我駐中美洲環保聯絡處學習友邦運作經驗"),
    (3, "八、促進與先進國家之政府官員或其智庫交流"),
    (3, "九、強化國內調適策略相關研究，以發展國家層級調適政策"),
]


def read(data: bytes, name: str = "test.docx") -> ParsedFile:
    return DocxReader().read(data, name)


def saved(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def texts(parsed: ParsedFile, kind: BlockKind | None = None) -> list[str]:
    return [b.text for b in parsed.blocks if kind is None or b.kind == kind]


def block(parsed: ParsedFile, text: str):
    return next(b for b in parsed.blocks if b.text == text)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\ufffd", "")).strip()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The docx ``data`` with members replaced or added."""
    replace = dict(replace)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            blob = replace.pop(info.filename, None)
            dst.writestr(info.filename, src.read(info) if blob is None else blob, 8)
        for name, blob in replace.items():
            dst.writestr(name, blob, 8)
    return out.getvalue()


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already-deflated members: (name, raw deflate stream, size, crc32)."""
    body, central = bytearray(), bytearray()
    for name, stream, size, crc in members:
        encoded, offset = name.encode(), len(body)
        # version, flags, method 8 (deflate), time, date, crc, sizes, name length, extra length
        fields = (20, 0, 8, 0, 0, crc, len(stream), size, len(encoded), 0)
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields) + encoded + stream
        # made-by version, then as above, then comment, disk, attributes, local header offset
        directory = (20, *fields, 0, 0, 0, 0, offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, *directory) + encoded
    count = len(members)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(body), 0)
    return bytes(body + central + end)


def deflated_members(data: bytes) -> list[tuple[str, bytes, int, int]]:
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        for info in src.infolist():
            blob = src.read(info)
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            stream = compressor.compress(blob) + compressor.flush()
            members.append((info.filename, stream, len(blob), zlib.crc32(blob)))
    return members


def deflated_zeros(mib: int) -> tuple[bytes, int, int]:
    """A deflate stream of ``mib`` MiB of zeros, made without compressing them all."""
    chunk = bytes(16 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    # After a full flush the compressor starts afresh, so every chunk compresses identically.
    piece = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    count = mib // 16
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    return piece * count + compressor.flush(), count * len(chunk), crc


def tiny_png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def with_notes(data: bytes, footnotes: list[str], endnotes: list[str] = ()) -> bytes:
    """Add footnotes.xml / endnotes.xml parts (with separator notes) to a saved docx."""
    parts: dict[str, bytes] = {}
    rels_extra, types_extra = "", ""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        rels = src.read("word/_rels/document.xml.rels").decode()
        types = src.read("[Content_Types].xml").decode()
    for tag, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if not notes:
            continue
        xml = [f'<w:{tag}s xmlns:w="{W_NS}">']
        xml.append(
            f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/>'
            "<w:t>SEPARATOR</w:t></w:r></w:p></w:" + tag + ">"
        )
        xml.append(
            f'<w:{tag} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            f"<w:continuationSeparator/></w:r></w:p></w:{tag}>"
        )
        for number, note in enumerate(notes, start=1):
            xml.append(
                f'<w:{tag} w:id="{number}"><w:p><w:r><w:{tag}Ref/></w:r>'
                f'<w:r><w:t xml:space="preserve"> {note}</w:t></w:r></w:p></w:{tag}>'
            )
        xml.append(f"</w:{tag}s>")
        parts[f"word/{tag}s.xml"] = "".join(xml).encode()
        rels_extra += (
            f'<Relationship Id="rIdNote{tag}" Target="{tag}s.xml" Type="http://schemas.'
            f'openxmlformats.org/officeDocument/2006/relationships/{tag}s"/>'
        )
        types_extra += (
            f'<Override PartName="/word/{tag}s.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.wordprocessingml.{tag}s+xml"/>'
        )
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", rels_extra + "</Relationships>"
    ).encode()
    parts["[Content_Types].xml"] = types.replace("</Types>", types_extra + "</Types>").encode()
    return rezip(data, parts)


def generated_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Plain body text.")
    return saved(document)


# --- the real report ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> ParsedFile:
    if not REPORT_DOCX.is_file():
        pytest.skip("shared seed report not present")
    return read(REPORT_DOCX.read_bytes(), REPORT_DOCX.name)


@needs_report
def test_report_has_the_39_headings_in_order(report: ParsedFile) -> None:
    headings = [(b.level, b.text) for b in report.blocks if b.kind == BlockKind.HEADING]
    assert headings == REPORT_HEADINGS


@needs_report
def test_report_block_kinds_and_metadata(report: ParsedFile) -> None:
    assert report.format == "docx"
    title = "聯合國氣候變化綱要公約第13屆締約國大會暨京都議定書第3屆締約國會議"
    assert (report.title, report.properties_title) == ("", title)
    kinds = Counter(b.kind for b in report.blocks)
    assert kinds[BlockKind.HEADING] == 39
    assert kinds[BlockKind.TABLE_ROW] == 5
    assert kinds[BlockKind.LIST_ITEM] == 0  # the agenda numbering is typed, not Word lists
    assert not any(b.emphasized for b in report.blocks)
    assert all(b.text and b.text == b.text.strip() for b in report.blocks)


@needs_report
def test_report_session_table_rows_follow_section_3_2(report: ParsedFile) -> None:
    rows = texts(report, BlockKind.TABLE_ROW)
    assert rows == [
        "Session | Dates",
        "Session 1 | March/April 2008",
        "Session 2 | June 2008, in conjunction with the twenty-eighth sessions of the "
        "subsidiary bodies",
        "Session 3 | August/September 2008",
        "Session 4 | December 2008, in conjunction with the fourteenth session of the "
        "Conference of the Parties",
    ]
    order = texts(report)
    first_row = order.index(rows[0])
    assert order[first_row - 1].startswith("依據公約決議文件（Decision -/CP.13 Bali Action Plan）")
    assert order[first_row + len(rows)] == "3.3 京都議定書第3.9條規定"


@needs_report
def test_report_every_text_paragraph_is_present(report: ParsedFile) -> None:
    lines = REPORT_TXT.read_text(encoding="utf-8").splitlines()
    image_start = next(i for i, line in enumerate(lines) if line.startswith("[image:"))
    image_end = next(i for i, line in enumerate(lines) if line.startswith("圖1."))
    blocks = {squash(b.text) for b in report.blocks}
    cells = {cell for row in texts(report, BlockKind.TABLE_ROW) for cell in row.split(" | ")}
    checked = 0
    for number, line in enumerate(lines):
        if not line.strip() or image_start <= number < image_end:
            continue
        if line.startswith("\t"):  # the session table, as tab-indented lines
            assert squash(line) in cells
        else:
            assert squash(line) in blocks, line
        checked += 1
    assert checked > 250


@needs_report
def test_report_picture_leaves_no_text(report: ParsedFile) -> None:
    lines = REPORT_TXT.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("[image:"))
    end = next(i for i, line in enumerate(lines) if line.startswith("圖1."))
    ocr = {squash(line.removeprefix("[image: image1.png]")) for line in lines[start:end]}
    ocr.discard("")
    everything = "\n".join(texts(report))
    assert not any(line in texts(report) for line in ocr)
    assert "Change from 1990 level" not in everything
    assert "image" not in everything.lower()
    assert "\ufffc" not in everything
    order = texts(report)
    caption = order.index("圖1. 1990年-2005年公約附件一國家GHG排放趨勢(不包括LULUCF)")
    assert order[caption - 1].startswith("報告提供41個工業化締約國提交的排放資料")


@needs_report
def test_report_footnote_line_is_kept_last(report: ParsedFile) -> None:
    last = report.blocks[-1]
    assert last.text.endswith(
        "FCCC/SBI/2007/30,National greenhouse gas inventory data for the period 1990–2005, "
        "24 October 2007."
    )


@needs_report
def test_truncated_report_is_refused() -> None:
    data = REPORT_DOCX.read_bytes()
    with pytest.raises(ReadError, match=r"not a valid Word \.docx file \(corrupt or truncated\)"):
        read(data[: len(data) // 2])


# --- generated documents -----------------------------------------------------------------------


def test_heading_styles_and_custom_styles_based_on_them() -> None:
    document = docx.Document()
    document.add_heading("Chapter one", level=1)
    document.add_heading("Section", level=2)
    document.add_heading("Deep", level=9)
    localized = document.styles.add_style("標題 自訂", WD_STYLE_TYPE.PARAGRAPH)
    localized.base_style = document.styles["Heading 2"]
    document.add_paragraph("Custom heading on Heading 2", style=localized)
    document.add_paragraph("Body text.")
    parsed = read(saved(document))
    assert [(b.kind, b.level, b.text) for b in parsed.blocks] == [
        (BlockKind.HEADING, 1, "Chapter one"),
        (BlockKind.HEADING, 2, "Section"),
        (BlockKind.HEADING, 9, "Deep"),
        (BlockKind.HEADING, 2, "Custom heading on Heading 2"),
        (BlockKind.PARAGRAPH, None, "Body text."),
    ]


def _set_outline(ppr_owner, level: int) -> None:
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr_owner.get_or_add_pPr().append(outline)


def test_outline_levels_on_a_normal_based_style_and_on_a_paragraph() -> None:
    document = docx.Document()
    custom = document.styles.add_style("Report Part", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = document.styles["Normal"]
    _set_outline(custom.element, 2)
    document.add_paragraph("Outline level 2 style", style=custom)
    direct = document.add_paragraph("Direct outline level 0")
    _set_outline(direct._p, 0)
    body_text = document.add_heading("Heading 1 marked as body text", level=1)
    _set_outline(body_text._p, 9)
    parsed = read(saved(document))
    assert [(b.kind, b.level) for b in parsed.blocks] == [
        (BlockKind.HEADING, 3),
        (BlockKind.HEADING, 1),
        (BlockKind.PARAGRAPH, None),
    ]


def test_title_style_is_the_title_and_stays_a_paragraph() -> None:
    document = docx.Document()
    document.core_properties.title = "Core properties title"
    document.add_heading("氣候變遷報告", level=0)
    document.add_paragraph("Body.")
    parsed = read(saved(document))
    assert parsed.title == "氣候變遷報告"
    assert parsed.blocks[0].kind == BlockKind.PARAGRAPH
    assert parsed.blocks[0].text == "氣候變遷報告"
    assert not parsed.blocks[0].emphasized


def test_core_properties_title_and_date_are_supplied_as_properties() -> None:
    document = docx.Document()
    document.core_properties.title = "  Core properties title "
    document.core_properties.created = datetime.datetime(2008, 3, 14, 9, 30)
    document.add_paragraph("Body.")
    parsed = read(saved(document))
    assert (parsed.title, parsed.properties_title) == ("", "Core properties title")
    assert parsed.properties_date == "2008-03-14"


def test_direct_formatting_emphasis() -> None:
    document = docx.Document()
    document.add_paragraph().add_run("重要事項").bold = True
    document.add_paragraph().add_run("Enlarged heading").font.size = Pt(16)
    document.add_paragraph().add_run("Slightly larger text").font.size = Pt(12)
    long_bold = "This bold paragraph is a whole sentence of body text, far too long for a heading"
    document.add_paragraph().add_run(long_bold).bold = True
    document.add_paragraph().add_run("說明如下：").bold = True
    mixed = document.add_paragraph()
    mixed.add_run("Half bold ").bold = True
    mixed.add_run("half plain")
    bold_style = document.styles.add_style("Lead In", WD_STYLE_TYPE.PARAGRAPH)
    bold_style.font.bold = True
    document.add_paragraph("Bold by paragraph style", style=bold_style)
    unbolded = document.add_paragraph(style=bold_style)
    unbolded.add_run("Bold style switched off").bold = False
    strong = document.styles.add_style("Strong Words", WD_STYLE_TYPE.CHARACTER)
    strong.font.bold = True
    document.add_paragraph().add_run("Bold by character style", style=strong)
    spaced = document.add_paragraph()
    spaced.add_run("  ")
    spaced.add_run("Bold after plain spaces").bold = True
    parsed = read(saved(document))
    emphasized = {b.text: b.emphasized for b in parsed.blocks}
    assert emphasized == {
        "重要事項": True,
        "Enlarged heading": True,
        "Slightly larger text": False,
        long_bold: False,
        "說明如下：": False,
        "Half bold half plain": False,
        "Bold by paragraph style": True,
        "Bold style switched off": False,
        "Bold by character style": True,
        "Bold after plain spaces": True,
    }
    assert {b.kind for b in parsed.blocks} == {BlockKind.PARAGRAPH}


def _number(paragraph, num_id: str = "1") -> None:
    numpr = parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
    )
    paragraph._p.get_or_add_pPr().append(numpr)


def test_list_paragraphs() -> None:
    document = docx.Document()
    document.add_paragraph("bullet item", style="List Bullet")
    document.add_paragraph("numbered item", style="List Number")
    _number(document.add_paragraph("numbering on a Normal paragraph"))
    _number(document.add_paragraph("numbering switched off", style="List Bullet"), num_id="0")
    numbered_heading = document.add_heading("Numbered heading", level=1)
    _number(numbered_heading)
    document.add_paragraph("1. typed numbering is plain text")
    kinds = {b.text: b.kind for b in read(saved(document)).blocks}
    assert kinds == {
        "bullet item": BlockKind.LIST_ITEM,
        "numbered item": BlockKind.LIST_ITEM,
        "numbering on a Normal paragraph": BlockKind.LIST_ITEM,
        "numbering switched off": BlockKind.PARAGRAPH,
        "Numbered heading": BlockKind.HEADING,
        "1. typed numbering is plain text": BlockKind.PARAGRAPH,
    }


def test_tables_interleaved_merged_and_nested() -> None:
    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=4, cols=3)
    for row, values in zip(
        table.rows, [("A", "B", "C"), ("1", "2", "3"), ("", "", ""), ("x", "y", "z")], strict=True
    ):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    wide = table.cell(0, 1).merge(table.cell(0, 2))
    wide.text = "B+C"
    tall = table.cell(1, 0).merge(table.cell(3, 0))
    tall.text = "tall"
    inner = table.cell(1, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "inner 1"
    inner.cell(0, 1).text = "inner 2"
    table.cell(1, 2).add_paragraph("second paragraph")
    document.add_paragraph("After the table.")
    parsed = read(saved(document))
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (BlockKind.PARAGRAPH, "Before the table."),
        (BlockKind.TABLE_ROW, "A | B+C"),
        (BlockKind.TABLE_ROW, "tall | 2 | 3 second paragraph"),
        (BlockKind.TABLE_ROW, "inner 1 | inner 2"),
        (BlockKind.TABLE_ROW, "y | z"),
        (BlockKind.PARAGRAPH, "After the table."),
    ]


def test_footnotes_and_endnotes_come_last_without_separators() -> None:
    document = docx.Document()
    document.add_paragraph("Body with a note.")
    data = with_notes(
        saved(document),
        footnotes=["FCCC/SBI/2007/30, National greenhouse gas inventory data.", "第二個註腳"],
        endnotes=["An endnote."],
    )
    parsed = read(data)
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (BlockKind.PARAGRAPH, "Body with a note."),
        (BlockKind.FOOTNOTE, "FCCC/SBI/2007/30, National greenhouse gas inventory data."),
        (BlockKind.FOOTNOTE, "第二個註腳"),
        (BlockKind.FOOTNOTE, "An endnote."),
    ]
    assert "SEPARATOR" not in " ".join(texts(parsed))


def test_page_header_and_footer_are_not_body_text() -> None:
    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "RUNNING HEADER"
    section.footer.paragraphs[0].text = "PAGE FOOTER"
    document.add_paragraph("Only body.")
    assert texts(read(saved(document))) == ["Only body."]


def test_picture_leaves_no_garbage() -> None:
    document = docx.Document()
    document.add_paragraph("Before the picture.")
    document.add_picture(io.BytesIO(tiny_png()))
    doc_pr = document.element.body.findall(".//{*}docPr")[-1]
    doc_pr.set("descr", "ALT TEXT OF THE CHART")
    doc_pr.set("title", "CHART TITLE")
    mixed = document.add_paragraph("Text around ")
    mixed.add_run().add_picture(io.BytesIO(tiny_png()))
    mixed.add_run("an inline picture.")
    document.add_paragraph("After the picture.")
    parsed = read(saved(document))
    assert texts(parsed) == [
        "Before the picture.",
        "Text around an inline picture.",
        "After the picture.",
    ]


def _append_xml(document: docx.document.Document, xml: str) -> None:
    document.element.body.sectPr.addprevious(parse_xml(xml))


def test_inline_markup_hyperlinks_revisions_fields_and_controls() -> None:
    document = docx.Document()
    w = nsdecls("w", "r")
    _append_xml(
        document,
        f"""<w:p {w}><w:r><w:t xml:space="preserve">See </w:t></w:r>
        <w:hyperlink r:id="rId99"><w:r><w:t>the UNFCCC site</w:t></w:r></w:hyperlink>
        <w:del w:id="1" w:author="a"><w:r><w:delText> DELETED</w:delText></w:r></w:del>
        <w:ins w:id="2" w:author="a"><w:r><w:t xml:space="preserve"> now</w:t></w:r></w:ins>
        <w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDEN</w:t></w:r>
        <w:r><w:t>.</w:t></w:r></w:p>""",
    )
    _append_xml(
        document,
        f"""<w:p {w}><w:r><w:t xml:space="preserve">Page </w:t></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r>
        <w:r><w:instrText xml:space="preserve"> PAGE \\* MERGEFORMAT </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>
        <w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:br/><w:t>second line</w:t></w:r></w:p>""",
    )
    _append_xml(
        document,
        f"""<w:sdt {w}><w:sdtPr><w:docPartObj>
        <w:docPartGallery w:val="Table of Contents"/></w:docPartObj></w:sdtPr>
        <w:sdtContent><w:p><w:r><w:t>第1章 會議背景 ...... 3</w:t></w:r></w:p></w:sdtContent>
        </w:sdt>""",
    )
    _append_xml(
        document,
        f"""<w:sdt {w}><w:sdtPr><w:alias w:val="Summary"/></w:sdtPr>
        <w:sdtContent><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>
        <w:r><w:t>Heading in a content control</w:t></w:r></w:p>
        <w:p><w:r><w:t>Paragraph in a content control</w:t></w:r></w:p></w:sdtContent></w:sdt>""",
    )
    _append_xml(document, f"<w:p {w}><w:r><w:t>   </w:t></w:r></w:p>")
    parsed = read(saved(document))
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (BlockKind.PARAGRAPH, "See the UNFCCC site now."),
        (BlockKind.PARAGRAPH, "Page 7\nsecond line"),
        (BlockKind.HEADING, "Heading in a content control"),
        (BlockKind.PARAGRAPH, "Paragraph in a content control"),
    ]


# --- hostile and misnamed input ----------------------------------------------------------------


def test_empty_file() -> None:
    with pytest.raises(ReadError, match="^empty file$"):
        read(b"")


def test_truncated_generated_docx() -> None:
    data = generated_docx()
    for cut in (len(data) // 2, len(data) - 30, 10):
        with pytest.raises(ReadError, match=r"corrupt or truncated"):
            read(data[:cut])


def test_junk_and_legacy_doc() -> None:
    with pytest.raises(ReadError, match=r"not a valid Word \.docx file"):
        read(bytes(range(256)) * 8)
    with pytest.raises(ReadError, match=r"encrypted \(password-protected\) Office file"):
        read(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))


def test_zip_without_word_document() -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("notes.txt", "not a document")
    with pytest.raises(ReadError, match=r"word/document\.xml is missing"):
        read(data.getvalue())


def test_zip_bomb_is_refused_before_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    stream, size, crc = deflated_zeros(2048)
    assert size == 2 << 30 and len(stream) < 4 << 20
    bomb = raw_zip(
        deflated_members(generated_docx()) + [("word/media/zeros.bin", stream, size, crc)]
    )

    def inflating(*args: object) -> None:
        raise AssertionError("a member was inflated before the declared sizes were checked")

    # The declared sizes alone refuse it: nothing is inflated, not even to check it.
    monkeypatch.setattr(ziplimits, "check_inflation", inflating)
    monkeypatch.setattr(ziplimits, "_declares_dtd", inflating)
    with pytest.raises(ReadError, match=r"word/media/zeros\.bin would unpack to 2,048 MB"):
        read(bomb)


def test_highly_compressed_member_is_refused() -> None:
    stream, size, crc = deflated_zeros(64)
    members = [m for m in deflated_members(generated_docx()) if m[0] != "word/document.xml"]
    bomb = raw_zip(members + [("word/document.xml", stream, size, crc)])
    with pytest.raises(ReadError, match=r"compression ratio limit"):
        read(bomb)


def test_total_size_limit() -> None:
    members = []
    for number in range(3):
        info = zipfile.ZipInfo(f"word/media/image{number}.png")
        info.file_size, info.compress_size = 50 << 20, 49 << 20
        members.append(info)
    assert MAX_ZIP_UNPACKED_BYTES == 128 << 20  # the limits table's number, as README states it
    with pytest.raises(ReadError, match=r"128 MB total limit"):
        check_sizes(members)
    check_sizes(members[:2])
    with pytest.raises(ReadError, match=r"more than 2 files"):
        check_sizes(members, ZipLimits(max_members=2))


XXE_DOCUMENT = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE w:document [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body>
</w:document>"""

LAUGHS = "".join(f'<!ENTITY lol{n} "{("&lol" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
BILLION_LAUGHS_STYLES = f"""<?xml version="1.0"?>
<!DOCTYPE w:styles [ <!ENTITY lol0 "lol"> {LAUGHS} ]>
<w:styles xmlns:w="{W_NS}"><w:style w:styleId="x"><w:name w:val="&lol9;"/></w:style></w:styles>"""


@pytest.mark.parametrize(
    ("member", "xml"),
    [
        ("word/document.xml", XXE_DOCUMENT.encode()),
        ("word/document.xml", XXE_DOCUMENT.replace("UTF-8", "UTF-16").encode("utf-16")),
        ("word/styles.xml", BILLION_LAUGHS_STYLES.encode()),
    ],
)
def test_dtd_in_any_part_is_refused(member: str, xml: bytes) -> None:
    data = rezip(generated_docx(), {member: xml})
    with pytest.raises(ReadError, match=r"declares a DTD") as refused:
        read(data)
    assert member in str(refused.value)
    assert "root:" not in str(refused.value)


def test_html_saved_as_docx_is_read_as_html() -> None:
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>網頁報告</title></head>"
        "<body><h1>第1章 會議背景</h1><p>內容段落。</p></body></html>"
    )
    parsed = read(page.encode("utf-8"), "report.docx")
    assert parsed.format == "html"
    assert parsed.title == "網頁報告"
    assert [(b.kind, b.text) for b in parsed.blocks] == [
        (BlockKind.HEADING, "第1章 會議背景"),
        (BlockKind.PARAGRAPH, "內容段落。"),
    ]


@pytest.fixture(scope="module")
def small_docx() -> bytes:
    document = docx.Document()
    document.add_heading("第1章 會議背景", level=1)
    document.add_paragraph("聯合國氣候變化綱要公約第13屆締約國大會。")
    document.add_table(rows=2, cols=2).cell(0, 0).text = "Session"
    return saved(document)


@settings(max_examples=examples(60), deadline=None, database=None)
@given(cut=st.integers(min_value=0), flips=st.lists(st.integers(min_value=0), max_size=8))
def test_damaged_docx_gives_blocks_or_a_read_error(small_docx, cut: int, flips: list[int]) -> None:
    data = bytearray(small_docx[: len(small_docx) - cut % len(small_docx)])
    for position in flips:
        if data:
            data[position % len(data)] ^= 0x5A
    try:
        parsed = read(bytes(data))
    except ReadError as refused:
        assert str(refused) and "\n" not in str(refused)
        return
    assert all(found.text for found in parsed.blocks)
