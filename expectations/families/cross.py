"""Across tables (warning): the same total printed in two standard tables is the same number."""

from __future__ import annotations

import polars as pl

from expectations.base import Rule, SAME_NUMBER, check_frame, empty_frame, fmt, sum_tolerance
from expectations.figures import quantities, table_title

# (left quantity, right quantity, what is compared)
PAIRS = {
    "cross.summary_vs_income_table": [
        ("s01_income_total", "s02_income_total", "本年收入合计: 收入支出决算总表 vs 收入决算表 合计"),
    ],
    "cross.summary_vs_expense_table": [
        ("s01_expense_total", "s03_expense_total", "本年支出合计: 收入支出决算总表 vs 支出决算表 合计"),
    ],
    "cross.summary_vs_fiscal_summary": [
        ("s01_income_gpb", "s04_income_gpb", "一般公共预算财政拨款收入: 收入支出决算总表 vs 财政拨款收入支出决算总表"),
        ("s01_income_gf", "s04_income_gf", "政府性基金预算财政拨款收入: 收入支出决算总表 vs 财政拨款收入支出决算总表"),
        ("s02_fiscal_income", "s04_income_total", "财政拨款收入: 收入决算表 合计 vs 财政拨款收入支出决算总表 本年收入合计"),
    ],
    "cross.fiscal_summary_vs_gpb_expense": [
        ("s04_expense_gpb", "s05_total", "一般公共预算财政拨款支出: 财政拨款收入支出决算总表 vs 一般公共预算财政拨款支出决算表 合计"),
        ("s04_expense_gf", "s07_total", "政府性基金预算财政拨款支出: 财政拨款收入支出决算总表 vs 政府性基金预算财政拨款收入支出决算表 合计"),
    ],
    "cross.basic_expense_detail": [
        ("s05_basic", "s06_classes_total", "基本支出: 一般公共预算财政拨款支出决算表 合计 vs 基本支出决算明细表 (sum of its 经济分类 类)"),
    ],
}


def _pairs(rule_id: str):
    def prepare(t):
        q = quantities(t["table_facts"])
        frames = []
        for left, right, label in PAIRS[rule_id]:
            a = q.filter(pl.col("quantity") == left).drop("quantity")
            b = q.filter(pl.col("quantity") == right).drop("quantity").rename(
                {"value": "right", "table_kind": "right_table", "page": "right_page", "line_no": "right_line", "terms": "right_terms"}
            )
            both = a.join(b, on="document_id", how="inner")
            frames.append(both.select(
                "document_id",
                pl.col("right_table").alias("table_name"),
                pl.col("right_page").alias("page"),
                pl.col("right_line").alias("line_no"),
                pl.col("right").alias("observed"),
                pl.col("value").alias("expected"),
                pl.when(pl.col("right_terms") > 1).then(sum_tolerance(pl.col("right_terms")))
                .otherwise(pl.lit(SAME_NUMBER)).alias("tolerance"),
                pl.lit(True).alias("checkable"),
                fmt("{}: {} prints {} (page {}, line {})", pl.lit(label),
                          pl.col("table_kind").replace_strict({k: table_title(k) for k in q["table_kind"].unique()},
                                                             default=pl.col("table_kind")),
                          pl.col("value"), pl.col("page"), pl.col("line_no")).alias("message"),
            ))
        return check_frame(pl.concat(frames, how="vertical_relaxed")) if frames else empty_frame()

    return prepare


RULES = [
    Rule("cross.summary_vs_income_table", "warning", "收入支出决算总表与收入决算表的本年收入合计一致",
         "本年收入合计 agrees between 收入支出决算总表 and 收入决算表", "same number to the cent",
         _pairs("cross.summary_vs_income_table"), inputs=("table_facts",)),
    Rule("cross.summary_vs_expense_table", "warning", "收入支出决算总表与支出决算表的本年支出合计一致",
         "本年支出合计 agrees between 收入支出决算总表 and 支出决算表", "same number to the cent",
         _pairs("cross.summary_vs_expense_table"), inputs=("table_facts",)),
    Rule("cross.summary_vs_fiscal_summary", "warning", "财政拨款收入在收入支出决算总表、收入决算表与财政拨款收入支出决算总表之间一致",
         "财政拨款 income agrees between 收入支出决算总表, 收入决算表 and 财政拨款收入支出决算总表", "same number to the cent",
         _pairs("cross.summary_vs_fiscal_summary"), inputs=("table_facts",)),
    Rule("cross.fiscal_summary_vs_gpb_expense", "warning", "财政拨款收入支出决算总表的一般公共预算（政府性基金）支出与分表合计一致",
         "财政拨款收入支出决算总表's 一般公共预算 (政府性基金) expense agrees with the 合计 of its own table", "same number to the cent",
         _pairs("cross.fiscal_summary_vs_gpb_expense"), inputs=("table_facts",)),
    Rule("cross.basic_expense_detail", "warning", "一般公共预算财政拨款基本支出合计与基本支出决算明细表一致",
         "The 基本支出 total of 一般公共预算财政拨款支出决算表 agrees with the 基本支出 detail table", "0.01 万元 per summed 类",
         _pairs("cross.basic_expense_detail"), inputs=("table_facts",)),
]
