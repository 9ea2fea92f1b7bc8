"""A printed table as a format-neutral grid, and the figures it prints with what each one means.

Every renderer draws the same grid, so a PDF, a Word file, a text dump and a workbook of one
table print the same cells. A merged cell holds its text in its top-left position and "" elsewhere.
Beside the cells, a grid lists every figure cell it prints (`figures`): the amount the generator
meant and a key that says where a correct extraction finds it (table kind, code or row label,
row group, column meaning), so a test can compare each printed figure with what was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sample_corpus.layout import Layout
from sample_corpus.money import fmt

EMPTY_MARKER = "说明：本表无数据"


@dataclass(frozen=True)
class CellKey:
    """Where a figure sits, in the terms TableFact uses (not in grid positions, which converters move)."""

    table_kind: str
    code: str | None = None  # the row's classification code, digits only
    label: str | None = None  # the row's label as a reader should give it: no spaces, ordinal or unit
    group: str | None = None  # the sub-section heading of the row (一、政府采购情况 → 政府采购情况)
    measure: str | None = None  # the column's meaning (total, basic, project, budget, actual, …)
    column: tuple[str, ...] = ()  # words the column's header path contains
    leaf: tuple[str, ...] = ()  # words the column's own (lowest) header cell contains
    nth: int = 0  # which of several rows with the same label and column, in reading order


@dataclass(frozen=True)
class Figure:
    key: CellKey
    value: int  # cents of 万元 for money, the number for counts
    kind: str  # money or count
    printed: str  # the cell as printed ("" for a blank zero)

    @property
    def is_printed_number(self) -> bool:
        return self.printed.replace(",", "").replace(".", "").lstrip("-").isdigit()


@dataclass
class Grid:
    kind: str  # table_kind as the warehouse names it
    code: str | None  # 公开01表 … when printed
    title: str
    labels: list[str]  # lines printed between the title and the grid (公开NN表, 部门名称, year, unit)
    header: list[list[str]]  # rows repeated on every page the table spans
    body: list[list[str]]
    note: str | None = None
    empty: bool = False
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), rows over header+body
    widths: list[float] = field(default_factory=list)  # relative column widths
    above: list[str] = field(default_factory=list)  # lines printed above the title (a 公开NN表 label set there)
    unit: str = "万元"  # the unit the amounts are printed in
    figures: list[Figure] = field(default_factory=list)
    split_at: int | None = None  # body row before which the table runs onto a new page
    split_style: str = "none"  # repeat_header, no_header or continued_title (see layout table.page_split)

    @property
    def rows(self) -> list[list[str]]:
        return self.header + self.body


class Printer:
    """Prints one table's figure cells the way its layout does, and records each one with its key."""

    def __init__(self, layout: Layout, unit: str, table_kind: str, blank_style: str | None = None):
        self.layout = layout
        self.unit = unit
        self.kind = table_kind
        self.blank_style = blank_style or layout["table.blank_cells"]
        self.figures: list[Figure] = []

    def zero_text(self) -> str:
        return {"blank": "", "zeros": "0.00", "dash": "-", "long_dash": "——"}[self.blank_style]

    def money(self, cents: int, always: bool = False, **key) -> str:
        """An amount (cents of 万元) in this table's unit; a zero follows the blank style unless always printed."""
        if cents == 0 and not always:
            printed = self.zero_text()
        else:
            printed = fmt(cents * 10000 if self.unit == "元" else cents)
        self.figures.append(Figure(CellKey(self.kind, **key), cents, "money", printed))
        return printed

    def count(self, n: int, **key) -> str:
        printed = str(n) if n else ("0" if self.blank_style == "zeros" else self.zero_text())
        self.figures.append(Figure(CellKey(self.kind, **key), n, "count", printed))
        return printed


def spaced(text: str, mode: str) -> str:
    """A short label spread over its cell (项 目, 合　计), as forms print labels of two to four characters."""
    if mode == "none" or not 2 <= len(text) <= 4:
        return text
    return (" " if mode == "spaced" else "\u3000").join(text)
