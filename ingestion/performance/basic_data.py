"""The 部门整体支出绩效评价基础数据表 read into table facts.

The template stacks several small tables in one grid, each opened by a row of words: 财政供养人员情况（人）| 编制数 |
实际在职人数 | 控制率, then 经费控制情况（万元）| 上年决算数 | 本年预算数 | 本年决算数 with the 三公经费, 项目支出 and
公用经费 rows, then 楼堂馆所控制情况 | 批复规模（㎡）… Each figure becomes a `TableFact` under the word of the column
it stands in (the latest such row above it), its row named by its own label or, where it prints none, by the
block's first word; the unit comes from the block's or the column's words (人, 万元, ㎡) or a printed %. A column
named by a year says which year's figures it holds: `measure` tells this year's (actual, budget) from the
previous year's (prior_actual …) against the year of the title. A figure under no column word is counted missed.
"""

from __future__ import annotations

import re

from ingestion.records import Block, PartCoverage, TableFact
from ingestion.tables import recognise_title
from ingestion.text.normalise import compact
from ingestion.text.numbers import classify_cell, is_dash, printed_figure, read_percent, to_wan
from ingestion.performance.department import FormTable
from ingestion.performance.tokens import CellLines, clean, label_key

_UNIT_RE = re.compile(r"[（(](人|万元|元|㎡|平方米|辆|个|%)[）)]")
_YEAR_COLUMN_RE = re.compile(r"((?:19|20)\d{2})年度?(决算数|预算数|执行数|实际数)")
_YEAR_MEASURES = {"决算数": "actual", "执行数": "actual", "实际数": "actual", "预算数": "budget"}
_QUOTED = 5


def read_basic_data(blocks: list[Block], lines: CellLines) -> list[FormTable]:
    """Every 基础数据表 in the (cell-line rebuilt) block stream that prints rows."""
    out: list[FormTable] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        title = clean(block.cells[0]) if block.kind == "text" and block.cells else ""
        if not title or len(title) > 40 or recognise_title(title) != "performance_basic_data":
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and _in_table(blocks[j]):
            j += 1
        table = _read(block, title, blocks, i + 1, j, lines)
        if table is not None:
            out.append(table)
        i = max(j, i + 1)
    return out


def _in_table(block: Block) -> bool:
    """A row of the grid: a row block, or a one-cell line that knows its cell; a title ends the table."""
    if block.kind == "row":
        return True
    if block.source_table is None or block.col_index is None:
        return False
    return not recognise_title(clean(block.cells[0]) if block.cells else "")


def _is_figure(cell: str) -> bool:
    """A number printed on its own (20, 0.97, 185%); words that hold a year (2023年决算数) name a column."""
    return classify_cell(cell)[0] in ("number", "zero") or read_percent(cell) is not None


def _year(title: str) -> int | None:
    match = re.search(r"((?:19|20)\d{2})\s*年", title)
    return int(match.group(1)) if match else None


def _measure(word: str, year: int | None) -> str:
    match = _YEAR_COLUMN_RE.search(word)
    if match is None:
        return "value"
    base = _YEAR_MEASURES[match.group(2)]
    if year is None or int(match.group(1)) == year:
        return base
    return f"prior_{base}" if int(match.group(1)) == year - 1 else f"year_{match.group(1)}_{base}"


def _unit(*words: str) -> str | None:
    for word in words:
        match = _UNIT_RE.search(compact(word))
        if match:
            return match.group(1)
    return None


def _read(title_block: Block, title: str, blocks: list[Block], start: int, end: int,
          lines: CellLines) -> FormTable | None:
    year = _year(title)
    facts: list[TableFact] = []
    printed = 0
    missed: list[str] = []
    header: dict[int, str] = {}
    group: str | None = None
    group_unit: str | None = None
    for b in range(start, end):
        block = blocks[b]
        cells = [clean(c) for c in block.cells]
        if block.kind != "row":
            continue
        figures = {c: cell for c, cell in enumerate(cells) if c > 0 and _is_figure(cell)}
        words = [cell for c, cell in enumerate(cells) if c > 0 and cell and not is_dash(cell)]
        if not figures:
            if len(words) >= 2 and all(len(compact(w)) <= 20 for w in words):
                header = {c: cell for c, cell in enumerate(cells) if c > 0 and cell}
                group = label_key(_UNIT_RE.sub("", cells[0])) if cells[0] else group
                group_unit = _unit(cells[0]) or group_unit
            continue
        label = label_key(cells[0]) if cells[0] else group
        for c, raw in figures.items():
            printed += 1
            first_line = lines.get((b, c), (block.line_no, block.line_no))[0]
            column = header.get(c)
            if column is None or label is None:
                where = f"p.{block.page} l.{first_line}" if block.page is not None else f"l.{first_line}"
                missed.append(f"{where} {label or ''}: {raw}".strip())
                continue
            unit = "%" if read_percent(raw) is not None else _unit(column) or group_unit
            kind, value = classify_cell(raw)
            value = read_percent(raw) if unit == "%" else value if value is not None else printed_figure(raw)
            facts.append(TableFact(
                table_index=0, table_kind="performance_basic_data", page=block.page, line_no=first_line,
                row_index=b - start, col_index=c, row_label=label, classification="none", subject_code=None,
                subject_name=None, column_label=label_key(column), measure="rate" if unit == "%" else _measure(compact(column), year),
                raw_text=raw, value_kind="zero" if value == 0 else "number", value=value, unit=unit,
                amount_wan=to_wan(value, unit) if unit in ("万元", "元") else None, row_group=group,
            ))
    if printed == 0:
        return None
    quoted = "; ".join(missed[:_QUOTED]) + (f" (+{len(missed) - _QUOTED} more)" if len(missed) > _QUOTED else "")
    coverage = PartCoverage("table", 0, title, title_block.page, title_block.line_no, printed, len(facts), 0,
                            quoted or None)
    return FormTable("performance_basic_data", title, title_block.page, title_block.line_no, None, facts, coverage)
