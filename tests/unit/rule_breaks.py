"""One broken value per quality rule: each rule's mutation of the consistent document
(tests/unit/consistent_document.py) and the page its finding must point to. test_rules.py runs them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from tests.unit.consistent_document import consistent_document, with_prior_year
from tests.unit.rule_document import BUDGET, DOC, NARRATIVE_PAGE, OTHER, PAGES, PRIOR, PROJECT_PAGE, UNIT_BUDGET, Document, document_row


@dataclass(frozen=True)
class Break:
    mutate: Callable[[Document], None]
    page: int | None  # where the finding must point (None: the finding has no page)
    document_id: str = DOC
    prior_year: bool = False


def set_fact(kind, raw, **where):
    return lambda d: d.set_cell(d.fact(kind, **where), raw)


def _no_unit(kind):
    def mutate(d):
        table = next(t for t in d.tables if t["table_kind"] == kind)
        table["unit_assumed"] = True  # no 单位 line; the consistent document's labels name no unit either
    return mutate


def say(figure, value, code=None):
    def mutate(d):
        n = d.stated(figure, code)
        n["value"] = value
        if n["unit"] == "万元":
            n["value_wan"] = value
    return mutate


def _locate(figure, value, document_id=DOC):
    return lambda d: d.figure(figure, document_id).update(value=value)


def project(**changes):
    return lambda d: d.projects[0].update(changes)


def _indicator(**changes):
    return lambda d: d.indicators[0].update(changes)


def _document(**changes):
    return lambda d: d.documents[0].update(changes)


def _add_failed_document(d):
    d.documents.append(document_row(OTHER, 2024, status="failed", error="bad.pdf: truncated file", table_count=0,
                                    narrative_count=0, project_count=0, department_name=None, fiscal_year=None, doc_kind="other"))


def _drop_table(kind):
    def mutate(d):
        d.tables = [t for t in d.tables if t["table_kind"] != kind]
    return mutate


def _unmark_empty(d):
    next(t for t in d.tables if t["table_kind"] == "state_capital")["empty_marker"] = None


def _lose_provenance(d):
    d.narrative[0]["page"] = None
    d.narrative[0]["line_no"] = None


def _lose_facts(kind, keep: int = 0):
    """The extractor read only `keep` of a table's numbers (a layout it did not understand)."""
    def mutate(d):
        index = next(t["table_index"] for t in d.tables if t["table_kind"] == kind)
        ours = [f for f in d.facts if f["table_index"] == index]
        d.facts = [f for f in d.facts if f["table_index"] != index] + ours[:keep]
    return mutate


def _lose_codes(kind):
    """The extractor did not recognise a table's code column: every row of it without its code."""
    def mutate(d):
        index = next(t["table_index"] for t in d.tables if t["table_kind"] == kind)
        for fact in d.facts:
            if fact["table_index"] == index:
                fact.update(subject_code=None, subject_level=None, subject_name=None, classification="none")
    return mutate


def _doubtful(kind, confidence, **where):
    """OCR read a cell with little confidence (the value itself may be right)."""
    return lambda d: d.fact(kind, **where).update(ocr_confidence=confidence)


def _drop_indicators(d):
    """The indicators read belong to no form on the page: the form itself yields none."""
    for indicator in d.indicators:
        indicator["project_index"] = 99


def _unknown_code(kind, code, new_code):
    def mutate(d):
        for f in d.facts:
            if f["table_kind"] == kind and f["subject_code"] == code:
                f["subject_code"] = new_code
    return mutate


def _restate(value: float, first: float | None = None):
    """The budget paragraph's restatement of 一般公共预算财政拨款支出 (line 28), and optionally its first statement (line 26)."""
    def mutate(d):
        for n in d.narrative:
            if n["figure"] == "expense_general_public_budget" and n["document_id"] == DOC:
                if n["line_no"] == 28:
                    n["value"] = n["value_wan"] = value
                elif first is not None:
                    n["value"] = n["value_wan"] = first
    return mutate


def _reword(fragment: str, new: str, figures_too: bool = False):
    """Print a sentence with `fragment` replaced (and the figures read from it, which carry its text)."""
    def mutate(d):
        sentence = d.sentence(fragment)
        old = sentence["text"]
        sentence["text"] = old.replace(fragment, new)
        if figures_too:
            for n in d.narrative:
                if n["sentence"] == old:
                    n["sentence"] = sentence["text"]
    return mutate


def say_line(figure: str, line: int, value: float, document_id: str = DOC):
    def mutate(d):
        hits = [n for n in d.narrative if n["figure"] == figure and n["line_no"] == line and n["document_id"] == document_id]
        assert len(hits) == 1, (figure, line, hits)
        hits[0]["value"] = hits[0]["value_wan"] = value
    return mutate


def _rename(kind: str, code: str, name: str):
    def mutate(d):
        for f in d.facts:
            if f["table_kind"] == kind and f["subject_code"] == code:
                f["subject_name"] = f["row_label"] = name
    return mutate


S01, S04 = "income_expense_summary", "fiscal_income_expense_summary"
S06 = "general_public_budget_basic_expense"

BREAKS: dict[str, Break] = {
    "sanity.document_identity": Break(_document(department_name=None), None),
    "sanity.department_as_printed": Break(_document(department_name="数据局"), 1),
    "sanity.jurisdiction_recognised": Break(_document(jurisdiction_name=None), None),
    "sanity.document_readable": Break(_add_failed_document, None, OTHER),
    "sanity.text_layer": Break(_document(status="needs_ocr", error="d1.pdf: no text layer on any page: needs OCR"), None),
    "sanity.functional_code_known": Break(_unknown_code("expense", "2080505", "2089999"), PAGES["expense"]),
    "sanity.economic_code_known": Break(_unknown_code("general_public_budget_basic_expense", "30102", "30198"), PAGES["general_public_budget_basic_expense"]),
    "sanity.amounts_numeric": Break(set_fact("expense", "一百一十", code="201", measure="total"), PAGES["expense"]),
    "sanity.fact_provenance": Break(_lose_provenance, None),
    "sanity.money_unit_printed": Break(_no_unit("expense"), PAGES["expense"]),
    "coverage.table_has_facts": Break(_lose_facts("expense"), PAGES["expense"]),
    "coverage.table_codes_read": Break(_lose_codes("expense"), PAGES["expense"]),
    "coverage.project_form_read": Break(project(total_score=None), PROJECT_PAGE),
    "coverage.indicator_rows_read": Break(_drop_indicators, PROJECT_PAGE),
    "coverage.numbers_captured": Break(_lose_facts("expense", keep=5), PAGES["expense"]),
    "table.income_total_sum": Break(set_fact(S01, "101.00", key="一般公共预算财政拨款收入"), PAGES[S01]),
    "table.expense_total_sum": Break(set_fact(S01, "16.00", key="社会保障和就业支出"), PAGES[S01]),
    "table.grand_total_sum": Break(set_fact(S01, "5.50", key="年初结转和结余"), PAGES[S01]),
    "table.grand_totals_balance": Break(set_fact(S01, "131.00", key="总计", column="支出"), PAGES[S01]),
    "table.income_row_sources_sum": Break(set_fact("income", "106.00", code="201", measure="fiscal_income"), PAGES["income"]),
    "table.expense_row_basic_plus_project": Break(set_fact("expense", "6.00", code="208", measure="basic"), PAGES["expense"]),
    "table.functional_hierarchy_sum": Break(set_fact("expense", "14.00", code="2080505", measure="total"), PAGES["expense"]),
    "table.economic_hierarchy_sum": Break(set_fact("general_public_budget_basic_expense", "41.00", code="30101"), PAGES["general_public_budget_basic_expense"]),
    "table.personnel_plus_public": Break(say("public_expense", 21.00), PAGES["general_public_budget_expense"]),
    "three_public.vehicle_subtotal_actual": Break(_locate("three_public_vehicle_purchase", 1.50), PAGES["three_public"]),
    "three_public.vehicle_subtotal_budget": Break(_locate("three_public_vehicle_purchase_budget", 1.50), PAGES["three_public"]),
    "three_public.total_actual": Break(_locate("three_public_actual_total", 5.50), PAGES["three_public"]),
    "three_public.total_budget": Break(_locate("three_public_budget_total", 7.00), PAGES["three_public"]),
    "cross.summary_vs_income_table": Break(set_fact("income", "126.50", key="合计", measure="income"), PAGES["income"]),
    "cross.summary_vs_expense_table": Break(set_fact("expense", "126.00", key="合计", measure="total"), PAGES["expense"]),
    "cross.summary_vs_fiscal_summary": Break(set_fact(S04, "99.00", key="一般公共预算财政拨款", column="收入", row=3), PAGES[S04]),
    "cross.fiscal_summary_vs_gpb_expense": Break(set_fact("general_public_budget_expense", "105.50", key="合计", measure="total"),
                                                 PAGES["general_public_budget_expense"]),
    "cross.basic_expense_detail": Break(set_fact("general_public_budget_basic_expense", "21.00", code="302"), PAGES["general_public_budget_basic_expense"]),
    "narrative.matches_table": Break(say("income_general_public_budget", 100.10), NARRATIVE_PAGE),
    "narrative.functional_matches_table": Break(say("functional_expense", 104.00, code="2010101"), NARRATIVE_PAGE),
    "narrative.share_matches": Break(say("income_government_fund_share_pct", 16.94), NARRATIVE_PAGE),
    "narrative.completion_pct": Break(say("three_public_completion_pct", 85.0), NARRATIVE_PAGE),
    "narrative.yoy_consistent": Break(say("three_public_yoy_pct", -20.0), NARRATIVE_PAGE),
    "narrative.yoy_matches_prior_document": Break(_locate("three_public_actual_total", 7.00, PRIOR), NARRATIVE_PAGE, prior_year=True),
    "narrative.components_sum": Break(say("income_total", 125.60), NARRATIVE_PAGE),
    # across documents: the 决算's stated 年初预算 against the year's published budget
    "budget.initial_is_published": Break(_locate("expense_general_public_budget", 90.00, BUDGET), NARRATIVE_PAGE,
                                         prior_year=True),
    # a 单位预算 budgeting more than the 部门预算 that includes it
    "budget.unit_within_department": Break(_locate("expense_general_public_budget", 110.00, UNIT_BUDGET), 4,
                                           document_id=UNIT_BUDGET, prior_year=True),
    "completeness.standard_tables": Break(_drop_table("three_public"), None),
    "completeness.empty_table_marked": Break(_unmark_empty, PAGES["state_capital"]),
    "performance.total_score_sum": Break(project(total_score=90.0), PROJECT_PAGE),
    "performance.indicator_score_le_weight": Break(_indicator(score=31.0), PROJECT_PAGE),
    "performance.weights_sum_100": Break(_indicator(weight=35.0), PROJECT_PAGE),
    "performance.execution_rate": Break(project(execution_rate_pct=95.0), PROJECT_PAGE),
    "performance.grade_band": Break(project(grade="优"), PROJECT_PAGE),
    "performance.text_matches_form": Break(_reword("执行率为90%", "执行率为95%"), PROJECT_PAGE),
    # the same document against itself
    "consistency.figure_restated": Break(_restate(104.40), NARRATIVE_PAGE),
    "consistency.class_row_across_tables": Break(set_fact("expense", "15.01", code="208", measure="total"), PAGES["expense"]),
    "consistency.narrative_balance": Break(say_line("income_total", 15, 49.50, PRIOR), NARRATIVE_PAGE, PRIOR, prior_year=True),
    "consistency.yoy_parts_vs_total": Break(say("three_public_outbound_travel_yoy_change", -0.60), NARRATIVE_PAGE),
    "consistency.counts_agree": Break(_reword("“良”的项目1个", "“良”的项目2个"), NARRATIVE_PAGE),
    "consistency.completion_basis": Break(_reword("完成全年预算的95%", "完成年初预算的95%", figures_too=True), NARRATIVE_PAGE),
    # the words
    "text.comparison_words": Break(_reword("决算数小于全年预算数", "决算数大于全年预算数"), NARRATIVE_PAGE),
    "text.change_words": Break(_reword("增加2.00万元，增长11.11%", "减少2.00万元，下降11.11%"), NARRATIVE_PAGE),
    "text.years_named": Break(_reword("2024年度部门决算", "2023年度部门决算"), 1),
    "text.as_of_date": Break(_reword("截至2024年12月31日", "截至2025年6月30日"), NARRATIVE_PAGE),
    "text.department_named": Break(_reword("测试市数据局概况", "测试市财政局概况"), 1),
    "text.kind_named": Break(_reword("2024年度部门决算", "2024年度部门预算"), 1),
    "text.placeholder_left": Break(_reword("测试市数据局共有车辆", "XX局共有车辆"), NARRATIVE_PAGE),
    "text.punctuation": Break(_reword("增长11.11%。", "增长11.11%。。"), NARRATIVE_PAGE),
    "text.code_names": Break(_rename(S06, "30102", "基本工资"), PAGES[S06]),
    "text.listed_items_in_table": Break(set_fact(S06, "", code="30201"), NARRATIVE_PAGE),
    # scans: a doubtful reading, a page OCR could not read, a misread digit that breaks the 功能分类 sums
    "ocr.low_confidence_amount": Break(_doubtful("expense", 0.62, code="20101", measure="basic"), PAGES["expense"]),
    "ocr.unreadable_pages": Break(_document(ocr_unreadable_pages="7,9"), 7),
    "ocr.sum_misread": Break(set_fact("expense", "14.00", code="2080505", measure="total"), PAGES["expense"]),
    # rounding-sized differences (尾差) are listed as info, beside the warning rules that tolerate them
    "table.income_total_sum_rounding": Break(set_fact(S01, "5.51", key="事业收入"), PAGES[S01]),
    "table.expense_total_sum_rounding": Break(set_fact(S01, "15.01", key="社会保障和就业支出"), PAGES[S01]),
    "table.grand_total_sum_rounding": Break(set_fact(S01, "4.51", key="年初结转和结余"), PAGES[S01]),
    "table.income_row_sources_sum_rounding": Break(set_fact("income", "105.01", code="201", measure="fiscal_income"), PAGES["income"]),
    "table.expense_row_basic_plus_project_rounding": Break(set_fact("expense", "80.01", code="201", measure="basic"), PAGES["expense"]),
    "table.functional_hierarchy_sum_rounding": Break(set_fact("expense", "15.01", code="2080505", measure="total"), PAGES["expense"]),
    "table.economic_hierarchy_sum_rounding": Break(set_fact(S06, "40.01", code="30101"), PAGES[S06]),
    "table.personnel_plus_public_rounding": Break(say("public_expense", 20.01), PAGES["general_public_budget_expense"]),
    "three_public.vehicle_subtotal_actual_rounding": Break(_locate("three_public_vehicle_purchase", 1.01), PAGES["three_public"]),
    "three_public.vehicle_subtotal_budget_rounding": Break(_locate("three_public_vehicle_purchase_budget", 1.01), PAGES["three_public"]),
    "three_public.total_actual_rounding": Break(_locate("three_public_actual_total", 5.01), PAGES["three_public"]),
    "three_public.total_budget_rounding": Break(_locate("three_public_budget_total", 6.01), PAGES["three_public"]),
    "cross.basic_expense_detail_rounding": Break(set_fact(S06, "20.01", code="302"), PAGES[S06]),
    # 0.50 / 5.00 = 10%, printed 9: one unit off (truncated or nudged to add up to 100), within the amounts' rounding
    "narrative.share_matches_rounding": Break(say("three_public_outbound_travel_share_pct", 9.0), NARRATIVE_PAGE),
    "narrative.components_sum_rounding": Break(say("income_total", 125.51), NARRATIVE_PAGE),
    "consistency.figure_restated_rounding": Break(_restate(104.5, first=104.52), NARRATIVE_PAGE),
}


def inputs(prior_year: bool = False, mutate: Callable[[Document], None] | None = None) -> dict[str, pl.DataFrame]:
    d = consistent_document()
    if prior_year:
        with_prior_year(d)
    if mutate:
        mutate(d)
    return d.inputs()
