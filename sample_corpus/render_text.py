"""Plain UTF-8 text, laid out like the Markdown-ish conversions real disclosures arrive as.

Conventions (parsers rely on them):
- cover lines, then headings prefixed "## " (第X部分, and each table's title),
  "### " (一、…) and "#### " (（一）…); every heading, label and paragraph is followed by a blank line;
- a table: "## <title>", then its label lines ("公开01表", "部门名称：…", "2023年度", "金额单位：万元";
  a 绩效自评表 has only "（2023年度）"), then one tab-separated line per grid row (header rows,
  the 栏次 row and body, merged cells printed once in their first column), a blank line, the
  "注：…" line, and "说明：本表无数据" for an empty table.
"""

from __future__ import annotations

from sample_corpus.blocks import Block, Cover, Heading, PageBreak, Para, TableBlock
from sample_corpus.tables import EMPTY_MARKER, Grid

HEADING_MARKS = {1: "## ", 2: "### ", 3: "#### "}


def render_text(blocks: list[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Cover):
            lines.append("")
            for line in block.lines:
                lines += [line, ""]
        elif isinstance(block, Heading):
            lines += [HEADING_MARKS[block.level] + block.text, ""]
        elif isinstance(block, Para):
            lines += [block.text, ""]
        elif isinstance(block, TableBlock):
            lines += _table(block.grid)
        elif isinstance(block, PageBreak):
            continue
    return "\n".join(lines).rstrip("\n") + "\n"


def _table(grid: Grid) -> list[str]:
    out = [f"## {grid.title}", ""]
    for label in grid.labels:
        out += [label, ""]
    out += ["\t".join(row) for row in grid.rows]
    out.append("")
    if grid.note:
        out += [grid.note, ""]
    if grid.empty:
        out += [EMPTY_MARKER, ""]
    return out
