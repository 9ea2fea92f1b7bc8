"""Figures stated in the prose of a disclosure (情况说明), extracted from the block stream.

The prose is rebuilt into paragraphs (ingestion.text.paragraphs); each paragraph is scanned for amounts
and the subject the words before each amount name (ingestion.narrative.scanner, .subjects).

A figure stated again with the same value (a summary, the performance report, a chart legend) is kept
with is_restatement=True. Chart captions ("图2：收入决算结构图 … 1636.45, 78%") never create a fact of
their own: a caption figure is kept only when it restates one already found. functional_expense
(numbered （类）（款）（项） lines) and general_public_budget_class_expense (一般公共服务支出…万元) carry the
功能分类 code in subject_code. Counts (辆, 个, 批次, 人次, 台（套）, 分) have no value_wan.
"""

from __future__ import annotations

import re

from ingestion.narrative.scanner import scan_unit
from ingestion.records import Block, NarrativeFigure
from ingestion.text.numbers import MONEY_UNITS, to_wan
from ingestion.text.paragraphs import reconstruct_sentences, reconstruct_units

__all__ = ["extract_narrative", "reconstruct_sentences"]


def extract_narrative(blocks: list[Block]) -> list[NarrativeFigure]:
    """Every figure the prose states, in reading order; repeats flagged as restatements."""
    figures: list[NarrativeFigure] = []
    seen: set[tuple] = set()
    for unit in reconstruct_units(blocks):
        scanned = scan_unit(unit)
        for item in scanned:
            value_wan = to_wan(item.value, item.unit) if item.unit in MONEY_UNITS else None
            comparable = round(value_wan if value_wan is not None else item.value, 4)
            key = (item.figure, item.subject_code, item.key_label if item.subject_code is None else None, comparable)
            restatement = key in seen
            if item.caption and not restatement:
                continue  # a chart caption creates no fact of its own
            seen.add(key)
            start, end = item.span
            lead = len(unit.raw[start:end]) - len(unit.raw[start:end].lstrip())
            page, line_no = unit.locate(item.anchor if item.anchor is not None else start + lead)
            figures.append(
                NarrativeFigure(
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
                )
            )
    return figures
