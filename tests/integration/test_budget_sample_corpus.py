"""The sample corpus with its 部门预算 beside each 决算, through the real pipeline (DuckDB, dbt, Great Expectations,
Dagster): budget_vs_final holds both sides for every generated department, and the clean corpus raises no budget.*
finding (the 年初预算 each 决算 states is its published budget's amount).
"""

from __future__ import annotations

import json

import duckdb
import pytest

from sample_corpus import generate_corpus
from tests.integration.conftest import run_pipeline_on

pytestmark = pytest.mark.slow

N = 3


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("budget_corpus")
    docs = generate_corpus(root / "inbox", root / "expected", n=N, seed=20240601, formats=("pdf", "docx", "txt"),
                           budgets=N)
    expected = {d.path.name: json.loads(d.expected_path.read_text(encoding="utf-8")) for d in docs}
    settings = run_pipeline_on(root, root / "inbox")
    return settings.warehouse, expected


def rows(warehouse, sql: str, params=None) -> list[dict]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        cur = con.execute(sql, params or [])
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]
    finally:
        con.close()


def test_budgets_and_final_accounts_are_loaded_side_by_side(run):
    warehouse, expected = run
    docs = rows(warehouse, "select file_name, doc_kind, scope, department_name, fiscal_year, status, is_current "
                           "from marts.dim_document")
    assert len(docs) == 2 * N
    for d in docs:
        want = expected[d["file_name"]]
        assert (d["doc_kind"], d["department_name"], d["fiscal_year"]) == (want["doc_kind"], want["department_name"],
                                                                           want["fiscal_year"])
        assert d["status"] == "loaded" and d["is_current"], d
    assert sorted(d["doc_kind"] for d in docs) == ["budget"] * N + ["final_accounts"] * N


def test_budget_finance_figures_match_the_generator(run):
    warehouse, expected = run
    got = rows(warehouse, "select d.file_name, f.* from marts.fct_department_finance f join marts.dim_document d "
                          "using (document_id) where d.doc_kind = 'budget'")
    assert len(got) == N
    for row in got:
        want = expected[row["file_name"]]["finance"]
        for column in ("income_total", "expense_total", "expense_basic", "expense_project", "income_general_public_budget",
                       "expense_general_public_budget", "personnel_expense", "public_expense", "org_operating_expense"):
            assert row[column] == pytest.approx(want[column], abs=0.005), (row["file_name"], column)


def test_budget_vs_final_has_both_sides_for_every_generated_department(run):
    warehouse, expected = run
    finals = {(e["department_name"], e["fiscal_year"]): e for e in expected.values() if e["doc_kind"] == "final_accounts"}
    budgets = {(e["department_name"], e["fiscal_year"]): e for e in expected.values() if e["doc_kind"] == "budget"}
    view = rows(warehouse, "select * from marts.budget_vs_final")
    assert {(r["department_name"], r["fiscal_year"]) for r in view} == set(finals)
    for key, budget in budgets.items():
        mine = [r for r in view if (r["department_name"], r["fiscal_year"]) == key]
        assert all(r["budget_document_id"] and r["final_document_id"] for r in mine), key
        head = {r["item"]: r for r in mine if r["item_kind"] == "headline"}
        assert head["expense_total"]["published_budget"] == pytest.approx(budget["finance"]["expense_total"])
        assert head["expense_total"]["final_total"] == pytest.approx(finals[key]["finance"]["expense_total"])
        gpb = head["expense_general_public_budget"]
        assert gpb["published_budget"] == pytest.approx(budget["finance"]["expense_general_public_budget"])
        if gpb["final_budget_initial"] is not None:  # where the 决算's prose states its 年初预算
            assert gpb["stated_initial_less_published"] == pytest.approx(0, abs=0.005)
        assert head["three_public_total"]["published_budget"] == pytest.approx(budget["three_public"]["budget_total"])
        codes = {r["item"]: r for r in mine if r["item_kind"] == "functional"}
        for row in budget["functional_expense"]:
            line = codes[row["subject_code"]]
            assert line["published_budget"] == pytest.approx(row["total"]), row["subject_code"]
        final_codes = {r["subject_code"] for r in finals[key]["functional_expense"]}
        both = [c for c, r in codes.items() if r["published_budget"] is not None and r["final_total"] is not None]
        assert set(both) == final_codes & set(codes) and both, key
    # the 决算 states its 年初预算 for at least one department, so the comparison is made
    assert any(r["item"] == "expense_general_public_budget" and r["final_budget_initial"] is not None for r in view)


def test_the_clean_corpus_raises_no_budget_finding(run):
    warehouse, _ = run
    results = rows(warehouse, "select rule_id, outcome, message from quality.check_results where rule_id like 'budget.%'")
    assert results and all(r["outcome"] == "passed" for r in results), results
    failed = rows(warehouse, "select rule_id, severity, message from quality.check_results "
                             "where outcome = 'failed' and severity in ('error', 'warning')")
    assert failed == [], failed
