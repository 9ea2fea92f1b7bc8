"""What a form prints, and how much of it became records.

A reviewer (and a quality rule) must tell "the form printed it and we did not read it" from "the form left it
blank". The readers say which token each value came from; here the figures the form prints where a figure can
stand are counted: the budget block (header to its last fund row) and the indicator section (header to the
总分/合计 row, and any indicator printed after it). Goals and analysis are prose: their numbers are no figures
of the form and are not counted.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ingestion.records import PartCoverage
from ingestion.text.numbers import is_dash, printed_figure
from ingestion.text.normalise import compact
from ingestion.performance.cells import is_label, is_level_name, is_placeholder, is_row_number, operator_of
from ingestion.performance.form import Budget, Form, Indicator
from ingestion.performance.fragment_values import word_run
from ingestion.performance.indicator_rows import section_rows
from ingestion.performance.scores import Total
from ingestion.performance.tokens import Tok, label_key
from ingestion.performance.vocabulary import (
    AMOUNT_ROLES, ANNOTATION_RE, BUDGET_TOTAL_LABELS, INDICATOR_ROLES, JUNK, QUALITATIVE_VALUE_RE, TOTAL_LABELS,
)

_YEAR_RE = re.compile(r"(?:19|20)\d{2}(?:年度?)?")
_PHONE_RE = re.compile(r"1[3-9]\d{9}|0\d{2,3}-?\d{7,8}")
_QUOTED = 5  # uncaptured figures quoted per form
_UNIT_TOKEN_RE = re.compile(r"[\u4e00-\u9fffA-Za-z%‰/()（）]{1,5}")  # 个, 万元, 个工作日, 台（套）


def cell_key(tok: Tok) -> tuple[int, int]:
    return tok.block, tok.col


class Ledger:
    """Which printed tokens became a record field, and which were passed over on purpose (and why)."""

    def __init__(self) -> None:
        self.captured: set[tuple[int, int]] = set()
        self.skipped: dict[tuple[int, int], str] = {}

    def keep(self, tok: Tok | None, value: object) -> None:
        """A token whose value became a field (a value None is a cell read that held no figure)."""
        if tok is not None and value is not None:
            self.captured.add(cell_key(tok))

    def skip(self, tok: Tok | None, reason: str) -> None:
        if tok is not None and cell_key(tok) not in self.captured:
            self.skipped.setdefault(cell_key(tok), reason)


# -- what the form prints ---------------------------------------------------------------------


def budget_printed(form: Form, budget: Budget) -> bool:
    """The 总额 row prints a figure (in an amount column, or one we could not place); where no 总额 row is
    found, any figure in the budget block counts."""
    if budget.total_label is None:
        return any(printed_figure(t.raw) is not None for t in _budget_area(form, budget))
    placed = {cell_key(t): role for role, t in budget.sources.items()}
    return any(placed.get(cell_key(t)) in (None, "declared", "compiled", "initial", "adjusted", "executed")
               for t in budget.total_row)


def indicator_rows_printed(form: Form, total: Total, indicators: list[Indicator], ledger: Ledger) -> int:
    """Rows of the indicator section that print something beside their names: rows of a reader's table, cell
    rows of a one-cell-per-line stream, or (where blank cells leave no trace) runs of values."""
    h = form.indicator_header()
    if h is None:
        return 0
    if form.toks[h].row:
        return sum(1 for _, cells in section_rows(form, h) if len(_content(cells)) >= 2)
    start, end = _indicator_area(form, total, indicators)
    apart = {cell_key(t) for t in [total.label, *total.printed] if t is not None}
    apart |= {cell_key(t) for ind in indicators for t in ind.name_toks}  # numbers inside names are words
    section = form.toks[start:end]
    if any(form.blocks[t.block].row_index is not None for t in section):
        columns: dict[tuple, set] = defaultdict(set)
        for tok in section:
            block = form.blocks[tok.block]
            if block.row_index is not None and cell_key(tok) not in apart and _content([tok.raw]):
                columns[(block.source_table, block.row_index)].add(block.col_index)
        return sum(1 for cols in columns.values() if len(cols) >= 2)
    runs = _runs([None if cell_key(t) in apart else t for t in section])
    return sum(1 for run in runs if not _in_prose(run, section, ledger))


def _content(cells: list[str]) -> list[str]:
    """What a row prints beyond level names, header labels, notes, placeholders, dashes and its ordinal."""
    return [
        c for c in cells
        if c and not is_level_name(c) and not is_label(c) and label_key(c) not in INDICATOR_ROLES
        and not ANNOTATION_RE.match(compact(c)) and compact(c) not in JUNK and not is_placeholder(c)
        and not is_dash(c) and not is_row_number(c)
    ]


def _runs(section: list[Tok | None]) -> list[list[Tok]]:
    """Runs of values (figures, operators, set words such as 及时, and the short units between them): what a
    row prints after its name. A number standing alone between words belongs to running text. None stands
    for a token set apart (a name, the total row): it ends a run."""
    runs: list[list[Tok]] = []
    run: list[Tok] = []
    words = _word_pieces(section)
    for k, tok in enumerate(section + [None]):
        if tok is not None and (k in words or _value_token(tok, run)):
            run.append(tok)
            continue
        if sum(1 for t in run if not _UNIT_TOKEN_RE.fullmatch(t.key) or _value_word(t)) >= 2 \
                or any(operator_of(t.key) for t in run):
            runs.append(run)
        run = []
    return runs


def _word_pieces(section: list[Tok | None]) -> set[int]:
    """Positions of the pieces a fragment stream broke a set word into (部分达成预期指 + 标)."""
    out: set[int] = set()
    k = 0
    while k < len(section):
        stretch = k
        while stretch < len(section) and section[stretch] is not None:
            stretch += 1
        toks = [t for t in section[k:stretch] if t is not None]
        i = 0
        while i < len(toks):
            size = word_run(toks, i, len(toks))
            if size > 1:
                out.update(range(k + i, k + i + size))
            i += max(size, 1)
        k = stretch + 1
    return out


def _value_word(tok: Tok) -> bool:
    return bool(QUALITATIVE_VALUE_RE.fullmatch(tok.key))


def _in_prose(run: list[Tok], area: list[Tok], ledger: Ledger) -> bool:
    """A run of values no reader used that a sentence's punctuation stands beside ("全市完成工业投资 541.51
    亿元 ，"): figures of running text a text layer printed among the cells, no cells of the form."""
    if any(cell_key(t) in ledger.captured or cell_key(t) in ledger.skipped for t in run):
        return False
    at = {cell_key(t): i for i, t in enumerate(area)}
    first, last = at[cell_key(run[0])], at[cell_key(run[-1])]
    beside = [area[i] for i in (first - 1, last + 1) if 0 <= i < len(area)]
    return any(re.search(r"[，。；、,;]", t.key) and not is_level_name(t.key) for t in beside)


def _value_token(tok: Tok, run: list[Tok]) -> bool:
    if is_label(tok.key) or tok.label in INDICATOR_ROLES:
        return False
    if printed_figure(tok.raw) is not None or operator_of(tok.key) or _value_word(tok):
        return True
    # a unit between a target and its actual (个, 万元, 次/年), never punctuation of running text
    return bool(run) and bool(_UNIT_TOKEN_RE.fullmatch(tok.key)) and not is_level_name(tok.key)


# -- coverage ---------------------------------------------------------------------------------


def form_coverage(
    form: Form, budget: Budget, total: Total, indicators: list[Indicator], ledger: Ledger,
    part_index: int, title: str | None,
) -> PartCoverage:
    figures = classify_figures(form, budget, total, indicators, ledger)
    missed = [f"{_where(tok)} {_label_beside(form, tok)}: {tok.raw}".strip()
              for tok, verdict in figures if verdict == "missed"]
    quoted = "; ".join(missed[:_QUOTED]) + (f" (+{len(missed) - _QUOTED} more)" if len(missed) > _QUOTED else "")
    first = form.region.title or form.toks[0]
    return PartCoverage(
        part="project", part_index=part_index, title=title, page=first.page, line_no=first.line,
        amounts_printed=len(figures),
        amounts_captured=sum(1 for _, verdict in figures if verdict == "captured"),
        amounts_skipped=sum(1 for _, verdict in figures if verdict not in ("captured", "missed")),
        uncaptured=quoted or None,
    )


def classify_figures(
    form: Form, budget: Budget, total: Total, indicators: list[Indicator], ledger: Ledger,
) -> list[tuple[Tok, str]]:
    """Every figure the form prints where a figure can stand, with its verdict: "captured", "missed", or why
    it was passed over (the reason the ledger holds, a fund row, a year, a page number …)."""
    fund_rows = _fund_rows(form, budget)
    area = _figure_area(form, budget, total, indicators)
    if not any(t.row for t in area):
        # a fragment stream: only numbers among values are figures, the rest are words of names and text;
        # the 总额 row's and the total row's numbers stand where figures stand, alone or not
        in_names = {cell_key(t) for ind in indicators for t in ind.name_toks}
        kept = [None if cell_key(t) in in_names else t for t in area]
        placed = {cell_key(t) for t in [*budget.total_row, *total.printed]}
        values = {cell_key(t) for run in _runs(kept) if not _in_prose(run, area, ledger) for t in run}
        area = [t for t in area if cell_key(t) in values or cell_key(t) in placed]
    out: list[tuple[Tok, str]] = []
    for tok in area:
        if printed_figure(tok.raw) is None:
            continue
        key = cell_key(tok)
        if key in ledger.captured:
            verdict = "captured"
        elif key in ledger.skipped:
            verdict = ledger.skipped[key]
        elif key in fund_rows:
            verdict = "a 其中 row below the 总额 row"
        else:
            verdict = _not_a_figure(form, tok) or "missed"
        out.append((tok, verdict))
    return out


def _figure_area(form: Form, budget: Budget, total: Total, indicators: list[Indicator]) -> list[Tok]:
    """The budget block's tokens, then the indicator section's, each once."""
    index = {cell_key(t): i for i, t in enumerate(form.toks)}
    area = {cell_key(t): t for t in _budget_area(form, budget)}
    start, end = _indicator_area(form, total, indicators)
    for tok in form.toks[start:end]:
        area.setdefault(cell_key(tok), tok)
    return sorted(area.values(), key=lambda t: index[cell_key(t)])


def _indicator_area(form: Form, total: Total, indicators: list[Indicator]) -> tuple[int, int]:
    """Token indices from below the indicator header through the total row, and through any indicator a
    scrambled text layer printed after that row."""
    h = form.indicator_header()
    if h is None:
        return 0, 0
    index = {cell_key(t): i for i, t in enumerate(form.toks)}
    last = [index[cell_key(t)] for t in [total.label, *total.printed] if t is not None]
    for ind in indicators:
        last += [index[cell_key(t)] for t in [ind.tok, *ind.sources.values()] if cell_key(t) in index]
    end = max(last, default=_section_end(form, h) - 1)
    if total.label is not None and total.label.row:
        end = max([end] + [i for i, t in enumerate(form.toks) if t.block == total.label.block])
    return h + 1, end + 1


def _budget_area(form: Form, budget: Budget) -> list[Tok]:
    if budget.found_header:
        start, end = budget.span
        return form.toks[start:end]
    # No budget header was recognised: the block still runs from its 总额 row to the goals or indicators.
    start = form.find(BUDGET_TOTAL_LABELS)
    h = form.indicator_header()
    if start is None or (h is not None and start > h):
        return []
    return form.toks[start : h if h is not None else len(form.toks)]


def _fund_rows(form: Form, budget: Budget) -> set[tuple[int, int]]:
    """Figures of the 其中 rows below the 总额 row (财政拨款, 上年结转, 其他资金 …): a breakdown the record
    does not keep. Where the 总额 row prints no amount they are all the budget the block prints and stay
    counted as missed."""
    if budget.total_label is None or not any(role in AMOUNT_ROLES for role in budget.sources):
        return set()
    start, end = budget.span
    total_row = {cell_key(t) for t in budget.total_row}
    after = [t for t in form.toks[start:end] if t.line > budget.total_label.line
             or (t.line == budget.total_label.line and t.block != budget.total_label.block)]
    return {cell_key(t) for t in after if cell_key(t) not in total_row}


def _not_a_figure(form: Form, tok: Tok) -> str | None:
    """Why a number printed where no figure of the form stands is none: a year, a telephone number, a
    converter's page number between the cells of a one-cell-per-line stream."""
    key = tok.key
    if _YEAR_RE.fullmatch(key):
        return "a year"
    if _PHONE_RE.fullmatch(key):
        return "a telephone number"
    if key.isdigit() and _is_date_part(form, tok):
        return "a date"
    cells_known = any(form.blocks[t.block].row_index is not None for t in form.toks[:50])
    if cells_known and not tok.row and form.blocks[tok.block].row_index is None and key.isdigit():
        return "a page number"
    return None


def _is_date_part(form: Form, tok: Tok) -> bool:
    """A month a one-cell-per-line stream cut out of its date ("2024" / "年" / "2" / "月底之前完成…"): the number
    stands after a year and its 年, and 月 follows. A unit cell before a count ("≤" / "月" / "10") is no date."""
    i = form.toks.index(tok)
    if i < 2 or i + 1 >= len(form.toks) or not 1 <= int(tok.key) <= 12:
        return False
    year, nian, after = form.toks[i - 2].raw.strip(), form.toks[i - 1].raw.strip(), form.toks[i + 1].raw.strip()
    return bool(_YEAR_RE.fullmatch(year + nian)) and nian == "年" and after.startswith("月")


def _where(tok: Tok) -> str:
    return f"p.{tok.page} l.{tok.line}" if tok.page is not None else f"l.{tok.line}"


def _label_beside(form: Form, tok: Tok) -> str:
    """The nearest text before a figure: its row's label in a table row, the previous line of a stream."""
    if tok.row:
        cells = form.row_cells(tok)
        for cell in reversed(cells[: tok.col]):
            if cell and printed_figure(cell) is None and not is_dash(cell):
                return cell[:20]
        return ""
    i = form.toks.index(tok)
    for prev in reversed(form.toks[max(0, i - 8) : i]):
        if printed_figure(prev.raw) is None and not is_dash(prev.raw) and operator_of(prev.key) is None:
            return prev.raw[:20]
    return ""


def _section_end(form: Form, h: int) -> int:
    return next((k for k in range(h + 1, len(form.toks)) if form.toks[k].label in TOTAL_LABELS), len(form.toks))
