"""PDF pages → text lines rebuilt from character positions, plus ruled tables.

A ruled table becomes one "row" block per printed row, cells in grid order (a cell covered by a
merged cell reads empty), with `source_table` (the table's index on its page) and `row_index`
(the row's index in that table) as the cell coordinate; text outside tables becomes text lines,
in reading order with the tables. A table running over a page break is two page tables here;
the table code joins them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber

from ingestion.records import Block, ParsedDocument


class PdfUnreadable(ValueError):
    pass


@dataclass
class _Line:
    top: float
    bottom: float
    chars: list[dict]


def rebuild_lines(chars: list[dict]) -> list[tuple[float, str]]:
    """Group characters into visual lines by vertical overlap.

    Numbers in PDF narratives are often drawn a point or two off the baseline of the
    surrounding words; grouping by exact `top` (pdfplumber's default) splits
    "支出184.65万元" over two lines. A character joins a line when its vertical middle
    falls inside that line's extent.
    """
    lines: list[_Line] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if not ch["text"].strip():
            continue
        middle = (ch["top"] + ch["bottom"]) / 2
        for line in reversed(lines[-3:]):
            if line.top - 0.5 <= middle <= line.bottom + 0.5:
                line.chars.append(ch)
                line.top = min(line.top, ch["top"])
                line.bottom = max(line.bottom, ch["bottom"])
                break
        else:
            lines.append(_Line(ch["top"], ch["bottom"], [ch]))
    out = []
    for line in lines:
        line.chars.sort(key=lambda c: c["x0"])
        parts: list[str] = []
        prev = None
        for ch in line.chars:
            # a visible gap wider than a character means a word break in the layout
            if prev is not None and ch["x0"] - prev["x1"] > max(prev["x1"] - prev["x0"], 3) * 1.5:
                parts.append(" ")
            parts.append(ch["text"])
            prev = ch
        out.append((line.top, "".join(parts).strip()))
    return out


def _inside(ch: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    mx = (ch["x0"] + ch["x1"]) / 2
    my = (ch["top"] + ch["bottom"]) / 2
    return x0 <= mx <= x1 and top <= my <= bottom


def read_pdf(data: bytes) -> ParsedDocument:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken/encrypted files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in str(exc):
            raise PdfUnreadable("encrypted PDF: a password is required") from exc
        raise PdfUnreadable(f"corrupt or truncated PDF ({name}: {exc})") from exc
    blocks: list[Block] = []
    any_text = False
    textless: list[int] = []  # pages printed as images only (scanned tables)
    line_no = 0
    try:
        page_count = len(pdf.pages)
        for page_no, page in enumerate(pdf.pages, start=1):
            chars = page.chars
            if chars:
                any_text = True
            elif page.images:
                textless.append(page_no)
            tables = page.find_tables() if page.rects or page.lines else []
            items: list[tuple[float, int, Block | list[Block]]] = []
            bboxes = [t.bbox for t in tables]
            free_chars = [c for c in chars if not any(_inside(c, b) for b in bboxes)]
            for top, text in rebuild_lines(free_chars):
                items.append((top, 0, Block("text", (text,), page_no, 0)))
            for t_index, table in enumerate(tables):
                rows = []
                for r_index, row in enumerate(table.extract()):
                    # None marks a grid position covered by a merged cell: printed empty
                    cells = tuple((c or "").replace("\n", "") for c in row)
                    if any(cells):
                        rows.append(Block("row", cells, page_no, 0, t_index, r_index))
                items.append((table.bbox[1], 1, rows))
            items.sort(key=lambda item: (item[0], item[1]))
            for _, _, item in items:
                for block in item if isinstance(item, list) else [item]:
                    line_no += 1
                    blocks.append(Block(block.kind, block.cells, page_no, line_no, block.source_table, block.row_index))
            page.flush_cache()
    except Exception as exc:
        raise PdfUnreadable(f"PDF could not be parsed ({type(exc).__name__}: {exc})") from exc
    finally:
        pdf.close()
    warnings = [f"pages without a text layer (images only): {', '.join(map(str, textless))}"] if any_text and textless else []
    return ParsedDocument("pdf", page_count, blocks, has_text_layer=any_text, warnings=warnings)
