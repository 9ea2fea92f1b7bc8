"""Indicator rows from an exact stream: one cell per line (Word converted to text). Blank cells vanish from the
block stream but keep their line, so a value's line offset from its row label gives its column."""

from __future__ import annotations

from ingestion.text.numbers import is_dash, is_number, is_plain_number
from ingestion.performance.cells import (
    assign_levels, indicator_name, is_label, is_level_name, is_placeholder, is_row_number, is_value_like, operator_of,
)
from ingestion.performance.form import Form, Indicator, cell_row, make_indicator
from ingestion.performance.tokens import Tok, label_key
from ingestion.performance.vocabulary import ANNOTATION_RE, JUNK, TOTAL_LABELS


def exact_indicators(form: Form, header_end: int, roles: list[str]) -> list[Indicator]:
    out: list[Indicator] = []
    if "weight" not in roles and "score" not in roles:
        return out
    consumed = form.toks[header_end].last_line
    pending: list[str] = []
    l1 = l2 = None
    for tok in form.toks[header_end + 1 :]:
        if tok.line <= consumed:
            continue
        if tok.label in TOTAL_LABELS:
            break
        if ANNOTATION_RE.match(tok.key) or tok.key in JUNK:
            continue
        fit = _exact_fit(form, tok, roles)
        if fit is not None and is_level_name(tok.key):
            # 质量指标 followed by its own 三级指标 fits too when the columns hold numbers alike.
            nxt = form.at_line(tok.last_line + 1)
            if nxt is not None and not is_level_name(nxt.key) and _exact_fit(form, nxt, roles) is not None:
                fit = None
        if fit is not None and is_placeholder(tok.raw) and not any(v for v in fit[0].values()):
            fit = None  # an unused template row (指标2：, ……) prints no figure
        if fit is None:
            if is_level_name(tok.key):
                pending.append(tok.key)
            elif out and _continues_name(form, tok, out[-1]):
                out[-1].level3 += indicator_name(tok.raw)  # a long name over two rows
                consumed = tok.last_line
            continue
        values, sources = fit
        l1, l2 = assign_levels(pending, l1, l2)
        pending = []
        name = tok.raw
        number = _row_number(form, tok, consumed)
        prev = form.at_line(tok.line - 1)
        if prev is not None and prev is not number and prev.line > consumed and not is_level_name(prev.key) and not is_label(prev.key) \
                and not is_number(prev.raw) and operator_of(prev.key) is None and prev.key not in JUNK \
                and not ANNOTATION_RE.match(prev.key) and not is_placeholder(prev.raw):
            name = prev.raw + name  # a 三级指标 name broken over two lines
        indicator = make_indicator(l1, l2, name, values, tok, sources)
        indicator.number = number
        out.append(indicator)
        consumed = tok.last_line + len(roles)
    return out


def _row_number(form: Form, tok: Tok, consumed: int) -> Tok | None:
    """The ordinal a numbered row prints in a cell of its own (序号) before its name."""
    row = cell_row(form, tok)
    if row is None:
        prev = form.at_line(tok.line - 1)
        row = [prev] if prev is not None and prev.line > consumed else []
    return next((t for t in row if t.line < tok.line and is_row_number(t.raw)), None)


def _continues_name(form: Form, tok: Tok, last: Indicator) -> bool:
    """The only filled cell of the row below an indicator, in its 三级指标 column: the rest of its name."""
    here, there = form.blocks[tok.block], form.blocks[last.tok.block]
    if here.row_index is None or there.row_index is None or here.row_index != there.row_index + 1:
        return False
    if (here.source_table, here.col_index) != (there.source_table, there.col_index):
        return False
    row = [t for t in form.toks if form.blocks[t.block].source_table == here.source_table
           and form.blocks[t.block].row_index == here.row_index]
    key = tok.key
    return row == [tok] and not is_number(tok.raw) and not is_value_like(key) and not is_label(key) \
        and operator_of(key) is None and not is_placeholder(tok.raw)


def _exact_fit(form: Form, tok: Tok, roles: list[str]) -> tuple[dict[str, str | None], dict[str, Tok]] | None:
    key = tok.key
    if is_number(tok.raw) or operator_of(key) is not None or is_label(key) or is_dash(key):
        return None
    values: dict[str, str | None] = {}
    sources: dict[str, Tok] = {}
    for k, role in enumerate(roles):
        cell = form.at_line(tok.last_line + 1 + k)
        if role in values:
            continue
        values[role] = cell.raw if cell is not None and not is_dash(cell.raw) else None
        if values[role] is not None:
            sources[role] = cell
    weight, score = values.get("weight"), values.get("score")
    if "operator" in roles and operator_of(values.get("operator")) is None:
        return None
    if weight is not None and not is_number(weight):
        return None
    if score is not None and not is_plain_number(score):
        return None
    if any(v is not None and label_key(v) in TOTAL_LABELS for v in values.values()):
        return None
    if weight is None and score is None and "operator" not in roles:
        return None
    return values, sources
