"""The fact marts are incremental by document: a build rebuilds the documents changed since the last recorded build
(loaded again, or checked again by the quality step because their department changed) and keeps the others' rows.
What it leaves must be what a full refresh gives, including a document that a newer version has superseded."""

from __future__ import annotations

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

FACT_MARTS = ["fct_department_finance", "fct_department_figures", "fct_functional_expense",
              "fct_basic_expense_economic", "fct_three_public_costs", "fct_project_performance",
              "fct_performance_indicators", "fct_budget_projects"]


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


@pytest.fixture()
def changed(pipeline_run, tmp_path):
    """A copy of the session's warehouse where one document is superseded by a newer version of itself and another
    is reloaded with other names, after the quality step checked their departments again."""
    warehouse = tmp_path / "incremental.duckdb"
    shutil.copyfile(pipeline_run.settings.warehouse, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        current = con.execute(
            "select document_id, department_name, fiscal_year, doc_kind, scope from marts.dim_document "
            "where is_current and doc_kind = 'final_accounts' order by document_id").fetchall()
        assert len(current) >= 3, "the session corpus has fewer than three current final accounts"
        (old, department, year, kind, scope), (newer, *_), (reloaded, *_) = current[:3]
        untouched = [d for d, *_ in current[3:]] + [d for d, in con.execute(
            "select document_id from marts.dim_document where is_current and doc_kind <> 'final_accounts'").fetchall()]
        # `newer` is loaded again as a later version of `old` (same department, year, kind and scope)
        con.execute("update raw.documents set department_name = ?, fiscal_year = ?, doc_kind = ?, scope = ?, "
                    "registered_at = now()::timestamp + interval 1 minute, extracted_at = now()::timestamp + "
                    "interval 1 minute where document_id = ?", [department, year, kind, scope, newer])
        # `reloaded` comes back from a new parser that reads its economic codes' names differently
        con.execute("update raw.table_facts set subject_name = subject_name || '（新）' where document_id = ? "
                    "and classification = 'economic' and subject_name is not null", [reloaded])
        con.execute("update raw.documents set extracted_at = now()::timestamp + interval 1 minute "
                    "where document_id = ?", [reloaded])
    run_quality(warehouse, None, "after-the-change")
    return {"warehouse": warehouse, "old": old, "newer": newer, "reloaded": reloaded, "untouched": untouched}


def test_an_incremental_build_rebuilds_the_changed_documents_and_agrees_with_a_full_refresh(changed, tmp_path):
    warehouse = changed["warehouse"]
    with duckdb.connect(str(warehouse)) as con:
        # a mark on a document nothing touched: an incremental build keeps its rows as they are
        untouched = changed["untouched"][0] if changed["untouched"] else None
        if untouched:
            marked = con.execute("update marts.fct_department_finance set department_name = 'kept as it was' "
                                 "where document_id = ? returning document_id", [untouched]).fetchall()
            assert marked
    _dbt_build(warehouse, tmp_path / "incremental")
    with duckdb.connect(str(warehouse)) as con:
        rows = dict(con.execute("select document_id, income_total from marts.fct_department_finance").fetchall())
        names = [n for n, in con.execute("select subject_name from marts.fct_basic_expense_economic "
                                         "where document_id = ?", [changed["reloaded"]]).fetchall()]
        if untouched:
            assert con.execute("select department_name from marts.fct_department_finance where document_id = ?",
                               [untouched]).fetchone()[0] == "kept as it was"
            # the mark comes off again, so that the comparison below is about the build alone
            con.execute("update marts.fct_department_finance as f set department_name = d.department_name "
                        "from marts.dim_document as d where f.document_id = d.document_id and f.document_id = ?",
                        [untouched])
    # the superseded version's rows are gone, its successor's are there, the reloaded one's are new
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
        con.execute("insert into quality.model_builds values ('models of an earlier version', now()::timestamp + "
                    "interval 1 minute, now()::timestamp + interval 1 minute, false)")
    assert needs_full_refresh(warehouse) and models_fingerprint() != "models of an earlier version"
