"""The 部门预算 of a generated department: the budget its 决算 of the same year says it started from.

A 部门决算 states the 年初预算 of each 一般公共预算 line (Item.budget) and of the 三公 categories; the published
budget must print exactly those amounts, or the rule budget.initial_is_published fires on a clean corpus. So the
budget is derived from the disclosure, never drawn: per 功能分类 code the 财政拨款 budget is the 决算's 年初预算
(一般公共预算) or its 财政拨款 spending (政府性基金, 国有资本经营, which state no 年初预算), plus the 事业收入 and 其他收入
the code was planned to use; 基本支出 is the 财政拨款 part up to the 决算's 基本支出, the rest 项目支出. The 基本支出
经济分类 lines are the 决算's lines scaled to the budgeted 一般公共预算 基本支出. Amounts are integer cents of 万元.
"""

from __future__ import annotations

from dataclasses import dataclass

from sample_corpus.catalog import FUNCTIONAL, PERSONNEL_CLASSES
from sample_corpus.layout import Layout
from sample_corpus.model import Disclosure, SubjectRow, ThreePublic, rollup


@dataclass(frozen=True)
class BudgetItem:
    code: str
    fund: str  # gpb, gf, sc (the 财政拨款 source)
    fiscal: int  # 财政拨款 budget
    basic: int  # 基本支出 (all 财政拨款)
    business: int = 0  # 事业收入 budgeted for the code (project spending)
    other: int = 0  # 其他收入

    @property
    def total(self) -> int:
        return self.fiscal + self.business + self.other

    @property
    def project(self) -> int:
        return self.total - self.basic


@dataclass
class Budget:
    department_name: str
    province: str
    city: str
    county: str | None
    fiscal_year: int
    duties: list[str]
    subunits: list[str]
    items: list[BudgetItem]
    economic: dict[str, int]  # 5-digit 经济分类 code → 一般公共预算 基本支出 budget
    three_public: ThreePublic  # only the *_budget fields mean anything here
    org_operating_expense: int
    procurement_goods: int
    procurement_works: int
    procurement_services: int
    performance_projects: int
    performance_amount: int
    layout: Layout
    font_size: float = 10.0

    @property
    def expense_total(self) -> int:
        return sum(i.total for i in self.items)

    @property
    def expense_basic(self) -> int:
        return sum(i.basic for i in self.items)

    @property
    def expense_project(self) -> int:
        return sum(i.project for i in self.items)

    def fiscal(self, fund: str) -> int:
        return sum(i.fiscal for i in self.items if i.fund == fund)

    @property
    def income_fiscal(self) -> int:
        return sum(i.fiscal for i in self.items)

    @property
    def income_business(self) -> int:
        return sum(i.business for i in self.items)

    @property
    def income_other(self) -> int:
        return sum(i.other for i in self.items)

    @property
    def personnel_expense(self) -> int:
        return sum(v for k, v in self.economic.items() if k[:3] in PERSONNEL_CLASSES)

    @property
    def public_expense(self) -> int:
        return sum(v for k, v in self.economic.items() if k[:3] not in PERSONNEL_CLASSES)

    @property
    def procurement_total(self) -> int:
        return self.procurement_goods + self.procurement_works + self.procurement_services

    def has_fund(self, fund: str) -> bool:
        return any(i.fund == fund for i in self.items)

    def rows(self, fund: str | None = None) -> list[SubjectRow]:
        """类/款/项 rows of every source (支出预算总表) or of one 财政拨款 fund (its 功能分类预算表), in print order.

        For a fund the amounts are its 财政拨款 part: non-fiscal money only ever pays project costs."""
        chosen = [i for i in self.items if fund is None or i.fund == fund]

        def values(i: BudgetItem) -> tuple[int, ...]:
            if fund is None:
                return (i.total, i.basic, i.project)
            return (i.fiscal, i.basic, i.fiscal - i.basic)

        return [SubjectRow(code, level, FUNCTIONAL[code], *v) for code, level, v in rollup(chosen, values)]  # type: ignore[arg-type]

    def income_rows(self) -> list[tuple[str, int, tuple[int, ...]]]:
        """收入预算总表 rows: 合计, 财政拨款收入, 事业收入, 事业单位经营收入, 其他收入."""
        return rollup(self.items, lambda i: (i.total, i.fiscal, i.business, 0, i.other))  # type: ignore[arg-type]


def scale(amounts: dict[str, int], target: int) -> dict[str, int]:
    """Amounts scaled to add up to target exactly (largest remainders take the odd cents), keys kept in order."""
    whole = sum(amounts.values())
    if whole == 0 or target == 0:
        return {k: 0 for k in amounts}
    shares = {k: v * target for k, v in amounts.items()}
    out = {k: s // whole for k, s in shares.items()}
    left = target - sum(out.values())
    for k in sorted(amounts, key=lambda k: (-(shares[k] % whole), k))[:left]:
        out[k] += 1
    return out


def budget_layout(layout: Layout) -> Layout:
    """The 决算's layout as the budget tables use it: the code-table choices carry over; 行次 columns and a unit
    inside the grid, which no published budget prints, give way to the plain forms. A text file prints a budget's
    tables as rows (tab-separated or a cell a line): the budget tables' grouped headers dumped as page fragments are
    not read yet, so that conversion is left out."""
    changes = {}
    if layout.is_("text.tables", "fragments"):
        changes["text__tables"] = "tab_rows"
    if layout.is_("table.line_numbers", "everywhere"):
        changes["table__line_numbers"] = "nowhere"
    if layout.is_("table.unit_label", "meta_row"):
        changes["table__unit_label"] = "short_unit_line"
    return layout.replace(**changes) if changes else layout


def build_budget(d: Disclosure) -> Budget:
    """The budget published for the disclosure's department and year (see the module's docstring)."""
    items = []
    for i in d.items:
        fiscal = i.budget if i.fund == "gpb" else i.fiscal
        business, other = i.business, i.other
        if fiscal + business + other == 0:
            continue  # a code the year's budget did not plan (年初未安排预算) is not printed
        items.append(BudgetItem(i.code, i.fund, fiscal, min(i.basic, fiscal), business, other))
    gpb_basic = sum(b.basic for b in items if b.fund == "gpb")
    economic = {k: v for k, v in scale(d.economic, gpb_basic).items() if v}
    goods = sum(v for k, v in economic.items() if k[:3] == "302")
    projects = [p for p in d.projects if p.budget_initial > 0]
    assert d.layout is not None
    layout = budget_layout(d.layout)
    return Budget(
        department_name=d.department_name, province=d.province, city=d.city, county=d.county,
        fiscal_year=d.fiscal_year, duties=list(d.duties), subunits=list(d.subunits), items=items, economic=economic,
        three_public=d.three_public, org_operating_expense=goods,
        procurement_goods=d.procurement_goods, procurement_works=d.procurement_works,
        procurement_services=d.procurement_services, performance_projects=len(projects),
        performance_amount=sum(p.budget_initial for p in projects), layout=layout, font_size=d.style.font_size,
    )
