"""The shapes converters leave tables and prose in when a disclosure becomes plain text.

* tab rows (a Markdown-like conversion, jincheng-*.txt): one line per row, cells split by tabs,
  a merged cell printed once in its first column, a line break inside a cell read as a space;
* cells per line (Word converted to text, leshan-*.txt): every cell of a row on its own line after
  a tab, a cell merged across columns printed once, an empty cell as a lone tab, a line break
  inside a cell continuing on the next line without the tab, a blank line ending the row;
* fragments (a PDF converted to text, luzhou-*.txt): the text pieces a PDF draws, a few characters
  each, one per line with blank lines between; empty cells leave no trace.
Prose comes as paragraphs, as lines broken at the page width, or as fragments.
"""

from __future__ import annotations

import re
import unicodedata

from sample_corpus.grid import Grid

# a list number with its point ("1."), an amount or rate, one punctuation mark, or a run of other text
_PIECE_RE = re.compile(r"\d+[.、](?!\d)|[-+]?\d[\d,]*(?:\.\d+)?%?|[、，。：；（）()“”]|[^\d、，。：；（）()“”]+")


def row_cells(grid: Grid, r: int) -> list[str]:
    """A row as Word keeps it: a cell merged across columns is one cell, a vertically merged one an empty cell."""
    return [text for c, text in enumerate(grid.rows[r]) if not _continues_left(grid, r, c)]


def _continues_left(grid: Grid, r: int, c: int) -> bool:
    return any(r0 <= r <= r1 and c0 < c <= c1 for r0, c0, r1, c1 in grid.spans)


def cell_lines(rows: list[list[str]]) -> list[str]:
    out: list[str] = []
    for cells in rows:
        for text in cells:
            first, *rest = text.split("\n") if text else [""]
            out.append("\t" + first)
            out += rest
        out.append("")
    return out


def tab_rows(rows: list[list[str]]) -> list[str]:
    return ["\t".join(cell.replace("\n", " ") for cell in cells) for cells in rows]


_CODE_RE = re.compile(r"\d{3}(?: ?\d{2}){0,2}")  # 2080505, or 302 15 as 类 款 print it
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
_NAME_WIDTH = 6  # characters of a name cell's first line (a narrow name column at 9 pt)


def wrapped_names(rows: list[list[str]], is_header: list[bool], how: str) -> list[list[str]]:
    """Rows whose subject names are longer than their cells are wide, as a PDF converted to tab-separated text leaves
    them: `below`, the rest of each name on a row of its own under the row; `above`, each name's first line on a row of
    its own over the row; `amounts_below` (rows printing one code), the code and the name's first line on one row, the
    rest of the name with the amounts on the next. `none` changes nothing."""
    if how == "none":
        return rows
    out: list[list[str]] = []
    for row, header in zip(rows, is_header):
        names = [j + 1 for j, cell in enumerate(row)
                 if _CODE_RE.fullmatch(cell.strip()) and j + 1 < len(row) and _HAN_RE.search(row[j + 1])]
        long = [j for j in names if len(row[j].strip()) > _NAME_WIDTH + 1]
        if header or not long or (how == "amounts_below" and len(names) != 1):
            out.append(row)
            continue
        first = {j: row[j].strip()[:_NAME_WIDTH] for j in long}
        rest = {j: row[j].strip()[_NAME_WIDTH:] for j in long}
        alone = ["" for _ in row]
        if how == "below":
            out += [[first.get(j, cell) for j, cell in enumerate(row)], [rest.get(j, "") for j in range(len(row))]]
        elif how == "above":
            out += [[first.get(j, "") for j in range(len(row))], [rest.get(j, cell) for j, cell in enumerate(row)]]
        else:
            name = long[0]
            out += [[*row[:name], first[name], *alone[name + 1:]], alone[:name] + [rest[name]] + row[name + 1:]]
    return out


_AMOUNT_RE = re.compile(r"[-+]?[\d,]+(?:\.\d+)?%?|[-—]+")


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cells_of(rows: list[list[str]]) -> list[list[str]]:
    return [[cell.replace("\n", " ").strip() for cell in row] for row in rows]


def space_widths(rows: list[list[str]], head: int = 0, spans: list[tuple[int, int, int, int]] = (),
                 by_characters: bool = False) -> list[int]:
    """Each column's width on screen: its widest cell (a Chinese character two columns; one where the converter
    counts characters, `by_characters`), a heading merged over several columns (`spans`, in the first `head` rows)
    widening the last of them where it is wider than all."""
    width_of = len if by_characters else _display_width
    cells = _cells_of(rows)
    count = max((len(row) for row in cells), default=0)
    over = {(r0, c0): c1 for r0, c0, _, c1 in spans if r0 < head and c1 > c0}
    widths = [max((width_of(row[j]) for r, row in enumerate(cells) if j < len(row) and (r, j) not in over),
                  default=0) for j in range(count)]
    for (r, c0), c1 in over.items():
        short = width_of(cells[r][c0]) - (sum(widths[c0:c1 + 1]) + 3 * (c1 - c0))
        if short > 0:
            widths[c1] += short
    return widths


def space_rows(rows: list[list[str]], head: int = 0, spans: list[tuple[int, int, int, int]] = (),
               widths: list[int] | None = None, by_characters: bool = False, gap: int = 3) -> list[str]:
    """Rows laid out with spaces as pdftotext -layout leaves a ruled table: columns `widths` wide on screen
    (space_widths, the table's on every page), `gap` spaces between columns, words flush left and amounts flush
    right in the body, headings centred over their column, a heading merged over several columns centred over all
    of them; an empty cell is only spaces. `by_characters`: the converter counts a Chinese character as one column,
    though it prints two wide (pdftotext does)."""
    width_of = len if by_characters else _display_width
    cells = _cells_of(rows)
    over = {(r0, c0): c1 for r0, c0, _, c1 in spans if r0 < head and c1 > c0}  # merged headings: first cell → last column
    widths = widths or space_widths(rows, head, spans, by_characters)
    count = len(widths)
    out = []
    for r, row in enumerate(cells):
        parts, j = [], 0
        while j < count:
            text = row[j] if j < len(row) else ""
            last = over.get((r, j), j)
            width = sum(widths[j:last + 1]) + gap * (last - j)
            pad = width - width_of(text)
            # a code (before its name, or the 类 款 项 parts before one) is a word, flush left
            code = re.fullmatch(r"\d{2,7}|\d{3}(?: \d{2}){1,2}", text) and any(
                _HAN_RE.search(cell) for cell in row[j + 1:j + 4])
            if r < head:
                parts.append(" " * (pad // 2) + text + " " * (pad - pad // 2))
            elif _AMOUNT_RE.fullmatch(text) and not code:
                parts.append(" " * pad + text)
            else:
                parts.append(text + " " * pad)
            j = last + 1
        out.append((" " * gap).join(parts).rstrip())
    return out


def fragments(text: str, width: int) -> list[str]:
    """The pieces a PDF draws a text as: numbers and punctuation apart, longer text runs cut at `width`."""
    pieces: list[str] = []
    for part in text.split("\n"):
        for token in _PIECE_RE.findall(part.strip()):
            token = token.strip()
            while len(token) > width and not token[0].isdigit():  # a number is drawn as one piece
                pieces.append(token[:width])
                token = token[width:]
            if token:
                pieces.append(token)
    return pieces


def fragment_lines(texts: list[str], width: int) -> list[str]:
    out: list[str] = []
    for text in texts:
        for piece in fragments(text, width):
            out += [piece, ""]
    return out


def wrapped(text: str, width: int) -> list[str]:
    """A paragraph as a PDF-to-text dump prints it: indented, broken every `width` characters."""
    text = "\u3000\u3000" + text
    return [text[k : k + width] for k in range(0, len(text), width)]
