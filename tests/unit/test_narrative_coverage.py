"""Every section of prose reports how many of the amounts it prints became figures, which it skipped on
purpose (years and dates, amounts quoted in reasons, savings, thresholds) and quotes a few it missed."""

from __future__ import annotations

from ingestion.document import extract_document
from ingestion.narrative import read_narrative
from ingestion.records import Block, PartCoverage
from tests.conftest import corpus_file


def coverage_of(*lines: str, page: int | None = None) -> list[PartCoverage]:
    return read_narrative([Block("text", (line,), page, i) for i, line in enumerate(lines, start=1)]).coverage


def test_printed_amounts_are_captured_skipped_or_quoted_as_missed():
    sections = coverage_of(
        "一、收入支出决算总体情况说明",
        "2024年度收入总计100万元，比上年增加5万元，主要原因是新增项目资金3万元。",
        "二、其他重要事项的情况说明",
        "2024年度政府采购支出总额80万元，节约资金2万元。",
        "本部门共有在编人员12名，内设科室3个。",
        "单价100万元（含）以上设备（不含车辆）2台（套）。",
        "全年争取上级资金1,200万元，接待各类公务活动12次。",
    )
    first, second = sections
    # 2024年 (a year) and 3万元 (in the reason) are skipped; 100万元 and 5万元 became figures
    assert (first.part, first.part_index, first.title, first.line_no) == ("narrative_section", 1, "一、收入支出决算总体情况说明", 1)
    assert (first.amounts_printed, first.amounts_captured, first.amounts_skipped, first.uncaptured) == (4, 2, 2, None)
    # captured: 80万元, 2台（套）; skipped: the year, the saving (节约资金2万元), the 单价 threshold, and the counts of
    # what the department is made of (12名, 3个); missed: an amount no subject claims, and a count by 接待 words
    assert (second.part_index, second.title, second.line_no) == (2, "二、其他重要事项的情况说明", 3)
    assert (second.amounts_printed, second.amounts_captured, second.amounts_skipped) == (9, 2, 5)
    assert second.uncaptured == "line 7: …全年争取上级资金1,200万元 | line 7: …0万元，接待各类公务活动12次"


def test_a_projects_own_paragraphs_are_the_project_forms_to_cover():
    (section,) = coverage_of(
        "附件2：2024年度项目支出绩效自评表",
        "二、预算执行情况。年初预算161.35万元，全年预算161.35万元，全年执行153.93万元，预算执行率95.40%。",
    )
    assert (section.amounts_printed, section.amounts_captured, section.amounts_skipped, section.uncaptured) == (4, 0, 4, None)


def test_unattributed_figures_count_as_captured_and_pdf_quotes_name_the_page():
    (section,) = coverage_of(
        "三、支出决算情况说明",
        "数字政府建设项目，一般公共预算财政拨款支出480万元，带动社会投资1.2亿元。",
        page=7,
    )
    assert (section.amounts_printed, section.amounts_captured, section.amounts_skipped) == (2, 1, 0)
    assert (section.page, section.uncaptured) == (7, "p.7 line 2: …480万元，带动社会投资1.2亿元")


def test_form_cells_and_uncorroborated_chart_captions():
    blocks = [
        Block("text", ("二、收入决算情况说明",), None, 1),
        Block("text", ("本年收入合计100万元。",), None, 2),
        # a performance form converted one cell per line is the form's to cover
        Block("text", ("完成率98%",), None, 3, source_table=1, row_index=0, col_index=1),
        Block("text", ("图1：收入结构",), None, 4),
        Block("text", ("单位：万元",), None, 5),
        Block("text", ("事业收入：",), None, 6),
        Block("text", ("20, 20%",), None, 7),
    ]
    (section,) = read_narrative(blocks).coverage
    # 100万元 captured; the caption's 20% states nothing the prose said: missed, not a figure
    assert (section.amounts_printed, section.amounts_captured, section.amounts_skipped) == (2, 1, 0)
    assert section.uncaptured == "line 7: …事业收入：20,20%"


def test_a_corpus_three_public_section_is_covered_entirely():
    extraction = extract_document(corpus_file("texts/jincheng-big-data-bureau-2023-final.txt"))
    sections = {c.title: c for c in extraction.coverage if c.part == "narrative_section"}
    three_public = sections["九、财政拨款“三公”经费支出决算情况说明"]
    # 52 numbers with a unit: 36 figures, 16 skipped (years, the reasons' 2.55/4.6/1.95/0.7万元 …), none missed
    assert (three_public.line_no, three_public.amounts_printed, three_public.amounts_captured, three_public.amounts_skipped) == (
        498, 52, 36, 16)
    assert three_public.uncaptured is None
    other = sections["十、其他重要事项情况说明"]
    # "二级项目绩效自评个数13个，涉及资金6883.07万元：6个项目自评等级为“优”…": the count and the money are
    # figures, the projects per grade are counted by the project forms
    assert (other.amounts_printed, other.amounts_captured, other.amounts_skipped, other.uncaptured) == (39, 23, 16, None)
    evaluated = {f.figure: f.value for f in extraction.narrative if f.figure.startswith("projects_evaluated")}
    assert evaluated == {"projects_evaluated": 13, "projects_evaluated_amount": 6883.07}


def test_pdf_sections_carry_their_page_and_sit_beside_the_other_parts_coverage():
    extraction = extract_document(corpus_file("pdf/putuo-finance-bureau-2024-final.pdf"))
    narrative = [c for c in extraction.coverage if c.part == "narrative_section"]
    assert [c.part_index for c in narrative] == sorted(c.part_index for c in narrative)
    gpb = next(c for c in narrative if c.title == "五、一般公共预算财政拨款支出决算情况说明")
    assert (gpb.page, gpb.amounts_printed, gpb.amounts_captured, gpb.amounts_skipped) == (21, 39, 38, 1)
    for c in narrative:
        assert c.amounts_captured + c.amounts_skipped <= c.amounts_printed, c


def test_a_project_report_whose_title_is_glued_to_its_first_paragraph_is_the_projects():
    # a one-character-per-line conversion joins "…项目绩效自评报告" and "一、项目概况。" into one paragraph: the
    # title still makes what follows the project's (skipped here), until the part it stands in (the annex) ends
    _, section = coverage_of(
        "附件3",
        "统计数据质量核查项目绩效自评报告一、项目概况。",
        "二、预算执行情况。年初预算190.69万元，全年预算190.69万元，全年执行184.36万元，预算执行率96.68%。",
    )
    assert (section.amounts_printed, section.amounts_captured, section.amounts_skipped, section.uncaptured) == (4, 0, 4, None)
    after = coverage_of("附件3", "统计数据质量核查项目绩效自评报告一、项目概况。", "第三部分 名词解释", "本年支出合计190.69万元。")
    assert after[-1].amounts_captured == 1
    figures = read_narrative([Block("text", (line,), None, i) for i, line in enumerate((
        "附件3", "统计数据质量核查项目绩效自评报告一、项目概况。", "二、项目支出情况。该年度一般公共预算财政拨款支出190.69万元。"), 1)]).figures
    assert [f.figure for f in figures] == ["unattributed_expense_general_public_budget"]
    assert figures[0].subject_words.startswith("统计数据质量核查项目")


def test_a_bound_is_not_an_amount_missed():
    (section,) = coverage_of("三、国有资产占用情况", "(二) 单价100万元(含)以上设备(不含车辆)", "0")
    assert (section.amounts_printed, section.amounts_skipped, section.uncaptured) == (1, 1, None)


# -- prose ending at a form converted one cell per line (a tab before every cell, a blank line after each row) -----


def _cells(*rows: tuple[str, ...]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        lines += [f"\t{cell}" for cell in row] + [""]
    return lines


def _text_coverage(lines: list[str]) -> dict[str, PartCoverage]:
    from ingestion.readers.text import read_text

    blocks = read_text("\n".join(lines).encode("utf-8")).blocks
    return {c.title: c for c in read_narrative(blocks, "某市数据局", 2024).coverage}


def _missed(c: PartCoverage) -> int:
    return c.amounts_printed - c.amounts_captured - c.amounts_skipped


_FORM_ROWS = (
    ("项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分"),
    ("总额", "24.90", "24.90", "7.47", "30.00%", "10", "3"),
    ("其中：财政资金", "24.90", "24.90", "7.47", "30.00%", "10", "3"),
)


def test_a_forms_cells_after_an_annexed_table_heading_are_not_the_last_sections_prose():
    # Leshan's layout: "四、评价结论及建议" ends at "附表：部门预算项目支出绩效自评表", the project forms follow one cell
    # per line; read as prose they once glued into "24.907.4730.00%" and "22.7822.78100.00%", missed numbers of
    # the section above them (l.132, quoting l.186 and l.1209)
    sections = _text_coverage([
        "附件1",
        "二、部门资金收支情况",
        "2024年预算收入与决算收入均为2098.42万元。",
        "四、评价结论及建议",
        "（一）评价结论。从自评情况来看，本局预算编制合理，支出高效规范。",
        "（二）存在问题。项目资金支付进度滞后，预算执行进度及执行率较低。",
        "附表：部门预算项目支出绩效自评表（2024年度）",
        " \t部门预算项目支出绩效自评表（2024年度）",
        "",
        *_cells(("项目名称", "“乐智游”小程序服务项目"), *_FORM_ROWS),
        "\t部门预算项目支出绩效自评表（2024年度）",
        "",
        *_cells(("项目名称", "网站检测服务项目"), _FORM_ROWS[0], ("总额", "22.78", "22.78", "22.78", "100.00%", "10", "10")),
    ])
    conclusion = sections["附件1 › 四、评价结论及建议"]
    assert (_missed(conclusion), conclusion.uncaptured) == (0, None)
    assert conclusion.amounts_printed == 1  # the 附表 heading's year, skipped; no cell of the forms
    # a number the prose states and no figure reads is still reported
    funds = sections["附件1 › 二、部门资金收支情况"]
    assert _missed(funds) == 1 and "2098.42万元" in funds.uncaptured


def test_a_project_report_after_a_form_states_the_projects_own_figures():
    # Luzhou's layout: a department form one cell per line, then a project's own report whose title, printed over
    # three lines, once ran on from the form's last cell; its "年初资金计划40万元，批复金额40万元…执行率100%"
    # (l.544-548) are the project's, read from its form (工业经济运行监测专项经费 40 / 40 / 100%), not prose missed
    sections = _text_coverage([
        "附件",
        "四、评价结论及建议",
        "（一）评价结论。本部门较好地完成了绩效目标各项任务。",
        *_cells(("", "", "", "推进工业产业链发展", "≤", "377.9", "万元", "3", "296.68"),
                ("", "", "", "政务服务项目成本支出", "≤", "5400", "万元", "3", "3573.25")),
        "",
        "某市经济和信息化局",
        "关于2023年工业经济运行监测专项经费",
        "项目支出绩效自评报告",
        "一、项目概况",
        "（一）项目资金申报及批复情况。",
        "根据年初预算申报，市财政批复安排工业经济运行监测专项经费40万元。",
        "二、项目资金申报及使用情况",
        "（一）项目资金申报及批复情况。",
        "2023年度工业经济运行监测专项经费年初资金计划40万元，批复金额40万元。",
        "（二）资金计划、到位及使用情况。",
        "2023年度工业经济运行监测专项经费年初资金计划40万元，执行40万元，执行率100%，资金支付与预算相符。",
        "第三部分 其他说明",
        "全年争取上级资金1,200万元。",
    ])
    funds = sections["附件 › 二、项目资金申报及使用情况"]
    assert (funds.amounts_printed, _missed(funds), funds.uncaptured) == (7, 0, None)
    assert _missed(sections["附件 › 一、项目概况"]) == 0
    # once the annex ends, prose is the department's again: a number nothing reads is reported
    after = sections["第三部分 其他说明"]
    assert _missed(after) == 1 and "1,200万元" in after.uncaptured


def _corpus_sections(relative: str):
    """A corpus document's extraction and its narrative sections by the line they start at."""
    extraction = extract_document(corpus_file(relative))
    return extraction, {c.line_no: c for c in extraction.coverage if c.part == "narrative_section"}


def test_leshan_project_forms_are_not_the_conclusions_prose():
    extraction, sections = _corpus_sections("texts/leshan-data-bureau-2024-final.txt")
    conclusion = sections[132]
    assert (conclusion.title, conclusion.amounts_printed, _missed(conclusion), conclusion.uncaptured) == (
        "附件1 › 四、评价结论及建议", 1, 0, None)
    assert not any("24.907.47" in (c.uncaptured or "") or "22.7822.78" in (c.uncaptured or "")
                   for c in sections.values())
    # the forms' figures are the project records'
    budgets = {(p.budget_adjusted, p.executed, p.execution_rate_pct) for p in extraction.projects}
    assert (24.9, 7.47, 30.0) in budgets and (22.78, 22.78, 100.0) in budgets
    # the department's own 预算收入与决算收入 (l.121), which no figure reads, is still reported
    assert "2098.42万元" in (sections[120].uncaptured or "")


def test_luzhou_project_report_restating_its_form_is_not_missed_prose():
    extraction, sections = _corpus_sections("texts/luzhou-economy-it-bureau-2023-final.txt")
    funds = sections[544]
    assert (funds.title, funds.amounts_printed, _missed(funds), funds.uncaptured) == (
        "附件 › 二、项目资金申报及使用情况", 7, 0, None)
    (project,) = [p for p in extraction.projects if p.project_name == "工业经济运行监测专项经费"]
    assert (project.budget_initial, project.budget_adjusted, project.executed, project.execution_rate_pct) == (
        40, 40, 40, 100)
    # the department's own analysis (l.178) still reports what no figure reads
    assert _missed(sections[178]) > 0 and "4,371.38万元" in sections[178].uncaptured
