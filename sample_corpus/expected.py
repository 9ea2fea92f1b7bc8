"""The figures a correct extraction must find, keyed like the warehouse columns (shared/MARTS.md).

A figure the document does not print is None: income_government_fund and
expense_government_fund when the department has no 政府性基金 money and its tables leave
zero cells blank or dashed (the narrative never names a fund it does not have). Documents that
print zero cells as 0.00 state them as 0.0. Amounts are 万元 whatever unit a table prints.

`layout` names every layout choice the document was printed with (see layout.py), so a test can
report accuracy per variation; `tables` gives each standard table's printed code and unit.
"""

from __future__ import annotations

from sample_corpus.catalog import (
    ECONOMIC_CAPITAL_CODES,
    ECONOMIC_GOODS_CODES,
    ECONOMIC_OTHER_CODES,
    ECONOMIC_PERSONNEL_CODES,
    economic_block,
)
from sample_corpus.model import Disclosure, Indicator
from sample_corpus.money import wan
from sample_corpus.narrative import stated_figures
from sample_corpus.tables import STANDARD_TITLES, standard_tables


def expected_figures(d: Disclosure, file_name: str, file_format: str, page_count: int | None) -> dict:
    zeros = d.layout.is_("table.blank_cells", "zeros")
    conclusion_follows_form = d.style.long_form and file_format != "xlsx"
    gf_printed = d.has_fund("gf") or zeros
    t = d.three_public
    return {
        "file": file_name,
        "format": file_format,
        "department_name": d.department_name,
        "province": d.province,
        "city": d.city,
        "county": d.county,
        "fiscal_year": d.fiscal_year,
        "doc_kind": "final_accounts",
        "unit": d.unit,
        "page_count": page_count,
        "layout": d.layout.to_json(),
        "finance": {
            "income_total": wan(d.income_total),
            "expense_total": wan(d.expense_total),
            "income_grand_total": wan(d.grand_total),
            "expense_grand_total": wan(d.grand_total),
            "income_general_public_budget": wan(d.fiscal_income("gpb")),
            "income_government_fund": wan(d.fiscal_income("gf")) if gf_printed else None,
            "expense_basic": wan(d.expense_basic),
            "expense_project": wan(d.expense_project),
            "expense_general_public_budget": wan(d.fiscal_expense("gpb")),
            "expense_government_fund": wan(d.fiscal_expense("gf")) if gf_printed else None,
            "personnel_expense": wan(d.personnel_expense),
            "public_expense": wan(d.public_expense),
            "org_operating_expense": wan(d.org_operating_expense),
            "procurement_total": wan(d.procurement_total),
            "procurement_goods": wan(d.procurement_goods),
            "procurement_works": wan(d.procurement_works),
            "procurement_services": wan(d.procurement_services),
            "vehicles_owned": d.vehicles_owned,
            "department_performance_score": d.performance_score / 10,
        },
        # what the 情况说明 states, by warehouse figure name (a zero it states is listed too)
        "narrative": stated_figures(d),
        "functional_expense": [
            {
                "subject_code": r.code,
                "subject_level": r.level,
                "subject_name": r.name,
                "total": wan(r.total),
                "basic": wan(r.basic),
                "project": wan(r.project),
            }
            for r in d.subject_rows()
        ],
        "general_public_budget_expense": [
            {
                "subject_code": r.code,
                "subject_name": r.name,
                "total": wan(r.total),
                "basic": wan(r.basic),
                "project": wan(r.project),
                "budget": wan(r.budget),
            }
            for r in d.subject_rows("gpb")
        ],
        "basic_expense_economic": _economic_rows(d),
        "three_public": {
            "budget_total": wan(t.budget_total),
            "actual_total": wan(t.actual_total),
            "outbound_travel_budget": wan(t.outbound_budget),
            "outbound_travel": wan(t.outbound),
            "vehicle_total_budget": wan(t.vehicle_budget),
            "vehicle_total": wan(t.vehicle),
            "vehicle_purchase_budget": wan(t.purchase_budget),
            "vehicle_purchase": wan(t.purchase),
            "vehicle_operation_budget": wan(t.operation_budget),
            "vehicle_operation": wan(t.operation),
            "reception_budget": wan(t.reception_budget),
            "reception": wan(t.reception),
            "outbound_groups": t.outbound_groups,
            "outbound_persons": t.outbound_persons,
            "vehicles_owned": t.vehicles_owned,
            "reception_batches": t.reception_batches,
            "reception_persons": t.reception_persons,
            "prior_year_actual_total": wan(t.prior_year_total),
        },
        "tables": [
            {"table_kind": kind, "code": grid.code, "title": grid.title, "empty": grid.empty, "unit": grid.unit}
            for (kind, _, _), grid in zip(STANDARD_TITLES, standard_tables(d))
        ],
        "projects": [
            {
                "project_name": p.name,
                "project_code": p.code,
                "competent_dept": p.competent_dept,
                "implementing_unit": p.implementing_unit,
                "budget_initial": wan(p.budget_initial),
                "budget_adjusted": wan(p.budget_adjusted),
                "executed": wan(p.executed),
                "execution_rate_pct": p.rate / 100,
                "execution_score": p.execution_score / 100,
                "total_score": p.total_score / 100,
                # the form's total row, or the 自评结论 a fuller document prints after the form (…自评等级为“优”);
                # a workbook prints that report on its 情况说明 sheet, away from the form's sheet
                "grade": p.grade if d.layout.is_("form.grade", "in_total_row") or conclusion_follows_form else None,
                "indicator_count": len(p.indicators),
                "indicators": [_indicator(i) for i in p.indicators],
            }
            for p in d.projects
        ],
    }


def _indicator(i: Indicator) -> dict:
    return {
        "level1": i.level1,
        "level2": i.level2,
        "level3": i.level3,
        "operator": i.operator,
        "target_text": i.target_text,
        "actual_text": i.actual_text,
        # a quantitative indicator's number and unit (None for a 定性 one)
        "target_value": float(i.target_value) if i.target_value is not None else None,
        "actual_value": float(i.actual_value) if i.actual_value is not None else None,
        "unit": i.unit or None,
        "weight": i.weight / 100,
        "score": i.score / 100,
    }


def _economic_rows(d: Disclosure) -> list[dict]:
    """公开06 rows as printed: a blank row is not a row, a printed 0.00 is."""
    classes = d.economic_class_totals()
    zeros = d.layout.is_("table.blank_cells", "zeros")
    rows = []
    for codes in (ECONOMIC_PERSONNEL_CODES, ECONOMIC_GOODS_CODES, ECONOMIC_CAPITAL_CODES, ECONOMIC_OTHER_CODES):
        for code, name in economic_block(codes):
            amount = classes.get(code, 0) if len(code) == 3 else d.economic.get(code, 0)
            if amount or zeros:
                rows.append({"subject_code": code, "subject_name": name, "amount": wan(amount)})
    return rows
