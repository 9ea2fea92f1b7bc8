"""Indicator rows of a fragment stream whose layout has a 指标性质 column: each row found by its operator
(≥, ≤, ＝, 定性 …), the columns after it read by what each piece prints."""

from __future__ import annotations

import re

from ingestion.text.numbers import is_dash, is_number, read_number
from ingestion.performance.cells import is_label, is_level_name, is_value_like, operator_of
from ingestion.performance.fragment_values import RowValues, is_reason, joined, kind, unit_at, value_at, word_run
from ingestion.performance.tokens import Tok
from ingestion.performance.vocabulary import VALUE_ROLES

_USUAL = ("target", "unit", "actual", "weight", "score")


def operator_rows(toks: list[Tok], after: list[str]) -> list[RowValues]:
    """Rows anchored on their operator. The usual columns after it (指标值, 度量单位, 完成值, 权重, 得分) are
    read by what each piece prints; any other order is followed column by column."""
    usual = [r for r in after if r in _USUAL]
    in_usual_order = usual == [r for r in _USUAL if r in usual]
    out: list[RowValues] = []
    used = -1
    for k, tok in enumerate(toks):
        if k <= used or kind(tok) != "operator":
            continue
        values = _after_operator(toks, k) if in_usual_order else _in_column_order(toks, k, after)
        if values is not None:
            out.append(values)
            used = values.end
    return out


def _after_operator(toks: list[Tok], k: int) -> RowValues | None:
    """The values after the operator at k. Blank cells leave no trace, so the numbers after the target and
    unit are read by count: three are 完成值, 权重 and 得分; two are 权重 and 得分 (a PDF layer often prints
    完成值 elsewhere), unless the first exceeds 100 points; one is the 权重."""
    op = operator_of(toks[k].key)
    values = RowValues(k, k, sources={"operator": toks[k]})
    texts: dict[str, str | None] = {}
    i = k + 1
    if i < len(toks) and kind(toks[i]) not in ("level", "operator", "ordinal", "placeholder"):
        size = word_run(toks, i, len(toks)) or 1
        values.sources["target"], texts["target"] = toks[i], joined(toks[i : i + size])
        i += size
    if op == "定性":
        size = word_run(toks, i, len(toks))
        if not size and i < len(toks) and kind(toks[i]) == "text" and not is_label(toks[i].key) \
                and len(toks[i].key) <= 12:
            size = 1  # an actual in words the set words do not list (高, 优)
        if size:
            values.sources["actual"], texts["actual"] = toks[i], joined(toks[i : i + size])
            i += size
    elif i < len(toks) and kind(toks[i]) == "text" and len(toks[i].key) <= 6 and not is_label(toks[i].key):
        size = _unit_size(toks, i)
        texts["unit"] = joined(toks[i : i + size])
        i += size
    numbers: list[Tok] = []
    while i < len(toks) and len(numbers) < 3 and kind(toks[i]) in ("number", "figure", "dash"):
        numbers.append(toks[i])
        i += 1
    if "target" not in values.sources and not numbers:
        return None
    roles: tuple[str, ...] = ()
    if len(numbers) == 3:
        roles = ("actual", "weight", "score") if "actual" not in values.sources else ("", "weight", "score")
    elif len(numbers) == 2 and "actual" not in values.sources and (read_number(numbers[0].raw) or 0) > 100:
        roles = ("actual", "weight")  # a weight is points out of 100: the 得分 was left blank
    elif len(numbers) == 2:
        roles = ("weight", "score")
    elif len(numbers) == 1:
        roles = ("weight",)
    for role, tok in zip(roles, numbers):
        if role and not is_dash(tok.raw):
            values.sources[role] = tok
    values.texts = {role: None for role in ("target", "actual", "weight", "score")}
    values.texts.update({role: tok.raw for role, tok in values.sources.items()})
    values.texts.update(texts)
    values.end = i - 1
    return values


def _unit_size(toks: list[Tok], i: int) -> int:
    """Pieces of a 度量单位 broken over lines: 个 | （ | 套 | ）, 次 | / | 年, 平方 | 米, 个工 | 作日."""
    size = unit_at(toks, i, len(toks)) or 1
    while size < 3 and i + size + 1 < len(toks) and re.fullmatch(r"[\u4e00-\u9fff]{1,3}", toks[i + size].key) \
            and is_number(toks[i + size + 1].raw) and not is_level_name(toks[i + size].key) \
            and not word_run(toks, i + size, len(toks)):
        size += 1
    return size


def _in_column_order(toks: list[Tok], k: int, after: list[str]) -> RowValues | None:
    """The pieces after the operator at k taken column by column in the header's order; a column whose kind
    the next piece does not print (a number for 权重/得分, a value for 指标值/完成值 …) was left blank."""
    values = RowValues(k, k, sources={"operator": toks[k]})
    texts: dict[str, str] = {}
    i = k + 1
    for role in after:
        if i >= len(toks) or kind(toks[i]) in ("level", "operator") or is_label(toks[i].key):
            break
        value = value_at(toks, i, len(toks)) if role in VALUE_ROLES else None
        if value is not None:  # a target or actual with its unit: 40 | 万件
            values.sources[role], texts[role] = value[1] or toks[i], joined(toks[i : value[0] + 1])
            i = value[0] + 1
        elif _prints(role, toks[i]):
            values.sources[role] = toks[i]
            i += 1
    if len(values.sources) == 1:
        return None
    values.texts = {role: None for role in ("target", "actual", "weight", "score")}
    values.texts.update({role: tok.raw for role, tok in values.sources.items()})
    values.texts.update(texts)
    values.end = i - 1
    return values


def _prints(role: str, tok: Tok) -> bool:
    """Whether a piece prints what the column of `role` holds."""
    if role in ("weight", "score"):
        return is_number(tok.raw)
    if role in VALUE_ROLES:
        return is_value_like(tok.key) or is_number(tok.raw) or bool(word_run([tok], 0, 1))
    if role == "unit":
        return bool(re.fullmatch(r"[\u4e00-\u9fff%/]{1,3}", tok.key)) and not word_run([tok], 0, 1)
    if role == "reason":
        return is_reason([tok])
    return False
