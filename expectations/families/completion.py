"""Stated completion rates (完成预算…%) with what they are a rate of: the actual amount, the 全年预算 and the 年初预算
the document states, and the basis the sentence names ("完成年初预算的95.89%" is a rate on 年初预算, "完成全年预算数的
98.69%" on 全年预算; "完成预算100%" names none). Shared by the rule that checks the rate and the rule that checks its
basis, so both read the same amounts."""

from __future__ import annotations

import polars as pl

from expectations.figures import reconciled

# the words between 完成 and 预算 name the basis
BASIS_RE = r"完成(?:了)?(年初|全年|调整后?|年度)?的?预算"
INITIAL, FULL = "initial", "full"


def where(page: pl.Expr, line: pl.Expr) -> pl.Expr:
    """“p.21” for a PDF, “line 18” for a text source: where a reader finds a sentence."""
    return pl.when(page.is_not_null()).then(pl.lit("p.") + page.cast(pl.String)).otherwise(
        pl.lit("line ") + line.cast(pl.String).fill_null("?"))


def _first_coded(t) -> pl.DataFrame:
    """The narrative's first statement of each coded (功能分类) figure."""
    return (
        t["narrative_figures"].filter(pl.col("subject_code").is_not_null())
        .sort("document_id", "figure", "subject_code", "line_no", nulls_last=True)
        .group_by("document_id", "figure", "subject_code", maintain_order=True).first()
        .select("document_id", "figure", "subject_code", pl.coalesce("value_wan", "value").alias("value"))
    )


def completion_rows(t) -> pl.DataFrame:
    """One row per stated completion rate: value, actual, budget (全年), initial (年初), the stated basis and the
    amount it is a rate of (`against`), with the sentence and where it is printed."""
    narrative = t["narrative_figures"].filter(~pl.col("is_restatement").fill_null(False))
    stated = narrative.filter(pl.col("figure").str.ends_with("_completion_pct"))
    if stated.is_empty():
        return pl.DataFrame()
    stated = stated.with_columns(
        pl.when(pl.col("figure") == "three_public_completion_pct").then(pl.lit("three_public_actual_total"))
        .otherwise(pl.col("figure").str.strip_suffix("_completion_pct")).alias("base")
    ).with_columns(
        pl.when(pl.col("base") == "three_public_actual_total").then(pl.lit("three_public_budget_total"))
        .otherwise(pl.col("base") + "_budget").alias("budget_figure"),
        pl.when(pl.col("base") == "three_public_actual_total").then(pl.lit("three_public_budget_initial_total"))
        .otherwise(pl.col("base") + "_budget_initial").alias("initial_figure"),
    )
    ref = reconciled(t).select("document_id", "figure", "value")
    uncoded = stated.filter(pl.col("subject_code").is_null())
    for name, alias in (("base", "actual"), ("budget_figure", "budget"), ("initial_figure", "initial")):
        uncoded = uncoded.join(ref.rename({"figure": name, "value": alias}), on=["document_id", name], how="left")
    coded_ref = _first_coded(t)
    coded = stated.filter(pl.col("subject_code").is_not_null())
    for name, alias in (("base", "actual"), ("budget_figure", "budget"), ("initial_figure", "initial")):
        coded = coded.join(coded_ref.rename({"figure": name, "value": alias}), on=["document_id", name, "subject_code"],
                           how="left")
    rows = pl.concat([uncoded, coded.select(uncoded.columns)], how="vertical_relaxed")
    named = pl.col("sentence").str.extract(BASIS_RE, 1)
    basis = pl.when(named == "年初").then(pl.lit(INITIAL)).when(named.is_not_null()).then(pl.lit(FULL))
    return rows.with_columns(basis.alias("basis"), named.fill_null("").alias("basis_words")).with_columns(
        # where only one budget is stated, it is the one the sentence names
        pl.when(pl.col("basis") == INITIAL).then(pl.coalesce("initial", "budget"))
        .otherwise(pl.coalesce("budget", "initial")).alias("against"),
        where(pl.col("page"), pl.col("line_no")).alias("where"),
    )
