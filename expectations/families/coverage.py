"""Coverage: what a document prints against what our extraction captured. A part that prints figures and yields
none (a standard table without facts, a project form whose budget or total score came out NULL while printed, an
indicator section printing rows but giving no indicator, a table of a kind that prints 科目代码 read without any
code) is broken extraction: an error on that part, which
withholds the part, not the document. Numbers printed but not captured elsewhere are listed as warnings, with
examples, so a reviewer sees at once where extraction fell short."""

from __future__ import annotations

import polars as pl

from expectations.base import Rule, check_frame, empty_frame, fmt

PART_TITLES = {"table": "table", "project": "project form", "narrative_section": "narrative section"}


def _coverage(t) -> pl.DataFrame:
    return t["extraction_coverage"].with_columns(
        (pl.col("amounts_printed") - pl.col("amounts_skipped")).clip(lower_bound=0).alias("figures_printed"),
    )


def _table_has_facts(t):
    """A recognised table that prints figures must yield facts."""
    tables = _coverage(t).filter((pl.col("part") == "table") & (pl.col("figures_printed") > 0))
    kinds = t["document_tables"].select("document_id", pl.col("table_index").alias("part_index"), "table_kind")
    tables = tables.join(kinds, on=["document_id", "part_index"], how="left").filter(
        pl.col("table_kind").fill_null("unrecognised") != "unrecognised"
    )
    return check_frame(tables.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        pl.col("part_index").cast(pl.Int64).alias("table_index"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("amounts_captured").cast(pl.Float64).alias("observed"),
        pl.col("figures_printed").cast(pl.Float64).alias("expected"),
        (pl.col("amounts_captured") > 0).alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("{} prints {} figures and none became a fact: {}", pl.col("title"), pl.col("figures_printed"),
            pl.col("uncaptured").fill_null("")).alias("message"),
    ))


# the standard tables whose template prints a 科目代码 column beside the names
CODE_TABLES = ("income", "expense", "general_public_budget_expense", "general_public_budget_basic_expense",
               "government_fund", "state_capital")


def _table_codes_read(t):
    """A standard table whose template prints codes, read with amounts on several rows but no code on any: the code
    column was lost (a header with no code or name heading left), and its codes may have been read as amounts."""
    facts = t["table_facts"].filter(pl.col("table_kind").is_in(CODE_TABLES))
    tables = facts.group_by("document_id", "table_index", "table_kind").agg(
        pl.col("page").min(), pl.col("line_no").min(),
        pl.col("subject_code").drop_nulls().n_unique().alias("codes"),
        pl.col("row_index").filter(pl.col("value_kind") == "number").n_unique().alias("rows"),
    ).filter(pl.col("rows") >= 3)  # a table of its 合计 row alone prints no code to miss
    return check_frame(tables.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        pl.col("table_index").cast(pl.Int64),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("codes").cast(pl.Float64).alias("observed"),
        pl.col("rows").cast(pl.Float64).alias("expected"),
        (pl.col("codes") > 0).alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("{} prints amounts on {} rows and no 科目代码 was read: its code column was not recognised, its codes may "
            "have been read as amounts", pl.col("table_kind"), pl.col("rows")).alias("message"),
    ))


def _project_form_read(t):
    """A project form that prints its budget or total score must not yield them as NULL."""
    projects = t["projects"]
    needed = {"budget_printed", "total_score_printed"}
    if not needed <= set(projects.columns):
        return empty_frame()
    budget_missing = pl.col("budget_printed").fill_null(False) & pl.all_horizontal(
        [pl.col(c).is_null() for c in ("budget_initial", "budget_adjusted", "executed")])
    total_missing = pl.col("total_score_printed").fill_null(False) & pl.col("total_score").is_null()
    what = pl.concat_str([
        pl.when(budget_missing).then(pl.lit("budget ")).otherwise(pl.lit("")),
        pl.when(total_missing).then(pl.lit("total score")).otherwise(pl.lit("")),
    ])
    return check_frame(projects.select(
        "document_id",
        pl.lit("project_performance").alias("table_name"),
        pl.col("project_index").cast(pl.Int64),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        (~budget_missing & ~total_missing).alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("project form “{}” prints its {} but it was not read", pl.col("project_name"),
            what.str.strip_chars()).alias("message"),
    ))


def _indicators_read(t):
    """An indicator section that prints rows must yield indicators."""
    projects = t["projects"]
    if "indicator_rows_printed" not in projects.columns:
        return empty_frame()
    read = t["indicators"].group_by("document_id", "project_index").agg(pl.len().alias("read"))
    rows = projects.filter(pl.col("indicator_rows_printed").fill_null(0) > 0).join(
        read, on=["document_id", "project_index"], how="left").with_columns(pl.col("read").fill_null(0))
    return check_frame(rows.select(
        "document_id",
        pl.lit("project_performance").alias("table_name"),
        pl.col("project_index").cast(pl.Int64),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("read").cast(pl.Float64).alias("observed"),
        pl.col("indicator_rows_printed").cast(pl.Float64).alias("expected"),
        (pl.col("read") > 0).alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("project form “{}” prints {} indicator rows and no indicator was read", pl.col("project_name"),
            pl.col("indicator_rows_printed")).alias("message"),
    ))


def _numbers_captured(t):
    """Every part lists what it printed and did not capture (a partial miss is worth a reviewer's look)."""
    parts = _coverage(t).with_columns(
        (pl.col("figures_printed") - pl.col("amounts_captured")).clip(lower_bound=0).alias("missed"))
    part_index = pl.col("part_index").cast(pl.Int64)
    return check_frame(parts.select(
        "document_id",
        pl.col("part").replace_strict(PART_TITLES, default=pl.col("part")).alias("table_name"),
        pl.when(pl.col("part") == "table").then(part_index).alias("table_index"),
        pl.when(pl.col("part") == "project").then(part_index).alias("project_index"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("missed").cast(pl.Float64).alias("observed"),
        pl.lit(0.0).alias("expected"),
        (pl.col("missed") == 0).alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("{} “{}”: {} of {} printed numbers not captured: {}", pl.col("part").replace_strict(
            PART_TITLES, default=pl.col("part")), pl.col("title").fill_null(""), pl.col("missed"),
            pl.col("figures_printed"), pl.col("uncaptured").fill_null("")).alias("message"),
    ))


RULES = [
    Rule("coverage.table_has_facts", "error", "印有数字的标准表应抽取出事实",
         "A recognised table that prints figures yields facts", "exact", _table_has_facts, "true",
         inputs=("extraction_coverage", "document_tables")),
    Rule("coverage.table_codes_read", "error", "印有科目代码的标准表应读出科目代码",
         "A standard table whose template prints codes yields codes", "exact", _table_codes_read, "true",
         inputs=("table_facts",)),
    Rule("coverage.project_form_read", "error", "印有预算或总分的项目自评表，其预算和总分不应为空",
         "A project form that prints its budget or total score does not yield them as NULL", "exact",
         _project_form_read, "true", inputs=("projects",)),
    Rule("coverage.indicator_rows_read", "error", "印有指标行的项目自评表应抽取出指标",
         "A project form whose indicator section prints rows yields indicators", "exact", _indicators_read, "true",
         inputs=("projects", "indicators")),
    Rule("coverage.numbers_captured", "warning", "各部分印出的数字应被抽取（列出未抽取的数字）",
         "Every number a table, form or narrative section prints is captured (the ones that are not are listed)",
         "exact", _numbers_captured, "true", inputs=("extraction_coverage",)),
]
