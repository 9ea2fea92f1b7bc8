"""Within one table (warning): the sums a 部门决算 or 部门预算 table prints must add up, to a cent per summed row.

Each sum rule is built from a `Sums`: one row per printed sum and the cells that make it up. The rules report the
sums; the OCR family (expectations/families/ocr.py) reads the same cells to name the one a misread most likely is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from expectations.base import Rule, SAME_NUMBER, check_frame, empty_frame, fmt, sum_tolerance
from expectations.figures import amounts, reconciled, table_title, wide

SUMMARY_TABLES = ("income_expense_summary", "fiscal_income_expense_summary")
# the lines between 本年收入/支出合计 and 总计 that make up 总计 (their sub-rows are not added again)
CARRY_KEY = r"^(使用非财政拨款结余.*|使用专用结余|年初.*结转和结余|结余分配|年末.*结转和结余)$"
INCOME_SOURCES = ("fiscal_income", "superior_subsidy_income", "operating_income", "business_income",
                  "affiliate_income", "other_income")
EXPENSE_PARTS = {
    "expense": ("basic", "project", "remit_to_superior", "business_expense", "subsidy_to_affiliates"),
    "general_public_budget_expense": ("basic", "project"),
    "government_fund": ("basic", "project"),
    "state_capital": ("basic", "project"),
    # a 部门预算's expense tables print the same columns (budgeted amounts)
    "budget_expense": ("basic", "project"),
    "budget_general_public_budget_expense": ("basic", "project"),
    "budget_government_fund_expense": ("basic", "project"),
    "budget_state_capital_expense": ("basic", "project"),
}
FUNCTIONAL_TABLES = ("income", "expense", "general_public_budget_expense", "government_fund", "state_capital",
                     "budget_income", "budget_expense", "budget_general_public_budget_expense",
                     "budget_government_fund_expense", "budget_state_capital_expense")
ECONOMIC_TABLES = ("general_public_budget_basic_expense", "budget_basic_expense_economic")


@dataclass(frozen=True)
class Sums:
    """Printed sums and their cells. `sums`: one row per sum (sum_key, document_id, observed = the printed total,
    expected = the sum of its printed parts, tolerance, and what the rule's message names); `cells`: every cell
    taking part (sum_key, document_id, table_index, row_index, column_label, is_total)."""

    sums: pl.DataFrame
    cells: pl.DataFrame


CELL_KEYS = ["document_id", "table_index", "row_index", "column_label"]


def _sum_key(prefix: str, *columns: str) -> pl.Expr:
    return pl.concat_str([pl.lit(prefix), *[pl.col(c).cast(pl.String).fill_null("") for c in columns]],
                         separator="|").alias("sum_key")


def _member_cells(frame: pl.DataFrame, is_total: bool) -> pl.DataFrame:
    return frame.select("sum_key", *CELL_KEYS, pl.lit(is_total).alias("is_total"))


def _stack(frames: list[pl.DataFrame]) -> pl.DataFrame:
    return pl.concat(frames, how="vertical_relaxed") if frames else pl.DataFrame(
        schema={"sum_key": pl.String, "document_id": pl.String, "table_index": pl.Int64, "row_index": pl.Int64,
                "column_label": pl.String, "is_total": pl.Boolean})


def _side(col: str) -> pl.Expr:
    return pl.col("column_label").str.replace_all(" ", "").str.starts_with(col)


def _nonzero(expr: pl.Expr) -> pl.Expr:
    return (expr.fill_null(0).abs() > 1e-9).sum()


def _summary_cells(t, side: str) -> pl.DataFrame:
    return amounts(t["table_facts"]).filter(
        pl.col("table_kind").is_in(SUMMARY_TABLES) & _side(side) & pl.col("amount").is_not_null()
    )


def _total_rows(cells: pl.DataFrame, key: str, alias: str) -> pl.DataFrame:
    return (
        cells.filter((pl.col("row_key") == key) & pl.col("printed"))
        .sort("row_index")
        .group_by("document_id", "table_index", "column_label", maintain_order=True)
        .first()
        .select("document_id", "table_index", "column_label", "table_kind",
                pl.col("row_index").alias(f"{alias}_row"), pl.col("amount").alias(alias),
                pl.col("page").alias(f"{alias}_page"), pl.col("line_no").alias(f"{alias}_line"))
    )


def _side_total_sums(side: str, total_key: str) -> Callable[[dict], Sums]:
    def sums(t) -> Sums:
        keys = ["document_id", "table_index", "column_label"]
        cells = _summary_cells(t, side)
        totals = _total_rows(cells, total_key, "total").with_columns(_sum_key(f"side:{side}", *keys))
        terms = cells.join(totals.select(*keys, "total_row", "sum_key"), on=keys, how="inner").filter(
            (pl.col("row_index") < pl.col("total_row")) & pl.col("row_key").is_not_null()
        )
        added = terms.group_by(keys).agg(pl.col("amount").sum().alias("expected"), _nonzero(pl.col("amount")).alias("terms"))
        out = totals.join(added, on=keys, how="left").with_columns(
            pl.col("total").alias("observed"), pl.col("expected").fill_null(0.0),
            sum_tolerance(pl.col("terms").fill_null(0)).alias("tolerance"), pl.lit(True).alias("checkable"))
        members = [_member_cells(totals.rename({"total_row": "row_index"}), True), _member_cells(terms, False)]
        return Sums(out, _stack(members))

    return sums


def _side_total(sums: Callable[[dict], Sums], total_key: str, label: str):
    """本年收入合计 / 本年支出合计 = the sum of the rows printed above it, column by column."""

    def prepare(t):
        out = sums(t).sums
        return check_frame(out.select(
            "document_id",
            pl.col("table_kind").alias("table_name"),
            pl.col("total_page").alias("page"),
            pl.col("total_line").alias("line_no"),
            "observed", "expected", "tolerance", "checkable",
            fmt("{} ({}): {} ≠ the sum of the {} rows above it", pl.col("table_kind").replace_strict(
                {k: table_title(k) for k in SUMMARY_TABLES}, default=pl.col("table_kind")), pl.col("column_label"),
                pl.lit(total_key), pl.lit(label)).alias("message"),
        ))

    return prepare


def _grand_total_sum(t):
    frames = []
    for side, total_key in (("收入", "本年收入合计"), ("支出", "本年支出合计")):
        cells = _summary_cells(t, side)
        keys = ["document_id", "table_index", "column_label"]
        grand = _total_rows(cells, "总计", "grand")
        year = _total_rows(cells, total_key, "year").drop("table_kind")
        both = grand.join(year, on=keys, how="inner")
        carry = cells.join(both.select(*keys, "year_row", "grand_row"), on=keys, how="inner").filter(
            (pl.col("row_index") > pl.col("year_row")) & (pl.col("row_index") < pl.col("grand_row"))
            & pl.col("row_key").str.contains(CARRY_KEY)
        ).group_by(keys).agg(pl.col("amount").sum().alias("carry"), _nonzero(pl.col("amount")).alias("carry_terms"))
        out = both.join(carry, on=keys, how="left")
        frames.append(out.select(
            "document_id",
            pl.col("table_kind").alias("table_name"),
            pl.col("grand_page").alias("page"),
            pl.col("grand_line").alias("line_no"),
            pl.col("grand").alias("observed"),
            (pl.col("year") + pl.col("carry").fill_null(0)).alias("expected"),
            sum_tolerance(1 + pl.col("carry_terms").fill_null(0)).alias("tolerance"),
            pl.lit(True).alias("checkable"),
            fmt("{}: {}总计 ≠ {} + 结转结余 lines", pl.col("column_label"), pl.lit(side), pl.lit(total_key)).alias("message"),
        ))
    return check_frame(pl.concat(frames, how="vertical_relaxed"))


def _grand_totals_balance(t):
    keys = ["document_id", "table_index"]
    income = _total_rows(_summary_cells(t, "收入"), "总计", "income")
    expense_cells = _summary_cells(t, "支出").filter(pl.col("measure") == "total")
    expense = _total_rows(expense_cells, "总计", "expense")
    both = income.group_by(keys).first().join(
        expense.group_by(keys).first().drop("table_kind", "column_label"), on=keys, how="inner"
    )
    return check_frame(both.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        pl.col("expense_page").alias("page"),
        pl.col("expense_line").alias("line_no"),
        pl.col("income").alias("observed"),
        pl.col("expense").alias("expected"),
        pl.lit(SAME_NUMBER).alias("tolerance"),
        pl.lit(True).alias("checkable"),
        pl.lit("收入总计 ≠ 支出总计").alias("message"),
    ))


def _row_sums(kinds: dict[str, tuple[str, ...]], total_measure: str) -> Callable[[dict], Sums]:
    def sums(t) -> Sums:
        frames, members = [], []
        cells = amounts(t["table_facts"])
        keys = ["document_id", "table_index", "row_index"]
        for kind, parts in kinds.items():
            rows = cells.filter((pl.col("table_kind") == kind) & (pl.col("row_key").is_not_null() | pl.col("subject_code").is_not_null()))
            rows = rows.with_columns(_sum_key(f"row:{total_measure}", *keys))
            total_cells = rows.filter((pl.col("measure") == total_measure) & pl.col("printed"))
            total = total_cells.group_by(keys).agg(
                pl.col("amount").first().alias("total"), pl.col("page").first(), pl.col("line_no").first(),
                pl.col("subject_code").first(), pl.col("row_label").first(), pl.col("column_label").first(),
                pl.col("sum_key").first(),
            )
            part_cells = rows.filter(pl.col("measure").is_in(parts))
            part = part_cells.group_by(keys).agg(
                pl.col("amount").sum().alias("parts"), pl.col("printed").sum().alias("printed_parts"),
                _nonzero(pl.col("amount")).alias("terms"),
            )
            out = total.join(part, on=keys, how="inner").with_columns(
                pl.lit(kind).alias("table_kind"), pl.col("total").alias("observed"), pl.col("parts").alias("expected"),
                sum_tolerance(pl.col("terms")).alias("tolerance"), (pl.col("printed_parts") > 0).alias("checkable"))
            frames.append(out)
            members += [_member_cells(out, True), _member_cells(part_cells.join(out.select(keys), on=keys, how="semi"), False)]
        sums_frame = pl.concat(frames, how="vertical_relaxed") if frames else None
        return Sums(sums_frame, _stack(members))

    return sums


def _row_parts_sum(sums: Callable[[dict], Sums], kinds: dict[str, tuple[str, ...]], label: str):
    """On every row of the table: the total column = the sum of its part columns."""

    def prepare(t):
        out = sums(t).sums
        if out is None:
            return empty_frame()
        return check_frame(out.select(
            "document_id",
            pl.col("table_kind").alias("table_name"),
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
            "observed", "expected", "tolerance", "checkable",
            fmt("{}: {} {}: {}", pl.col("table_kind").replace_strict({k: table_title(k) for k in kinds}),
                pl.col("subject_code").fill_null(""), pl.col("row_label").fill_null(""), pl.lit(label)).alias("message"),
        ))

    return prepare


def _hierarchy_sums(classification: str, kinds: tuple[str, ...], code_lengths: tuple[int, ...]) -> Callable[[dict], Sums]:
    def sums(t) -> Sums:
        cells = amounts(t["table_facts"]).filter(pl.col("table_kind").is_in(kinds) & pl.col("amount").is_not_null())
        group = ["document_id", "table_index", "column_label"]
        coded = cells.filter((pl.col("classification") == classification) & pl.col("subject_code").is_not_null())
        coded = coded.with_columns(pl.col("subject_code").str.len_chars().alias("code_len"))
        frames, members = [], []
        for parent_len, child_len in zip(code_lengths, code_lengths[1:]):
            parents = coded.filter((pl.col("code_len") == parent_len) & pl.col("printed")).with_columns(
                _sum_key(f"code:{classification}", *group, "subject_code"))
            children = coded.filter(pl.col("code_len") == child_len).with_columns(
                pl.col("subject_code").str.slice(0, parent_len).alias("parent_code")
            ).with_columns(_sum_key(f"code:{classification}", *group, "parent_code"))
            added = children.group_by(*group, "parent_code").agg(
                pl.col("amount").sum().alias("expected"), _nonzero(pl.col("amount")).alias("terms"), pl.len().alias("rows"),
            )
            frame = parents.join(added, left_on=[*group, "subject_code"], right_on=[*group, "parent_code"], how="inner")
            frames.append(frame)
            members += [_member_cells(frame, True), _member_cells(children.join(frame.select("sum_key"), on="sum_key", how="semi"), False)]
        top_cells = coded.filter(pl.col("code_len") == code_lengths[0]).with_columns(_sum_key(f"total:{classification}", *group))
        top = top_cells.group_by(group).agg(
            pl.col("amount").sum().alias("expected"), _nonzero(pl.col("amount")).alias("terms"), pl.len().alias("rows"),
        )
        totals = cells.filter((pl.col("row_key") == "合计") & pl.col("subject_code").is_null() & pl.col("printed"))
        frame = totals.join(top, on=group, how="inner").with_columns(pl.lit("合计").alias("subject_code"),
                                                                     _sum_key(f"total:{classification}", *group))
        frames.append(frame)
        members += [_member_cells(frame, True), _member_cells(top_cells.join(frame.select("sum_key"), on="sum_key", how="semi"), False)]
        joined = pl.concat([f.select("sum_key", "document_id", "table_kind", "page", "line_no", "subject_code", "row_label",
                                     "column_label", "amount", "expected", "terms", "rows") for f in frames],
                           how="vertical_relaxed").with_columns(
            pl.col("amount").alias("observed"), sum_tolerance(pl.col("terms")).alias("tolerance"), pl.lit(True).alias("checkable"))
        return Sums(joined, _stack(members))

    return sums


def _title(kind: pl.Expr) -> pl.Expr:
    """The table as its template titles it (支出决算表, 支出预算总表), for a reviewer."""
    kinds = (*FUNCTIONAL_TABLES, *ECONOMIC_TABLES)
    return kind.replace_strict({k: table_title(k) for k in kinds}, default=kind)


def _hierarchy(sums: Callable[[dict], Sums], name: str):
    """Each parent code = the sum of its printed child codes; the 合计 row = the sum of the top-level codes."""

    def prepare(t):
        joined = sums(t).sums
        return check_frame(joined.select(
            "document_id",
            pl.col("table_kind").alias("table_name"),
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
            "observed", "expected", "tolerance", "checkable",
            fmt("{} / {}: {} {} ≠ the sum of its {} {}", _title(pl.col("table_kind")), pl.col("column_label"),
                      pl.col("subject_code"), pl.col("row_label").fill_null(""), pl.col("rows"), pl.lit(name)).alias("message"),
        ))

    return prepare


def _figure_sum(left: str, terms: list[str], label: str):
    """A reconciled figure (table, else narrative) = the sum of other reconciled figures."""

    def prepare(t):
        w = wide(reconciled(t), [left, *terms])
        if w.is_empty():
            return empty_frame()
        return check_frame(w.select(
            "document_id",
            pl.col(f"{left}_table").alias("table_name"),
            pl.col(f"{left}_page").alias("page"),
            pl.col(f"{left}_line").alias("line_no"),
            pl.col(left).alias("observed"),
            pl.sum_horizontal([pl.col(c) for c in terms]).alias("expected"),
            sum_tolerance(len(terms)).alias("tolerance"),
            pl.all_horizontal([pl.col(c).is_not_null() for c in [left, *terms]]).alias("checkable"),
            pl.lit(label).alias("message"),
        ))

    return prepare


TABLE_INPUTS = ("table_facts",)

# The printed sums the rules below check, by rule id. The OCR family reads their cells: a misread amount breaks the
# sums it takes part in, and the cell where the broken sums cross is the one to look at.
SUMS: dict[str, Callable[[dict], Sums]] = {
    "table.income_total_sum": _side_total_sums("收入", "本年收入合计"),
    "table.expense_total_sum": _side_total_sums("支出", "本年支出合计"),
    "table.income_row_sources_sum": _row_sums({"income": INCOME_SOURCES}, "income"),
    "table.expense_row_basic_plus_project": _row_sums(EXPENSE_PARTS, "total"),
    "table.functional_hierarchy_sum": _hierarchy_sums("functional", FUNCTIONAL_TABLES, (3, 5, 7)),
    "table.economic_hierarchy_sum": _hierarchy_sums("economic", ECONOMIC_TABLES, (3, 5)),
}

RULES = [
    Rule("table.income_total_sum", "warning", "收入支出决算总表、财政拨款收入支出决算总表：本年收入合计 = 各项收入之和",
         "收入支出决算总表 / 财政拨款收入支出决算总表: 本年收入合计 = the sum of the income rows", "0.01 万元 per summed row",
         _side_total(SUMS["table.income_total_sum"], "本年收入合计", "income"), inputs=TABLE_INPUTS),
    Rule("table.expense_total_sum", "warning", "收入支出决算总表、财政拨款收入支出决算总表：本年支出合计 = 各类支出之和",
         "收入支出决算总表 / 财政拨款收入支出决算总表: 本年支出合计 = the sum of the expense classes (each column)",
         "0.01 万元 per summed row", _side_total(SUMS["table.expense_total_sum"], "本年支出合计", "expense"), inputs=TABLE_INPUTS),
    Rule("table.grand_total_sum", "warning", "总计 = 本年合计 + 结转结余各行（收入、支出两侧）",
         "总计 = 本年合计 + the 结转/结余 lines, on each side", "0.01 万元 per summed row", _grand_total_sum,
         inputs=TABLE_INPUTS),
    Rule("table.grand_totals_balance", "warning", "收入总计 = 支出总计", "收入总计 equals 支出总计",
         "same number to the cent", _grand_totals_balance, inputs=TABLE_INPUTS),
    Rule("table.income_row_sources_sum", "warning", "收入决算表每行：本年收入合计 = 各项收入来源之和",
         "收入决算表: on every row, 本年收入合计 = the sum of its sources", "0.01 万元 per summed column",
         _row_parts_sum(SUMS["table.income_row_sources_sum"], {"income": INCOME_SOURCES}, "本年收入合计 ≠ the sum of its sources"), inputs=TABLE_INPUTS),
    Rule("table.expense_row_basic_plus_project", "warning", "支出决算表每行：合计 = 基本支出 + 项目支出（+ 上缴上级、经营、对附属单位补助支出）",
         "支出决算表 and the 财政拨款 expense tables: on every row, 合计 = 基本支出 + 项目支出 (+ the other expense columns)",
         "0.01 万元 per summed column", _row_parts_sum(SUMS["table.expense_row_basic_plus_project"], EXPENSE_PARTS, "合计 ≠ 基本支出 + 项目支出 (+ other columns)"),
         inputs=TABLE_INPUTS),
    Rule("table.functional_hierarchy_sum", "warning", "功能分类：类 = 所属款之和，款 = 所属项之和，合计 = 各类之和",
         "功能分类 rows: each 类 = the sum of its 款, each 款 = the sum of its 项, 合计 = the sum of the 类",
         "0.01 万元 per summed row", _hierarchy(SUMS["table.functional_hierarchy_sum"], "sub-items"), inputs=TABLE_INPUTS),
    Rule("table.economic_hierarchy_sum", "warning", "基本支出决算表：经济分类类 = 所属款之和",
         "基本支出决算表: each 经济分类 类 = the sum of its 款", "0.01 万元 per summed row",
         _hierarchy(SUMS["table.economic_hierarchy_sum"], "款"), inputs=TABLE_INPUTS),
    Rule("table.personnel_plus_public", "warning", "人员经费 + 公用经费 = 一般公共预算财政拨款基本支出",
         "人员经费 + 公用经费 = 基本支出 of the general public budget", "0.02 万元",
         _figure_sum("general_public_budget_basic", ["personnel_expense", "public_expense"],
                     "人员经费 + 公用经费 ≠ 一般公共预算财政拨款基本支出"),
         inputs=("department_figures",)),
]

# a cent per summed row is rounding: those differences are listed as info (尾差), with the sum
ROUNDING = {rule.rule_id: None for rule in RULES if rule.rule_id != "table.grand_totals_balance"}
