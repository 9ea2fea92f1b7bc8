"""Narrative figures (情况说明 prose) from synthetic statements; real documents are in test_narrative_corpus.py."""

from __future__ import annotations


import pytest

from ingestion.classification import load_functional_classification, lookup_class_code, lookup_functional_code
from ingestion.narrative import extract_narrative, reconstruct_sentences
from tests.unit.narrative_helpers import blocks, first, value, values

# --------------------------------------------------------------------------------------------
# synthetic statements
# --------------------------------------------------------------------------------------------


def test_yuan_amounts_are_converted_to_wan():
    figs = extract_narrative(blocks("2023年度本年收入合计12,345,678.90元，其中：财政拨款收入12,000,000元，占97.2%。"))
    income = first(figs, "income_total")
    assert (income.value, income.unit, income.value_wan) == (12345678.9, "元", pytest.approx(1234.56789))
    fiscal = first(figs, "income_fiscal")
    assert fiscal.value_wan == pytest.approx(1200.0)
    share = first(figs, "income_fiscal_share_pct")
    assert (share.value, share.unit, share.value_wan) == (97.2, "%", None)


def test_decrease_gives_negative_year_on_year_change():
    figs = extract_narrative(
        blocks(
            "2023年度机关运行经费支出50.5万元，比上年减少3.2万元，下降5.96%。主要原因是严格控制一般性支出。",
            "2023年度政府采购支出总额80万元，比2022年度增加10万元，增长14.29%。",
        )
    )
    assert value(figs, "org_operating_expense") == 50.5
    assert value(figs, "org_operating_expense_yoy_change") == -3.2
    assert value(figs, "org_operating_expense_yoy_pct") == -5.96
    assert value(figs, "procurement_total_yoy_change") == 10
    assert value(figs, "procurement_total_yoy_pct") == 14.29
    # the reason that follows travels with the sentence
    assert "主要原因" in first(figs, "org_operating_expense_yoy_change").sentence


def test_prior_year_value_and_three_public_names():
    figs = extract_narrative(
        blocks(
            "2023年度“三公”经费财政拨款支出全年预算20万元，支出决算为12万元，完成全年预算的60%，比上年的15万元减少3万元，下降20%。",
        )
    )
    assert value(figs, "three_public_budget_total") == 20
    assert value(figs, "three_public_actual_total") == 12
    assert value(figs, "three_public_completion_pct") == 60
    assert value(figs, "three_public_prior_year_actual_total") == 15
    assert value(figs, "three_public_yoy_change") == -3
    assert value(figs, "three_public_yoy_pct") == -20


def test_restatement_flag_and_captions():
    figs = extract_narrative(
        blocks(
            "二、收入决算情况说明",
            "2024年度本年收入合计2098.1万元，其中：一般公共预算财政拨款收入1636.45万元，占78%。",
            "附件：2024年度本年收入合计2098.1万元。",
            "2024年度本年收入合计2100万元。",
            "图2：收入决算结构图",
            "单位：万元",
            "一般公共预算财政拨款收入：",
            "1636.45, 78%",
            "政府性基金预算财政拨款收入：",
            "461.64, 22%",
        )
    )
    totals = [(f.value, f.is_restatement) for f in figs if f.figure == "income_total"]
    assert totals == [(2098.1, False), (2098.1, True), (2100.0, False)]
    gpb = [(f.value, f.unit, f.is_restatement) for f in figs if f.figure == "income_general_public_budget"]
    assert gpb == [(1636.45, "万元", False), (1636.45, "万元", True)]
    assert [f.is_restatement for f in figs if f.figure == "income_general_public_budget_share_pct"] == [False, True]
    # a caption value no sentence stated creates no fact
    assert values(figs, "income_government_fund") == []


def test_fragments_are_rejoined_and_keep_their_start_line():
    figs = extract_narrative(
        blocks(
            "三、支出决算情况说明",
            "2023年度本年支出合计",
            "1,234.5",
            "万元，其中：基本支",
            "出1,000万元，占81%；项目支出234.5万元，占19%。",
        )
    )
    total = first(figs, "expense_total")
    assert (total.value, total.line_no, total.section) == (1234.5, 2, "三、支出决算情况说明")
    assert total.sentence.startswith("2023年度本年支出合计1,234.5万元")
    assert value(figs, "expense_basic") == 1000
    assert value(figs, "expense_basic_share_pct") == 81
    assert value(figs, "expense_project") == 234.5


def test_headings_toc_and_list_items_are_not_glued():
    sentences = reconstruct_sentences(
        blocks(
            "目录",
            "一、收入支出决算总体情况说明……3",
            "二、收入决算情况说明……4",
            "一、收入支出决算总体情况说明",
            "2023年度收入、支出总计均为100万元。与上年相比，收、支总计各增加",
            "5万元，增长5.26%。",
            "（三）一般公共预算财政拨款支出决算具体情况",
            "2023年度一般公共预算财政拨款支出决算数为100万元，完成预算100%。其中：",
            "1.一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：支出决算为60万元，完成预算100%。",
            "2.住房保障支出（类）住房改革支出（款）住房公积金（项）：支出决算为40万元，完成预算95.5%。",
        )
    )
    texts = [s.text for s in sentences]
    assert "与上年相比，收、支总计各增加5万元，增长5.26%。" in texts
    assert not any("说明" in t and "万元" in t for t in texts)  # no heading glued to a sentence
    assert texts[-2].startswith("1.一般公共服务（类）")
    # TOC entries set no section; the （三） sub-heading keeps the 一、 section
    assert [s.section for s in sentences] == [None] + ["一、收入支出决算总体情况说明"] * (len(sentences) - 1)

    figs = extract_narrative(
        blocks(
            "一、收入支出决算总体情况说明",
            "2023年度收入、支出总计均为100万元。与上年相比，收、支总计各增加",
            "5万元，增长5.26%。",
            "其中：",
            "1.一般公共服务（类）政府办公厅（室）及相关机构事务（款）行政运行（项）：支出决算为60万元，完成预算100%。",
            "2.住房保障支出(类)住房改革支出(款)住房公积金(项)：支出决算为40万元，完成预算95.5%。",
        )
    )
    assert value(figs, "income_grand_total") == 100 and value(figs, "expense_grand_total") == 100
    assert value(figs, "income_grand_total_yoy_change") == 5
    assert value(figs, "functional_expense", "2010301") == 60
    assert value(figs, "functional_expense_completion_pct", "2010301") == 100
    assert value(figs, "functional_expense", "2210201") == 40
    assert value(figs, "functional_expense_completion_pct", "2210201") == 95.5


def test_reason_clauses_create_no_figures():
    figs = extract_narrative(
        blocks(
            "七、财政拨款“三公”经费支出决算情况说明",
            "公务接待费支出0万元，比上年度减少0.7万元，下降100%，主要原因是：2022年公务接待费用0.7万元，"
            "公务用车购置及运行维护费4.6万元；2023年未安排公务用车经费1.95万元。",
        )
    )
    assert value(figs, "three_public_reception") == 0
    assert value(figs, "three_public_reception_yoy_change") == -0.7
    assert values(figs, "three_public_vehicle_total") == []
    assert values(figs, "three_public_reception") == [0]


def test_counts_vehicles_equipment_and_scores():
    figs = extract_narrative(
        blocks(
            "七、财政拨款“三公”经费支出决算情况说明",
            "1.因公出国（境）费支出2万元，全年安排因公出国（境）团组1个，出国（境）3人。",
            "2.公务用车购置及运行维护费支出5万元，其中：公务用车购置支出0万元，全年购置公务用车0辆，截至年末单位共有公务用车2辆。",
            "3.公务接待费支出1.5万元。国内公务接待12批次，150人次。",
            "十、其他重要事项的情况说明",
            "截至2023年12月31日，本部门共有车辆3辆，其中：机要通信用车1辆、其他用车2辆。单价100万元（含）以上设备（不含车辆）4台（套）。",
            "组织对8个项目开展绩效自评，部门整体支出绩效自评得分为95.5分。",
        )
    )
    assert value(figs, "three_public_outbound_groups") == 1
    assert value(figs, "three_public_outbound_persons") == 3
    assert value(figs, "three_public_vehicles_purchased") == 0
    assert value(figs, "three_public_vehicles_owned") == 2
    assert value(figs, "three_public_reception_batches_domestic") == 12
    assert first(figs, "three_public_reception_persons_domestic").unit == "人次"
    assert value(figs, "vehicles_owned") == 3
    assert value(figs, "vehicles_owned_confidential_communication") == 1
    assert value(figs, "equipment_over_1m") == 4
    assert value(figs, "projects_evaluated") == 8
    score = first(figs, "department_performance_score")
    assert (score.value, score.unit, score.value_wan) == (95.5, "分", None)


def test_the_projects_counted_at_each_stage_of_performance_management():
    figs = extract_narrative(
        blocks(
            "（四）预算绩效管理情况",
            "根据预算绩效管理要求，本部门在2024年度预算编制阶段，组织对“智慧城市”项目等5个项目开展了预算事前绩效评估，"
            "对21个二级项目编制了绩效目标，预算执行过程中，选取18个项目开展绩效监控，组织对21个项目开展绩效自评。",
            "共有3个项目申请了资金。",  # a count of no stage: not one of them
        )
    )
    other = extract_narrative(blocks("（四）预算绩效管理情况", "对本部门23个项目开展绩效目标运行监控，对全部30个项目编制了绩效目标。"))
    assert {f.figure: f.value for f in other} == {"projects_monitored": 23, "performance_target_projects": 30}
    assert {f.figure: f.value for f in figs if f.figure.startswith(("projects_", "performance_target"))} == {
        "projects_pre_assessed": 5, "performance_target_projects": 21, "projects_monitored": 18, "projects_evaluated": 21}
    assert first(figs, "projects_monitored").unit == "个"


def test_functional_classification_lookup():
    assert lookup_functional_code("一般公共服务（类）", "政府办公厅（室）及相关机构事务", "行政运行") == "2010301"
    assert lookup_functional_code("一般公共服务支出", "政府办公厅(室)及相关机构事务(款)", "行政运行(项)") == "2010301"
    assert lookup_functional_code("社会保障和就业支出", "行政事业单位养老支出", "机关事业单位养老保险缴费支出") == "2080505"
    assert lookup_functional_code("住房保障支出（类）", "住房改革支出") == "22102"
    assert lookup_functional_code("住房保障") == "221"
    assert lookup_class_code("资源勘探信息等支出") == "215"
    assert lookup_class_code("基本支出") is None
    assert lookup_functional_code("一般公共服务", "不存在的款") is None


def test_the_seed_is_the_only_list_of_codes(tmp_path):
    table = load_functional_classification()
    assert table["2010301"].name == "行政运行" and table["2010301"].parent_code == "20103"
    with pytest.raises(FileNotFoundError, match="absent.csv"):
        load_functional_classification(str(tmp_path / "absent.csv"))


def test_annex_headings_in_their_common_forms():
    for heading in ("附件1", "附件 1", "附件2：部门整体支出绩效评价报告"):
        figs = extract_narrative(blocks(heading, "二、部门资金收支情况", "本年支出合计100万元。"))
        assert first(figs, "expense_total").section.endswith("› 二、部门资金收支情况"), heading
