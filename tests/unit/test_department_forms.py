"""The 部门整体支出绩效自评表 and the 部门整体支出绩效评价基础数据表 as table facts: the department's budget, execution,
rate and total score, the indicators, the staff counts and the 经费控制 rows, each under the column it is printed in,
with its line; every printed figure no fact holds counted missed. Synthetic forms, then the two corpus documents
that print them (skipped without ../shared/corpus)."""

from __future__ import annotations

from ingestion.document import extract_document
from ingestion.performance import extract_performance
from ingestion.tables import read_tables
from tests.conftest import corpus_file
from tests.unit.test_performance_blocks import rows_of


def facts_of(tables, kind):
    return [f for t in tables if t.kind == kind for f in t.facts]


def cell(facts, row, column):
    (found,) = [f for f in facts if f.row_label == row and f.column_label.endswith(column)]
    return found


DEPARTMENT_FORM = rows_of(
    "2024年度部门整体支出绩效自评表",
    "部门名称\t某某县数据局",
    "年度预算申请（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分",
    "\t年度资金总额\t500.00\t640.00\t620.80\t10\t97.00%\t9.7",
    "\t其中：一般公共预算：600.80\t其中：基本支出：120.00",
    "年度总体目标\t预期目标\t实际完成情况",
    "绩效指标\t一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施",
    "\t产出指标\t数量指标\t数据归集量\t≥100万条\t120万条\t40\t40\t",
    "\t效益指标\t社会效益指标\t数据共享水平\t提升\t有效提升\t40\t38\t",
    "\t满意度指标\t服务对象满意度指标\t群众满意度\t≥90%\t95%\t10\t10\t",
    "总分\t\t\t\t\t\t100\t97.7\t",
)

BASIC_DATA = rows_of(
    "2024年度部门整体支出绩效评价基础数据表",
    "财政供养人员情况（人）\t编制数\t2024年实际在职人数\t控制率",
    "\t12\t15\t125%",
    "经费控制情况（万元）\t2023年决算数\t2024年预算数\t2024年决算数",
    "三公经费\t1.20\t1.00\t0.80",
    "项目支出：\t300.00\t280.00\t310.50",
    "政府采购金额\t——\t\t",
    "说明：“项目支出”需要填报基本支出以外的所有项目支出情况。",
)


def test_department_form_facts():
    tables = extract_performance(DEPARTMENT_FORM).tables
    facts = facts_of(tables, "department_performance")
    budget = {f.measure: f.value for f in facts if f.row_label == "年度资金总额"}
    assert budget == {"budget_initial": 500.0, "budget": 640.0, "executed": 620.8, "weight": 10.0, "rate": 97.0,
                      "score": 9.7}
    assert cell(facts, "年度资金总额", "全年执行数").line_no == 4
    assert cell(facts, "年度资金总额", "执行率").unit == "%"
    assert cell(facts, "一般公共预算", "资金来源").value == 600.8
    indicator = cell(facts, "数据归集量", "实际完成值")
    assert (indicator.value, indicator.unit, indicator.row_group) == (120.0, "万条", "产出指标/数量指标")
    assert cell(facts, "数据共享水平", "得分").value == 38.0
    total = cell(facts, "总分", "得分")
    assert (total.value, total.measure, total.line_no) == (97.7, "score", 11)
    (table,) = [t for t in tables if t.kind == "department_performance"]
    assert table.coverage.amounts_printed == table.coverage.amounts_captured


def test_basic_data_facts():
    (table,) = extract_performance(BASIC_DATA).tables
    facts = table.facts
    staff = {f.column_label: (f.value, f.unit, f.measure) for f in facts if f.row_label == "财政供养人员情况"}
    assert staff == {"编制数": (12.0, "人", "value"), "2024年实际在职人数": (15.0, "人", "value"),
                     "控制率": (125.0, "%", "rate")}
    three = {f.measure: f.amount_wan for f in facts if f.row_label == "三公经费"}
    assert three == {"prior_actual": 1.2, "budget": 1.0, "actual": 0.8}  # years against the title's 2024
    assert cell(facts, "项目支出", "2024年决算数").line_no == 6
    assert (table.coverage.amounts_printed, table.coverage.amounts_captured) == (9, 9)  # the dash is no figure


def test_basic_data_figure_under_no_column_is_missed():
    blocks = rows_of(
        "2024年度部门整体支出绩效评价基础数据表",
        "经费控制情况（万元）\t2023年决算数\t2024年预算数",
        "三公经费\t1.20\t1.00\t0.80",
    )
    (table,) = extract_performance(blocks).tables
    assert (table.coverage.amounts_printed, table.coverage.amounts_captured) == (3, 2)
    assert "0.80" in table.coverage.uncaptured


def test_forms_attach_to_their_table_records(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text("\n".join("\t".join(b.cells) for b in BASIC_DATA + DEPARTMENT_FORM), encoding="utf-8")
    extraction = extract_document(path)
    kinds = {t.table_index: t.table_kind for t in extraction.tables}
    performance = [f for f in extraction.facts if kinds.get(f.table_index) in ("department_performance",
                                                                              "performance_basic_data")]
    assert {kinds[f.table_index] for f in performance} == {"department_performance", "performance_basic_data"}
    covered = {c.part_index for c in extraction.coverage if c.part == "table"}
    assert {f.table_index for f in performance} <= covered


# ------------------------------------------------------------------ the corpus


def test_junshan_department_form_and_basic_data():
    extraction = extract_document(corpus_file("texts/junshan-data-bureau-2024-performance.txt"))
    kinds = {t.table_index: t.table_kind for t in extraction.tables}
    basic = [f for f in extraction.facts if kinds[f.table_index] == "performance_basic_data"]
    staff = {f.column_label: (f.value, f.line_no) for f in basic if f.row_label == "财政供养人员情况"}
    assert staff == {"编制数": (20.0, 52), "2024年实际在职人数": (37.0, 53), "控制率": (185.0, 54)}
    three = {f.measure: f.value for f in basic if f.row_label == "三公经费"}
    assert three == {"prior_actual": 0.97, "budget": 0.5, "actual": 0.17}
    assert cell(basic, "项目支出", "2024年决算数").value == 1702.25
    assert cell(basic, "公用经费", "2024年预算数").value == 19.74
    assert len(basic) == 30
    form = [f for f in extraction.facts if kinds[f.table_index] == "department_performance"]
    budget = {f.column_label: f.value for f in form if f.row_label == "年度资金总额"}
    assert budget == {"年初预算数": 1116.88, "全年预算数": 1902.06, "全年执行数": 1885.44, "分值": 10.0,
                      "执行率": 99.13, "得分": 9.0}
    assert cell(form, "年度资金总额", "执行率").line_no == 197
    assert cell(form, "总分", "得分").value == 98.0
    assert cell(form, "财政资金支出", "实际完成值").value == 1885.44
    assert cell(form, "一般公共预算", "按收入性质分").value == 1775.55
    coverage = {c.part_index: c for c in extraction.coverage if c.part == "table"}
    for index, kind in kinds.items():
        if kind in ("department_performance", "performance_basic_data"):
            assert coverage[index].amounts_printed == coverage[index].amounts_captured, coverage[index]


def test_luzhou_department_form():
    extraction = extract_document(corpus_file("texts/luzhou-economy-it-bureau-2023-final.txt"))
    (record,) = [t for t in extraction.tables if t.table_kind == "department_performance"]
    form = [f for f in extraction.facts if f.table_index == record.table_index]
    budget = {f.column_label: (f.value, f.measure) for f in form if f.row_label == "年度部门整体支出预算"}
    assert budget == {"资金总额": (28149.24, "budget"), "财政拨款": (24253.24, "fiscal"), "其他资金": (0.0, "other")}
    cost = [f for f in form if f.row_label == "企业安全及工业经济工作有序正常开展"]
    assert {f.column_label: f.value for f in cost} == {"绩效指标值": 8139.77, "实际完成指标值": 7790.58, "权重": 4.0}
    assert cell(form, "企业安全及工业经济工作有序正常开展", "实际完成指标值").line_no == 478
    assert len({f.row_label for f in form if f.measure == "actual"}) >= 20
    (coverage,) = [c for c in extraction.coverage if c.part == "table" and c.part_index == record.table_index]
    assert (coverage.amounts_printed, coverage.amounts_captured) == (77, 77)


def test_form_cells_are_not_prose():
    # the title line above a one-cell-per-line form once swallowed its cells into a paragraph, and the narrative's
    # coverage counted "控制率2037185%" (l.54) and "1885.441099.13%" (l.197) as prose figures it missed
    extraction = extract_document(corpus_file("texts/junshan-data-bureau-2024-performance.txt"))
    sections = [c for c in extraction.coverage if c.part == "narrative_section"]
    assert not any("2037185" in (c.uncaptured or "") or "1099.13" in (c.uncaptured or "") for c in sections)
    (cells,) = [s for s in extraction.sentences if "185%" in s.text]
    assert cells.kind == "cell" and "基础数据表" not in cells.text  # the title stays a title of its own


def test_narrative_states_the_department_budget_and_execution():
    from ingestion.narrative import extract_narrative
    from tests.unit.narrative_helpers import blocks, values

    figures = extract_narrative(blocks(
        "三、部门预算绩效分析",
        "2.预算管理。2023年收入全年预算1,250.50万元，决算支出1200.48万元，执行率96.00%，年底无结转结余。",
        "项目执行。该项目全年预算40万元，执行40万元，执行率100%。",
    ))
    assert values(figures, "department_budget") == [1250.5]
    assert values(figures, "department_executed") == [1200.48]
    assert values(figures, "department_execution_rate_pct") == [96.0]  # not the project's 100%


def test_luzhou_narrative_department_budget():
    extraction = extract_document(corpus_file("texts/luzhou-economy-it-bureau-2023-final.txt"))
    stated = {f.figure: (f.value, f.line_no) for f in extraction.narrative if f.figure.startswith("department_")
              and f.figure != "department_performance_score"}
    assert stated == {"department_budget": (28149.57, 181), "department_executed": (24253.58, 181),
                      "department_execution_rate_pct": (86.17, 181)}


def test_a_form_no_reader_reads_counts_its_figures_missed():
    # the table path alone: the form is recognised, and until a form reader reads it every figure counts missed
    records, facts, coverage = read_tables(BASIC_DATA)
    (record,) = [t for t in records if t.table_kind == "performance_basic_data"]
    (counted,) = [c for c in coverage if c.part_index == record.table_index]
    assert counted.amounts_printed > 0 and counted.amounts_captured == 0 and not facts
    assert "no form reader read this table" in counted.uncaptured


def test_the_form_reader_s_count_replaces_the_table_path_s(tmp_path):
    path = tmp_path / "form.txt"
    path.write_text("\n".join("\t".join(b.cells) for b in BASIC_DATA), encoding="utf-8")
    extraction = extract_document(path)
    (record,) = [t for t in extraction.tables if t.table_kind == "performance_basic_data"]
    (counted,) = [c for c in extraction.coverage if c.part == "table" and c.part_index == record.table_index]
    assert counted.amounts_captured == counted.amounts_printed - counted.amounts_skipped > 0
