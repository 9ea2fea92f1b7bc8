"""One 项目支出绩效自评表 read into its ProjectRecord, IndicatorRecords and PartCoverage."""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.records import IndicatorRecord, PartCoverage, ProjectRecord
from ingestion.text.numbers import read_number, read_rate, split_value, to_wan
from ingestion.performance.budget import narrative_budget, read_budget
from ingestion.performance.cells import execution_weight, operator_of, qualitative
from ingestion.performance.coverage import Ledger, budget_printed, form_coverage, indicator_rows_printed
from ingestion.performance.form import Budget, Form, Indicator, backfill_level1
from ingestion.performance.indicators import read_indicators
from ingestion.performance.info import read_info
from ingestion.performance.scores import Total, read_grade, read_total


@dataclass
class ProjectForm:
    project: ProjectRecord
    indicators: list[IndicatorRecord]
    coverage: PartCoverage


def read_project(form: Form, project_index: int) -> ProjectForm | None:
    """The form's records, or None for a region that turns out to be no project form."""
    budget = read_budget(form)
    if not budget.found_header and form.indicator_header() is None:
        return None
    info = read_info(form)
    indicators = read_indicators(form)
    if not info["name"] and not indicators and not budget.values:
        return None
    ledger = Ledger()
    budget_fields = _budget_fields(form, budget, ledger)
    total = _weights_total(form, read_total(form), indicators, budget_fields)
    grade, grade_printed = read_grade(form, total.label)
    total_score = read_number(total.score_text)
    ledger.keep(total.score, total_score)
    ledger.skip(total.weight, "the points the total adds up to")
    backfill_level1(indicators)
    records = [_indicator_record(project_index, n, ind, ledger) for n, ind in enumerate(indicators, start=1)]
    first = form.region.title or form.toks[0]
    project = ProjectRecord(
        project_index=project_index,
        project_name=info["name"] or "",
        project_code=info["code"],
        competent_dept=info["competent"],
        implementing_unit=info["implementing"],
        total_score=total_score,
        grade=grade,
        page=first.page,
        line_no=first.line,
        budget_printed=budget_printed(form, budget),
        total_score_printed=total.score_printed,
        indicator_rows_printed=indicator_rows_printed(form, total, indicators, ledger),
        grade_printed=grade_printed,
        **budget_fields,
    )
    coverage = form_coverage(form, budget, total, indicators, ledger, project_index, project.project_name or None)
    return ProjectForm(project, records, coverage)


def _weights_total(form: Form, total: Total, indicators: list[Indicator], budget_fields: dict) -> Total:
    """A lone number in the total row that equals what the printed weights add up to, in a form that prints
    no score anywhere, is that sum (the 分值 column's total), not a score. Where blank cells leave no trace
    (a fragment stream), nothing else tells the two apart: a lone number that is not that sum is left unread,
    printed and not placed, rather than guessed."""
    if total.weight is not None or total.score is None or len(total.printed) != 1:
        return total
    if budget_fields["execution_score"] is not None or any(read_number(i.score_text) is not None for i in indicators):
        return total
    weights = [read_number(i.weight_text) for i in indicators] + [budget_fields["execution_weight"]]
    added = sum(w for w in weights if w is not None)
    if added > 0 and abs(added - (read_number(total.score_text) or 0)) < 0.01:
        return Total(total.label, weight=total.score, printed=total.printed)
    if total.label is not None and not total.label.row:
        return Total(total.label, printed=total.printed)
    return total


def _budget_fields(form: Form, budget: Budget, ledger: Ledger) -> dict:
    values, sources, unit = budget.values, budget.sources, budget.unit
    initial_role = next((r for r in ("compiled", "initial", "declared") if values.get(r)), None)
    initial = to_wan(read_number(values.get(initial_role)), unit) if initial_role else None
    adjusted = to_wan(read_number(values.get("adjusted")), unit)
    executed = to_wan(read_number(values.get("executed")), unit)
    rate = read_rate(values.get("rate"))
    score = read_number(values.get("score"))
    weight = execution_weight(values.get("weight"), form.toks)
    for role, value in ((initial_role, initial), ("adjusted", adjusted), ("executed", executed), ("rate", rate),
                        ("score", score)):
        ledger.keep(sources.get(role) if role else None, value)
    if read_number(values.get("weight")) == weight:
        ledger.keep(sources.get("weight"), weight)
    else:  # "100%": the row's share of the section; the points came from the section's heading
        ledger.skip(sources.get("weight"), "a share of the section, not points")
    for role, why in (("declared", "目标申报数 beside the 预算编制数 kept"), ("balance", "结余, the budget less the executed")):
        ledger.skip(sources.get(role), why)
    source = "table" if any(v is not None for v in (initial, adjusted, executed)) else None
    if adjusted is None and executed is None:
        narrative = narrative_budget(form)
        if narrative["adjusted"] is not None or narrative["executed"] is not None:
            adjusted, executed = narrative["adjusted"], narrative["executed"]
            rate = rate if rate is not None else narrative["rate"]
            source = "narrative"
    return {
        "budget_initial": initial, "budget_adjusted": adjusted, "executed": executed, "execution_rate_pct": rate,
        "execution_score": score, "execution_weight": weight, "budget_source": source,
    }


def _indicator_record(project_index: int, n: int, ind: Indicator, ledger: Ledger) -> IndicatorRecord:
    op_col = operator_of(ind.operator_text)
    t_op, t_value, t_unit = split_value(ind.target_text)
    _, a_value, a_unit = split_value(ind.actual_text)
    unit_text = ind.unit_text.strip() if ind.unit_text else None
    weight, score = read_number(ind.weight_text), read_number(ind.score_text)
    for role, value in (("target", t_value), ("actual", a_value), ("weight", weight), ("score", score)):
        ledger.keep(ind.sources.get(role), value)
    for role in ("target_initial", "target_adjusted"):
        ledger.skip(ind.sources.get(role), "a second target column beside the one kept")
    ledger.skip(ind.number, "the row's ordinal")
    return IndicatorRecord(
        project_index=project_index,
        indicator_index=n,
        level1=ind.level1,
        level2=ind.level2,
        level3=ind.level3,
        operator=op_col or t_op or qualitative(ind.target_text),
        target_text=ind.target_text,
        target_value=t_value,
        unit=unit_text or t_unit or a_unit,
        actual_text=ind.actual_text,
        actual_value=a_value,
        weight=weight,
        score=score,
        reason=ind.reason,
        page=ind.tok.page,
        line_no=ind.tok.line,
    )
