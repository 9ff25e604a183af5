"""Word and PDF files: read in reading order, furniture of the format removed and logged,
the raw file kept downloadable in its own format. The files are made by the tests."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from generator.build import collect, process
from generator.model import InputError
from generator.read import read_bytes

TITLE = "2026年鹤壁市政府工作报告"
MEETING = "——2026年1月27日在鹤壁市第十一届人民代表大会第五次会议上"
SPEAKER = "鹤壁市人民政府市长 李 鹏"
BODY = [
    "各位代表：",
    "现在，我代表市人民政府，向大会报告工作，请予审议，并请市政协委员和其他列席人员提出意见。",
    "一、2025年工作回顾",
    "过去一年，全市地区生产总值增长5.8%，一般公共预算收入增长6.1%，城镇新增就业3.2万人，各项工作取得新进展。",
    "二、2026年工作安排",
    "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，居民消费价格涨幅2%左右。",
]


def make_docx() -> bytes:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph(TITLE)
    d.add_paragraph(MEETING)
    d.add_paragraph(SPEAKER)
    d.add_paragraph("")  # empty paragraphs, as Word files have them
    for text in BODY[:4]:
        d.add_paragraph(text)
    d.add_paragraph("高标准农田建设", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "指标", "增速"
    table.cell(1, 0).text, table.cell(1, 1).text = "地区生产总值", "5.8%"
    for text in BODY[4:]:
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_pdf(text_layer: bool = True) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    width, height = A4
    lines = [TITLE, MEETING, SPEAKER, *BODY]
    pages = [lines[:5], lines[5:]]
    for no, page in enumerate(pages, start=1):
        if text_layer:
            c.setFont("STSong-Light", 9)
            c.drawString(72, height - 30, "鹤壁市人民政府公报")  # running head on every page
            c.drawCentredString(width / 2, 24, f"- {no} -")  # page number
            c.setFont("STSong-Light", 12)
            y = height - 90
            for line in page:
                # Fill each printed line up to the right margin, first line indented two
                # characters, as a typeset page is.
                x, right = (96 if len(line) > 30 else 72), width - 72
                chunk = ""
                for ch in line:
                    if x + pdfmetrics.stringWidth(chunk + ch, "STSong-Light", 12) > right:
                        c.drawString(x, y, chunk)
                        y -= 20
                        x, chunk = 72, ""
                    chunk += ch
                c.drawString(x, y, chunk)
                y -= 26
        else:
            c.rect(72, 72, 200, 100, fill=1)  # a scan: pictures, no text
        c.showPage()
    c.save()
    return buf.getvalue()


def test_docx_paragraphs_lists_and_tables_in_reading_order():
    source = read_bytes("2026年鹤壁市政府工作报告.docx", make_docx())
    assert source.fmt == "docx" and source.suffix == ".docx"
    lines = source.text.split("\n")
    assert lines[:3] == [TITLE, MEETING, SPEAKER]
    assert lines[7] == "• 高标准农田建设"
    assert lines[8:10] == ["指标\u3000增速", "地区生产总值\u30005.8%"]
    assert lines[10:] == BODY[4:]


def test_docx_report_metadata_and_outline(tmp_path):
    (tmp_path / "鹤壁.docx").write_bytes(make_docx())
    report, problems = process(tmp_path / "鹤壁.docx", tmp_path)
    m = report.meta
    assert (m.region, m.year, m.meeting, m.date, m.speaker, m.speaker_title) == (
        "鹤壁市", 2026, "第十一届人民代表大会第五次会议", "2026-01-27", "李鹏", "市长")
    assert [s.title for s in report.sections] == ["一、2025年工作回顾", "二、2026年工作安排"]
    assert problems == []


def test_pdf_text_layer_without_heads_feet_and_page_numbers():
    source = read_bytes("report.pdf", make_pdf())
    assert source.fmt == "pdf" and source.suffix == ".pdf"
    lines = source.text.split("\n")
    assert lines[:3] == [TITLE, MEETING, SPEAKER]
    # A paragraph wrapped over several printed lines is one line again.
    assert BODY[3] in lines
    assert "鹤壁市人民政府公报" not in source.text and "- 1 -" not in source.text
    assert ("- 1 -", "pdf-page-number") in source.format_removed
    assert source.format_removed == [("鹤壁市人民政府公报", "pdf-running-head"), ("- 1 -", "pdf-page-number"),
                                     ("鹤壁市人民政府公报", "pdf-running-head"), ("- 2 -", "pdf-page-number")]


def test_scanned_pdf_asks_for_ocr():
    with pytest.raises(InputError) as exc:
        read_bytes("scan.pdf", make_pdf(text_layer=False))
    assert exc.value.reason == "PDF 没有文字层（扫描件或图片），无法提取文字"
    assert "OCR" in exc.value.fix


def test_damaged_docx_is_one_clear_message(tmp_path):
    (tmp_path / "坏文件.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (tmp_path / "鹤壁.docx").write_bytes(make_docx())
    result = collect(tmp_path)
    assert [Path(r.source.path).name for r in result.reports] == ["鹤壁.docx"]
    by_file = {p.file: p for p in result.problems}
    assert by_file["坏文件.docx"].reason.startswith("无法打开 Word 文件")
    assert by_file["旧格式.doc"].fix == "在 Word 或 WPS 中另存为 .docx"
