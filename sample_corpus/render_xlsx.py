"""Excel workbooks (openpyxl): one sheet per table with its title rows above, and the prose on a sheet of its own.

Amount cells are numbers formatted #,##0.00, as departments' own spreadsheets hold them;
codes, line numbers and counts stay text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from sample_corpus.blocks import Block, Cover, Heading, Para, TableBlock
from sample_corpus.tables import EMPTY_MARKER, Grid
from sample_corpus.zipnorm import normalise_zip

AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})*\.\d{2}$")
FIXED_DATE = dt.datetime(2020, 1, 1)
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def render_xlsx(blocks: list[Block], title: str = "") -> bytes:
    wb = Workbook()
    prose = wb.active
    prose.title = "情况说明"
    prose.column_dimensions["A"].width = 120
    projects = tables = 0
    for block in blocks:
        if isinstance(block, Cover):
            for line in block.lines:
                prose.append([line])
        elif isinstance(block, (Heading, Para)):
            prose.append([block.text])
        elif isinstance(block, TableBlock):
            grid = block.grid
            if grid.kind == "project_performance":
                projects += 1
                name = f"绩效自评表{projects}"
            else:
                tables += 1
                name = grid.code or f"表{tables}"
            _sheet(wb.create_sheet(name), grid)
    wb.properties.title = title
    wb.properties.creator = "sample_corpus"
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook would stamp the current time as "modified"
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return normalise_zip(buffer.getvalue())


def _sheet(ws, grid: Grid) -> None:
    for line in grid.above:
        ws.append([line])
    ws.append([grid.title])
    ws.cell(ws.max_row, 1).font = Font(bold=True, size=14)
    for label in grid.labels:
        ws.append([label])
    top = ws.max_row + 1
    for row in grid.rows:
        ws.append([_value(cell) for cell in row])
    for r in range(top, ws.max_row + 1):
        for c in range(1, len(grid.widths) + 1):
            cell = ws.cell(r, c)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if isinstance(cell.value, float):
                cell.number_format = "#,##0.00"
            elif isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # an indicator target such as "=100%" is text, not a formula
    for row0, col0, row1, col1 in grid.spans:
        ws.merge_cells(start_row=top + row0, start_column=col0 + 1, end_row=top + row1, end_column=col1 + 1)
    if grid.note:
        ws.append([grid.note])
    if grid.empty:
        ws.append([EMPTY_MARKER])
    for c, width in enumerate(grid.widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = 9 * width


def _value(cell: str):
    if AMOUNT.match(cell):
        return float(cell.replace(",", ""))
    return cell or None
