"""Indicator rows from text streams.

* exact stream: one cell per line (Word converted to text). Blank cells vanish from the block stream but
  keep their line, so a value's line offset from its row label gives its column.
* fragment stream: a PDF converted to text, a few characters per line and no trace of blank cells. Rows are
  read as a sequence anchored on the 指标性质 operator."""

from __future__ import annotations

import re

from ingestion.text.normalise import compact
from ingestion.text.numbers import is_dash, read_number, is_number, is_plain_number
from ingestion.performance.cells import assign_levels, grade_of, is_label, is_level_name, operator_of
from ingestion.performance.form import Form, Indicator, make_indicator
from ingestion.performance.tokens import Tok
from ingestion.performance.vocabulary import ANNOTATION_RE, JUNK, STOP_IN_INDICATORS, TOTAL_LABELS


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
        values = _exact_fit(form, tok, roles)
        if values is not None and is_level_name(tok.key):
            # 质量指标 followed by its own 三级指标 fits too when the columns hold numbers alike.
            nxt = form.at_line(tok.last_line + 1)
            if nxt is not None and not is_level_name(nxt.key) and _exact_fit(form, nxt, roles) is not None:
                values = None
        if values is None:
            if is_level_name(tok.key):
                pending.append(tok.key)
            continue
        l1, l2 = assign_levels(pending, l1, l2)
        pending = []
        name = tok.raw
        prev = form.at_line(tok.line - 1)
        if prev is not None and prev.line > consumed and not is_level_name(prev.key) and not is_label(prev.key) \
                and not is_number(prev.raw) and operator_of(prev.key) is None and prev.key not in JUNK \
                and not ANNOTATION_RE.match(prev.key):
            name = prev.raw + name  # a 三级指标 name broken over two lines
        out.append(make_indicator(l1, l2, name, values, tok))
        consumed = tok.last_line + len(roles)
    return out


def _exact_fit(form: Form, tok: Tok, roles: list[str]) -> dict[str, str | None] | None:
    key = tok.key
    if is_number(tok.raw) or operator_of(key) is not None or is_label(key) or is_dash(key):
        return None
    values: dict[str, str | None] = {}
    for k, role in enumerate(roles):
        cell = form.at_line(tok.last_line + 1 + k)
        values.setdefault(role, cell.raw if cell is not None else None)
    weight, score = values.get("weight"), values.get("score")
    if "operator" in roles and operator_of(values.get("operator")) is None:
        return None
    if weight is not None and not is_number(weight):
        return None
    if score is not None and not is_plain_number(score):
        return None
    if any(v is not None and compact(v) in TOTAL_LABELS for v in values.values()):
        return None
    if weight is None and score is None and "operator" not in roles:
        return None
    return values


def fragment_indicators(form: Form, header_end: int, roles: list[str]) -> list[Indicator]:
    """Rows of a fragment stream, each anchored on its 指标性质 operator (≥, ≤, ＝, 定性 …)."""
    out: list[Indicator] = []
    if "operator" not in roles:
        return out
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
        numeric_parts = sum(1 for t in parts if is_number(t.raw))
        if not re.search(r"[\u4e00-\u9fff]{2}", "".join(t.key for t in parts)) or numeric_parts * 2 > len(parts):
            boundary = k  # a scrambled text layer: columns printed one after another
            continue
        values, boundary = _fragment_values(toks, k, op)
        if values is None:
            boundary = k
            continue
        l1, l2 = assign_levels(names, l1, l2)
        name = "".join(re.sub(r"\s+", "", t.raw) for t in parts)
        out.append(make_indicator(l1, l2, name, values, parts[0]))
    return out


def _fragment_values(toks: list[Tok], k: int, op: str) -> tuple[dict[str, str | None] | None, int]:
    """Target, unit, actual, weight and score after the operator at k; and the last token used.

    Blank cells leave no trace here, so the numbers are read by count: three are 完成值, 权重 and
    得分; two are 权重 and 得分 (a PDF layer often prints 完成值 elsewhere), unless the first
    exceeds 100 points; one is the 权重.
    """
    i = k + 1
    target = unit = actual = None
    if i < len(toks) and not is_level_name(toks[i].key) and operator_of(toks[i].key) is None:
        target = toks[i].raw
        i += 1
    if op == "定性":
        if i < len(toks) and not is_number(toks[i].raw) and not is_level_name(toks[i].key) \
                and not is_label(toks[i].key) and len(toks[i].key) <= 12:
            actual = toks[i].raw
            i += 1
    elif i < len(toks) and not is_number(toks[i].raw) and len(toks[i].key) <= 6 \
            and not is_level_name(toks[i].key) and not is_label(toks[i].key):
        unit, i = _fragment_unit(toks, i)
    numbers: list[str] = []
    while i < len(toks) and len(numbers) < 3 and (is_number(toks[i].raw) or is_dash(toks[i].raw)):
        numbers.append(toks[i].raw)
        i += 1
    if target is None and not numbers:
        return None, k
    weight = score = None
    if len(numbers) == 3 and actual is None:
        actual, weight, score = numbers
    elif len(numbers) == 3:
        weight, score = numbers[1], numbers[2]
    elif len(numbers) == 2 and actual is None and (read_number(numbers[0]) or 0) > 100:
        actual, weight = numbers  # a weight is points out of 100: the 得分 was left blank
    elif len(numbers) == 2:
        weight, score = numbers
    elif len(numbers) == 1:
        weight = numbers[0]
    values = {"operator": toks[k].raw, "target": target, "unit": unit, "actual": actual,
              "weight": weight, "score": score}
    return values, i - 1


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
