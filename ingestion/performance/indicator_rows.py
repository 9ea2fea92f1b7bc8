"""Indicator rows from a reader's rows (row mode).

Header rows name the columns; a data row's values follow its 三级指标 in header order. Converters shift
cells left or right, so a row that does not line up is aligned on its 分值/得分 pair instead."""

from __future__ import annotations

from collections.abc import Callable

from ingestion.text.normalise import compact
from ingestion.text.numbers import is_number, is_plain_number
from ingestion.performance.cells import assign_levels, is_level_name, is_value_like, operator_of
from ingestion.performance.form import Form, Indicator, make_indicator
from ingestion.performance.tokens import clean, label_key
from ingestion.performance.vocabulary import ANALYSIS_LABELS, ANNOTATION_RE, INDICATOR_ROLES, JUNK, TOTAL_LABELS


def row_indicators(form: Form, h: int) -> list[Indicator]:
    head = form.toks[h]
    header_cells = form.row_cells(head)
    roles: list[str | None] = []
    for cell in header_cells[head.col + 1 :]:
        roles.append(INDICATOR_ROLES.get(label_key(compact(cell))) if cell else None)
    while roles and roles[-1] is None:
        roles.pop()
    out: list[Indicator] = []
    l1 = l2 = None
    seen_blocks = {head.block}
    for tok in form.toks[h + 1 :]:
        if tok.block in seen_blocks:
            continue
        seen_blocks.add(tok.block)
        block = form.blocks[tok.block]
        cells = [clean(c) for c in block.cells] if block.kind == "row" else [tok.raw]
        keys = [compact(c) for c in cells]
        if any(label_key(k) in TOTAL_LABELS for k in keys if k):
            break
        if any(label_key(k) in ANALYSIS_LABELS for k in keys if k):
            break
        parsed = _parse_indicator_row(cells, roles)
        if parsed is None:
            names = [c for c in cells if c and is_level_name(compact(c))]
            if names and len(names) == len([c for c in cells if c and compact(c) not in JUNK]):
                l1, l2 = assign_levels([compact(n) for n in names], l1, l2)
            continue
        level_names, values, l3_index = parsed
        l1, l2 = assign_levels([compact(n) for n in level_names], l1, l2)
        out.append(make_indicator(l1, l2, cells[l3_index], values, tok))
    return out


def _parse_indicator_row(
    cells: list[str], roles: list[str | None]
) -> tuple[list[str], dict[str, str | None], int] | None:
    """Split one indicator row into (level names, role values, index of the 三级指标 cell).

    The header's order applies from the 三级指标 cell on. When the converter shifted cells so
    that the row does not line up, the row is aligned instead on its 分值/得分 pair.
    """
    if "weight" not in roles and "score" not in roles:
        return None
    w = roles.index("weight") if "weight" in roles else roles.index("score") - 1
    keys = [compact(c) for c in cells]

    def usable(i: int) -> bool:
        k = keys[i]
        return bool(k) and k not in JUNK and not ANNOTATION_RE.match(k)

    def values_from(l3: int) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for k, role in enumerate(roles):
            idx = l3 + 1 + k
            if role and role not in out:
                out[role] = cells[idx] if idx < len(cells) and cells[idx] else None
        return out

    def ok(l3: int, values: dict[str, str | None], strict: bool) -> bool:
        weight, score = values.get("weight"), values.get("score")
        number = is_plain_number if strict else is_number
        if weight is not None and not number(weight):
            return False
        if score is not None and not is_plain_number(score):
            return False
        if "operator" in values and values["operator"] is not None and operator_of(values["operator"]) is None:
            return False
        if weight is None and score is None:
            # Both blank is a row whose scores were left empty, not numbers sitting elsewhere.
            if any(is_plain_number(c) for c in cells[l3 + 1 :]):
                return False
            return any(values.get(r) for r in ("target", "target_initial", "target_adjusted", "operator"))
        return True

    # Left-aligned: the 三级指标 is the first cell from which the header's columns fit, trying
    # names that are not level names first (a 三级指标 may be called 成本指标 or 服务对象满意度).
    candidates = [
        i for i in range(len(cells))
        if usable(i) and not is_number(cells[i]) and operator_of(keys[i]) is None and not is_value_like(keys[i])
    ]
    plain = [i for i in candidates if not is_level_name(keys[i])]

    def both(values: dict[str, str | None]) -> bool:
        return is_plain_number(values.get("weight")) and is_plain_number(values.get("score"))

    def result(l3: int, values: dict[str, str | None]) -> tuple[list[str], dict[str, str | None], int]:
        return [cells[i] for i in candidates if i < l3 and is_level_name(keys[i])], values, l3

    fits: list[tuple[int, dict[str, str | None]]] = []
    for pool, strict in ((plain, True), (candidates, True), (candidates, False)):
        for l3 in pool:
            values = values_from(l3)
            if ok(l3, values, strict):
                fits.append((l3, values))
        if fits:
            break
    # Best: the header's columns line up from the first name that is no level name, or they
    # line up from a later cell and carry both 分值 and 得分.
    if fits and plain and fits[0][0] == plain[0]:
        return result(*fits[0])
    for l3, values in fits:
        if both(values):
            return result(l3, values)
    shifted = _right_aligned(cells, roles, w, usable)
    if shifted is not None and both(shifted[1]):
        return result(shifted[0], shifted[1])
    if fits:
        return result(*fits[0])
    if shifted is not None:
        return result(*shifted)
    return None


def _right_aligned(
    cells: list[str], roles: list[str | None], w: int, usable: Callable[[int], bool]
) -> tuple[int, dict[str, str | None]] | None:
    """Align a shifted row on its 分值/得分 pair (or a lone 分值 whose 得分 was left blank)."""
    keys = [compact(c) for c in cells]
    numeric = [i for i in range(len(cells)) if is_plain_number(cells[i])]
    anchor = None
    for i in reversed(numeric):
        if i + 1 < len(cells) and is_plain_number(cells[i + 1]) and not any(j > i + 1 for j in numeric):
            anchor = i
            break
    if anchor is None and numeric:
        i = numeric[-1]
        if i + 1 >= len(cells) or not cells[i + 1] or not is_plain_number(cells[i + 1]):
            anchor = i
    if anchor is None:
        return None
    l3 = anchor - w - 1
    while l3 >= 0 and not usable(l3):
        l3 -= 1
    if l3 < 0 or is_number(cells[l3]) or operator_of(keys[l3]) is not None or is_value_like(keys[l3]):
        return None
    values: dict[str, str | None] = {}
    for k, role in enumerate(roles):
        idx = anchor - w + k
        if role and role not in values:
            values[role] = cells[idx] if 0 <= idx < len(cells) and idx > l3 and cells[idx] else None
    return l3, values
