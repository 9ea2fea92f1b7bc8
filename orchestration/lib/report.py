"""Write a run's quality report from what the run stored: its findings (beside the previous run's), the documents as
published, the sources and evidence it links, the findings as CSV and Parquet, our page of the Great Expectations
results and a profile per department. Everything lands in the run folder and links relatively."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

import polars as pl

from expectations.report import render_report
from expectations.report.assemble import assemble
from expectations.report.gx_results import render_gx_results
from expectations.runner import data_docs_index
from orchestration.lib import duckdb_io as db
from orchestration.lib import report_data
from orchestration.lib.gx_process import build_data_docs
from orchestration.lib.profile import profile_file_name, write_profiles
from orchestration.lib.report_sources import SourceWriter
from orchestration.lib.shared_files import SHARED_DIR, link_to_shared

log = logging.getLogger(__name__)

REPORT_NAME = "quality_report.html"


def write_report(build_path: Path, report_dir: Path, run_id: str, profiles: bool = True) -> Path:
    clock = time.perf_counter()
    report_dir.mkdir(parents=True, exist_ok=True)
    with db.connect(build_path, read_only=True) as con:
        findings, outcomes = report_data.run_findings(con, run_id)
        previous, previous_failed, previous_docs = report_data.previous_run(con, run_id)
        documents = report_data.documents(con)
        checked = report_data.checked_documents(con, run_id)
        shown = documents if checked is None else [d for d in documents if d["document_id"] in checked]
        data = assemble(run_id, findings, shown, outcomes, previous, previous_failed, previous_docs)
        data.unchanged = len(documents) - len(shown)
        data.finance = report_data.finance(con)
        data.functional = report_data.functional_mix(con)
        printed = report_data.printed_text(con, [(f.document_id, f.line_no) for f in data.findings
                                                 if f.document_id and f.line_no])
        data.downloads = _downloads(con, run_id, report_dir)
        if profiles:
            # a run that checked some departments writes their profiles, not every department's again
            departments = None if checked is None else sorted({d["department_name"] for d in shown if d.get("department_name")})
            written = write_profiles(con, report_dir / "profiles", departments, back=f"../{REPORT_NAME}")
            for card in data.cards:
                name = card.document.get("department_name")
                if name in written:
                    card.profile_link = f"profiles/{profile_file_name(name)}"
    sources = SourceWriter(report_dir, REPORT_NAME)
    sources.write(data, printed)
    docs_dir = report_dir / "data_docs"
    static = data_docs_index(docs_dir).parent / "static"
    # a retried step renders again: into files of its own, never through links every run's folder shares
    shutil.rmtree(static, ignore_errors=True)
    index = build_data_docs(docs_dir)
    saved = link_to_shared(static, report_dir.parent / SHARED_DIR)
    index_link = str(index.relative_to(report_dir)) if index else ""
    (report_dir / "gx_results.html").write_text(
        render_gx_results(run_id, docs_dir, report_dir, REPORT_NAME, index_link), encoding="utf-8")
    data.gx_results = "gx_results.html"
    data.data_docs = index_link
    report = report_dir / REPORT_NAME
    report.write_text(render_report(data), encoding="utf-8")
    log.info("report %s: %d findings, %d evidence images rendered (%d reused), Data Docs' assets linked to earlier "
             "runs' copies (%.1f MB not stored again), %.1f s", report, len(data.findings), sources.evidence_rendered,
             sources.evidence_reused, saved / 1e6, time.perf_counter() - clock)
    return report


def _downloads(con, run_id: str, report_dir: Path) -> dict[str, str]:
    """The run's findings that did not pass, with file, department and year, as CSV (with a byte-order mark, so
    a spreadsheet opens the Chinese text as UTF-8) and Parquet."""
    frame: pl.DataFrame = con.sql(
        "select * exclude (passed) from quality.check_results where run_id = $1 and outcome <> 'passed' "
        "order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, file_name, rule_id, page, line_no",
        params=[run_id],
    ).pl()
    frame.write_csv(report_dir / "findings.csv", include_bom=True)
    frame.write_parquet(report_dir / "findings.parquet")
    return {f"findings.csv ({frame.height:,} rows)": "findings.csv", "findings.parquet": "findings.parquet"}
