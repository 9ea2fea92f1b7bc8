"""What the report reads from the warehouse: the run's findings (and the previous run's, for "new"), the documents as
published, the printed text at each finding's line, and the figures its charts draw."""

from __future__ import annotations

from collections import Counter

import polars as pl

from expectations.findings import FINDING_SCHEMA, as_findings

_FINDING_COLUMNS = ", ".join(FINDING_SCHEMA)

FINANCE_COLUMNS = ["income_total", "income_general_public_budget", "income_government_fund", "expense_total",
                   "expense_basic", "expense_project", "personnel_expense", "public_expense"]


def run_findings(con, run_id: str):
    """(findings not passed, outcome counts per rule over every check of the run)."""
    shown = con.sql(
        f"select {_FINDING_COLUMNS} from quality.check_results where run_id = $1 and outcome <> 'passed'", params=[run_id]
    ).pl()
    counts = con.execute(
        "select rule_id, outcome, count(*) from quality.check_results where run_id = ? group by all", [run_id]
    ).fetchall()
    return as_findings(shown), Counter({(rule, outcome): n for rule, outcome, n in counts})


def previous_run(con, run_id: str) -> tuple[str | None, set[tuple], set[str]]:
    """What this run's documents looked like before it: the latest earlier check of each document it checked (a run
    checks only what changed, so that may be several runs back). Returns the most recent of those runs' id, the
    failed findings' keys of those checks (with the rule-level ones of that run), and the documents checked before."""
    rows = con.execute("""
        with checked as (
            select distinct document_id from quality.check_results where run_id = $1 and document_id is not null
        ),
        earlier as (
            select * from quality.check_results
            where run_id <> $1 and document_id in (select document_id from checked)
        ),
        latest as (select document_id, max(checked_at) as checked_at from earlier group by all)
        select run_id, rule_id, document_id, table_index, project_index, figure, page, line_no, outcome, checked_at
        from earlier join latest using (document_id, checked_at)
    """, [run_id]).fetchall()
    if not rows:
        return None, set(), set()
    previous = max(rows, key=lambda r: r[-1])[0]
    general = con.execute(
        "select null, rule_id, document_id, table_index, project_index, figure, page, line_no, outcome, null "
        "from quality.check_results where run_id = ? and document_id is null", [previous]).fetchall()
    failed = {tuple(r[1:8]) for r in rows + general if r[8] == "failed"}
    return previous, failed, {r[2] for r in rows}


def checked_documents(con, run_id: str) -> set[str] | None:
    """The documents the run checked; None when it checked every document (lib.quality)."""
    everything = con.execute("select checked_everything from quality.rule_versions where run_id = ?", [run_id]).fetchall()
    if not everything or everything[0][0]:
        return None
    return {d for d, in con.execute("select distinct document_id from quality.check_results "
                                    "where run_id = ? and document_id is not null", [run_id]).fetchall()}


def documents(con) -> list[dict]:
    return con.sql("select * from marts.dim_document").pl().to_dicts()


def finance(con) -> dict[str, dict]:
    frame = con.sql(f"select document_id, {', '.join(FINANCE_COLUMNS)} from marts.fct_department_finance").pl()
    return {row["document_id"]: row for row in frame.to_dicts()}


def functional_mix(con, where: str = "", params: list | None = None) -> dict[str, list[dict]]:
    """类-level spending per document: the 支出决算表's total, else (a document without that table) the
    一般公共预算 amount the narrative states per 类, with the source kept so a chart can say which it shows."""
    frame = con.sql(f"""
        select document_id, subject_code, subject_name,
               coalesce(total, general_public_budget_total) as amount,
               case when total is not null then source else general_public_budget_source end as source
        from marts.fct_functional_expense
        where subject_level = 1 {where}
        order by document_id, subject_code
    """, params=params).pl()
    out: dict[str, list[dict]] = {}
    for row in frame.to_dicts():
        out.setdefault(row["document_id"], []).append(row)
    return out


def printed_text(con, places: list[tuple[str, int]]) -> dict[tuple[str, int], dict]:
    """At each (document, line): the narrative sentence printed there, or the table row (its label and printed
    values, with the unit of the table), so a finding can quote what the reader will see."""
    if not places:
        return {}
    frame = pl.DataFrame({"document_id": [p[0] for p in places], "line_no": [p[1] for p in places]},
                         schema={"document_id": pl.String, "line_no": pl.Int64}).unique()
    con.register("finding_places", frame.to_arrow())
    try:
        sentences = con.execute("""
            select n.document_id, n.line_no, arg_min(n.sentence, length(n.sentence)) as sentence
            from raw.narrative_figures n join finding_places p using (document_id, line_no)
            group by all
        """).fetchall()
        rows = con.execute("""
            select f.document_id, f.line_no, any_value(f.row_label) as label,
                   string_agg(f.raw_text, ' | ' order by f.col_index) filter (where f.raw_text <> '') as printed,
                   list(distinct f.raw_text) filter (where f.raw_text <> '') as values, any_value(f.unit) as unit
            from raw.table_facts f join finding_places p using (document_id, line_no)
            group by all
        """).fetchall()
    finally:
        con.unregister("finding_places")
    out: dict[tuple[str, int], dict] = {}
    for document_id, line_no, label, printed, values, unit in rows:
        out[(document_id, line_no)] = {"text": f"{label or ''}: {printed or ''}".strip(": "), "values": values or [],
                                       "unit": unit}
    for document_id, line_no, sentence in sentences:
        out[(document_id, line_no)] = {"text": sentence or "", "values": [], "unit": None}
    return out
