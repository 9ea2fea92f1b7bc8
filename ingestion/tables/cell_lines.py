"""Table rows rebuilt from text dumps that print one cell per line (Word converted to text)."""

from __future__ import annotations

from ingestion.records import Block
from ingestion.tables.merged_cells import expand_merged_cells
from ingestion.tables.titles import recognise_title


# ---------------------------------------------------------------- one-cell-per-line rows


def regroup_cell_lines(blocks: list[Block]) -> list[Block]:
    """Rebuild table rows from text dumps that print one cell per line.

    The text reader marks such lines with their (source_table, row_index, col_index) and the number of
    cells their row prints; lines of one row become one "row" block (blank cells restored from the column
    positions, a cell continued over several lines joined, a cell merged across columns placed over the
    columns it covers). A lone cell opening its table stays a text line (a title or caption set in the
    table's first cell).
    """

    def key(b: Block) -> tuple:
        return (b.source_table, b.row_index) if b.row_index is not None else ("line", b.line_no)

    out: list[Block] = []
    tables: dict[int | None, list[int]] = {}  # positions in `out` of each source table's rows
    i, n = 0, len(blocks)
    while i < n:
        block = blocks[i]
        if block.kind != "text" or block.col_index is None:
            out.append(block)
            i += 1
            continue
        j = i
        while j < n and blocks[j].kind == "text" and blocks[j].col_index is not None and key(blocks[j]) == key(block):
            j += 1
        group = blocks[i:j]
        # a table title caught at the end of a row (no blank line after the row) is no cell
        title_at = next((k for k, b in enumerate(group) if k > 0 and recognise_title(b.cells[0])), None)
        if title_at is not None:
            j = i + title_at
            group = group[:title_at]
        printed = max(b.col_index or 0 for b in group) + 1
        # the cells the row prints: the reader counts its blank ones too (a row of a text layout that does
        # not say keeps the cells up to its last filled one)
        width = printed if title_at is not None or block.row_width is None else max(block.row_width, printed)
        cells = [""] * width
        for b in group:
            cells[b.col_index or 0] += b.cells[0]
        filled = [c for c in cells if c.strip()]
        if len(filled) <= 1 and block.row_index == 0:
            out.extend(group)
        else:
            if block.row_width is not None and block.source_table is not None:
                tables.setdefault(block.source_table, []).append(len(out))
            out.append(Block("row", tuple(cells), block.page, block.line_no, block.source_table, block.row_index))
        i = j
        if title_at is not None:
            title = blocks[i]
            out.append(Block("text", title.cells, title.page, title.line_no))
            i += 1
    for positions in tables.values():
        rows = expand_merged_cells([list(out[p].cells) for p in positions])
        for p, cells in zip(positions, rows):
            out[p] = Block("row", tuple(cells), out[p].page, out[p].line_no, out[p].source_table, out[p].row_index)
    return out
