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
from xml.sax.saxutils import escape

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


def _cell_markup(text: str) -> str:
    """A cell's text as Paragraph markup: "<=" and "&" escaped, a line break kept as a break."""
    return escape(text).replace("\n", "<br/>")


def _labels(grid: Grid, styles: _Styles) -> list:
    """Lines under the title: the 公开NN表 label right, then 部门名称 / year / unit on one line as printed forms lay them out."""
    labels = list(grid.labels)
    out = []
    if grid.code and labels and labels[0] == grid.code:
        out.append(Paragraph(labels.pop(0), styles.label_right))
    if not any(label.startswith("部门名称") for label in labels):
        return out + [Paragraph(_cell_markup(label), styles.label_mid) for label in labels]
    width = A4[0] - 2 * MARGIN
    shares = [0.45, 0.2, 0.35] if len(labels) == 3 else [0.55, 0.45]
    kinds = [styles.label_left, styles.label_mid, styles.label_right] if len(labels) == 3 else [styles.label_left, styles.label_right]
    row = Table(
        [[Paragraph(label, kind) for label, kind in zip(labels, kinds)]],
        colWidths=[width * share for share in shares],
    )
    row.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return out + [row]


def _table(grid: Grid, styles: _Styles) -> list:
    out = [Paragraph(line, styles.label_right) for line in grid.above]
    out.append(Paragraph(grid.title, styles.title))
    out += _labels(grid, styles)
    out.append(Spacer(1, 2 * mm))
    if grid.split_at is None:
        out.append(_grid(grid, styles, grid.rows, grid.spans, len(grid.header)))
    else:
        # the table runs onto a new page at a chosen row, its header repeated or not, under a 续表 title or not
        head = len(grid.header)
        cut = head + grid.split_at
        first = [s for s in grid.spans if s[2] < cut]
        out.append(_grid(grid, styles, grid.rows[:cut], first, head))
        out.append(RLPageBreak())
        if grid.split_style == "continued_title":
            out.append(Paragraph(f"{grid.title}（续表）", styles.title))
        repeat = grid.split_style in ("repeat_header", "continued_title")
        shift = cut - (head if repeat else 0)
        rest = [(r0 - shift, c0, r1 - shift, c1) for r0, c0, r1, c1 in grid.spans if r0 >= cut]
        if repeat:
            rest = [s for s in grid.spans if s[2] < head] + rest
        rows = (grid.header if repeat else []) + grid.body[grid.split_at :]
        out.append(_grid(grid, styles, rows, rest, head if repeat else 0))
    if grid.note:
        out.append(Paragraph(grid.note, styles.note))
    if grid.empty:
        out.append(Paragraph(EMPTY_MARKER, styles.note))
    return out


def _grid(grid: Grid, styles: _Styles, rows: list[list[str]], spans, header_rows: int) -> Table:
    columns = len(grid.widths)
    text, number = styles.cells(columns)
    data = [[Paragraph(_cell_markup(cell), number if NUMERIC.match(cell) else text) if cell else "" for cell in row] for row in rows]
    width = A4[0] - 2 * MARGIN
    scale = width / sum(grid.widths)
    table = Table(data, colWidths=[w * scale for w in grid.widths], repeatRows=header_rows)
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), styles.padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), styles.padding),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.Color(0.92, 0.92, 0.92)))
    for row0, col0, row1, col1 in spans:
        commands.append(("SPAN", (col0, row0), (col1, row1)))
    table.setStyle(TableStyle(commands))
    return table
