"""The fact marts are incremental by document when gongkai builds them: a build rebuilds the documents changed since
the last recorded build (loaded again, checked again by the quality step, or in the department of such a document)
and keeps the others' rows. What it leaves must be what a full refresh gives, including a document that a newer
version has superseded, whether or not the quality step ran in between."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.fingerprints import models_fingerprint
from orchestration.lib.model_builds import needs_full_refresh
from orchestration.lib.quality import run_quality
from orchestration.settings import DBT_PROJECT_DIR
from tests.integration.conftest import later

FACT_MARTS = ["fct_department_finance", "fct_department_figures", "fct_functional_expense",
              "fct_basic_expense_economic", "fct_three_public_costs", "fct_project_performance",
              "fct_performance_indicators", "fct_budget_projects"]


# what gongkai's builds pass (orchestration/defs/transform.py); a plain `dbt build` rebuilds every document
INCREMENTAL = ("--vars", json.dumps({"incremental_by_document": True}))


def _dbt_build(warehouse: Path, work: Path, *extra: str) -> None:
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), "build", "--select", "source:quality+", "--exclude-resource-type", "unit_test", *extra,
         "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=DBT_PROJECT_DIR, env=os.environ | {"GONGKAI_DBT_PATH": str(warehouse)}, capture_output=True, text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def _marts(warehouse: Path) -> dict[str, list]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {m: sorted(con.execute(f"select * from marts.{m}").fetchall(), key=repr) for m in FACT_MARTS}


@pytest.fixture(params=["checked", "not checked"])
def changed(pipeline_run, tmp_path, request):
    """A copy of the session's warehouse where one document comes back, read by a new parser, as a newer version of
    another (which it supersedes); the quality step then checks their department again, or (a selection in the
    Dagster UI) does not run before the marts are built. A third document, of another department, is untouched."""
    warehouse = tmp_path / "incremental.duckdb"
    shutil.copyfile(pipeline_run.settings.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        current = con.execute(
            "select document_id, department_name, fiscal_year, doc_kind, scope from marts.dim_document "
            "where is_current and doc_kind = 'final_accounts' order by document_id").fetchall()
        assert len(current) >= 3, "the session corpus has fewer than three current final accounts"
        (old, department, year, kind, scope), (newer, *_), (untouched, other_department, *_) = current[:3]
        assert other_department != department
        # `newer` is loaded again as a later version of `old` (same department, year, kind and scope), from a
        # parser that reads its economic codes' names differently
        con.execute("update raw.documents set department_name = ?, fiscal_year = ?, doc_kind = ?, scope = ?, "
                    "registered_at = ?, extracted_at = ? where document_id = ?",
                    [department, year, kind, scope, later(), later(), newer])
        con.execute("update raw.table_facts set subject_name = subject_name || '（新）' where document_id = ? "
                    "and classification = 'economic' and subject_name is not null", [newer])
    if request.param == "checked":
        run_quality(warehouse, None, "after-the-change")
    return {"warehouse": warehouse, "old": old, "newer": newer, "untouched": untouched}


def test_an_incremental_build_rebuilds_the_changed_documents_and_agrees_with_a_full_refresh(changed, tmp_path):
    warehouse, untouched = changed["warehouse"], changed["untouched"]
    with duckdb.connect(str(warehouse)) as con:
        # a mark on the untouched document's row: an incremental build keeps it as it is
        assert con.execute("update marts.fct_department_finance set department_name = 'kept as it was' "
                           "where document_id = ? returning document_id", [untouched]).fetchall()
    _dbt_build(warehouse, tmp_path / "incremental", *INCREMENTAL)
    with duckdb.connect(str(warehouse)) as con:
        rows = dict(con.execute("select document_id, department_name from marts.fct_department_finance").fetchall())
        names = [n for n, in con.execute("select subject_name from marts.fct_basic_expense_economic "
                                         "where document_id = ?", [changed["newer"]]).fetchall()]
        # the mark comes off again, so that the comparison below is about the build alone
        con.execute("update marts.fct_department_finance as f set department_name = d.department_name "
                    "from marts.dim_document as d where f.document_id = d.document_id and f.document_id = ?",
                    [untouched])
    assert rows[untouched] == "kept as it was"
    # the superseded version's rows are gone; its successor's are there, as the new parser read them
    assert changed["old"] not in rows and changed["newer"] in rows
    assert names and all(name.endswith("（新）") for name in names)
    full = tmp_path / "full.duckdb"
    shutil.copyfile(warehouse, full)
    _dbt_build(full, tmp_path / "full", "--full-refresh")
    assert _marts(warehouse) == _marts(full)


def test_changed_models_ask_for_a_full_refresh(pipeline_run, tmp_path):
    warehouse = tmp_path / "copy.duckdb"
    shutil.copyfile(pipeline_run.settings.warehouse, warehouse)
    # the session's run recorded its build under this code's models
    assert not needs_full_refresh(warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into quality.model_builds values ('models of an earlier version', ?, ?, false)",
                    [later(), later()])
    assert needs_full_refresh(warehouse) and models_fingerprint() != "models of an earlier version"
