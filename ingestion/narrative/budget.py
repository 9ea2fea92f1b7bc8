"""What a budget's prose states, named as a budget's figures.

The scanner names an amount after the words beside it: "收入预算37,151.47万元" becomes income_total_budget and
"因公出国（境）费0万元" three_public_outbound_travel, as a 决算 would mean them. In a 部门预算 / 单位预算 every amount
is a budgeted one (../shared/MARTS.md, "Budget documents"): the year's 收入预算 is the document's income_total, and
a 三公 category is its 预算数. `as_budget_figures` renames them so; counts (vehicles, projects) keep their names.
"""

from __future__ import annotations

from dataclasses import replace

from ingestion.records import NarrativeFigure

UNATTRIBUTED = "unattributed_"

# Department-level figures whose "<figure>_budget" a budget states as the figure itself.
_BUDGETED = {
    "income_total", "income_grand_total", "income_fiscal", "income_general_public_budget", "income_government_fund",
    "income_state_capital", "expense_total", "expense_grand_total", "expense_basic", "expense_project",
    "expense_general_public_budget", "expense_government_fund", "expense_state_capital", "fiscal_income_total",
    "fiscal_expense_total", "fiscal_income_expense_total", "general_public_budget_basic",
    "general_public_budget_project", "personnel_expense", "public_expense", "org_operating_expense",
    "procurement_total", "procurement_goods", "procurement_works", "procurement_services", "functional_expense",
}
# The 三公 amounts: in a budget, the total and each category are 预算数 (three_public_budget_total …).
_THREE_PUBLIC_CATEGORIES = ("outbound_travel", "reception", "vehicle_total", "vehicle_purchase", "vehicle_operation")


def budget_name(figure: str) -> str:
    """The name a figure found in a budget's prose has among the budget's figures."""
    if figure.startswith(UNATTRIBUTED):
        return UNATTRIBUTED + budget_name(figure[len(UNATTRIBUTED):])
    if figure == "three_public_actual_total":
        return "three_public_budget_total"
    for category in _THREE_PUBLIC_CATEGORIES:
        if figure == f"three_public_{category}":
            return f"three_public_{category}_budget"
    if figure.endswith("_budget") and figure.removesuffix("_budget") in _BUDGETED:
        return figure.removesuffix("_budget")
    return figure


def as_budget_figures(figures: list[NarrativeFigure]) -> list[NarrativeFigure]:
    renamed = [replace(f, figure=budget_name(f.figure)) for f in figures]
    # "收入预算…" and "财政拨款收入…" name one amount twice only when both words are printed; a renamed figure that
    # meets its own name again keeps the first as stated and marks the later one a restatement, as the scanner does
    seen: set[tuple] = set()
    out = []
    for f in renamed:
        key = (f.figure, f.subject_code, round(f.value_wan if f.value_wan is not None else f.value, 4))
        out.append(replace(f, is_restatement=True) if key in seen and not f.is_restatement else f)
        seen.add(key)
    return out
