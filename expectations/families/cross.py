"""Across tables (warning): the same total printed in two standard tables is the same number."""

from __future__ import annotations

import polars as pl

from expectations.base import Rule, SAME_NUMBER, check_frame, empty_frame, fmt, sum_tolerance
from expectations.figures import STANDARD_TABLE_NAMES, amounts, places

# (figure, the table printing it first, the table printing it again, what is compared). Where each table prints
# the figure is dbt's seed figure_locations; the rule compares the places dbt found.
PAIRS = {
    "cross.summary_vs_income_table": [
        ("income_total", "income_expense_summary", "income", "本年收入合计: 收入支出决算总表 vs 收入决算表 合计"),
    ],
    "cross.summary_vs_expense_table": [
        ("expense_total", "income_expense_summary", "expense", "本年支出合计: 收入支出决算总表 vs 支出决算表 合计"),
    ],
    "cross.summary_vs_fiscal_summary": [
        ("income_general_public_budget", "income_expense_summary", "fiscal_income_expense_summary",
         "一般公共预算财政拨款收入: 收入支出决算总表 vs 财政拨款收入支出决算总表"),
        ("income_government_fund", "income_expense_summary", "fiscal_income_expense_summary",
         "政府性基金预算财政拨款收入: 收入支出决算总表 vs 财政拨款收入支出决算总表"),
        ("fiscal_income_total", "income", "fiscal_income_expense_summary",
         "财政拨款收入: 收入决算表 合计 vs 财政拨款收入支出决算总表 本年收入合计"),
    ],
    "cross.fiscal_summary_vs_gpb_expense": [
        ("expense_general_public_budget", "fiscal_income_expense_summary", "general_public_budget_expense",
         "一般公共预算财政拨款支出: 财政拨款收入支出决算总表 vs 一般公共预算财政拨款支出决算表 合计"),
        ("expense_government_fund", "fiscal_income_expense_summary", "government_fund",
         "政府性基金预算财政拨款支出: 财政拨款收入支出决算总表 vs 政府性基金预算财政拨款收入支出决算表 合计"),
    ],
}


def _compare(left: pl.DataFrame, right: pl.DataFrame, label: str) -> pl.DataFrame:
    """The right table's figure (observed) against the left table's (expected), reported on the right table."""
    right = right.rename({"value": "observed", "table_kind": "table_name", "page": "page", "line_no": "line_no"})
    both = left.rename({"value": "expected", "table_kind": "left_table", "table_index": "left_index",
                        "page": "left_page", "line_no": "left_line"}).join(right, on="document_id", how="inner")
    return both.select(
        "document_id", "table_name", "table_index", "page", "line_no", "observed", "expected",
        pl.lit(SAME_NUMBER).alias("tolerance"),
        pl.lit(True).alias("checkable"),
        fmt("{}: {} prints {} (page {}, line {}), this table {}", pl.lit(label),
            pl.col("left_table").replace_strict(STANDARD_TABLE_NAMES, default=pl.col("left_table")),
            pl.col("expected"), pl.col("left_page"), pl.col("left_line"), pl.col("observed")).alias("message"),
    )


def _pairs(rule_id: str):
    def prepare(t):
        frames = [
            _compare(places(t, figure, left), places(t, figure, right), label)
            for figure, left, right, label in PAIRS[rule_id]
        ]
        return check_frame(pl.concat(frames, how="vertical_relaxed")) if frames else empty_frame()

    return prepare


def _basic_expense_detail(t):
    """公开05's 基本支出 合计 against the 基本支出 detail table (公开06), as the sum of its 经济分类 类 rows."""
    detail = amounts(t["table_facts"]).filter(
        (pl.col("table_kind") == "general_public_budget_basic_expense")
        & (pl.col("classification") == "economic")
        & (pl.col("subject_code").str.len_chars() == 3)
        & pl.col("amount").is_not_null()
    )
    sums = detail.group_by("document_id").agg(
        pl.col("amount").sum().alias("value"),
        pl.lit("general_public_budget_basic_expense").alias("table_kind"),
        pl.col("table_index").cast(pl.Int64).min().alias("table_index"),
        pl.col("page").cast(pl.Int64).min().alias("page"),
        pl.col("line_no").cast(pl.Int64).min().alias("line_no"),
        (pl.col("amount") != 0).sum().cast(pl.Int32).alias("terms"),
    )
    left = places(t, "general_public_budget_basic", "general_public_budget_expense")
    frame = _compare(left, sums.drop("terms"), "基本支出: 一般公共预算财政拨款支出决算表 合计 vs 基本支出决算明细表 (sum of its 经济分类 类)")
    frame = frame.join(sums.select("document_id", "terms"), on="document_id", how="left").with_columns(
        pl.when(pl.col("terms") > 1).then(sum_tolerance(pl.col("terms"))).otherwise(pl.lit(SAME_NUMBER)).alias("tolerance")
    ).drop("terms")
    return check_frame(frame)


RULES = [
    Rule("cross.summary_vs_income_table", "warning", "收入支出决算总表与收入决算表的本年收入合计一致",
         "本年收入合计 agrees between 收入支出决算总表 and 收入决算表", "same number to the cent",
         _pairs("cross.summary_vs_income_table"), inputs=("table_figures_matched",)),
    Rule("cross.summary_vs_expense_table", "warning", "收入支出决算总表与支出决算表的本年支出合计一致",
         "本年支出合计 agrees between 收入支出决算总表 and 支出决算表", "same number to the cent",
         _pairs("cross.summary_vs_expense_table"), inputs=("table_figures_matched",)),
    Rule("cross.summary_vs_fiscal_summary", "warning", "财政拨款收入在收入支出决算总表、收入决算表与财政拨款收入支出决算总表之间一致",
         "财政拨款 income agrees between 收入支出决算总表, 收入决算表 and 财政拨款收入支出决算总表", "same number to the cent",
         _pairs("cross.summary_vs_fiscal_summary"), inputs=("table_figures_matched",)),
    Rule("cross.fiscal_summary_vs_gpb_expense", "warning", "财政拨款收入支出决算总表的一般公共预算（政府性基金）支出与分表合计一致",
         "财政拨款收入支出决算总表's 一般公共预算 (政府性基金) expense agrees with the 合计 of its own table", "same number to the cent",
         _pairs("cross.fiscal_summary_vs_gpb_expense"), inputs=("table_figures_matched",)),
    Rule("cross.basic_expense_detail", "warning", "一般公共预算财政拨款基本支出合计与基本支出决算明细表一致",
         "The 基本支出 total of 一般公共预算财政拨款支出决算表 agrees with the 基本支出 detail table", "0.01 万元 per summed 类",
         _basic_expense_detail, inputs=("table_facts", "table_figures_matched")),
]

# the 基本支出 detail is summed from its 类 rows: a cent per row is rounding (尾差, info)
ROUNDING = {"cross.basic_expense_detail": None}
