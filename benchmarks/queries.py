"""Typical analyst queries on the marts, and a synthetic scale-up of a real warehouse to time them at scale."""

from __future__ import annotations

import shutil
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

# (name, what an analyst asks, SQL). `?` parameters are filled from the warehouse itself (PARAMETERS).
QUERIES: list[tuple[str, str, str]] = [
    (
        "departments_by_year",
        "compare departments in one year: headline figures and change from the previous year",
        """select department_name, city, county, income_total, expense_total, expense_total_yoy_pct,
                  three_public_actual_total, avg_project_score
           from marts.department_year_comparison where fiscal_year = ?
           order by expense_total desc nulls last limit 50""",
    ),
    (
        "three_public_trend_department",
        "三公 of one department over the years, actual vs budget",
        """select fiscal_year, budget_total, actual_total, actual_to_budget_pct, yoy_change, yoy_pct
           from marts.three_public_trend where department_name = ? order by fiscal_year""",
    ),
    (
        "three_public_trend_all",
        "三公 totals per year over every department",
        """select fiscal_year, count(*) as departments, sum(actual_total) as actual, sum(budget_total) as budget,
                  round(100 * sum(actual_total) / nullif(sum(budget_total), 0), 1) as pct_of_budget,
                  sum(vehicle_total) as vehicles, sum(reception) as reception
           from marts.three_public_trend group by fiscal_year order by fiscal_year""",
    ),
    (
        "project_scores_by_grade",
        "projects per score band with budgets and execution",
        """select score_band, sum(project_count) as projects, sum(budget_adjusted_sum) as budget,
                  sum(executed_sum) as executed, round(avg(avg_execution_rate_pct), 1) as avg_execution_pct,
                  sum(high_score_low_execution_count) as high_score_low_execution
           from marts.project_score_distribution group by score_band, score_band_order order by score_band_order""",
    ),
    (
        "functional_expense_by_code",
        "functional expense (类) by code and year",
        """select subject_code, any_value(subject_name) as subject_name, fiscal_year, count(distinct document_id) as documents,
                  sum(total) as total, sum(basic) as basic, sum(project) as project
           from marts.fct_functional_expense where subject_level = 1
           group by subject_code, fiscal_year order by fiscal_year, total desc""",
    ),
    (
        "top_three_public_spenders",
        "top 三公 spenders (README)",
        """select department_name, fiscal_year, actual_total, budget_total, vehicle_total, reception, actual_total_source
           from marts.fct_three_public_costs where actual_total is not null order by actual_total desc limit 10""",
    ),
    (
        "high_score_low_execution",
        "projects scoring ≥ 90 with execution under 60% (README)",
        """select department_name, project_name, total_score, execution_rate_pct, budget_adjusted, executed
           from marts.fct_project_performance where total_score >= 90 and execution_rate_pct < 60
           order by execution_rate_pct""",
    ),
    (
        "figure_provenance",
        "where a department's headline figures came from (README)",
        """select figure, value, source, page, line_no, table_value, narrative_value, evidence
           from marts.fct_department_figures
           where department_name = ? and figure in ('income_total', 'income_grand_total', 'expense_total')""",
    ),
]

# Parameters chosen from the data: the year with most departments, the department with most years.
PARAMETERS = {
    "departments_by_year": "select fiscal_year from marts.department_year_comparison group by all order by count(*) desc, 1 limit 1",
    "three_public_trend_department": "select department_name from marts.three_public_trend group by all order by count(*) desc, 1 limit 1",
    "figure_provenance": "select department_name from marts.fct_department_figures group by all order by count(*) desc, 1 limit 1",
}


@dataclass
class Latency:
    name: str
    description: str
    rows: int
    first_ms: float
    median_ms: float
    max_ms: float


def time_queries(warehouse: Path, repeats: int = 7) -> list[Latency]:
    """Each query on a read-only connection to the published file: the first run, then the median of `repeats`."""
    results = []
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for name, description, sql in QUERIES:
            params = [con.execute(PARAMETERS[name]).fetchone()[0]] if name in PARAMETERS else []
            timings, rows = [], 0
            for _ in range(repeats + 1):
                started = time.perf_counter()
                rows = len(con.execute(sql, params).fetchall())
                timings.append((time.perf_counter() - started) * 1000)
            results.append(Latency(name, description, rows, timings[0], statistics.median(timings[1:]), max(timings[1:])))
    finally:
        con.close()
    return results


_RAW_TABLES = ["documents", "document_sources", "document_tables", "table_facts", "narrative_figures", "projects", "indicators",
               "extraction_coverage"]


def scale_up(source: Path, target: Path, documents: int) -> int:
    """Copy a loaded warehouse and replicate its raw rows under new document ids up to `documents` documents.

    Each copy of a document gets a new id (sha256 of the old id and the copy number) and its department a
    copy suffix, so copies are distinct departments (not corrections superseding each other) in the same
    regions and years. The marts are then rebuilt from these raw rows by the real dbt build.
    Returns the number of documents in the scaled raw schema.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    with duckdb.connect(str(target)) as con:
        base = con.execute("select count(*) from raw.documents").fetchall()[0][0]
        extra = max(documents - base, 0)
        copies = -(-extra // base) if base else 0
        con.execute(
            """create temp table copy_ids as
               select document_id as src, sha256(document_id || ':' || k) as dst, k
               from raw.documents cross join range(1, ? + 1) as r(k)
               order by k, document_id limit ?""",
            [copies, extra],
        )
        for table in _RAW_TABLES:
            replace = "copy_ids.dst as document_id"
            if table == "documents":
                replace += ", raw_rows.department_name || '·' || copy_ids.k as department_name"
            con.execute(
                f"""insert into raw.{table}
                    select raw_rows.* replace ({replace})
                    from raw.{table} as raw_rows join copy_ids on raw_rows.document_id = copy_ids.src"""
            )
        con.execute("checkpoint")
        return con.execute("select count(*) from raw.documents").fetchall()[0][0]


# The build path a run takes (lib.dbt_build: unit tests left to the test suite, models that run out of DuckDB's
# memory together built again one at a time), as one full build of the scaled warehouse file (a first run's two
# builds without the quality step between them), at the run's memory bound and threads.
_SCALED_BUILD = """
import json, sys
from orchestration.lib.dbt_build import BuildResult, build
from orchestration.settings import load_settings
settings = load_settings(sys.argv[1])
vars_json = json.dumps({"warehouse_path": sys.argv[1], "memory_limit": settings.dbt_memory_limit})
args = ["build", "--threads", str(settings.dbt_threads), "--exclude-resource-type", "unit_test"]
result = [item for item in build(args, vars_json, "bench-scaled") if isinstance(item, BuildResult)][-1]
print(json.dumps({"success": result.success, "retried": result.retried, "failures": result.failures[:10],
                  "dbt_log": str(result.target_path / "dbt.log")}))
sys.exit(0 if result.success else 1)
"""


def dbt_build_command(warehouse: Path, python_bin: Path) -> list[str]:
    """The dbt build a run does (models and their data tests), on a warehouse file; its last line of output is a
    JSON summary (success, nodes retried after running out of memory, failures, dbt.log)."""
    return [str(python_bin), "-c", _SCALED_BUILD, str(warehouse)]
