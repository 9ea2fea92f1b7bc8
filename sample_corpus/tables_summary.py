"""The two-sided summary tables: 收入支出决算总表 (公开01) and 财政拨款收入支出决算总表 (公开04).

Income rows down the left half, the 类 rows and totals down the right half, each half with its
label, an optional 行次 cell and its amounts. The same label can stand twice on the left of 公开04
(一般公共预算财政拨款 as an income and under 年初财政拨款结转和结余), so keys count occurrences.
"""

from __future__ import annotations

from sample_corpus.catalog import FUNCTIONAL, SUMMARY_CLASS_CODES
from sample_corpus.grid import Grid
from sample_corpus.model import Disclosure
from sample_corpus.tables_subject import Context

INCOME_SOURCES = ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
                  "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
FISCAL_SOURCES = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
FUNDS = ("gpb", "gf", "sc")
FUND_MEASURES = ("general_public_budget", "government_fund", "state_capital")


class _Sides:
    """Builds rows of two halves, numbering lines where the layout prints 行次 and keying every amount."""

    def __init__(self, ctx: Context, right_measures: tuple[str | None, ...]):
        self.ctx = ctx
        self.lines = not ctx.layout.is_("table.line_numbers", "nowhere")
        self.right_measures = right_measures
        self.seen: dict[str, int] = {}
        self.body: list[list[str]] = []

    def _nth(self, label: str) -> int:
        n = self.seen.get(label, 0)
        self.seen[label] = n + 1
        return n

    def left(self, printed: str, label: str | None, amount: int | None, line: int, always: bool = False) -> list[str]:
        p = self.ctx.printer
        number = [str(line)] if self.lines else []
        if label is None:
            return [printed] + number + [""]
        cell = p.money(amount, always=always, label=label, column=("收入",), nth=self._nth(label))
        return [printed] + number + [cell]

    def right(self, printed: str, label: str | None, amounts: list[int] | None, line: int, always: tuple[bool, ...] = ()) -> list[str]:
        p = self.ctx.printer
        number = [str(line)] if self.lines else []
        if label is None or amounts is None:
            return [printed] + number + [""] * len(self.right_measures)
        nth = self._nth("支出:" + label)
        cells = [
            p.money(x, always=k < len(always) and always[k], label=label, column=("支出",), measure=m, nth=nth)
            for k, (x, m) in enumerate(zip(amounts, self.right_measures))
        ]
        return [printed] + number + cells

    def header(self, right_heads: list[str]) -> tuple[list[list[str]], list[tuple[int, int, int, int]], int]:
        """Header rows, spans and the width of the left half."""
        w, layout = self.ctx.words, self.ctx.layout
        left = [w.label("项目")] + ([w.label("行次")] if self.lines else []) + [w.value_head(w.label(w.amount))]
        right = [w.label("项目")] + ([w.label("行次")] if self.lines else []) + [w.value_head(h) for h in right_heads]
        half = len(left)
        top = [w.label("收入")] + [""] * (half - 1) + [w.label("支出")] + [""] * (len(right) - 1)
        header = [top, left + right]
        ordinal = layout["table.ordinal_row"]
        if ordinal != "none":
            word = w.label("栏次") if ordinal == "栏次" else ""
            pad = [""] if self.lines else []
            numbers = [str(k) for k in range(2, len(right_heads) + 2)]
            header.append([word] + pad + ["1", word] + pad + numbers)
        spans = [(0, 0, 0, half - 1), (0, half, 0, half + len(right) - 1)]
        return header, spans, half


def income_expense_summary(ctx: Context, d: Disclosure) -> Grid:
    w = ctx.words
    incomes = [d.fiscal_income("gpb"), d.fiscal_income("gf"), d.fiscal_income("sc"), 0, d.income_business, 0, 0, d.income_other]
    classes = d.class_totals()
    n = len(SUMMARY_CLASS_CODES)
    sides = _Sides(ctx, (None,))
    for i, code in enumerate(SUMMARY_CLASS_CODES):
        name = FUNCTIONAL[code]
        if i < len(incomes):
            left = sides.left(w.numbered(i + 1, INCOME_SOURCES[i]), INCOME_SOURCES[i], incomes[i], i + 1)
        else:
            left = sides.left("", None, None, i + 1)
        sides.body.append(left + sides.right(w.numbered(i + 1, name), name, [classes.get(code, 0)], n + 6 + i))
    line, right = n + 1, 2 * n + 6
    rows = [
        (w.income_total, d.income_total, True, w.expense_total, d.expense_total, True),
        ("使用非财政拨款结余和专用结余", d.used_balance, False, "结余分配", 0, False),
        ("年初结转和结余", d.opening_balance, False, "年末结转和结余", d.closing_balance, False),
    ]
    for k, (l_label, l_amount, l_always, r_label, r_amount, r_always) in enumerate(rows):
        sides.body.append(sides.left(l_label, l_label, l_amount, line + k, l_always)
                          + sides.right(r_label, r_label, [r_amount], right + k, (r_always,)))
    sides.body.append(sides.left("", None, None, line + 3) + sides.right("", None, None, right + 3))
    total = w.total("总计")
    sides.body.append(sides.left(total, "总计", d.grand_total, line + 4, True)
                      + sides.right(total, "总计", [d.grand_total], right + 4, (True,)))
    header, spans, half = sides.header([w.amount])
    widths = [3.2] + ([0.7] if sides.lines else []) + [1.3]
    note = "注：本表反映部门本年度收入、支出的总体情况和年末结转结余情况。"
    return ctx.grid(header, sides.body, note, spans, widths + widths)


def fiscal_income_expense_summary(ctx: Context, d: Disclosure) -> Grid:
    w = ctx.words
    incomes = [d.fiscal_income(f) for f in FUNDS]
    by_fund = {f: d.class_totals(f) for f in FUNDS}
    n = len(SUMMARY_CLASS_CODES)
    sides = _Sides(ctx, ("total",) + FUND_MEASURES)
    for i, code in enumerate(SUMMARY_CLASS_CODES):
        name = FUNCTIONAL[code]
        if i < len(incomes):
            left = sides.left(w.numbered(i + 1, FISCAL_SOURCES[i]), FISCAL_SOURCES[i], incomes[i], i + 1)
        else:
            left = sides.left("", None, None, i + 1)
        amounts = [by_fund[f].get(code, 0) for f in FUNDS]
        sides.body.append(left + sides.right(w.numbered(i + 1, name), name, [sum(amounts)] + amounts, n + 7 + i))
    spent = [d.fiscal_expense(f) for f in FUNDS]
    closing = [d.closing_balance, 0, 0]  # the carried-over money is all 一般公共预算
    line, right = n + 1, 2 * n + 7
    sides.body.append(sides.left(w.income_total, w.income_total, d.income_fiscal, line, True)
                      + sides.right(w.expense_total, w.expense_total, [sum(spent)] + spent, right, (True,)))
    sides.body.append(sides.left("年初财政拨款结转和结余", "年初财政拨款结转和结余", d.opening_balance, line + 1)
                      + sides.right("年末财政拨款结转和结余", "年末财政拨款结转和结余", [sum(closing)] + closing, right + 1))
    for k, (source, amount) in enumerate(zip(FISCAL_SOURCES, (d.opening_balance, 0, 0))):
        sides.body.append(sides.left(source, source, amount, line + 2 + k) + sides.right("", None, None, right + 2 + k))
    total = w.total("总计")
    sides.body.append(
        sides.left(total, "总计", d.income_fiscal + d.opening_balance, line + 5, True)
        + sides.right(total, "总计", [sum(spent) + d.closing_balance] + [x + y for x, y in zip(spent, closing)], right + 5, (True,))
    )
    heads = [w.label("合计"), "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    header, spans, half = sides.header(heads)
    left_widths = [2.6] + ([0.6] if sides.lines else []) + [1.1]
    right_widths = [2.6] + ([0.6] if sides.lines else []) + [1.1] * 4
    note = "注：本表反映部门本年度一般公共预算、政府性基金预算和国有资本经营预算财政拨款的收支及年末结转结余情况。"
    return ctx.grid(header, sides.body, note, spans, left_widths + right_widths)
