"""Ruled tables in a page image: ruling lines, the grid they draw, and its cells (merged ones included).

Lines are what survives a morphological opening with a long thin element (a stroke of a character is far shorter
than a ruling). Rulings that touch form one table; its rows and columns lie between the distinct line positions,
and two neighbouring grid positions belong to one merged cell where the ruling between them is missing. The
rows come out as the PDF reader gives a ruled table: a merged cell's text stands at its first grid position and
the positions it covers read empty.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


# A ruling between two grid positions counts as absent (the positions are one merged cell) only when less than
# this share of it is drawn: a merged cell has none of it, while a faint scanned ruling loses stretches of its
# length to the threshold and must not merge two rows' cells.
_ABSENT = 0.3


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    last_row: int
    last_col: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels, inside the rulings


@dataclass
class Grid:
    box: tuple[int, int, int, int]
    xs: list[int]  # column boundaries, left to right
    ys: list[int]  # row boundaries, top to bottom
    cells: list[Cell]

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_cols(self) -> int:
        return len(self.xs) - 1

    def contains(self, x: float, y: float) -> bool:
        x0, y0, x1, y1 = self.box
        return x0 <= x <= x1 and y0 <= y <= y1

    def cell_at(self, x: float, y: float) -> Cell | None:
        for cell in self.cells:
            x0, y0, x1, y1 = cell.box
            if x0 - 2 <= x <= x1 + 2 and y0 - 2 <= y <= y1 + 2:
                return cell
        return None


def line_masks(ink: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rulings: ink runs longer than any character's stroke (a third of an inch across,
    a fifth of an inch down — the height of the lowest table row), their breaks from noise closed."""
    long_h = max(15, int(dpi * 0.33))
    long_v = max(12, int(dpi * 0.2))
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_v)))
    gap = max(3, int(dpi * 0.02))
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    return horizontal, vertical


def _positions(values: list[tuple[float, float]], tolerance: float) -> list[int]:
    """Distinct line positions: (position, weight) pairs within `tolerance` of each other are one line."""
    groups: list[list[tuple[float, float]]] = []
    for value in sorted(values):
        if groups and value[0] - groups[-1][-1][0] <= tolerance:
            groups[-1].append(value)
        else:
            groups.append([value])
    return [int(round(sum(p * w for p, w in g) / sum(w for _, w in g))) for g in groups]


def _segments(mask: np.ndarray, axis: int) -> list[tuple[float, float, int, int]]:
    """Each ruling's position across its direction, its length, and where it starts and ends along it."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if axis == 0:  # horizontal: position is y
            out.append((y + h / 2, float(w), int(x), int(x + w)))
        else:
            out.append((x + w / 2, float(h), int(y), int(y + h)))
    return out


def _coverage(mask: np.ndarray, fixed: int, start: int, end: int, axis: int, reach: int) -> float:
    """Share of the stretch start..end along a ruling position that is ruled (within `reach` of the position)."""
    if end - start <= 2:
        return 1.0
    if axis == 0:
        band = mask[max(0, fixed - reach): fixed + reach + 1, start:end]
        return float(band.max(axis=0).mean()) if band.size else 0.0
    band = mask[start:end, max(0, fixed - reach): fixed + reach + 1]
    return float(band.max(axis=1).mean()) if band.size else 0.0


def find_grids(ink: np.ndarray, dpi: float, masks: tuple[np.ndarray, np.ndarray] | None = None) -> list[Grid]:
    horizontal, vertical = masks if masks is not None else line_masks(ink, dpi)
    both = cv2.dilate(horizontal | vertical, np.ones((5, 5), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    grids = []
    min_side = dpi * 0.3
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        if w < min_side or h < min_side:
            continue
        grid = _grid(horizontal[y:y + h, x:x + w], vertical[y:y + h, x:x + w], (x, y), dpi)
        if grid is not None:
            grids.append(grid)
    return sorted(grids, key=lambda g: (g.box[1], g.box[0]))


def _grid(horizontal: np.ndarray, vertical: np.ndarray, origin: tuple[int, int], dpi: float) -> Grid | None:
    height, width = horizontal.shape
    tolerance = max(3.0, dpi * 0.025)
    h_segments = [s for s in _segments(horizontal, 0) if s[1] >= dpi * 0.25]
    v_segments = [s for s in _segments(vertical, 1) if s[1] >= dpi * 0.12]
    ys = _positions([(s[0], s[1]) for s in h_segments], tolerance)
    xs = _positions([(s[0], s[1]) for s in v_segments], tolerance)
    if len(ys) < 2 or len(xs) < 2:
        return None  # a lone rule (an underline, a border) is no table
    # an open-sided table (no outer verticals) still has columns out to the ends of its horizontal rules
    left = min(s[2] for s in h_segments)
    right = max(s[3] for s in h_segments)
    if xs[0] - left > dpi * 0.15:
        xs.insert(0, left)
    if right - xs[-1] > dpi * 0.15:
        xs.append(right)
    if len(xs) < 2 or len(ys) < 3 and len(xs) < 3:
        return None
    # a ruling may wander a few pixels off its mean position (a tilt not quite undone, a warped page)
    reach = max(3, int(dpi * 0.025))
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for r in range(n_rows):
        for c in range(n_cols):
            pad_y = (ys[r + 1] - ys[r]) // 8
            if c + 1 < n_cols and _coverage(vertical, xs[c + 1], ys[r] + pad_y, ys[r + 1] - pad_y, 1, reach) < _ABSENT:
                parent[find(r * n_cols + c + 1)] = find(r * n_cols + c)
            pad_x = (xs[c + 1] - xs[c]) // 8
            if r + 1 < n_rows and _coverage(horizontal, ys[r + 1], xs[c] + pad_x, xs[c + 1] - pad_x, 0, reach) < _ABSENT:
                parent[find((r + 1) * n_cols + c)] = find(r * n_cols + c)
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            members.setdefault(find(r * n_cols + c), []).append((r, c))
    ox, oy = origin
    cells = []
    for positions in members.values():
        r0, r1 = min(p[0] for p in positions), max(p[0] for p in positions)
        c0, c1 = min(p[1] for p in positions), max(p[1] for p in positions)
        cells.append(Cell(r0, c0, r1, c1, (ox + xs[c0], oy + ys[r0], ox + xs[c1 + 1], oy + ys[r1 + 1])))
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid((ox + xs[0], oy + ys[0], ox + xs[-1], oy + ys[-1]), [ox + x for x in xs], [oy + y for y in ys], cells)


def unread_cells(grids: list[Grid], read: list[tuple[float, float]], text_ink: np.ndarray,
                 dpi: float) -> list[tuple[int, int, int, int]]:
    """Boxes around the ink of cells no recognised text stands in. The detector passes over a lone small glyph (a
    0 in a column of blank-but-zero cells, a dash); the recogniser reads it once shown where it is."""
    boxes = []
    margin = max(2, int(dpi * 0.015))
    least = max(6, int((dpi * 0.03) ** 2))  # a zero's strokes at this resolution; dust is smaller
    for grid in grids:
        taken = {id(c) for x, y in read if grid.contains(x, y) for c in [grid.cell_at(x, y)] if c is not None}
        for cell in grid.cells:
            if id(cell) in taken:
                continue
            x0, y0, x1, y1 = cell.box
            inside = text_ink[y0 + margin:y1 - margin, x0 + margin:x1 - margin]
            if inside.size == 0 or int(inside.sum()) < least:
                continue
            ys, xs = np.nonzero(inside)
            pad = margin
            boxes.append((max(0, x0 + margin + int(xs.min()) - pad), max(0, y0 + margin + int(ys.min()) - pad),
                          x0 + margin + int(xs.max()) + pad + 1, y0 + margin + int(ys.max()) + pad + 1))
    return boxes
