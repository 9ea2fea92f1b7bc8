"""Excel workbooks: one sheet is one page; each row is a table row or a title line."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from ingestion.records import Block, ParsedDocument


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}" if value != int(value) or abs(value) >= 1 else f"{value:g}"
    return str(value).strip()


def read_xlsx(data: bytes) -> ParsedDocument:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    blocks: list[Block] = []
    line_no = 0
    for sheet_no, sheet in enumerate(workbook.worksheets, start=1):
        for row in sheet.iter_rows(values_only=True):
            cells = tuple(_cell_text(v) for v in row)
            filled = [c for c in cells if c]
            if not filled:
                continue
            line_no += 1
            if len(filled) == 1:
                blocks.append(Block("text", (filled[0],), sheet_no, line_no))
            else:
                blocks.append(Block("row", cells, sheet_no, line_no, source_table=0))
    page_count = len(workbook.worksheets)
    workbook.close()
    return ParsedDocument("xlsx", page_count, blocks, has_text_layer=bool(blocks))
