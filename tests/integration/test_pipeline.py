"""The whole pipeline on generated documents, asserted against the generator's known figures."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow

FINANCE_FROM_TABLES = [
    "income_total", "expense_total", "income_general_public_budget", "expense_basic", "expense_project",
    "expense_general_public_budget", "personnel_expense", "public_expense",
]


def test_every_generated_document_is_loaded_and_bad_files_fail_with_a_reason(pipeline_run):
    rows = dict(pipeline_run.query("select file_name, status from marts.dim_document"))
    for name in pipeline_run.expected:
        assert rows[name] == "loaded", name
    assert rows["empty.pdf"] == "failed"
    assert rows["truncated.pdf"] == "failed"
    reasons = dict(pipeline_run.query("select file_name, status_reason from marts.dim_document where status = 'failed'"))
    assert "empty" in reasons["empty.pdf"]
    assert "truncated.pdf" in reasons["truncated.pdf"]


def test_document_identity_matches_the_generator(pipeline_run):
    for name, exp in pipeline_run.expected.items():
        department, year, kind = pipeline_run.query(
            "select department_name, fiscal_year, doc_kind from marts.dim_document where file_name = ?", [name]
        )[0]
        assert department == exp["department_name"], name
        assert year == exp["fiscal_year"], name
        assert kind == "final_accounts"


def test_department_finance_figures(pipeline_run):
    for name, exp in pipeline_run.expected.items():
        document_id = pipeline_run.document_id(name)
        columns = ", ".join(FINANCE_FROM_TABLES)
        row = pipeline_run.query(f"select {columns} from marts.fct_department_finance where document_id = ?", [document_id])[0]
        for column, value in zip(FINANCE_FROM_TABLES, row):
            assert value == pytest.approx(exp["finance"][column], abs=0.005), f"{name} {column}"


def test_functional_expense_rows(pipeline_run):
    for name, exp in pipeline_run.expected.items():
        document_id = pipeline_run.document_id(name)
        got = {
            code: (total, basic, project)
            for code, total, basic, project in pipeline_run.query(
                "select subject_code, total, basic, project from marts.fct_functional_expense where document_id = ? and source = 'table'",
                [document_id],
            )
        }
        for row in exp["functional_expense"]:
            total, basic, project = got[row["subject_code"]]
            assert total == pytest.approx(row["total"], abs=0.005), f"{name} {row['subject_code']}"
            assert (basic or 0) == pytest.approx(row["basic"] or 0, abs=0.005)
            assert (project or 0) == pytest.approx(row["project"] or 0, abs=0.005)


def test_basic_expense_economic_rows(pipeline_run):
    for name, exp in pipeline_run.expected.items():
        document_id = pipeline_run.document_id(name)
        got = dict(pipeline_run.query(
            "select subject_code, amount from marts.fct_basic_expense_economic where document_id = ?", [document_id]
        ))
        for row in exp["basic_expense_economic"]:
            assert got[row["subject_code"]] == pytest.approx(row["amount"], abs=0.005), f"{name} {row['subject_code']}"


def test_three_public_costs(pipeline_run):
    columns = ["budget_total", "actual_total", "outbound_travel", "vehicle_purchase", "vehicle_operation", "reception"]
    for name, exp in pipeline_run.expected.items():
        tp = exp["three_public"]
        if not tp.get("actual_total"):
            continue
        document_id = pipeline_run.document_id(name)
        row = pipeline_run.query(
            f"select {', '.join(columns)} from marts.fct_three_public_costs where document_id = ?", [document_id]
        )[0]
        for column, value in zip(columns, row):
            assert (value or 0) == pytest.approx(tp[column] or 0, abs=0.005), f"{name} {column}"


def test_quality_results_stored_and_report_written(pipeline_run):
    summary = pipeline_run.summary
    assert summary.report_path and summary.report_path.endswith("quality_report.html")
    from pathlib import Path

    page = Path(summary.report_path).read_text(encoding="utf-8")
    assert "质量报告" in page
    # Great Expectations' own Data Docs of the same run, linked from the report
    data_docs = Path(summary.report_path).parent / "data_docs" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert data_docs.exists() and data_docs.resolve().as_uri() in page
    outcomes = dict(pipeline_run.query("select outcome, count(*) from quality.check_results group by all"))
    assert outcomes.get("passed", 0) > 0
    # the generated documents are internally consistent: no document-inconsistency rule fires on them
    fired = pipeline_run.query(
        """select r.rule_id, d.file_name, r.message from quality.check_results r join marts.dim_document d using (document_id)
           where r.outcome = 'failed' and d.status = 'loaded'"""
    )
    assert fired == []
    errors = pipeline_run.query(
        "select count(*) from quality.check_results where outcome = 'failed' and severity = 'error' and message like 'failed%'"
    )[0][0]
    assert errors == 2  # the empty and the truncated file
    # every rule could read what it needs: "could not check" is for a document lacking the table, never a missing input
    unloaded = pipeline_run.query(
        "select distinct rule_id from quality.check_results where outcome = 'could_not_check' and message like '%inputs not loaded%'"
    )
    assert unloaded == []


def test_a_second_run_with_nothing_new_does_no_work(pipeline_run):
    from orchestration.runs import run_pipeline

    again = run_pipeline(pipeline_run.settings)
    assert again.nothing_to_do
    assert again.documents_extracted == 0
    assert again.mart_rows == pipeline_run.summary.mart_rows


def test_definitions_load_with_assets_checks_sensor_and_schedule():
    from orchestration.definitions import defs

    repo = defs.get_repository_def()
    keys = {key.to_user_string() for key in repo.asset_graph.get_all_asset_keys()}
    assert {"disclosures/table_facts", "marts/fct_department_finance", "quality/check_results", "warehouse/published"} <= keys
    assert repo.get_sensor_def("inbox_sensor")
    assert repo.get_schedule_def("warehouse_job_schedule")
    checks = {key.name for key in repo.asset_graph.asset_check_keys}
    assert "gx_table__grand_totals_balance" in checks


def test_cli_status_and_sql(pipeline_run, capsys):
    from orchestration.cli import main

    warehouse = str(pipeline_run.settings.warehouse)
    assert main(["status", "--warehouse", warehouse]) == 0
    out = capsys.readouterr().out
    assert "loaded" in out and "failed" in out
    assert main(["sql", "select count(*) as n from marts.dim_document", "--warehouse", warehouse]) == 0
    assert capsys.readouterr().out.split()[-1] == "5"


def test_rules_run_by_groups_of_documents_find_what_one_pass_finds(pipeline_run, tmp_path):
    """Grouping bounds memory; it must not change a single finding (a department's years stay together)."""
    import shutil
    from collections import Counter

    import duckdb

    from expectations.findings import as_findings
    from expectations.runner import run_rules as run_frame
    from orchestration.lib.quality import document_groups, load_rule_inputs

    def run_rules(tables):
        return as_findings(run_frame(tables))

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(pipeline_run.settings.warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        whole = run_rules(load_rule_inputs(con))
        groups = document_groups(con, size=2)
        assert len(groups) > 1 and sorted(d for g in groups for d in g) == sorted(
            r[0] for r in con.execute("select document_id from staging.stg_disclosures__documents").fetchall())
        grouped = [f for ids in groups for f in run_rules(load_rule_inputs(con, ids))]
    finally:
        con.close()
    assert any(f.outcome == "passed" for f in whole)
    assert Counter(grouped) == Counter(whole)


def test_great_expectations_verdicts_are_the_plain_polars_verdicts(pipeline_run, tmp_path):
    """The checkpoint's verdicts are computed by Great Expectations, row by row; they must be exactly the verdicts
    the same comparisons give in plain polars (expectations/verdicts.py), on the same validation frame."""
    import shutil

    import duckdb

    from expectations.rules import RULES
    from expectations.runner import prepare_checks, validate
    from expectations.verdicts import polars_failed
    from orchestration.lib.quality import load_rule_inputs

    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(pipeline_run.settings.warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        validation, _ = prepare_checks(load_rule_inputs(con), RULES)
    finally:
        con.close()
    assert validation.height > 100 and validation["rule_id"].n_unique() > 20  # most rules had rows to check
    # break every 7th row (a comparison off by 1, a predicate that does not hold), so that both sides must find them
    import polars as pl

    broken = validation.with_row_index("i").with_columns(
        pl.when(pl.col("i") % 7 == 0).then(pl.col("abs_difference") + 1).otherwise("abs_difference").alias("abs_difference"),
        pl.when(pl.col("i") % 7 == 0).then(False).otherwise("ok").alias("ok"),
    ).drop("i")
    predicates = {r.rule_id for r in RULES if r.expectation == "true"}
    for frame in (validation, broken):
        by_gx = validate(frame, RULES)
        by_polars = {i for i, failed in enumerate(polars_failed(frame, predicates)) if failed}
        assert by_gx == by_polars
    assert len(by_gx) >= broken.height // 7
