"""Where a row's merged cells stand, when the row prints each merged cell once (Word converted to text).

Such a row has fewer cells than its table has columns, and nothing says which cell covers several. The
table's own structure does: a header cell covers the cells of the row below it that subdivide it (项目 over
科目代码 and 科目名称, 本年支出 over 小计 / 基本支出 / 项目支出), never half of a cell below, never a column with
nothing under it, and groups of a two-sided header start where the row below starts over (收入 | 支出 over
项目 行次 金额 | 项目 行次 金额); a body cell printing an amount stands in one amount column, while a label
covers the key columns (合计 over the 类/款/项 and name columns). Each short row is fitted to the table's
columns at the least cost of breaking these rules; the rows come out as other readers give them: a merged
cell's text at its left, the columns it covers blank. A key heading (项目) covers the key columns the rows fill
with codes and names even where one of them has no heading of its own (a code column whose heading is blank).
"""

from __future__ import annotations

from ingestion.text.normalise import compact
from ingestion.text.numbers import classify_cell, normalise_code
from ingestion.tables.headers import column_role, is_data_row

_INFEASIBLE = float("inf")


def _is_amount(text: str) -> bool:
    """An amount, a zero or a dash; a classification code or code part ("201", "06") is a key."""
    key = compact(text)
    if key.isdigit() and (normalise_code(key) or (len(key) == 2 and key.startswith("0"))):
        return False
    return classify_cell(text)[0] in ("number", "zero", "dash")


def _is_key(text: str) -> bool:
    """A header word naming a key column (code, name, line number) rather than an amount."""
    return bool(text) and column_role([text]) != "value"


def _fit(cells: list[str], width: int, cost) -> list[int] | None:
    """Spans (columns per cell) that fit `cells` into `width` columns at the least total cost.

    cost(i, a, b, prev_start) is the cost of cell i covering columns a..b after a cell starting at prev_start.
    """
    k = len(cells)
    # best[i][a][p]: least cost with cells[:i] placed, the next starting at column a, the last one at p
    best: dict[tuple[int, int, int], tuple[float, tuple[int, ...]]] = {(0, 0, -1): (0.0, ())}
    for i in range(k):
        layer = {key: v for key, v in best.items() if key[0] == i}
        for (_, a, p), (total, spans) in layer.items():
            room = width - a - (k - i - 1)
            for span in range(1, room + 1):
                c = cost(i, a, a + span - 1, p)
                if c == _INFEASIBLE:
                    continue
                key = (i + 1, a + span, a)
                if key not in best or total + c < best[key][0]:
                    best[key] = (total + c, spans + (span,))
    ends = [v for (i, a, _), v in best.items() if i == k and a == width]
    if not ends:
        return None
    return list(min(ends)[1])


def _spread(cells: list[str], spans: list[int]) -> tuple[list[str], list[int]]:
    """Cells at their grid columns (a merged cell's text at its left) and the owning cell of each column."""
    row: list[str] = []
    owners: list[int] = []
    for i, (text, span) in enumerate(zip(cells, spans)):
        row += [text] + [""] * (span - 1)
        owners += [i] * span
    return row, owners


def _header_cost(cells: list[str], below: list[str], owners: list[int], width: int, key_columns: list[bool]):
    """A header cell covers whole cells of the row below, and only cells that say something; a key heading (项目)
    covers the key columns its rows print (codes and names), even one whose own heading is blank."""
    owner_text = {owners[j]: below[j] for j in range(width) if below[j]}

    def cost(i: int, a: int, b: int, prev_start: int) -> float:
        total = 0.0
        if b > a and _is_key(compact(cells[i])) and all(key_columns[a : b + 1]):
            total -= 1.0 * (b - a)
        if a > 0 and owners[a] == owners[a - 1]:
            total += 10  # cuts a cell below at its left edge
        if b < width - 1 and owners[b + 1] == owners[b]:
            total += 10
        if b > a:
            total += 3 * sum(1 for j in range(a, b + 1) if not owner_text.get(owners[j]))
            if not cells[i]:
                total += 2
        if prev_start >= 0 and a > 0:
            here, there = compact(below[a]), compact(below[prev_start])
            if here and here == there:
                total -= 1  # the row below starts over: a new group
            elif _is_key(here) != _is_key(compact(below[a - 1])):
                total -= 0.5  # key columns give way to amounts, or the other way round
        return total + 0.01 * (b - a) * (len(cells) - i)

    return cost


def _body_cost(cells: list[str], amount_columns: list[bool]):
    """An amount stands in one amount column; a label covers key columns."""

    def cost(i: int, a: int, b: int, prev_start: int) -> float:
        text = cells[i]
        if not compact(text):
            return float(b - a)  # a blank cell: merged blank cells are rare
        if _is_amount(text):
            if b > a:
                return _INFEASIBLE
            return 0.0 if amount_columns[a] else 5.0
        total = 2.0 * sum(1 for j in range(a, b + 1) if amount_columns[j])
        return total + 0.01 * (b - a) * (len(cells) - i)

    return cost


def expand_merged_cells(rows: list[list[str]]) -> list[list[str]]:
    """The rows of one table, each as wide as the table, merged cells placed by the table's structure.

    Rows are given with every cell they print (blank ones included); the widest rows fix the columns.
    """
    width = max((len(r) for r in rows), default=0)
    if all(len(r) == width for r in rows):
        return [list(r) for r in rows]
    first_data = next((i for i, r in enumerate(rows) if is_data_row(r)), len(rows))
    full_data = [r for r in rows[first_data:] if len(r) == width]
    # a column heads a key where a full-width header row names one there (类 / 款 / 项 …)
    keyed = {j for r in rows[:first_data] if len(r) == width for j in range(width) if _is_key(compact(r[j]))}
    amount_columns = [
        j not in keyed
        and sum(1 for r in full_data if _is_amount(r[j])) > sum(1 for r in full_data if compact(r[j]) and not _is_amount(r[j]))
        for j in range(width)
    ]
    # the columns the rows fill with codes or names
    key_columns = [sum(1 for r in full_data if compact(r[j]) and not _is_amount(r[j])) > sum(1 for r in full_data if _is_amount(r[j]))
                   for j in range(width)]
    out: list[list[str] | None] = [None] * len(rows)
    owners: list[list[int] | None] = [None] * len(rows)
    for r in range(first_data, len(rows)):
        cells = list(rows[r])
        spans = _fit(cells, width, _body_cost(cells, amount_columns)) if len(cells) < width else [1] * len(cells)
        if spans is None:
            out[r], owners[r] = cells + [""] * (width - len(cells)), list(range(width))
        else:
            out[r], owners[r] = _spread(cells, spans)
    for r in reversed(range(first_data)):
        cells = list(rows[r])
        below = out[r + 1] if r + 1 < len(rows) else None
        spans = None
        if len(cells) < width and below is not None:
            spans = _fit(cells, width, _header_cost(cells, below, owners[r + 1], width, key_columns))
        if spans is None:
            spans = [1] * len(cells) + [1] * (width - len(cells))
            cells = cells + [""] * (width - len(cells))
        out[r], owners[r] = _spread(cells, spans)
    return [row for row in out if row is not None]
