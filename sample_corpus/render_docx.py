"""Word documents (python-docx): headings, paragraphs and real Word tables with merged cells."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sample_corpus.blocks import Block, Cover, Heading, PageBreak, Para
from sample_corpus.tables import EMPTY_MARKER, Grid
from sample_corpus.zipnorm import normalise_zip

FONT = "宋体"
FIXED_DATE = dt.datetime(2020, 1, 1)


def render_docx(blocks: list[Block], title: str = "") -> bytes:
    doc = Document()
    _setup(doc, title)
    new_page = False
    for block in blocks:
        if isinstance(block, PageBreak):
            new_page = True
            continue
        if isinstance(block, Cover):
            first = None
            for line in block.lines:
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                _run(p, line, size=22)
                first = first or p
        elif isinstance(block, Heading):
            first = doc.add_heading(level=block.level)
            _run(first, block.text)
            if block.level == 1:
                first.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif isinstance(block, Para):
            first = doc.add_paragraph()
            _run(first, block.text)
        else:
            first = _table(doc, block.grid)
        if new_page:
            # the break belongs to the first paragraph of the block, not to an empty paragraph of its own
            first.paragraph_format.page_break_before = True
            new_page = False
    return normalise_zip(_save(doc))


def _setup(doc, title: str) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.font.name = FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    props = doc.core_properties
    props.title = title
    props.author = ""
    props.last_modified_by = ""
    props.created = FIXED_DATE
    props.modified = FIXED_DATE
    props.revision = 1


def _run(paragraph, text: str, size: float | None = None):
    run = paragraph.add_run(text)
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size:
        run.font.size = Pt(size)
    return run


def _table(doc, grid: Grid):
    """Adds title, labels, the table and its notes; returns the first paragraph (a label above the title, or the title)."""
    above = []
    for line in grid.above:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _run(p, line, size=9)
        above.append(p)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, grid.title, size=14)
    for label in grid.labels:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if label.startswith("公开") else WD_ALIGN_PARAGRAPH.LEFT
        _run(p, label, size=9)
    rows, cols = len(grid.rows), len(grid.widths)
    table = doc.add_table(rows=rows, cols=cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(grid.widths)
    for col, width in zip(table.columns, grid.widths):
        col.width = Mm(174 * width / total)
    # table.cell(r, c) rebuilds the whole cell list on every call; take it once
    cells = table._cells
    for r, row in enumerate(grid.rows):
        for c, text in enumerate(row):
            if text:
                _run(cells[r * cols + c].paragraphs[0], text, size=7.5 if cols >= 9 else 9)
    for r in range(len(grid.header)):
        # Word repeats marked header rows at the top of each page the table runs onto
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        tr_pr.append(tr_pr.makeelement(qn("w:tblHeader"), {}))
    corners = [(cells[r0 * cols + c0], cells[r1 * cols + c1]) for r0, c0, r1, c1 in grid.spans]
    for first, last in corners:
        first.merge(last)
    if grid.note:
        _run(doc.add_paragraph(), grid.note, size=9)
    if grid.empty:
        _run(doc.add_paragraph(), EMPTY_MARKER, size=9)
    return above[0] if above else title


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
