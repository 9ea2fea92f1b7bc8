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
    """The run before this one that stored findings: its id, its failed findings' keys, the documents it checked."""
    row = con.execute(
        "select run_id from quality.check_results where run_id <> ? group by run_id order by max(checked_at) desc limit 1",
        [run_id],
    ).fetchall()
    if not row:
        return None, set(), set()
    previous = row[0][0]
    failed = con.execute(
        "select rule_id, document_id, table_index, project_index, figure, page, line_no from quality.check_results "
        "where run_id = ? and outcome = 'failed'", [previous]
    ).fetchall()
    documents = con.execute(
        "select distinct document_id from quality.check_results where run_id = ? and document_id is not null", [previous]
    ).fetchall()
    return previous, {tuple(r) for r in failed}, {d for (d,) in documents}


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
