"""The rule registry: every rule once, with its id, severity, bilingual description and tolerance.

A rule prepares a check frame from the warehouse tables (one row per thing checked, with
document_id, table_name, page, observed, expected and `checkable`) and names the Great
Expectations expectation that must hold on it. Rows whose inputs are missing are reported as
"could not check", never as passed or failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

# Amounts are printed to 0.01 万元; each summed term may be off by half a cent either way.
CENT = 0.01


def sum_tolerance(terms: pl.Expr | int) -> pl.Expr:
    terms = pl.lit(terms) if isinstance(terms, int) else terms
    return pl.max_horizontal(terms, pl.lit(1)) * CENT + 1e-6


@dataclass(frozen=True)
class Rule:
    rule_id: str
    severity: str
    description_zh: str
    description_en: str
    tolerance: str
    prepare: Callable[[dict[str, pl.DataFrame]], pl.DataFrame]
    # "within_tolerance": |observed - expected| <= tolerance; "true": column ok is true
    expectation: str = "within_tolerance"

    @property
    def mart(self) -> str:
        """The mart whose Dagster asset check reports this rule."""
        family = self.rule_id.split(".")[0]
        return {
            "sanity": "dim_document",
            "three_public": "fct_three_public_costs",
            "performance": "fct_project_performance",
        }.get(family, "fct_department_finance")


def _empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={"document_id": pl.String, "table_name": pl.String, "page": pl.Int64, "line_no": pl.Int64,
                "observed": pl.Float64, "expected": pl.Float64, "tolerance": pl.Float64, "ok": pl.Boolean,
                "checkable": pl.Boolean, "message": pl.String}
    )


def _frame(df: pl.DataFrame) -> pl.DataFrame:
    """Give a prepared frame every column the runner reads, in one order."""
    template = _empty()
    for name, dtype in template.schema.items():
        if name not in df.columns:
            df = df.with_columns(pl.lit(None, dtype=dtype).alias(name))
    return df.select([pl.col(n).cast(t) for n, t in template.schema.items()])


# ------------------------------------------------------------------ extraction sanity

def _document_identity(t):
    docs = t["dim_document"].filter(pl.col("status").is_in(["loaded", "superseded"]))
    missing = pl.concat_str(
        [
            pl.when(pl.col("department_name").is_null()).then(pl.lit("department ")).otherwise(pl.lit("")),
            pl.when(pl.col("fiscal_year").is_null()).then(pl.lit("year ")).otherwise(pl.lit("")),
            pl.when(pl.col("doc_kind") == "other").then(pl.lit("kind")).otherwise(pl.lit("")),
        ]
    )
    return _frame(docs.select(
        "document_id",
        pl.lit("dim_document").alias("table_name"),
        (missing == "").alias("ok"),
        pl.lit(True).alias("checkable"),
        pl.format("document identity incomplete: missing {}", missing.str.strip_chars()).alias("message"),
    ))


def _document_readable(t):
    docs = t["dim_document"]
    return _frame(docs.select(
        "document_id",
        pl.lit("dim_document").alias("table_name"),
        pl.col("status").is_in(["loaded", "superseded", "registered"]).alias("ok"),
        pl.lit(True).alias("checkable"),
        pl.format("{} ({}): {}", pl.col("status"), pl.col("file_name"), pl.col("status_reason").fill_null("")).alias("message"),
    ))


def _codes_in_lookup(t):
    codes = set(t["functional_classification"]["subject_code"].to_list())
    rows = t["fct_functional_expense"]
    return _frame(rows.select(
        "document_id",
        pl.lit("fct_functional_expense").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("subject_code").is_in(list(codes)).alias("ok"),
        pl.lit(True).alias("checkable"),
        pl.format("功能分类 code {} ({}) is not in the classification lookup", pl.col("subject_code"), pl.col("subject_name")).alias("message"),
    ))


# ------------------------------------------------------------------ within one table

def _figure_pair(left: str, right_terms: list[str], table: str, label: str):
    """observed = figure `left`; expected = sum of `right_terms` (all must be present)."""

    def prepare(t):
        fin = t["fct_department_finance"]
        needed = [left, *right_terms]
        present = [c for c in needed if c in fin.columns]
        if len(present) < len(needed):
            return _empty()
        checkable = pl.all_horizontal([pl.col(c).is_not_null() for c in needed])
        return _frame(fin.select(
            "document_id",
            pl.lit(table).alias("table_name"),
            pl.col(f"{left}_page").cast(pl.Int64).alias("page"),
            pl.col(left).alias("observed"),
            pl.sum_horizontal([pl.col(c) for c in right_terms]).alias("expected"),
            sum_tolerance(len(right_terms)).alias("tolerance"),
            checkable.alias("checkable"),
            pl.lit(label).alias("message"),
        ))

    return prepare


def _functional_row_sum(t):
    rows = t["fct_functional_expense"].filter(pl.col("source") == "table")
    return _frame(rows.select(
        "document_id",
        pl.lit("expense").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("total").alias("observed"),
        (pl.col("basic").fill_null(0) + pl.col("project").fill_null(0)).alias("expected"),
        sum_tolerance(2).alias("tolerance"),
        (pl.col("total").is_not_null() & (pl.col("basic").is_not_null() | pl.col("project").is_not_null())).alias("checkable"),
        pl.format("{} {}: 合计 ≠ 基本支出 + 项目支出", pl.col("subject_code"), pl.col("subject_name")).alias("message"),
    ))


def _functional_hierarchy(t):
    rows = t["fct_functional_expense"].filter((pl.col("source") == "table") & pl.col("total").is_not_null())
    children = rows.filter(pl.col("subject_level") > 1).with_columns(
        pl.col("subject_code").str.slice(0, pl.col("subject_code").str.len_chars() - 2).alias("parent_code")
    )
    sums = children.group_by("document_id", "parent_code").agg(
        pl.col("total").sum().alias("expected"), pl.len().alias("terms")
    )
    parents = rows.join(sums, left_on=["document_id", "subject_code"], right_on=["document_id", "parent_code"], how="inner")
    return _frame(parents.select(
        "document_id",
        pl.lit("expense").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("total").alias("observed"),
        pl.col("expected"),
        sum_tolerance(pl.col("terms")).alias("tolerance"),
        pl.lit(True).alias("checkable"),
        pl.format("{} {} ≠ the sum of its {} sub-items", pl.col("subject_code"), pl.col("subject_name"), pl.col("terms")).alias("message"),
    ))


def _three_public(left: str, terms: list[str], label: str):
    def prepare(t):
        tp = t["fct_three_public_costs"]
        needed = [left, *terms]
        checkable = pl.col(left).is_not_null() & pl.any_horizontal([pl.col(c).is_not_null() for c in terms])
        return _frame(tp.select(
            "document_id",
            pl.lit("three_public").alias("table_name"),
            pl.col("page").cast(pl.Int64),
            pl.col(left).alias("observed"),
            pl.sum_horizontal([pl.col(c).fill_null(0) for c in terms]).alias("expected"),
            sum_tolerance(len(terms)).alias("tolerance"),
            checkable.alias("checkable"),
            pl.lit(label).alias("message"),
        ))

    return prepare


# ------------------------------------------------------------------ narrative against tables

def _narrative_matches_table(t):
    narrative = t["narrative_figures"].filter(pl.col("subject_code").is_null() & ~pl.col("is_restatement"))
    located = t["table_figures"]
    joined = narrative.join(located, on=["document_id", "figure"], how="inner", suffix="_table")
    return _frame(joined.select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("value_wan").alias("observed"),
        pl.col("value").alias("expected"),
        pl.lit(CENT + 1e-6).alias("tolerance"),
        pl.col("value_wan").is_not_null().alias("checkable"),
        pl.format("narrative {} = {} but the {} table prints {} (page {})", pl.col("figure"), pl.col("value_wan"),
                  pl.col("table_kind"), pl.col("value"), pl.col("page_table")).alias("message"),
    ))


# ------------------------------------------------------------------ completeness

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


def _standard_tables_present(t):
    docs = t["dim_document"].filter((pl.col("doc_kind") == "final_accounts") & pl.col("status").is_in(["loaded", "superseded"]))
    tables = t["document_tables"]
    with_tables = tables.filter(pl.col("table_kind").is_in(list(STANDARD_TABLE_NAMES))).select("document_id").unique()
    expected = docs.select("document_id").join(with_tables, on="document_id", how="inner").join(
        pl.DataFrame({"table_kind": list(STANDARD_TABLE_NAMES), "table_title": list(STANDARD_TABLE_NAMES.values())}), how="cross"
    )
    present = tables.select("document_id", "table_kind", pl.lit(True).alias("present")).unique()
    checked = expected.join(present, on=["document_id", "table_kind"], how="left")
    return _frame(checked.select(
        "document_id",
        pl.col("table_kind").alias("table_name"),
        pl.col("present").fill_null(False).alias("ok"),
        pl.lit(True).alias("checkable"),
        pl.format("standard table missing: {} ({})", pl.col("table_title"), pl.col("table_kind")).alias("message"),
    ))


# ------------------------------------------------------------------ performance

def _project_score_sum(t):
    projects = t["fct_project_performance"]
    ind = t["fct_performance_indicators"].group_by("document_id", "project_index").agg(
        pl.col("score").sum().alias("indicator_scores"), pl.col("score").is_not_null().sum().alias("scored"), pl.len().alias("n")
    )
    joined = projects.join(ind, on=["document_id", "project_index"], how="left")
    return _frame(joined.select(
        "document_id",
        pl.lit("project_performance").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("total_score").alias("observed"),
        (pl.col("execution_score").fill_null(0) + pl.col("indicator_scores").fill_null(0)).alias("expected"),
        (pl.col("n").fill_null(0) * 0.01 + 0.011).alias("tolerance"),
        (pl.col("total_score").is_not_null() & (pl.col("scored") > 0)).alias("checkable"),
        pl.format("{}: 总分 ≠ 预算执行得分 + 指标得分", pl.col("project_name")).alias("message"),
    ))


def _indicator_score_le_weight(t):
    ind = t["fct_performance_indicators"]
    return _frame(ind.select(
        "document_id",
        pl.lit("project_performance").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("score").alias("observed"),
        pl.col("weight").alias("expected"),
        (pl.col("score") <= pl.col("weight") + 1e-6).alias("ok"),
        (pl.col("score").is_not_null() & pl.col("weight").is_not_null()).alias("checkable"),
        pl.format("{} / {}: score above its weight", pl.col("project_name"), pl.col("level3")).alias("message"),
    ))


RULES: list[Rule] = [
    Rule("sanity.document_identity", "error", "每个文档应识别出部门、年度和类型", "Every loaded document has a department, a year and a kind",
         "exact", _document_identity, "true"),
    Rule("sanity.document_readable", "error", "文档应可读取（无文字层的需要OCR）", "Every document could be read; one without a text layer needs OCR",
         "exact", _document_readable, "true"),
    Rule("sanity.functional_code_known", "warning", "功能分类科目编码应存在于分类表", "Every 功能分类 code exists in the classification lookup",
         "exact", _codes_in_lookup, "true"),
    Rule("table.expense_row_basic_plus_project", "warning", "支出决算表每行：合计 = 基本支出 + 项目支出", "支出决算表: every row's 合计 = 基本支出 + 项目支出",
         "0.01 万元 per term", _functional_row_sum),
    Rule("table.functional_hierarchy_sum", "warning", "类 = 所属款之和，款 = 所属项之和", "Each 类 equals the sum of its 款 and each 款 the sum of its 项",
         "0.01 万元 per summed row", _functional_hierarchy),
    Rule("table.grand_totals_balance", "warning", "收入总计 = 支出总计", "收入总计 equals 支出总计",
         "0.01 万元", _figure_pair("income_grand_total", ["expense_grand_total"], "income_expense_summary", "收入总计 ≠ 支出总计")),
    Rule("table.expense_total_basic_plus_project", "warning", "本年支出合计 = 基本支出 + 项目支出", "本年支出合计 = 基本支出 + 项目支出",
         "0.02 万元", _figure_pair("expense_total", ["expense_basic", "expense_project"], "expense", "本年支出合计 ≠ 基本支出 + 项目支出")),
    Rule("table.personnel_plus_public", "warning", "人员经费 + 公用经费 = 一般公共预算财政拨款基本支出", "人员经费 + 公用经费 = 基本支出 of the general public budget",
         "0.02 万元", _figure_pair("general_public_budget_basic", ["personnel_expense", "public_expense"], "general_public_budget_basic_expense",
                      "人员经费 + 公用经费 ≠ 一般公共预算财政拨款基本支出")),
    Rule("three_public.vehicle_subtotal_actual", "warning", "三公决算：小计 = 购置费 + 运行维护费", "三公 actual: 小计 = 购置 + 运行",
         "0.02 万元", _three_public("vehicle_total", ["vehicle_purchase", "vehicle_operation"], "公务用车 小计 ≠ 购置费 + 运行维护费 (决算)")),
    Rule("three_public.vehicle_subtotal_budget", "warning", "三公预算：小计 = 购置费 + 运行维护费", "三公 budget: 小计 = 购置 + 运行",
         "0.02 万元", _three_public("vehicle_total_budget", ["vehicle_purchase_budget", "vehicle_operation_budget"], "公务用车 小计 ≠ 购置费 + 运行维护费 (预算)")),
    Rule("three_public.total_actual", "warning", "三公决算：合计 = 出国 + 公务用车小计 + 接待", "三公 actual: 合计 = 出国 + 小计 + 接待",
         "0.03 万元", _three_public("actual_total", ["outbound_travel", "vehicle_total", "reception"], "三公 合计 ≠ 出国 + 公务用车 + 接待 (决算)")),
    Rule("three_public.total_budget", "warning", "三公预算：合计 = 出国 + 公务用车小计 + 接待", "三公 budget: 合计 = 出国 + 小计 + 接待",
         "0.03 万元", _three_public("budget_total", ["outbound_travel_budget", "vehicle_total_budget", "reception_budget"], "三公 合计 ≠ 出国 + 公务用车 + 接待 (预算)")),
    Rule("narrative.matches_table", "warning", "文字说明中的数字应与表格一致", "Every narrative figure with a table counterpart matches it",
         "0.01 万元", _narrative_matches_table),
    Rule("completeness.standard_tables", "warning", "部门决算应包含全部标准表", "A 部门决算 contains every standard table of the template",
         "exact", _standard_tables_present, "true"),
    Rule("performance.total_score_sum", "warning", "总分 = 预算执行得分 + 各指标得分", "Total score = execution score + indicator scores",
         "0.01 per indicator", _project_score_sum),
    Rule("performance.indicator_score_le_weight", "warning", "指标得分不超过权重", "An indicator's score does not exceed its weight",
         "exact", _indicator_score_le_weight, "true"),
]

RULES_BY_ID = {rule.rule_id: rule for rule in RULES}
