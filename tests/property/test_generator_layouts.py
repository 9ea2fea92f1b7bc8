"""The layout fuzzer itself: whatever layout a document draws, it prints exactly the figures its
expected JSON states, the layout never changes a figure, and equal seeds give equal bytes."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sample_corpus.expected import expected_figures
from sample_corpus.layout import draw_layout
from sample_corpus.model import build_disclosure
from sample_corpus.project_form import project_table
from sample_corpus.tables import standard_tables
from tests.property.cases import Case
from tests.property.fuzzing import FUZZ
from tests.unit.test_sample_corpus import _check_consistency

SEED = st.integers(min_value=0, max_value=2**31 - 1)
# the parts of the expected JSON that say what a figure is worth (not how or where it is printed)
FIGURES = ("finance", "functional_expense", "general_public_budget_expense", "basic_expense_economic", "three_public", "narrative")


def _disclosure(seed: int, layout_seed: int):
    return build_disclosure(random.Random(f"gen:{seed}"), 0, draw_layout(random.Random(f"gen:{layout_seed}:layout")))


def _number(printed: str) -> float:
    return float(printed.replace(",", ""))


@settings(FUZZ, max_examples=60)
@given(seed=SEED, layout_seed=SEED)
def test_every_recorded_figure_is_printed_in_its_table(seed, layout_seed):
    d = _disclosure(seed, layout_seed)
    for grid in standard_tables(d):
        cells = {cell for row in grid.rows for cell in row}
        keys = [f.key for f in grid.figures]
        assert len(keys) == len(set(keys)), f"{grid.kind}: two figures share a key, a reader could not tell them apart"
        for figure in grid.figures:
            assert figure.printed in cells or any(cell.endswith(" " + figure.printed) for cell in cells), (grid.kind, figure)
            if figure.is_printed_number:
                value = _number(figure.printed) / (10_000 if grid.unit == "元" and figure.kind == "money" else 1)
                expected = figure.value / 100 if figure.kind == "money" else figure.value
                assert abs(value - expected) < 1e-9, (grid.kind, figure)
            else:
                assert figure.value == 0, f"{grid.kind}: a non-zero figure printed as {figure.printed!r}"


@settings(FUZZ, max_examples=60)
@given(seed=SEED, layout_seed=SEED)
def test_every_project_form_prints_its_budgets_and_scores(seed, layout_seed):
    d = _disclosure(seed, layout_seed)
    expected = expected_figures(d, "x.txt", "txt", None)
    for project, want in zip(d.projects, expected["projects"]):
        grid = project_table(d, project)
        text = "\t".join(cell.replace("\n", "") for row in grid.rows for cell in row)
        amounts = {round(_number(x) / (10_000 if d.layout["form.money_unit"] == "元" else 1), 2)
                   for x in re.findall(r"\d[\d,]*\.\d{2}(?!%)", text)}
        for field in ("budget_initial", "budget_adjusted", "executed"):
            assert want[field] in amounts, (field, want[field], d.layout["form.money_unit"])
        scores = [row[-2] for row in grid.rows]
        assert sum(1 for s in scores if s) >= len(want["indicators"]) + 1  # every indicator and the total score
        # the grade is printed in the form's total row, or stated by a fuller document's 自评结论
        assert (want["grade"] is None) == (d.layout["form.grade"] == "absent" and not d.style.long_form)


def _worth(part):
    """What a part of the expected JSON says figures are worth. Whether a zero is printed (0.00 or
    blank) and the name a narrative states a figure under are the layout's; a value never is."""
    if isinstance(part, dict):
        return {k: _worth(v) for k, v in part.items() if v not in (None, 0, 0.0)}
    if isinstance(part, list):
        return [_worth(row) for row in part if not (isinstance(row, dict) and row.get("amount") == 0.0)]
    return part


@settings(FUZZ, max_examples=40)
@given(seed=SEED, first=SEED, second=SEED)
def test_a_layout_never_changes_a_figure(seed, first, second):
    a = expected_figures(_disclosure(seed, first), "x.txt", "txt", None)
    b = expected_figures(_disclosure(seed, second), "x.txt", "txt", None)
    for part in FIGURES:
        shared = _worth(a[part]), _worth(b[part])
        if part == "narrative":  # 财政拨款收入 or 一般公共预算财政拨款收入: one amount, two names
            shared = tuple({k: v for k, v in x.items() if k not in ("income_fiscal", "income_general_public_budget")} for x in shared)
            assert (a[part].get("income_fiscal") or a[part].get("income_general_public_budget")) == (
                b[part].get("income_fiscal") or b[part].get("income_general_public_budget"))
        assert shared[0] == shared[1], part
    _check_consistency(a)


@settings(FUZZ, max_examples=12)
@given(seed=SEED, unit=st.sampled_from(["table:expense", "table:income_expense_summary", "form", "narrative"]),
       file_format=st.sampled_from(["txt", "docx", "xlsx"]))
def test_the_same_seed_gives_the_same_bytes(seed, unit, file_format):
    first, again = Case(unit, file_format, seed), Case(unit, file_format, seed)
    assert first.data == again.data
    assert first.layout.to_json() == again.layout.to_json()
