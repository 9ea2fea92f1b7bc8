"""项目支出绩效自评表 extraction from small hand-made block streams, for layouts the development corpus lacks:
a Shanxi form in 元 with its rate as a ratio and the grade in its conclusion, a ruled Sichuan table whose
total prints only its points, the department's total score in a form or only in prose."""

from __future__ import annotations

from ingestion.performance import extract_performance
from ingestion.records import Block


def rows_of(*lines: str, start: int = 1) -> list[Block]:
    """A text dump: tab-separated lines become rows, others text lines (as the text reader does)."""
    blocks = []
    for n, line in enumerate(lines, start=start):
        cells = tuple(c.strip() for c in line.split("\t"))
        if sum(1 for c in cells if c) >= 2:
            blocks.append(Block("row", cells, None, n))
        elif line.strip():
            blocks.append(Block("text", (line.replace("\t", " ").strip(),), None, n))
    return blocks


SHANXI_IN_YUAN = rows_of(
    "## 信息系统运维项目支出绩效自评表",
    "（2023年度）",
    "项目名称\t12345678T000000000001 信息系统运维",
    "（二期）",
    "主管部门及代码\t101-某某市数据局\t\t\t实施单位\t101001-某某市信息中心",
    "项目资金（元）\t年初预算数\t全年预算数\t全年执行数\t资金结余\t分值\t执行率\t得分\t偏差原因",
    "资金总额\t1,000,000.00\t1,200,000.00\t1,182,000.00\t18,000.00\t10\t0.985\t9.85\t",
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    "\t产出指标\t数量指标\t运维系统数量\t≥20个\t22个\t30\t30\t",
    "\t\t时效指标\t故障响应及时性\t及时\t达成预期指标\t30\t\t",
    "\t效益指标\t社会效益指标\t保障系统稳定运行\t有效保障\t达成预期指标\t20\t20\t",
    "\t满意度指标\t服务对象满意度指标\t服务对象满意度\t≥90%\t95%\t10\t10\t",
    "总分\t\t\t\t\t\t100\t89.85\t",
    "项目绩效分析\t项目实施和预算执行情况\t全年执行118.2万元。",
    "结论：该项目自评等级为“优秀”。",
)


def test_row_layout_in_yuan_with_ratio_and_grade_from_text():
    result = extract_performance(SHANXI_IN_YUAN)
    (p,) = result.projects
    assert p.project_name == "信息系统运维（二期）"  # the name continues on the next line
    assert p.project_code == "12345678T000000000001"
    assert (p.competent_dept, p.implementing_unit) == ("某某市数据局", "某某市信息中心")
    assert (p.budget_initial, p.budget_adjusted, p.executed) == (100.0, 120.0, 118.2)  # 元 → 万元
    assert p.execution_rate_pct == 98.5  # a ratio 0.985
    assert (p.execution_weight, p.execution_score) == (10.0, 9.85)
    assert p.total_score == 89.85
    assert p.grade == "优"  # 优秀 in the conclusion
    rows = [i for i in result.indicators if i.project_index == 1]
    assert [r.level3 for r in rows] == ["运维系统数量", "故障响应及时性", "保障系统稳定运行", "服务对象满意度"]
    assert (rows[0].operator, rows[0].target_value, rows[0].unit, rows[0].actual_value) == ("≥", 20.0, "个", 22.0)
    assert (rows[1].level1, rows[1].level2, rows[1].operator) == ("产出指标", "时效指标", "定性")
    assert (rows[1].weight, rows[1].score) == (30.0, None)  # blank 得分 stays None
    assert rows[3].level1 == "满意度指标"


def ruled(rows: list[list[str]], table: int = 0, start: int = 1) -> list[Block]:
    """Rows of one ruled table, as the PDF and Word readers give them (blank cells kept)."""
    return [Block("row", tuple(r), 3, start + n, source_table=table) for n, r in enumerate(rows)]


def test_ruled_table_blank_total_score_and_sichuan_columns():
    blocks = [Block("text", ("部门预算项目支出绩效自评表（2024年度）",), 3, 1)] + ruled(
        [
            ["项目名称", "51010024T000000000009-某某平台运维", "", ""],
            ["主管部门", "某某局", "实施单位", "某某中心"],
            ["预算执行情况（10分）", "年度预算数（万元）", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"],
            ["", "总额", "50.00", "60.00", "45.00", "75.00%", "10", "", ""],
            ["绩效指标（90分）", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重", "得分", "未完成原因分析"],
            ["", "产出指标", "数量指标", "巡检次数", "≥", "12", "次", "12", "40", "", ""],
            ["", "", "质量指标", "系统可用率", "≥", "99", "%", "99.5", "30", "", ""],
            ["", "满意度指标", "服务对象满意度指标", "用户满意度", "≥", "90", "%", "92", "20", "", ""],
            ["合计", "", "", "", "", "", "", "", "100", "", ""],
        ],
        start=2,
    )
    result = extract_performance(blocks)
    (p,) = result.projects
    assert (p.project_code, p.project_name) == ("51010024T000000000009", "某某平台运维")
    assert (p.budget_initial, p.budget_adjusted, p.executed, p.execution_rate_pct) == (50.0, 60.0, 45.0, 75.0)
    assert (p.execution_weight, p.execution_score) == (10.0, None)
    assert p.total_score is None  # the 100 stands in the 权重 column
    rows = result.indicators
    assert [(r.level1, r.level2, r.level3) for r in rows] == [
        ("产出指标", "数量指标", "巡检次数"),
        ("产出指标", "质量指标", "系统可用率"),
        ("满意度指标", "服务对象满意度指标", "用户满意度"),
    ]
    assert [(r.operator, r.target_value, r.unit, r.actual_value, r.weight, r.score) for r in rows] == [
        ("≥", 12.0, "次", 12.0, 40.0, None),
        ("≥", 99.0, "%", 99.5, 30.0, None),
        ("≥", 90.0, "%", 92.0, 20.0, None),
    ]


def test_department_score_from_wrapped_narrative_only():
    """Prose scores belong to the narrative extractor: performance reads only the forms."""
    from ingestion.narrative import extract_narrative

    blocks = rows_of(
        "（四）预算绩效管理情况",
        "本部门组织对2个项目开展了绩效自评，其中项目自评得分92分。履职效能权重15分，自评得分15分。",
        "本部门同时开展了部门整体支出绩效自评，某某局部门整体支出绩效自评得",
        "分为90.2分。项目自评结果详见附件。",
    )
    result = extract_performance(blocks)
    assert result.projects == [] and result.department_scores == []
    scores = [f for f in extract_narrative(blocks) if f.figure == "department_performance_score"]
    assert [(f.value, f.line_no) for f in scores] == [(90.2, 3)]


def test_department_table_total():
    blocks = [Block("text", ("2024年度部门整体支出绩效自评表",), None, 1)] + rows_of(
        "\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
        "\t产出指标\t数量指标\t办件量\t≥30万件\t42万件\t90\t88",
        "总分\t100\t96.5",
        start=2,
    )
    result = extract_performance(blocks)
    assert result.projects == [] and result.indicators == []
    (figure,) = result.department_scores
    assert (figure.figure, figure.value, figure.section) == ("department_performance_score", 96.5, "2024年度部门整体支出绩效自评表")


def test_nothing_in_a_document_without_performance_tables():
    blocks = rows_of("收入支出决算总表", "项目\t金额", "一、一般公共预算财政拨款收入\t100.00")
    assert extract_performance(blocks) == extract_performance([])
