"""Shared readings of the rule inputs: printed table amounts, the document's reconciled figures,
and the named quantities the cross-table rules compare. Pure polars; no warehouse access."""

from __future__ import annotations

import polars as pl

AMOUNT_KINDS = ("number", "zero")

# The standard tables of a 部门决算 (national template 公开01–09) and their printed titles.
STANDARD_TABLE_NAMES = {
    "income_expense_summary": "收入支出决算总表",
    "income": "收入决算表",
    "expense": "支出决算表",
    "fiscal_income_expense_summary": "财政拨款收入支出决算总表",
    "general_public_budget_expense": "一般公共预算财政拨款支出决算表",
    "general_public_budget_basic_expense": "一般公共预算财政拨款基本支出决算表",
    "government_fund": "政府性基金预算财政拨款收入支出决算表",
    "state_capital": "国有资本经营预算财政拨款支出决算表",
    "three_public": "财政拨款“三公”经费支出决算表",
}
# Tables whose cells are money (万元 or 元), where a printed cell must be a number, 0, blank or a dash.
MONEY_TABLES = tuple(STANDARD_TABLE_NAMES)

LOADED = ("loaded", "superseded")


def table_title(kind: str | None) -> str:
    return STANDARD_TABLE_NAMES.get(kind or "", kind or "")


def amounts(facts: pl.DataFrame) -> pl.DataFrame:
    """Table cells with an `amount` column: the printed amount in 万元, 0 for a blank or a dash.

    A blank cell in a 部门决算 table means nothing was spent there; it counts as 0 in a sum but is
    never a figure of its own (`printed` says whether a number was printed).
    """
    return facts.with_columns(
        pl.when(pl.col("value_kind").is_in(AMOUNT_KINDS))
        .then(pl.coalesce("amount_wan", "value"))
        .when(pl.col("value_kind").is_in(["blank", "dash"]))
        .then(pl.lit(0.0))
        .otherwise(None)
        .alias("amount"),
        pl.col("value_kind").is_in(AMOUNT_KINDS).alias("printed"),
    )


def first_narrative(narrative: pl.DataFrame) -> pl.DataFrame:
    """The narrative's own statement of each department-level figure: its first, not a restatement."""
    return (
        narrative.filter(pl.col("subject_code").is_null() & ~pl.col("is_restatement").fill_null(False))
        .sort("document_id", "figure", "line_no", nulls_last=True)
        .group_by("document_id", "figure", maintain_order=True)
        .first()
        .select(
            "document_id",
            "figure",
            pl.coalesce("value_wan", "value").alias("value"),
            pl.lit("narrative").alias("source"),
            pl.lit("narrative").alias("table_kind"),
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
        )
    )


def reconciled(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One value per document and figure: the table's where a table prints it, else the narrative's.

    Same choice as dbt's int_department_figures_reconciled, but keeping page and line for the report.
    """
    located = tables["table_figures"].select(
        "document_id",
        "figure",
        pl.col("value").cast(pl.Float64),
        pl.lit("table").alias("source"),
        "table_kind",
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
    )
    stated = first_narrative(tables["narrative_figures"]).join(located.select("document_id", "figure"), on=["document_id", "figure"], how="anti")
    return pl.concat([located, stated], how="vertical_relaxed")


def wide(figures: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """document_id plus, per figure name, its value, `<name>_page`, `<name>_line` and `<name>_table`."""
    out = figures.select("document_id").unique()
    for name in names:
        one = figures.filter(pl.col("figure") == name).select(
            "document_id",
            pl.col("value").alias(name),
            pl.col("page").alias(f"{name}_page"),
            pl.col("line_no").alias(f"{name}_line"),
            pl.col("table_kind").alias(f"{name}_table"),
        )
        out = out.join(one, on="document_id", how="left")
    return out


# ------------------------------------------------------------------ named table quantities

def _row_before(facts: pl.DataFrame, kind: str, total_key: str) -> pl.DataFrame:
    """Per document/table: the row_index of the row labelled `total_key` in a table of `kind`."""
    return (
        facts.filter((pl.col("table_kind") == kind) & (pl.col("row_key") == total_key))
        .group_by("document_id", "table_index")
        .agg(pl.col("row_index").min().alias("limit_row"))
    )


def quantities(facts: pl.DataFrame) -> pl.DataFrame:
    """Named amounts printed in the standard tables (document_id, quantity, value, table_kind, page, line_no).

    Unlike the marts' located figures (one place per figure), every place a total is printed is
    kept under its own name, so that the cross-table rules can compare them.
    """
    f = amounts(facts).filter(pl.col("printed"))
    col = pl.col("column_label").str.replace_all(" ", "")
    income_side, expense_side = col.str.starts_with("收入"), col.str.starts_with("支出")
    picks: list[tuple[str, pl.DataFrame]] = []

    def pick(name: str, frame: pl.DataFrame) -> None:
        picks.append((name, frame))

    s01 = f.filter(pl.col("table_kind") == "income_expense_summary")
    pick("s01_income_total", s01.filter((pl.col("row_key") == "本年收入合计") & income_side))
    pick("s01_expense_total", s01.filter((pl.col("row_key") == "本年支出合计") & expense_side))
    pick("s01_income_gpb", s01.filter(pl.col("row_key").str.starts_with("一般公共预算财政拨款") & income_side))
    pick("s01_income_gf", s01.filter(pl.col("row_key").str.starts_with("政府性基金预算财政拨款") & income_side))
    s02 = f.filter((pl.col("table_kind") == "income") & (pl.col("row_key") == "合计"))
    pick("s02_income_total", s02.filter(pl.col("measure") == "income"))
    pick("s02_fiscal_income", s02.filter(pl.col("measure") == "fiscal_income"))
    s03 = f.filter((pl.col("table_kind") == "expense") & (pl.col("row_key") == "合计"))
    pick("s03_expense_total", s03.filter(pl.col("measure") == "total"))
    s04 = f.filter(pl.col("table_kind") == "fiscal_income_expense_summary")
    limit = _row_before(facts, "fiscal_income_expense_summary", "本年收入合计")
    s04_income = s04.join(limit, on=["document_id", "table_index"], how="inner").filter(
        income_side & (pl.col("row_index") < pl.col("limit_row"))
    ).drop("limit_row")
    pick("s04_income_total", s04.filter((pl.col("row_key") == "本年收入合计") & income_side))
    pick("s04_income_gpb", s04_income.filter(pl.col("row_key").str.starts_with("一般公共预算财政拨款")))
    pick("s04_income_gf", s04_income.filter(pl.col("row_key").str.starts_with("政府性基金预算财政拨款")))
    pick("s04_expense_gpb", s04.filter((pl.col("row_key") == "本年支出合计") & (pl.col("measure") == "general_public_budget")))
    pick("s04_expense_gf", s04.filter((pl.col("row_key") == "本年支出合计") & (pl.col("measure") == "government_fund")))
    s05 = f.filter((pl.col("table_kind") == "general_public_budget_expense") & (pl.col("row_key") == "合计"))
    pick("s05_total", s05.filter(pl.col("measure") == "total"))
    pick("s05_basic", s05.filter(pl.col("measure") == "basic"))
    s07 = f.filter((pl.col("table_kind") == "government_fund") & (pl.col("row_key") == "合计"))
    pick("s07_total", s07.filter(pl.col("measure") == "total"))

    frames = [
        frame.sort("document_id", "row_index", "col_index")
        .group_by("document_id", maintain_order=True)
        .first()
        .select(
            "document_id",
            pl.lit(name).alias("quantity"),
            pl.col("amount").alias("value"),
            "table_kind",
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
            pl.lit(1).alias("terms"),
        )
        for name, frame in picks
    ]
    # 公开06: the 基本支出 detail, as the sum of its 经济分类 类 rows (what the 明细表 adds up to)
    s06 = amounts(facts).filter(
        (pl.col("table_kind") == "general_public_budget_basic_expense")
        & (pl.col("classification") == "economic")
        & (pl.col("subject_code").str.len_chars() == 3)
        & pl.col("amount").is_not_null()
    )
    frames.append(
        s06.group_by("document_id").agg(
            pl.lit("s06_classes_total").alias("quantity"),
            pl.col("amount").sum().alias("value"),
            pl.lit("general_public_budget_basic_expense").alias("table_kind"),
            pl.col("page").cast(pl.Int64).min().alias("page"),
            pl.col("line_no").cast(pl.Int64).min().alias("line_no"),
            (pl.col("amount") != 0).sum().cast(pl.Int32).alias("terms"),
        ).filter(pl.col("value").is_not_null())
    )
    schema = {"document_id": pl.String, "quantity": pl.String, "value": pl.Float64, "table_kind": pl.String,
              "page": pl.Int64, "line_no": pl.Int64, "terms": pl.Int32}
    return pl.concat([fr.cast(schema) for fr in frames], how="vertical") if frames else pl.DataFrame(schema=schema)
