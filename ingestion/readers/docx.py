"""Word documents: paragraphs and tables in body order.

A merged cell's text is given once, at its top-left grid position, and the grid positions it
covers (to its right, and below it for vertical merges) are empty, as PDF and text layouts
print them, so an amount is never counted twice. Rows keep every layout-grid column, so a
cell's column index is its grid column. Word has no pages: `page` is None and `line_no`
(the block's position in the stream) locates a row, with `source_table` (the table's index in
the document) and `row_index` (the row's index in that table).
"""

from __future__ import annotations

import io

from docx import Document
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ingestion.records import Block, ParsedDocument


def _cell_text(cell: _Cell) -> str:
    return "".join(p.text for p in cell.paragraphs).replace("\u3000", " ").replace("\n", "").strip()


def _row_cells(row, table: Table) -> list[str]:
    tr = row._tr
    cells: list[str] = [""] * (tr.grid_before or 0)
    for tc in tr.tc_lst:
        span = tc.grid_span or 1
        if tc.vMerge == "continue":
            cells.extend([""] * span)  # covered by the cell above
            continue
        cells.append(_cell_text(_Cell(tc, table)))
        cells.extend([""] * (span - 1))  # covered by this cell, to its right
    cells.extend([""] * (tr.grid_after or 0))
    return cells


def read_docx(data: bytes) -> ParsedDocument:
    document = Document(io.BytesIO(data))
    blocks: list[Block] = []
    line_no = 0
    table_no = -1
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.replace("\u3000", " ").strip()
            if text:
                line_no += 1
                blocks.append(Block("text", (text,), None, line_no))
        elif isinstance(item, Table):
            table_no += 1
            for row_index, row in enumerate(item.rows):
                cells = _row_cells(row, item)
                if any(cells):
                    line_no += 1
                    blocks.append(Block("row", tuple(cells), None, line_no, table_no, row_index))
    return ParsedDocument("docx", None, blocks, has_text_layer=bool(blocks))
