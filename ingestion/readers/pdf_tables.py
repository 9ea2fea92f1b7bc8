"""Table finding and cell extraction on a page read with pdfium (pdf_objects.PdfiumPage): pdfplumber's, faster.

pdfplumber's `TableFinder` gives the edges and their intersections and groups cells into tables; two of its steps
spend their time in quadratic scans written for generality, and are done here with the same results: finding the
cells between intersections (`_cells`, its `intersections_to_cells`) and reading each cell's characters
(`extract_table`, its `Table.extract`). tests/unit/test_pdf_objects.py checks both against pdfplumber's own on
every page of the corpus and of generated PDFs.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter

from pdfplumber.table import Table, TableFinder, TableSettings, cells_to_tables, edges_to_intersections
from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, LIGATURES, extract_text

_SETTINGS = TableSettings.resolve(None)  # pdfplumber's defaults, what `page.find_tables()` uses
_X0 = itemgetter("x0")


def find_tables(page) -> list[Table]:
    """`page.find_tables()`: pdfplumber's edges, intersections and grouping of cells into tables, with the
    cells found by `_cells`."""
    finder = TableFinder.__new__(TableFinder)  # its get_edges only, not its __init__ (which finds the cells)
    finder.page, finder.settings = page, _SETTINGS
    intersections = edges_to_intersections(finder.get_edges(), _SETTINGS.intersection_x_tolerance,
                                           _SETTINGS.intersection_y_tolerance)
    return [Table(page, group) for group in cells_to_tables(_cells(intersections))]


def _cells(intersections: dict) -> list[tuple[float, float, float, float]]:
    """The cells pdfplumber's `intersections_to_cells` finds, in the same order, without its quadratic scans.

    For each intersection (in sorted order) the cell is the first (nearest below, then nearest right)
    combination of a point below and a point to the right, joined to it by a common edge, whose bottom-right
    corner is an intersection joined to both. pdfplumber looks for the points below and to the right among all
    later points and rebuilds the edge sets at every test; here points are grouped by column and row and each
    point's edge sets built once.
    """
    vertical = {point: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges["v"]}
                for point, edges in intersections.items()}
    horizontal = {point: {(e["x0"], e["top"], e["x1"], e["bottom"]) for e in edges["h"]}
                  for point, edges in intersections.items()}
    points = sorted(intersections)
    columns: dict[float, list] = {}
    rows: dict[float, list] = {}
    for point in points:  # each column top to bottom, each row left to right
        columns.setdefault(point[0], []).append(point)
        rows.setdefault(point[1], []).append(point)
    in_column = {point: index for column in columns.values() for index, point in enumerate(column)}
    in_row = {point: index for row in rows.values() for index, point in enumerate(row)}
    cells = []
    for point in points:
        below = columns[point[0]][in_column[point] + 1:]
        right = rows[point[1]][in_row[point] + 1:]
        cell = None
        for below_pt in below:
            if vertical[point].isdisjoint(vertical[below_pt]):
                continue
            for right_pt in right:
                if horizontal[point].isdisjoint(horizontal[right_pt]):
                    continue
                corner = (right_pt[0], below_pt[1])
                if (corner in intersections and not vertical[corner].isdisjoint(vertical[right_pt])
                        and not horizontal[corner].isdisjoint(horizontal[below_pt])):
                    cell = (point[0], point[1], corner[0], corner[1])
                    break
            if cell:
                break
        if cell:
            cells.append(cell)
    return cells


def _cell_text(chars: list[dict]) -> str:
    """pdfplumber's `extract_text(chars)`, answered at once for the common cell: upright characters at one
    height, left to right, none blank, none a ligature, no gap wider than its x tolerance (one line, one word,
    the characters joined); any other cell goes to extract_text itself."""
    ordered = sorted(chars, key=_X0)
    top = ordered[0]["top"]
    previous = None
    for char in ordered:
        text = char["text"]
        if (not char["upright"] or char["top"] != top or not text or text.isspace() or text in LIGATURES
                or previous is not None and not previous["x0"] < char["x0"] <= previous["x1"] + DEFAULT_X_TOLERANCE):
            return extract_text(chars)
        previous = char
    return "".join(char["text"] for char in ordered)


def extract_table(table: Table, chars: list[dict]) -> list[list[str | None]]:
    """What `table.extract()` gives, without testing every character of the page against every row.

    A character belongs to a row or cell when its middle lies in the box, left and top edges included, right
    and bottom edges not (pdfplumber's rule); a cell's characters keep the page's order and are read by
    pdfplumber's own `extract_text`, so the text is the same. Rows of merged cells overlap: a character may
    belong to more than one.
    """
    middles = sorted(((c["top"] + c["bottom"]) / 2, index) for index, c in enumerate(chars))
    keys = [middle for middle, _ in middles]
    h_middles = [(c["x0"] + c["x1"]) / 2 for c in chars]
    out = []
    for row in table.rows:
        x0, top, x1, bottom = row.bbox
        in_row = sorted(index for _, index in middles[bisect_left(keys, top):bisect_left(keys, bottom)]
                        if x0 <= h_middles[index] < x1)
        cells: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                cells.append(None)  # covered by a merged cell
                continue
            cx0, ctop, cx1, cbottom = cell
            inside = [chars[i] for i in in_row
                      if cx0 <= h_middles[i] < cx1 and ctop <= (chars[i]["top"] + chars[i]["bottom"]) / 2 < cbottom]
            cells.append(_cell_text(inside) if inside else "")
        out.append(cells)
    return out
