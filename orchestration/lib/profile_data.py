"""What a department profile shows, read for many departments at once (one query per mart, grouped here), so that
profiles for a thousand departments cost a handful of queries, not thousands."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import polars as pl

from orchestration.lib.report_data import functional_mix

HEADLINES = [
    ("income_total", "本年收入合计 income"), ("expense_total", "本年支出合计 expenditure"),
    ("expense_basic", "基本支出 basic"), ("expense_project", "项目支出 project"),
    ("expense_general_public_budget", "一般公共预算财政拨款支出"), ("personnel_expense", "人员经费 personnel"),
    ("public_expense", "公用经费 public"), ("department_performance_score", "部门整体绩效自评得分"),
]


@dataclass
class Profile:
    department: str
    documents: list[dict] = field(default_factory=list)  # dim_document rows, by year
    finance: list[dict] = field(default_factory=list)  # fct_department_finance rows with doc_kind, by year
    three_public: list[dict] = field(default_factory=list)  # by year and kind
    functional: dict[str, list[dict]] = field(default_factory=dict)  # document_id → 类 rows
    projects: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)  # failed in the latest run, most severe first
    run_id: str | None = None


def _grouped(frame: pl.DataFrame) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for row in frame.to_dicts():
        out[row["department_name"]].append(row)
    return out


def department_names(con) -> list[str]:
    rows = con.execute("select distinct department_name from marts.dim_document where department_name is not null "
                       "order by 1").fetchall()
    return [r[0] for r in rows]


def match_department(con, name: str) -> list[str]:
    """The department called `name`, else every department whose name contains it."""
    names = department_names(con)
    if name in names:
        return [name]
    return [n for n in names if name in n]


def load_profiles(con, departments: list[str] | None = None, run_id: str | None = None) -> dict[str, Profile]:
    """Profiles of `departments` (all when None); findings of `run_id`, else each document's latest check."""
    names = departments if departments is not None else department_names(con)
    if not names:
        return {}
    con.execute("create or replace temp table profile_departments as select unnest(?::varchar[]) as department_name",
                [names])
    pick = "department_name in (select department_name from profile_departments)"
    documents = _grouped(con.sql(f"select * from marts.dim_document where {pick} order by fiscal_year, doc_kind").pl())
    finance = _grouped(con.sql(f"select * from marts.fct_department_finance where {pick} order by fiscal_year").pl())
    three = _grouped(con.sql(f"""
        select department_name, fiscal_year, doc_kind, budget_total, actual_total, vehicle_total, reception,
               outbound_travel, actual_total_source
        from marts.fct_three_public_costs where {pick} order by fiscal_year""").pl())
    projects = _grouped(con.sql(f"""
        select department_name, fiscal_year, project_name, total_score, execution_rate_pct, budget_adjusted, executed,
               grade, is_high_score_low_execution, is_executed_over_budget
        from marts.project_performance_flags where {pick} order by fiscal_year, project_index""").pl())
    functional = functional_mix(con, f"and {pick}")
    # a run checks only the departments that changed: without a run named, the findings as they stand
    source = "(select * from quality.check_results where run_id = $1)" if run_id else "staging.stg_quality__check_results"
    findings = _grouped(con.sql(f"""
        select department_name, fiscal_year, file_name, severity, rule_id, page, line_no, observed, expected, message
        from {source}
        where outcome = 'failed' and {pick}
        order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, fiscal_year, file_name, line_no
    """, params=[run_id] if run_id else None).pl())
    profiles = {}
    for name in names:
        docs = documents.get(name, [])
        profiles[name] = Profile(
            department=name, documents=docs, finance=finance.get(name, []), three_public=three.get(name, []),
            functional={d["document_id"]: functional[d["document_id"]] for d in docs if d["document_id"] in functional},
            projects=projects.get(name, []), findings=findings.get(name, []), run_id=run_id,
        )
    return profiles
