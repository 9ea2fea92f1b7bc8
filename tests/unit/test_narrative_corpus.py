"""Narrative figures read from real documents of the development corpus, checked against figures read by eye."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.narrative import extract_narrative, reconstruct_sentences
from ingestion.records import Block, NarrativeFigure
from tests.unit.narrative_helpers import first, value, values

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"development corpus not found at {CORPUS} (../shared/corpus from the repository root)",
)


# --------------------------------------------------------------------------------------------
# real documents (figures read by eye)
# --------------------------------------------------------------------------------------------


def _extract(relative: str) -> list[NarrativeFigure]:
    """Read as the pipeline reads: with the department and year the document states for itself."""
    from ingestion.identity import detect_department, detect_fiscal_year
    from ingestion.readers import read_document

    blocks = read_document(CORPUS / relative).blocks
    return extract_narrative(blocks, detect_department(blocks), detect_fiscal_year(blocks))


@pytest.fixture(scope="module")
def leshan() -> list[NarrativeFigure]:
    return _extract("texts/leshan-data-bureau-2024-final.txt")


@pytest.fixture(scope="module")
def luzhou_blocks() -> list[Block]:
    from ingestion.readers import read_document

    return read_document(CORPUS / "texts/luzhou-economy-it-bureau-2023-final.txt").blocks


@pytest.fixture(scope="module")
def luzhou(luzhou_blocks) -> list[NarrativeFigure]:
    from ingestion.identity import detect_department, detect_fiscal_year

    return extract_narrative(luzhou_blocks, detect_department(luzhou_blocks), detect_fiscal_year(luzhou_blocks))


@pytest.fixture(scope="module")
def jincheng() -> list[NarrativeFigure]:
    return _extract("texts/jincheng-big-data-bureau-2023-final.txt")


@pytest.fixture(scope="module")
def junshan() -> list[NarrativeFigure]:
    return _extract("texts/junshan-data-bureau-2024-performance.txt")


@pytest.fixture(scope="module")
def putuo_finance() -> list[NarrativeFigure]:
    return _extract("pdf/putuo-finance-bureau-2024-final.pdf")


@pytest.fixture(scope="module")
def putuo_social() -> list[NarrativeFigure]:
    return _extract("pdf/putuo-social-work-dept-2024-final.pdf")


def check(figures: list[NarrativeFigure], expected: dict) -> None:
    problems = []
    for key, want in expected.items():
        name, code = key if isinstance(key, tuple) else (key, None)
        try:
            got = value(figures, name, code)
        except AssertionError as exc:
            problems.append(str(exc).split(";")[0])
            continue
        if got != pytest.approx(want):
            problems.append(f"{name} {code or ''}: {got} != {want}")
    assert not problems, problems


@needs_corpus
def test_leshan(leshan):
    check(
        leshan,
        {
            "income_total": 2098.1,  # printed so, although 收入总计 is 2098.43
            "income_grand_total": 2098.43,
            "expense_grand_total": 2098.43,
            "expense_total": 2098.43,
            "income_general_public_budget": 1636.45,
            "income_general_public_budget_share_pct": 78,
            "income_government_fund": 461.64,
            "income_government_fund_share_pct": 22,
            "expense_basic": 458.66,
            "expense_basic_share_pct": 21.86,
            "expense_project": 1639.77,
            "expense_project_share_pct": 78.14,
            "fiscal_income_expense_total": 2098.43,
            "expense_general_public_budget": 1636.78,
            "expense_general_public_budget_share_pct": 78,
            "expense_general_public_budget_completion_pct": 100,
            ("general_public_budget_class_expense", "201"): 1082.99,
            ("general_public_budget_class_expense_share_pct", "201"): 66.17,
            ("general_public_budget_class_expense", "215"): 449.91,
            ("functional_expense", "2010301"): 175.65,
            ("functional_expense_completion_pct", "2010301"): 100,
            ("functional_expense", "2080505"): 37.4,
            ("functional_expense", "2101101"): 5.29,
            ("functional_expense", "2210201"): 32.26,
            "personnel_expense": 367.44,
            "public_expense": 91.22,
            "three_public_actual_total": 14.09,
            "three_public_completion_pct": 100,
            "three_public_outbound_travel": 0,
            "three_public_vehicle_total": 14.09,
            "three_public_vehicle_total_share_pct": 100,
            "three_public_vehicle_purchase": 0,
            "three_public_vehicle_operation": 14.09,
            "three_public_reception": 0,
            "three_public_outbound_groups": 0,
            "three_public_vehicles_owned": 5,
            "three_public_reception_batches_domestic": 0,
            "expense_government_fund": 461.64,
            "expense_government_fund_share_pct": 21.99,
            "org_operating_expense": 49.99,
            "procurement_total": 125.8,
            "procurement_goods": 0.64,
            "procurement_works": 0,
            "procurement_services": 125.16,
            "procurement_sme": 0,
            "vehicles_owned": 5,
            "equipment_over_1m": 0,
            "department_performance_score": 93.5,
            # 预算绩效管理情况: "组织对0个项目开展了预算事前绩效评估，对…等33个项目编制了绩效目标，…选取33个项目开展绩效监控"
            "projects_pre_assessed": 0,
            "performance_target_projects": 33,
            "projects_monitored": 33,
        },
    )
    income = first(leshan, "income_total")
    assert income.section == "二、收入决算情况说明" and income.page is None and income.line_no == 18
    assert "本年收入合计2098.1万元" in income.sentence
    # the chart legend "1636.45, 78%" and the performance report repeat figures: restatements only
    repeats = [f for f in leshan if f.figure == "income_general_public_budget" and f.value == 1636.45]
    assert [f.is_restatement for f in repeats] == [False, True]
    assert [f.is_restatement for f in leshan if f.figure == "department_performance_score"] == [False, True]


@needs_corpus
def test_luzhou_despite_fragmented_conversion(luzhou, luzhou_blocks):
    check(
        luzhou,
        {
            "income_grand_total": 24253.58,
            "income_grand_total_yoy_change": -2312.62,
            "income_grand_total_yoy_pct": -8.71,
            "income_total": 24253.58,
            "income_general_public_budget": 24253.58,
            "income_general_public_budget_share_pct": 100,
            "expense_total": 24253.58,
            "expense_basic": 4003.82,
            "expense_basic_share_pct": 15.94,
            "expense_project": 20249.76,
            "expense_project_share_pct": 84.06,
            "fiscal_income_expense_total_yoy_change": -2312.62,
            "expense_general_public_budget_completion_pct": 86.17,
            ("general_public_budget_class_expense", "215"): 15167.41,  # printed 资源勘探信息等支出
            ("general_public_budget_class_expense_share_pct", "215"): 62.54,
            ("functional_expense", "2013702"): 2843.05,  # printed 一般公共服务组织事务（类）网信事务（款)…
            ("functional_expense_completion_pct", "2013702"): 94.77,
            ("functional_expense", "2080501"): 867.47,
            ("functional_expense_completion_pct", "2080501"): 96.07,
            ("functional_expense", "2150299"): 2295.06,
            ("functional_expense", "2220599"): 4600,
            ("functional_expense", "2150517"): 10077.19,  # 工业和信息产业监管（款）产业发展（项）
            "personnel_expense": 2860.33,
            "public_expense": 1143.49,
            "three_public_actual_total": 14.63,
            "three_public_completion_pct": 73.89,
            "three_public_yoy_change": -1.14,
            "three_public_yoy_pct": -7.21,
            "three_public_vehicle_total": 6,
            "three_public_vehicle_total_share_pct": 41.01,
            "three_public_reception": 8.63,
            "three_public_reception_share_pct": 58.99,
            "three_public_reception_completion_pct": 62.53,
            "three_public_reception_batches_domestic": 66,
            "three_public_reception_persons_domestic": 726,
            "three_public_vehicles_owned": 4,
            "org_operating_expense": 1120.06,
            "org_operating_expense_yoy_change": 671.11,
            "org_operating_expense_yoy_pct": 149.49,
            "procurement_total": 11722.3,
            "procurement_goods": 56.2,
            "procurement_works": 819,
            "procurement_services": 10847.1,
            "procurement_sme": 11259.25,
            "procurement_sme_share_pct": 96.05,
            "procurement_small": 6308.28,
            "procurement_small_share_pct": 53.81,
            "vehicles_owned": 4,
            "equipment_general_over_500k": 1,
            "equipment_special_over_1m": 0,
            "projects_evaluated": 44,
            "projects_pre_assessed": 12,  # "组织对泸州市“城市大脑”项目等12个项目开展了预算事前绩效评估"
            "performance_target_projects": 44,
            "projects_monitored": 41,
            "department_performance_score": 86.07,  # not the 权重 sub-scores, not 项目自评得分92分
        },
    )
    assert values(luzhou, "department_performance_score") == [86.07]
    # the project tables are split into fragments of a few characters per line
    sentences = reconstruct_sentences(luzhou_blocks)
    assert any("（2022年11月12日至2023年5月23日时间段）" in s.text for s in sentences)
    # table cells one per line stay apart ("80.00" "80.00"), they are not glued into one number
    assert any("总额80.00 80.00 80.00 100.00%" in s.text for s in sentences)


@needs_corpus
def test_jincheng(jincheng):
    check(
        jincheng,
        {
            "income_grand_total": 7176.23,
            "income_grand_total_yoy_change": -1264.10,
            "income_grand_total_yoy_pct": -14.98,
            "income_total": 7176.23,
            "income_fiscal": 7176.23,
            "income_fiscal_share_pct": 100,
            "expense_total": 7176.23,
            "expense_basic": 293.16,
            "expense_basic_share_pct": 4.09,
            "expense_project": 6883.07,
            "expense_project_share_pct": 95.91,
            "fiscal_income_expense_total": 7176.23,
            "expense_general_public_budget": 7176.23,
            "expense_general_public_budget_yoy_change": 4275.26,
            "expense_general_public_budget_budget_initial": 9716.62,
            "expense_general_public_budget_completion_pct": 73.86,
            ("general_public_budget_class_expense", "201"): 7123.60,
            ("general_public_budget_class_expense_share_pct", "201"): 99.27,
            ("general_public_budget_class_expense_budget_initial", "201"): 9663.99,
            ("general_public_budget_class_expense_completion_pct", "201"): 73.71,
            "general_public_budget_basic": 293.16,
            "personnel_expense": 258.05,
            "public_expense": 35.11,
            "three_public_budget_total": 0,
            "three_public_actual_total": 0,
            "three_public_yoy_change": -2.41,
            "three_public_vehicle_operation_yoy_change": -6.45,
            "three_public_reception_yoy_change": -0.70,
            "three_public_outbound_groups": 0,
            "three_public_vehicles_purchased": 0,
            "three_public_vehicles_owned": 0,
            "three_public_reception_batches": 0,
            "org_operating_expense": 35.11,
            "org_operating_expense_yoy_change": -79.70,
            "procurement_total": 207.70,
            "procurement_goods": 1.10,
            "procurement_services": 206.60,
            "procurement_sme": 207.70,
            "procurement_sme_share_pct": 100,
            "vehicles_owned": 1,
            "vehicles_owned_other": 1,
            "equipment_over_1m": 0,
            "projects_evaluated": 13,
        },
    )
    # 财政拨款收入总计…，支出总计… is the 财政拨款 total twice, not 支出总计
    assert values(jincheng, "expense_grand_total") == [7176.23]
    # amounts quoted in the reasons (2022年批复…公务用车经费2.55万元…公务接待费用0.7万元) are not figures
    assert set(values(jincheng, "three_public_reception")) == {0}
    assert values(jincheng, "three_public_vehicle_total") == []


@needs_corpus
def test_junshan(junshan):
    check(
        junshan,
        {
            "expense_basic": 183.19,
            "personnel_expense": 163.78,
            "public_expense": 19.41,
            "expense_project": 1702.25,
            "expense_total": 1885.44,
            "expense_basic_share_pct": 9.72,
            "personnel_expense_share_pct": 89.41,  # of 基本支出, as printed
            "expense_project_share_pct": 90.28,
            "three_public_budget_total": 0.5,
            "three_public_actual_total": 0.17,
            "three_public_yoy_change": -0.8,
        },
    )
    assert values(junshan, "three_public_budget_total") == [0.5]  # 节约预算0.33万元 is no budget


@needs_corpus
def test_putuo_finance_pdf(putuo_finance):
    check(
        putuo_finance,
        {
            "income_grand_total": 2995.39,
            "income_grand_total_yoy_change": -56.95,
            "income_grand_total_yoy_pct": -1.87,
            "income_total": 2946.25,
            "income_fiscal": 2940.05,
            "income_fiscal_share_pct": 99.79,
            "income_other": 6.2,  # "其他" and "收入6.2万元" are on two PDF lines
            "income_other_share_pct": 0.21,
            "expense_total": 2940.05,
            "expense_basic": 2336.91,
            "expense_basic_share_pct": 79.49,
            "expense_project": 603.14,
            "expense_project_share_pct": 20.51,
            "fiscal_income_expense_total": 0.3,  # as printed
            "expense_general_public_budget": 2940.05,
            "expense_general_public_budget_yoy_change": -63.14,
            "expense_general_public_budget_yoy_pct": -2.10,
            "expense_general_public_budget_budget_initial": 2993.92,
            "expense_general_public_budget_completion_pct": 98.20,
            ("general_public_budget_class_expense", "201"): 2106.66,
            ("general_public_budget_class_expense_share_pct", "221"): 15.16,
            ("functional_expense", "2010601"): 1511.89,
            ("functional_expense_budget_initial", "2010601"): 1560.05,
            ("functional_expense", "2010608"): 449.52,
            ("functional_expense", "2080505"): 160.75,
            ("functional_expense", "2210203"): 258.50,
            "general_public_budget_basic": 2336.91,
            "personnel_expense": 2152.26,
            "public_expense": 184.65,
            "three_public_budget_initial_total": 0.95,
            "three_public_actual_total": 0,
            "three_public_completion_pct": 0,
            "three_public_reception": 0,
            "org_operating_expense": 184.65,
            "org_operating_expense_yoy_change": 2.55,
            "org_operating_expense_yoy_pct": 1.40,
            "procurement_total": 251.25,
            "procurement_goods": 4.79,
            "procurement_works": 0,
            "procurement_services": 246.47,
            # "面向中小企业预留政府采购项目预算金额246.47万元，面向小微企业预留…0万元。在面向中小企业预留的政府采购项目中，
            # 由中小企业供应商中标或成交的，采购金额246.47万元；…小微企业…0万元；在其他政府采购项目中，…4.79万元"
            "procurement_sme_reserved_budget": 246.47,
            "procurement_small_reserved_budget": 0,
            "procurement_sme_awarded_reserved": 246.47,
            "procurement_small_awarded_reserved": 0,
            "procurement_sme_awarded_other": 4.79,
            "vehicles_owned": 0,
            "equipment_over_1m": 2,
            "projects_evaluated": 4,
        },
    )
    assert first(putuo_finance, "income_total").page == 21
    assert first(putuo_finance, "functional_expense", "2010601").page == 22
    assert first(putuo_finance, "org_operating_expense").page == 24
    assert values(putuo_finance, "department_performance_score") == []  # 平均得分99.43分 is the projects'


@needs_corpus
def test_putuo_social_work_pdf(putuo_social):
    check(
        putuo_social,
        {
            "income_total": 307.82,
            "expense_basic": 105.58,
            "expense_general_public_budget_budget_initial": 0,
            "expense_general_public_budget_budget": 321.02,
            ("functional_expense", "2013901"): 51.32,  # 社会工作事务（款）行政运行（项）
            ("functional_expense_budget", "2013901"): 52.00,
            ("functional_expense_completion_pct", "2013901"): 98.69,
            ("functional_expense", "2210201"): 17.70,
            "org_operating_expense": 10.23,
            "procurement_goods": 21.07,
        },
    )
    assert values(putuo_social, "three_public_actual_total") == []  # 无“三公”经费财政拨款支出


@needs_corpus
def test_figures_of_an_annex_say_so_in_their_section(leshan):
    # 附件1 (部门预算绩效评价报告) restates the accounts in its own figures: "决算支出均为2098.42万元，其中：基本支出261.15万元"
    annex = [f for f in leshan if f.figure == "expense_basic" and f.value == 261.15]
    assert [f.section for f in annex] == ["附件1 › 二、部门资金收支情况"]
    assert first(leshan, "expense_basic").value == 458.66  # the 情况说明's own statement comes first
    assert first(leshan, "expense_basic").section == "三、支出决算情况说明"


@needs_corpus
def test_the_three_public_vehicle_breakdown_is_not_the_asset_one(leshan):
    # line 63 (三公): "单位共有公务用车5辆，其中：轿车2辆、执法执勤用车0辆、特种专业技术用车3辆…";
    # line 78 (国有资产): "共有车辆5辆，其中：…应急保障用车1辆、…特种专业技术用车3辆、…其他用车1辆"
    assert value(leshan, "three_public_vehicles_owned_sedan") == 2
    assert value(leshan, "three_public_vehicles_owned_special_technical") == 3
    assets = {f.figure: f for f in leshan if f.figure.startswith("vehicles_owned_")}
    assert assets["vehicles_owned_emergency"].value == 1 and assets["vehicles_owned_other"].value == 1
    assert not assets["vehicles_owned_special_technical"].is_restatement
    assert assets["vehicles_owned_special_technical"].line_no == 78


