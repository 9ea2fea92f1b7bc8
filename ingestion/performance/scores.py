"""The 总分/合计 row (weight and score) and the grade a form states."""

from __future__ import annotations

from ingestion.text.numbers import is_number
from ingestion.performance.cells import grade_of, is_label
from ingestion.performance.form import Form
from ingestion.performance.tokens import Tok
from ingestion.performance.vocabulary import GRADES, GRADE_TEXT_RE, TOTAL_LABELS


# -- total, grade, narrative ----------------------------------------------------------------


def read_total(form: Form) -> tuple[str | None, str | None, Tok | None]:
    """(weight, score) printed in the 总分/合计 row, and the row's label token."""
    start = form.indicator_header() or 0
    idx = form.find(TOTAL_LABELS, start)
    if idx is None:
        return None, None, None
    label = form.toks[idx]
    if label.row:
        cells = form.row_cells(label)
        numbers = [(c, cell) for c, cell in enumerate(cells) if c > label.col and is_number(cell)]
        if len(numbers) >= 2:
            return numbers[-2][1], numbers[-1][1], label
        if len(numbers) == 1:
            # One number: the 得分, unless it stands in the 分值/权重 column of the header above.
            col, value = numbers[0]
            columns = form.indicator_columns(form.blocks[label.block].source_table)
            if columns.get("weight") == col and columns.get("score") != col:
                return value, None, label
            return None, value, label
        return None, None, label
    if form.exact:
        near = [form.at_line(label.last_line + k) for k in (1, 2)]
        if any(t is not None and is_number(t.raw) for t in near):
            weight = near[0].raw if near[0] is not None and is_number(near[0].raw) else None
            score = near[1].raw if near[1] is not None and is_number(near[1].raw) else None
            return weight, score, label
        found: list[Tok] = []
        for k in range(3, 16):
            tok = form.at_line(label.last_line + k)
            if tok is None:
                if found:
                    break
                continue
            if not is_number(tok.raw):
                break
            found.append(tok)
            if len(found) == 2:
                break
        if len(found) == 2:
            return found[0].raw, found[1].raw, label
        if len(found) == 1:
            return None, found[0].raw, label
        return None, None, label
    numbers = []
    for tok in form.toks[idx + 1 : idx + 4]:
        if not is_number(tok.raw):
            break
        numbers.append(tok.raw)
    if len(numbers) >= 2:
        return numbers[0], numbers[1], label
    if len(numbers) == 1:
        return None, numbers[0], label
    return None, None, label


def read_grade(form: Form, total_label: Tok | None) -> str | None:
    if total_label is not None:
        if total_label.row:
            for cell in form.row_cells(total_label)[total_label.col + 1 :]:
                if grade_of(cell):
                    return grade_of(cell)
        idx = form.toks.index(total_label)
        for tok in form.toks[idx + 1 : idx + 6]:
            if grade_of(tok.raw):
                return grade_of(tok.raw)
            if is_label(tok.key):
                break
    for i, tok in enumerate(form.toks):
        if tok.label in {"评价等级", "自评等级", "绩效等级", "等级", "评价结果", "自评结果"}:
            for nxt in form.toks[i + 1 : i + 3]:
                if grade_of(nxt.raw):
                    return grade_of(nxt.raw)
        match = GRADE_TEXT_RE.search(tok.key)
        if match and "个项目" not in tok.key:
            return GRADES[match.group(1)]
    return None
