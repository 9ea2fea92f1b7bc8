"""Budgets across documents (warning): the 年初预算 a 决算 states is the budget that was published, and a 单位预算
stays within its department's 部门预算.

A 部门决算 states its 年初预算 (年初预算为100.00万元; 三公 年初预算数); the same department's published 部门预算 of
that year (its 单位预算 where no 部门预算 is loaded) prints the budgeted amount. Where both are loaded they must agree:
a difference means the 决算 quotes another budget than the one published, or one of them misprints it.
"""

from __future__ import annotations

import polars as pl

from expectations.base import SAME_NUMBER, Rule, check_frame, empty_frame, fmt
from expectations.figures import reconciled

# the 决算's stated 年初预算 → the budget's own figure for the same thing
STATED_INITIAL = {
    "expense_general_public_budget_budget_initial": "expense_general_public_budget",
    "expense_total_budget_initial": "expense_total",
    "three_public_budget_initial_total": "three_public_budget_total",
}


def _pairs(t) -> pl.DataFrame:
    """Each loaded 决算 with the published budget of its department and year (部门预算 first)."""
    docs = t["documents"].filter(pl.col("status") == "loaded")
    finals = docs.filter(pl.col("doc_kind") == "final_accounts").select("document_id", "department_name", "fiscal_year")
    budgets = (
        docs.filter(pl.col("doc_kind") == "budget")
        .sort(pl.col("scope").fill_null("") != "department", "document_id")
        .group_by("department_name", "fiscal_year", maintain_order=True).first()
        .select(pl.col("document_id").alias("budget_id"), "department_name", "fiscal_year")
    )
    return finals.join(budgets, on=["department_name", "fiscal_year"], how="inner")


def _initial_is_published(t):
    if "scope" not in t["documents"].columns:
        return empty_frame()
    pairs = _pairs(t)
    figures = reconciled(t)
    stated = figures.filter(pl.col("figure").is_in(list(STATED_INITIAL))).with_columns(
        pl.col("figure").replace_strict(STATED_INITIAL).alias("published_figure"))
    published = figures.select(pl.col("document_id").alias("budget_id"), pl.col("figure").alias("published_figure"),
                               pl.col("value").alias("published"), pl.col("page").alias("published_page"))
    rows = pairs.join(stated, on="document_id").join(published, on=["budget_id", "published_figure"])
    return check_frame(rows.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        "page",
        "line_no",
        pl.col("figure"),
        pl.col("value").alias("observed"),
        pl.col("published").alias("expected"),
        # the 决算 states 万元 to the cent; the budget prints 元 (exact once converted)
        pl.lit(SAME_NUMBER).alias("tolerance"),
        pl.lit(True).alias("checkable"),
        fmt("the 决算 states 年初预算 {} 万元 ({}); the published budget of the year prints {} 万元 (p.{})",
            pl.col("value"), pl.col("figure"), pl.col("published"), pl.col("published_page")).alias("message"),
    ))


# what a 单位预算 budgets is part of its department's 部门预算 (the 主管部门 with all its units)
WITHIN_DEPARTMENT = ("income_total", "expense_total", "expense_general_public_budget", "three_public_budget_total")


def _unit_within_department(t):
    """Each loaded 单位预算 against the 部门预算 of the same name and year (the department's own 本级 unit carries its
    name): no figure of the unit's may exceed the department's, which adds up all of its units."""
    if "scope" not in t["documents"].columns:
        return empty_frame()
    docs = t["documents"].filter((pl.col("status") == "loaded") & (pl.col("doc_kind") == "budget"))
    pick = lambda scope: docs.filter(pl.col("scope") == scope).select("document_id", "department_name", "fiscal_year")  # noqa: E731
    pairs = pick("unit").join(pick("department").rename({"document_id": "department_id"}),
                              on=["department_name", "fiscal_year"], how="inner")
    figures = reconciled(t).filter(pl.col("figure").is_in(list(WITHIN_DEPARTMENT)))
    department = figures.select(pl.col("document_id").alias("department_id"), "figure",
                                pl.col("value").alias("department_value"), pl.col("page").alias("department_page"))
    rows = pairs.join(figures, on="document_id").join(department, on=["department_id", "figure"])
    return check_frame(rows.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        "page",
        "line_no",
        "figure",
        pl.col("value").alias("observed"),
        pl.col("department_value").alias("expected"),
        pl.lit(SAME_NUMBER).alias("tolerance"),
        pl.lit(True).alias("checkable"),
        (pl.col("value") <= pl.col("department_value") + SAME_NUMBER).alias("ok"),
        fmt("the 单位预算 budgets {} {} 万元, more than its department's 部门预算 ({} 万元, p.{}), which includes it",
            pl.col("figure"), pl.col("value"), pl.col("department_value"), pl.col("department_page")).alias("message"),
    ))


RULES = [
    Rule("budget.initial_is_published", "warning", "决算所述年初预算与当年公开的部门预算一致",
         "The 年初预算 a 决算 states is the budget published for that year (部门预算, else 单位预算)",
         "half a cent (万元)", _initial_is_published, inputs=("documents", "department_figures")),
    Rule("budget.unit_within_department", "warning", "单位预算的收入、支出、一般公共预算支出和三公经费预算不超过其部门预算",
         "A 单位预算's income, expense, 一般公共预算 expense and 三公 budget stay within its department's 部门预算 "
         "(same name and year)", "half a cent (万元)", _unit_within_department, "true",
         inputs=("documents", "department_figures")),
]
