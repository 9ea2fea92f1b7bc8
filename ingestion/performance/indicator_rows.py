"""Indicator rows from a reader's rows (row mode).

Header rows name the columns; a data row's values follow its 三级指标 in header order. Converters shift
cells left or right, so a row that does not line up is aligned on its 分值/得分 pair instead."""

from __future__ import annotations

from collections.abc import Callable

from ingestion.text.normalise import compact
from ingestion.text.numbers import is_dash, is_number, is_plain_number
from ingestion.performance.cells import (
    assign_levels, ends_indicators, indicator_name, is_level_name, is_placeholder, is_row_number, is_value_like, operator_of,
)
from ingestion.performance.form import Form, Indicator, make_indicator
from ingestion.performance.tokens import Tok, clean, label_key
from ingestion.performance.vocabulary import ANNOTATION_RE, INDICATOR_ROLES, JUNK, VALUE_ROLES
from ingestion.text.page_numbers import MARKED_PAGE_NUMBER_RE


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
    last_name_col: int | None = None  # the 三级指标 column of the row read just before
    width = len(header_cells)
    for tok, cells in section_rows(form, h):
        columns = form.indicator_columns(form.blocks[tok.block].source_table) if len(cells) == width else {}
        parsed = (_in_columns(cells, columns) if columns else None) or _in_sequence(cells, roles)
        if parsed is None or _names_nothing(cells, parsed):
            names = [c for c in cells if c and is_level_name(compact(c))]
            content = [c for c in cells if c and compact(c) not in JUNK and not is_placeholder(c) and not is_dash(c)]
            if names and len(names) == len(content):
                l1, l2 = assign_levels([compact(n) for n in names], l1, l2)
            elif parsed is None and out and _continues_name(cells, last_name_col):
                out[-1].level3 += indicator_name(cells[last_name_col])  # a long name over two rows
            last_name_col = None
            continue
        level_names, values, l3_index, cols = parsed
        l1, l2 = assign_levels([compact(n) for n in level_names], l1, l2)
        sources = {role: form.cell(tok.block, c) for role, c in cols.items() if form.cell(tok.block, c)}
        # the row's provenance is its 三级指标 cell (a rebuilt row's cells keep their own lines)
        indicator = make_indicator(l1, l2, cells[l3_index], values, form.cell(tok.block, l3_index) or tok, sources)
        indicator.number = _row_number(form, tok.block, cells, l3_index)
        out.append(indicator)
        last_name_col = l3_index
    return out


def section_rows(form: Form, h: int):
    """(first token, cells) of each row below the indicator header, up to the 总分/合计 row or the analysis."""
    seen_blocks = {form.toks[h].block}
    for tok in form.toks[h + 1 :]:
        if tok.block in seen_blocks:
            continue
        seen_blocks.add(tok.block)
        block = form.blocks[tok.block]
        if block.kind == "row":
            cells = [clean(c) for c in block.cells]
        elif block.col_index is None and MARKED_PAGE_NUMBER_RE.match(tok.raw.strip()):
            continue  # no row: a name over two rows may go on below it, on the next page
        else:  # a row with one filled cell, kept as a line that knows its column
            cells = [""] * (block.col_index or 0) + [tok.raw]
        if any(ends_indicators(c) for c in cells if c):
            return
        yield tok, cells


def _names_nothing(cells: list[str], parsed) -> bool:
    """A template row left unused: a placeholder name (指标1：, ……) with nothing but dashes beside it."""
    _, values, l3, _ = parsed
    return is_placeholder(cells[l3]) and not any(v and not is_dash(v) for v in values.values())


def _continues_name(cells: list[str], name_col: int | None) -> bool:
    """A row holding only text in the 三级指标 column of the row above: the rest of that name."""
    filled = [c for c, cell in enumerate(cells) if cell and not is_dash(cell)]
    if name_col is None or filled != [name_col]:
        return False
    key = compact(cells[name_col])
    return not is_level_name(key) and not is_number(key) and not is_placeholder(key) and not is_value_like(key)


def _row_number(form: Form, block: int, cells: list[str], l3: int) -> Tok | None:
    """The ordinal a numbered row prints in a cell of its own (序号) before the name."""
    at = next((c for c in range(l3) if is_row_number(cells[c])), None)
    return form.cell(block, at) if at is not None else None


def _in_columns(cells: list[str], columns: dict[str, int]):
    """A row of the header's own ruled table: each value under its label, the 三级指标 the last words before
    the first value column (an ordinal or a merged level cell may stand between). None when the row prints no
    value there, or prints one the column cannot hold."""
    first = min(columns.values())
    values = {role: (cells[c] if c < len(cells) and cells[c] and not is_dash(cells[c]) else None)
              for role, c in columns.items()}
    if not any(values.values()) or ("weight" in values and values["weight"] and not is_number(values["weight"])):
        return None
    if values.get("score") and not is_number(values["score"]):
        return None
    if values.get("operator") and operator_of(values["operator"]) is None:
        return None
    keys = [compact(c) for c in cells]
    words = [i for i in range(first) if keys[i] and keys[i] not in JUNK and not ANNOTATION_RE.match(keys[i])
             and not is_number(cells[i]) and not is_placeholder(cells[i]) and not is_dash(cells[i])]
    names = [i for i in words if not is_level_name(keys[i])] or words[-1:]
    if not names:
        return None
    l3 = names[-1]
    cols = {role: c for role, c in columns.items() if values[role] is not None}
    return [cells[i] for i in words if i < l3 and is_level_name(keys[i])], values, l3, cols


def _in_sequence(cells: list[str], roles: list[str | None]):
    """The header's roles read from the 三级指标 on. Where its cell spans a blank header cell and the row
    prints an ordinal there before the name, the values start one column later."""
    if roles and roles[0] is None:
        shifted = _parse_indicator_row(cells, roles[1:])
        if shifted is not None and shifted[2] > 0 and is_row_number(cells[shifted[2] - 1]):
            return shifted
    return _parse_indicator_row(cells, roles)


def _parse_indicator_row(
    cells: list[str], roles: list[str | None]
) -> tuple[list[str], dict[str, str | None], int, dict[str, int]] | None:
    """Split one indicator row into (level names, role values, index of the 三级指标 cell, column of each value).

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
        return _values_at(cells, roles, l3 + 1, l3)

    def ok(l3: int, values: dict[str, str | None], strict: bool) -> bool:
        weight, score = values.get("weight"), values.get("score")
        number = is_plain_number if strict else is_number
        if weight is not None and not number(weight):
            return False
        if score is not None and not is_plain_number(score):
            return False
        if "operator" in values and values["operator"] is not None and operator_of(values["operator"]) is None:
            return False
        if any(_names_a_row(values.get(r)) for r in VALUE_ROLES):
            return False  # a level name or a template placeholder is never a target or an actual
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

    def result(l3: int, values: dict[str, str | None], first: int | None = None):
        first = l3 + 1 if first is None else first
        cols = {role: first + k for k, role in enumerate(roles) if role and values.get(role) is not None}
        return [cells[i] for i in candidates if i < l3 and is_level_name(keys[i])], values, l3, cols

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
        return result(*shifted)
    if fits:
        return result(*fits[0])
    if shifted is not None:
        return result(*shifted)
    return None


def _names_a_row(value: str | None) -> bool:
    return bool(value) and (is_level_name(compact(value)) or is_placeholder(value))


def _values_at(cells: list[str], roles: list[str | None], first: int, l3: int) -> dict[str, str | None]:
    """The header's roles read from column `first` on; a dash is a cell that prints nothing."""
    out: dict[str, str | None] = {}
    for k, role in enumerate(roles):
        idx = first + k
        if role and role not in out:
            cell = cells[idx] if l3 < idx < len(cells) else ""
            out[role] = cell if cell and not is_dash(cell) else None
    return out


def _right_aligned(
    cells: list[str], roles: list[str | None], w: int, usable: Callable[[int], bool]
) -> tuple[int, dict[str, str | None], int] | None:
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
    return l3, _values_at(cells, roles, anchor - w, l3), anchor - w
