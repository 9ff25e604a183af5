"""Word (.docx) and PDF files → plain text lines in reading order.

Both return the text and the lines dropped on the way (rule id, text) so that the clean stage
can list them on the processing log: nothing is lost silently.

* Word: body paragraphs and tables in document order (python-docx). A table row becomes one
  line with its cells separated by an ideographic space; a list paragraph keeps its marker
  as a bullet line. Empty paragraphs are dropped (they carry no text).
* PDF: the text layer (pdfminer.six). Lines are grouped into paragraphs by their geometry;
  page headers, footers and page numbers (short lines in the top or bottom band of the page
  that repeat across pages or are numbers) are dropped and logged. A PDF without a text
  layer (a scan) cannot be read: the message says it needs OCR.
"""

from __future__ import annotations

import io
import re
import zipfile

from generator import data
from generator.messages import say
from generator.model import InputError


# --- Word ------------------------------------------------------------------------------


def docx_to_text(data: bytes) -> tuple[str, list[tuple[str, str]]]:
    try:
        import docx
        from docx.oxml.ns import qn
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a broken install, not a bad file
        raise InputError(say("read.word_component", module=exc.name), say("fix.reinstall")) from None
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(say("read.word_damaged", error=exc.__class__.__name__), say("read.word_damaged_fix")) from None
    except Exception as exc:  # lxml and zip errors of damaged files have many classes
        raise InputError(say("read.word_unreadable", error=exc.__class__.__name__), say("read.word_unreadable_fix")) from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            para = Paragraph(child, document)
            text = para.text
            if not text.strip():
                continue
            is_list = (child.pPr is not None and child.pPr.numPr is not None) or _list_style(para)
            for k, part in enumerate(text.split("\n")):
                if part.strip():
                    lines.append(("• " if is_list and k == 0 else "") + part.strip())
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    t = " ".join(cell.text.split())
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        cells.append(t)
                if cells:
                    lines.append("\u3000".join(cells))
    return "\n".join(lines), []


def _list_style(para) -> bool:
    """A paragraph whose style numbers or bullets it (Word's List Bullet, List Number …)."""
    style = para.style
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return True
        style = style.base_style
    return False


# --- PDF -------------------------------------------------------------------------------


def pdf_to_text(data: bytes) -> tuple[str, list[tuple[str, str]]]:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError as exc:  # pragma: no cover
        raise InputError(say("read.pdf_component", module=exc.name), say("fix.reinstall")) from None
    pages: list[tuple[float, float, list[tuple[float, float, float, str, float]]]] = []
    try:
        for page in extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.3)):
            rows: list[tuple[float, float, float, str, float]] = []

            def collect(obj) -> None:
                if isinstance(obj, LTTextLine):
                    t = obj.get_text().strip()
                    if t:
                        rows.append((obj.y1, obj.x0, obj.x1, t, obj.height))
                elif isinstance(obj, LTTextContainer) or hasattr(obj, "__iter__"):
                    for o in obj:
                        collect(o)

            for element in page:
                collect(element)
            rows.sort(key=lambda r: (-round(r[0], 0), r[1]))
            pages.append((page.width, page.height, rows))
    except PDFSyntaxError:
        raise InputError(say("read.pdf_damaged"), say("read.pdf_damaged_fix")) from None
    except Exception as exc:
        if exc.__class__.__name__.startswith("PDFPassword") or "encrypt" in str(exc).lower():
            raise InputError(say("read.pdf_password"), say("read.pdf_password_fix")) from None
        raise InputError(say("read.pdf_unreadable", error=exc.__class__.__name__), say("read.pdf_unreadable_fix")) from None
    if not any(rows for _, _, rows in pages):
        raise InputError(say("read.pdf_scan"), say("read.pdf_scan_fix"))
    return _pdf_lines(pages)


def _furniture_key(text: str) -> str:
    return re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", text))


def _pdf_lines(pages) -> tuple[str, list[tuple[str, str]]]:
    """Drop running heads, feet and page numbers; join the lines of each paragraph."""
    band = 0.08  # top and bottom share of the page where heads and feet sit
    page_number = data.regex(data.load("boilerplate")["pdf_page_number"])
    edge_counts: dict[str, int] = {}
    for width, height, rows in pages:
        for y, _x0, _x1, t, _h in rows:
            if y > height * (1 - band) or y < height * band:
                edge_counts[_furniture_key(t)] = edge_counts.get(_furniture_key(t), 0) + 1
    removed: list[tuple[str, str]] = []
    paragraphs: list[str] = []
    current = ""
    prev_end, prev_h = 0.0, 0.0
    for width, height, rows in pages:
        body = []
        for y, x0, x1, t, h in rows:
            at_edge = y > height * (1 - band) or y < height * band
            if at_edge and page_number.match(t):
                removed.append((t, "pdf-page-number"))
            elif at_edge and len(pages) >= 2 and edge_counts.get(_furniture_key(t), 0) >= max(2, len(pages) // 2) \
                    and len(t) <= 60:
                removed.append((t, "pdf-running-head"))
            else:
                body.append((x0, x1, t, h))
        if not body:
            continue
        left = min(x0 for x0, _, _, _ in body)
        right = max(x1 for _, x1, _, _ in body)
        for x0, x1, t, h in body:
            indented = x0 - left > h  # more than about one character in
            # A new paragraph starts on an indented line or after a line that stopped short
            # (more than about three characters before the right margin).
            if current and (indented or right - prev_end > 3 * prev_h):
                paragraphs.append(current)
                current = ""
            current += t
            prev_end, prev_h = x1, h
    if current:
        paragraphs.append(current)
    return "\n".join(paragraphs), removed
