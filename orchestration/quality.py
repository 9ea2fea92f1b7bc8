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

def load_rule_inputs(con) -> dict[str, pl.DataFrame]:
    return {name: con.sql(sql).pl() for name, sql in RULE_INPUTS.items()}


def run_quality(build_path: Path, runs_dir: Path, run_id: str) -> tuple[list[Finding], Path]:
    report_dir = runs_dir / run_id
    data_docs_dir = report_dir / "data_docs"  # Great Expectations' own pages, linked from the report
    with wh.connect(build_path) as con:
        tables = load_rule_inputs(con)
        findings = run_rules(tables, data_docs_dir=data_docs_dir)
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
