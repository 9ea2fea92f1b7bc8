"""The budget block of a form (年初预算数, 全年预算数, 全年执行数, 执行率, 分值, 得分) and, where its 总额 row
is left blank, the figures the form's own 项目实施和预算执行情况 text states."""

from __future__ import annotations

import re

from ingestion.text.normalise import compact, normalise_text
from ingestion.text.numbers import is_dash, is_number, amount_after
from ingestion.performance.form import Budget, Form
from ingestion.performance.tokens import clean, label_key
from ingestion.performance.vocabulary import AMOUNT_ROLES, BUDGET_ROLES, BUDGET_TOTAL_LABELS, YUAN_RE


# -- budget ---------------------------------------------------------------------------------


def read_budget(form: Form) -> Budget:
    result = Budget()
    first = None
    for i, tok in enumerate(form.toks):
        role = _budget_role(tok.label)
        if role in AMOUNT_ROLES:
            first = i
            break
    if first is None:
        return result
    result.found_header = True
    head_tok = form.toks[first]
    label_idx = form.find(BUDGET_TOTAL_LABELS, first)
    if label_idx is not None and label_idx - first > 40:
        label_idx = None
    scope = form.toks[: (label_idx if label_idx is not None else first + 12)]
    if any(YUAN_RE.search(t.key) for t in scope):
        result.unit = "元"
    if label_idx is None:
        return result
    label = form.toks[label_idx]
    if head_tok.row:
        roles = row_budget_roles(form, first, label_idx)
        cells = form.row_cells(label)
        values = cells[label.col + 1 :]
        result.values = _zip_roles(roles, values)
    else:
        roles = []
        for tok in form.toks[first:label_idx]:
            role = _budget_role(tok.label)
            if role:
                roles.append(role)
        if form.exact:
            values = []
            for k in range(len(roles)):
                tok = form.at_line(label.last_line + 1 + k)
                values.append(tok.raw if tok is not None else None)
            result.values = _zip_roles(roles, values)
        else:
            values = []
            for tok in form.toks[label_idx + 1 : label_idx + 1 + len(roles)]:
                if is_number(tok.raw) or is_dash(tok.raw):
                    values.append(tok.raw)
                else:
                    break
            result.values = _assign_sequence(roles, values)
    return result


def row_budget_roles(form: Form, first: int, label_idx: int) -> list[str | None]:
    """Budget roles from the header row(s), expanding 年初预算数 into 目标申报数/预算编制数 when split."""
    blocks: list[int] = []
    for tok in form.toks[first:label_idx]:
        if tok.row and tok.block not in blocks and _budget_role(tok.label):
            blocks.append(tok.block)
    rows = []
    for b in blocks:
        cells = [clean(c) for c in form.blocks[b].cells]
        roles = [_budget_role(label_key(compact(c))) if c else None for c in cells]
        rows.append(roles)
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


def _zip_roles(roles: list[str | None], values: list[str | None]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for role, value in zip(roles, values):
        if role and role not in out:
            out[role] = value if value and not is_dash(value) else None
    return out


def _assign_sequence(roles: list[str], values: list[str]) -> dict[str, str | None]:
    """Values of a fragment-stream row where blank cells left no trace: anchor on the % rate."""
    if "rate" in roles:
        pct = next((i for i, v in enumerate(values) if compact(v).endswith("%")), None)
        if pct is not None:
            r = roles.index("rate")
            before_roles, after_roles = roles[:r], roles[r + 1 :]
            before = values[:pct]
            out: dict[str, str | None] = {}
            if len(before) <= len(before_roles):
                out.update(_zip_roles(before_roles[len(before_roles) - len(before) :], before))
            else:
                out.update(_zip_roles(before_roles, before[-len(before_roles) :]))
            out["rate"] = values[pct]
            out.update(_zip_roles(after_roles, values[pct + 1 :]))
            return out
    return _zip_roles(list(roles), list(values))
