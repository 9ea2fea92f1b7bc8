"""Word documents: paragraphs and tables in body order."""

from __future__ import annotations

import io

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingestion.records import Block, ParsedDocument


def read_docx(data: bytes) -> ParsedDocument:
    document = Document(io.BytesIO(data))
    blocks: list[Block] = []
    line_no = 0
    for t_index, item in enumerate(document.iter_inner_content()):
        if isinstance(item, Paragraph):
            text = item.text.replace("\u3000", " ").strip()
            if text:
                line_no += 1
                blocks.append(Block("text", (text,), None, line_no))
        elif isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                seen = set()
                for cell in row.cells:
                    # python-docx repeats a merged cell once per grid column; print it once,
                    # as PDF and text layouts do, so amounts are not counted twice
                    key = id(cell._tc)
                    cells.append("" if key in seen else cell.text.replace("\n", "").strip())
                    seen.add(key)
                if any(cells):
                    line_no += 1
                    blocks.append(Block("row", tuple(cells), None, line_no, source_table=t_index))
    return ParsedDocument("docx", None, blocks, has_text_layer=bool(blocks))
