"""Layouts of the 项目支出绩效自评表 the development corpus lacks, made by hand after the national template and
the provincial variants, each read in every shape the reader meets (tab-separated rows, a ruled table, one
cell per line, two kinds of fragment stream): the same printed figures must come out of every shape."""

from __future__ import annotations

import pytest

from ingestion.performance import extract_performance
from tests.unit.form_shapes import SHAPES, render


def read(form, shape):
    result = extract_performance(render(form, shape))
    assert len(result.projects) == 1, [p.project_name for p in result.projects]
    return result.projects[0], result.indicators, result.coverage[0]


def rows_of(indicators):
    return [(i.level1, i.level2, i.level3, i.operator, i.target_text, i.target_value, i.unit, i.actual_text,
             i.actual_value, i.weight, i.score) for i in indicators]


# ---------------------------------------------------------------------------------------------
# A Shanxi city bureau's variant: units and points inside labels, spaced labels, numbered names,
# placeholder rows, 其中 rows under 年度资金总额, the grade beside the total
# ---------------------------------------------------------------------------------------------

SPACED_WITH_UNITS = [
    "城市运行监测平台运维项目支出绩效自评表",
    "（2024年度）",
    ["项 目 名 称", "城市运行监测平台运维", "", "", "", "", "", "", ""],
    ["主 管 部 门", "某某市大数据局", "", "", "实 施 单 位", "某某市大数据中心", "", "", ""],
    ["项目资金", "", "年 初 预 算 数（万元）", "全年预算数（万元）", "全年执行数(万元)", "分值（分）", "执行率", "得分（分）", ""],
    ["", "年度资金总额", "120.00", "150.00", "147.75", "10", "98.5%", "9.85", ""],
    ["", "其中：财政拨款", "120.00", "150.00", "147.75", "—", "—", "—", ""],
    ["", "其他资金", "", "", "", "—", "—", "—", ""],
    ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
    ["", "保障平台全年稳定运行，及时处置故障。", "", "", "", "平台全年稳定运行，故障均及时处置。", "", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值（分）", "得分（分）", "偏差原因分析及改进措施"],
    ["", "产出指标（50分）", "数量指标", "1.运维系统数量", "≥20个", "22个", "20", "20", ""],
    ["", "", "", "2.巡检次数", "≥12次", "10次", "10", "8", "汛期停检两次"],
    ["", "", "质量指标", "1.系统可用率", "≥99%", "99.6%", "10", "10", ""],
    ["", "", "", "指标2：", "", "", "", "", ""],
    ["", "", "时效指标", "1.故障响应及时性", "及时", "达成预期指标", "10", "10", ""],
    ["", "", "", "……", "—", "—", "—", "—", ""],
    ["", "效益指标(30分)", "社会效益指标", "1.保障城市运行管理", "有效保障", "达成预期指标", "30", "28", "部分预警处置偏慢"],
    ["", "满意度指标（10分）", "服务对象满意度指标", "1.使用单位满意度", "≥90%", "96%", "10", "10", ""],
    ["总　分", "", "", "", "", "", "100", "95.85", "优秀"],
]


@pytest.mark.parametrize("shape", SHAPES)
def test_labels_with_units_spaces_points_and_numbered_placeholder_rows(shape):
    p, indicators, coverage = read(SPACED_WITH_UNITS, shape)
    assert (p.project_name, p.competent_dept, p.implementing_unit) == ("城市运行监测平台运维", "某某市大数据局", "某某市大数据中心")
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (120.0, 150.0, 147.75, 98.5)
    assert (p.execution_weight, p.execution_score, p.total_score) == (10.0, 9.85, 95.85)
    assert (p.grade, p.grade_printed) == ("优", "优秀")
    assert (p.budget_printed, p.total_score_printed) == (True, True)
    assert rows_of(indicators) == [
        ("产出指标", "数量指标", "运维系统数量", "≥", "≥20个", 20.0, "个", "22个", 22.0, 20.0, 20.0),
        ("产出指标", "数量指标", "巡检次数", "≥", "≥12次", 12.0, "次", "10次", 10.0, 10.0, 8.0),
        ("产出指标", "质量指标", "系统可用率", "≥", "≥99%", 99.0, "%", "99.6%", 99.6, 10.0, 10.0),
        ("产出指标", "时效指标", "故障响应及时性", "定性", "及时", None, None, "达成预期指标", None, 10.0, 10.0),
        ("效益指标", "社会效益指标", "保障城市运行管理", "定性", "有效保障", None, None, "达成预期指标", None, 30.0, 28.0),
        ("满意度指标", "服务对象满意度指标", "使用单位满意度", "≥", "≥90%", 90.0, "%", "96%", 96.0, 10.0, 10.0),
    ]
    assert [i.reason for i in indicators] == [None, "汛期停检两次", None, None, "部分预警处置偏慢", None]
    assert p.indicator_rows_printed == 6  # 指标2： and …… print nothing
    # 总额 row 6 read, 其中 row 3 passed over; 4 figures in 4 indicator rows, 2 in 2 rows; total 100 passed, 95.85 read
    assert (coverage.amounts_printed, coverage.amounts_captured, coverage.amounts_skipped) == (31, 27, 4)
    assert coverage.uncaptured is None


# ---------------------------------------------------------------------------------------------
# The national template: 项目资金（万元）, 年度资金总额 with its 其中 rows, the rate printed as a ratio,
# 指标1： names and unused 指标2： rows, a 评价等级 printed as 合格
# ---------------------------------------------------------------------------------------------

NATIONAL = [
    "项目支出绩效自评表",
    "（2024年度）",
    ["项目名称", "政务外网线路租用", "", "", "", "", "", "", ""],
    ["主管部门", "某某县数据局", "", "", "实施单位", "某某县信息中心", "", "", ""],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "年度资金总额", "60", "48", "30", "10", "0.625", "6.25", ""],
    ["", "其中：当年财政拨款", "60", "48", "30", "—", "—", "—", ""],
    ["", "上年结转资金", "", "", "", "—", "—", "—", ""],
    ["", "其他资金", "", "", "", "—", "—", "—", ""],
    ["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""],
    ["", "保障全县政务外网线路畅通。", "", "", "", "线路全年畅通，两次中断。", "", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "指标1：租用线路条数", "=35条", "35条", "25", "25", ""],
    ["", "", "", "指标2：", "", "", "", "", ""],
    ["", "", "质量指标", "指标1：线路可用率", "≥99.5%", "99.1%", "25", "15", "两次光缆中断，已要求运营商整改"],
    ["", "", "时效指标", "指标1：故障修复时限", "≤4小时", "6小时", "10", "5", ""],
    ["", "效益指标", "社会效益指标", "指标1：支撑部门业务办理", "有效支撑", "基本支撑", "20", "12", ""],
    ["", "满意度指标", "服务对象满意度指标", "指标1：使用单位满意度", "≥90%", "88%", "10", "8", "个别单位反映网速偏慢"],
    ["总分", "", "", "", "", "", "100", "71.25", ""],
    ["评价等级", "合格"],
]


@pytest.mark.parametrize("shape", SHAPES)
def test_national_template_with_ratio_rate_and_a_grade_outside_the_four(shape):
    p, indicators, coverage = read(NATIONAL, shape)
    assert (p.project_name, p.competent_dept, p.implementing_unit) == ("政务外网线路租用", "某某县数据局", "某某县信息中心")
    assert (p.budget_initial, p.budget_adjusted, p.executed) == (60.0, 48.0, 30.0)
    assert p.execution_rate_pct == 62.5  # printed as the ratio 0.625
    assert (p.execution_weight, p.execution_score, p.total_score) == (10.0, 6.25, 71.25)
    assert (p.grade, p.grade_printed) == (None, "合格")  # 合格 is none of 优/良/中/差
    assert rows_of(indicators) == [
        ("产出指标", "数量指标", "租用线路条数", "=", "=35条", 35.0, "条", "35条", 35.0, 25.0, 25.0),
        ("产出指标", "质量指标", "线路可用率", "≥", "≥99.5%", 99.5, "%", "99.1%", 99.1, 25.0, 15.0),
        ("产出指标", "时效指标", "故障修复时限", "≤", "≤4小时", 4.0, "小时", "6小时", 6.0, 10.0, 5.0),
        ("效益指标", "社会效益指标", "支撑部门业务办理", "定性", "有效支撑", None, None, "基本支撑", None, 20.0, 12.0),
        ("满意度指标", "服务对象满意度指标", "使用单位满意度", "≥", "≥90%", 90.0, "%", "88%", 88.0, 10.0, 8.0),
    ]
    assert [i.reason for i in indicators] == [None, "两次光缆中断，已要求运营商整改", None, None, "个别单位反映网速偏慢"]
    assert (p.budget_printed, p.total_score_printed, p.indicator_rows_printed) == (True, True, 5)
    assert (coverage.amounts_printed, coverage.amounts_captured, coverage.amounts_skipped) == (29, 25, 4)


# ---------------------------------------------------------------------------------------------
# Columns in another order: 指标方向 and 权重 before the values, 自评得分 last, no 偏差原因 column; a
# budget without 年初预算数 whose rate prints no %; 合计得分; the grade stated in the conclusion
# ---------------------------------------------------------------------------------------------

REORDERED = [
    "部门预算项目支出绩效自评表（2024年度）",
    ["项目名称", "政务服务热线运行", "", "", "", "", "", "", ""],
    ["主管部门", "某某市政务服务管理局", "", "实施单位", "某某市政务服务热线中心", "", "", "", ""],
    ["资金情况（万元）", "预算下达数", "实际执行数", "预算执行率(%)", "权重", "自评得分", "", "", ""],
    ["资金总额", "80.00", "70.00", "87.50", "10", "8.75", "", "", ""],
    ["其中：财政资金", "80.00", "70.00", "87.50", "/", "/", "", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "指标方向", "权重", "预期指标值", "全年实际值", "自评得分"],
    ["", "产出指标", "数量指标", "年度受理工单量", "≥", "30", "40万件", "46万件", "25"],
    ["", "", "时效指标", "工单按时办结率", "≥", "20", "95%", "93%", "18"],
    ["", "效益指标", "社会效益指标", "群众诉求解决率", "≥", "20", "85%", "88%", "20"],
    ["", "满意度指标", "服务对象满意度指标", "来电群众满意度", "≥", "20", "90%", "81.2%", "15"],
    ["合计得分", "", "", "", "", "100", "", "", "86.75"],
    "评价结论：该项目综合评价等级为“良好”。",
]


@pytest.mark.parametrize("shape", SHAPES)
def test_columns_in_another_order_and_a_grade_in_the_conclusion(shape):
    p, indicators, coverage = read(REORDERED, shape)
    assert (p.project_name, p.implementing_unit) == ("政务服务热线运行", "某某市政务服务热线中心")
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (None, 80.0, 70.0, 87.5)
    assert (p.execution_weight, p.execution_score, p.total_score) == (10.0, 8.75, 86.75)
    assert (p.grade, p.grade_printed) == ("良", "良好")
    assert rows_of(indicators) == [
        ("产出指标", "数量指标", "年度受理工单量", "≥", "40万件", 40.0, "万件", "46万件", 46.0, 30.0, 25.0),
        ("产出指标", "时效指标", "工单按时办结率", "≥", "95%", 95.0, "%", "93%", 93.0, 20.0, 18.0),
        ("效益指标", "社会效益指标", "群众诉求解决率", "≥", "85%", 85.0, "%", "88%", 88.0, 20.0, 20.0),
        ("满意度指标", "服务对象满意度指标", "来电群众满意度", "≥", "90%", 90.0, "%", "81.2%", 81.2, 20.0, 15.0),
    ]
    assert (p.budget_printed, p.total_score_printed, p.indicator_rows_printed) == (True, True, 4)
    # 总额 row 5 read; 其中 row 3 passed over; 4 figures in 4 rows; total 100 passed over, 86.75 read
    assert (coverage.amounts_printed, coverage.amounts_captured, coverage.amounts_skipped) == (26, 22, 4)


# ---------------------------------------------------------------------------------------------
# Left blank: a 总额 row with only its 分值, scores not given, a 总分 row with only the points, no grade;
# a 序号 column numbering the indicator rows
# ---------------------------------------------------------------------------------------------

LEFT_BLANK = [
    "2024年度项目支出绩效自评表",
    ["项目支出名称", "档案数字化加工", "", "", "", "", "", "", "", ""],
    ["主管部门", "某某区档案馆", "", "", "实施单位", "某某区档案馆", "", "", "", ""],
    ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "", ""],
    ["", "年度资金总额", "", "", "", "10", "", "", "", ""],
    ["", "其中：财政拨款", "35", "35", "35", "—", "—", "—", "", ""],
    ["绩效指标", "序号", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "1", "产出指标", "数量指标", "数字化加工页数", "≥20万页", "21万页", "40", "", ""],
    ["", "2", "", "质量指标", "加工差错率", "≤0.5%", "0.3%", "30", "", ""],
    ["", "3", "满意度指标", "服务对象满意度指标", "查档群众满意度", "≥90%", "95%", "20", "", ""],
    ["总分", "", "", "", "", "", "", "100", "", ""],
    ["自评等级", "", ""],
]


# A fragment stream keeps no trace of blank cells: a lone 10 in the 总额 row or a lone 分值 beside a
# blank 得分 cannot be placed there, so this layout is read in the shapes that keep cells.
@pytest.mark.parametrize("shape", ["tabs", "ruled", "cell_lines"])
def test_blank_total_and_budget_rows_are_none_and_say_they_printed_nothing(shape):
    p, indicators, coverage = read(LEFT_BLANK, shape)
    assert (p.project_name, p.competent_dept) == ("档案数字化加工", "某某区档案馆")
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (None, None, None, None)
    assert (p.execution_weight, p.execution_score) == (10.0, None)
    assert (p.total_score, p.grade, p.grade_printed) == (None, None, None)
    assert (p.budget_printed, p.total_score_printed) == (False, False)  # NULLs the form itself left
    assert rows_of(indicators) == [
        ("产出指标", "数量指标", "数字化加工页数", "≥", "≥20万页", 20.0, "万页", "21万页", 21.0, 40.0, None),
        ("产出指标", "质量指标", "加工差错率", "≤", "≤0.5%", 0.5, "%", "0.3%", 0.3, 30.0, None),
        ("满意度指标", "服务对象满意度指标", "查档群众满意度", "≥", "≥90%", 90.0, "%", "95%", 95.0, 20.0, None),
    ]
    assert p.indicator_rows_printed == 3
    # the 10 read; 3 ordinals and the total's 100 passed over; the 其中 row's 35s are all the budget the form
    # prints, so they stay counted as not read
    assert (coverage.amounts_printed, coverage.amounts_captured, coverage.amounts_skipped) == (17, 10, 4)
    assert coverage.uncaptured.count("其中：财政拨款: 35") == 3


# ---------------------------------------------------------------------------------------------
# A total printed with its label in one cell, scores with 分, a 自评等级 of 不合格
# ---------------------------------------------------------------------------------------------

INLINE_TOTAL = [
    "项目支出绩效自评表",
    ["项目名称", "老旧小区安防改造", "", "", "", "", ""],
    ["主管部门", "某某街道办事处", "", "实施单位", "某某街道办事处", "", ""],
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "200", "200", "90", "10", "45%", "4.5"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "权重"],
    ["", "产出指标", "数量指标", "改造小区数量", "≥12个", "5个", "50"],
    ["", "效益指标", "社会效益指标", "治安案件下降率", "≥20%", "8%", "30"],
    ["", "满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "80%", "10"],
    ["总分：52.5分", "", "", "", "", "", ""],
    ["自评等级", "不合格"],
]


@pytest.mark.parametrize("shape", SHAPES)
def test_total_printed_inside_its_label_and_a_failing_grade(shape):
    p, indicators, _ = read(INLINE_TOTAL, shape)
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (200.0, 200.0, 90.0, 45.0)
    assert (p.execution_weight, p.execution_score) == (10.0, 4.5)
    assert (p.total_score, p.total_score_printed) == (52.5, True)
    assert (p.grade, p.grade_printed) == (None, "不合格")
    assert rows_of(indicators) == [
        ("产出指标", "数量指标", "改造小区数量", "≥", "≥12个", 12.0, "个", "5个", 5.0, 50.0, None),
        ("效益指标", "社会效益指标", "治安案件下降率", "≥", "≥20%", 20.0, "%", "8%", 8.0, 30.0, None),
        ("满意度指标", "服务对象满意度指标", "居民满意度", "≥", "≥90%", 90.0, "%", "80%", 80.0, 10.0, None),
    ]


# ---------------------------------------------------------------------------------------------
# The same form under the labels other provinces print: 合计 for both the budget total and the total
# score, 自评总分, 全年指标值, 全年实际值, 权重, 自评得分, 等级
# ---------------------------------------------------------------------------------------------


def labelled(money_total, target, actual, weight, score, total, grade_label, grade):
    return [
        "项目支出绩效自评表",
        ["项目名称", "电子证照归集", "", "", "", "", "", ""],
        ["主管部门", "某某市数据局", "", "实施单位", "某某市数据局", "", "", ""],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", weight, "执行率", score, ""],
        [money_total, "50.00", "50.00", "49.50", "10", "99%", "9.9", ""],
        ["绩效指标", "一级指标", "二级指标", "三级指标", target, actual, weight, score],
        ["", "产出指标", "数量指标", "归集证照种类", "≥120类", "131类", "50", "50"],
        ["", "效益指标", "社会效益指标", "减少群众提交材料", "≥30%", "36%", "30", "30"],
        ["", "满意度指标", "服务对象满意度指标", "办事群众满意度", "≥95%", "93%", "10", "8"],
        [total, "", "", "", "", "", "100", "97.9"],
        [grade_label, grade],
    ]


LABELS = [
    ("合　计", "全年指标值", "全年实际值", "权重", "自评得分", "合　计", "等级", "优"),
    ("资金总额", "预期指标值", "实际完成值", "分值", "得分", "自评总分", "评价等级", "优秀"),
    ("总额", "年度指标值", "实际完成值", "权重（%）", "得分（分）", "总得分", "自评等级", "良好"),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("labels", LABELS, ids=lambda labels: labels[5])
def test_other_provinces_labels(labels, shape):
    p, indicators, coverage = read(labelled(*labels), shape)
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (50.0, 50.0, 49.5, 99.0)
    assert (p.execution_weight, p.execution_score, p.total_score) == (10.0, 9.9, 97.9)
    assert (p.grade, p.grade_printed) == ({"优": "优", "优秀": "优", "良好": "良"}[labels[7]], labels[7])
    assert rows_of(indicators) == [
        ("产出指标", "数量指标", "归集证照种类", "≥", "≥120类", 120.0, "类", "131类", 131.0, 50.0, 50.0),
        ("效益指标", "社会效益指标", "减少群众提交材料", "≥", "≥30%", 30.0, "%", "36%", 36.0, 30.0, 30.0),
        ("满意度指标", "服务对象满意度指标", "办事群众满意度", "≥", "≥95%", 95.0, "%", "93%", 93.0, 10.0, 8.0),
    ]
    assert (coverage.amounts_printed, coverage.amounts_captured, coverage.amounts_skipped) == (20, 19, 1)


# ---------------------------------------------------------------------------------------------
# Rows numbered in a column of their own under a 三级指标 header cell merged over the number and the name
# ---------------------------------------------------------------------------------------------

NUMBERED_COLUMN = [
    "项目支出绩效自评表",
    ["项目名称", "公共数据开放平台升级", "", "", "", "", "", "", "", ""],
    ["主管部门", "某某市数据局", "", "", "实施单位", "某某市数据局", "", "", "", ""],
    ["项目资金（万元）", "", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
    ["", "", "年度资金总额", "90", "90", "90", "10", "100%", "10", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标", "数量指标", "1", "开放数据集数量", "≥300个", "352个", "40", "40", ""],
    ["", "", "", "2", "接口调用次数", "≥100万次", "98万次", "20", "18", "年底系统切换"],
    ["", "效益指标", "社会效益指标", "1", "开放数据利用", "有效提升", "有效提升", "20", "20", ""],
    ["", "满意度指标", "服务对象满意度指标", "1", "数据使用者满意度", "≥90%", "92%", "10", "10", ""],
    ["总分", "", "", "", "", "", "", "100", "98", "优"],
]


@pytest.mark.parametrize("shape", SHAPES)
def test_ordinals_in_a_column_of_their_own_are_no_names(shape):
    p, indicators, coverage = read(NUMBERED_COLUMN, shape)
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (90.0, 90.0, 90.0, 100.0)
    assert (p.total_score, p.grade) == (98.0, "优")
    assert [(i.level1, i.level2, i.level3, i.target_value, i.actual_value, i.weight, i.score, i.reason)
            for i in indicators] == [
        ("产出指标", "数量指标", "开放数据集数量", 300.0, 352.0, 40.0, 40.0, None),
        ("产出指标", "数量指标", "接口调用次数", 100.0, 98.0, 20.0, 18.0, "年底系统切换"),
        ("效益指标", "社会效益指标", "开放数据利用", None, None, 20.0, 20.0, None),
        ("满意度指标", "服务对象满意度指标", "数据使用者满意度", 90.0, 92.0, 10.0, 10.0, None),
    ]
    assert p.indicator_rows_printed == 4
    # the 4 ordinals and the total's 100 are passed over, everything else is read; a fragment stream counts
    # no number standing alone between words (three ordinals there) as a figure
    expected = (23, 21, 2) if shape in ("fragments", "pieces") else (26, 21, 5)
    assert (coverage.amounts_printed, coverage.amounts_captured, coverage.amounts_skipped) == expected


@pytest.mark.parametrize("shape", SHAPES)
def test_budget_printed_in_yuan(shape):
    in_yuan = [row if isinstance(row, str) else list(row) for row in NATIONAL]
    in_yuan[4][0] = "项目资金（元）"
    in_yuan[5][2:5] = ["600,000.00", "480,000.00", "300,000.00"]
    in_yuan[6][2:5] = ["600,000.00", "480,000.00", "300,000.00"]
    p, _, coverage = read(in_yuan, shape)
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (60.0, 48.0, 30.0, 62.5)
    assert (coverage.amounts_printed, coverage.amounts_captured) == (29, 25)


# ---------------------------------------------------------------------------------------------
# A Sichuan-like city form: a code before the name, spaced labels, header labels broken inside their cells
# with the unit in each, amounts in 元 beside a 资金结余 column, a 三级指标 called 服务对象满意度 under
# 服务对象满意度指标, a long name broken over two rows, a set word for the actual, an unused …… row
# ---------------------------------------------------------------------------------------------

CITY_SERVICE = [
    "部门预算项目支出绩效自评表",
    "（2024年度）",
    ["项　目　名　称", "51110024T000012345678 政务服务便民热线运行", "", "", "", "", "", "", ""],
    ["主管部门及代码", "102-某某市政务服务管理局", "", "", "实　施　单　位", "某某市政务服务中心", "", "", ""],
    ["项目资金", "年初\n预算数（元）", "全年预算\n数（元）", "全年执行\n数（元）", "资金结余\n（元）", "分　值", "执行率", "得　分",
     "偏差原因"],
    ["资金总额", "1,200,000.00", "1,500,000.00", "1,356,000.00", "144,000.00", "10", "90.40%", "9.04", ""],
    ["其中：财政拨款", "1,200,000.00", "1,500,000.00", "1,356,000.00", "144,000.00", "", "", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分　值", "得　分", "偏差原因分析及改进措施"],
    ["", "产出指标（50分）", "数量指标", "受理群众来电数量", "≥12000件", "13250件", "20", "20", ""],
    ["", "", "质量指标", "来电按时办结率", "≥95%", "93%", "15", "12", "部分诉求需跨部门协调，办理周期较长。"],
    ["", "", "时效指标", "来电接通及时性", "及时", "部分达成预期指标", "15", "12", "高峰时段坐席不足"],
    ["", "效益指标（30分）", "社会效益指标", "提升群众诉求解决", "有效提升", "达成预期指标", "30", "30", ""],
    ["", "", "", "质量水平", "", "", "", "", ""],
    ["", "满意度指标（10分）", "服务对象满意度指标", "服务对象满意度", "≥90%", "96%", "10", "10", ""],
    ["", "", "", "……", "", "", "", "", ""],
    ["总　分", "", "", "", "", "", "100", "93.04", "优"],
]


@pytest.mark.parametrize("shape", SHAPES)
def test_code_broken_labels_a_balance_column_and_a_name_over_two_rows(shape):
    p, indicators, coverage = read(CITY_SERVICE, shape)
    assert (p.project_name, p.project_code) == ("政务服务便民热线运行", "51110024T000012345678")
    assert (p.competent_dept, p.implementing_unit) == ("某某市政务服务管理局", "某某市政务服务中心")
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (120.0, 150.0, 135.6, 90.4)
    assert (p.execution_weight, p.execution_score, p.total_score, p.grade) == (10.0, 9.04, 93.04, "优")
    assert rows_of(indicators) == [
        ("产出指标", "数量指标", "受理群众来电数量", "≥", "≥12000件", 12000.0, "件", "13250件", 13250.0, 20.0, 20.0),
        ("产出指标", "质量指标", "来电按时办结率", "≥", "≥95%", 95.0, "%", "93%", 93.0, 15.0, 12.0),
        ("产出指标", "时效指标", "来电接通及时性", "定性", "及时", None, None, "部分达成预期指标", None, 15.0, 12.0),
        ("效益指标", "社会效益指标", "提升群众诉求解决质量水平", "定性", "有效提升", None, None, "达成预期指标", None, 30.0, 30.0),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "≥90%", 90.0, "%", "96%", 96.0, 10.0, 10.0),
    ]
    assert [i.reason for i in indicators] == [None, "部分诉求需跨部门协调，办理周期较长。", "高峰时段坐席不足", None, None]
    assert (p.budget_printed, p.total_score_printed, p.indicator_rows_printed) == (True, True, 5)
    # 总额 row 6 read and its 资金结余 passed over, the 其中 row's 4 passed over, 16 in the indicator rows, the
    # total's 100 passed over and 93.04 read: none missed
    assert (coverage.amounts_printed, coverage.amounts_captured, coverage.amounts_skipped) == (29, 23, 6)
    assert coverage.uncaptured is None


@pytest.mark.parametrize("shape", ["fragments", "pieces"])
def test_figures_a_fragment_stream_cannot_place_are_said_to_be_unread(shape):
    """LEFT_BLANK as a PDF text layer prints it: the 总额 row's lone 10 and the total row's lone 100 could each
    stand in several columns, so neither is read, and the form says it printed them."""
    p, indicators, coverage = read(LEFT_BLANK, shape)
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_weight, p.total_score) == (None,) * 5
    assert (p.budget_printed, p.total_score_printed) == (True, True)
    assert [(i.level3, i.target_value, i.actual_value, i.weight, i.score) for i in indicators] == [
        ("数字化加工页数", 20.0, 21.0, 40.0, None), ("加工差错率", 0.5, 0.3, 30.0, None), ("查档群众满意度", 90.0, 95.0, 20.0, None),
    ]
    unread = [part.split(": ")[-1] for part in coverage.uncaptured.split("; ")]
    assert "10" in unread and "100" in unread


# ---------------------------------------------------------------------------------------------
# Two names in a row broken over two rows each (the end of one printed right before the next one's start
# in a fragment stream), and a 偏差原因 that holds a column's label (…设置指标值。), which a text layer cut
# at a narrow width prints as a piece of its own
# ---------------------------------------------------------------------------------------------

TWO_SPLIT_NAMES = [
    "项目支出绩效自评表（2024年度）",
    ["项目名称", "政务云平台运行维护", "", "", "", "", "", "", ""],
    ["主管部门", "某某县数据局", "", "", "实施单位", "某某县大数据中心", "", "", ""],
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "", ""],
    ["年度资金总额", "90.00", "90.00", "88.20", "10", "98%", "9.8", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标（50分）", "数量指标", "运维服务器台数", "≥300台", "320台", "25", "25", ""],
    ["", "", "质量指标", "系统正常运行率", "≥98%", "96%", "25", "20", "实际需求低于年初预计，下一步将科学合理设置指标值。"],
    ["", "效益指标（40分）", "社会效益指标", "保障政务信息", "有效保障", "达成预期指标", "20", "20", ""],
    ["", "", "", "系统稳定运行", "", "", "", "", ""],
    ["", "", "", "营造良好", "明显改善", "达成预期指标", "20", "20", ""],
    ["", "", "", "营商环境", "", "", "", "", ""],
    ["", "满意度指标（10分）", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", "10", "10", ""],
    ["总分", "", "", "", "", "", "100", "94.8", "优"],
]


@pytest.mark.parametrize("shape", SHAPES)
def test_two_names_in_a_row_broken_over_two_rows_and_a_reason_holding_a_column_label(shape):
    p, indicators, coverage = read(TWO_SPLIT_NAMES, shape)
    assert [(i.level1, i.level2, i.level3, i.weight, i.score) for i in indicators] == [
        ("产出指标", "数量指标", "运维服务器台数", 25.0, 25.0),
        ("产出指标", "质量指标", "系统正常运行率", 25.0, 20.0),
        ("效益指标", "社会效益指标", "保障政务信息系统稳定运行", 20.0, 20.0),
        ("效益指标", "社会效益指标", "营造良好营商环境", 20.0, 20.0),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", 10.0, 10.0),
    ]
    assert indicators[1].reason == "实际需求低于年初预计，下一步将科学合理设置指标值。"
    assert [i.reason for i in indicators[2:]] == [None, None, None]
    assert (p.total_score, p.indicator_rows_printed) == (94.8, 5)


# ---------------------------------------------------------------------------------------------
# A name over two rows earlier in the section, then a 偏差原因 whose last line keeps its 。 and a name whose
# last line is one character (按时办结比 | 率): the reason ends the row before, the one character ends a name
# ---------------------------------------------------------------------------------------------

REASON_THEN_SHORT_LINE = [
    "项目支出绩效自评表（2024年度）",
    ["项目名称", "政务服务热线运行", "", "", "", "", "", "", ""],
    ["主管部门", "某某县政务服务中心", "", "", "实施单位", "某某县政务服务中心", "", "", ""],
    ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", "", ""],
    ["年度资金总额", "60.00", "60.00", "57.00", "10", "95%", "9.5", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
    ["", "产出指标（50分）", "数量指标", "开展服务", "≥10次", "12次", "20", "20", ""],
    ["", "", "", "活动次数", "", "", "", "", ""],
    ["", "", "质量指标", "工单回访率", "≥90%", "59%", "20", "13.1", "受项目实施进度影响，部分任务顺延至下年度完成。"],
    ["", "", "", "按时办结比率", "≥95%", "99%", "10", "10", ""],
    ["", "满意度指标（40分）", "服务对象满意度指标", "群众满意度", "≥90%", "95%", "40", "40", ""],
    ["总分", "", "", "", "", "", "100", "92.6", "优"],
]


@pytest.mark.parametrize("shape", SHAPES)
def test_a_reason_ending_on_its_line_and_a_one_character_last_line_stay_with_their_rows(shape):
    p, indicators, coverage = read(REASON_THEN_SHORT_LINE, shape)
    assert [(i.level2, i.level3, i.weight, i.score) for i in indicators] == [
        ("数量指标", "开展服务活动次数", 20.0, 20.0),
        ("质量指标", "工单回访率", 20.0, 13.1),
        ("质量指标", "按时办结比率", 10.0, 10.0),
        ("服务对象满意度指标", "群众满意度", 40.0, 40.0),
    ]
    assert indicators[1].reason == "受项目实施进度影响，部分任务顺延至下年度完成。"
    assert [i.reason for i in indicators[2:]] == [None, None]


@pytest.mark.parametrize("shape", SHAPES)
def test_a_reason_with_a_semicolon_and_no_full_stop_stays_a_reason(shape):
    """A line of a reason ending with ；(a clause, the reason goes on) is no end of the row: what follows is no name."""
    form = [row if not (isinstance(row, list) and row[3] == "工单回访率") else
            row[:8] + ["受项目实施进度影响，部分任务顺延；下年度加快推进"] for row in REASON_THEN_SHORT_LINE]
    p, indicators, coverage = read(form, shape)
    assert [(i.level3, i.weight, i.score) for i in indicators[:2]] == [("开展服务活动次数", 20.0, 20.0), ("工单回访率", 20.0, 13.1)]
    if shape in ("fragments", "pieces"):
        # known limit: with no full stop and no level name between them, nothing in a fragment stream tells where
        # the reason ends and the next row's name begins; the next row's name carries the reason's last words
        assert indicators[2].level3.endswith("按时办结比率")
        return
    assert [i.level3 for i in indicators] == ["开展服务活动次数", "工单回访率", "按时办结比率", "群众满意度"]
    assert indicators[1].reason == "受项目实施进度影响，部分任务顺延；下年度加快推进"


# the conclusion as a fragment stream prints it, a word or a mark per line; a count of projects by grade after
# the form is no project's grade
CONCLUSION_IN_WORDS = ["评价结论", "：", "该项目", "自评等级", "为", "“", "良好", "”", "。"]
COUNT_BY_GRADE_IN_WORDS = ["其中", "：", "自评等级", "为", "“", "优", "”", "的项目", "2", "个", "。"]


@pytest.mark.parametrize("shape", SHAPES)
def test_a_grade_stated_word_by_word_and_a_count_of_projects_by_grade(shape):
    p, _, _ = read(REORDERED[:-1] + CONCLUSION_IN_WORDS, shape)
    assert (p.grade, p.grade_printed) == ("良", "良好")
    p, _, _ = read(REORDERED[:-1] + COUNT_BY_GRADE_IN_WORDS, shape)
    assert (p.grade, p.grade_printed) == (None, None)
    # a sentence about the department's projects after the conclusion leaves the project's grade as it is
    p, _, _ = read(REORDERED[:-1] + CONCLUSION_IN_WORDS + ["本单位共", "3个项目", "。"], shape)
    assert (p.grade, p.grade_printed) == ("良", "良好")


# a name over two rows broken by the page's end: the page number stands between its two rows
NAME_OVER_A_PAGE_BREAK = REASON_THEN_SHORT_LINE[:9] + [
    ["", "效益指标（20分）", "社会效益指标", "增强公共", "持续提升", "达成预期指标", "10", "10", ""],
    "- 33 -",
    ["", "", "", "服务供给能力", "", "", "", "", ""],
] + REASON_THEN_SHORT_LINE[9:]


# the drawn-pieces shape cuts "- 33 -" into a dash, a number and a dash: in a fragment stream that is a blank cell,
# a number and a blank cell as much as a page number, and nothing tells them apart
@pytest.mark.parametrize("shape", [s for s in SHAPES if s != "pieces"])
def test_a_name_over_two_rows_across_a_page_break(shape):
    p, indicators, coverage = read(NAME_OVER_A_PAGE_BREAK, shape)
    assert [i.level3 for i in indicators] == ["开展服务活动次数", "工单回访率", "增强公共服务供给能力", "按时办结比率", "群众满意度"]


# the project's 自评报告 printed after its form restates targets with their operators: no indicator rows
REPORT_AFTER_FORM = ["政务服务热线运行项目绩效自评报告", "三、绩效指标完成情况。", "工单按时办结率目标值", "≥", "95%",
                     "，", "完成值93%", "。"]


@pytest.mark.parametrize("shape", SHAPES)
def test_the_self_evaluation_report_after_a_form_adds_no_indicator(shape):
    p, indicators, coverage = read(REORDERED + REPORT_AFTER_FORM, shape)
    assert [i.level3 for i in indicators] == ["年度受理工单量", "工单按时办结率", "群众诉求解决率", "来电群众满意度"]
