"""The whole pipeline on generated documents, asserted against the generator's known figures."""

from __future__ import annotations

from pathlib import Path

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
    # our page of the run's Great Expectations results (linked from the report), which links GX's own Data Docs
    run_dir = Path(summary.report_path).parent
    data_docs = run_dir / "data_docs" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    gx_page = (run_dir / "gx_results.html").read_text(encoding="utf-8")
    assert "href='gx_results.html'" in page
    assert data_docs.exists() and "href='data_docs/gx/uncommitted/data_docs/local_site/index.html'" in gx_page
    # GX's template of config variables, which it would parse on every access to its settings, is not kept
    assert not (run_dir / "data_docs" / "gx" / "uncommitted" / "config_variables.yml").exists()
    # its styles, fonts and images are links to one copy beside the runs' folders (lib.shared_files)
    assets = [p for p in (data_docs.parent / "static").rglob("*") if p.is_file()]
    stored = {p.stat().st_ino for p in (run_dir.parent / ".shared").iterdir()}
    assert len(assets) > 10 and all(p.stat().st_ino in stored for p in assets)
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


def test_a_run_parses_dbt_once_partially_and_its_builds_skip_unit_tests(pipeline_run):
    """The run parses the project once, partially (from the parse state kept for the run's --vars, lib.dbt_manifest);
    both builds use that parse (lib.dbt_build) and leave the unit tests to the test suite."""
    from orchestration.settings import DBT_PROJECT_DIR

    build = str(pipeline_run.settings.build_path)
    run_id = Path(pipeline_run.summary.report_path).parent.name
    targets = DBT_PROJECT_DIR / "target"
    parses = [p for p in targets.glob("*parse-*/dbt.log") if build in p.read_text()]
    builds = list(targets.glob(f"models_*_quality-{run_id[:7]}-*/dbt.log"))
    assert len(parses) == 1, parses
    assert "Partial parsing enabled" in parses[0].read_text() and "Unable to do partial parsing" not in parses[0].read_text()
    assert {p.parent.name.split("-")[0] for p in builds} == {"models_before_quality", "models_after_quality"}
    for log in builds:
        text = log.read_text()
        assert "Partial parsing" not in text, log  # no parse at all: the run's parsed project was reused
        assert '"resource_type": "unit_test"' not in text, log


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


def test_cli_sql_says_what_it_left_out_and_writes_every_format(pipeline_run, capsys, tmp_path):
    import json

    import polars as pl

    from orchestration.cli import main

    warehouse = str(pipeline_run.settings.warehouse)
    total = pipeline_run.query("select count(*) from marts.fct_functional_expense")[0][0]
    assert total > 3
    query = "select document_id, subject_code, subject_name, total from marts.fct_functional_expense"
    assert main(["sql", query, "--warehouse", warehouse, "--limit", "3"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.strip().splitlines()) == 2 + 3  # header, rule, three rows
    assert f"{total - 3:,} more not shown" in captured.err
    assert main(["sql", query, "--warehouse", warehouse, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == total and {"subject_code", "subject_name"} <= set(rows[0])
    out = tmp_path / "mix.parquet"
    assert main(["sql", query, "--warehouse", warehouse, "--format", "parquet", "--output", str(out)]) == 0
    assert pl.read_parquet(out).height == total
    csv = tmp_path / "mix.csv"
    assert main(["sql", query, "--warehouse", warehouse, "--format", "csv", "--output", str(csv)]) == 0
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf") and pl.read_csv(csv).height == total
    assert main(["sql", query, "--warehouse", warehouse, "--format", "parquet"]) == 2  # parquet needs a file


def test_cli_export_writes_every_mart_with_described_columns(pipeline_run, capsys, tmp_path):
    import polars as pl

    from orchestration.cli import main

    assert main(["export", "--warehouse", str(pipeline_run.settings.warehouse), "--to", str(tmp_path)]) == 0
    marts = [r[0] for r in pipeline_run.query(
        "select table_name from information_schema.tables where table_schema = 'marts'")]
    assert "department_year_comparison" in marts and "dim_document" in marts
    for name in marts:
        rows = pipeline_run.query(f"select count(*) from marts.{name}")[0][0]
        assert pl.read_parquet(tmp_path / f"{name}.parquet").height == rows
        assert (tmp_path / f"{name}.csv").exists()
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert "## fct_department_finance" in readme
    # a column's line carries the dbt docs' bilingual description
    line = next(l for l in readme.splitlines() if l.startswith("| `income_total` |"))
    assert "本年收入合计" in line and "/" in line


def test_cli_reads_no_file_that_is_not_a_warehouse(tmp_path, capsys):
    import duckdb

    from orchestration.cli import main

    junk = tmp_path / "notes.duckdb"
    junk.write_text("not a database")
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    for path, words in ((junk, "is not a DuckDB warehouse file"), (empty, "not a gongkai warehouse"),
                        (tmp_path / "absent.duckdb", "no warehouse at")):
        for command in (["status"], ["sql", "select 1"], ["profile", "x"], ["export", "--to", str(tmp_path / "x")]):
            assert main([*command, "--warehouse", str(path)]) == 2
            err = capsys.readouterr().err
            assert words in err and "Traceback" not in err
    assert not (tmp_path / "absent.duckdb").exists()  # reading never creates a warehouse


def test_runs_and_partitions_name_their_files_and_departments(pipeline_run):
    import dagster as dg

    from orchestration.defs.ingestion import EXTRACTIONS_KEY, FILES_TAG

    instance = dg.DagsterInstance.get()
    runs = instance.get_runs(dg.RunsFilter(job_name="extract_documents_job"))
    assert runs and any(".pdf" in run.tags.get(FILES_TAG, "") for run in runs)
    document_id = pipeline_run.query("select document_id from marts.dim_document where status = 'loaded' limit 1")[0][0]
    name, department = pipeline_run.query(
        "select file_name, department_name from marts.dim_document where document_id = ?", [document_id])[0]
    records = instance.fetch_observations(
        dg.AssetRecordsFilter(asset_key=EXTRACTIONS_KEY, asset_partitions=[document_id]), limit=5).records
    metadata = records[0].event_log_entry.asset_observation.metadata if records else {}
    assert metadata["file_name"].value == name and metadata["department"].value == department


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
        pl.when(pl.col("i") % 7 == 0).then(pl.col("abs_difference") + pl.col("tolerance") + 1).otherwise("abs_difference")
        .alias("abs_difference"),
        pl.when(pl.col("i") % 7 == 0).then(False).otherwise("ok").alias("ok"),
    ).drop("i")
    predicates = {r.rule_id for r in RULES if r.expectation == "true"}
    for frame in (validation, broken):
        by_gx = validate(frame, RULES)
        by_polars = {i for i, failed in enumerate(polars_failed(frame, predicates)) if failed}
        assert by_gx == by_polars
    assert len(by_gx) >= broken.height // 7
