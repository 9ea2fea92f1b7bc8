"""Write a run's HTML quality report from what the run stored: its findings and the documents as published."""

from __future__ import annotations

from pathlib import Path

from expectations.findings import as_findings
from expectations.report import render_report
from expectations.runner import build_data_docs
from orchestration.lib import duckdb_io as db


def write_report(build_path: Path, report_dir: Path, run_id: str) -> Path:
    with db.connect(build_path) as con:
        findings = con.sql(
            "select rule_id, severity, document_id, table_name, table_index, project_index, figure, page, line_no,"
            " observed, expected, difference, outcome, message from quality.check_results where run_id = $1",
            params=[run_id],
        ).pl()
        documents = con.sql("select * from marts.dim_document").pl().to_dicts()
    report_dir.mkdir(parents=True, exist_ok=True)
    report = report_dir / "quality_report.html"
    docs = build_data_docs(report_dir / "data_docs")
    report.write_text(render_report(run_id, as_findings(findings), documents, docs), encoding="utf-8")
    return report
