"""Figures stated in the prose of a disclosure (情况说明), extracted from the block stream.

The prose is rebuilt into paragraphs (ingestion.text.paragraphs); each paragraph is scanned for amounts
and the subject the words before each amount name (ingestion.narrative.scanner, .subjects), and whether
that subject is the department at all (ingestion.narrative.attribution): an amount a sentence gives to a
project, another unit or another fund is kept as `unattributed_<figure>` with the words naming its subject.

A figure stated again with the same value (a summary, the performance report, a chart legend) is kept
with is_restatement=True. Chart captions ("图2：收入决算结构图 … 1636.45, 78%") never create a fact of
their own: a caption figure is kept only when it restates one already found. functional_expense
(numbered （类）（款）（项） lines) and general_public_budget_class_expense (一般公共服务支出…万元) carry the
功能分类 code in subject_code. Counts (辆, 个, 批次, 人次, 台（套）, 分) have no value_wan.

Every section of prose reports how many of the amounts it prints became figures (ingestion.narrative.coverage).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.narrative.attribution import (
    Scope, last_subject, open_list_parent, project_report, project_title, section_project,
)
from ingestion.narrative.coverage import SectionTally, section_coverage
from ingestion.narrative.scanner import Found, scan_unit
from ingestion.records import Block, NarrativeFigure, PartCoverage
from ingestion.text.normalise import fold
from ingestion.text.numbers import MONEY_UNITS, to_wan
from ingestion.text.paragraphs import Unit, reconstruct_sentences, reconstruct_units, sentence_spans

__all__ = ["NarrativeReading", "extract_narrative", "read_narrative", "reconstruct_sentences"]


@dataclass
class NarrativeReading:
    figures: list[NarrativeFigure]
    coverage: list[PartCoverage]


def extract_narrative(
    blocks: list[Block], department: str | None = None, fiscal_year: int | None = None
) -> list[NarrativeFigure]:
    """Every figure the prose states, in reading order; repeats flagged as restatements."""
    return read_narrative(blocks, department, fiscal_year).figures


def read_narrative(
    blocks: list[Block], department: str | None = None, fiscal_year: int | None = None
) -> NarrativeReading:
    """The prose's figures and, per section, how much of what it prints they cover.

    `department` and `fiscal_year` (what the document says of itself) let a sentence naming the department,
    or another year, be told apart from one naming another unit or the current year."""
    figures: list[NarrativeFigure] = []
    seen: set[tuple] = set()
    tally = SectionTally()
    scopes = _Scopes(department, fiscal_year)
    for unit in reconstruct_units(blocks):
        scope = scopes.scope_of(unit)
        scanned = scan_unit(unit, scope)
        captured = []
        for item in scanned.found:
            value_wan = to_wan(item.value, item.unit) if item.unit in MONEY_UNITS else None
            comparable = round(value_wan if value_wan is not None else item.value, 4)
            key = (item.figure, item.subject_code, item.key_label if item.subject_code is None else None, comparable)
            restatement = key in seen
            if item.caption and not restatement:
                continue  # a chart caption creates no fact of its own
            seen.add(key)
            captured.append(item.pos)
            figures.append(_figure(unit, item, value_wan, restatement))
        tally.add(unit, scanned, captured, in_project=scope.project is not None)
        scopes.after(scanned.masked, scope)
    return NarrativeReading(figures, section_coverage(tally))


def _figure(unit: Unit, item: Found, value_wan: float | None, restatement: bool) -> NarrativeFigure:
    start, end = item.span
    lead = len(unit.raw[start:end]) - len(unit.raw[start:end].lstrip())
    page, line_no = unit.locate(item.anchor if item.anchor is not None else start + lead)
    return NarrativeFigure(
        figure=item.figure,
        value=item.value,
        unit=item.unit,
        value_wan=value_wan,
        subject_code=item.subject_code,
        section=unit.section,
        sentence=re.sub(r"\s+", " ", unit.raw[start:end]).strip(),
        page=page,
        line_no=line_no,
        is_restatement=restatement,
        subject_words=item.subject_words,
    )


class _Scopes:
    """What each paragraph is about beyond its own words: the project whose title it follows, the 其中 list the
    paragraph before left open, the last subject named before it in its section."""

    def __init__(self, department: str | None, fiscal_year: int | None):
        self.department = department
        self.fiscal_year = fiscal_year
        self.section_index = -1
        self.subheading: str | None = None
        self.heading_project: str | None = None  # a （一）… heading naming a project: until the next heading
        self.item_project: str | None = None  # a numbered paragraph naming a project: until the next item
        # a project's own report (its title): until the part it stands in (an annex, 第X部分) ends
        self.report_project: str | None = None
        self.report_part: str | None = None
        self.open_parent = None
        self.previous_subject = None

    def scope_of(self, unit: Unit) -> Scope:
        if unit.section_index != self.section_index:
            self.section_index = unit.section_index
            self.item_project = None
            self.open_parent = None
            self.previous_subject = None
        if unit.subheading != self.subheading:
            self.subheading = unit.subheading
            self.heading_project = project_title(fold(unit.subheading)) if unit.subheading else None
        part = (unit.section or "").split(" › ")[0]
        if self.report_project and part != self.report_part:
            self.report_project = None
        report = project_report(unit.folded)
        if report:
            self.report_project, self.report_part = report, part
        title = project_title(unit.folded)
        if title:
            self.item_project = title
        elif unit.list_item:
            self.item_project = None
        return Scope(
            department=self.department,
            fiscal_year=self.fiscal_year,
            section=unit.section,
            project=section_project(unit.section) or self.item_project or self.heading_project or self.report_project,
            inherited_parent=self.open_parent,
            previous_subject=self.previous_subject,
        )

    def after(self, masked: str, scope: Scope) -> None:
        starts = [s for s, _ in sentence_spans(masked)] or [0]
        self.open_parent = open_list_parent(masked, starts, scope)
        self.previous_subject = last_subject(masked) or self.previous_subject
