"""The printed tables (公开01–10表 and the 项目支出绩效自评表) as format-neutral grids.

Every renderer draws these same grids, so a PDF, a Word file, a text dump and a workbook of one
disclosure print the same cells. The document's layout decides titles, labels, units, code columns
and where a table breaks over a page; each grid lists the figures it prints (grid.figures).
"""

from __future__ import annotations

from sample_corpus.catalog import (
    ECONOMIC_CAPITAL_CODES,
    ECONOMIC_GOODS_CODES,
    ECONOMIC_OTHER_CODES,
    ECONOMIC_PERSONNEL_CODES,
)
from sample_corpus.grid import EMPTY_MARKER, CellKey, Figure, Grid
from sample_corpus.layout import Layout
from sample_corpus.model import Disclosure, Item, rollup
from sample_corpus.project_form import project_table
from sample_corpus.tables_misc import related_info, three_public
from sample_corpus.tables_subject import (
    Context,
    ValueColumn,
    economic_table,
    subject_table,
)
from sample_corpus.tables_summary import (
    fiscal_income_expense_summary,
    income_expense_summary,
)
from sample_corpus.wording import table_title, unit_line

__all__ = ["EMPTY_MARKER", "STANDARD_TITLES", "CellKey", "Figure", "Grid", "project_table", "standard_tables", "table_units"]

STANDARD_TITLES: list[tuple[str, str, str]] = [
    ("income_expense_summary", "公开01表", "收入支出决算总表"),
    ("income", "公开02表", "收入决算表"),
    ("expense", "公开03表", "支出决算表"),
    ("fiscal_income_expense_summary", "公开04表", "财政拨款收入支出决算总表"),
    ("general_public_budget_expense", "公开05表", "一般公共预算财政拨款支出决算表"),
    ("general_public_budget_basic_expense", "公开06表", "一般公共预算财政拨款基本支出决算明细表"),
    ("government_fund", "公开07表", "政府性基金预算财政拨款收入支出决算表"),
    ("state_capital", "公开08表", "国有资本经营预算财政拨款支出决算表"),
    ("three_public", "公开09表", "财政拨款“三公”经费支出决算表"),
    ("related_info", "公开10表", "部门决算公开相关信息统计表"),
]

# Titles whose wording the layout's table.wording chooses (see wording.py).
_WORDED_TITLES = {"three_public": "three_title", "general_public_budget_basic_expense": "basic_title"}


def table_units(layout: Layout) -> dict[str, str]:
    """The unit each standard table prints its amounts in; a mixed layout draws one per table."""
    choice = layout["table.money_unit"]
    if choice != "mixed":
        return {code: choice for _, code, _ in STANDARD_TITLES}
    return {code: layout.rng("unit", code).choice(("万元", "元")) for _, code, _ in STANDARD_TITLES}


def standard_tables(d: Disclosure) -> list[Grid]:
    layout = d.layout
    units = table_units(layout)
    grids = []
    for kind, code, base in STANDARD_TITLES:
        ctx = Context(layout, kind, units[code])
        grid = _BUILDERS[kind](ctx, d)
        if kind in _WORDED_TITLES:
            base = getattr(ctx.words, _WORDED_TITLES[kind])
        _label(grid, layout, kind, code, table_title(layout, base, d.department_name, d.fiscal_year), d)
        _split(grid, layout, code)
        grids.append(grid)
    return grids


def _label(grid: Grid, layout: Layout, kind: str, code: str, title: str, d: Disclosure) -> None:
    """Title, 公开NN表 label, 部门名称/年度 lines and the unit, where this layout prints each."""
    placement = layout["table.code_label"]
    grid.kind = kind
    grid.code = None if placement == "none" else code
    grid.title = f"{title}（{code}）" if placement == "in_title" else title
    grid.above = [code] if placement == "line_above" else []
    grid.labels = ([code] if placement == "line_below" else []) + [f"部门名称：{d.department_name}", f"{d.fiscal_year}年度"]
    line = unit_line(layout, grid.unit)
    if line:
        grid.labels.append(line)
    if layout.is_("table.unit_label", "meta_row"):
        width = len(grid.widths)
        grid.header.insert(0, [f"编制单位：{d.department_name}"] + [""] * (width - 2) + [f"单位：{grid.unit}"])
        grid.spans = [(r0 + 1, c0, r1 + 1, c1) for r0, c0, r1, c1 in grid.spans]


def _split(grid: Grid, layout: Layout, code: str) -> None:
    """Where the table runs onto a new page (PDF and text conversions of a PDF show it)."""
    style = layout["table.page_split"]
    if style == "none" or len(grid.body) < 6:
        return
    rows_merged = {r for r0, _, r1, _ in grid.spans for r in range(r0 + 1, r1 + 1)}
    header = len(grid.header)
    candidates = [k for k in range(2, len(grid.body) - 1) if header + k not in rows_merged]
    if candidates:
        grid.split_at = layout.rng("split", code).choice(candidates)
        grid.split_style = style


def _income(ctx: Context, d: Disclosure) -> Grid:
    def values(i: Item):
        fiscal = i.fiscal + i.carry
        return (fiscal + i.business + i.other, fiscal, 0, i.business, 0, 0, i.other)

    columns = [
        ValueColumn("本年收入合计", None, "income", 1.1),
        ValueColumn("财政拨款收入", None, "fiscal_income", 1.1),
        ValueColumn("上级补助收入", None, "superior_subsidy_income", 1.1),
        ValueColumn("事业收入", None, "operating_income", 1.1),
        ValueColumn("经营收入", None, "business_income", 1.1),
        ValueColumn("附属单位上缴收入", None, "affiliate_income", 1.1),
        ValueColumn("其他收入", None, "other_income", 1.1),
    ]
    note = "注：本表反映部门本年度取得的各项收入情况，按支出功能分类科目列示。"
    return subject_table(ctx, rollup(d.items, values), columns, 3.0, note)


def _expense(ctx: Context, d: Disclosure) -> Grid:
    columns = [
        ValueColumn(ctx.words.expense_head, None, "total", 1.2),
        ValueColumn("基本支出", None, "basic", 1.2),
        ValueColumn("项目支出", None, "project", 1.2),
        ValueColumn("上缴上级支出", None, "remit_to_superior", 1.2),
        ValueColumn("经营支出", None, "business_expense", 1.2),
        ValueColumn("对附属单位补助支出", None, "subsidy_to_affiliates", 1.2),
    ]
    note = "注：本表反映部门本年度各项支出情况，按支出功能分类科目列示。"
    rows = rollup(d.items, lambda i: (i.total, i.basic, i.project, 0, 0, 0))
    return subject_table(ctx, rows, columns, 3.0, note)


def _gpb_expense(ctx: Context, d: Disclosure) -> Grid:
    gpb = [i for i in d.items if i.fund == "gpb"]
    columns = [
        ValueColumn("本年支出", ctx.words.gpb_total, "total", 1.4),
        ValueColumn("本年支出", "基本支出", "basic", 1.4),
        ValueColumn("本年支出", "项目支出", "project", 1.4),
    ]
    note = "注：本表反映部门本年度一般公共预算财政拨款实际支出情况。"
    return subject_table(ctx, rollup(gpb, lambda i: (i.fiscal, i.basic, i.project - i.nonfiscal)), columns, 3.4, note)


def _gpb_basic(ctx: Context, d: Disclosure) -> Grid:
    amounts = {**d.economic, **d.economic_class_totals()}
    blocks = [ECONOMIC_PERSONNEL_CODES, ECONOMIC_GOODS_CODES, ECONOMIC_CAPITAL_CODES, ECONOMIC_OTHER_CODES]
    note = "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"
    return economic_table(ctx, blocks, amounts, d.personnel_expense, d.public_expense, note)


def _government_fund(ctx: Context, d: Disclosure) -> Grid:
    gf = [i for i in d.items if i.fund == "gf"]
    columns = [
        ValueColumn("年初结转和结余", None, "carryover_begin", 1.2),
        ValueColumn("本年收入", None, "income", 1.2),
        ValueColumn("本年支出", "小计", "total", 1.2),
        ValueColumn("本年支出", "基本支出", "basic", 1.2),
        ValueColumn("本年支出", "项目支出", "project", 1.2),
        ValueColumn("年末结转和结余", None, "carryover_end", 1.2),
    ]
    note = "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。"
    rows = rollup(gf, lambda i: (0, i.fiscal + i.carry, i.fiscal, i.basic, i.project, 0))
    return subject_table(ctx, rows, columns, 3.0, note, empty=not gf)


def _state_capital(ctx: Context, d: Disclosure) -> Grid:
    sc = [i for i in d.items if i.fund == "sc"]
    columns = [
        ValueColumn("本年支出", ctx.words.sc_total, "total", 1.4),
        ValueColumn("本年支出", "基本支出", "basic", 1.4),
        ValueColumn("本年支出", "项目支出", "project", 1.4),
    ]
    note = "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。"
    return subject_table(ctx, rollup(sc, lambda i: (i.fiscal, i.basic, i.project)), columns, 3.4, note, empty=not sc)


_BUILDERS = {
    "income_expense_summary": income_expense_summary,
    "income": _income,
    "expense": _expense,
    "fiscal_income_expense_summary": fiscal_income_expense_summary,
    "general_public_budget_expense": _gpb_expense,
    "general_public_budget_basic_expense": _gpb_basic,
    "government_fund": _government_fund,
    "state_capital": _state_capital,
    "three_public": three_public,
    "related_info": related_info,
}
