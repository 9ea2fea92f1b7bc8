"""Completeness (warning): a 部门决算 carries every standard table, and an empty one says so."""

from __future__ import annotations

import polars as pl

from expectations.base import Rule, check_frame, fmt
from expectations.figures import LOADED, STANDARD_TABLE_NAMES


def _final_accounts(t) -> pl.DataFrame:
    return t["documents"].filter((pl.col("doc_kind") == "final_accounts") & pl.col("status").is_in(LOADED))


def _standard_tables_present(t):
    docs = _final_accounts(t).select("document_id")
    standard = pl.DataFrame({"table_kind": list(STANDARD_TABLE_NAMES), "table_title": list(STANDARD_TABLE_NAMES.values())})
    present = t["document_tables"].filter(pl.col("table_kind").is_in(list(STANDARD_TABLE_NAMES))).group_by(
        "document_id", "table_kind").agg(pl.lit(True).alias("present"))
    checked = docs.join(standard, how="cross").join(present, on=["document_id", "table_kind"], how="left").with_columns(
        pl.col("present").fill_null(False)
    )
    # a document where none is found gets one finding that names them all, not nine
    none_found = checked.group_by("document_id").agg(
        (~pl.col("present").any()).alias("none_found"),
        pl.col("table_title").str.join("、").alias("all_titles"),
    )
    checked = checked.join(none_found, on="document_id")
    per_table = checked.filter(~pl.col("none_found")).select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        pl.col("present").alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("standard table missing: {} ({})", pl.col("table_title"), pl.col("table_kind")).alias("message"),
    )
    whole = none_found.filter(pl.col("none_found")).select(
        "document_id",
        pl.lit("standard_tables").alias("table_name"),
        pl.lit(False).alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("none of the {} standard tables was found (narrative only, or tables printed as images): {}",
                  pl.lit(len(STANDARD_TABLE_NAMES)), pl.col("all_titles")).alias("message"),
    )
    return check_frame(pl.concat([per_table, whole], how="vertical_relaxed"))


def _empty_table_marked(t):
    tables = t["document_tables"].filter(pl.col("table_kind").is_in(list(STANDARD_TABLE_NAMES)))
    docs = _final_accounts(t).select("document_id")
    tables = tables.join(docs, on="document_id", how="semi")
    numbers = t["table_facts"].filter((pl.col("value_kind") == "number") & (pl.col("value").fill_null(0) != 0)).group_by(
        "document_id", "table_index").agg(pl.len().alias("numbers"))
    checked = tables.join(numbers, on=["document_id", "table_index"], how="left").with_columns(
        pl.col("numbers").fill_null(0), pl.col("empty_marker").is_not_null().alias("marked")
    )
    title = pl.coalesce("title", "table_kind")
    return check_frame(checked.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        pl.col("page_start").cast(pl.Int64).alias("page"),
        pl.col("line_start").cast(pl.Int64).alias("line_no"),
        pl.col("numbers").cast(pl.Float64).alias("observed"),
        ((pl.col("numbers") > 0) != pl.col("marked")).alias("ok"),
        pl.lit(True).alias("checkable"),
        pl.when(pl.col("marked"))
        .then(fmt("{} says “{}” but prints {} non-zero amounts", title, pl.col("empty_marker"), pl.col("numbers")))
        .otherwise(fmt("{} prints no amount and does not say 本表无数据", title))
        .alias("message"),
    ))


RULES = [
    Rule("completeness.standard_tables", "warning", "部门决算应包含全部标准表（缺少的逐一列出）",
         "A 部门决算 contains every standard table of the template; a missing one is named", "exact",
         _standard_tables_present, "true", inputs=("documents", "document_tables")),
    Rule("completeness.empty_table_marked", "warning", "无数据的标准表应注明“本表无数据”，注明无数据的表不应有金额",
         "An empty standard table says so (本表无数据); a table that says so prints no amount", "exact",
         _empty_table_marked, "true", inputs=("documents", "document_tables", "table_facts")),
]
