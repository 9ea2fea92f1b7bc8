"""Rows of a fragmented table rebuilt from its labels and numbers, column by column, by what each column holds.

The header gives the columns left to right: codes (one code column, or 类 / 款 / 项), the row label, 行次, and
the amounts (a summary table has two sides, 收入 and 支出, each with its own). Reading the body in order,
each piece goes to the next column that can hold it: a code to a code column, a label to a label column
(a label naming an expense to the 支出 side, an income or a fund to the 收入 side), a whole number that
continues a 行次 column's count to that column, any other number to the next amount column. A piece that
no column left in the row can hold starts the next row; what the converter dropped (a blank label, a
blank side) stays blank.

Where codes over 类/款/项 print only the part that changes (01 alone), the part's level follows the
template's hierarchy: after a 类 row comes a 款; after a 款, its 项 rows, until they add up to the 款.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.records import Block
from ingestion.text.normalise import compact
from ingestion.text.numbers import classify_cell
from ingestion.tables.template_words import SIDE_WORDS
from ingestion.tables.headers import column_role


@dataclass
class Item:
    kind: str  # "label" or "number"
    text: str
    block: Block
    numbers_after: int = 0  # for a label: how many numbers follow it before the next label


def side_of_label(label: str) -> str | None:
    """Which side of a summary table a row label belongs to (None: either, by its place)."""
    text = compact(label)
    if "支出" in text or "结余分配" in text or text.startswith("年末") or re.search(r"[、.．）)]年末", text):
        return "支出"
    if "收入" in text or "拨款" in text or "年初" in text or "使用" in text:
        return "收入"
    return None


@dataclass
class _Row:
    cells: list[str]
    block: Block | None = None
    pointer: int = 0

    def put(self, col: int, text: str, block: Block) -> None:
        self.cells[col] = text
        self.pointer = col + 1
        self.block = self.block or block


@dataclass
class _Hierarchy:
    """Where the rows stand in the 类/款/项 hierarchy, for codes that print only the part that changes."""

    level: int | None = None
    section_total: float | None = None  # the current 款 row's first amount
    items_sum: float = 0.0  # its 项 rows' first amounts so far

    def next_part_level(self) -> int:
        if self.level == 1:
            return 2
        if self.level == 3 and self.section_total is not None and self.items_sum >= self.section_total - 0.005:
            return 2
        return 3

    def record(self, level: int | None, amount: float | None) -> None:
        if level is None:
            return
        self.level = level
        if level == 2:
            self.section_total, self.items_sum = amount, 0.0
        elif level == 3:
            self.items_sum += amount or 0.0


class _Assembler:
    def __init__(self, paths: list[list[str]]):
        self.roles = [column_role(p) for p in paths]
        self.sides = [p[0] if p and p[0] in SIDE_WORDS else None for p in paths]
        self.width = len(paths)
        self.parts = [j for j, r in enumerate(self.roles) if r == "code_part"]
        # the columns of each group (key columns, then amounts): whether the group has a label column
        self.group = [self._group_start(j) for j in range(self.width)]
        self.labelled = {g: any(self.roles[j] == "label" for j in range(self.width) if self.group[j] == g) for g in set(self.group)}
        self.capacity = {g: sum(1 for j in range(self.width) if self.group[j] == g and self.roles[j] in ("value", "rowno"))
                         for g in set(self.group)}
        self.last_line: dict[int, int] = {}
        self.hierarchy = _Hierarchy()
        self.rows: list[_Row] = []
        self.row = _Row([""] * self.width)

    def _group_start(self, col: int) -> int:
        """The first column of the group `col` belongs to: key columns, then 行次 and amounts (a summary table
        has two groups, the 基本支出 table four)."""
        start = col
        while start > 0 and not (self.roles[start - 1] == "value" and self.roles[start] != "value"):
            start -= 1
        return start

    def _label_column(self, text: str, numbers_after: int) -> int | None:
        previous = self.row.pointer - 1
        if previous >= 0 and re.fullmatch(r"[\d ]+", self.row.cells[previous]) and (
            self.roles[previous] == "label" or (self.roles[previous] == "code" and not self.labelled[self.group[previous]])
        ):
            return previous  # code and name in one cell (科目代码及名称)
        side = side_of_label(text)
        fitting = [j for j in range(self.row.pointer, self.width)
                   if self.roles[j] == "label" and not (side and self.sides[j] and self.sides[j] != side)]
        sides = {self.sides[j] for j in range(self.width) if self.roles[j] == "label"}
        if side is None and len(sides) > 1:
            # a label either side prints (总计): the side with as many columns as numbers follow it, in this
            # row if it is still free, else in the next
            room = [j for j in range(self.width) if self.roles[j] == "label" and self.capacity[self.group[j]] == numbers_after]
            if room and not any(j in fitting for j in room):
                return None
            fitting = [j for j in fitting if j in room] or fitting
        if fitting:
            return fitting[0]
        for j in range(self.row.pointer, self.width):
            if self.roles[j] == "code" and not self.labelled[self.group[j]]:
                return j
        return None

    def _code_column(self, text: str) -> int | None:
        previous = self.row.pointer - 1
        if len(text) == 2 and previous >= 0 and self.roles[previous] == "code" and self.row.cells[previous]:
            return previous  # a spaced code (201 05 01): the next part of the same cell
        if len(text) == 2 and previous >= 0 and self.roles[previous] == "code_part" and self.row.cells[previous]:
            nxt = previous + 1
            return nxt if nxt < self.width and self.roles[nxt] == "code_part" else None
        for j in range(self.row.pointer, self.width):
            role = self.roles[j]
            if role == "value" or role == "rowno":
                return None
            if role == "code_part" and len(text) in (3, 5, 7):
                return j
            if role == "code_part" and len(text) == 2 and not any(self.row.cells[k] for k in self.parts):
                level = self.hierarchy.next_part_level()
                part = self.parts[min(level - 1, len(self.parts) - 1)] if len(self.parts) == 3 else j
                return part if part >= self.row.pointer else None
            if role == "code" and len(text) in (3, 5, 7):
                return j
            if role == "label" and len(text) in (3, 5, 7) and "code" not in self.roles[self.group[j] : j]:
                return j  # a code printed in the name cell (科目代码及名称)
            if role in ("code", "code_part", "label"):
                return None
        return None

    def _line_column(self, text: str) -> int | None:
        """A 行次 column whose count the number continues."""
        if text.isdigit() and len(text) <= 3 and not (len(text) > 1 and text.startswith("0")):
            for j in range(self.row.pointer, self.width):
                if self.roles[j] == "rowno" and self.last_line.get(j, int(text) - 1) + 1 == int(text):
                    return j
        return None

    def _number_column(self, text: str) -> int | None:
        for j in range(self.row.pointer, self.width):
            if self.roles[j] in ("value", "unknown"):
                return j
        return None

    def _column(self, item: Item) -> int | None:
        if item.kind == "label":
            return self._label_column(item.text, item.numbers_after)
        text = item.text
        previous = self.row.pointer - 1
        if len(text) == 2 and text.isdigit() and previous >= 0 and self.roles[previous] in ("code", "code_part") and self.row.cells[previous]:
            col = self._code_column(text)  # the next part of a code (201 05 01, or over 类/款/项)
            if col is not None:
                return col
        line = self._line_column(text)
        if line is not None:
            return line
        if text.isdigit() and len(text) in (2, 3, 5, 7) and any(r in ("code", "code_part") for r in self.roles):
            col = self._code_column(text)
            if col is not None or not any(self.row.cells[j] for j in range(self.width) if self.roles[j] == "value"):
                return col  # a code where no amount has come yet begins the next row (after a wrapped name)
        elif text.isdigit() and len(text) in (3, 5, 7) and "label" in self.roles:
            col = self._code_column(text)
            if col is not None:
                return col
        return self._number_column(text)

    def finish(self) -> None:
        row = self.row
        if any(c for c in row.cells):
            filled = [k for k, j in enumerate(self.parts) if row.cells[j]]
            amount = next((classify_cell(row.cells[j])[1] for j in range(self.width) if self.roles[j] == "value" and row.cells[j]), None)
            self.hierarchy.record(filled[-1] + 1 if filled else None, amount or 0.0)
            self.rows.append(row)
        self.row = _Row([""] * self.width)

    def add(self, item: Item) -> None:
        col = self._column(item)
        if col is None:
            self.finish()
            col = self._column(item)
            if col is None:
                return  # nothing in this table holds it (a label in a table of amounts only)
        if self.roles[col] == "rowno":
            self.last_line[col] = int(item.text)
        if self.row.cells[col] and col < self.row.pointer:
            self.row.cells[col] += " " + item.text  # the rest of a code, or the name after it
            self.row.pointer = col + 1
            return
        self.row.put(col, item.text, item.block)


def assemble_rows(items: list[Item], paths: list[list[str]]) -> list[tuple[list[str], Block]]:
    """Body rows (cells, the block of their first piece) from the body's labels and numbers."""
    if not paths:
        return []
    assembler = _Assembler(paths)
    for k, item in enumerate(items):
        if item.kind == "label":
            following = 0
            while k + 1 + following < len(items) and items[k + 1 + following].kind == "number":
                following += 1
            item.numbers_after = following
    for item in items:
        assembler.add(item)
    assembler.finish()
    return [(row.cells, row.block) for row in assembler.rows if row.block is not None]
