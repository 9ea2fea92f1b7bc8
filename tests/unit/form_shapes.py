"""A printed 项目支出绩效自评表 rendered in each shape the performance reader meets, through the real text reader
wherever a text dump carries the shape:

* "tabs": a text dump with one table row per line, cells split by tabs (Markdown-like conversions);
* "ruled": the rows of one ruled table as the PDF, Word and Excel readers give them, blank cells kept;
* "cell_lines": Word converted to text, each cell on a line of its own after a tab, a blank line ending the
  row, so a blank cell keeps its line;
* "fragments": a PDF converted to text, each filled cell on lines of its own, long labels and names broken in
  two, a note such as （50分） broken into its pieces, blank cells leaving no trace;
* "pieces": a PDF text layer that draws every number apart from the words around it ("≥" | "20" | "个",
  "51110025" | "T" | "000012480219") and cuts text at a narrow line width, blank cells leaving no trace.

A form is a list of lines: a string is a line of text (a title), a list of strings a table row.
"""

from __future__ import annotations

import re

from ingestion.readers.text import read_text
from ingestion.records import Block
from ingestion.text.numbers import is_dash, printed_figure

SHAPES = ("tabs", "ruled", "cell_lines", "fragments", "pieces")

Form = list["str | list[str]"]


def render(form: Form, shape: str) -> list[Block]:
    if shape == "ruled":
        return _ruled(form)
    shapes = {"tabs": _tabs, "cell_lines": _one_cell_per_line, "fragments": _fragments, "pieces": _drawn_pieces}
    text = shapes[shape](form)
    return read_text(text.encode("utf-8")).blocks


def _tabs(form: Form) -> str:
    return "\n".join(line if isinstance(line, str) else "\t".join(c.replace("\n", "") for c in line) for line in form)


def _ruled(form: Form) -> list[Block]:
    width = max(len(line) for line in form if not isinstance(line, str))
    blocks: list[Block] = []
    row = 0
    for n, line in enumerate(form, start=1):
        if isinstance(line, str):
            blocks.append(Block("text", (line,), 1, n))
        else:
            cells = tuple(line) + ("",) * (width - len(line))
            blocks.append(Block("row", cells, 1, n, source_table=0, row_index=row))
            row += 1
    return blocks


def _one_cell_per_line(form: Form) -> str:
    out: list[str] = []
    for line in form:
        if isinstance(line, str):
            out += [line, ""]
            continue
        for cell in line:
            first, *rest = cell.split("\n")
            out.append("\t" + first)
            out += rest  # a cell's text running on over the next lines, without the tab
        out.append("")
    return "\n".join(out)


def _fragments(form: Form) -> str:
    out: list[str] = []
    for line in form:
        cells = [line] if isinstance(line, str) else [c for c in line if c.strip()]
        for cell in cells:
            for piece in _pieces(cell.replace("\n", "")):
                out += [piece, ""]
    return "\n".join(out)


_NOTE_RE = re.compile(r"^(.*?)\s*[（(]([^（）()]*)[)）]$")


def _pieces(cell: str) -> list[str]:
    """How a PDF text layer breaks a cell: figures whole, a trailing note into brackets, number and unit,
    anything longer than six characters into two halves."""
    text = cell.strip()
    if printed_figure(text) is not None or is_dash(text) or len(text) <= 6:
        return [text]
    match = _NOTE_RE.match(text)
    if match and match.group(1) and len(match.group(2)) <= 6:
        note = [p for p in re.split(r"(\d+(?:\.\d+)?)", match.group(2)) if p]
        return _pieces(match.group(1)) + ["（", *note, "）"]
    cuts = sorted(range(1, len(text)), key=lambda k: abs(k - len(text) // 2))
    cut = next(k for k in cuts if not (re.match(r"[\d.]", text[k - 1]) or re.match(r"[\d.%]", text[k])))
    return [text[:cut].strip(), text[cut:].strip()]


_DRAWN_RE = re.compile(r"\d+[.、](?!\d)|\d[\d,]*(?:\.\d+)?%?|[、，。：；（）()]|[^\d、，。：；（）()]+")
_LINE_WIDTH = 5


def _drawn_pieces(form: Form) -> str:
    out: list[str] = []
    for line in form:
        cells = [line] if isinstance(line, str) else [c for c in line if c.strip()]
        for cell in cells:
            for piece in _DRAWN_RE.findall(cell.replace("\n", "")):
                piece = piece.strip()
                while piece:
                    cut = len(piece) if piece[0].isdigit() else _LINE_WIDTH
                    out += [piece[:cut], ""]
                    piece = piece[cut:].strip()
    return "\n".join(out)
