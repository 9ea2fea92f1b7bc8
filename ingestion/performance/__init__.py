"""Project performance self-evaluation forms (项目支出绩效自评表), the 部门整体支出绩效自评表 and its 基础数据表.

Each 项目支出绩效自评表 becomes one `ProjectRecord`, its 三级指标 rows become `IndicatorRecord`s and its
coverage (figures printed, read, passed over) a `PartCoverage`; the 部门整体支出绩效自评表's 总分 becomes a
department_performance_score figure (the narrative extractor reads the score where prose states it), and that form
and the 部门整体支出绩效评价基础数据表 become table facts (department.py, basic_data.py).
Everything is found by the labels a form prints (项目名称, 主管部门, 年初预算数, 全年执行数, 三级指标, 指标性质,
分值/权重, 得分, 总分/合计 …), never by a position or a particular document; labels are compared without the
units, points, spaces and numbering printed inside them. Text that prints one cell per line is read as rows,
rebuilt from the cell each line is marked with; a fragment stream (no trace of blank cells) by what each piece
prints. Amounts are 万元 (a form printed in 元 is converted).
Scores left blank are None, never 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.records import Block, IndicatorRecord, NarrativeFigure, PartCoverage, ProjectRecord
from ingestion.text.numbers import read_number
from ingestion.performance.basic_data import read_basic_data
from ingestion.performance.department import FormTable, read_department
from ingestion.performance.form import Form
from ingestion.performance.project import read_project
from ingestion.performance.scores import read_total
from ingestion.performance.segmentation import segment
from ingestion.performance.tokens import cell_line_rows, tokens


__all__ = ["FormTable", "PerformanceExtraction", "extract_performance"]


@dataclass
class PerformanceExtraction:
    projects: list[ProjectRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    department_scores: list[NarrativeFigure] = field(default_factory=list)
    coverage: list[PartCoverage] = field(default_factory=list)  # one per project form
    # the 部门整体支出绩效自评表 and the 基础数据表 as table facts with their coverage (the document attaches them
    # to the table records of their titles)
    tables: list[FormTable] = field(default_factory=list)


def extract_performance(blocks: list[Block]) -> PerformanceExtraction:
    """Every 项目支出绩效自评表 in the block stream, its indicators and coverage, and the department's score."""
    result = PerformanceExtraction()
    blocks, lines = cell_line_rows(blocks)
    toks = tokens(blocks, lines)
    for region in segment(toks):
        rtoks = toks[region.start : region.end]
        if not rtoks:
            continue
        form = Form(region, rtoks, toks, blocks)
        if region.kind == "department":
            score = department_score(form)
            if score is not None:
                result.department_scores.append(score)
            table = read_department(form)
            if table is not None:
                result.tables.append(table)
            continue
        found = read_project(form, len(result.projects) + 1)
        if found is not None:
            result.projects.append(found.project)
            result.indicators.extend(found.indicators)
            result.coverage.append(found.coverage)
    result.tables.extend(read_basic_data(blocks, lines))
    return result


def department_score(form: Form) -> NarrativeFigure | None:
    """The 部门整体支出绩效自评表's 总分, where its total row prints one."""
    total = read_total(form)
    value = read_number(total.score_text)
    if total.label is None or value is None:
        return None
    return NarrativeFigure(
        figure="department_performance_score",
        value=value,
        unit="分",
        value_wan=None,
        subject_code=None,
        section=form.region.title.raw if form.region.title is not None else "部门整体支出绩效自评表",
        sentence=" ".join(x for x in (total.label.raw, total.weight_text, total.score_text) if x),
        page=total.label.page,
        line_no=total.label.line,
    )
