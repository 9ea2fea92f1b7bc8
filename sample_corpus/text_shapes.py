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
