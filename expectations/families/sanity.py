"""Extraction sanity (error): what must hold whatever the document says, or our extraction is broken."""

from __future__ import annotations

import re

import polars as pl

from expectations.base import Rule, check_frame, empty_frame, fmt
from expectations.figures import LOADED, MONEY_TABLES
from ingestion.tables.titles import BUDGET_TABLE_NAMES
from ingestion.tables.units import MONEY_IN_BRACKETS_RE

MONEY_UNITS = ("万元", "元", "亿元", "千元")


def _document_identity(t):
    docs = t["documents"].filter(pl.col("status").is_in(LOADED))
    missing = pl.concat_str(
        [
            pl.when(pl.col("department_name").is_null()).then(pl.lit("department ")).otherwise(pl.lit("")),
            pl.when(pl.col("fiscal_year").is_null()).then(pl.lit("year ")).otherwise(pl.lit("")),
            pl.when(pl.col("doc_kind").fill_null("other") == "other").then(pl.lit("kind")).otherwise(pl.lit("")),
        ]
    )
    return check_frame(docs.select(
        "document_id",
        pl.lit("documents").alias("table_name"),
        (missing == "").alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("{}: document identity incomplete, missing {}", pl.col("file_name"), missing.str.strip_chars()).alias("message"),
    ))


def _printed_whole(name: str | None, printed: str | None) -> bool:
    """`name` stands in `printed` with no Chinese character right before it (which would make it part of a longer
    name: 资源局 in 上海市普陀区规划和自然资源局)."""
    name, printed = re.sub(r"\s", "", name or ""), re.sub(r"\s", "", printed or "")
    at = printed.find(name) if name else -1
    return at >= 0 and not (at > 0 and "\u4e00" <= printed[at - 1] <= "\u9fff")


def _department_as_printed(t):
    """The stored department is the whole name the cover or title prints, not a fragment of a longer name
    (资源局 read out of 上海市普陀区规划和自然资源局)."""
    docs = t["documents"].filter(pl.col("status").is_in(LOADED) & pl.col("department_name").is_not_null())
    if "department_evidence" not in docs.columns:
        return empty_frame()
    # one row per document: few enough to compare in Python (polars cannot take a pattern per row)
    whole = pl.Series("whole", [_printed_whole(name, printed) for name, printed in
                                docs.select("department_name", "department_evidence").iter_rows()], dtype=pl.Boolean)
    docs = docs.with_columns(whole)
    return check_frame(docs.select(
        "document_id",
        pl.lit("documents").alias("table_name"),
        pl.col("department_evidence_page").cast(pl.Int64).alias("page") if "department_evidence_page" in docs.columns
        else pl.lit(None, dtype=pl.Int64).alias("page"),
        pl.col("department_evidence_line").cast(pl.Int64).alias("line_no") if "department_evidence_line" in docs.columns
        else pl.lit(None, dtype=pl.Int64).alias("line_no"),
        pl.col("whole").alias("ok"),
        pl.col("department_evidence").is_not_null().alias("checkable"),
        fmt("department “{}” is not the whole name printed in “{}”", pl.col("department_name"),
            pl.col("department_evidence")).alias("message"),
    ))


def _jurisdiction_recognised(t):
    """A place name prefixes the department's name, so the warehouse knows its province, city or county."""
    docs = t["documents"].filter(pl.col("status").is_in(LOADED) & pl.col("department_name").is_not_null())
    regions = t["document_regions"].select("document_id", "jurisdiction_name")
    docs = docs.join(regions, on="document_id", how="left")
    return check_frame(docs.select(
        "document_id",
        pl.lit("documents").alias("table_name"),
        pl.col("jurisdiction_name").is_not_null().alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("no place name prefixes “{}”: its province, city and county are unknown", pl.col("department_name")).alias("message"),
    ))


def _document_readable(t):
    docs = t["documents"].filter(pl.col("status") != "needs_ocr")
    return check_frame(docs.select(
        "document_id",
        pl.lit("documents").alias("table_name"),
        (pl.col("status") != "failed").alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("{} ({}): {}", pl.col("status"), pl.col("file_name"), pl.col("error").fill_null("")).alias("message"),
    ))


def _text_layer(t):
    docs = t["documents"].filter(pl.col("status").is_in([*LOADED, "needs_ocr"]))
    nothing = (
        (pl.col("table_count").fill_null(0) == 0)
        & (pl.col("narrative_count").fill_null(0) == 0)
        & (pl.col("project_count").fill_null(0) == 0)
    )
    return check_frame(docs.select(
        "document_id",
        pl.lit("documents").alias("table_name"),
        ((pl.col("status") != "needs_ocr") & ~nothing).alias("ok"),
        pl.lit(True).alias("checkable"),
        pl.when(pl.col("status") == "needs_ocr")
        .then(fmt("{}: no text layer, needs OCR ({})", pl.col("file_name"), pl.col("error").fill_null("")))
        .otherwise(fmt("{}: loaded but no table, narrative figure or project was extracted (scanned pages? needs OCR)", pl.col("file_name")))
        .alias("message"),
    ))


def _per_part(rows: pl.DataFrame, bad: pl.Expr, part: str | None, what: str, example: pl.Expr) -> pl.DataFrame:
    """One check row per document and part (`part`: the column naming it, table_index, project_index or figure):
    ok when no row of it is bad; page/line of the first bad one. Rows carry their own table_name."""
    if rows.is_empty():
        return empty_frame()
    keys = ["document_id", "table_name"] + ([part] if part else [])
    rows = rows.with_columns(bad.fill_null(True).alias("_bad"), example.alias("_example"))
    ordered = rows.sort(pl.col("_bad").not_(), "line_no", "page", nulls_last=True)
    out = ordered.group_by(keys, maintain_order=True).agg(
        pl.col("_bad").sum().alias("bad"),
        pl.len().alias("n"),
        pl.col("page").first().cast(pl.Int64),
        pl.col("line_no").first().cast(pl.Int64),
        pl.col("_example").filter(pl.col("_bad")).head(3).str.join("; ").alias("examples"),
    )
    return check_frame(out.select(
        *keys,
        pl.when(pl.col("bad") > 0).then("page").alias("page"),
        pl.when(pl.col("bad") > 0).then("line_no").alias("line_no"),
        pl.col("bad").cast(pl.Float64).alias("observed"),
        pl.lit(0.0).alias("expected"),
        (pl.col("bad") == 0).alias("ok"),
        pl.lit(True).alias("checkable"),
        pl.when(pl.col("bad") > 0)
        .then(fmt("{} of {} {}: {}", pl.col("bad"), pl.col("n"), pl.lit(what), pl.col("examples").fill_null("")))
        .otherwise(fmt("all {} {}", pl.col("n"), pl.lit(what.replace(" have no ", " have a ").replace(" are not ", " are ")
                                                         .replace(" could not be ", " were "))))
        .alias("message"),
    ))


def _codes_known(classification: str, lookup: str, table_kinds: tuple[str, ...] | None):
    """A well-formed code printed with a name in an official table is kept with that name; one the lookup lacks
    (a code added after our list, or a provincial one) is worth a look, not evidence of broken extraction."""

    def prepare(t):
        known = t[lookup].select(pl.col("subject_code").cast(pl.String)).unique()
        facts = t["table_facts"].filter((pl.col("classification") == classification) & pl.col("subject_code").is_not_null())
        if table_kinds:
            facts = facts.filter(pl.col("table_kind").is_in(table_kinds))
        rows = facts.group_by("document_id", "table_kind", "table_index", "subject_code").agg(
            pl.col("subject_name").first(), pl.col("page").min(), pl.col("line_no").min()
        ).rename({"table_kind": "table_name"})
        if classification == "functional" and "narrative_figures" in t:
            stated = t["narrative_figures"].filter(pl.col("subject_code").is_not_null()).group_by("document_id", "subject_code").agg(
                pl.lit("narrative").alias("table_name"), pl.lit(None, dtype=pl.Int64).alias("table_index"),
                pl.lit(None, dtype=pl.String).alias("subject_name"), pl.col("page").min(), pl.col("line_no").min(),
            )
            rows = pl.concat([rows, stated.select(rows.columns)], how="vertical_relaxed")
        rows = rows.join(known.with_columns(pl.lit(True).alias("known")), on="subject_code", how="left")
        known_expr = pl.col("known").fill_null(False)
        return check_frame(rows.select(
            "document_id",
            "table_name",
            pl.col("table_index").cast(pl.Int64),
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
            known_expr.alias("ok"),
            pl.lit(True).alias("checkable"),
            pl.when(known_expr)
            .then(fmt("{} code {} ({}) is in the classification lookup", pl.lit(classification), pl.col("subject_code"),
                      pl.col("subject_name").fill_null("")))
            .otherwise(fmt("{} code {} (printed name “{}”) is not in the classification lookup: kept with its printed name",
                           pl.lit(classification), pl.col("subject_code"), pl.col("subject_name").fill_null("")))
            .alias("message"),
        ))

    return prepare


def _amounts_numeric(t):
    facts = t["table_facts"].filter(pl.col("table_kind").is_in(MONEY_TABLES) & pl.col("measure").is_not_null())
    bad_cell = (pl.col("value_kind") == "text") | (
        pl.col("value_kind").is_in(["number", "zero"]) & pl.col("amount_wan").is_null()
    )
    table_rows = _per_part(
        facts.rename({"table_kind": "table_name"}),
        bad_cell,
        "table_index",
        "amount cells are not numbers in 万元",
        fmt("{} / {} = '{}'", pl.col("row_label").fill_null("?"), pl.col("column_label").fill_null("?"), pl.col("raw_text").fill_null("")),
    )
    money = t["narrative_figures"].filter(pl.col("unit").is_in(MONEY_UNITS)).with_columns(pl.lit("narrative").alias("table_name"))
    narrative_rows = _per_part(
        money,
        pl.col("value_wan").is_null() | pl.col("value").is_null(),
        "figure",
        "narrative amounts could not be converted to 万元",
        fmt("{} = {} {}", pl.col("figure"), pl.col("value"), pl.col("unit")),
    )
    return pl.concat([table_rows, narrative_rows])


def _money_unit_printed(t):
    """A table of amounts says what they are in: a 单位 line, or a unit in a column or row label. Without one its
    amounts were read as 万元, which is the template's unit but a guess: a table in 元 read so is 10,000 times too
    large. Counted: the amounts read in 万元 under a column naming no unit the reader takes (a bracketed unit,
    ingestion.tables.units); a row labelled 合计（元） is read in 元 and is not counted."""
    kinds = [*MONEY_TABLES, *BUDGET_TABLE_NAMES]
    tables = t["document_tables"].filter(pl.col("table_kind").is_in(kinds) & ~pl.col("is_empty").fill_null(False))
    facts = t["table_facts"].filter(pl.col("table_kind").is_in(kinds) & (pl.col("value_kind") == "number"))
    per_table = facts.group_by("document_id", "table_index").agg(
        ((pl.col("unit") == "万元") & ~pl.col("column_label").fill_null("").str.contains(MONEY_IN_BRACKETS_RE.pattern))
        .sum().alias("assumed"),
    )
    checked = tables.join(per_table, on=["document_id", "table_index"], how="inner")
    title = pl.coalesce("title", "table_kind")
    return check_frame(checked.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        pl.col("page_start").cast(pl.Int64).alias("page"),
        pl.col("line_start").cast(pl.Int64).alias("line_no"),
        pl.col("assumed").cast(pl.Float64).alias("observed"),
        (~pl.col("unit_assumed").fill_null(False) | (pl.col("assumed") == 0)).alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("{} prints no unit (no 单位 line, none in its labels): {} of its amounts were read as 万元", title,
            pl.col("assumed")).alias("message"),
    ))


def _fact_provenance(t):
    """Every extracted record says where it is printed, and every reconciled figure which side it came from."""
    located = pl.col("page").is_not_null() | pl.col("line_no").is_not_null()
    frames = []
    for name, part, label in (
        ("table_facts", "table_index", "table cells have no page or line"),
        ("narrative_figures", "figure", "narrative figures have no page or line"),
        ("projects", "project_index", "project forms have no page or line"),
        ("indicators", "project_index", "indicators have no page or line"),
    ):
        rows = t[name]
        table_name = pl.col("table_kind") if "table_kind" in rows.columns else pl.lit(name)
        rows = rows.select("document_id", table_name.alias("table_name"), pl.col(part), pl.col("page").cast(pl.Int64),
                           pl.col("line_no").cast(pl.Int64))
        frames.append(_per_part(rows, ~located, part, label, pl.lit(f"{name} row")))
    figures = t["department_figures"].select(
        "document_id", pl.lit("department_figures").alias("table_name"), "figure", "source",
        pl.col("page").cast(pl.Int64), pl.col("line_no").cast(pl.Int64),
    )
    frames.append(_per_part(figures, pl.col("source").is_null() | ~located, "figure",
                            "department figures have no source, page or line", pl.col("figure")))
    return pl.concat(frames, how="vertical_relaxed")


DOCUMENTS = ("documents",)

RULES = [
    Rule("sanity.document_identity", "error", "每个已加载文档应识别出部门、年度和类型",
         "Every loaded document has a department, a year and a kind", "exact", _document_identity, "true",
         inputs=DOCUMENTS),
    Rule("sanity.department_as_printed", "error", "部门名称应为封面或标题印出的完整名称",
         "The department is the whole name the cover or title prints, not a fragment of a longer one", "exact",
         _department_as_printed, "true", inputs=DOCUMENTS),
    Rule("sanity.jurisdiction_recognised", "warning", "部门名称前缀的地名应能识别出所属行政区",
         "A place name prefixing the department's name gives its province, city or county", "exact",
         _jurisdiction_recognised, "true", inputs=("documents", "document_regions")),
    Rule("sanity.document_readable", "error", "文档应可读取（失败的文档说明原因）",
         "Every document could be read; a failed one says why", "exact", _document_readable, "true",
         inputs=DOCUMENTS),
    Rule("sanity.text_layer", "error", "无文字层的文档标记为需要OCR，不能作为空文档通过",
         "A document without a text layer is flagged as needing OCR, not passed as empty", "exact", _text_layer, "true",
         inputs=DOCUMENTS),
    Rule("sanity.functional_code_known", "warning", "功能分类科目编码应存在于分类表（不在表中的按印出名称保留）",
         "Every 功能分类 code exists in the classification lookup (one that does not is kept with its printed name)", "exact",
         _codes_known("functional", "functional_classification", MONEY_TABLES), "true",
         inputs=("table_facts", "functional_classification", "narrative_figures")),
    Rule("sanity.economic_code_known", "warning", "经济分类科目编码应存在于分类表（不在表中的按印出名称保留）",
         "Every 经济分类 code of the 基本支出 table exists in the classification lookup (one that does not is kept with its "
         "printed name)", "exact",
         _codes_known("economic", "economic_classification", ("general_public_budget_basic_expense",)), "true",
         inputs=("table_facts", "economic_classification")),
    Rule("sanity.amounts_numeric", "error", "金额单元格应为数字（或空白、横线），并已换算为万元",
         "Every amount cell of a standard table is a number (or blank / dash) converted to 万元", "exact",
         _amounts_numeric, "true", inputs=("table_facts", "narrative_figures")),
    Rule("sanity.money_unit_printed", "warning", "金额表应印出金额单位（未印出时按万元读取）",
         "A table of amounts (决算 or 预算) prints its unit (a 单位 line, or a unit in a column or row label); one that "
         "does not was read as 万元",
         "exact", _money_unit_printed, "true", inputs=("document_tables", "table_facts")),
    Rule("sanity.fact_provenance", "error", "每个事实都应有出处（页码或行号、来源）",
         "No fact without provenance: every cell, narrative figure, project, indicator and department figure has a page "
         "or line, every department figure its source", "exact", _fact_provenance, "true",
         inputs=("table_facts", "narrative_figures", "projects", "indicators", "department_figures")),
]
