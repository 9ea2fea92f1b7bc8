"""Load the tables the rules read, run them, store the results and write the run's report."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import polars as pl

from expectations.findings import Finding
from expectations.inputs import RULE_INPUTS
from expectations.report import render_report
from expectations.runner import data_docs_index, run_rules
from orchestration import warehouse as wh

# The rules run on groups of about this many documents, so that their inputs and validation frames stay
# bounded however many documents the warehouse holds (each further group costs about 3 s of Great
# Expectations overhead). A department's documents always share a group: some rules compare a document
# with the department's other years.
GROUP_DOCUMENTS = 1000


def document_groups(con, size: int = GROUP_DOCUMENTS) -> list[list[str]]:
    rows = con.execute(
        "select document_id, coalesce(department_name, '') from marts.dim_document order by 2, 1"
    ).fetchall()
    groups: list[list[str]] = []
    current: list[str] = []
    previous = None
    for document_id, department in rows:
        if len(current) >= size and department != previous:
            groups.append(current)
            current = []
        current.append(document_id)
        previous = department
    if current:
        groups.append(current)
    return groups


def load_rule_inputs(con, document_ids: list[str] | None = None) -> dict[str, pl.DataFrame]:
    """The rules' inputs; with `document_ids`, only those documents' rows (lookups stay whole)."""
    if document_ids is None:
        return {name: con.sql(sql).pl() for name, sql in RULE_INPUTS.items()}
    con.execute("create or replace temp table rule_group as select unnest(?::varchar[]) as document_id", [document_ids])
    tables = {}
    for name, sql in RULE_INPUTS.items():
        if "document_id" in con.sql(sql).columns:
            sql = f"select * from ({sql}) where document_id in (select document_id from rule_group)"
        tables[name] = con.sql(sql).pl()
    return tables


def run_quality(build_path: Path, runs_dir: Path, run_id: str) -> tuple[list[Finding], Path]:
    report_dir = runs_dir / run_id
    data_docs_dir = report_dir / "data_docs"  # Great Expectations' own pages, linked from the report
    with wh.connect(build_path) as con:
        groups = document_groups(con) or [[]]
        findings: list[Finding] = []
        for i, document_ids in enumerate(groups):
            found = run_rules(load_rule_inputs(con, document_ids), data_docs_dir=data_docs_dir,
                              build_data_docs=i == len(groups) - 1)
            # a rule that cannot run at all says so once, not once per group
            findings += [f for f in found if f.document_id is not None or i == 0]
        checked_at = wh.now()
        frame = _findings_frame(findings) if findings else None
        con.execute("delete from quality.check_results where run_id = ?", [run_id])
        if frame is not None:
            frame = frame.with_columns(pl.lit(run_id).alias("run_id"), pl.lit(checked_at).alias("checked_at"))
            con.register("incoming", frame.to_arrow())
            con.execute(
                """insert into quality.check_results (run_id, rule_id, severity, document_id, table_name, page,
                   line_no, observed, expected, difference, passed, outcome, message, checked_at)
                   select run_id, rule_id, severity, document_id, table_name, page, line_no, observed, expected,
                   difference, passed, outcome, message, checked_at from incoming"""
            )
            con.unregister("incoming")
        wh.withhold_blocked_documents(con, run_id)
        documents = con.sql("select * from marts.dim_document").pl().to_dicts()
    report_dir.mkdir(parents=True, exist_ok=True)
    report = report_dir / "quality_report.html"
    data_docs = data_docs_index(data_docs_dir)
    report.write_text(
        render_report(run_id, findings, documents, data_docs if data_docs.exists() else None), encoding="utf-8"
    )
    return findings, report


_FINDING_SCHEMA = {
    "rule_id": pl.String, "severity": pl.String, "document_id": pl.String, "table_name": pl.String,
    "page": pl.Int64, "line_no": pl.Int64, "observed": pl.Float64, "expected": pl.Float64,
    "difference": pl.Float64, "outcome": pl.String, "message": pl.String,
}


def _findings_frame(findings: list[Finding]) -> pl.DataFrame:
    """Column by column: a dict per finding costs more memory than the findings themselves at 1,000s of documents."""
    frame = pl.DataFrame(
        {name: [getattr(f, name) for f in findings] for name in _FINDING_SCHEMA}, schema=_FINDING_SCHEMA
    )
    return frame.with_columns((pl.col("outcome") == "passed").alias("passed"))


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings if f.outcome == "failed")
    return {"error": counts["error"], "warning": counts["warning"], "info": counts["info"]}
