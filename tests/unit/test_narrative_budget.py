"""The prose of real budgets (预算编制说明, 其他相关情况说明) read as a budget's figures, against the pages.

Every value was read from the PDF page (pdfplumber text; page and line noted). Skips when ../shared/corpus is absent.
"""

from __future__ import annotations

import pytest

from ingestion.document import extract_document
from ingestion.narrative.budget import budget_name
from tests.conftest import corpus_file

_cache: dict = {}


def figures(name: str) -> dict:
    """figure (and code) → value of a document's department figures, restatements left out."""
    if name not in _cache:
        e = extract_document(corpus_file(f"budget/{name}.pdf"))
        _cache[name] = {(f.figure, f.subject_code): f.value for f in e.narrative if not f.is_restatement}
    return _cache[name]


def test_a_budget_names_its_amounts_as_the_budgets_figures():
    assert budget_name("income_total_budget") == "income_total"
    assert budget_name("three_public_actual_total") == "three_public_budget_total"
    assert budget_name("three_public_reception") == "three_public_reception_budget"
    assert budget_name("unattributed_expense_total_budget") == "unattributed_expense_total"
    # a count and a figure that is no budgeted amount keep their names
    assert budget_name("three_public_vehicles_purchased") == "three_public_vehicles_purchased"
    assert budget_name("procurement_sme_reserved_budget") == "procurement_sme_reserved_budget"


def test_commerce_budget_statement_and_other_information():
    f = figures("putuo-commerce-commission-2025-budget-department")
    # p.7: 收入预算37,151.47万元，其中：财政拨款收入37,151.47万元，比2024年预算执行数增加24,558.18万元 …
    # 一般公共预算拨款支出预算37,151.47万元，比2024年预算增加24,491.71万元
    expected = {
        "income_total": 37151.47, "income_fiscal": 37151.47, "income_fiscal_yoy_change_vs_prior_executed": 24558.18,
        "expense_general_public_budget": 37151.47,
        "expense_general_public_budget_yoy_change_vs_prior_budget": 24491.71,
        # p.22: 三公 预算数 1.00 (接待 1.00); 机关运行经费预算 171.01; 政府采购预算 38.20 (货物 7.80, 工程 0, 服务 30.40);
        # 编报绩效目标的项目共25个，涉及项目预算资金11381.60万元
        "three_public_budget_total": 1.0, "three_public_reception_budget": 1.0,
        "three_public_outbound_travel_budget": 0.0, "org_operating_expense": 171.01, "procurement_total": 38.2,
        "procurement_goods": 7.8, "procurement_works": 0.0, "procurement_services": 30.4,
        "performance_target_projects": 25, "performance_target_projects_amount": 11381.6,
    }
    for figure, value in expected.items():
        assert f[(figure, None)] == pytest.approx(value), figure
    # no 决算 figure in a budget: the 三公 categories are 预算数
    assert ("three_public_actual_total", None) not in f and ("three_public_reception", None) not in f


@pytest.mark.parametrize(
    "code, budget, executed, pct",
    [
        # p.6 line 70: “…专项普查活动（项）”25.77万元 … 2023年当年预算执行数为60.13万元 … 比2023年预算执行数减少57.14%
        ("2010507", 25.77, 60.13, -57.14),
        # p.7 line 87: 公共法律服务 30.00; 执行数 15.00; 增加100.00%
        ("2040607", 30.00, 15.00, 100.0),
        # p.7 line 102: 机关事业单位基本养老保险缴费支出 460.85; 357.56; 增加28.89%
        ("2080505", 460.85, 357.56, 28.89),
    ],
)
def test_per_code_lines_with_last_years_execution_and_the_stated_change(code, budget, executed, pct):
    f = figures("putuo-wanli-subdistrict-2024-budget-department")
    assert f[("functional_expense", code)] == pytest.approx(budget)
    assert f[("functional_expense_prior_year_executed", code)] == pytest.approx(executed)
    assert f[("functional_expense_yoy_pct_vs_prior_executed", code)] == pytest.approx(pct)


def test_a_change_against_last_years_budget_keeps_its_sign():
    f = figures("putuo-wanli-subdistrict-2025-budget-department")
    # p.30: “三公”经费预算数为37.91万元，比2024年预算减少10万元 … 公务用车购置费15万元，比2024年预算减少10万元
    assert f[("three_public_budget_total", None)] == pytest.approx(37.91)
    assert f[("three_public_yoy_change_vs_prior_budget", None)] == pytest.approx(-10)
    assert f[("three_public_vehicle_purchase_yoy_change_vs_prior_budget", None)] == pytest.approx(-10)
    # p.6: 财政拨款收入18,976.76万元，比2024年预算增加3,355.65万元
    assert f[("income_fiscal_yoy_change_vs_prior_budget", None)] == pytest.approx(3355.65)


def test_a_code_line_with_the_word_kemu_before_its_amount():
    # 万里 2025 p.6 line 70: 1.“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”科目43.83万元
    f = figures("putuo-wanli-subdistrict-2025-budget-department")
    assert f[("functional_expense", "2010507")] == pytest.approx(43.83)
    assert f[("functional_expense", "2210201")] == pytest.approx(384.67)  # line 111: 住房公积金 科目384.67万元


def test_a_code_line_with_its_levels_joined_by_dashes():
    # 区政府办公室 p.6 line 70: 1.“一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”科目1,202.95万元;
    # line 80: 7.“社会保障和就业支出-行政事业单位养老支出-机关事业单位职业年金缴费支出”科目88.16万元
    f = figures("putuo-district-office-2025-budget-department")
    assert f[("functional_expense", "2010301")] == pytest.approx(1202.95)
    assert f[("functional_expense", "2080506")] == pytest.approx(88.16)
