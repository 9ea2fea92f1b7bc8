"""Project performance self-evaluation forms (项目支出绩效自评表) and the 部门整体支出绩效自评表 total.

Each 项目支出绩效自评表 becomes one `ProjectRecord` and its 三级指标 rows become `IndicatorRecord`s; the
部门整体支出绩效自评表's 总分 becomes a department_performance_score figure (the narrative extractor reads the
score where prose states it). Everything is found by the labels a form prints (项目名称, 主管部门, 年初预算数,
全年执行数, 三级指标, 指标性质, 分值/权重, 得分, 总分/合计 …), never by a position or a particular document.
Amounts are 万元 (a form printed in 元 is converted). Scores left blank are None, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.records import Block, IndicatorRecord, NarrativeFigure, ProjectRecord
from ingestion.text.numbers import read_number, read_rate, split_value, to_wan
from ingestion.performance.budget import narrative_budget, read_budget
from ingestion.performance.cells import execution_weight, operator_of, qualitative
from ingestion.performance.form import Form, backfill_level1
from ingestion.performance.indicators import read_indicators
from ingestion.performance.info import read_info
from ingestion.performance.scores import read_grade, read_total
from ingestion.performance.segmentation import segment
from ingestion.performance.tokens import tokens


@dataclass
class PerformanceExtraction:
    projects: list[ProjectRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    department_scores: list[NarrativeFigure] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def extract_performance(blocks: list[Block]) -> PerformanceExtraction:
    """Every 项目支出绩效自评表 in the block stream, its indicators, and the department's score."""
    result = PerformanceExtraction()
    toks = tokens(blocks)
    regions = segment(toks)
    project_index = 0
    for region in regions:
        rtoks = toks[region.start : region.end]
        if not rtoks:
            continue
        table = Form(region, rtoks, toks, blocks)
        if region.kind == "department":
            weight, score, label = read_total(table)
            value = read_number(score)
            if label is not None and value is not None:
                result.department_scores.append(
                    NarrativeFigure(
                        figure="department_performance_score",
                        value=value,
                        unit="分",
                        value_wan=None,
                        subject_code=None,
                        section=region.title.raw if region.title is not None else "部门整体支出绩效自评表",
                        sentence=" ".join(x for x in (label.raw, weight, score) if x),
                        page=label.page,
                        line_no=label.line,
                    )
                )
            continue
        budget = read_budget(table)
        has_indicator_header = table.indicator_header() is not None
        if not budget.found_header and not has_indicator_header:
            continue
        info = read_info(table)
        indicators = read_indicators(table)
        weight_text, score_text, total_label = read_total(table)
        if not info["name"] and not indicators and not budget.values:
            continue
        project_index += 1
        values = budget.values
        unit = budget.unit
        initial = to_wan(read_number(values.get("compiled") or values.get("initial") or values.get("declared")), unit)
        adjusted = to_wan(read_number(values.get("adjusted")), unit)
        executed = to_wan(read_number(values.get("executed")), unit)
        rate = read_rate(values.get("rate"))
        source = "table" if any(v is not None for v in (initial, adjusted, executed)) else None
        if adjusted is None and executed is None:
            narrative = narrative_budget(table)
            if narrative["adjusted"] is not None or narrative["executed"] is not None:
                adjusted, executed = narrative["adjusted"], narrative["executed"]
                rate = rate if rate is not None else narrative["rate"]
                source = "narrative"
        first = region.title or rtoks[0]
        project = ProjectRecord(
            project_index=project_index,
            project_name=info["name"] or "",
            project_code=info["code"],
            competent_dept=info["competent"],
            implementing_unit=info["implementing"],
            budget_initial=initial,
            budget_adjusted=adjusted,
            executed=executed,
            execution_rate_pct=rate,
            execution_score=read_number(values.get("score")),
            execution_weight=execution_weight(values.get("weight"), rtoks),
            total_score=read_number(score_text),
            grade=read_grade(table, total_label),
            page=first.page,
            line_no=first.line,
            budget_source=source,
        )
        result.projects.append(project)
        backfill_level1(indicators)
        for n, ind in enumerate(indicators, start=1):
            op_col = operator_of(ind.operator_text)
            t_op, t_value, t_unit = split_value(ind.target_text)
            _, a_value, a_unit = split_value(ind.actual_text)
            unit_text = ind.unit_text.strip() if ind.unit_text else None
            result.indicators.append(
                IndicatorRecord(
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
                    weight=read_number(ind.weight_text),
                    score=read_number(ind.score_text),
                    reason=ind.reason,
                    page=ind.tok.page,
                    line_no=ind.tok.line,
                )
            )
    return result
