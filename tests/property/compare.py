"""Every figure the generator printed, against what the extractors returned.

A table figure is found by what it means, never by its grid position (converters move cells):
the table kind, the row's code or label (reduced as the warehouse reduces labels: no spaces, no
ordinal, no quotes), its row group, the column's measure and header words. It is right when exactly
one fact sits there and its amount (万元) or count is the generator's. A cell printed blank or as a
dash is no figure; reading a number there is counted as a wrong figure.

A project form's fields (name, code, units, budgets, rate, scores, grade, indicator count) and each
indicator's levels, operator, target, actual, weight and score are figures too; so is every
narrative figure the generator states (a zero the narrative does not state is skipped).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sample_corpus.grid import CellKey, Figure

_ORDINAL_RE = re.compile(r"^([一二三四五六七八九十]+、|[0-9]+[、.．]|[（(][一二三四五六七八九十]+[）)])")


@dataclass(frozen=True)
class Outcome:
    source: str  # table, form, narrative or identity
    name: str  # which figure, readable: "expense 2010501 basic", "budget_adjusted"
    ok: bool
    expected: Any
    got: Any
    family: str = ""  # the kind of figure, across documents: "expense <code> basic"
    tags: tuple[tuple[str, str], ...] = ()  # layout facts of this figure alone (the unit its table prints)

    @property
    def kind(self) -> str:
        return self.family or f"{self.source} {self.name}"


def label_key(text: str | None) -> str:
    """A label reduced as the warehouse's label_key macro reduces it (plus NFKC, as readers fold text)."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))
    folded = folded.replace("“", "").replace("”", "").replace('"', "")
    return re.sub(r"[:：]$", "", _ORDINAL_RE.sub("", folded))


def compact(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _digits(code: str | None) -> str:
    return re.sub(r"\D", "", code or "")


def _matches(fact, key: CellKey) -> bool:
    if fact.table_kind != key.table_kind:
        return False
    if key.code is not None:
        if _digits(fact.subject_code) != key.code:
            return False
    elif fact.subject_code:
        return False
    elif key.label is not None and label_key(fact.row_label) != label_key(key.label):
        return False
    if key.group is not None and label_key(key.group) not in label_key(fact.row_group):
        return False
    if key.measure is not None and fact.measure != key.measure:
        return False
    column = compact(fact.column_label)
    leaf = compact(fact.column_label.split("/")[-1]) if fact.column_label else ""
    return all(compact(w) in column for w in key.column) and all(compact(w) in leaf for w in key.leaf)


def _row_of(facts: list, key: CellKey) -> list | None:
    """The facts of the key's row (the nth row, in reading order, holding facts that match)."""
    rows: dict[tuple, list] = {}
    for fact in facts:
        if _matches(fact, key):
            rows.setdefault((fact.table_index, fact.page or 0, fact.line_no, fact.row_index), []).append(fact)
    ordered = [rows[k] for k in sorted(rows)]
    return ordered[key.nth] if key.nth < len(ordered) else None


def _describe(key: CellKey) -> str:
    where = key.code or key.label or ""
    parts = [key.table_kind, where, key.group or "", key.measure or "", "/".join(key.column + key.leaf)]
    if key.nth:
        parts.append(f"#{key.nth + 1}")
    return " ".join(p for p in parts if p)


def _fact_value(fact, kind: str) -> float | None:
    if fact.value_kind not in ("number", "zero"):
        return None
    if kind == "count":
        return fact.amount_wan if fact.amount_wan is not None else fact.value
    return fact.amount_wan


def _family(key: CellKey) -> str:
    row = "<code>" if key.code else label_key(key.label) if key.label else ""
    return " ".join(p for p in (key.table_kind, row, key.group or "", key.measure or "", "/".join(key.leaf)) if p)


def table_outcomes(figures: list[Figure], facts: list, unit: str) -> list[Outcome]:
    out = []
    tags = (("table.printed_unit", unit),)
    by_kind: dict[str, list] = {}
    for fact in facts:
        by_kind.setdefault(fact.table_kind, []).append(fact)
    for figure in figures:
        row = _row_of(by_kind.get(figure.key.table_kind, []), figure.key)
        expected = figure.value / 100 if figure.kind == "money" else figure.value
        name, family = _describe(figure.key), _family(figure.key)

        def outcome(ok: bool, want, got) -> Outcome:
            return Outcome("table", name, ok, want, got, family, tags)

        if not figure.is_printed_number:
            wrong = [f for f in row or [] if f.value_kind == "number"]
            if wrong:
                out.append(outcome(False, f"blank ({figure.printed!r})", wrong[0].raw_text))
            continue
        if row is None:
            out.append(outcome(False, expected, "no fact"))
        elif len(row) != 1:
            out.append(outcome(False, expected, [f.raw_text for f in row]))
        else:
            got = _fact_value(row[0], figure.kind)
            ok = got is not None and abs(got - expected) < 0.005
            out.append(outcome(ok, expected, got if got is not None else f"{row[0].value_kind} {row[0].raw_text!r}"))
    return out


PROJECT_FIELDS = ("project_name", "project_code", "competent_dept", "implementing_unit", "budget_initial", "budget_adjusted",
                  "executed", "execution_rate_pct", "execution_score", "total_score", "grade")


def _same(expected, got) -> bool:
    numbers = (int, float)
    if isinstance(expected, numbers) and isinstance(got, numbers) and not isinstance(expected, bool):
        return abs(float(expected) - float(got)) < 0.005
    return expected == got


def form_outcomes(want: dict, got, indicators: list) -> list[Outcome]:
    """One project's fields and indicators; `got` is the ProjectRecord read for it, or None."""
    out = []
    for field in PROJECT_FIELDS:
        value = getattr(got, field) if got is not None else "no project"
        out.append(Outcome("form", field, _same(want[field], value), want[field], value))
    mine = [i for i in indicators if got is not None and i.project_index == got.project_index]
    out.append(Outcome("form", "indicator_count", len(mine) == want["indicator_count"], want["indicator_count"], len(mine)))
    by_name = {compact(i.level3): i for i in mine}
    for k, expected in enumerate(want["indicators"]):
        ind = by_name.get(compact(expected["level3"])) or (mine[k] if k < len(mine) else None)
        out += _indicator_outcomes(expected, ind)
    return out


def _indicator_outcomes(want: dict, ind) -> list[Outcome]:
    def get(field):
        return getattr(ind, field) if ind is not None else "no indicator"

    name = want["level3"]
    checks = [
        ("level1", want["level1"], compact(get("level1")) if ind is not None else None),
        ("level2", want["level2"], compact(get("level2")) if ind is not None else None),
        ("level3", want["level3"], compact(get("level3")) if ind is not None else None),
        ("operator", want["operator"], get("operator")),
        ("weight", want["weight"], get("weight")),
        ("score", want["score"], get("score")),
    ]
    if want["target_value"] is not None:
        checks.append(("target", (want["target_value"], want["unit"]), (get("target_value"), get("unit"))))
        checks.append(("actual", want["actual_value"], get("actual_value")))
    else:
        checks.append(("target", want["target_text"], get("target_text")))
        checks.append(("actual", want["actual_text"], get("actual_text")))
    out = []
    for field, expected, value in checks:
        if isinstance(expected, tuple):
            ok = isinstance(value, tuple) and _same(expected[0], value[0]) and compact(expected[1]) == compact(value[1])
        else:
            ok = _same(expected, value)
        out.append(Outcome("form", f"indicator.{field}", ok, expected, value if ind is not None else f"no indicator {name}"))
    return out


def narrative_outcomes(want: dict[str, float | None], figures: list) -> list[Outcome]:
    stated: dict[str, set[float]] = {}
    for f in figures:
        value = f.value_wan if f.value_wan is not None else f.value
        stated.setdefault(f.figure, set()).add(round(value, 2))
    out = []
    for name, value in want.items():
        if value is None or (value == 0 and name not in stated):
            continue  # not printed, or a zero the narrative does not state
        got = stated.get(name)
        out.append(Outcome("narrative", name, got == {round(float(value), 2)}, value, sorted(got) if got else None))
    return out


def narrative_expectations(expected: dict) -> dict[str, float | None]:
    """The figures the generator's 情况说明 states (expected JSON "narrative")."""
    return dict(expected["narrative"])
