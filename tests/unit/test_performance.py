"""项目支出绩效自评表 extraction against the development corpus (counted and read by hand); small hand-made
block streams are in test_performance_blocks.py, hand-made layouts in every shape in test_performance_layouts.py."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from ingestion.performance import PerformanceExtraction, extract_performance

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"
TEXTS = CORPUS / "texts"

needs_corpus = pytest.mark.skipif(
    not TEXTS.is_dir(), reason=f"development corpus not found at {CORPUS} (it lives beside the project, not in it)"
)

LESHAN = "leshan-data-bureau-2024-final.txt"
LUZHOU = "luzhou-economy-it-bureau-2023-final.txt"
JINCHENG = "jincheng-big-data-bureau-2023-final.txt"
JUNSHAN = "junshan-data-bureau-2024-performance.txt"


@lru_cache(maxsize=None)
def parsed(name: str) -> PerformanceExtraction:
    """Each corpus document is read and parsed once per test module."""
    from ingestion.readers import read_document

    return extract_performance(read_document(TEXTS / name).blocks)


def project(name: str, index: int):
    result = parsed(name)
    return next(p for p in result.projects if p.project_index == index)


def indicators(name: str, index: int):
    return [i for i in parsed(name).indicators if i.project_index == index]


def by_name(name: str, project_name: str):
    matches = [p for p in parsed(name).projects if p.project_name == project_name]
    assert len(matches) == 1, [p.project_name for p in parsed(name).projects]
    return matches[0]


# ---------------------------------------------------------------------------------------------
# Project tables per document, counted by hand
# ---------------------------------------------------------------------------------------------

# leshan: 13 tables titled 部门预算项目支出绩效自评表（2024年度）(the 附表 caption above the first is no table).
# luzhou: 40 tables (40 主管部门 / 总额 / 合计 blocks; two of them print no 项目名称 label and several
#         no title); the text says 44 were evaluated, the 4 涉密 ones are not printed.
# jincheng: 13 "X项目支出绩效自评表", as its text says (6 优, 1 良, 3 中, 3 差).
# junshan: 2 项目支出绩效自评表 beside the 部门整体支出绩效自评表 and the 基础数据表.
COUNTS = {LESHAN: 13, LUZHOU: 40, JINCHENG: 13, JUNSHAN: 2}


@needs_corpus
@pytest.mark.parametrize("name", sorted(COUNTS))
def test_every_printed_project_table_is_found_once(name):
    result = parsed(name)
    assert len(result.projects) == COUNTS[name]
    assert [p.project_index for p in result.projects] == list(range(1, COUNTS[name] + 1))
    assert all(p.project_name for p in result.projects)
    assert len({p.project_name for p in result.projects}) == COUNTS[name]
    for ind in result.indicators:
        assert 1 <= ind.project_index <= COUNTS[name]


# ---------------------------------------------------------------------------------------------
# Leshan: Word converted to text, one cell per line
# ---------------------------------------------------------------------------------------------


@needs_corpus
def test_leshan_project_names_in_order():
    assert [p.project_name for p in parsed(LESHAN).projects] == [
        "“乐智游”小程序服务项目",
        "1+3+N线路租用项目",
        "“一网通办”分站点建设试点",
        "2023年1+3+N信息互联互通平台与公共突发事件应对系统运维服务项目",
        "乐山市政府网站及政务新媒体检测服务采购项目合同",
        "乐政通无纸化系统运维项目",
        "项目综合咨询服务项目",
        "2024年数字化能力提升专题培训班",
        "2024年招商引资工作经费",
        "课题经费（乐山“十五五”数字乐山建设研究项目）",
        "乐山数字经济发展宣传片拍摄制作项目",
        "乐山市无线电监测网信息化改造建设项目-防雷费用",
        "乐山市无线电监测网信息化改造建设项目-消防检测费",
    ]


@needs_corpus
def test_leshan_first_project_budget_and_score():
    p = project(LESHAN, 1)
    assert p.competent_dept == "乐山市大数据中心"
    assert p.implementing_unit == "乐山市大数据中心"
    assert (p.budget_initial, p.budget_adjusted, p.executed) == (24.9, 24.9, 7.47)
    assert p.execution_rate_pct == 30.0
    assert (p.execution_weight, p.execution_score) == (10.0, 3.0)
    assert p.total_score == 86.67
    assert p.grade is None  # Sichuan tables print no grade
    assert p.budget_source == "table"
    rows = indicators(LESHAN, 1)
    assert len(rows) == 8
    first = rows[0]
    assert (first.level1, first.level2, first.level3) == ("产出指标", "数量指标", "美食模块商家接入数量")
    assert (first.operator, first.target_value, first.unit, first.actual_value) == ("≥", 300.0, "家", 200.0)
    assert (first.weight, first.score) == (10.0, 6.67)
    # 一级指标 printed once for the merged cell is carried down
    assert [r.level1 for r in rows[:5]] == ["产出指标"] * 5
    assert (rows[5].level2, rows[5].weight, rows[5].score) == ("社会效益指标", 15.0, 15.0)


@needs_corpus
def test_leshan_code_prefix_and_blank_scores():
    p = project(LESHAN, 12)
    assert p.project_code == "51110025T000012480219"
    assert p.project_name == "乐山市无线电监测网信息化改造建设项目-防雷费用"
    assert p.implementing_unit == "乐山市无线电监测站"
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (0.0, 0.65, 0.65, 100.0)
    assert p.execution_weight == 10.0
    assert p.execution_score is None  # 得分 left blank: not 0
    assert p.total_score is None  # 合计 prints 100 in 权重 and nothing in 得分
    assert indicators(LESHAN, 12) == []
    assert project(LESHAN, 13).total_score is None


@needs_corpus
def test_leshan_blank_initial_budget_and_blank_total_weight():
    p = project(LESHAN, 9)
    assert p.project_name == "2024年招商引资工作经费"
    assert p.budget_initial is None  # 年初预算 cell left blank
    assert (p.budget_adjusted, p.executed, p.execution_rate_pct) == (28.01, 11.29, 40.3)
    assert (p.execution_score, p.total_score) == (4.3, 94.3)
    training = project(LESHAN, 8)
    assert training.total_score == 90.0  # 合计: 权重 blank, 得分 90
    first = indicators(LESHAN, 8)[0]
    assert (first.level3, first.operator, first.target_value, first.unit) == ("培训人数", "≥", 200.0, "人/次")
    assert (first.actual_value, first.weight, first.score) == (90.0, 20.0, 10.0)
    assert first.reason.startswith("因机构改革")


@needs_corpus
def test_leshan_wide_total_row_and_qualitative_indicator():
    p = project(LESHAN, 6)
    assert p.project_name == "乐政通无纸化系统运维项目"
    assert p.implementing_unit == "泛微网络科技股份有限公司"
    assert p.total_score == 93.0  # 合计 spread over eleven cells
    rows = indicators(LESHAN, 6)
    assert len(rows) == 12
    qualitative = next(r for r in rows if r.level3 == "工作效率提升")
    assert (qualitative.operator, qualitative.target_text, qualitative.actual_text) == ("定性", "效率提升", "效率提升")
    assert qualitative.unit is None and qualitative.target_value is None
    assert (qualitative.weight, qualitative.score) == (3.0, 3.0)
    satisfaction = rows[-1]
    assert (satisfaction.level1, satisfaction.level2, satisfaction.level3) == ("满意度指标", "满意度指标", "使用部门满意度")


@needs_corpus
def test_leshan_weights_printed_with_percent_and_long_tables():
    topic = project(LESHAN, 10)
    assert (topic.budget_adjusted, topic.executed) == (15.0, 14.7)
    assert (topic.execution_weight, topic.execution_score) == (10.0, 9.8)  # weight printed "10%"
    rows = indicators(LESHAN, 10)
    assert [(r.weight, r.score) for r in rows] == [(20.0, 20.0), (10.0, 10.0), (20.0, 20.0), (30.0, 30.0), (10.0, 10.0)]
    assert len(indicators(LESHAN, 5)) == 38  # 26 数量, 4 质量, 4 时效, 3 效益, 1 满意度: weights add up to 90
    assert project(LESHAN, 5).total_score == 100.0
    assert len(indicators(LESHAN, 4)) == 28


@needs_corpus
def test_leshan_page_number_between_cells_is_no_reason():
    # the row's last cell (未完成原因分析) is lost at a page break; the page number " 1" printed there is no cell
    checks = next(r for r in indicators(LESHAN, 5) if r.level3 == "每年政务新媒体监测数据人工核查次数")
    assert (checks.target_value, checks.unit, checks.actual_value, checks.weight, checks.score) == (4.0, "次", 4.0, 2.0, 2.0)
    assert (checks.reason, checks.line_no) == (None, 1319)


@needs_corpus
def test_leshan_weight_printed_as_a_percentage_is_not_points():
    # 预算执行情况（10分）… 总额 6.40 6.40 1.92 30.00% 100% 3: the "100%" is 总额's share of the section
    p = project(LESHAN, 6)
    assert p.project_name == "乐政通无纸化系统运维项目"
    assert (p.execution_rate_pct, p.execution_weight, p.execution_score) == (30.0, 10.0, 3.0)


# ---------------------------------------------------------------------------------------------
# Luzhou: PDF converted to text, fragments of a few characters per line
# ---------------------------------------------------------------------------------------------


@needs_corpus
def test_luzhou_name_over_several_lines_is_one_project():
    p = project(LUZHOU, 1)
    assert p.project_name == "泸州市市级储备项目管理、轮换等经费"
    assert p.project_code == "51050021T000000035603"
    assert p.competent_dept == "泸州市经济和信息化局"
    assert p.implementing_unit == "泸州市经济和信息化局"  # the 实施单位 label was lost with the layout
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (80.0, 80.0, 80.0, 100.0)
    assert p.total_score == 95.0
    rows = indicators(LUZHOU, 1)
    assert len(rows) == 9
    subsidy = next(r for r in rows if r.level3 == "承储企业一次性管理费用补助")  # 三级指标 over two lines
    assert (subsidy.level1, subsidy.level2, subsidy.operator) == ("成本指标", "经济成本指标", "≤")
    assert (subsidy.target_value, subsidy.unit, subsidy.weight, subsidy.score) == (36.0, "万元", 10.0, 10.0)
    assert sum(r.weight for r in rows) == 90


@needs_corpus
def test_luzhou_tables_without_label_or_title():
    names = [p.project_name for p in parsed(LUZHOU).projects]
    assert names[:6] == [
        "泸州市市级储备项目管理、轮换等经费",
        "驻村工作队队员工作专项经费",
        "四川经济日报专项经费",
        "企业安全管理专项经费",
        "工业经济运行监测专项经费",  # no 项目名称 label, no title
        "重点工业产业链链长制专项经费",  # no 项目名称 label, title printed inside the previous table
    ]
    assert names[-1] == "省下无线电管理经费"
    assert project(LUZHOU, 3).project_code is None  # printed "-" before the name
    assert project(LUZHOU, 5).total_score == 85.0


@needs_corpus
def test_luzhou_budget_and_indicator_values():
    p = by_name(LUZHOU, "泸州市政务云灾备项目")
    assert (p.budget_adjusted, p.executed, p.execution_rate_pct) == (400.0, 187.88, 46.97)
    assert (p.execution_weight, p.execution_score, p.total_score) == (10.0, 5.0, 85.0)
    rows = indicators(LUZHOU, p.project_index)
    assert len(rows) == 9
    assert (rows[0].level3, rows[0].unit, rows[0].weight, rows[0].score) == ("完成系统灾备", "个/套", 10.0, 10.0)
    drill = next(r for r in rows if r.level3 == "灾备演练服务费用")
    assert (drill.actual_value, drill.weight, drill.score) == (0.0, 5.0, 0.0)
    later = by_name(LUZHOU, "人才专项经费")  # indicators printed after the 合计 row
    assert later.implementing_unit == "泸州市经济和信息化局"
    assert (later.budget_initial, later.budget_adjusted) == (0.0, 18.0)
    assert len(indicators(LUZHOU, later.project_index)) == 7


@needs_corpus
def test_luzhou_reason_printed_after_a_row_that_lost_points():
    growth = next(r for r in indicators(LUZHOU, 5) if r.level3 == "规模以上工业增加值增速")
    assert (growth.operator, growth.target_value, growth.unit, growth.actual_value) == ("≥", 5.0, "%", 2.1)
    assert (growth.weight, growth.score) == (10.0, 2.0)
    assert growth.reason == "受非正常因素以及复杂多变的外部环境影响"  # its 未完成原因分析, broken over four lines


# ---------------------------------------------------------------------------------------------
# Jincheng: Shanxi layout, tab-separated rows that do not line up with their headers
# ---------------------------------------------------------------------------------------------


@needs_corpus
def test_jincheng_grades_and_totals():
    result = parsed(JINCHENG)
    assert [(p.total_score, p.grade) for p in result.projects] == [
        (90.0, "优"), (74.0, "中"), (90.0, "优"), (95.0, "优"), (81.0, "良"), (95.0, "优"), (78.43, "中"),
        (90.0, "优"), (0.0, "差"), (40.0, "差"), (0.0, "差"), (98.5, "优"), (74.0, "中"),
    ]
    assert all(p.competent_dept == "晋城市大数据应用局" for p in result.projects)
    assert all(p.implementing_unit == "晋城市大数据应用局" for p in result.projects)


@needs_corpus
def test_jincheng_budget_row_and_narrative_fallback():
    printed = by_name(JINCHENG, "电子政务外网运维服务费用")
    assert (printed.budget_initial, printed.budget_adjusted, printed.executed) == (198.0, 198.0, 198.0)
    assert (printed.execution_rate_pct, printed.execution_score, printed.budget_source) == (100.0, 10.0, "table")
    extension = by_name(JINCHENG, "晋城市电子政务外网提速扩能试点项目费用")
    assert (extension.budget_initial, extension.budget_adjusted, extension.executed) == (400.0, 317.025, 317.025)
    # 资金总额 row left blank: the figures come from 项目实施和预算执行情况
    cloud = by_name(JINCHENG, "城市云平台运维服务费用")
    assert (cloud.budget_adjusted, cloud.executed, cloud.execution_rate_pct) == (328.0, 328.0, 100.0)
    assert cloud.budget_initial is None and cloud.execution_score is None
    assert cloud.budget_source == "narrative"
    congress = by_name(JINCHENG, "晋城市智慧人大建设项目费用")
    assert (congress.budget_adjusted, congress.executed, congress.execution_rate_pct) == (774.0, 267.894, 40.0)


@needs_corpus
def test_jincheng_indicators_blank_scores_and_shifted_rows():
    p = by_name(JINCHENG, "大数据应用平台运维服务费")
    rows = indicators(JINCHENG, p.project_index)
    assert len(rows) == 16
    audit = next(r for r in rows if r.level3 == "等保测评系统数量")
    assert (audit.operator, audit.target_value, audit.unit, audit.actual_value) == ("≥", 10.0, "个", 0.0)
    assert (audit.weight, audit.score) == (4.0, None)  # 得分 left blank
    assert audit.reason == "根据实际情况,未列此项服务。"
    cost = next(r for r in rows if r.level3 == "成本指标")
    assert (cost.level1, cost.level2, cost.target_text, cost.weight, cost.score) == ("产出指标", "成本指标", "未填报", 10.0, 5.0)
    quality = next(r for r in rows if r.level3 == "电子政务外网、云平台系统故障发生率")
    assert (quality.level1, quality.level2) == ("产出指标", "质量指标")
    hotline = by_name(JINCHENG, "热线受理中心运营管理及人员外包服务项目费用")
    shifted = next(r for r in indicators(JINCHENG, hotline.project_index) if r.level3 == "人均工作人员聘用成本")
    assert (shifted.operator, shifted.target_value, shifted.weight, shifted.score) == ("<", 30000.0, 10.0, 10.0)
    assert sum(r.weight for r in indicators(JINCHENG, hotline.project_index)) == 90


@needs_corpus
def test_jincheng_zero_total_keeps_blank_indicator_scores():
    p = by_name(JINCHENG, "需付合同款")
    assert (p.total_score, p.grade) == (0.0, "差")
    rows = indicators(JINCHENG, p.project_index)
    assert len(rows) == 8
    assert all(r.weight is None and r.score is None for r in rows)
    assert (rows[0].level3, rows[0].target_text) == ("按照约定付款项目数", "=2个")


# ---------------------------------------------------------------------------------------------
# Junshan: Hunan layout, cells and labels split over lines
# ---------------------------------------------------------------------------------------------


@needs_corpus
def test_junshan_projects():
    first, second = parsed(JUNSHAN).projects
    assert (first.project_name, second.project_name) == ("行政审批专项", "业务工作经费")
    assert first.competent_dept == "岳阳市君山区财政局"
    assert first.implementing_unit == "岳阳市君山区行政审批服务局"
    assert (first.budget_initial, first.budget_adjusted, first.executed) == (402.0, 755.68, 755.68)
    assert (first.execution_weight, first.execution_rate_pct, first.execution_score) == (10.0, 100.0, 10.0)
    assert (first.total_score, second.total_score) == (99.0, 99.0)
    assert (second.budget_initial, second.budget_adjusted) == (402.7, 551.36)
    rows = indicators(JUNSHAN, 1)
    assert len(rows) == 12
    assert len(indicators(JUNSHAN, 2)) == 14
    cost = next(r for r in rows if r.level3 == "项目支出")
    assert (cost.level1, cost.level2, cost.operator, cost.target_value, cost.unit) == ("产出指标", "成本指标", "≤", 402.0, "万元")
    assert (cost.actual_value, cost.weight, cost.score, cost.reason) == (755.68, 10.0, 9.0, "预算追加")
    economic = next(r for r in rows if r.level3 == "提高数据整合和治理能力")
    assert (economic.level1, economic.level2) == ("效益指标", "经济效益指标")  # 经济效 / 益指标
    last = rows[-1]
    assert (last.level1, last.level2, last.level3, last.weight) == ("满意度指标", "服务对象满意度指标", "网络维护满意度", 5.0)


# ---------------------------------------------------------------------------------------------
# The department's overall score
# ---------------------------------------------------------------------------------------------


@needs_corpus
def test_department_scores():
    """One path each: the 部门整体支出绩效自评表's 总分 is read here, a score stated in prose by the narrative."""
    from ingestion.narrative import extract_narrative
    from ingestion.readers import read_document

    def form_scores(name):
        return [(f.value, f.section) for f in parsed(name).department_scores]

    def prose_scores(name):
        figures = extract_narrative(read_document(TEXTS / name).blocks)
        return [f for f in figures if f.figure == "department_performance_score" and not f.is_restatement]

    assert form_scores(LESHAN) == [] and [f.value for f in prose_scores(LESHAN)] == [93.5]  # "部门整体绩效自评得分为93.5分"
    assert [f.value for f in prose_scores(LUZHOU)] == [86.07]  # not 55.8 (a 权重 part) nor a project's 92
    assert form_scores(JINCHENG) == [] and prose_scores(JINCHENG) == []
    assert form_scores(JUNSHAN) == [(98.0, "2024年度部门整体支出绩效自评表")]
    figure = prose_scores(LESHAN)[0]
    assert figure.unit == "分" and "93.5分" in figure.sentence and figure.line_no == 81
