"""The nine tables of a 部门预算 (财务收支预算总表 … “三公”经费和机关运行经费预算表) as format-neutral grids.

They follow the Shanghai district budgets (../shared/corpus/budget): two-sided summaries headed 本年收入 / 本年支出
and 财政拨款收入 / 财政拨款支出, 功能分类 tables under 收入预算 / 支出预算 / 一般公共预算支出 …, a 基本支出 经济分类
table split into 人员经费 and 公用经费, and one row of 三公 预算数 beside the 机关运行经费预算数. The document's layout
decides what the 决算 tables share with them: the unit (元 or 万元, per table where mixed), the code columns, blank
cells, label spacing, wording of key columns, 栏次 rows and filler rows, and the unit line.
"""

from __future__ import annotations

from sample_corpus.budget_model import Budget
from sample_corpus.catalog import ECONOMIC_NAMES, FUNCTIONAL, SUMMARY_CLASS_CODES, chinese_number
from sample_corpus.grid import Grid
from sample_corpus.layout import Layout
from sample_corpus.tables_subject import Context, ValueColumn, code_text, subject_table
from sample_corpus.wording import unit_line

# (table kind, title as printed after "<year>年部门")
BUDGET_TITLES: list[tuple[str, str]] = [
    ("budget_income_expense_summary", "财务收支预算总表"),
    ("budget_income", "收入预算总表"),
    ("budget_expense", "支出预算总表"),
    ("budget_fiscal_income_expense_summary", "财政拨款收支预算总表"),
    ("budget_general_public_budget_expense", "一般公共预算支出功能分类预算表"),
    ("budget_government_fund_expense", "政府性基金预算支出功能分类预算表"),
    ("budget_state_capital_expense", "国有资本经营预算支出功能分类预算表"),
    ("budget_basic_expense_economic", "一般公共预算基本支出经济分类预算表"),
    ("budget_three_public", "“三公”经费和机关运行经费预算表"),
]

FUND_NAMES = {"gf": "政府性基金预算", "sc": "国有资本经营预算"}


def budget_units(layout: Layout) -> dict[str, str]:
    """The unit each table prints; the 三公 table prints 万元 as the Shanghai budgets do."""
    choice = layout["table.money_unit"]
    units = {kind: (layout.rng("budget-unit", kind).choice(("万元", "元")) if choice == "mixed" else choice)
             for kind, _ in BUDGET_TITLES}
    units["budget_three_public"] = "万元"
    return units


def budget_tables(b: Budget) -> list[Grid]:
    layout = b.layout
    units = budget_units(layout)
    grids = []
    for kind, base in BUDGET_TITLES:
        ctx = Context(layout, kind, units[kind])
        grid = _BUILDERS[kind](ctx, b)
        grid.kind, grid.code = kind, None
        grid.title = f"{b.fiscal_year}年部门{base}"
        grid.labels = [f"编制部门：{b.department_name}"]
        line = unit_line(layout, grid.unit)
        if line:
            grid.labels.append(line)
        grids.append(grid)
    return grids


def _summary(ctx: Context, b: Budget) -> Grid:
    w, p = ctx.words, ctx.printer
    incomes = [
        ("一、", "财政拨款收入", b.income_fiscal, True),
        ("1. ", "一般公共预算资金", b.fiscal("gpb"), False),
        ("2. ", "政府性基金", b.fiscal("gf"), False),
        ("3. ", "国有资本经营预算", b.fiscal("sc"), False),
        ("二、", "事业收入", b.income_business, False),
        ("三、", "事业单位经营收入", 0, False),
        ("四、", "其他收入", b.income_other, False),
    ]
    classes = [(code, r.total) for code in SUMMARY_CLASS_CODES for r in b.rows() if r.level == 1 and r.code == code]
    body = []
    for k in range(max(len(incomes), len(classes))):
        left = ["", ""]
        if k < len(incomes):
            prefix, label, amount, always = incomes[k]
            left = [prefix + label, p.money(amount, always=always, label=label, column=("收入",))]
        right = ["", ""]
        if k < len(classes):
            code, amount = classes[k]
            name = f"{chinese_number(k + 1)}、{_class_name(code)}"
            right = [name, p.money(amount, always=True, label=_class_name(code), column=("支出",))]
        body.append(left + right)
    total = b.expense_total
    body.append([w.label("收入总计"), p.money(total, always=True, label="收入总计", column=("收入",)),
                 w.label("支出总计"), p.money(total, always=True, label="支出总计", column=("支出",))])
    head = w.value_head("预算数")
    header = [[w.label("本年收入"), "", w.label("本年支出"), ""], [w.label("项目"), head, w.label("项目"), head]]
    return ctx.grid(header, body, None, [(0, 0, 0, 1), (0, 2, 0, 3)], [3.0, 1.4, 3.0, 1.4])


def _class_name(code: str) -> str:
    return FUNCTIONAL[code]


def _fiscal_summary(ctx: Context, b: Budget) -> Grid:
    w, p = ctx.words, ctx.printer
    funds = ("gpb", "gf", "sc")
    measures = ("total", "general_public_budget", "government_fund", "state_capital")
    incomes = [("一般公共预算资金", b.fiscal("gpb"), True), ("政府性基金", b.fiscal("gf"), False),
               ("国有资本经营预算", b.fiscal("sc"), False)]
    by_fund = {f: {r.code: r.total for r in b.rows(f) if r.level == 1} for f in funds}
    codes = [c for c in SUMMARY_CLASS_CODES if any(c in by_fund[f] for f in funds)]
    body = []
    for k in range(max(len(incomes), len(codes))):
        left = ["", ""]
        if k < len(incomes):
            label, amount, always = incomes[k]
            left = [f"{chinese_number(k + 1)}、{label}", p.money(amount, always=always, label=label, column=("收入",))]
        right = [""] * 5
        if k < len(codes):
            code = codes[k]
            amounts = [by_fund[f].get(code, 0) for f in funds]
            name = _class_name(code)
            right = [f"{chinese_number(k + 1)}、{name}"] + [
                p.money(x, always=m == "total", label=name, column=("支出",), measure=m)
                for x, m in zip([sum(amounts)] + amounts, measures)]
        body.append(left + right)
    spent = [b.fiscal(f) for f in funds]
    body.append([w.label("收入总计"), p.money(b.income_fiscal, always=True, label="收入总计", column=("收入",)),
                 w.label("支出总计")] + [p.money(x, always=m in ("total", "general_public_budget"), label="支出总计",
                                                 column=("支出",), measure=m)
                                         for x, m in zip([sum(spent)] + spent, measures)])
    header = [
        [w.label("财政拨款收入"), "", w.label("财政拨款支出"), "", "", "", ""],
        [w.label("项目"), w.value_head("预算数"), w.label("项目"), w.value_head(w.label("合计")),
         w.value_head("一般公共预算"), w.value_head("政府性基金预算"), w.value_head("国有资本经营预算")],
    ]
    return ctx.grid(header, body, None, [(0, 0, 0, 1), (0, 2, 0, 6)], [2.4, 1.3, 2.6, 1.3, 1.3, 1.3, 1.3])


def _income(ctx: Context, b: Budget) -> Grid:
    top = "收入预算"
    columns = [ValueColumn(top, "合计", "total", 1.2), ValueColumn(top, "财政拨款收入", "fiscal_income", 1.2),
               ValueColumn(top, "事业收入", "operating_income", 1.2),
               ValueColumn(top, "事业单位经营收入", "business_income", 1.2), ValueColumn(top, "其他收入", "other_income", 1.2)]
    return subject_table(ctx, b.income_rows(), columns, 3.0, None)


def _code_table(top: str):
    def build(ctx: Context, b: Budget) -> Grid:
        columns = [ValueColumn(top, "合计", "total", 1.3), ValueColumn(top, "基本支出", "basic", 1.3),
                   ValueColumn(top, "项目支出", "project", 1.3)]
        fund = {"支出预算": None, "一般公共预算支出": "gpb", "政府性基金预算支出": "gf", "国有资本经营预算支出": "sc"}[top]
        rows = [(r.code, r.level, (r.total, r.basic, r.project)) for r in b.rows(fund)]
        empty = fund is not None and not rows
        note = f"注：本部门{b.fiscal_year}年无{FUND_NAMES[fund]}财政拨款安排的预算，故本表为空表。" if empty else None
        return subject_table(ctx, rows, columns, 3.0, note, empty=empty)

    return build


def _economic(ctx: Context, b: Budget) -> Grid:
    w, p = ctx.words, ctx.printer
    style = "spaced_code" if ctx.layout.is_("table.code_columns", "spaced_code") else "code_name"
    personnel_classes = ("301", "303")
    classes: dict[str, int] = {}
    for code, amount in b.economic.items():
        classes[code[:3]] = classes.get(code[:3], 0) + amount
    codes = sorted(set(b.economic) | set(classes), key=lambda c: c.ljust(5, "0") + str(len(c)))
    body = [[w.total(), "", p.money(b.personnel_expense + b.public_expense, always=True, label="合计", measure="total"),
             p.money(b.personnel_expense, always=True, label="合计", measure="personnel"),
             p.money(b.public_expense, always=True, label="合计", measure="public")]]
    for code in codes:
        amount = classes[code] if len(code) == 3 else b.economic[code]
        personnel = code[:3] in personnel_classes
        body.append([code_text(code, style), ECONOMIC_NAMES[code], p.money(amount, code=code, measure="total"),
                     p.money(amount if personnel else 0, code=code, measure="personnel"),
                     p.money(0 if personnel else amount, code=code, measure="public")])
    top = w.value_head("一般公共预算基本支出")
    header = [[w.label("项目"), "", top, "", ""],
              [w.economic_code.replace("科目", "经济分类科目", 1) if "经济" not in w.economic_code else w.economic_code,
               w.economic_name if "经济" in w.economic_name else "经济分类科目名称",
               w.label("合计"), "人员经费", "公用经费"]]
    return ctx.grid(header, body, None, [(0, 0, 0, 1), (0, 2, 0, 4), (2, 0, 2, 1)], [1.0, 3.2, 1.3, 1.3, 1.3])


def _three_public(ctx: Context, b: Budget) -> Grid:
    p, t = ctx.printer, b.three_public
    # the unit goes in these headers where the layout prints units in headers: the table has no other place for it
    top, org = ctx.words.value_head("“三公”经费预算数"), ctx.words.value_head("机关运行经费预算数")
    header = [
        [top, "", "", "", "", "", org],
        ["合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费", ""],
        ["", "", "小计", "购置费", "运行费", "", ""],
    ]
    spans = [(0, 0, 0, 5), (0, 6, 2, 6), (1, 2, 1, 4), (1, 0, 2, 0), (1, 1, 2, 1), (1, 5, 2, 5)]
    row = [
        p.money(t.budget_total, always=True, column=("三公", "合计")),
        p.money(t.outbound_budget, always=True, column=("因公出国",)),
        p.money(t.vehicle_budget, always=True, column=("购置及运行费", "小计")),
        p.money(t.purchase_budget, always=True, column=("购置费",), leaf=("购置费",)),
        p.money(t.operation_budget, always=True, column=("运行费",), leaf=("运行费",)),
        p.money(t.reception_budget, always=True, column=("接待",)),
        p.money(b.org_operating_expense, always=True, column=("机关运行经费",)),
    ]
    return ctx.grid(header, [row], None, spans, [1.2] * 7)


_BUILDERS = {
    "budget_income_expense_summary": _summary,
    "budget_income": _income,
    "budget_expense": _code_table("支出预算"),
    "budget_fiscal_income_expense_summary": _fiscal_summary,
    "budget_general_public_budget_expense": _code_table("一般公共预算支出"),
    "budget_government_fund_expense": _code_table("政府性基金预算支出"),
    "budget_state_capital_expense": _code_table("国有资本经营预算支出"),
    "budget_basic_expense_economic": _economic,
    "budget_three_public": _three_public,
}
