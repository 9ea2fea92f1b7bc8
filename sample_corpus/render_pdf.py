"""PDF with ruled tables, drawn by reportlab.

Chinese text uses reportlab's built-in CID font STSong-Light (Adobe-GB1, UniGB-UCS2-H):
no font file is needed and pdfplumber maps the glyphs back to Unicode through the
standard CMap, so the text layer reads as the source strings. The font is not embedded,
as in many real government PDFs; viewers substitute a local Song face.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from sample_corpus.blocks import Block, Cover, Heading, PageBreak, Para, TableBlock
from sample_corpus.tables import EMPTY_MARKER, Grid

FONT = "STSong-Light"
MARGIN = 18 * mm
NUMERIC = re.compile(r"^-?[\d,]+(\.\d+)?%?$")


@lru_cache(maxsize=1)
def _register_font() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


class _Styles:
    def __init__(self, size: float, roomy: bool):
        self.size = size
        # roomy documents print larger cells, so their long tables run over page breaks
        self.padding = 4.5 if roomy else 1.5

        def style(name, size, align=TA_LEFT, leading=1.5, **kw):
            return ParagraphStyle(name, fontName=FONT, fontSize=size, leading=size * leading, alignment=align, **kw)

        self.cover = style("cover", size + 14, TA_CENTER, spaceAfter=30)
        self.h1 = style("h1", size + 6, TA_CENTER, spaceBefore=6, spaceAfter=12)
        self.h2 = style("h2", size + 2, spaceBefore=8, spaceAfter=6)
        self.h3 = style("h3", size + 1, spaceBefore=4, spaceAfter=4)
        self.body = style("body", size, firstLineIndent=size * 2, spaceAfter=4, leading=1.7)
        self.title = style("title", size + 5, TA_CENTER, spaceAfter=6)
        self.label_left = style("label_l", size - 1)
        self.label_mid = style("label_m", size - 1, TA_CENTER)
        self.label_right = style("label_r", size - 1, TA_RIGHT)
        self.note = style("note", size - 1.5, spaceBefore=4)

    def cells(self, columns: int) -> tuple[ParagraphStyle, ParagraphStyle]:
        size = (6.5 if columns >= 12 else 7 if columns >= 9 else 8.5) * min(self.size, 11) / 10
        text = ParagraphStyle(f"cell{columns}", fontName=FONT, fontSize=size, leading=size * 1.25)
        number = ParagraphStyle(f"num{columns}", parent=text, alignment=TA_RIGHT)
        return text, number


def render_pdf(blocks: list[Block], font_size: float = 10.0, title: str = "", roomy: bool = False) -> tuple[bytes, int]:
    """Returns the PDF bytes and its page count."""
    _register_font()
    styles = _Styles(font_size, roomy)
    story = []
    for block in blocks:
        if isinstance(block, Cover):
            story.append(Spacer(1, 70 * mm))
            story += [Paragraph(line, styles.cover) for line in block.lines]
        elif isinstance(block, Heading):
            story.append(Paragraph(block.text, {1: styles.h1, 2: styles.h2, 3: styles.h3}[block.level]))
        elif isinstance(block, Para):
            story.append(Paragraph(block.text, styles.body))
        elif isinstance(block, TableBlock):
            story += _table(block.grid, styles)
        elif isinstance(block, PageBreak):
            story.append(RLPageBreak())

    buffer = io.BytesIO()
    # invariant=1 fixes the creation date and document ID, so equal input gives equal bytes
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author="",
        creator="sample_corpus",
        invariant=1,
    )
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue(), doc.page


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.drawCentredString(A4[0] / 2, 10 * mm, f"- {doc.page} -")
    canvas.restoreState()


def _table(grid: Grid, styles: _Styles) -> list:
    out = [Paragraph(grid.title, styles.title)]
    if grid.code:
        code, name, year, unit = grid.labels
        out.append(Paragraph(code, styles.label_right))
        # one line under the title, as printed forms lay it out: name left, year centred, unit right
        width = A4[0] - 2 * MARGIN
        labels = Table(
            [[Paragraph(name, styles.label_left), Paragraph(year, styles.label_mid), Paragraph(unit, styles.label_right)]],
            colWidths=[width * 0.45, width * 0.2, width * 0.35],
        )
        labels.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        out.append(labels)
    else:
        out += [Paragraph(label, styles.label_mid) for label in grid.labels]
    out.append(Spacer(1, 2 * mm))
    out.append(_grid(grid, styles))
    if grid.note:
        out.append(Paragraph(grid.note, styles.note))
    if grid.empty:
        out.append(Paragraph(EMPTY_MARKER, styles.note))
    return out


def _grid(grid: Grid, styles: _Styles) -> Table:
    columns = len(grid.widths)
    text, number = styles.cells(columns)
    data = [[Paragraph(cell, number if NUMERIC.match(cell) else text) if cell else "" for cell in row] for row in grid.rows]
    width = A4[0] - 2 * MARGIN
    scale = width / sum(grid.widths)
    table = Table(data, colWidths=[w * scale for w in grid.widths], repeatRows=len(grid.header))
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), styles.padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.padding),
    ]
    if grid.header:
        commands.append(("BACKGROUND", (0, 0), (-1, len(grid.header) - 1), colors.Color(0.92, 0.92, 0.92)))
    for row0, col0, row1, col1 in grid.spans:
        commands.append(("SPAN", (col0, row0), (col1, row1)))
    table.setStyle(TableStyle(commands))
    return table
