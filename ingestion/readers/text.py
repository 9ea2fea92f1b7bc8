"""Text dumps in UTF-8 or GBK/GB18030, as converters leave disclosures.

Two table layouts occur:

* tab-separated rows: one table row per line, cells split by tabs (Markdown-like conversions).
  Each such line with two or more filled cells becomes a "row" block; one with a single filled
  cell among three or more stays a text line that carries its column (col_index), so the table
  code can take it as a row (a label whose amounts are all blank, a group heading).
* one cell per line (Word converted to text): every cell on its own line after a leading tab,
  a blank line ending the row; a cell's text may run on over following lines without the tab;
  an empty cell is a line holding only the tab (or a full-width space). These lines stay
  "text" blocks, one per non-empty cell, as before; each carries its cell coordinate
  (source_table, row_index, col_index) so the table code can rebuild the rows, blank cells
  included, while consumers reading line by line see the stream unchanged.

* Markdown tables ("| a | b |" with a |---| rule under the header) read like tab-separated rows.
* rows laid out with spaces (pdftotext -layout): cells apart by two spaces or more, an empty cell only spaces; each
  cell is put in the column it stands under (readers.aligned_text), and the line reads like a tab-separated row.

Everything else is a text line. A dump whose converter marked its pages with form feeds (pdftotext) gives each
line its page; otherwise pages are unknown (None). `line_no` is the line.
"""

from __future__ import annotations

import bisect
import re

from ingestion.readers.aligned_text import aligned_rows
from ingestion.records import Block, ParsedDocument
from ingestion.text.page_numbers import INDENTED_PAGE_NUMBER_RE

# Converter noise that carries no content.
_NOISE_RE = re.compile(r"\[(?:bookmark|image)[^\]]*\]|</?b>|</?i>")
_HEADING_RE = re.compile(r"^#{1,6}\s+")
# A one-cell-per-line cell: optional indentation, then exactly one tab, then the cell text.
_CELL_LINE_RE = re.compile(r"^[ \u3000]*\t([^\t]*)$")
# A Markdown table row "| a | b |" and the rule under its header.
_PIPE_ROW_RE = re.compile(r"^\s*\|(.*)\|\s*$")
_PIPE_RULE_RE = re.compile(r"^[\s|:\-—]+$")


def decode_text(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8-replaced"


def clean_line(line: str) -> str:
    return _NOISE_RE.sub("", line)


def _blank(text: str) -> bool:
    return not text.replace("\u3000", " ").strip()


def cell_line_coordinates(lines: list[str]) -> dict[int, tuple[int, int, int]]:
    """(table, row, column) of every line that belongs to a one-cell-per-line table row.

    A row is a run of tab-led lines up to a blank line; a line without the tab directly
    after a cell continues that cell. Rows separated only by blank lines belong to one
    table; any other line between them starts a new one.
    """
    coords: dict[int, tuple[int, int, int]] = {}
    table, row, col = -1, -1, -1
    in_row = False
    text_since_row = True  # a non-blank, non-cell line since the last row ended
    previous = "blank"  # cell, continuation, blank or text
    for i, line in enumerate(lines):
        cell = _CELL_LINE_RE.match(line)
        if cell:
            if not in_row:
                if text_since_row:
                    table, row = table + 1, 0
                else:
                    row += 1
                col, in_row, text_since_row = 0, True, False
            else:
                col += 1
            coords[i] = (table, row, col)
            previous = "cell"
        elif _blank(line):
            in_row = False
            previous = "blank"
        elif in_row and previous in ("cell", "continuation") and "\t" not in line and not INDENTED_PAGE_NUMBER_RE.match(line):
            coords[i] = (table, row, col)
            previous = "continuation"
        else:
            in_row, text_since_row = False, True
            previous = "text"
    return coords


def page_starts(text: str) -> list[int]:
    """The lines that begin a page: those after a form feed, which layout-keeping converters (pdftotext) print
    between pages. str.splitlines ends a line at a form feed, so the indexes are those of its lines."""
    starts = []
    printed = False  # a form feed before anything is printed begins no second page
    for index, piece in enumerate(text.splitlines(keepends=True)):
        printed = printed or bool(piece.strip())
        if piece.endswith("\f") and printed:
            starts.append(index + 1)
    return starts


def read_text(data: bytes) -> ParsedDocument:
    text, encoding = decode_text(data)
    lines = [clean_line(raw).rstrip("\r\n") for raw in text.splitlines()]
    starts = page_starts(text)
    coords = cell_line_coordinates(lines)
    widths: dict[tuple[int, int], int] = {}
    for table, row, col in coords.values():
        widths[(table, row)] = max(widths.get((table, row), 0), col + 1)
    aligned = aligned_rows(lines, skip=set(coords), page_starts=set(starts))
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        line_no = index + 1
        # a dump whose converter marked its pages (form feeds) gives each line its page; others have none
        page = bisect.bisect_right(starts, index) + 1 if starts else None
        lone_cell = None
        if index in aligned:
            cells = aligned[index]
            filled = [j for j, c in enumerate(cells) if c]
            if not filled:
                continue  # its words joined a row on another line
            if len(filled) >= 2:
                blocks.append(Block("row", cells, page, line_no))
            else:  # one cell under its column (a label whose amounts are blank, the rest of a wrapped name)
                blocks.append(Block("text", (cells[filled[0]],), page, line_no, col_index=filled[0]))
            continue
        pipe = _PIPE_ROW_RE.match(line)
        if pipe and _PIPE_RULE_RE.match(line):
            continue  # the |---|---| line under a Markdown table's header
        if (pipe or "\t" in line) and index not in coords:
            parts = pipe.group(1).split("|") if pipe else line.split("\t")
            cells = tuple(c.replace("\u3000", " ").strip() for c in parts)
            filled = [j for j, c in enumerate(cells) if c]
            if len(filled) >= 2:
                blocks.append(Block("row", cells, page, line_no))
                continue
            if len(filled) == 1 and len(cells) >= 3:
                lone_cell = filled[0]
            if pipe:
                line = " ".join(c for c in cells if c)
        stripped = _HEADING_RE.sub("", line.replace("\t", " ").replace("\u3000", " ")).strip()
        if not stripped:
            continue
        if index in coords:
            table, row, col = coords[index]
            blocks.append(Block("text", (stripped,), page, line_no, table, row, col, widths[(table, row)]))
        elif lone_cell is not None:
            # a tab-separated row with one filled cell (a label whose amounts are blank, a
            # group heading): a text line that knows its column
            blocks.append(Block("text", (stripped,), page, line_no, col_index=lone_cell))
        else:
            blocks.append(Block("text", (stripped,), page, line_no))
    warnings = [] if encoding.startswith("utf-8") else [f"decoded as {encoding}"]
    return ParsedDocument("text", None, blocks, has_text_layer=bool(blocks), warnings=warnings)
