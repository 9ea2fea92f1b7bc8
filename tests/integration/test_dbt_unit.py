"""The dbt project on its own: it builds from an empty raw schema, its unit tests pass, and every mart analysts
read has an enforced contract with a data type for every column."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.lib import duckdb_io as wh

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT = ROOT / "dbt_project"

# the non-trivial SQL each unit test covers (model, unit test)
EXPECTED_UNIT_TESTS = [*{
    "int_department_figures_reconciled": "reconciliation_prefers_the_table_and_falls_back_to_the_narrative",
    "int_table_figures_matched": "figures_are_read_where_the_template_prints_them",
    "int_documents_ranked": "a_corrected_document_supersedes_the_older_version",
    "int_parts_withheld": "an_error_finding_withholds_the_part_it_names",
    "int_document_regions_matched": "jurisdiction_is_recognised_from_the_department_name",
    "fct_functional_expense": "functional_expense_keeps_table_and_narrative_figures_apart",
    "project_performance_flags": "project_flags_mark_high_scores_with_low_execution",
    "department_year_comparison": "department_year_comparison_computes_change_only_across_consecutive_years",
    "stg_disclosures__projects": "project_rates_printed_as_ratios_become_percentages",
}.items(), ("department_year_comparison", "department_year_comparison_takes_the_prior_year_the_narrative_implies")]


def _dbt(*args: str, warehouse: Path, target_path: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    dbt = Path(sys.executable).parent / "dbt"
    env = os.environ | {"GONGKAI_DBT_PATH": str(warehouse)} | (env or {})  # a plain `dbt build`, as a developer runs it
    return subprocess.run(
        [str(dbt), *args, "--profiles-dir", str(DBT_PROJECT), "--project-dir", str(DBT_PROJECT),
         "--target-path", str(target_path), "--log-path", str(target_path / "logs")],
        cwd=DBT_PROJECT, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="module")
def empty_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("dbt_unit")
    warehouse = root / "empty.duckdb"
    wh.prepare_build(root / "published.duckdb", warehouse)  # the raw schema, no documents
    target = root / "target"
    result = _dbt("build", warehouse=warehouse, target_path=target)
    results = json.loads((target / "run_results.json").read_text()) if (target / "run_results.json").exists() else None
    manifest = json.loads((target / "manifest.json").read_text()) if (target / "manifest.json").exists() else None
    return result, results, manifest, warehouse


def test_the_project_builds_from_an_empty_raw_schema(empty_build):
    result, results, _, _ = empty_build
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    failed = [r["unique_id"] for r in results["results"] if r["status"] not in ("success", "pass")]
    assert not failed


def test_unit_tests_run_and_pass(empty_build):
    _, results, _, _ = empty_build
    unit = {r["unique_id"]: r["status"] for r in results["results"] if r["unique_id"].startswith("unit_test.")}
    for model, name in EXPECTED_UNIT_TESTS:
        assert unit.get(f"unit_test.gongkai.{model}.{name}") == "pass", (model, name, unit)


def test_every_mart_has_an_enforced_contract(empty_build):
    _, _, manifest, _ = empty_build
    marts = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["schema"] == "marts"]
    assert {m["name"] for m in marts} >= {
        "dim_document", "fct_department_finance", "fct_functional_expense", "fct_basic_expense_economic",
        "fct_three_public_costs", "fct_project_performance", "fct_performance_indicators",
        "department_year_comparison", "three_public_trend", "project_score_distribution", "project_performance_flags",
    }
    for mart in marts:
        assert mart["config"]["contract"]["enforced"], mart["name"]
        for column in mart["columns"].values():
            assert column.get("data_type"), (mart["name"], column["name"])
            assert column.get("description"), (mart["name"], column["name"])


def test_column_rules_name_each_broken_row_and_pass_the_good_ones(empty_build, tmp_path):
    import shutil

    import duckdb

    result, _, _, built = empty_build
    assert result.returncode == 0
    warehouse = tmp_path / "broken.duckdb"
    shutil.copyfile(built, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        # the seed's own rows pass (the build above); three broken ones: an unknown level, a missing short name,
        # a region listed twice
        con.execute("insert into seeds.regions (region_name, short_name, region_level, province, city) "
                    "select region_name, short_name, 'planet', province, city from seeds.regions "
                    "where region_level = 'province' limit 1")
        con.execute("insert into seeds.regions (region_name, short_name, region_level, province, city) "
                    "values ('测试县', null, 'county', '测试省', '测试市')")
    target = tmp_path / "target"
    run = _dbt("test", "--select", "regions", warehouse=warehouse, target_path=target)
    assert run.returncode != 0
    results = {r["unique_id"].split(".")[2]: r for r in json.loads((target / "run_results.json").read_text())["results"]}
    rules = results["column_rules_regions"]
    assert rules["status"] == "fail" and rules["failures"] == 3, rules
    with duckdb.connect(str(warehouse), read_only=True) as con:
        failures = sorted(r[0] for r in con.execute(rules["compiled_code"]).fetchall())
    assert failures[0].startswith("duplicate region_name || ") and failures[0].endswith("(2 rows)"), failures
    assert "region_level = planet is not one of province, city, county" in failures[1], failures
    assert failures[2] == "short_name is null", failures


@pytest.mark.parametrize("setting, run_var, limit", [
    (None, None, "512MB"), ("", None, "512MB"), ("3GB", None, "3GB"), ("3GB", "1GB", "1GB"),
])
def test_a_build_bounds_duckdb_memory(empty_build, tmp_path, monkeypatch, setting, run_var, limit):
    """DuckDB's memory in a build is bounded (what gongkai's runs pass as a var; a plain build reads
    GONGKAI_DBT_MEMORY_LIMIT, else 512MB), so a larger warehouse spills rather than growing the build's peak."""
    _, _, _, warehouse = empty_build
    monkeypatch.delenv("GONGKAI_DBT_MEMORY_LIMIT", raising=False)
    shown = _dbt("show", "--inline", "select current_setting('memory_limit') as memory_limit", "--quiet", "--output",
                 "json", *(["--vars", json.dumps({"memory_limit": run_var})] if run_var else []),
                 warehouse=warehouse, target_path=tmp_path / "target",
                 env={"GONGKAI_DBT_MEMORY_LIMIT": setting} if setting is not None else None)
    assert shown.returncode == 0, shown.stdout[-2000:] + shown.stderr[-2000:]
    expected = duckdb.connect().execute(f"set memory_limit = '{limit}'; "
                                        "select current_setting('memory_limit')").fetchone()[0]
    assert json.loads(shown.stdout)["show"] == [{"memory_limit": expected}]
