"""Every quality rule, through the real runner (Great Expectations): quiet on a consistent document
(tests/unit/rule_document.py), firing on the same document with one value broken, at the right document and page.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
import pytest

from expectations.findings import Finding
from expectations.report import render_report
from expectations.report.assemble import assemble
from expectations.report.gx_results import render_gx_results
from expectations.rules import RULES, RULES_BY_ID
from expectations.runner import build_data_docs, data_docs_index
from tests.unit.rule_document import (
    DOC, NARRATIVE_PAGE, OTHER, PAGES, PRIOR, PROJECT_PAGE, Document, consistent_document, document_row, run_rules,
    with_prior_year,
)


# ------------------------------------------------------------------ one broken value per rule

@dataclass(frozen=True)
class Break:
    mutate: Callable[[Document], None]
    page: int | None  # where the finding must point (None: the finding has no page)
    document_id: str = DOC
    prior_year: bool = False


def _set(kind, raw, **where):
    return lambda d: d.set_cell(d.fact(kind, **where), raw)


def _say(figure, value, code=None):
    def mutate(d):
        n = d.stated(figure, code)
        n["value"] = value
        if n["unit"] == "万元":
            n["value_wan"] = value
    return mutate


def _locate(figure, value, document_id=DOC):
    return lambda d: d.figure(figure, document_id).update(value=value)


def _project(**changes):
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


def _say_line(figure: str, line: int, value: float, document_id: str = DOC):
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
    "sanity.amounts_numeric": Break(_set("expense", "一百一十", code="201", measure="total"), PAGES["expense"]),
    "sanity.fact_provenance": Break(_lose_provenance, None),
    "coverage.table_has_facts": Break(_lose_facts("expense"), PAGES["expense"]),
    "coverage.project_form_read": Break(_project(total_score=None), PROJECT_PAGE),
    "coverage.indicator_rows_read": Break(_drop_indicators, PROJECT_PAGE),
    "coverage.numbers_captured": Break(_lose_facts("expense", keep=5), PAGES["expense"]),
    "table.income_total_sum": Break(_set(S01, "101.00", key="一般公共预算财政拨款收入"), PAGES[S01]),
    "table.expense_total_sum": Break(_set(S01, "16.00", key="社会保障和就业支出"), PAGES[S01]),
    "table.grand_total_sum": Break(_set(S01, "5.50", key="年初结转和结余"), PAGES[S01]),
    "table.grand_totals_balance": Break(_set(S01, "131.00", key="总计", column="支出"), PAGES[S01]),
    "table.income_row_sources_sum": Break(_set("income", "106.00", code="201", measure="fiscal_income"), PAGES["income"]),
    "table.expense_row_basic_plus_project": Break(_set("expense", "6.00", code="208", measure="basic"), PAGES["expense"]),
    "table.functional_hierarchy_sum": Break(_set("expense", "14.00", code="2080505", measure="total"), PAGES["expense"]),
    "table.economic_hierarchy_sum": Break(_set("general_public_budget_basic_expense", "41.00", code="30101"), PAGES["general_public_budget_basic_expense"]),
    "table.personnel_plus_public": Break(_say("public_expense", 21.00), PAGES["general_public_budget_expense"]),
    "three_public.vehicle_subtotal_actual": Break(_locate("three_public_vehicle_purchase", 1.50), PAGES["three_public"]),
    "three_public.vehicle_subtotal_budget": Break(_locate("three_public_vehicle_purchase_budget", 1.50), PAGES["three_public"]),
    "three_public.total_actual": Break(_locate("three_public_actual_total", 5.50), PAGES["three_public"]),
    "three_public.total_budget": Break(_locate("three_public_budget_total", 7.00), PAGES["three_public"]),
    "cross.summary_vs_income_table": Break(_set("income", "126.50", key="合计", measure="income"), PAGES["income"]),
    "cross.summary_vs_expense_table": Break(_set("expense", "126.00", key="合计", measure="total"), PAGES["expense"]),
    "cross.summary_vs_fiscal_summary": Break(_set(S04, "99.00", key="一般公共预算财政拨款", column="收入", row=3), PAGES[S04]),
    "cross.fiscal_summary_vs_gpb_expense": Break(_set("general_public_budget_expense", "105.50", key="合计", measure="total"),
                                                 PAGES["general_public_budget_expense"]),
    "cross.basic_expense_detail": Break(_set("general_public_budget_basic_expense", "21.00", code="302"), PAGES["general_public_budget_basic_expense"]),
    "narrative.matches_table": Break(_say("income_general_public_budget", 100.10), NARRATIVE_PAGE),
    "narrative.functional_matches_table": Break(_say("functional_expense", 104.00, code="2010101"), NARRATIVE_PAGE),
    "narrative.share_matches": Break(_say("income_government_fund_share_pct", 16.94), NARRATIVE_PAGE),
    "narrative.completion_pct": Break(_say("three_public_completion_pct", 85.0), NARRATIVE_PAGE),
    "narrative.yoy_consistent": Break(_say("three_public_yoy_pct", -20.0), NARRATIVE_PAGE),
    "narrative.yoy_matches_prior_document": Break(_locate("three_public_actual_total", 7.00, PRIOR), NARRATIVE_PAGE, prior_year=True),
    "narrative.components_sum": Break(_say("income_total", 125.60), NARRATIVE_PAGE),
    "completeness.standard_tables": Break(_drop_table("three_public"), None),
    "completeness.empty_table_marked": Break(_unmark_empty, PAGES["state_capital"]),
    "performance.total_score_sum": Break(_project(total_score=90.0), PROJECT_PAGE),
    "performance.indicator_score_le_weight": Break(_indicator(score=31.0), PROJECT_PAGE),
    "performance.weights_sum_100": Break(_indicator(weight=35.0), PROJECT_PAGE),
    "performance.execution_rate": Break(_project(execution_rate_pct=95.0), PROJECT_PAGE),
    "performance.grade_band": Break(_project(grade="优"), PROJECT_PAGE),
    "performance.text_matches_form": Break(_reword("执行率为90%", "执行率为95%"), PROJECT_PAGE),
    # the same document against itself
    "consistency.figure_restated": Break(_restate(104.40), NARRATIVE_PAGE),
    "consistency.class_row_across_tables": Break(_set("expense", "15.01", code="208", measure="total"), PAGES["expense"]),
    "consistency.narrative_balance": Break(_say_line("income_total", 15, 49.50, PRIOR), NARRATIVE_PAGE, PRIOR, prior_year=True),
    "consistency.yoy_parts_vs_total": Break(_say("three_public_outbound_travel_yoy_change", -0.60), NARRATIVE_PAGE),
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
    "text.listed_items_in_table": Break(_set(S06, "", code="30201"), NARRATIVE_PAGE),
    # rounding-sized differences (尾差) are listed as info, beside the warning rules that tolerate them
    "table.income_total_sum_rounding": Break(_set(S01, "5.51", key="事业收入"), PAGES[S01]),
    "table.expense_total_sum_rounding": Break(_set(S01, "15.01", key="社会保障和就业支出"), PAGES[S01]),
    "table.grand_total_sum_rounding": Break(_set(S01, "4.51", key="年初结转和结余"), PAGES[S01]),
    "table.income_row_sources_sum_rounding": Break(_set("income", "105.01", code="201", measure="fiscal_income"), PAGES["income"]),
    "table.expense_row_basic_plus_project_rounding": Break(_set("expense", "80.01", code="201", measure="basic"), PAGES["expense"]),
    "table.functional_hierarchy_sum_rounding": Break(_set("expense", "15.01", code="2080505", measure="total"), PAGES["expense"]),
    "table.economic_hierarchy_sum_rounding": Break(_set(S06, "40.01", code="30101"), PAGES[S06]),
    "table.personnel_plus_public_rounding": Break(_say("public_expense", 20.01), PAGES["general_public_budget_expense"]),
    "three_public.vehicle_subtotal_actual_rounding": Break(_locate("three_public_vehicle_purchase", 1.01), PAGES["three_public"]),
    "three_public.vehicle_subtotal_budget_rounding": Break(_locate("three_public_vehicle_purchase_budget", 1.01), PAGES["three_public"]),
    "three_public.total_actual_rounding": Break(_locate("three_public_actual_total", 5.01), PAGES["three_public"]),
    "three_public.total_budget_rounding": Break(_locate("three_public_budget_total", 6.01), PAGES["three_public"]),
    "cross.basic_expense_detail_rounding": Break(_set(S06, "20.01", code="302"), PAGES[S06]),
    # 0.50 / 5.00 = 10%, printed 9: one unit off (truncated or nudged to add up to 100), within the amounts' rounding
    "narrative.share_matches_rounding": Break(_say("three_public_outbound_travel_share_pct", 9.0), NARRATIVE_PAGE),
    "narrative.components_sum_rounding": Break(_say("income_total", 125.51), NARRATIVE_PAGE),
    "consistency.figure_restated_rounding": Break(_restate(104.5, first=104.52), NARRATIVE_PAGE),
}


def test_every_rule_has_a_broken_case():
    assert set(BREAKS) == set(RULES_BY_ID)


def test_registry_is_well_formed():
    for rule in RULES:
        assert rule.severity in ("error", "warning", "info"), rule.rule_id
        assert rule.description_zh and rule.description_en and rule.tolerance, rule.rule_id
        assert re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", rule.rule_id), rule.rule_id
        assert rule.inputs, f"{rule.rule_id} names no inputs"
    # extraction sanity is error-level (a code the lookup lacks is kept and only worth a look); the document's own
    # inconsistencies are warnings
    assert {r.rule_id for r in RULES if r.family == "sanity" and r.severity != "error"} == {
        "sanity.functional_code_known", "sanity.economic_code_known", "sanity.jurisdiction_recognised"}
    assert {r.severity for r in RULES if r.family not in ("sanity", "coverage")} == {"warning", "info"}
    # info is the 尾差 of a rule that tolerates rounding: each listed beside its warning rule
    for rule in RULES:
        if rule.severity == "info":
            assert rule.rule_id.endswith("_rounding") and RULES_BY_ID[rule.rule_id.removesuffix("_rounding")].severity == "warning"


def _inputs(prior_year: bool = False, mutate: Callable[[Document], None] | None = None) -> dict[str, pl.DataFrame]:
    d = consistent_document()
    if prior_year:
        with_prior_year(d)
    if mutate:
        mutate(d)
    return d.inputs()


@pytest.fixture(scope="module")
def quiet_findings() -> dict[bool, list[Finding]]:
    """All rules on the consistent document (and on it beside its prior year), in one run each."""
    return {False: run_rules(_inputs()), True: run_rules(_inputs(prior_year=True))}


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_rule_is_quiet_on_a_consistent_document(rule_id, quiet_findings):
    findings = [f for f in quiet_findings[BREAKS[rule_id].prior_year] if f.rule_id == rule_id]
    failed = [f for f in findings if f.outcome == "failed"]
    assert not failed, [f.message for f in failed]
    assert any(f.outcome == "passed" for f in findings), f"{rule_id} checked nothing: {[f.message for f in findings]}"


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_rule_fires_on_one_broken_value(rule_id):
    case = BREAKS[rule_id]
    findings = run_rules(_inputs(case.prior_year, case.mutate), [RULES_BY_ID[rule_id]])
    failed = [f for f in findings if f.outcome == "failed"]
    assert failed, f"{rule_id} did not fire: {[(f.outcome, f.message) for f in findings]}"
    assert {f.rule_id for f in failed} == {rule_id}
    assert {f.document_id for f in failed} == {case.document_id}
    assert {f.page for f in failed} == {case.page}, [(f.page, f.message) for f in failed]
    assert {f.severity for f in failed} == {RULES_BY_ID[rule_id].severity}


# ------------------------------------------------------------------ details worth pinning down

def test_a_missing_input_is_could_not_check_not_failed():
    tables = _inputs()
    del tables["table_facts"]
    findings = run_rules(tables, [RULES_BY_ID["table.income_total_sum"], RULES_BY_ID["narrative.matches_table"]])
    unchecked = [f for f in findings if f.rule_id == "table.income_total_sum"]
    assert [f.outcome for f in unchecked] == ["could_not_check"]
    assert "table_facts" in unchecked[0].message
    assert {f.outcome for f in findings if f.rule_id == "narrative.matches_table"} == {"passed"}


def test_a_figure_the_document_does_not_state_is_could_not_check():
    def drop_personnel(d):
        d.located = [f for f in d.located if f["figure"] != "personnel_expense"]
        d.narrative = [n for n in d.narrative if n["figure"] != "personnel_expense"]
    findings = run_rules(_inputs(mutate=drop_personnel), [RULES_BY_ID["table.personnel_plus_public"]])
    assert [f.outcome for f in findings] == ["could_not_check"]


def test_a_cent_of_rounding_per_summed_row_is_tolerated():
    # 本年收入合计 125.50 against rows adding to 125.51: three printed rows may drift a cent each
    findings = run_rules(_inputs(mutate=_set(S01, "5.51", key="事业收入")), [RULES_BY_ID["table.income_total_sum"]])
    assert {f.outcome for f in findings} == {"passed"}
    # but not by more than that
    findings = run_rules(_inputs(mutate=_set(S01, "5.55", key="事业收入")), [RULES_BY_ID["table.income_total_sum"]])
    assert "failed" in {f.outcome for f in findings}


def test_a_truncated_share_is_tolerated_but_not_a_wrong_one():
    # 20.00 / 125.50 = 15.936%: printed truncated as 15.93 (or nudged so the shares add to 100) passes
    rule = [RULES_BY_ID["narrative.share_matches"]]
    findings = run_rules(_inputs(mutate=_say("income_government_fund_share_pct", 15.93)), rule)
    assert "failed" not in {f.outcome for f in findings}
    findings = run_rules(_inputs(mutate=_say("income_government_fund_share_pct", 15.91)), rule)
    assert "failed" in {f.outcome for f in findings}


def test_leshan_income_total_against_its_stated_parts_is_rounding():
    """乐山市数据局 2024: 本年收入合计2098.1万元 while its parts add up to 2098.09 (1636.45 + 461.64 + six zeros): a cent
    with two non-zero parts is 尾差, listed as info with the sum, not a contradiction."""
    def leshan(d):
        d.narrative = [n for n in d.narrative if n["line_no"] != 20]
        parts = [("income_general_public_budget", 1636.45), ("income_government_fund", 461.64), ("income_state_capital", 0.0),
                 ("income_upper_subsidy", 0.0), ("income_business", 0.0), ("income_operating", 0.0), ("income_affiliated", 0.0),
                 ("income_other", 0.0)]
        d.say(18, "二、收入决算情况说明", "2024年度本年收入合计2098.1万元，其中：…",
              [("income_total", 2098.1, "万元"), *[(name, value, "万元") for name, value in parts]])
    rules = [RULES_BY_ID["narrative.components_sum"], RULES_BY_ID["narrative.components_sum_rounding"]]
    findings = [f for f in run_rules(_inputs(mutate=leshan), rules) if f.line_no == 18]
    assert {f.rule_id: f.outcome for f in findings} == {"narrative.components_sum": "passed",
                                                       "narrative.components_sum_rounding": "failed"}
    info = next(f for f in findings if f.outcome == "failed")
    assert info.severity == "info" and info.observed == 2098.1 and info.expected == pytest.approx(2098.09)
    assert "2098.09" in info.message  # the sum is shown


def test_financial_income_stated_as_one_amount_is_not_counted_twice():
    def fiscal(d):
        for n in d.narrative:
            if n["figure"] in ("income_general_public_budget", "income_government_fund"):
                n["figure"] = "income_fiscal" if n["figure"] == "income_general_public_budget" else "dropped"
                n["value"] = n["value_wan"] = 120.0
        d.narrative = [n for n in d.narrative if n["figure"] != "dropped"]
    findings = run_rules(_inputs(mutate=fiscal), [RULES_BY_ID["narrative.components_sum"]])
    assert [f.outcome for f in findings if f.line_no == 20] == ["passed"]


def test_a_new_unit_states_its_growth_as_100_percent():
    # 普陀区委社会工作部 2024: "比2023年度增加10.23万元，增长100.00%" for a unit founded in 2024
    def new_unit(d):
        d.stated("three_public_yoy_change")["value"] = d.stated("three_public_yoy_change")["value_wan"] = 5.00
        d.stated("three_public_yoy_pct")["value"] = 100.0
    findings = run_rules(_inputs(mutate=new_unit), [RULES_BY_ID["narrative.yoy_consistent"]])
    assert [f.outcome for f in findings] == ["passed"]


def test_a_document_with_no_standard_table_is_named_once():
    def narrative_only(d):
        d.tables = [dict(d.tables[0], table_kind="project_performance", title="项目支出绩效自评表")]
    findings = run_rules(_inputs(mutate=narrative_only), [RULES_BY_ID["completeness.standard_tables"]])
    assert len(findings) == 1 and findings[0].outcome == "failed"
    assert "收入支出决算总表" in findings[0].message and "三公" in findings[0].message


def test_a_table_that_says_it_is_empty_but_prints_amounts():
    def marked(d):
        next(t for t in d.tables if t["table_kind"] == "government_fund")["empty_marker"] = "本表无数据"
    findings = run_rules(_inputs(mutate=marked), [RULES_BY_ID["completeness.empty_table_marked"]])
    failed = [f for f in findings if f.outcome == "failed"]
    assert [f.table_name for f in failed] == ["government_fund"] and failed[0].page == PAGES["government_fund"]


def test_grade_bands_a_document_states_replace_the_defaults():
    tables = _inputs(mutate=_project(total_score=86.0, execution_score=6.0, grade="优"))
    rule = RULES_BY_ID["performance.grade_band"]
    assert [f.outcome for f in run_rules(tables, [rule])] == ["failed"]
    tables["grade_bands"] = pl.DataFrame({"document_id": [DOC] * 4, "grade": ["优", "良", "中", "差"],
                                          "min_score": [85.0, 75.0, 60.0, 0.0]})
    assert [f.outcome for f in run_rules(tables, [rule])] == ["passed"]


def test_report_counts_each_document_s_findings_and_counts_unchecked_apart():
    tables = _inputs(mutate=_set(S01, "101.00", key="一般公共预算财政拨款收入"))
    del tables["economic_classification"]
    findings = run_rules(tables)
    documents = tables["documents"].to_dicts()
    data = assemble("run-1", findings, documents)
    failed = [f for f in findings if f.outcome == "failed"]
    unchecked = [f for f in findings if f.outcome == "could_not_check"]
    assert failed and unchecked
    card = next(c for c in data.cards if c.document_id == DOC)
    assert card.counts["error"] + card.counts["warning"] == sum(f.document_id == DOC for f in failed)
    assert card.top_rules[0][0] in {f.rule_id for f in failed}
    data.findings[0].link = f"sources/d1.pdf#page={PAGES[S01]}"
    page = render_report(data)
    assert f"{len(failed)} failed" in page
    assert f"{len(unchecked)} could not be checked" in page
    assert f"href='sources/d1.pdf#page={PAGES[S01]}'" in page
    assert "id='rule-table.income_total_sum'" in page and f"id='doc-{DOC}'" in page
    assert "inputs not loaded: economic_classification" in page
    assert "file:" not in page  # every link relative to the run folder


def test_data_docs_are_built_into_the_run_folder_when_asked(tmp_path):
    rules = [RULES_BY_ID["table.income_total_sum"], RULES_BY_ID["performance.grade_band"]]
    findings = run_rules(_inputs(mutate=_project(grade="优")), rules, data_docs_dir=tmp_path / "gx_run")
    assert {f.outcome for f in findings if f.rule_id == "performance.grade_band"} == {"failed"}
    assert not data_docs_index(tmp_path / "gx_run").exists()  # validating keeps the results; the report renders them
    index = build_data_docs(tmp_path / "gx_run")
    assert index == data_docs_index(tmp_path / "gx_run") and index.exists()
    assert "gongkai.performance" in index.read_text(encoding="utf-8")  # the family's suite is listed
    # our page of the results, linked from the report: the rule, its failing rows, the result file, relative links
    page = render_gx_results("run-2", tmp_path / "gx_run", tmp_path, "quality_report.html",
                             str(index.relative_to(tmp_path)))
    assert "quality_report.html#rule-performance.grade_band" in page
    assert "gx_run/gx/uncommitted/validations/" in page and "file:" not in page and "http" not in page


def test_copying_a_document_does_not_share_state():
    # the builder is used for many cases; make sure a mutation never leaks into the next one
    a = consistent_document()
    b = copy.deepcopy(a)
    a.projects[0]["grade"] = "差"
    assert b.projects[0]["grade"] == "良" and consistent_document().projects[0]["grade"] == "良"


def test_a_share_of_the_whole_its_sentence_names():
    """岳阳市君山区数据局 2024: "人员支出163.78万元，占基本支出的89.41%" where no 财政拨款基本支出 is stated."""
    def junshan(share):
        def mutate(d):
            d.located = [f for f in d.located if f["figure"] != "general_public_budget_basic"]
            d.narrative = [n for n in d.narrative if n["figure"] not in ("general_public_budget_basic", "personnel_expense")]
            d.say(40, "二、部门整体支出情况", f"人员支出60万元，占基本支出的{share}%",
                  [("personnel_expense", 60.0, "万元"), ("personnel_expense_share_pct", share, "%")])
        return mutate
    rule = [RULES_BY_ID["narrative.share_matches"]]
    at_line_40 = lambda findings: [(f.outcome, f.expected) for f in findings if f.line_no == 40]  # noqa: E731
    assert at_line_40(run_rules(_inputs(mutate=junshan(70.59)), rule)) == [("passed", pytest.approx(100 * 60 / 85))]
    assert [o for o, _ in at_line_40(run_rules(_inputs(mutate=junshan(75.0)), rule))] == ["failed"]


def test_a_year_end_carry_of_zero_says_nothing_of_the_carry_in():
    """湖南 generated 2024 决算: "2024年末结转和结余0.00万元" with 年初结转和结余 making 收入总计 above 本年收入合计 — no
    contradiction; "本部门于2023年新成立" with the same totals is one."""
    rule = [RULES_BY_ID["consistency.narrative_balance"]]

    def year_end(d):
        _say_line("income_total", 15, 49.50, PRIOR)(d)
        d.sentence("本部门于2023年新成立")["text"] = "2023年末结转和结余0.00万元。"
    findings = [f for f in run_rules(_inputs(True, year_end), rule) if f.document_id == PRIOR]
    assert [f.figure for f in findings if f.outcome == "failed"] == []
    assert [f.outcome for f in findings if f.figure == "expense_total"] == ["passed"]
    founded = [f for f in run_rules(_inputs(True, _say_line("income_total", 15, 49.50, PRIOR)), rule) if f.document_id == PRIOR]
    assert [(f.figure, f.outcome) for f in founded] == [("income_total", "failed")]
