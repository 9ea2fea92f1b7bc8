"""Tables printed without rulings, found by their columns: consecutive lines that each print several amounts
apart, whose gaps line up down the block.

A column boundary is an x position no line of the block has a character on: runs of such empty columns wide
enough to part words, shared by every line, split each line into its cells. Only a block of three or more such
lines counts, so a sentence with two figures in it stays prose.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingestion.ocr.layout import Glyph, Line

_AMOUNT = re.compile(r"^[-(（]?\d[\d,.]*[)）%]?$")
_MIN_LINES = 3


def _segments(line: Line) -> list[list[Glyph]]:
    size = max(1.0, line.height / 1.4)
    parts: list[list[Glyph]] = []
    for glyph in line.glyphs:
        if parts and glyph.x - parts[-1][-1].x <= 1.9 * size:
            parts[-1].append(glyph)
        else:
            parts.append([glyph])
    return parts


def _tabular(line: Line) -> bool:
    parts = _segments(line)
    amounts = sum(1 for p in parts if _AMOUNT.match("".join(g.ch for g in p)))
    return len(parts) >= 3 and amounts >= 2


def _boundaries(block: list[Line], gap: float) -> list[float]:
    """Centres of the x ranges no line of the block prints on, at least `gap` wide, between its first and last
    character."""
    spans = sorted((g.x0, g.x1) for line in block for g in line.glyphs)
    cuts, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= gap:
            cuts.append((reach + x0) / 2)
        reach = max(reach, x1)
    return cuts


def borderless_rows(lines: list[Line], dpi: float) -> list[list[tuple[Line, list[list[Glyph]]]]]:
    """Each borderless table among `lines` (top to bottom) as its lines with their cells, one list per column."""
    tables = []
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and _tabular(line):
            run.append(line)
            continue
        if len(run) >= _MIN_LINES:
            size = sorted(l.height for l in run)[len(run) // 2] / 1.4
            cuts = _boundaries(run, 1.2 * size)
            if len(cuts) >= 2:
                rows = []
                for member in run:
                    cells: list[list[Glyph]] = [[] for _ in range(len(cuts) + 1)]
                    for glyph in member.glyphs:
                        cells[sum(1 for c in cuts if glyph.x > c)].append(glyph)
                    rows.append((member, cells))
                tables.append(rows)
        run = []
    return tables
