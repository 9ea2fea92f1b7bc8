"""Excel workbooks: one sheet is one page; a sheet's grid of cells holds its tables.

* Cells print as the workbook displays them: numbers through their number format
  ("#,##0.00" → "7,176.23", "0.00%" → "98.50%"), so `raw_text` is what a reader sees.
* A sheet is cut into regions by empty rows. In a region, rows with two or more filled cells
  are table rows; a row with one filled cell above the first of them or below the last (the
  title, 公开NN表, unit line, notes) is a text line; one between them is still a table row
  (a group heading, a label whose amounts are blank) and is given as a text line carrying its
  cell coordinate (source_table, row_index, col_index), which the table code turns back into
  a one-cell row.
* Merged cells hold their value in the top-left cell only (the others read empty), as the
  text layouts print them. Hidden sheets are skipped.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import load_workbook

from ingestion.records import Block, ParsedDocument

_DECIMALS_RE = re.compile(r"0\.(0+)")


def format_number(value: float | int, number_format: str | None) -> str:
    """A number as the cell's format shows it (the common formats of financial sheets)."""
    fmt = (number_format or "General").split(";")[0]
    if fmt == "General" or fmt == "@":
        if isinstance(value, float):
            if value == int(value) and abs(value) < 1e15:
                return str(int(value))
            return format(value, ".15g")
        return str(value)
    match = _DECIMALS_RE.search(fmt)
    decimals = len(match.group(1)) if match else 0
    if "%" in fmt:
        return f"{value * 100:.{decimals}f}%"
    if "," in fmt:
        return f"{value:,.{decimals}f}"
    return f"{value:.{decimals}f}"


def cell_text(value, number_format: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return format_number(value, number_format)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").replace("\r", "").replace("\n", "").strip()


def _regions(rows: list[tuple[str, ...]]) -> list[list[int]]:
    """Indexes of the non-empty rows, grouped into runs separated by empty rows."""
    regions: list[list[int]] = []
    current: list[int] = []
    for i, cells in enumerate(rows):
        if any(cells):
            current.append(i)
        elif current:
            regions.append(current)
            current = []
    if current:
        regions.append(current)
    return regions


def read_xlsx(data: bytes) -> ParsedDocument:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    blocks: list[Block] = []
    line_no = 0
    try:
        for sheet_no, sheet in enumerate(workbook.worksheets, start=1):
            if getattr(sheet, "sheet_state", "visible") != "visible":
                continue
            rows: list[tuple[str, ...]] = []
            for row in sheet.iter_rows():
                cells = [cell_text(getattr(c, "value", None), getattr(c, "number_format", None)) for c in row]
                while cells and not cells[-1]:
                    cells.pop()
                rows.append(tuple(cells))
            for table_no, region in enumerate(_regions(rows)):
                multi = [i for i in region if sum(1 for c in rows[i] if c) >= 2]
                first, last = (multi[0], multi[-1]) if multi else (None, None)
                width = max((len(rows[i]) for i in multi), default=0)  # blank cells inside the grid stay
                row_index = 0
                for i in region:
                    cells = rows[i]
                    filled = [(j, c) for j, c in enumerate(cells) if c]
                    line_no += 1
                    if len(filled) >= 2:
                        cells = cells + ("",) * (width - len(cells))
                        blocks.append(Block("row", cells, sheet_no, line_no, table_no, row_index))
                        row_index += 1
                    elif first is not None and first < i < last:
                        j, text = filled[0]
                        blocks.append(Block("text", (text,), sheet_no, line_no, table_no, row_index, j))
                        row_index += 1
                    else:
                        blocks.append(Block("text", (filled[0][1],), sheet_no, line_no))
        page_count = len(workbook.worksheets)
    finally:
        workbook.close()
    return ParsedDocument("xlsx", page_count, blocks, has_text_layer=bool(blocks))
