"""The words a layout prints: label synonyms, titles, units in labels and spaced-out labels.

Each function returns what one layout prints; the figures' keys keep the meaning (CellKey), so
a synonym changes what a reader sees, never what a correct extraction must find.
"""

from __future__ import annotations

from dataclasses import dataclass

from sample_corpus.catalog import chinese_number
from sample_corpus.grid import spaced
from sample_corpus.layout import Layout

# Standard-table words per table.wording value: national template, a shorter form, a provincial form.
_TABLE_WORDS: dict[str, dict[str, str]] = {
    "national": {
        "income_total": "本年收入合计", "expense_total": "本年支出合计", "code": "科目代码", "name": "科目名称",
        "economic_code": "科目代码", "economic_name": "科目名称", "expense_head": "本年支出合计",
        "gpb_total": "小计", "sc_total": "合计", "economic_amount": "决算数", "three_budget": "预算数",
        "three_actual": "决算数", "vehicle_operation": "公务用车运行维护费", "stat": "统计数", "amount": "金额",
        "three_title": "财政拨款“三公”经费支出决算表", "basic_title": "一般公共预算财政拨款基本支出决算明细表",
    },
    "short": {
        "income_total": "收入合计", "expense_total": "支出合计", "code": "科目编码", "name": "科目名称",
        "economic_code": "科目编码", "economic_name": "科目名称", "expense_head": "支出合计",
        "gpb_total": "合计", "sc_total": "小计", "economic_amount": "金额", "three_budget": "全年预算数",
        "three_actual": "实际支出数", "vehicle_operation": "公务用车运行费", "stat": "金额", "amount": "金额",
        "three_title": "财政拨款“三公”经费支出决算表", "basic_title": "一般公共预算财政拨款基本支出决算表",
    },
    "provincial": {
        "income_total": "本年收入合计", "expense_total": "本年支出合计", "code": "功能分类科目编码",
        "name": "功能分类科目名称", "economic_code": "经济分类科目编码", "economic_name": "经济分类科目名称",
        "expense_head": "本年支出合计", "gpb_total": "合计", "sc_total": "合计", "economic_amount": "决算数",
        "three_budget": "预算数", "three_actual": "决算数", "vehicle_operation": "公务用车运行维护费",
        "stat": "统计数", "amount": "金额",
        "three_title": "一般公共预算财政拨款“三公”经费支出决算表", "basic_title": "一般公共预算财政拨款基本支出决算明细表",
    },
}


@dataclass(frozen=True)
class TableWords:
    """The words one standard table prints under a layout, with its unit."""

    layout: Layout
    unit: str

    def __getattr__(self, name: str) -> str:
        words = _TABLE_WORDS[self.layout["table.wording"]]
        if name in words:
            return words[name]
        raise AttributeError(name)

    def label(self, text: str) -> str:
        """A short header or row label, spaced out where the layout spaces labels."""
        return spaced(text, self.layout["table.label_spacing"])

    def value_head(self, text: str) -> str:
        """An amount column's header, carrying the unit where the layout prints units there."""
        return f"{text}（{self.unit}）" if self.layout.is_("table.unit_label", "in_header") else text

    def total(self, text: str = "合计") -> str:
        printed = self.label(text)
        return f"{printed}（{self.unit}）" if self.layout.is_("table.total_label", "with_unit") else printed

    def numbered(self, k: int, text: str) -> str:
        """A summary-table row label numbered the way this layout numbers them (一、 （一） 1. or not at all)."""
        style = self.layout["table.row_numbering"]
        if style == "一、":
            return f"{chinese_number(k)}、{text}"
        if style == "（一）":
            return f"（{chinese_number(k)}）{text}"
        if style == "1.":
            return f"{k}.{text}"
        return text


def table_title(layout: Layout, base: str, department: str, year: int) -> str:
    """A standard table's title: plain, after the department and year, or with a 部门/单位 prefix."""
    style = layout["table.title"]
    if style == "department_year":
        return f"{department}{year}年度{base}"
    if style in ("部门", "单位"):
        if base.startswith("部门决算"):
            return base.replace("部门", style, 1)
        return f"{style}{base}"
    return base


def unit_line(layout: Layout, unit: str) -> str | None:
    style = layout["table.unit_label"]
    if style == "unit_line":
        return f"金额单位：{unit}"
    if style == "short_unit_line":
        return f"单位：{unit}"
    return None  # in_header prints no unit line; meta_row prints it inside the grid


@dataclass(frozen=True)
class FormWords:
    """The labels one 项目支出绩效自评表 prints under a layout."""

    layout: Layout

    def __getattr__(self, name: str) -> str:
        key = f"form.{name}"
        if key in self.layout:
            return self.label(self.layout[key])
        raise AttributeError(name)

    @property
    def unit(self) -> str:
        return self.layout["form.money_unit"]

    def label(self, text: str) -> str:
        return spaced(text, self.layout["form.label_spacing"])

    def level1(self, name: str, points: int, wrapped: bool = False) -> str:
        """一级指标 with its points where the layout prints them there: 产出指标（50分）, or on a line of
        their own in a narrow cell (产出指标\\n(50分), as junshan prints it)."""
        style = self.layout["form.level_points"]
        shown = f"{points // 100}" if points % 100 == 0 else f"{points / 100:g}"
        if style in ("level1", "level1_and_execution"):
            suffix = f"（{shown}分）"
        elif style == "level1_ascii":
            suffix = f"({shown}分)"
        else:
            suffix = ""
        if wrapped and suffix:
            return f"{name}\n{suffix}"
        if wrapped and len(name) >= 4:
            return f"{name[: len(name) // 2]}\n{name[len(name) // 2 :]}"
        return name + suffix
