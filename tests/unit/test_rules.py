"""Every quality rule, through the real runner (Great Expectations): quiet on a consistent document
(tests/unit/consistent_document.py), firing on the same document with one value broken, at the right document and page.
"""

from __future__ import annotations

import copy
import re

import polars as pl
import pytest

from expectations.findings import Finding
from expectations.report import render_report
from expectations.report.assemble import assemble
from expectations.report.gx_results import render_gx_results
from expectations.rules import RULES, RULES_BY_ID
from expectations.runner import build_data_docs, data_docs_index
from tests.unit.rule_breaks import BREAKS, S01, inputs, project, say, say_line, set_fact
from tests.unit.consistent_document import consistent_document
from tests.unit.rule_document import DOC, PAGES, PRIOR, run_rules


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
        "sanity.functional_code_known", "sanity.economic_code_known", "sanity.jurisdiction_recognised",
        "sanity.money_unit_printed"}
    assert {r.severity for r in RULES if r.family not in ("sanity", "coverage")} == {"warning", "info"}
    # info is the 尾差 of a rule that tolerates rounding: each listed beside its warning rule
    for rule in RULES:
        if rule.severity == "info":
            assert rule.rule_id.endswith("_rounding") and RULES_BY_ID[rule.rule_id.removesuffix("_rounding")].severity == "warning"


@pytest.fixture(scope="module")
def quiet_findings() -> dict[bool, list[Finding]]:
    """All rules on the consistent document (and on it beside its prior year), in one run each."""
    return {False: run_rules(inputs()), True: run_rules(inputs(prior_year=True))}


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_rule_is_quiet_on_a_consistent_document(rule_id, quiet_findings):
    findings = [f for f in quiet_findings[BREAKS[rule_id].prior_year] if f.rule_id == rule_id]
    failed = [f for f in findings if f.outcome == "failed"]
    assert not failed, [f.message for f in failed]
    assert any(f.outcome == "passed" for f in findings), f"{rule_id} checked nothing: {[f.message for f in findings]}"


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_rule_fires_on_one_broken_value(rule_id):
    case = BREAKS[rule_id]
    findings = run_rules(inputs(case.prior_year, case.mutate), [RULES_BY_ID[rule_id]])
    failed = [f for f in findings if f.outcome == "failed"]
    assert failed, f"{rule_id} did not fire: {[(f.outcome, f.message) for f in findings]}"
    assert {f.rule_id for f in failed} == {rule_id}
    assert {f.document_id for f in failed} == {case.document_id}
    assert {f.page for f in failed} == {case.page}, [(f.page, f.message) for f in failed]
    assert {f.severity for f in failed} == {RULES_BY_ID[rule_id].severity}


# ------------------------------------------------------------------ details worth pinning down

def test_a_table_without_a_unit_line_whose_labels_print_the_unit_is_no_finding():
    """The 支出决算表 prints no 单位 line: quiet where its columns name the unit (本年支出合计（万元）) or its rows
    were read in their own unit (合计（元）); otherwise it names how many amounts were read as 万元."""
    rule = [RULES_BY_ID["sanity.money_unit_printed"]]

    def no_unit(d, relabel=None):
        next(t for t in d.tables if t["table_kind"] == "expense")["unit_assumed"] = True
        for fact in d.facts:
            if fact["table_kind"] == "expense" and relabel:
                relabel(fact)

    def in_column(fact):
        fact["column_label"] = f"{fact['column_label']}（万元）"

    def in_row(fact):
        fact["unit"] = "元"

    for relabel in (in_column, in_row):
        findings = run_rules(inputs(mutate=lambda d: no_unit(d, relabel)), rule)
        assert {f.outcome for f in findings} == {"passed"}, [f.message for f in findings if f.outcome == "failed"]
    failed = [f for f in run_rules(inputs(mutate=no_unit), rule) if f.outcome == "failed"]
    numbers = sum(1 for f in consistent_document().facts if f["table_kind"] == "expense" and f["value_kind"] == "number")
    assert len(failed) == 1 and f" {numbers} of its amounts were read as 万元" in failed[0].message, failed[0].message


def test_a_missing_input_is_could_not_check_not_failed():
    tables = inputs()
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
    findings = run_rules(inputs(mutate=drop_personnel), [RULES_BY_ID["table.personnel_plus_public"]])
    assert [f.outcome for f in findings] == ["could_not_check"]


def test_a_cent_of_rounding_per_summed_row_is_tolerated():
    # 本年收入合计 125.50 against rows adding to 125.51: three printed rows may drift a cent each
    findings = run_rules(inputs(mutate=set_fact(S01, "5.51", key="事业收入")), [RULES_BY_ID["table.income_total_sum"]])
    assert {f.outcome for f in findings} == {"passed"}
    # but not by more than that
    findings = run_rules(inputs(mutate=set_fact(S01, "5.55", key="事业收入")), [RULES_BY_ID["table.income_total_sum"]])
    assert "failed" in {f.outcome for f in findings}


def test_a_truncated_share_is_tolerated_but_not_a_wrong_one():
    # 20.00 / 125.50 = 15.936%: printed truncated as 15.93 (or nudged so the shares add to 100) passes
    rule = [RULES_BY_ID["narrative.share_matches"]]
    findings = run_rules(inputs(mutate=say("income_government_fund_share_pct", 15.93)), rule)
    assert "failed" not in {f.outcome for f in findings}
    findings = run_rules(inputs(mutate=say("income_government_fund_share_pct", 15.91)), rule)
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
    findings = [f for f in run_rules(inputs(mutate=leshan), rules) if f.line_no == 18]
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
    findings = run_rules(inputs(mutate=fiscal), [RULES_BY_ID["narrative.components_sum"]])
    assert [f.outcome for f in findings if f.line_no == 20] == ["passed"]


def test_a_new_unit_states_its_growth_as_100_percent():
    # 普陀区委社会工作部 2024: "比2023年度增加10.23万元，增长100.00%" for a unit founded in 2024
    def new_unit(d):
        d.stated("three_public_yoy_change")["value"] = d.stated("three_public_yoy_change")["value_wan"] = 5.00
        d.stated("three_public_yoy_pct")["value"] = 100.0
    findings = run_rules(inputs(mutate=new_unit), [RULES_BY_ID["narrative.yoy_consistent"]])
    assert [f.outcome for f in findings] == ["passed"]


def test_a_document_with_no_standard_table_is_named_once():
    def narrative_only(d):
        d.tables = [dict(d.tables[0], table_kind="project_performance", title="项目支出绩效自评表")]
    findings = run_rules(inputs(mutate=narrative_only), [RULES_BY_ID["completeness.standard_tables"]])
    assert len(findings) == 1 and findings[0].outcome == "failed"
    assert "收入支出决算总表" in findings[0].message and "三公" in findings[0].message


def test_a_table_that_says_it_is_empty_but_prints_amounts():
    def marked(d):
        next(t for t in d.tables if t["table_kind"] == "government_fund")["empty_marker"] = "本表无数据"
    findings = run_rules(inputs(mutate=marked), [RULES_BY_ID["completeness.empty_table_marked"]])
    failed = [f for f in findings if f.outcome == "failed"]
    assert [f.table_name for f in failed] == ["government_fund"] and failed[0].page == PAGES["government_fund"]


def test_grade_bands_a_document_states_replace_the_defaults():
    tables = inputs(mutate=project(total_score=86.0, execution_score=6.0, grade="优"))
    rule = RULES_BY_ID["performance.grade_band"]
    assert [f.outcome for f in run_rules(tables, [rule])] == ["failed"]
    tables["grade_bands"] = pl.DataFrame({"document_id": [DOC] * 4, "grade": ["优", "良", "中", "差"],
                                          "min_score": [85.0, 75.0, 60.0, 0.0]})
    assert [f.outcome for f in run_rules(tables, [rule])] == ["passed"]


def test_report_counts_each_document_s_findings_and_counts_unchecked_apart():
    tables = inputs(mutate=set_fact(S01, "101.00", key="一般公共预算财政拨款收入"))
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
    findings = run_rules(inputs(mutate=project(grade="优")), rules, data_docs_dir=tmp_path / "gx_run")
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
    assert at_line_40(run_rules(inputs(mutate=junshan(70.59)), rule)) == [("passed", pytest.approx(100 * 60 / 85))]
    assert [o for o, _ in at_line_40(run_rules(inputs(mutate=junshan(75.0)), rule))] == ["failed"]


def test_a_year_end_carry_of_zero_says_nothing_of_the_carry_in():
    """湖南 generated 2024 决算: "2024年末结转和结余0.00万元" with 年初结转和结余 making 收入总计 above 本年收入合计 — no
    contradiction; "本部门于2023年新成立" with the same totals is one."""
    rule = [RULES_BY_ID["consistency.narrative_balance"]]

    def year_end(d):
        say_line("income_total", 15, 49.50, PRIOR)(d)
        d.sentence("本部门于2023年新成立")["text"] = "2023年末结转和结余0.00万元。"
    findings = [f for f in run_rules(inputs(True, year_end), rule) if f.document_id == PRIOR]
    assert [f.figure for f in findings if f.outcome == "failed"] == []
    assert [f.outcome for f in findings if f.figure == "expense_total"] == ["passed"]
    founded = [f for f in run_rules(inputs(True, say_line("income_total", 15, 49.50, PRIOR)), rule) if f.document_id == PRIOR]
    assert [(f.figure, f.outcome) for f in founded] == [("income_total", "failed")]
