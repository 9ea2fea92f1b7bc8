"""A run checks what changed: the departments of the documents loaded since their last check, all of those
departments' documents, and everything again when the rules change. The findings it leaves standing for each
document (its latest check, what dbt withholds by) must be the findings a full check gives."""

from __future__ import annotations

import gc
import shutil
from collections import Counter

import duckdb
import pytest

from orchestration.lib.quality import run_quality
from orchestration.lib.report import write_report
from tests.integration.conftest import later

KEY = "rule_id, document_id, table_index, project_index, figure, page, line_no, outcome, message"


def _run_findings(con, run_id: str) -> Counter:
    return Counter(con.execute(f"select {KEY} from quality.check_results where run_id = ?", [run_id]).fetchall())


def _standing(con) -> Counter:
    """Each document's findings of the latest run that checked it: what the marts withhold by."""
    return Counter(con.execute(f"select {KEY} from staging.stg_quality__check_results").fetchall())


@pytest.fixture()
def warehouse(pipeline_run, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(pipeline_run.settings.warehouse, copy)
    return copy


def test_a_run_with_nothing_changed_checks_no_document(warehouse):
    counts = run_quality(warehouse, None, "nothing-changed")
    assert counts["documents_checked"] == 0
    assert gc.get_freeze_count() == 0  # the heap frozen while the groups ran is the collector's again
    with duckdb.connect(str(warehouse)) as con:
        assert not con.execute("select 1 from quality.check_results where run_id = 'nothing-changed' "
                               "and document_id is not null").fetchall()


def test_a_step_that_fails_gives_the_heap_back_to_the_collector(warehouse):
    def failing_verdicts(validation, rules, data_docs_dir=None):
        raise RuntimeError("validation broke")

    with pytest.raises(RuntimeError, match="validation broke"):
        run_quality(warehouse, None, "broken", verdicts=failing_verdicts, everything=True)
    assert gc.get_freeze_count() == 0


def test_a_reloaded_document_rechecks_its_department_and_leaves_the_findings_a_full_check_gives(warehouse, tmp_path):
    with duckdb.connect(str(warehouse)) as con:
        (a, department), (b, _) = con.execute(
            "select document_id, department_name from raw.documents where department_name is not null "
            "order by document_id limit 2").fetchall()
        # b becomes another document of a's department (the rules compare a department's documents with each
        # other), and only a is reloaded: b must be checked again all the same
        con.execute("update raw.documents set department_name = ? where document_id = ?", [department, b])
        con.execute("update raw.documents set extracted_at = ? where document_id = ?", [later(), a])
        department_docs = {d for d, in con.execute(
            "select document_id from staging.stg_disclosures__documents where department_name = "
            "(select department_name from staging.stg_disclosures__documents where document_id = ?)", [a]).fetchall()}
        all_docs = con.execute("select count(*) from staging.stg_disclosures__documents").fetchone()[0]
    assert {a, b} <= department_docs and len(department_docs) < all_docs
    counts = run_quality(warehouse, None, "one-reloaded")
    with duckdb.connect(str(warehouse)) as con:
        checked = {d for d, in con.execute("select distinct document_id from quality.check_results "
                                           "where run_id = 'one-reloaded' and document_id is not null").fetchall()}
        incremental = _standing(con)
    assert checked == department_docs and counts["documents_checked"] == len(department_docs)
    report = write_report(warehouse, tmp_path / "report", "one-reloaded", profiles=False)
    text = report.read_text(encoding="utf-8")
    assert f"{len(checked)} documents checked" in text and f"<b>{all_docs - len(checked)}</b> more" in text
    # what stands after checking only what changed is what checking everything gives
    run_quality(warehouse, None, "everything", everything=True)
    with duckdb.connect(str(warehouse)) as con:
        assert _standing(con) == incremental


def test_changed_rules_check_every_document_again(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        all_docs = con.execute("select count(*) from staging.stg_disclosures__documents").fetchone()[0]
        last_full = con.execute("select run_id from quality.rule_versions order by checked_at desc limit 1").fetchone()[0]
        full = _run_findings(con, last_full)
        # the rules of an earlier version of the code: their fingerprint differs from this code's
        con.execute("insert into quality.rule_versions values ('an earlier version', 'x', ?, true)", [later()])
    counts = run_quality(warehouse, None, "rules-changed")
    assert counts["documents_checked"] == all_docs
    with duckdb.connect(str(warehouse)) as con:
        assert _run_findings(con, "rules-changed") == full


def test_a_document_that_left_its_department_rechecks_the_one_it_left(warehouse):
    with duckdb.connect(str(warehouse)) as con:
        (a, department), (b, _) = con.execute(
            "select document_id, department_name from raw.documents where department_name is not null "
            "order by document_id limit 2").fetchall()
        con.execute("update raw.documents set department_name = ? where document_id = ?", [department, b])
    run_quality(warehouse, None, "together", everything=True)  # a and b checked as one department's documents
    with duckdb.connect(str(warehouse)) as con:
        # a is reloaded under another department: b was compared with it and must be checked again
        con.execute("update raw.documents set department_name = '某某市新设局', extracted_at = ? "
                    "where document_id = ?", [later(), a])
    run_quality(warehouse, None, "a-moved")
    with duckdb.connect(str(warehouse)) as con:
        checked = {d for d, in con.execute("select distinct document_id from quality.check_results "
                                           "where run_id = 'a-moved' and document_id is not null").fetchall()}
    assert {a, b} <= checked
