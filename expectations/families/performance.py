"""Project performance self-evaluations (warning): scores, weights, execution rate and grade agree."""

from __future__ import annotations

import polars as pl

from expectations.base import EPS, Rule, check_frame, fmt, pct_tolerance, ratio_rounding

# 优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 unless the document states its own bands (input grade_bands)
DEFAULT_BANDS = [("优", 90.0), ("良", 80.0), ("中", 60.0), ("差", float("-inf"))]


def _projects(t) -> pl.DataFrame:
    return t["projects"]


def _indicators(t) -> pl.DataFrame:
    """Indicators with the name of their project (for the message)."""
    names = t["projects"].select("document_id", "project_index", "project_name")
    return t["indicators"].join(names, on=["document_id", "project_index"], how="left")


def _indicator_sums(t) -> pl.DataFrame:
    ind = t["indicators"].filter(pl.col("weight").is_not_null() | pl.col("score").is_not_null())
    return ind.group_by("document_id", "project_index").agg(
        pl.col("score").sum().alias("indicator_scores"),
        pl.col("weight").sum().alias("indicator_weights"),
        pl.col("score").is_not_null().sum().alias("scored"),
        pl.col("weight").is_not_null().sum().alias("weighted"),
        pl.len().alias("n"),
    )


def _project_frame(df: pl.DataFrame, **cols) -> pl.DataFrame:
    return check_frame(df.select(
        "document_id",
        pl.lit("project_performance").alias("table_name"),
        pl.col("project_index").cast(pl.Int64),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        *[expr.alias(name) for name, expr in cols.items()],
    ))


def _total_score_sum(t):
    joined = _projects(t).join(_indicator_sums(t), on=["document_id", "project_index"], how="left")
    return _project_frame(
        joined,
        observed=pl.col("total_score"),
        expected=pl.col("execution_score").fill_null(0) + pl.col("indicator_scores").fill_null(0),
        tolerance=pl.col("n").fill_null(0) * 0.01 + 0.011,
        # every indicator scored, and the execution score printed unless the table has no execution row
        checkable=pl.col("total_score").is_not_null() & (pl.col("n").fill_null(0) > 0) & (pl.col("scored") == pl.col("n"))
        & (pl.col("execution_score").is_not_null() | pl.col("execution_weight").is_null()),
        message=fmt("{}: 总分 {} ≠ 预算执行得分 {} + {} 指标得分 {}", pl.col("project_name"), pl.col("total_score"),
                          pl.col("execution_score"), pl.col("n"), pl.col("indicator_scores")),
    )


def _weights_sum(t):
    joined = _projects(t).join(_indicator_sums(t), on=["document_id", "project_index"], how="left")
    total = pl.col("execution_weight").fill_null(0) + pl.col("indicator_weights").fill_null(0)
    return _project_frame(
        joined,
        observed=total,
        expected=pl.lit(100.0),
        tolerance=pl.lit(0.01 + EPS),
        checkable=(pl.col("n").fill_null(0) > 0) & (pl.col("weighted") == pl.col("n"))
        & (pl.col("execution_weight").is_not_null() | (total >= 100 - EPS)),
        message=fmt("{}: 预算执行权重 {} + {} 指标权重 {} ≠ 100", pl.col("project_name"), pl.col("execution_weight"),
                          pl.col("n"), pl.col("indicator_weights")),
    )


def _indicator_score_le_weight(t):
    ind = _indicators(t)
    return check_frame(ind.select(
        "document_id",
        pl.lit("project_performance").alias("table_name"),
        pl.col("project_index").cast(pl.Int64),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("score").alias("observed"),
        pl.col("weight").alias("expected"),
        (pl.col("score") <= pl.col("weight") + EPS).alias("ok"),
        (pl.col("score").is_not_null() & pl.col("weight").is_not_null()).alias("checkable"),
        fmt("{} / {}: score {} above its weight {}", pl.col("project_name"), pl.col("level3"), pl.col("score"),
                  pl.col("weight")).alias("message"),
    ))


def _execution_rate(t):
    p = _projects(t)
    return _project_frame(
        p,
        observed=pl.col("execution_rate_pct"),
        expected=100 * pl.col("executed") / pl.col("budget_adjusted"),
        tolerance=pct_tolerance(pl.col("execution_rate_pct")) + ratio_rounding(pl.col("executed"), pl.col("budget_adjusted")),
        checkable=pl.col("execution_rate_pct").is_not_null() & pl.col("executed").is_not_null()
        & (pl.col("budget_adjusted").fill_null(0) > 0),
        message=fmt("{}: 执行率 {}% ≠ 执行数 {} / 预算数 {}", pl.col("project_name"), pl.col("execution_rate_pct"),
                          pl.col("executed"), pl.col("budget_adjusted")),
    )


def _band_of(score: pl.Expr, bands: list[tuple[str, float]]) -> pl.Expr:
    expr = pl.lit(None, dtype=pl.String)
    for grade, floor in reversed(bands):
        expr = pl.when(score >= floor - EPS).then(pl.lit(grade)).otherwise(expr)
    return expr


def _grade_band(t):
    p = _projects(t)
    banded = p.with_columns(_band_of(pl.col("total_score"), DEFAULT_BANDS).alias("band"))
    if "grade_bands" in t and not t["grade_bands"].is_empty():
        # bands a document states itself (document_id, grade, min_score) replace the defaults for it
        own = t["grade_bands"].join(p.select("document_id", "project_index", "total_score"), on="document_id")
        own = own.filter(pl.col("total_score") >= pl.col("min_score") - EPS).sort("min_score", descending=True).group_by(
            "document_id", "project_index").first().select("document_id", "project_index", pl.col("grade").alias("own_band"))
        banded = banded.join(own, on=["document_id", "project_index"], how="left").with_columns(
            pl.coalesce("own_band", "band").alias("band")
        )
    return _project_frame(
        banded,
        observed=pl.col("total_score"),
        ok=pl.col("grade") == pl.col("band"),
        checkable=pl.col("grade").is_not_null() & pl.col("total_score").is_not_null(),
        message=fmt("{}: grade {} but a score of {} is {}", pl.col("project_name"), pl.col("grade"),
                          pl.col("total_score"), pl.col("band")),
    )


PROJECTS = ("projects", "indicators")

RULES = [
    Rule("performance.total_score_sum", "warning", "总分 = 预算执行得分 + 各指标得分", "Total score = execution score + indicator scores",
         "0.01 per indicator", _total_score_sum, inputs=PROJECTS),
    Rule("performance.indicator_score_le_weight", "warning", "指标得分不超过权重", "An indicator's score does not exceed its weight",
         "exact", _indicator_score_le_weight, "true", inputs=PROJECTS),
    Rule("performance.weights_sum_100", "warning", "预算执行权重 + 各指标权重 = 100", "Execution weight + indicator weights = 100",
         "0.01", _weights_sum, inputs=PROJECTS),
    Rule("performance.execution_rate", "warning", "预算执行率 = 执行数 / 调整后预算数", "Execution rate = executed / adjusted budget",
         "half the last printed digit of the rate, plus the amounts' rounding", _execution_rate, inputs=("projects",)),
    Rule("performance.grade_band", "warning", "评价等级与得分区间一致（默认 优≥90、良80–90、中60–80、差<60）",
         "The grade agrees with the score bands (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60 unless the document states its own)",
         "exact", _grade_band, "true", inputs=("projects",)),
]
