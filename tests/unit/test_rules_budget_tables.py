"""The sum rules read a 部门预算's tables as they read a 决算's: the published budget of the rules' consistent
document reprints its 支出决算表 and 基本支出 table as 支出预算总表 and 经济分类预算表 (budgeted amounts, the same
codes and columns). Quiet as printed; a moved cell is reported on the budget document."""

from __future__ import annotations

import copy

import pytest

from expectations.rules import RULES_BY_ID
from tests.unit.consistent_document import consistent_document, with_prior_year
from tests.unit.rule_document import BUDGET, run_rules

REPRINTED = {"expense": "budget_expense", "general_public_budget_basic_expense": "budget_basic_expense_economic",
             "income_expense_summary": "budget_income_expense_summary"}
RULES = ["table.functional_hierarchy_sum", "table.expense_row_basic_plus_project", "table.economic_hierarchy_sum",
         "consistency.class_row_across_tables"]


def _as_budget_cell(fact: dict, kind: str) -> dict:
    cell = dict(fact, document_id=BUDGET, table_kind=kind)
    if kind == "budget_income_expense_summary":  # the Shanghai template's columns: 本年收入/预算数, 本年支出/预算数
        side = fact["column_label"].split("/")[0]
        cell.update(measure="budget", column_label=f"本年{side}/预算数")
    return cell


def _with_budget_tables(move: tuple[str, str, str] | None = None):
    """The consistent document and its budget; `move`: (budget table kind, code, measure) of the cell put 1 万元 up."""
    d = consistent_document()
    with_prior_year(d)  # which also adds the department's published budget to the documents
    for source, kind in REPRINTED.items():
        table = copy.deepcopy(next(t for t in d.tables if t["table_kind"] == source))
        table.update(document_id=BUDGET, table_kind=kind, title=kind)
        d.tables.append(table)
        for fact in [f for f in d.facts if f["table_kind"] == source]:
            budget_fact = _as_budget_cell(fact, kind)
            if move and (kind, fact["subject_code"], fact["measure"]) == move:
                budget_fact.update(value=fact["value"] + 1, amount_wan=fact["amount_wan"] + 1, raw_text=f"{fact['value'] + 1:.2f}")
            d.facts.append(budget_fact)
    return d.inputs()


def _failed(tables, rule_id):
    return [(f.document_id, f.message) for f in run_rules(tables, [RULES_BY_ID[rule_id]]) if f.outcome == "failed"]


@pytest.mark.parametrize("rule_id", RULES)
def test_a_budget_printed_as_its_tables_add_up_is_quiet(rule_id):
    assert _failed(_with_budget_tables(), rule_id) == []


@pytest.mark.parametrize(("move", "rule_id", "title"), [
    (("budget_expense", "2080505", "total"), "table.functional_hierarchy_sum", "支出预算总表"),
    (("budget_expense", "2080505", "basic"), "table.expense_row_basic_plus_project", "支出预算总表"),
    (("budget_basic_expense_economic", "30101", "actual"), "table.economic_hierarchy_sum", "一般公共预算基本支出经济分类预算表"),
    (("budget_expense", "208", "total"), "consistency.class_row_across_tables", "支出预算总表"),
])
def test_a_budget_cell_that_breaks_a_sum_is_reported_on_the_budget(move, rule_id, title):
    failed = _failed(_with_budget_tables(move), rule_id)
    assert failed and {doc for doc, _ in failed} == {BUDGET}
    assert all(title in message for _, message in failed)
