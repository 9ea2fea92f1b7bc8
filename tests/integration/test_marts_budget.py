"""The six real Putuo budget PDFs through the whole pipeline (DuckDB, dbt, Great Expectations, Dagster), their marts
asserted against figures read from the pages (pdfplumber's page text; page noted), 元 converted to 万元.

Beside them, a generated 部门决算 under the name and year of one budget's office (上海市普陀区人民政府办公室, 2025): a
部门预算, a 单位预算 and a 决算 of one name and year are three documents, none superseding another.
Skips when ../shared/corpus is absent.
"""

from __future__ import annotations

import dataclasses
import os
import random
import shutil
from pathlib import Path

import duckdb
import pytest

from sample_corpus import render
from sample_corpus.gen_finance import build

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BUDGETS = ROOT.parent / "shared" / "corpus" / "budget"

COMMERCE = "putuo-commerce-commission-2025-budget-department.pdf"
COMMERCE_UNIT = "putuo-commerce-commission-2025-budget-unit.pdf"
OFFICE = "putuo-district-office-2025-budget-department.pdf"
OFFICE_UNIT = "putuo-district-office-2025-budget-unit.pdf"
WANLI_2024 = "putuo-wanli-subdistrict-2024-budget-department.pdf"
WANLI_2025 = "putuo-wanli-subdistrict-2025-budget-department.pdf"
OFFICE_NAME = "上海市普陀区人民政府办公室"
OFFICE_FINAL = "office-2025-final.txt"

if not BUDGETS.is_dir():
    pytest.skip(f"the development corpus's budget PDFs are not at {BUDGETS}", allow_module_level=True)


class Warehouse:
    def __init__(self, path: Path):
        self.path = path

    def rows(self, sql: str, params=None) -> list[dict]:
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            cur = con.execute(sql, params or [])
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]
        finally:
            con.close()

    def one(self, sql: str, params=None) -> dict:
        found = self.rows(sql, params)
        assert len(found) == 1, (sql, params, found)
        return found[0]

    def of(self, mart: str, file_name: str, where: str = "", params=None) -> dict:
        return self.one(f"select m.* from marts.{mart} m join marts.dim_document d using (document_id) "
                        f"where d.file_name = ? {where}", [file_name, *(params or [])])


@pytest.fixture(scope="module")
def wh(tmp_path_factory) -> Warehouse:
    from orchestration.runs import run_pipeline
    from orchestration.settings import load_settings

    root = tmp_path_factory.mktemp("budgets")
    inbox = root / "inbox"
    inbox.mkdir()
    for path in sorted(BUDGETS.glob("*.pdf")):
        shutil.copyfile(path, inbox / path.name)
    final = dataclasses.replace(build(random.Random(17), 0), department_name=OFFICE_NAME, fiscal_year=2025)
    (inbox / OFFICE_FINAL).write_bytes(render(final, "txt")[0])
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(root / "dagster_home")
    try:
        settings = load_settings(root / "warehouse" / "gongkai.duckdb", inbox)
        run_pipeline(settings)
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = previous
    return Warehouse(settings.warehouse)


def approx(value):
    return pytest.approx(value, abs=0.00005)


def test_department_and_unit_budgets_and_the_final_accounts_are_three_current_documents(wh):
    docs = wh.rows("select file_name, doc_kind, scope, status, is_current, superseded_by from marts.dim_document "
                   "where department_name = ? and fiscal_year = 2025 order by file_name", [OFFICE_NAME])
    assert {(d["file_name"], d["doc_kind"], d["scope"]) for d in docs} == {
        (OFFICE, "budget", "department"), (OFFICE_UNIT, "budget", "unit"), (OFFICE_FINAL, "final_accounts", "department"),
    }
    assert all(d["is_current"] and d["superseded_by"] is None and d["status"] == "loaded" for d in docs), docs
    # every budget reaches the fact marts, each as its own row
    assert wh.one("select count(*) n from marts.fct_department_finance where doc_kind = 'budget'")["n"] == 6


@pytest.mark.parametrize(
    "file_name, expected",
    [
        # p.9 收入总计/支出总计 371,514,655.00; p.13 支出预算总表 合计 19,830,655.00 | 351,684,000.00; p.20 经济分类 合计
        # 人员 18,120,593.00, 公用 1,710,062.00; p.21 机关运行经费 171.01 万元; p.22 政府采购预算38.20万元 (7.80/0/30.40)
        (COMMERCE, {"income_total": 37151.4655, "expense_total": 37151.4655, "income_grand_total": 37151.4655,
                    "income_general_public_budget": 37151.4655, "expense_basic": 1983.0655,
                    "expense_project": 35168.4, "expense_general_public_budget": 37151.4655,
                    "personnel_expense": 1812.0593, "public_expense": 171.0062, "org_operating_expense": 171.01,
                    "procurement_total": 38.2, "procurement_goods": 7.8, "procurement_works": 0,
                    "procurement_services": 30.4}),
        # p.8 收入总计 91,016,775.35; p.12 合计 24,606,775.35 | 66,410,000.00; p.19 人员 22,473,997.81, 公用 2,132,777.54
        (OFFICE, {"income_total": 9101.677535, "expense_basic": 2460.677535, "expense_project": 6641.0,
                  "personnel_expense": 2247.399781, "public_expense": 213.277754, "org_operating_expense": 213.28}),
        (OFFICE_UNIT, {"income_total": 9101.677535, "expense_basic": 2460.677535, "expense_project": 6641.0}),
        # p.10 收入总计 156,211,123; p.20 (a page of its own) 合计 99,706,020 | 56,505,103
        (WANLI_2024, {"income_total": 15621.1123, "expense_basic": 9970.602, "expense_project": 5650.5103}),
        # p.9 189,767,551; p.18 101,341,746 | 88,425,805; p.28 人员 90,514,044, 公用 10,827,702; p.29 机关运行 464.64
        (WANLI_2025, {"income_total": 18976.7551, "expense_basic": 10134.1746, "expense_project": 8842.5805,
                      "personnel_expense": 9051.4044, "public_expense": 1082.7702, "org_operating_expense": 464.64}),
    ],
)
def test_department_finance_of_budgets(wh, file_name, expected):
    f = wh.of("fct_department_finance", file_name)
    assert f["doc_kind"] == "budget"
    for column, value in expected.items():
        assert f[column] == approx(value), column
    assert f["income_total_source"] == "table"


@pytest.mark.parametrize(
    "file_name, budget",
    [
        (COMMERCE, {"budget_total": 1.0, "reception_budget": 1.0}),  # p.21, 万元
        (OFFICE, {"budget_total": 867.5, "outbound_travel_budget": 839.0, "reception_budget": 28.5}),  # p.20
        (WANLI_2025, {"budget_total": 37.91, "outbound_travel_budget": 0, "reception_budget": 1.35,  # p.29
                      "vehicle_total_budget": 36.56, "vehicle_purchase_budget": 15, "vehicle_operation_budget": 21.56}),
    ],
)
def test_three_public_budget_is_the_budget_and_no_actual(wh, file_name, budget):
    t = wh.of("fct_three_public_costs", file_name)
    for column, value in budget.items():
        assert t[column] == approx(value), column
    assert t["actual_total"] is None and t["budget_total_source"] == "table"
    assert all(t[c] is None for c in ("outbound_travel", "reception", "vehicle_total"))


def test_functional_and_economic_rows_of_a_budget(wh):
    # commerce p.13 (支出预算总表, after the page break): 208 05 06 705,443.00, all 基本支出
    row = wh.of("fct_functional_expense", COMMERCE, "and m.subject_code = ?", ["2080506"])
    assert row["total"] == approx(70.5443) and row["basic"] == approx(70.5443) and row["project"] is None
    # the 类 rows add up to the 合计 (p.12–13: 371,514,655.00)
    total = wh.one("select sum(total) s from marts.fct_functional_expense m join marts.dim_document d using "
                   "(document_id) where d.file_name = ? and subject_level = 1", [COMMERCE])["s"]
    assert total == approx(37151.4655)
    # office p.18: 302 商品和服务支出 1,932,777.54 (合计 column)
    assert wh.of("fct_basic_expense_economic", OFFICE, "and m.subject_code = ?", ["302"])["amount"] == approx(193.277754)


def test_budget_project_descriptions(wh):
    projects = {p["project_name"]: p for p in wh.rows(
        "select m.* from marts.fct_budget_projects m join marts.dim_document d using (document_id) where d.file_name = ?",
        [COMMERCE])}
    # p.23–26: 年度预算安排 "2025年度项目总预算1720.00万" …; 实施周期 2025.1.1-2025.12.31; 实施主体 上海市普陀区商务委员会
    assert {name: p["amount"] for name, p in projects.items()} == {
        "科技创新专项": 1720.0, "生命健康专项(政策资金)": 1170.0, "商业创新专项(政策资金)": 1410.0,
        "贸易高质量发展专项(政策资金)": 2921.0,
    }
    tech = projects["科技创新专项"]
    assert tech["period"] == "2025.1.1-2025.12.31" and tech["implementing_unit"] == "上海市普陀区商务委员会"
    assert tech["performance_targets"] == "详见单位的项目绩效目标表" and tech["page"] == 23
    # 万里 2024 p.33: the title names no project and the 年度预算安排 prints only quarterly 用款计划 (158.05万元 each):
    # no total is stated, so none is made up; the text says what is printed
    wanli = wh.of("fct_budget_projects", WANLI_2024)
    assert wanli["project_name"] is None and wanli["amount"] is None and wanli["amount_printed"]
    assert "第一季度用款计划158.05万元" in wanli["budget_text"]


def test_budget_against_final_accounts(wh):
    rows = wh.rows("select * from marts.budget_vs_final where department_name = ? and fiscal_year = 2025 "
                   "and item_kind = 'headline'", [OFFICE_NAME])
    line = {r["item"]: r for r in rows}
    final = wh.of("fct_department_finance", OFFICE_FINAL)
    # the 部门预算 (not the 单位预算) is the published budget: p.12 支出预算总表 合计 91,016,775.35 元
    expense = line["expense_total"]
    assert expense["budget_scope"] == "department" and expense["published_budget"] == approx(9101.677535)
    assert expense["final_total"] == approx(final["expense_total"])
    assert expense["execution_pct"] == pytest.approx(round(100 * final["expense_total"] / 9101.677535, 2))
    assert expense["final_less_budget"] == approx(final["expense_total"] - 9101.677535)
    assert line["three_public_total"]["published_budget"] == approx(867.5)
    # a code only the budget prints has no final side; commerce has no 决算 at all
    code = wh.one("select * from marts.budget_vs_final where department_name = '上海市普陀区商务委员会' "
                  "and item = '2080506'")
    assert code["published_budget"] == approx(70.5443) and code["final_total"] is None and code["execution_pct"] is None


def test_a_final_accounts_quoting_another_budget_is_reported(wh):
    # the generated 决算 states its own (invented) 年初预算; the office's published 部门预算 of 2025 prints 9,101.68 万元
    found = wh.rows("select outcome, observed, expected, file_name from quality.check_results "
                    "where rule_id = 'budget.initial_is_published'")
    failed = [f for f in found if f["outcome"] == "failed"]
    assert failed and {f["file_name"] for f in failed} == {OFFICE_FINAL}
    assert all(f["expected"] == approx(9101.677535) or f["expected"] == approx(867.5) for f in failed), failed
