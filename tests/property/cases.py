"""One fuzzed case: a seed, a unit (one standard table, one project form, the narrative, or a whole
document), a file format; the generator's layout for that seed, optionally overridden.

A case is rebuilt from (unit, format, seed, overrides) alone, so any failure is reproducible with
`python -m tests.property.reproduce` (see reproduce.py).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from sample_corpus import render, render_blocks
from sample_corpus.blocks import TableBlock
from sample_corpus.grid import Grid
from sample_corpus.layout import DIMENSIONS, Layout, coherent, draw_layout
from sample_corpus.model import Disclosure, build_disclosure
from sample_corpus.narrative import narrative
from sample_corpus.tables import STANDARD_TITLES, project_table, standard_tables

TABLE_KINDS = [kind for kind, _, _ in STANDARD_TITLES]
UNITS = [f"table:{kind}" for kind in TABLE_KINDS] + ["form", "narrative", "document"]


@dataclass
class Case:
    unit: str  # table:<kind>, form, narrative or document
    file_format: str
    seed: int
    # None: the layout drawn for the seed; else these values set on an all-classic layout (same layout seed)
    overrides: dict[str, str] | None = None
    disclosure: Disclosure = field(init=False)
    data: bytes = field(init=False, repr=False)

    def __post_init__(self):
        drawn = draw_layout(random.Random(f"fuzz:{self.seed}:layout"))
        layout = drawn if self.overrides is None else classic_with(self.overrides, drawn.seed)
        self.disclosure = build_disclosure(random.Random(f"fuzz:{self.seed}"), 0, layout)
        self.data = self._render()

    @property
    def layout(self) -> Layout:
        return self.disclosure.layout

    @property
    def path(self) -> Path:
        return Path(f"case_{self.seed}.{self.file_format}")

    @cached_property
    def _all_grids(self) -> list[Grid]:
        return standard_tables(self.disclosure)

    def grids(self) -> list[Grid]:
        """The standard tables this case prints (one, or all ten for a whole document)."""
        grids = self._all_grids
        if self.unit == "document":
            return grids
        if self.unit.startswith("table:"):
            return [grids[TABLE_KINDS.index(self.unit.removeprefix("table:"))]]
        return []

    def project_index(self) -> int:
        return self.seed % len(self.disclosure.projects)

    def _render(self) -> bytes:
        d = self.disclosure
        if self.unit == "document":
            return render(d, self.file_format)[0]
        if self.unit == "form":
            blocks = [TableBlock(project_table(d, d.projects[self.project_index()]))]
        elif self.unit == "narrative":
            blocks = narrative(d)
        else:
            blocks = [TableBlock(self.grids()[0])]
        return render_blocks(blocks, self.file_format, d.layout, font_size=d.style.font_size)[0]

    def describe(self) -> str:
        command = f"python -m tests.property.reproduce --unit {self.unit} --format {self.file_format} --seed {self.seed}"
        if self.overrides is None:
            return command
        return " ".join([command, "--classic"] + [f"--set {k}={v}" for k, v in sorted(self.overrides.items())])


def classic_with(overrides: dict[str, str], seed: int) -> Layout:
    """The classic layout (every dimension at its first value) with some dimensions set otherwise
    (and a fragment dump printing 0.00 in empty cells, as every one does: layout.coherent)."""
    values = {name: dim.values[0] for name, dim in DIMENSIONS.items()}
    values.update(overrides)
    return Layout(coherent(values), seed)


def non_classic(layout: Layout) -> dict[str, str]:
    return {name: value for name, value in layout.items() if value != DIMENSIONS[name].values[0]}
