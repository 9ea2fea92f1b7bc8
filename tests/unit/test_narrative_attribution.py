"""A narrative amount is a department figure only when its sentence's subject is the department.

Sentences of the kinds the corpus prints (project paragraphs, fund sections, lists of units, reason clauses,
comparisons with last year, 其中 lists), each with what must and what must not become a department figure.
An amount given to something else is kept as `unattributed_<figure>` with the words naming its subject.
"""

from __future__ import annotations

from ingestion.narrative import extract_narrative
from ingestion.records import Block, NarrativeFigure

DEPARTMENT = "山西省晋城市大数据应用局"
YEAR = 2024


def read(*lines: str, department: str | None = DEPARTMENT, year: int | None = YEAR) -> list[NarrativeFigure]:
    blocks = [Block("text", (line,), None, i) for i, line in enumerate(lines, start=1)]
    return extract_narrative(blocks, department=department, fiscal_year=year)


def department_values(figures: list[NarrativeFigure], name: str) -> list[float]:
    return [f.value for f in figures if f.figure == name]


def unattributed(figures: list[NarrativeFigure], name: str) -> list[tuple[float, str | None]]:
    return [(f.value, f.subject_words) for f in figures if f.figure == "unattributed_" + name]


# -- projects ----------------------------------------------------------------------------------------------


def test_a_projects_funding_is_not_the_departments_general_public_budget_expense():
    figs = read(
        "五、一般公共预算财政拨款支出决算情况说明",
        "2024年度一般公共预算财政拨款支出1,000.00万元，占本年支出合计的100%。",
        "智慧城市运行管理平台建设项目，年初预算500万元，全年一般公共预算财政拨款支出480万元，执行率96%。",
    )
    assert department_values(figs, "expense_general_public_budget") == [1000]
    assert unattributed(figs, "expense_general_public_budget") == [(480, "智慧城市运行管理平台建设项目 › 一般公共预算财政拨款支出")]


def test_a_paragraph_under_a_projects_title_is_about_the_project_until_the_next_item():
    figs = read(
        "十、其他重要事项的情况说明",
        "（四）预算绩效情况说明",
        "1.数字政府建设项目",
        "该项目全年预算200万元，一般公共预算财政拨款支出180万元，项目支出180万元。",
        "2.部门整体支出绩效情况",
        "2024年度本年支出合计1,000.00万元。",
    )
    assert department_values(figs, "expense_general_public_budget") == []
    assert department_values(figs, "expense_project") == []
    assert [v for v, _ in unattributed(figs, "expense_project")] == [180]
    assert department_values(figs, "expense_total") == [1000]


def test_a_project_report_section_states_no_department_figure():
    figs = read(
        "附件",
        "一、项目概况",
        "工业经济运行监测专项经费年初资金计划40万元，本年支出合计40万元。",
    )
    assert department_values(figs, "expense_total") == []
    assert unattributed(figs, "expense_total") == [(40, "附件 › 一、项目概况 › 本年支出合计")]


def test_counted_projects_and_procurement_projects_do_not_make_a_sentence_a_projects():
    figs = read(
        "十、其他重要事项的情况说明",
        "2024年度对数字政府等8个项目开展绩效自评，本年项目支出合计800万元。",
        "在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的，采购金额246.47万元。",
    )
    assert department_values(figs, "expense_project") == [800]
    assert department_values(figs, "projects_evaluated") == [8]
    assert department_values(figs, "procurement_sme_awarded_reserved") == [246.47]


# -- other funds -------------------------------------------------------------------------------------------


def test_another_funds_zero_project_expense_is_not_the_departments():
    figs = read(
        "七、政府性基金预算财政拨款收支决算情况说明",
        "2024年度政府性基金预算财政拨款收入0万元，支出0万元，其中：基本支出0万元，项目支出0万元。",
    )
    assert department_values(figs, "income_government_fund") == [0]
    assert department_values(figs, "expense_government_fund") == [0]
    assert department_values(figs, "expense_basic") == department_values(figs, "expense_project") == []
    assert [v for v, _ in unattributed(figs, "expense_project")] == [0]


def test_a_fund_list_over_several_paragraphs_stays_the_funds():
    figs = read(
        "三、支出决算情况说明",
        "2024年度政府性基金预算财政拨款支出120万元，其中：",
        "基本支出0万元；",
        "项目支出120万元。",
        "2024年度本年支出合计1,000万元，其中：",
        "基本支出300万元；",
        "项目支出700万元。",
    )
    assert department_values(figs, "expense_project") == [700]
    assert department_values(figs, "expense_basic") == [300]
    assert unattributed(figs, "expense_project") == [(120, "政府性基金预算财政拨款支出 › 项目支出")]


def test_a_fund_named_right_before_a_total_makes_it_that_funds():
    figs = read(
        "三、支出决算情况说明",
        "2024年度本年支出合计1000万元，其中基本支出300万元，项目支出700万元；政府性基金预算财政拨款项目支出0万元。",
    )
    assert department_values(figs, "expense_project") == [700]
    assert unattributed(figs, "expense_project") == [(0, "政府性基金预算财政拨款项目支出")]


def test_the_basic_and_project_expense_of_the_general_public_budget_are_not_all_sources():
    figs = read(
        "四、财政拨款收支决算总体情况说明",
        "2024年度一般公共预算财政拨款支出1000万元，其中：基本支出300万元，项目支出700万元。",
    )
    assert department_values(figs, "expense_general_public_budget") == [1000]
    assert department_values(figs, "expense_basic") == department_values(figs, "expense_project") == []
    assert unattributed(figs, "expense_basic") == [(300, "一般公共预算财政拨款支出 › 基本支出")]


def test_a_total_then_spent_names_the_same_fund():
    figs = read("七、政府性基金预算财政拨款收支决算情况说明", "政府性基金预算财政拨款收入120万元，支出118万元。")
    assert department_values(figs, "expense_government_fund") == [118]
    assert not [f for f in figs if f.figure.startswith("unattributed_")]


# -- other units -------------------------------------------------------------------------------------------


def test_a_subordinate_units_totals_and_their_parts_are_not_the_departments():
    figs = read(
        "二、收入决算情况说明",
        "2024年度本年收入合计1,000万元。其中：下属单位市数字政府服务中心本年收入合计300万元，局本级本年收入合计700万元。",
        "市无线电监测站本年收入合计200万元，其中：财政拨款收入150万元，事业收入50万元。",
    )
    assert department_values(figs, "income_total") == [1000]
    assert unattributed(figs, "income_total") == [
        (300, "下属单位市数字政府服务中心 › 本年收入合计"), (700, "局本级 › 本年收入合计"), (200, "市无线电监测站 › 本年收入合计"),
    ]
    assert department_values(figs, "income_fiscal") == department_values(figs, "income_business") == []
    assert unattributed(figs, "income_fiscal") == [(150, "市无线电监测站 › 本年收入合计 › 财政拨款收入")]


def test_the_department_named_as_a_whole_or_by_its_short_name_is_the_department():
    # …but another department's name ("上海市普陀区人民政府办公室…") would be another unit
    figs = read(
        "三、支出决算情况说明",
        "2024年度局机关及所属单位基本支出合计183.19万元。",
        "本部门包括局机关和下属市数字政府服务中心，2024年度本年收入合计1,000万元。",
        "2024年度，市大数据应用局（市政务服务中心）政府采购支出总额207.70万元。",
        "2024年晋城市大数据应用局下属1家机关和1家事业单位财政拨款的机关运行经费支出213.28万元。",
        "截至2024年12月31日，晋城市大数据应用局所属各预算单位开支财政拨款的公务用车保有量为3辆。",
    )
    assert department_values(figs, "expense_basic") == [183.19]
    assert department_values(figs, "income_total") == [1000]
    assert department_values(figs, "procurement_total") == [207.70]
    assert department_values(figs, "org_operating_expense") == [213.28]
    assert department_values(figs, "vehicles_owned") == [3]


def test_another_named_bureau_is_another_unit_when_the_department_is_known():
    lines = ("三、支出决算情况说明", "2024年度，晋城市财政局本年支出合计5,000万元；晋城市大数据应用局本年支出合计1,000万元。")
    figs = read(*lines)
    assert department_values(figs, "expense_total") == [1000]
    assert unattributed(figs, "expense_total") == [(5000, "晋城市财政局 › 本年支出合计")]
    # without the department's name a 局 cannot be told apart from the department: both stand
    assert department_values(read(*lines, department=None), "expense_total") == [5000, 1000]


def test_a_subordinate_units_vehicles_are_its_own():
    figs = read(
        "十、其他重要事项的情况说明",
        "截至2024年12月31日，下属市数字政府服务中心共有车辆2辆，其中：其他用车2辆。",
    )
    assert department_values(figs, "vehicles_owned") == []
    assert [f.figure for f in figs] == ["unattributed_vehicles_owned", "unattributed_vehicles_owned_other"]


# -- reasons, comparisons and other years ------------------------------------------------------------------


def test_amounts_a_reason_quotes_are_not_figures_even_over_several_clauses():
    figs = read(
        "九、财政拨款“三公”经费支出决算情况说明",
        "2024年度“三公”经费财政拨款支出决算0万元，比上年度减少2.41万元，主要原因是：2023年批复局本级公务用车经费2.55万元，"
        "批复下属单位市数字政府服务中心公务用车经费4.6万元；2024年未批复局本级公务用车经费，公务接待费用0.7万元其中：",
        "因公出国(境)费支出0万元，完成全年预算的0%。",
    )
    assert department_values(figs, "three_public_actual_total") == [0]
    assert department_values(figs, "three_public_yoy_change") == [-2.41]
    assert department_values(figs, "three_public_outbound_travel") == [0]
    assert not [f for f in figs if f.value in (2.55, 4.6, 0.7)]


def test_a_reason_ends_where_the_next_clause_states_a_figure():
    figs = read(
        "三、支出决算情况说明",
        "基本支出300万元，主要原因是人员增加；项目支出700万元，主要原因是数字政府项目支出增加80万元。",
    )
    assert department_values(figs, "expense_basic") == [300]
    assert department_values(figs, "expense_project") == [700]
    assert not [f for f in figs if f.value == 80]


def test_last_years_figures_are_prior_year_and_other_years_are_not_this_years():
    figs = read(
        "五、一般公共预算财政拨款支出决算情况说明",
        "上年一般公共预算财政拨款支出900万元，2024年度一般公共预算财政拨款支出1000万元，比上年增加100万元。",
        "2022年一般公共预算财政拨款支出800万元。",
        "与上年相比，一般公共预算财政拨款支出增加100万元，增长11.11%。",
        "三、支出决算情况说明",
        "2024年度本年支出合计1,000万元，2023年决算数为900万元。",
    )
    assert department_values(figs, "expense_general_public_budget") == [1000]
    assert department_values(figs, "expense_general_public_budget_prior_year") == [900]
    assert department_values(figs, "expense_general_public_budget_yoy_change") == [100, 100]
    assert department_values(figs, "expense_general_public_budget_yoy_pct") == [11.11]
    assert unattributed(figs, "expense_general_public_budget") == [(800, "2022年 › 一般公共预算财政拨款支出")]
    assert department_values(figs, "expense_total") == [1000]
    assert department_values(figs, "expense_total_prior_year") == [900]


def test_without_the_documents_year_years_are_not_judged():
    figs = read("五、一般公共预算财政拨款支出决算情况说明", "2022年一般公共预算财政拨款支出800万元。", year=None)
    assert department_values(figs, "expense_general_public_budget") == [800]


# -- 其中 lists --------------------------------------------------------------------------------------------


def test_a_list_of_the_departments_totals_is_the_departments():
    figs = read(
        "二、收入决算情况说明",
        "2024年度收入合计7,176.23万元，其中：",
        "财政拨款收入7,176.23万元，占比100.00%；",
        "事业收入0万元，占比0%；",
        "其他收入0万元，占比0%。",
        "六、一般公共预算财政拨款基本支出决算情况说明",
        "2024年度财政拨款基本支出293.16万元,其中:人员经费258.05万元,公用经费35.11万元。",
    )
    assert department_values(figs, "income_total") == [7176.23]
    assert department_values(figs, "income_fiscal") == [7176.23]
    assert department_values(figs, "income_fiscal_share_pct") == [100]
    assert department_values(figs, "income_other") == [0]
    assert department_values(figs, "personnel_expense") == [258.05]
    assert department_values(figs, "public_expense") == [35.11]
    assert not [f for f in figs if f.figure.startswith("unattributed_")]


def test_a_list_opened_by_a_total_and_zhong_is_that_totals():
    figs = read("四、财政拨款收支决算总体情况说明", "一般公共预算财政拨款支出中，基本支出300万元，项目支出700万元。")
    assert department_values(figs, "expense_basic") == department_values(figs, "expense_project") == []
    assert unattributed(figs, "expense_basic") == [(300, "一般公共预算财政拨款支出 › 基本支出")]


def test_a_list_that_opens_its_own_sentence_hangs_from_the_sentence_before():
    figs = read(
        "三、支出决算情况说明",
        "2024年度政府性基金预算财政拨款支出120万元。其中，基本支出20万元，项目支出100万元。",
    )
    assert department_values(figs, "expense_basic") == department_values(figs, "expense_project") == []
    assert [v for v, _ in unattributed(figs, "expense_project")] == [100]


# -- a budget's 预算编制说明 (the Shanghai 部门预算 wording) -------------------------------------------------


def test_a_budgets_totals_and_what_the_words_between_make_of_them():
    figs = read(
        "四、部门预算编制说明",
        "2025年，上海市普陀区商务委员会收入预算37,151.47万元，其中：财政拨款收入37,151.47万元；事业收入0万元；其他收入0万元。"
        "支出预算37,151.47万元，其中：财政拨款支出预算36,000.00万元。",
        "财政拨款支出预算中，一般公共预算拨款支出预算36,000.00万元；政府性基金拨款支出预算0万元。",
        "2025年本部门政府采购预算38.20万元，其中：政府采购货物预算7.80万元。",
        department="上海市普陀区商务委员会",
        year=2025,
    )
    assert department_values(figs, "income_total_budget") == [37151.47]
    assert department_values(figs, "expense_total_budget") == [37151.47]
    # "其他收入0万元。支出预算…" once read the expense total as 其他收入's
    assert department_values(figs, "income_other_budget") == []
    # "其中：财政拨款支出预算…" is the 财政拨款 part, not the all-source total again
    assert unattributed(figs, "expense_total_budget") == [(36000, "支出 › 财政拨款支出预算")]
    assert department_values(figs, "expense_general_public_budget_budget") == [36000]
    assert department_values(figs, "expense_government_fund_budget") == [0]
    assert department_values(figs, "procurement_total_budget") == [38.20]
    assert department_values(figs, "procurement_goods_budget") == [7.80]
