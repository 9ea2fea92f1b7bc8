"""Recognised text placed on the page: table cells of the ruled grids, rows of borderless tables, and text lines,
in reading order, each with its reading (box and per-character confidence).

What comes out is what the PDF reader gives for a page with a text layer: text lines rebuilt by vertical overlap,
a ruled table as one row per grid row with a merged cell's text at its first position, so the table, narrative
and project-form code read a scanned page as they read a digital one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.ocr.borderless import borderless_rows
from ingestion.ocr.digits import clean
from ingestion.ocr.engine import TextRun
from ingestion.ocr.model import Reading
from ingestion.ocr.words import correct
from ingestion.ocr.rulings import Grid


@dataclass
class Glyph:
    ch: str
    confidence: float
    x: float  # centre
    x0: float
    x1: float
    y0: float
    y1: float


@dataclass
class Line:
    """Glyphs on one visual line, left to right."""

    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(g.y0 for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.y1 for g in self.glyphs)

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PlacedBlock:
    kind: str  # text or row
    cells: tuple[str, ...]
    readings: tuple[Reading | None, ...]
    top: float
    source_table: int | None = None
    row_index: int | None = None


def glyphs_of(run: TextRun) -> list[Glyph]:
    """A run's characters with their own horizontal extent (half-way to their neighbours), spaces dropped: where
    words part is decided from the gaps, as the PDF reader decides it."""
    out = []
    centres = list(run.centres)
    for i, (ch, conf) in enumerate(zip(run.text, run.confidences)):
        if not ch.strip():
            continue
        left = (centres[i - 1] + centres[i]) / 2 if i > 0 else run.x0
        right = (centres[i] + centres[i + 1]) / 2 if i + 1 < len(centres) else run.x1
        out.append(Glyph(ch, conf, centres[i], left, right, run.y0, run.y1))
    return out


def group_lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs into visual lines: a glyph joins a line when its vertical middle falls inside the line's extent."""
    lines: list[Line] = []
    for glyph in sorted(glyphs, key=lambda g: ((g.y0 + g.y1) / 2, g.x)):
        middle = (glyph.y0 + glyph.y1) / 2
        for line in reversed(lines[-3:]):
            if line.top <= middle <= line.bottom and not any(abs(g.x - glyph.x) < 2 for g in line.glyphs):
                line.glyphs.append(glyph)
                break
        else:
            lines.append(Line([glyph]))
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x)
    return sorted(lines, key=lambda l: l.top)


def line_chars(line: Line) -> list[tuple[str, float]]:
    """A line's characters with a space wherever the gap between two glyphs is wider than a character."""
    out: list[tuple[str, float]] = []
    size = max(1.0, line.height / 1.4)  # a detected line box stands about 1.4 character heights tall
    previous = None
    for glyph in line.glyphs:
        if previous is not None and glyph.x - previous.x > 1.9 * size:
            out.append((" ", 1.0))
        out.append((glyph.ch, glyph.confidence))
        previous = glyph
    return out


def _reading(page: int, glyphs: list[Glyph], chars: list[tuple[str, float]], to_points: float,
             box: tuple[float, float, float, float] | None = None) -> Reading:
    if box is None:
        box = (min(g.x0 for g in glyphs), min(g.y0 for g in glyphs), max(g.x1 for g in glyphs), max(g.y1 for g in glyphs))
    x0, y0, x1, y1 = box
    # one confidence per character of the text, spaces included, so a span of the text finds its own
    return Reading(page, (round(x0 * to_points, 2), round(y0 * to_points, 2), round(x1 * to_points, 2),
                          round(y1 * to_points, 2)), tuple(round(c, 4) for _, c in chars))


def _text(chars: list[tuple[str, float]]) -> str:
    return "".join(ch for ch, _ in chars)


def _strip(chars: list[tuple[str, float]]) -> list[tuple[str, float]]:
    while chars and chars[0][0] == " ":
        chars = chars[1:]
    while chars and chars[-1][0] == " ":
        chars = chars[:-1]
    return chars


def _speck(chars: list[tuple[str, float]]) -> bool:
    """A line of nothing but a punctuation mark or two: dust or a ruling's end read as a mark. On the page's last
    line such a mark would end a table that runs on over the page break."""
    text = "".join(ch for ch, _ in chars).strip()
    return len(text) <= 2 and not any(ch.isalnum() for ch in text)


def table_rows(grid: Grid, glyphs: list[Glyph], page: int, to_points: float, t_index: int) -> list[PlacedBlock]:
    by_cell: dict[tuple[int, int], list[Glyph]] = {}
    for glyph in glyphs:
        cell = grid.cell_at(glyph.x, (glyph.y0 + glyph.y1) / 2)
        if cell is not None:
            by_cell.setdefault((cell.row, cell.col), []).append(glyph)
    starts = {(c.row, c.col): c for c in grid.cells}
    rows = []
    for r in range(grid.n_rows):
        texts, readings = [], []
        for c in range(grid.n_cols):
            cell = starts.get((r, c))
            members = by_cell.get((r, c), []) if cell else []
            if not members:
                texts.append("")
                readings.append(None)
                continue
            chars: list[tuple[str, float]] = []
            for line in group_lines(members):  # a cell's lines run on, as the PDF reader joins them
                chars.extend(line_chars(line))
            chars = correct(clean(_strip(chars), numeric_cell=True))
            texts.append(_text(chars))
            readings.append(_reading(page, members, chars, to_points, cell.box))
        if any(texts):
            rows.append(PlacedBlock("row", tuple(texts), tuple(readings), grid.ys[r], t_index, r))
    return rows


def place(runs: list[TextRun], grids: list[Grid], page: int, to_points: float, dpi: float) -> list[PlacedBlock]:
    """The page's blocks in reading order (top to bottom; a table where its top ruling stands)."""
    glyphs = [g for run in runs for g in glyphs_of(run)]
    in_grid: dict[int, list[Glyph]] = {i: [] for i in range(len(grids))}
    free: list[Glyph] = []
    for glyph in glyphs:
        y = (glyph.y0 + glyph.y1) / 2
        owner = next((i for i, grid in enumerate(grids) if grid.contains(glyph.x, y)), None)
        (in_grid[owner] if owner is not None else free).append(glyph)
    blocks: list[PlacedBlock] = []
    for index, grid in enumerate(grids):
        blocks.extend(table_rows(grid, in_grid[index], page, to_points, index))
    lines = group_lines(free)
    table_index = len(grids)
    for rows in borderless_rows(lines, dpi):
        for r_index, (line, cells) in enumerate(rows):
            texts, readings = [], []
            for cell in cells:
                chars = clean(_strip(line_chars(Line(cell))), numeric_cell=True) if cell else []
                texts.append(_text(chars))
                readings.append(_reading(page, cell, chars, to_points) if cell else None)
            blocks.append(PlacedBlock("row", tuple(texts), tuple(readings), line.top, table_index, r_index))
            lines.remove(line)
        table_index += 1
    for line in lines:
        chars = correct(clean(_strip(line_chars(line))))
        if _text(chars) and not _speck(chars):
            blocks.append(PlacedBlock("text", (_text(chars),), (_reading(page, line.glyphs, chars, to_points),), line.top))
    return sorted(blocks, key=lambda b: (b.top, b.kind == "row"))
