"""Shared readings of the rule inputs: printed table amounts, and the department figures dbt located and reconciled,
in the shapes the rules compare. These select and rename the models' columns; they never locate or reconcile a
figure themselves (that is dbt's int_table_figures_matched and int_department_figures_reconciled). Pure polars."""

from __future__ import annotations

import polars as pl

from ingestion.tables import STANDARD_TABLE_TITLES
from ingestion.tables.titles import BUDGET_TABLE_NAMES

AMOUNT_KINDS = ("number", "zero")

STANDARD_TABLE_NAMES = STANDARD_TABLE_TITLES
# Tables whose cells are money (万元 or 元), where a printed cell must be a number, 0, blank or a dash.
MONEY_TABLES = tuple(STANDARD_TABLE_NAMES)

# Documents whose content the rules read: extracted (failed and needs_ocr ones have none).
LOADED = ("loaded",)


def table_title(kind: str | None) -> str:
    """The template title of a table kind (决算 or 预算), for messages."""
    return STANDARD_TABLE_NAMES.get(kind or "") or BUDGET_TABLE_NAMES.get(kind or "") or (kind or "")


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


def reconciled(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """One value per document and figure as dbt reconciled it (the table's where a table prints it, else the
    narrative's first statement), with where a reader finds it."""
    return tables["department_figures"].select(
        "document_id",
        "figure",
        pl.col("value").cast(pl.Float64),
        "source",
        pl.coalesce(pl.col("table_kind"), pl.lit("narrative")).alias("table_kind"),
        pl.col("table_index").cast(pl.Int64),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
    )


def first_narrative(tables: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """The narrative's own (first, not restated) statement of each department-level figure, as dbt reconciled it."""
    return tables["department_figures"].filter(pl.col("narrative_value").is_not_null()).select(
        "document_id",
        "figure",
        pl.col("narrative_value").cast(pl.Float64).alias("value"),
        pl.col("narrative_page").cast(pl.Int64).alias("page"),
        pl.col("narrative_line_no").cast(pl.Int64).alias("line_no"),
    )


def wide(figures: pl.DataFrame, names: list[str]) -> pl.DataFrame:
    """document_id plus, per figure name, its value, `<name>_page`, `<name>_line`, `<name>_table` and
    `<name>_table_index`."""
    out = figures.select("document_id").unique()
    for name in names:
        one = figures.filter(pl.col("figure") == name).select(
            "document_id",
            pl.col("value").alias(name),
            pl.col("page").alias(f"{name}_page"),
            pl.col("line_no").alias(f"{name}_line"),
            pl.col("table_kind").alias(f"{name}_table"),
            pl.col("table_index").alias(f"{name}_table_index"),
        )
        out = out.join(one, on="document_id", how="left")
    return out


def places(tables: dict[str, pl.DataFrame], figure: str, table_kind: str) -> pl.DataFrame:
    """Where a table of `table_kind` prints `figure` (dbt's int_table_figures_matched), its first place in each
    table: document_id, value, table_kind, table_index, page, line_no."""
    matched = tables["table_figures_matched"].filter((pl.col("figure") == figure) & (pl.col("table_kind") == table_kind))
    return (
        matched.sort("document_id", "table_index", "row_index", "col_index")
        .group_by("document_id", maintain_order=True)
        .first()
        .select(
            "document_id",
            pl.col("value").cast(pl.Float64),
            "table_kind",
            pl.col("table_index").cast(pl.Int64),
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
        )
    )
