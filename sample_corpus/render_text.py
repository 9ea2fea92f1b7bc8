"""Plain UTF-8 text, laid out like the conversions real disclosures arrive as.

The classic layout (tab rows, paragraphs, Markdown headings), which parsers rely on:
- cover lines, then headings prefixed "## " (第X部分, and each table's title),
  "### " (一、…) and "#### " (（一）…); every heading, label and paragraph is followed by a blank line;
- a table: "## <title>", then its label lines ("公开01表", "部门名称：…", "2023年度", "金额单位：万元";
  a 绩效自评表 has only "（2023年度）"), then one tab-separated line per grid row (header rows,
  the 栏次 row and body, merged cells printed once in their first column), a blank line, the
  "注：…" line, and "说明：本表无数据" for an empty table.
Other layouts (text.tables, text.prose, text.headings) print tables one cell per line or as PDF
fragments, prose wrapped at the page width or as fragments, and headings without "#" marks;
see text_shapes.py. A table that breaks over a page shows the break the way a converted PDF does.
"""

from __future__ import annotations

from sample_corpus.blocks import Block, Cover, Heading, PageBreak, Para, TableBlock
from sample_corpus.grid import EMPTY_MARKER, Grid
from sample_corpus.layout import Layout
from sample_corpus.text_shapes import cell_lines, fragment_lines, row_cells, space_rows, space_widths, tab_rows, wrapped, wrapped_names

HEADING_MARKS = {1: "## ", 2: "### ", 3: "#### "}


class _Text:
    def __init__(self, layout: Layout | None):
        self.tables = layout["text.tables"] if layout else "tab_rows"
        self.wrapped_names = layout["text.wrapped_names"] if layout else "none"
        self.row_separator = layout["text.row_separator"] if layout else "tabs"
        self.prose_shape = layout["text.prose"] if layout else "paragraphs"
        self.marks = layout is None or layout.is_("text.headings", "markdown")
        rng = layout.rng("text") if layout else None
        self.width = rng.randint(28, 42) if rng else 0  # characters per line of a PDF-to-text dump
        self.piece = rng.randint(4, 12) if rng else 0  # characters per fragment

    def heading(self, text: str, level: int) -> list[str]:
        mark = HEADING_MARKS[level] if self.marks else ""
        return [mark + text] if self.prose_shape == "wrapped" else [mark + text, ""]

    def prose(self, text: str) -> list[str]:
        if self.prose_shape == "wrapped":
            return wrapped(text, self.width)
        if self.prose_shape == "fragments":
            return fragment_lines([text], self.piece)
        return [text, ""]

    def line(self, text: str) -> list[str]:
        """A short line (a label): kept whole except in a fragment dump."""
        return fragment_lines([text], self.piece) if self.tables == "fragments" else [text, ""]


def render_text(blocks: list[Block], layout: Layout | None = None) -> str:
    t = _Text(layout)
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Cover):
            lines.append("")
            for line in block.lines:
                lines += [line, ""]
        elif isinstance(block, Heading):
            lines += t.heading(block.text, block.level)
        elif isinstance(block, Para):
            lines += t.prose(block.text)
        elif isinstance(block, TableBlock):
            lines += _table(block.grid, t)
        elif isinstance(block, PageBreak):
            continue
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(grid: Grid, t: _Text) -> list[str]:
    out: list[str] = []
    for line in grid.above:
        out += t.line(line)
    out += [("## " if t.marks else "") + grid.title, ""]
    for label in grid.labels:
        out += t.line(label)
    out += _rows(grid, t)
    if grid.note:
        out += t.prose(grid.note)
    if grid.empty:
        out += [EMPTY_MARKER, ""]
    return out


def _rows(grid: Grid, t: _Text) -> list[str]:
    if t.tables == "cell_lines":
        # Word keeps a table whole: no page break shows in its text
        return cell_lines([row_cells(grid, r) for r in range(len(grid.rows))])
    head = len(grid.header)
    cut = head + grid.split_at if grid.split_at is not None else len(grid.rows)
    before = list(range(cut))
    after = list(range(cut, len(grid.rows)))
    repeat = list(range(head)) if grid.split_style in ("repeat_header", "continued_title") else []
    if t.tables == "fragments":
        out: list[str] = []
        for r in before:
            out += fragment_lines(row_cells(grid, r), t.piece)
        if after:
            out += ["- 2 -", ""] + (["续表", ""] if grid.split_style == "continued_title" else [])
            for r in repeat + after:
                out += fragment_lines(row_cells(grid, r), t.piece)
        return out
    head_rows = set(range(head))
    spaced = t.row_separator != "tabs" and grid.kind != "project_performance"  # forms keep tabs: see aligned_text
    # pdftotext counts characters (a Chinese one prints two wide) and sets each page on a grid of its own, its pages
    # apart by form feeds
    by_characters = t.row_separator == "spaces_by_characters"
    spans = [s for s in grid.spans if s[2] < head]
    # the columns stand where they stand on every page of the table (on a page of its own grid, closer together)
    widths = space_widths(wrapped_names(grid.rows, [r in head_rows for r in range(len(grid.rows))], t.wrapped_names),
                          head, spans, by_characters) if spaced else []

    def lay_out(indices: list[int], gap: int = 3) -> list[str]:
        rows = wrapped_names([grid.rows[r] for r in indices], [r in head_rows for r in indices], t.wrapped_names)
        if not spaced:
            return tab_rows(rows)
        header = sum(1 for r in indices if r in head_rows)  # the rows' header comes first, as in the grid
        return space_rows(rows, header, spans if header == head else [], widths, by_characters, gap)

    out = lay_out(before)
    if after:
        out += ["\f" if by_characters else ""] + (["续表", ""] if grid.split_style == "continued_title" else [])
        out += lay_out(repeat + after, gap=2 if by_characters else 3)
    return out + [""]
