"""The content of one invented 部门决算 disclosure, as pure data.

Every amount is integer cents of 万元 (see money.py). Totals that a document prints
(类/款 subtotals, 合计, 人员经费 …) are derived from the line items here, never stored,
so the tables, the narrative and the expected-figures JSON cannot disagree.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Callable

from sample_corpus.catalog import FUNCTIONAL, PERSONNEL_CLASSES
from sample_corpus.layout import Layout
from sample_corpus.money import ratio


@dataclass
class Item:
    """One 项 (7-digit 功能分类 code) with its spending split by purpose and funding."""

    code: str
    basic: int = 0
    project: int = 0
    fund: str = "gpb"  # fiscal source: gpb 一般公共预算, gf 政府性基金, sc 国有资本经营
    business: int = 0  # part of `project` paid from 事业收入
    other: int = 0  # part of `project` paid from 其他收入
    used_balance: int = 0  # part of `project` paid from 使用非财政拨款结余
    carry: int = 0  # 年末 minus 年初 财政拨款结转和结余 booked against this code
    budget: int = 0  # 年初预算数 of the 财政拨款 part (一般公共预算 rows only)

    @property
    def total(self) -> int:
        return self.basic + self.project

    @property
    def nonfiscal(self) -> int:
        return self.business + self.other + self.used_balance

    @property
    def fiscal(self) -> int:
        """The 财政拨款 part of the spending on this code."""
        return self.total - self.nonfiscal


@dataclass(frozen=True)
class SubjectRow:
    """A printed 功能分类 row: 类 (level 1), 款 (2) or 项 (3)."""

    code: str
    level: int
    name: str
    total: int
    basic: int
    project: int
    budget: int = 0


@dataclass
class ThreePublic:
    """一般公共预算财政拨款 “三公”经费, budget and actual, with the counts the narrative states."""

    outbound_budget: int = 0
    outbound: int = 0
    purchase_budget: int = 0
    purchase: int = 0
    operation_budget: int = 0
    operation: int = 0
    reception_budget: int = 0
    reception: int = 0
    outbound_groups: int = 0
    outbound_persons: int = 0
    vehicles_purchased: int = 0
    vehicles_owned: int = 0
    reception_batches: int = 0
    reception_persons: int = 0
    prior_year_total: int = 0

    @property
    def vehicle_budget(self) -> int:
        return self.purchase_budget + self.operation_budget

    @property
    def vehicle(self) -> int:
        return self.purchase + self.operation

    @property
    def budget_total(self) -> int:
        return self.outbound_budget + self.vehicle_budget + self.reception_budget

    @property
    def actual_total(self) -> int:
        return self.outbound + self.vehicle + self.reception

    @property
    def empty(self) -> bool:
        return self.budget_total == 0 and self.actual_total == 0


@dataclass
class Indicator:
    level1: str  # 产出指标 / 效益指标 / 满意度指标
    level2: str  # 数量指标 …
    level3: str  # the indicator's own name
    operator: str  # ≥ ≤ = 定性
    target_text: str  # as printed, e.g. "≥95%"
    actual_text: str
    weight: int  # hundredths of a point
    score: int  # hundredths of a point
    reason: str = ""  # 偏差原因分析, printed where points were lost
    # a quantitative indicator's parts, as forms with 指标值/度量单位/完成值 columns print them apart
    target_value: str | None = None  # "95"
    actual_value: str | None = None  # "96"
    unit: str = ""  # "%"


@dataclass
class Project:
    name: str
    code: str | None
    competent_dept: str
    competent_code: str
    implementing_unit: str
    implementing_code: str
    budget_initial: int
    budget_adjusted: int
    executed: int
    goal: str
    outcome: str
    indicators: list[Indicator]

    @property
    def rate(self) -> int:
        """执行率 in hundredths of a percent."""
        return ratio(self.executed, self.budget_adjusted)

    @property
    def execution_score(self) -> int:
        """预算执行率 row: 10 points × rate, capped at 100%, in hundredths of a point."""
        capped = min(self.rate, 10000)
        return (capped + 5) // 10

    @property
    def total_score(self) -> int:
        return self.execution_score + sum(i.score for i in self.indicators)

    @property
    def grade(self) -> str:
        return grade_for(self.total_score)


def grade_for(score_hundredths: int) -> str:
    if score_hundredths >= 9000:
        return "优"
    if score_hundredths >= 8000:
        return "良"
    if score_hundredths >= 6000:
        return "中"
    return "差"


@dataclass
class Style:
    """Seeded choices of how this document prints, since real documents differ.

    The first five are the choices the classic layout varies (layout.classic_layout); a document
    with a drawn layout prints as its layout says and keeps only font size, budget_exact and long_form.
    """

    commas: bool  # thousands separators in narrative amounts
    zeros: bool  # print 0.00 in empty amount cells instead of leaving them blank
    variant: int  # phrasing family of the narrative, 0–2
    project_code_in_name: bool  # print a project's code before its name rather than in its own row
    fund_detail_row: bool  # project tables repeat the amounts in a 其中：财政拨款 row
    font_size: float  # PDF body size; bigger sizes give longer documents
    budget_exact: bool  # every 一般公共预算 line completed its budget exactly
    long_form: bool  # adds 项目绩效分析 rows and per-code 名词解释, as fuller documents do


@dataclass
class Disclosure:
    index: int
    province: str
    province_code: str
    city: str
    county: str | None
    bureau: str
    department_name: str
    dept_code: str
    subunits: list[str]
    fiscal_year: int
    duties: list[str]
    headcount: int
    items: list[Item]
    economic: dict[str, int]  # 5-digit 经济分类 code → cents, non-zero lines only
    opening_balance: int  # 年初结转和结余 (all 财政拨款, 一般公共预算)
    closing_balance: int  # 年末结转和结余
    three_public: ThreePublic
    org_operating_expense: int
    procurement_goods: int
    procurement_works: int
    procurement_services: int
    procurement_sme: int
    vehicles_by_kind: list[int]  # counts in catalog.VEHICLE_KINDS order
    big_equipment: int
    performance_score: int  # 部门整体支出绩效自评得分, tenths of a point
    projects: list[Project]
    prior_total: int  # last year's 收入/支出总计, for the narrative's comparisons
    prior_gpb_expense: int
    prior_org_operating: int
    style: Style
    layout: Layout | None = None  # how it prints; build() gives every disclosure one
    unit: str = "万元"

    # ----- totals a reader finds printed -----
    @property
    def expense_total(self) -> int:
        return sum(i.total for i in self.items)

    @property
    def expense_basic(self) -> int:
        return sum(i.basic for i in self.items)

    @property
    def expense_project(self) -> int:
        return sum(i.project for i in self.items)

    def fiscal_expense(self, fund: str) -> int:
        return sum(i.fiscal for i in self.items if i.fund == fund)

    def fiscal_income(self, fund: str) -> int:
        return sum(i.fiscal + i.carry for i in self.items if i.fund == fund)

    @property
    def income_business(self) -> int:
        return sum(i.business for i in self.items)

    @property
    def income_other(self) -> int:
        return sum(i.other for i in self.items)

    @property
    def used_balance(self) -> int:
        return sum(i.used_balance for i in self.items)

    @property
    def income_fiscal(self) -> int:
        return sum(self.fiscal_income(f) for f in ("gpb", "gf", "sc"))

    @property
    def income_total(self) -> int:
        """本年收入合计."""
        return self.income_fiscal + self.income_business + self.income_other

    @property
    def grand_total(self) -> int:
        """收入总计 = 支出总计."""
        return self.income_total + self.used_balance + self.opening_balance

    @property
    def personnel_expense(self) -> int:
        return sum(v for k, v in self.economic.items() if k[:3] in PERSONNEL_CLASSES)

    @property
    def public_expense(self) -> int:
        return sum(v for k, v in self.economic.items() if k[:3] not in PERSONNEL_CLASSES)

    @property
    def procurement_total(self) -> int:
        return self.procurement_goods + self.procurement_works + self.procurement_services

    @property
    def vehicles_owned(self) -> int:
        return sum(self.vehicles_by_kind)

    @property
    def gpb_budget(self) -> int:
        return sum(i.budget for i in self.items if i.fund == "gpb")

    def has_fund(self, fund: str) -> bool:
        return any(i.fund == fund for i in self.items)

    # ----- printed rows -----
    def subject_rows(self, fund: str | None = None) -> list[SubjectRow]:
        """类/款/项 rows in print order; fund=None is every source (公开03), else that 财政拨款 only.

        For a fund, amounts are the 财政拨款 part: non-fiscal money only ever pays project costs.
        """

        def values(i: Item) -> tuple[int, ...]:
            if fund is None:
                return (i.total, i.basic, i.project, i.budget)
            return (i.fiscal, i.basic, i.project - i.nonfiscal, i.budget)

        chosen = [i for i in self.items if fund is None or i.fund == fund]
        return [SubjectRow(code, level, FUNCTIONAL[code], *v) for code, level, v in rollup(chosen, values)]

    def class_totals(self, fund: str | None = None) -> dict[str, int]:
        return {r.code: r.total for r in self.subject_rows(fund) if r.level == 1}

    def economic_class_totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for code, amount in self.economic.items():
            totals[code[:3]] = totals.get(code[:3], 0) + amount
        return totals


def rollup(items: list[Item], values: Callable[[Item], tuple[int, ...]]) -> list[tuple[str, int, tuple[int, ...]]]:
    """类/款/项 rows (code, level, summed values) in print order, for any per-item figures."""
    rows = []
    for length, level in ((3, 1), (5, 2), (7, 3)):
        sums: dict[str, list[int]] = {}
        for item in items:
            v = values(item)
            acc = sums.setdefault(item.code[:length], [0] * len(v))
            for k, x in enumerate(v):
                acc[k] += x
        rows.extend((code, level, tuple(v)) for code, v in sums.items())
    # 201 < 20103 < 2010301 < 2010302 < 20105 …: pad codes to 7 digits to sort parents first
    rows.sort(key=lambda r: (r[0].ljust(7, "0"), r[1]))
    return rows


def build_disclosure(rng: random.Random, index: int, layout: Layout | None = None) -> Disclosure:
    """Invent one internally consistent disclosure; all randomness comes from rng.

    Without a layout it prints as the classic layout (with its seeded choices); a given layout
    changes how it prints, never its figures.
    """
    from sample_corpus.gen_finance import build

    disclosure = build(rng, index)
    if layout is not None:
        disclosure.layout = layout
    return disclosure
