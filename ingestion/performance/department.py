"""The 部门整体支出绩效自评表 (部门整体支出绩效目标完成情况自评表) read into table facts.

The form follows the project form's template: a budget block (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 /
得分 in the 年度资金总额 row; or, in the Sichuan layout, 年度部门整体支出预算 over 资金总额 / 财政拨款 / 其他资金),
the funds it breaks the total into ("其中：一般公共预算：1775.55"), the 三级指标 rows and the 总分 row. Each printed
figure becomes a `TableFact` keyed by its row label and the column header it stands under, so the figure catalogue
(dbt seed figure_locations) locates the department's budget, execution and score like any table figure. Every
figure of the budget block and the indicator section that no fact holds is counted missed in the form's coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.records import PartCoverage, TableFact
from ingestion.text.normalise import compact
from ingestion.text.numbers import classify_cell, is_dash, printed_figure, read_rate, split_value, to_wan
from ingestion.performance.budget import read_budget
from ingestion.performance.coverage import Ledger, cell_key, form_coverage
from ingestion.performance.form import Budget, Form, backfill_level1
from ingestion.performance.indicators import read_indicators
from ingestion.performance.scores import read_total
from ingestion.performance.tokens import Tok, label_key
from ingestion.performance.vocabulary import BUDGET_ROLES, INDICATOR_ROLES

# budget role → the measure a fact carries (the column's meaning in the template)
BUDGET_MEASURES = {
    "initial": "budget_initial", "declared": "budget_declared", "compiled": "budget_initial",
    "adjusted": "budget", "executed": "executed", "rate": "rate", "weight": "weight", "score": "score",
}
# a column of the Sichuan budget block: 年度部门整体支出预算 | 资金总额 | 财政拨款 | 其他资金
REQUEST_MEASURES = {"资金总额": "budget", "总额": "budget", "合计": "budget", "财政拨款": "fiscal",
                    "财政拨款资金": "fiscal", "其他资金": "other"}
INDICATOR_MEASURES = {"target": "target", "actual": "actual", "weight": "weight", "score": "score"}
# "其中：一般公共预算：1775.55": a fund the total breaks into, printed with its label in one cell
_INLINE_AMOUNT_RE = re.compile(r"^(?:其中[:：])?\s*([^:：\d]{2,24}?)\s*[:：]\s*(-?[\d,]+(?:\.\d+)?)\s*(?:万元|元)?$")
_BREAKDOWN_RE = re.compile(r"^按.{1,8}分[:：]?$")  # 按收入性质分： / 按支出性质分：


@dataclass
class FormTable:
    """A performance table read into facts: its kind and title as printed, facts (table_index 0 until the
    document attaches them to the table record of the same title) and coverage."""

    kind: str
    title: str
    page: int | None
    line_no: int
    unit: str | None
    facts: list[TableFact] = field(default_factory=list)
    coverage: PartCoverage | None = None


class _Facts:
    def __init__(self, kind: str, form: Form, ledger: Ledger) -> None:
        self.kind, self.form, self.ledger = kind, form, ledger
        self.facts: list[TableFact] = []
        self.row_base = form.toks[0].block if form.toks else 0

    def add(self, tok: Tok, row_label: str | None, column_label: str, measure: str, unit: str | None,
            value: float | None = None, group: str | None = None, raw: str | None = None) -> None:
        if cell_key(tok) in self.ledger.captured:
            return
        raw = tok.raw if raw is None else raw
        kind, printed = classify_cell(raw)
        if value is None:
            value = read_rate(raw) if unit == "%" else printed if printed is not None else printed_figure(raw)
        if value is None:
            return
        if kind not in ("number", "zero"):
            kind = "zero" if value == 0 else "number"
        self.ledger.keep(tok, value)
        self.facts.append(TableFact(
            table_index=0, table_kind=self.kind, page=tok.page, line_no=tok.line,
            row_index=tok.block - self.row_base, col_index=tok.col, row_label=row_label, classification="none",
            subject_code=None, subject_name=None, column_label=column_label, measure=measure, raw_text=raw,
            value_kind=kind, value=value, unit=unit,
            amount_wan=to_wan(value, unit) if unit in ("万元", "元") else None, row_group=group,
        ))


def read_department(form: Form) -> FormTable | None:
    """The form's facts and coverage, or None where it prints neither a budget block nor indicators."""
    budget = read_budget(form)
    indicators = read_indicators(form)
    ledger = Ledger()
    out = _Facts("department_performance", form, ledger)
    _budget_facts(form, budget, out)
    _grid_facts(form, out, budget.unit)
    _inline_facts(form, out, budget.unit)
    backfill_level1(indicators)
    for ind in indicators:
        group = "/".join(x for x in (ind.level1, ind.level2) if x) or None
        for role, measure in INDICATOR_MEASURES.items():
            tok = ind.sources.get(role)
            if tok is None:
                continue
            if role in ("target", "actual"):
                _, value, unit = split_value(tok.raw)
                unit = (ind.unit_text or "").strip() or unit
            else:
                value, unit = printed_figure(tok.raw), "分"
            out.add(tok, ind.level3, _header_label(form, role, INDICATOR_ROLES), measure, unit, value, group)
        for role in ("target_initial", "target_adjusted"):
            ledger.skip(ind.sources.get(role), "a second target column beside the one kept")
        ledger.skip(ind.number, "the row's ordinal")
    total = read_total(form)
    if total.label is not None:
        label = label_key(total.label.raw)
        if total.weight is not None:
            out.add(total.weight, label, _header_label(form, "weight", INDICATOR_ROLES), "weight", "分",
                    raw=total.weight_text)
        if total.score is not None:
            out.add(total.score, label, _header_label(form, "score", INDICATOR_ROLES), "score", "分",
                    raw=total.score_text)
    if not out.facts and not budget.found_header and not indicators:
        return None
    title = form.region.title.raw if form.region.title is not None else "部门整体支出绩效自评表"
    coverage = form_coverage(form, budget, total, indicators, ledger, 0, title)
    first = form.region.title or form.toks[0]
    return FormTable("department_performance", title, first.page, first.line, budget.unit, out.facts,
                     PartCoverage("table", 0, title, coverage.page, coverage.line_no, coverage.amounts_printed,
                                  coverage.amounts_captured, coverage.amounts_skipped, coverage.uncaptured))


def _header_label(form: Form, role: str, roles: dict[str, str]) -> str:
    """The header word printed for a role (全年执行数, 实际完成值 …); the template's word where none is found."""
    for tok in form.toks:
        if roles.get(tok.label) == role:
            return tok.label
    return next(label for label, r in roles.items() if r == role)


def _budget_facts(form: Form, budget: Budget, out: _Facts) -> None:
    """The 年度资金总额 row, each figure under the header word of its column."""
    if budget.total_label is None:
        return
    row_label = label_key(budget.total_label.raw)
    for role, tok in budget.sources.items():
        measure = BUDGET_MEASURES.get(role)
        if measure is None:
            continue
        unit = "%" if role == "rate" else "分" if role in ("weight", "score") else budget.unit
        out.add(tok, row_label, _header_label(form, role, BUDGET_ROLES), measure, unit)
    out.ledger.skip(budget.sources.get("balance"), "结余, the budget less the executed")


def _grid_facts(form: Form, out: _Facts, unit: str) -> None:
    """Rows of figures under a row of column words, above the indicators (年度部门整体支出预算 | 资金总额 | 财政拨款 |
    其他资金, then the amounts): each figure under the word of its column, the row named by its own label or, where
    it prints none, by the header row's first word."""
    end = form.indicator_header()
    rows: dict[int, list[Tok]] = {}
    for tok in form.toks[: end if end is not None else len(form.toks)]:
        if tok.row:
            rows.setdefault(tok.block, []).append(tok)
    header: list[Tok] | None = None
    for block in sorted(rows):
        cells = rows[block]
        figures = [t for t in cells if printed_figure(t.raw) is not None and not is_dash(t.raw)]
        if not figures:
            words = [t for t in cells if len(t.key) <= 16]
            header = cells if len(words) == len(cells) and len(cells) >= 3 else header
            continue
        if header is None:
            continue
        by_col = {t.col: t for t in header}
        labels = [t for t in cells if t not in figures]
        row_label = label_key(labels[0].raw) if labels else label_key(header[0].raw)
        for tok in figures:
            column = by_col.get(tok.col)
            if column is None or column is header[0]:
                continue
            word = label_key(column.raw)
            measure = REQUEST_MEASURES.get(word) or BUDGET_MEASURES.get(BUDGET_ROLES.get(word, ""), "amount")
            fig_unit = "%" if measure == "rate" else "分" if measure in ("weight", "score") else unit
            out.add(tok, row_label, word, measure, fig_unit)


def _inline_facts(form: Form, out: _Facts, unit: str) -> None:
    """Funds printed with their label in one cell below the total ("其中：一般公共预算：1775.55"), under the
    breakdown word of their column (按收入性质分 / 按支出性质分) where the form prints one."""
    end = form.indicator_header()
    breakdown: dict[int, str] = {}
    for tok in form.toks[: end if end is not None else len(form.toks)]:
        key = compact(tok.raw)
        if _BREAKDOWN_RE.match(key):
            breakdown[tok.col] = label_key(key)
            continue
        match = _INLINE_AMOUNT_RE.match(key)
        if match is None:
            continue
        label = label_key(match.group(1))
        out.add(tok, label, breakdown.get(tok.col, "资金来源"), "amount", unit,
                value=float(match.group(2).replace(",", "")), raw=tok.raw)
