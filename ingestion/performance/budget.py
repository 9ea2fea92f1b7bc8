"""The budget block of a form (年初预算数, 全年预算数, 全年执行数, 执行率, 分值, 得分) and, where its 总额 row
is left blank, the figures the form's own 项目实施和预算执行情况 text states."""

from __future__ import annotations

import re

from ingestion.text.normalise import compact, normalise_text
from ingestion.text.numbers import amount_after, is_dash, is_number, read_number, read_rate
from ingestion.performance.form import Budget, Form
from ingestion.performance.tokens import Tok, clean, label_key
from ingestion.performance.vocabulary import (
    AMOUNT_ROLES, BUDGET_BLOCK_TOTAL_LABELS, BUDGET_ROLES, BUDGET_TOTAL_LABELS, YUAN_RE,
)


# -- budget ---------------------------------------------------------------------------------


# Labels that open the part of the form after the budget block: the goals or the indicators.
_AFTER_BUDGET = {
    "年度总体目标", "项目年度总体目标", "年度目标", "项目年度目标", "项目年度绩效目标", "年度绩效目标", "总体目标",
    "绩效指标", "一级指标", "二级指标", "三级指标",
}
_MAX_BLOCK = 60  # tokens: a budget block holds a header, a total row and a few fund rows


def read_budget(form: Form) -> Budget:
    result = Budget()
    first = next((i for i, tok in enumerate(form.toks) if _budget_role(tok.label) in AMOUNT_ROLES), None)
    if first is None:
        return result
    result.found_header = True
    end = next((i for i in range(first + 1, min(len(form.toks), first + _MAX_BLOCK))
                if form.toks[i].label in _AFTER_BUDGET), min(len(form.toks), first + _MAX_BLOCK))
    result.span = (first, end)
    label_idx = _total_label(form, first, end)
    scope = form.toks[: (label_idx if label_idx is not None else min(end, first + 12))]
    if any(YUAN_RE.search(t.key) for t in scope):
        result.unit = "元"
    if label_idx is None:
        return result
    label = result.total_label = form.toks[label_idx]
    if form.toks[first].row:
        sources = _row_values(form, first, label_idx)
        result.total_row = [form.cell(label.block, c) for c in range(label.col + 1, len(form.blocks[label.block].cells))]
    else:
        roles = [r for r in (_budget_role(t.label) for t in form.toks[first:label_idx]) if r]
        result.total_row = _figures_after(form, label_idx, len(roles))
        sources = _assign_sequence(roles, result.total_row)
    result.total_row = [t for t in result.total_row if t is not None and is_number(t.raw)]
    result.sources = {role: tok for role, tok in sources.items() if role and not is_dash(tok.raw)}
    result.values = {role: tok.raw for role, tok in result.sources.items()}
    return result


def _total_label(form: Form, first: int, end: int) -> int | None:
    """The 总额 / 资金总额 row of the block; a plain 合计 row where the block prints no such row."""
    for labels in (BUDGET_TOTAL_LABELS, BUDGET_BLOCK_TOTAL_LABELS):
        found = next((i for i in range(first, end) if form.toks[i].label in labels), None)
        if found is not None:
            return found
    return None


def _row_values(form: Form, first: int, label_idx: int) -> dict[str, Tok]:
    """The total row's cells by role. Rows of one ruled table keep their columns, so each value sits under
    its header; a text dump shifts cells, so there the values follow the label in the header's order."""
    label = form.toks[label_idx]
    header = _header_blocks(form, first, label_idx)
    width = len(form.blocks[label.block].cells)
    table = form.blocks[label.block].source_table
    if table is not None and all(form.blocks[b].source_table == table and len(form.blocks[b].cells) == width
                                 for b in header):
        by_column = _column_roles(form, header)
        found = {role: form.cell(label.block, c) for c, role in by_column.items() if c > label.col}
        found = {role: tok for role, tok in found.items() if tok is not None}
        if any(role in AMOUNT_ROLES for role in found):
            return found
    roles = row_budget_roles(form, first, label_idx)
    cells = [form.cell(label.block, c) for c in range(label.col + 1, width)]
    out: dict[str, Tok] = {}
    for role, tok in zip(roles, cells):
        if role and role not in out and tok is not None:
            out[role] = tok
    return out


def _header_blocks(form: Form, first: int, label_idx: int) -> list[int]:
    blocks: list[int] = []
    for tok in form.toks[first:label_idx]:
        if tok.row and tok.block not in blocks and _budget_role(tok.label):
            blocks.append(tok.block)
    return blocks


def _column_roles(form: Form, header: list[int]) -> dict[int, str]:
    """Column → role over the header rows; 目标申报数/预算编制数 under a split 年初预算数 name its two columns."""
    out: dict[int, str] = {}
    for b in header:
        for c, cell in enumerate(form.blocks[b].cells):
            role = _budget_role(label_key(cell)) if clean(cell) else None
            if role and (c not in out or role in ("declared", "compiled")):
                out[c] = role
    return out


def _figures_after(form: Form, label_idx: int, count: int) -> list[Tok]:
    """The numbers (or dashes) right after a fragment stream's 总额 label: blank cells leave no trace."""
    out: list[Tok] = []
    for tok in form.toks[label_idx + 1 : label_idx + 1 + count]:
        if not (is_number(tok.raw) or is_dash(tok.raw)):
            break
        out.append(tok)
    return out


def row_budget_roles(form: Form, first: int, label_idx: int) -> list[str | None]:
    """Budget roles from the header row(s), expanding 年初预算数 into 目标申报数/预算编制数 when split."""
    rows = []
    for b in _header_blocks(form, first, label_idx):
        cells = [clean(c) for c in form.blocks[b].cells]
        rows.append([_budget_role(label_key(c)) if c else None for c in cells])
    if not rows:
        return []
    main = max(rows, key=lambda r: sum(1 for x in r if x))
    subs = [r for r in rows if r is not main and any(x in ("declared", "compiled") for x in r)]
    # Keep only the columns that carry a role; leading label columns fall away.
    ordered = [r for r in main if r]
    if "initial" in ordered and subs:
        sub_roles = [x for x in subs[0] if x in ("declared", "compiled")]
        idx = ordered.index("initial")
        ordered = ordered[:idx] + sub_roles + ordered[idx + 1 :]
    return ordered


def narrative_budget(form: Form) -> dict[str, float | None]:
    """Figures the table's 项目实施和预算执行情况 text states, for a 总额 row left blank."""
    texts: list[str] = []
    for tok in form.toks:
        if len(tok.key) < 12 or not re.search(r"预算执行率|预算下达|实际执行|全年执行|批复资金|预算共计", tok.key):
            continue
        if tok.row:
            lead = "".join(compact(c) for c in form.row_cells(tok)[: tok.col])
            if "年度目标" in lead or "绩效目标" in lead:
                continue  # the goal cells tell the history and plans, not this year's execution
        texts.append(normalise_text(tok.raw))
    result: dict[str, float | None] = {"adjusted": None, "executed": None, "rate": None}
    for text in texts:
        adjusted = amount_after(text, ("预算共计", "全年批复资金", "批复资金", "预算下达", "全年预算"))
        executed = amount_after(text, ("全年执行", "实际执行", "实际支出", "整体项目支付", "实际支付", "支付"))
        rate = re.search(r"预算执行率(?:为|是|达)?\s*(\d+(?:\.\d+)?)\s*%", text)
        if adjusted is None and executed is None and rate is None:
            continue
        result["adjusted"] = result["adjusted"] if result["adjusted"] is not None else adjusted
        result["executed"] = result["executed"] if result["executed"] is not None else executed
        if result["rate"] is None and rate:
            result["rate"] = float(rate.group(1))
        if result["adjusted"] is not None and result["executed"] is not None:
            break
    return result


def _budget_role(label: str) -> str | None:
    role = BUDGET_ROLES.get(label)
    if role is None and re.search(r"结[(（]?转[)）]?[余存]|结余|结转", label):
        role = "balance"
    return role


def _assign_sequence(roles: list[str], values: list[Tok]) -> dict[str, Tok]:
    """Values of a fragment-stream row, where blank cells left no trace. As many figures as figure columns fill
    them in order. Fewer are placed only around the rate (printed with %), which parts the amounts before it
    from the points after it (分值 printed before 得分); amounts fewer than their columns only where the
    two nearest the rate give that rate (执行数 / 预算数). Anything else cannot be placed: nothing is read,
    and the figures stay printed and unread."""
    figure_roles = [r for r in roles if r != "reason"]
    if len(values) >= len(figure_roles):
        return _zip(figure_roles, values)
    pct = next((i for i, v in enumerate(values) if compact(v.raw).endswith("%")), None)
    if "rate" not in figure_roles or pct is None:
        return {}
    r = figure_roles.index("rate")
    before_roles, before = figure_roles[:r], values[:pct]
    out: dict[str, Tok] = {}
    if len(before) == len(before_roles):
        out = _zip(before_roles, before)
    elif len(before) < len(before_roles):
        nearest = before_roles[len(before_roles) - len(before) :]  # the amounts nearest the rate, right-aligned
        out = _zip(nearest, before) if _gives_rate(nearest, before, values[pct]) else {}
    out["rate"] = values[pct]
    out.update(_zip(figure_roles[r + 1 :], values[pct + 1 :]))
    return out


def _gives_rate(roles: list[str], values: list[Tok], rate: Tok) -> bool:
    """Whether the amounts placed in these columns give the rate the row prints (执行数 / 预算数)."""
    placed = dict(zip(roles, (read_number(v.raw) for v in values)))
    adjusted, executed, printed = placed.get("adjusted"), placed.get("executed"), read_rate(rate.raw)
    if not adjusted or executed is None or printed is None:
        return False
    return abs(executed / adjusted * 100 - printed) < 0.51  # a rate printed rounded to whole percent


def _zip(roles: list[str], values: list[Tok]) -> dict[str, Tok]:
    out: dict[str, Tok] = {}
    for role, tok in zip(roles, values):
        out.setdefault(role, tok)
    return out
