"""Each variation alone: the classic layout with exactly one choice changed, on the parts it shapes.

Random layouts change many choices at once, so a weak variation drags down every value it occurs
with; here a value's accuracy is its own. A table choice is tried on every standard table, a form
choice on forms, a narrative choice on the 情况说明, a text-conversion choice on a table, a form and
the narrative; a provincial form preset sets all the choices it stands for.
"""

from __future__ import annotations

from collections.abc import Iterator

from sample_corpus.layout import FORM_PRESETS, SPACE
from tests.property.cases import TABLE_KINDS, Case

SEEDS = (11, 23, 37)  # a few disclosures per variation: different codes, funds, projects
TABLE_SEEDS = SEEDS[:2]  # a table choice is tried on all ten tables of the first, one table of the second


def _units(dimension: str, seed: int) -> list[str]:
    if dimension.startswith("table."):
        return [f"table:{kind}" for kind in TABLE_KINDS] if seed == SEEDS[0] else [f"table:{TABLE_KINDS[seed % 10]}"]
    if dimension.startswith("form."):
        return ["form"]
    if dimension.startswith("narrative.") or dimension == "text.prose":
        return ["narrative"]
    return [f"table:{TABLE_KINDS[seed % 10]}", "form", "narrative"]


def variation_cases() -> Iterator[tuple[str, str, Case]]:
    """(dimension, value, case) for every non-classic value of every dimension, in plain text."""
    for dimension in SPACE:
        for value in dimension.values[1:]:
            overrides = {dimension.name: value}
            if dimension.name == "form.preset":
                overrides.update(FORM_PRESETS[value])
            for seed in TABLE_SEEDS if dimension.name.startswith("table.") else SEEDS:
                for unit in _units(dimension.name, seed):
                    yield dimension.name, value, Case(unit, "txt", seed, overrides)
