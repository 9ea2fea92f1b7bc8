"""Indicator rows from a fragment stream: a PDF converted to text, a few characters per line and no trace of
blank cells. A row is read as a sequence anchored on what every row prints: its 指标性质 operator (≥, ≤, ＝,
定性 …) where the layout has that column, otherwise its 分值/得分 numbers."""

from __future__ import annotations

import re

from ingestion.text.numbers import is_dash, is_number, is_plain_number, read_number
from ingestion.performance.cells import (
    assign_levels, grade_of, is_label, is_level_name, is_placeholder, is_row_number, is_value_like, operator_of,
)
from ingestion.performance.form import Form, Indicator, make_indicator
from ingestion.performance.tokens import Tok, label_key
from ingestion.performance.vocabulary import (
    ANALYSIS_LABELS, ANNOTATION_RE, QUALITATIVE_VALUE_RE, STOP_IN_INDICATORS, TOTAL_LABELS,
)


def fragment_indicators(form: Form, header_end: int, roles: list[str]) -> list[Indicator]:
    if "operator" in roles:
        return _operator_anchored(form, header_end, roles[roles.index("operator") + 1 :])
    if "weight" in roles or "score" in roles:
        return _score_anchored(form, header_end, roles)
    return []


# -- layouts with a 指标性质 column ---------------------------------------------------------------


def _operator_anchored(form: Form, header_end: int, after: list[str]) -> list[Indicator]:
    """Rows anchored on their operator. The usual columns after it (指标值, 度量单位, 完成值, 权重, 得分) are
    read by what each token prints; any other order is followed column by column."""
    usual = [r for r in after if r in ("target", "unit", "actual", "weight", "score")]
    in_usual_order = usual == [r for r in ("target", "unit", "actual", "weight", "score") if r in usual]
    out: list[Indicator] = []
    toks = form.toks
    boundary = header_end  # the last token an earlier row used
    l1 = l2 = None
    for k in range(header_end + 1, len(toks)):
        op = operator_of(toks[k].key)
        if k <= boundary or op is None:
            continue
        # The 三级指标 name: the fragments before the operator, after the 一级/二级 names.
        parts: list[Tok] = []
        j = k - 1
        while j > boundary and len(parts) < 25 and not is_level_name(toks[j].key) \
                and toks[j].label not in STOP_IN_INDICATORS and operator_of(toks[j].key) is None:
            parts.insert(0, toks[j])
            j -= 1
        names: list[str] = []
        while j > boundary and is_level_name(toks[j].key):
            names.insert(0, toks[j].key)
            j -= 1
        if not parts and names and not names[-1].endswith("指标"):
            parts, names = [toks[k - 1]], names[:-1]  # a 三级指标 called 满意度 looks like a level name
        number, parts = _without_row_number(parts)
        numeric_parts = sum(1 for t in parts if is_number(t.raw))
        if not re.search(r"[\u4e00-\u9fff]{2}", "".join(t.key for t in parts)) or numeric_parts * 2 > len(parts):
            boundary = k  # a scrambled text layer: columns printed one after another
            continue
        if in_usual_order:
            values, sources, boundary = _values_after_operator(toks, k, op)
        else:
            values, sources, boundary = _values_in_column_order(toks, k, after)
        if values is None:
            boundary = k
            continue
        l1, l2 = assign_levels(names, l1, l2)
        indicator = make_indicator(l1, l2, _joined(parts), values, parts[0], sources)
        indicator.number, indicator.name_toks = number, parts
        out.append(indicator)
    return out


def _values_after_operator(toks: list[Tok], k: int, op: str):
    """(values, their tokens, the last token used) after the operator at k; values None when the row has none.

    Blank cells leave no trace here, so the numbers are read by count: three are 完成值, 权重 and
    得分; two are 权重 and 得分 (a PDF layer often prints 完成值 elsewhere), unless the first
    exceeds 100 points; one is the 权重.
    """
    i = k + 1
    sources: dict[str, Tok] = {"operator": toks[k]}
    unit: str | None = None
    if i < len(toks) and not is_level_name(toks[i].key) and operator_of(toks[i].key) is None:
        sources["target"] = toks[i]
        i += 1
    if op == "定性":
        if i < len(toks) and not is_number(toks[i].raw) and not is_level_name(toks[i].key) \
                and not is_label(toks[i].key) and len(toks[i].key) <= 12:
            sources["actual"] = toks[i]
            i += 1
    elif i < len(toks) and not is_number(toks[i].raw) and len(toks[i].key) <= 6 \
            and not is_level_name(toks[i].key) and not is_label(toks[i].key):
        unit, i = _fragment_unit(toks, i)
    numbers: list[Tok] = []
    while i < len(toks) and len(numbers) < 3 and (is_number(toks[i].raw) or is_dash(toks[i].raw)):
        numbers.append(toks[i])
        i += 1
    if "target" not in sources and not numbers:
        return None, {}, k
    numbers_roles: tuple[str, ...] = ()
    if len(numbers) == 3:
        numbers_roles = ("actual", "weight", "score") if "actual" not in sources else ("", "weight", "score")
    elif len(numbers) == 2 and "actual" not in sources and (read_number(numbers[0].raw) or 0) > 100:
        numbers_roles = ("actual", "weight")  # a weight is points out of 100: the 得分 was left blank
    elif len(numbers) == 2:
        numbers_roles = ("weight", "score")
    elif len(numbers) == 1:
        numbers_roles = ("weight",)
    for role, tok in zip(numbers_roles, numbers):
        if role and not is_dash(tok.raw):
            sources[role] = tok
    values: dict[str, str | None] = {role: None for role in ("target", "actual", "weight", "score")}
    values.update({role: tok.raw for role, tok in sources.items()})
    values["unit"] = unit
    return values, sources, i - 1


def _values_in_column_order(toks: list[Tok], k: int, after: list[str]):
    """The tokens after the operator at k taken column by column in the header's order; a column whose kind
    the next token does not print (a number for 权重/得分, a value for 指标值/完成值 …) was left blank."""
    sources: dict[str, Tok] = {"operator": toks[k]}
    i = k + 1
    for role in after:
        if i >= len(toks) or is_level_name(toks[i].key) or operator_of(toks[i].key) or is_label(toks[i].key):
            break
        if _prints(role, toks[i]):
            sources[role] = toks[i]
            i += 1
    if len(sources) == 1:
        return None, {}, k
    values: dict[str, str | None] = {role: None for role in ("target", "actual", "weight", "score")}
    values.update({role: tok.raw for role, tok in sources.items()})
    return values, sources, i - 1


def _prints(role: str, tok: Tok) -> bool:
    """Whether a token prints what the column of `role` holds."""
    if role in ("weight", "score"):
        return is_number(tok.raw)
    if role in ("target", "target_initial", "target_adjusted", "actual"):
        return is_value_like(tok.key) or is_number(tok.raw) or _is_value_word(tok)
    if role == "unit":
        return bool(re.fullmatch(r"[\u4e00-\u9fff%/]{1,3}", tok.key)) and not _is_value_word(tok)
    if role == "reason":
        return _is_reason(tok)
    return False


def _fragment_unit(toks: list[Tok], i: int) -> tuple[str, int]:
    """A 度量单位 broken over lines: 个 | （ | 套 | ）, 次 | / | 年, 平方 | 米, 个工 | 作日."""
    parts = [toks[i].raw]
    i += 1
    if parts[0] in ("(", "（") or (i < len(toks) and toks[i].raw in ("(", "（")):
        while i < len(toks) and len(parts) < 6 and parts[-1] not in (")", "）"):
            parts.append(toks[i].raw)
            i += 1
    elif i + 1 < len(toks) and toks[i].key in ("/", "／") and not is_number(toks[i + 1].raw) \
            and len(toks[i + 1].key) <= 3 and not is_level_name(toks[i + 1].key):
        parts += [toks[i].raw, toks[i + 1].raw]
        i += 2
    while i + 1 < len(toks) and len(parts) < 3 and re.fullmatch(r"[\u4e00-\u9fff]{1,3}", toks[i].key) \
            and is_number(toks[i + 1].raw) and not is_level_name(toks[i].key) and grade_of(toks[i].key) is None:
        parts.append(toks[i].raw)
        i += 1
    return "".join(parts), i


# -- layouts without one: 年度指标值, 实际完成值, 分值, 得分 … ------------------------------------------


def _score_anchored(form: Form, header_end: int, roles: list[str]) -> list[Indicator]:
    """Rows anchored on their 分值 and 得分: the last two plain numbers of a run are the row's points; the
    value columns the header puts before them (targets and actuals print units, operators or set words such
    as 及时, 达成预期指标) stand before them, after the level names and the 三级指标; those it puts after the
    points follow them. Text left over before the next row's level names is the row's 偏差原因."""
    points_roles = [r for r in ("weight", "score") if r in roles]
    first_point = roles.index(points_roles[0])
    before = [r for r in roles[:first_point] if r in _VALUE_ROLES]
    after = [r for r in roles[first_point:] if r in _VALUE_ROLES]
    out: list[Indicator] = []
    toks = form.toks
    end = _section_end(form, header_end)
    boundary = header_end
    l1 = l2 = None
    numbered = _numbered(toks, header_end + 1, end)
    i = header_end + 1
    while i < end:
        if not is_plain_number(toks[i].raw):
            i += 1
            continue
        run = i
        while run + 1 < end and is_plain_number(toks[run + 1].raw):
            run += 1
        if run > i and numbered and _next_ordinal(toks, boundary + 1, i, run) and run + 1 < end \
                and _is_text(toks[run + 1]):
            run -= 1  # rows are numbered: the last number, before a name, is the next row's ordinal
        if run == i and not _ends_row(toks, run + 1, end, after):
            i += 1  # a lone number inside the row (a target printed bare): the row's points follow
            continue
        points = toks[max(i, run - len(points_roles) + 1) : run + 1]
        split = _split_row(toks[boundary + 1 : run + 1 - len(points)], len(before))
        if split is None:
            i = run + 1
            continue
        names, leftover, number, parts, values = split
        if leftover and out and "reason" in roles:
            _continue_reason(out[-1], leftover)
        sources = dict(zip(before, values))
        sources.update(zip(points_roles if len(points) == len(points_roles) else points_roles[:1], points))
        last = run
        for role in after:
            if last + 1 < end and (is_value_like(toks[last + 1].key) or _is_value_word(toks[last + 1])):
                sources[role] = toks[last + 1]
                last += 1
        if "reason" in roles and last + 1 < end and _is_reason(toks[last + 1]):
            sources["reason"] = toks[last + 1]
            last += 1
        l1, l2 = assign_levels(names, l1, l2)
        indicator = make_indicator(l1, l2, _joined(parts), {r: t.raw for r, t in sources.items()}, parts[0], sources)
        indicator.number, indicator.name_toks = number, parts
        out.append(indicator)
        boundary = last
        i = last + 1
    leftover = [t for t in toks[boundary + 1 : end] if _is_text(t)]
    if leftover and out and "reason" in roles:
        _continue_reason(out[-1], leftover)
    return out


def _continue_reason(indicator: Indicator, leftover: list[Tok]) -> None:
    """Text between a row's points and the next row's level names: its 偏差原因, or the rest of it."""
    indicator.reason = (indicator.reason or "") + _joined(leftover)


def _numbered(toks: list[Tok], start: int, end: int) -> bool:
    """The first row prints an ordinal (after its level names, before its name): the rows are numbered."""
    k = start
    while k < end and (is_level_name(toks[k].key) or ANNOTATION_RE.match(toks[k].key)):
        k += 1
    return k + 1 < end and is_row_number(toks[k].raw) and _is_text(toks[k + 1])


def _next_ordinal(toks: list[Tok], row_start: int, run_start: int, last: int) -> bool:
    """The last number of a run is the next row's ordinal: this row's ordinal plus one, or 1 anew."""
    if not is_row_number(toks[last].raw):
        return False
    split = _split_row(toks[row_start:run_start], 0)
    this = read_number(split[2].raw.rstrip(".、")) if split is not None and split[2] is not None else None
    return read_number(toks[last].raw) in (1.0, (this or 0) + 1)


_VALUE_ROLES = ("target", "target_initial", "target_adjusted", "actual")


def _section_end(form: Form, header_end: int) -> int:
    for k in range(header_end + 1, len(form.toks)):
        if form.toks[k].label in TOTAL_LABELS or form.toks[k].label in ANALYSIS_LABELS:
            return k
    return len(form.toks)


def _ends_row(toks: list[Tok], k: int, end: int, after: list[str]) -> bool:
    """A lone number is the row's 分值 (its 得分 left blank) when what follows starts another row or ends the
    section (or, where the header puts values after the points, is such a value)."""
    if k >= end:
        return True
    nxt = toks[k]
    if after:
        return is_value_like(nxt.key) or _is_value_word(nxt)
    return not is_value_like(nxt.key) and not _is_value_word(nxt) and not is_dash(nxt.raw) and len(nxt.key) > 3


def _split_row(row: list[Tok], wanted: int):
    """(level names, text left over before them, ordinal, name parts, values) of the tokens before a row's
    points; None when no name is left. The name follows the last level name spelled with 指标 (a 三级指标
    may be called 满意度 or 成本), or the last level name where none is."""
    levels = [k for k, t in enumerate(row) if is_level_name(t.key)]
    proper = [k for k in levels if label_key(row[k].key).rstrip("0123456789.分").endswith("指标")]
    cut = proper[-1] if proper else (levels[-1] if levels else -1)
    if cut >= 0 and not any(_is_text(t) for t in row[cut + 1 :]) and not proper:
        cut = levels[-2] if len(levels) > 1 else -1  # the only text is a level-like word: it is the name
    names = [row[k].key for k in levels if k <= cut]
    leftover = [t for k, t in enumerate(row[: cut + 1]) if k not in levels and _is_text(t)]
    number, rest = _without_row_number([t for t in row[cut + 1 :] if not ANNOTATION_RE.match(t.key)])
    values: list[Tok] = []
    while rest[1:] and len(values) < wanted and (is_value_like(rest[-1].key) or _is_value_word(rest[-1])
                                                  or is_dash(rest[-1].raw)):
        values.insert(0, rest.pop())
    rest = [t for t in rest if not is_placeholder(t.raw)]
    if not rest:
        return None
    return names, leftover, number, rest, [t for t in values if not is_dash(t.raw)]


def _is_text(tok: Tok) -> bool:
    """Words of a cell: no figure, dash, placeholder or note."""
    return not is_number(tok.raw) and not is_dash(tok.raw) and not is_placeholder(tok.raw) \
        and not ANNOTATION_RE.match(tok.key) and not is_level_name(tok.key)


def _without_row_number(parts: list[Tok]) -> tuple[Tok | None, list[Tok]]:
    """A numbered row's ordinal and a leading placeholder (指标1：, ……) are no part of its name. A number the
    next fragment counts ("13" | "个基站维护", "7" | "大产业链…") begins the name instead."""
    number = None
    if len(parts) > 1 and is_row_number(parts[0].raw) and not _COUNTED_RE.match(parts[1].key):
        number, parts = parts[0], parts[1:]
    while len(parts) > 1 and is_placeholder(parts[0].raw) and not is_dash(parts[0].raw):
        parts = parts[1:]
    return number, [t for t in parts if not ANNOTATION_RE.match(t.key)] or parts


# A measure word or quantity after a number: the number is part of a name ("13个基站", "7大产业链").
_COUNTED_RE = re.compile(r"^[个大项家次名人年月日天类种所座条套台万亿千百余多批期轮场户件元小周%]")


def _is_value_word(tok: Tok) -> bool:
    """A qualitative target or actual (及时, 达成预期指标, 有效提升 …), not a fragment of a name."""
    return bool(QUALITATIVE_VALUE_RE.fullmatch(tok.key)) and not is_level_name(tok.key)


def _is_reason(tok: Tok) -> bool:
    """The 偏差原因 printed after a row's score: a sentence or a verdict on the deviation, not a name."""
    return not is_level_name(tok.key) and not is_label(tok.key) and bool(
        re.search(r"[，。；,;]|原因|偏差|^无$|^未", tok.key)
    )


def _joined(parts: list[Tok]) -> str:
    return "".join(re.sub(r"\s+", "", t.raw) for t in parts)
