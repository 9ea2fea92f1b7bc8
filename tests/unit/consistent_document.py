"""The consistent document every rule must stay quiet on (its tables, prose, project form), and its prior year."""

from __future__ import annotations

from tests.unit.rule_document import BUDGET, DOC, PAGES, PRIOR, PROJECT_LINE, PROJECT_PAGE, UNIT_BUDGET, Document, document_row


def consistent_document() -> Document:
    d = Document()
    d.documents.append(document_row(DOC, 2024))
    for kind in PAGES:
        d.table(kind, empty=kind == "state_capital")

    # 公开01 收入支出决算总表
    s01 = "income_expense_summary"
    for row, label, raw in [(3, "一、一般公共预算财政拨款收入", "100.00"), (4, "二、政府性基金预算财政拨款收入", "20.00"),
                            (5, "五、事业收入", "5.50"), (6, "八、其他收入", ""), (10, "本年收入合计", "125.50"),
                            (11, "使用非财政拨款结余", ""), (12, "年初结转和结余", "4.50"), (14, "总计", "130.00")]:
        d.cell(s01, row, 2, label, "收入/金额", "total", raw)
    for row, label, raw in [(3, "一、一般公共服务支出", "110.00"), (4, "八、社会保障和就业支出", "15.00"),
                            (5, "二十三、其他支出", ""), (10, "本年支出合计", "125.00"), (11, "结余分配", ""),
                            (12, "年末结转和结余", "5.00"), (14, "总计", "130.00")]:
        d.cell(s01, row, 5, label, "支出/金额", "total", raw)

    # 公开02 收入决算表
    columns02 = [("本年收入合计", "income"), ("财政拨款收入", "fiscal_income"), ("事业收入", "operating_income"),
                 ("其他收入", "other_income")]
    for row, code, values in [(3, None, ("125.50", "120.00", "5.50", "")),
                              (4, "201", ("110.50", "105.00", "5.50", "")), (5, "20101", ("110.50", "105.00", "5.50", "")),
                              (6, "2010101", ("110.50", "105.00", "5.50", "")), (7, "208", ("15.00", "15.00", "", "")),
                              (8, "20805", ("15.00", "15.00", "", "")), (9, "2080505", ("15.00", "15.00", "", ""))]:
        for col, ((column, measure), raw) in enumerate(zip(columns02, values), start=2):
            d.cell("income", row, col, "合计" if code is None else None, column, measure, raw, code,
                   "none" if code is None else "functional")

    # 公开03 支出决算表
    columns03 = [("本年支出合计", "total"), ("基本支出", "basic"), ("项目支出", "project"), ("上缴上级支出", "remit_to_superior")]
    for row, code, values in [(3, None, ("125.00", "85.00", "40.00", "")),
                              (4, "201", ("110.00", "80.00", "30.00", "")), (5, "20101", ("110.00", "80.00", "30.00", "")),
                              (6, "2010101", ("110.00", "80.00", "30.00", "")), (7, "208", ("15.00", "5.00", "10.00", "")),
                              (8, "20805", ("15.00", "5.00", "10.00", "")), (9, "2080505", ("15.00", "5.00", "10.00", ""))]:
        for col, ((column, measure), raw) in enumerate(zip(columns03, values), start=2):
            d.cell("expense", row, col, "合计" if code is None else None, column, measure, raw, code,
                   "none" if code is None else "functional")

    # 公开04 财政拨款收入支出决算总表
    s04 = "fiscal_income_expense_summary"
    for row, label, raw in [(3, "一、一般公共预算财政拨款", "100.00"), (4, "二、政府性基金预算财政拨款", "20.00"),
                            (10, "本年收入合计", "120.00"), (11, "年初财政拨款结转和结余", "4.50"),
                            (12, "一般公共预算财政拨款", "4.50"), (14, "总计", "124.50")]:
        d.cell(s04, row, 2, label, "收入/金额", "total", raw)
    for row, label, values in [(3, "一、一般公共服务支出", ("104.50", "104.50", "")),
                               (4, "八、社会保障和就业支出", ("20.00", "", "20.00")),
                               (10, "本年支出合计", ("124.50", "104.50", "20.00")),
                               (11, "年末财政拨款结转和结余", ("", "", "")), (14, "总计", ("124.50", "104.50", "20.00"))]:
        for col, (column, measure), raw in zip((5, 6, 7), [("支出/合计", "total"), ("支出/一般公共预算财政拨款", "general_public_budget"),
                                                          ("支出/政府性基金预算财政拨款", "government_fund")], values):
            d.cell(s04, row, col, label, column, measure, raw)

    # 公开05 一般公共预算财政拨款支出决算表
    columns05 = [("本年支出/小计", "total"), ("本年支出/基本支出", "basic"), ("本年支出/项目支出", "project")]
    for row, code, values in [(3, None, ("104.50", "80.00", "24.50")), (4, "201", ("104.50", "80.00", "24.50")),
                              (5, "20101", ("104.50", "80.00", "24.50")), (6, "2010101", ("104.50", "80.00", "24.50"))]:
        for col, ((column, measure), raw) in enumerate(zip(columns05, values), start=2):
            d.cell("general_public_budget_expense", row, col, "合计" if code is None else None, column, measure, raw, code,
                   "none" if code is None else "functional")

    # 公开06 基本支出决算明细表 (人员经费 and 公用经费 side by side)
    s06 = "general_public_budget_basic_expense"
    for row, code, raw in [(2, "301", "60.00"), (3, "30101", "40.00"), (4, "30102", "20.00")]:
        d.cell(s06, row, 2, None, "人员经费/决算数", "actual", raw, code, "economic")
    for row, code, raw in [(2, "302", "20.00"), (3, "30201", "20.00")]:
        d.cell(s06, row, 5, None, "公用经费/决算数", "actual", raw, code, "economic")
    d.cell(s06, 10, 2, "人员经费合计", "人员经费/决算数", "actual", "60.00")

    # 公开07 政府性基金; 公开08 is empty and says so
    for col, (column, measure), raw in zip((2, 3, 4), [("本年支出/小计", "total"), ("本年支出/基本支出", "basic"),
                                                      ("本年支出/项目支出", "project")], ("20.00", "", "20.00")):
        d.cell("government_fund", 3, col, "合计", column, measure, raw)

    # 公开09 三公 (one row: 预算数 then 决算数)
    three = [("合计", "total", "6.00", "5.00"), ("因公出国(境)费", "budget", "1.00", "0.50"),
             ("公务用车购置及运行维护费/小计", "total", "3.00", "3.00"), ("公务用车购置及运行维护费/公务用车购置费", "budget", "1.00", "1.00"),
             ("公务用车购置及运行维护费/公务用车运行维护费", "budget", "2.00", "2.00"), ("公务接待费", "budget", "2.00", "1.50")]
    for col, (column, measure, budget, actual) in enumerate(three):
        d.cell("three_public", 4, col, None, f"预算数/{column}", measure, budget)
        d.cell("three_public", 4, col + 6, None, f"决算数/{column}", "actual" if measure == "budget" else measure, actual)

    # the figures dbt locates in the tables (int_table_figures_located)
    for figure, value, kind in [
        ("income_total", 125.50, s01), ("income_grand_total", 130.00, s01), ("expense_total", 125.00, s01),
        ("expense_grand_total", 130.00, s01), ("income_general_public_budget", 100.00, s01),
        ("income_government_fund", 20.00, s01), ("expense_basic", 85.00, "expense"), ("expense_project", 40.00, "expense"),
        ("expense_general_public_budget", 104.50, s04), ("general_public_budget_basic", 80.00, "general_public_budget_expense"),
        ("general_public_budget_project", 24.50, "general_public_budget_expense"), ("personnel_expense", 60.00, s06),
        ("three_public_budget_total", 6.00, "three_public"), ("three_public_actual_total", 5.00, "three_public"),
        ("three_public_outbound_travel_budget", 1.00, "three_public"), ("three_public_outbound_travel", 0.50, "three_public"),
        ("three_public_vehicle_total_budget", 3.00, "three_public"), ("three_public_vehicle_total", 3.00, "three_public"),
        ("three_public_vehicle_purchase_budget", 1.00, "three_public"), ("three_public_vehicle_purchase", 1.00, "three_public"),
        ("three_public_vehicle_operation_budget", 2.00, "three_public"), ("three_public_vehicle_operation", 2.00, "three_public"),
        ("three_public_reception_budget", 2.00, "three_public"), ("three_public_reception", 1.50, "three_public"),
    ]:
        d.locate(figure, value, kind)

    # the narrative (情况说明)
    income = "本年收入合计125.50万元，其中：一般公共预算财政拨款收入100.00万元，占79.68%；政府性基金预算财政拨款收入20.00万元，占15.94%；事业收入5.50万元，占4.38%。"
    d.say(20, "二、收入决算情况说明", income, [("income_total", 125.50, "万元"), ("income_general_public_budget", 100.00, "万元"),
                                            ("income_general_public_budget_share_pct", 79.68, "%"), ("income_government_fund", 20.00, "万元"),
                                            ("income_government_fund_share_pct", 15.94, "%"), ("income_business", 5.50, "万元"),
                                            ("income_business_share_pct", 4.38, "%")])
    expense = "本年支出合计125.00万元，其中：基本支出85.00万元，占68%；项目支出40.00万元，占32%。"
    d.say(22, "三、支出决算情况说明", expense, [("expense_total", 125.00, "万元"), ("expense_basic", 85.00, "万元"),
                                             ("expense_basic_share_pct", 68.0, "%"), ("expense_project", 40.00, "万元"),
                                             ("expense_project_share_pct", 32.0, "%")])
    gpb = "一般公共预算财政拨款支出104.50万元，主要用于：一般公共服务（类）支出104.50万元，占100%。"
    d.say(26, "五、一般公共预算财政拨款支出决算情况说明", gpb, [("expense_general_public_budget", 104.50, "万元")])
    d.say(26, "五、一般公共预算财政拨款支出决算情况说明", gpb, [("general_public_budget_class_expense", 104.50, "万元"),
                                                        ("general_public_budget_class_expense_share_pct", 100.0, "%")], code="201")
    d.say(27, "五、一般公共预算财政拨款支出决算情况说明", "一般公共服务支出（类）人大事务（款）行政运行（项）：支出决算为104.50万元。",
          [("functional_expense", 104.50, "万元")], code="2010101")
    basic = "一般公共预算财政拨款基本支出80.00万元，其中：人员经费60.00万元；公用经费20.00万元。"
    d.say(30, "六、一般公共预算财政拨款基本支出决算情况说明", basic, [("general_public_budget_basic", 80.00, "万元"),
                                                             ("personnel_expense", 60.00, "万元"), ("public_expense", 20.00, "万元")])
    three_total = "“三公”经费财政拨款支出决算为5.00万元，完成预算83.33%，比上年减少1.00万元，下降16.67%。"
    d.say(32, "七、“三公”经费财政拨款支出决算情况说明", three_total, [
        ("three_public_actual_total", 5.00, "万元"), ("three_public_completion_pct", 83.33, "%"),
        ("three_public_yoy_change", -1.00, "万元"), ("three_public_yoy_pct", -16.67, "%")])
    three_parts = ("因公出国（境）费0.50万元，占10%，比上年减少0.50万元；公务用车购置及运行维护费3.00万元，占60%，与上年持平；"
                   "公务接待费1.50万元，占30%，比上年减少0.50万元。")
    d.say(33, "七、“三公”经费财政拨款支出决算情况说明", three_parts, [
        ("three_public_outbound_travel", 0.50, "万元"), ("three_public_outbound_travel_share_pct", 10.0, "%"),
        ("three_public_outbound_travel_yoy_change", -0.50, "万元"),
        ("three_public_vehicle_total", 3.00, "万元"), ("three_public_vehicle_total_share_pct", 60.0, "%"),
        ("three_public_reception", 1.50, "万元"), ("three_public_reception_share_pct", 30.0, "%"),
        ("three_public_reception_yoy_change", -0.50, "万元")])
    _prose(d)

    # what each table prints, as the extractor counts it
    for table in d.tables:
        d.printed[table["table_index"]] = sum(
            1 for f in d.facts if f["table_index"] == table["table_index"] and f["value_kind"] in ("number", "zero"))

    # one project self-evaluation: 10 (execution) + 3 × 30 (indicators) = 100
    d.projects.append({"document_id": DOC, "project_index": 1, "project_name": "数据平台运维", "budget_initial": 50.0,
                       "budget_adjusted": 50.0, "executed": 45.0, "execution_rate_pct": 90.0, "execution_score": 9.0,
                       "execution_weight": 10.0, "total_score": 89.0, "grade": "良", "page": PROJECT_PAGE, "line_no": PROJECT_LINE,
                       "budget_printed": True, "total_score_printed": True, "indicator_rows_printed": 3})
    for index, (level3, weight, score) in enumerate([("平台数量", 30.0, 30.0), ("运行率", 30.0, 25.0), ("满意度", 30.0, 25.0)], 1):
        d.indicators.append({"document_id": DOC, "project_index": 1, "project_name": "数据平台运维", "indicator_index": index,
                             "level3": level3, "weight": weight, "score": score, "page": PROJECT_PAGE, "line_no": None})
    return d


def _prose(d: Document) -> None:
    """The headings and sentences the text rules read, beyond the figures' sentences: the title, a part heading, the
    budget paragraph with its comparison word, a change with both years' amounts, a 截至 date, a 主要包括 list and the
    project form's own text."""
    d.write(1, "测试市数据局2024年度部门决算", kind="title", page=1)
    d.write(3, "第一部分 测试市数据局概况", kind="heading", level=0, page=1)
    d.write(19, "二、收入决算情况说明", kind="heading", level=1, section="二、收入决算情况说明")
    section5 = "五、一般公共预算财政拨款支出决算情况说明"
    budget = "一般公共预算财政拨款支出年初预算为100.00万元，全年预算为110.00万元，支出决算为104.50万元，完成全年预算的95%。"
    d.say(28, section5, budget, [("expense_general_public_budget_budget_initial", 100.00, "万元"),
                                 ("expense_general_public_budget_budget", 110.00, "万元"),
                                 ("expense_general_public_budget", 104.50, "万元"),
                                 ("expense_general_public_budget_completion_pct", 95.0, "%")])
    d.sentence("完成全年预算的95%")["paragraph_index"] = 28
    d.write(28, "决算数小于全年预算数的主要原因是项目调减。", section=section5, paragraph=28)
    d.write(31, "人员经费主要包括：基本工资、津贴补贴等；公用经费主要包括：办公费。",
            section="六、一般公共预算财政拨款基本支出决算情况说明")
    other = "十、其他重要事项的情况说明"
    d.write(34, "2024年机关运行经费20.00万元，2023年为18.00万元，比2023年增加2.00万元，增长11.11%。", section=other)
    d.write(36, "截至2024年12月31日，测试市数据局共有车辆2辆。", section=other)
    d.write(38, "绩效自评的2024年度项目1个，平均得分89.00分（其中，绩效评级为“优”的项目0个；绩效评级为“良”的项目1个；"
                "绩效评级为“合格”的项目0个）。", section=other)
    d.write(PROJECT_LINE + 10, "预算下达50万元，实际执行45万元，预算执行率为90%，自评得分89分。", kind="cell", page=PROJECT_PAGE)


def with_prior_year(d: Document, prior_total: float = 6.00) -> Document:
    """The department's other documents: its 2023 document, as far as the year-on-year rule reads it, and its prose (a
    department founded that year, whose totals therefore carry nothing over); and its published 2024 部门预算."""
    d.documents.append(document_row(PRIOR, 2023))
    d.locate("three_public_actual_total", prior_total, "three_public", document_id=PRIOR)
    section = "一、收入支出决算总体情况说明"
    d.say(14, section, "2023年度收入、支出总计均为50.00万元。", [("income_grand_total", 50.00, "万元"),
                                                          ("expense_grand_total", 50.00, "万元")], document_id=PRIOR)
    d.say(15, section, "本年收入合计50.00万元，本年支出合计50.00万元。", [("income_total", 50.00, "万元"),
                                                                 ("expense_total", 50.00, "万元")], document_id=PRIOR)
    d.write(16, "本部门于2023年新成立。", section=section, document_id=PRIOR)
    # the department's published 部门预算 of the year: its 一般公共预算 budget is the 年初预算 the 决算 states (100.00)
    d.documents.append(document_row(BUDGET, 2024, doc_kind="budget"))
    d.located.append({"document_id": BUDGET, "figure": "expense_general_public_budget", "value": 100.00, "unit": "万元",
                      "table_kind": "budget_general_public_budget_expense", "table_index": 0, "page": 5, "line_no": None,
                      "row_label": "合计", "column_label": "一般公共预算支出/合计", "raw_text": "1,000,000.00"})
    # and the 单位预算 of its own unit: the department has one unit, so the two budget the same
    d.documents.append(document_row(UNIT_BUDGET, 2024, doc_kind="budget", scope="unit"))
    d.located.append({"document_id": UNIT_BUDGET, "figure": "expense_general_public_budget", "value": 100.00,
                      "unit": "万元", "table_kind": "budget_general_public_budget_expense", "table_index": 0, "page": 4,
                      "line_no": None, "row_label": "合计", "column_label": "一般公共预算支出/合计", "raw_text": "1,000,000.00"})
    return d
