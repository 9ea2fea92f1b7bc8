"""Standard tables whose 科目代码 or 科目名称 heading is cut short or missing, as a scan's OCR or a converter leaves it:
the code and name columns are still read as such (ingestion.tables.headers: code_columns_by_content,
name_columns_by_content), so every figure keeps its code and row.

The generator's drawn layouts print the headings whole; here each case takes one drawn table with a code column,
cuts the last character of its code headings ("科目代", "功能分类科目编") or of its name headings ("科目名"), or blanks
them, renders it as PDF, Word, Excel or a text dump (tab-separated rows, one cell per line, or PDF fragments, as the
layout draws), and compares every figure with the generator's, as the fuzzed layouts do. A dump of fragments is cut
into cells by its header words, so there a cut heading is read whole and a missing one restored from what the rows
print (tables.fragments).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion.text.normalise import compact
from sample_corpus import render_blocks
from sample_corpus.blocks import TableBlock
from sample_corpus.grid import Grid
from tests.property.cases import Case
from tests.property.fuzzing import FUZZ
from tests.property.run import outcomes_for

# the standard tables that print a 科目代码 column
KINDS = ["income", "expense", "general_public_budget_expense", "general_public_budget_basic_expense",
         "government_fund", "state_capital"]


ENDINGS = {"code": ("代码", "编码"), "name": ("名称",)}


def with_cut_headings(grid: Grid, which: str, how: str) -> Grid:
    """The grid with every code (or name) heading cut by its last character ("cut") or left blank."""
    def heading(text: str) -> str:
        if not compact(text).endswith(ENDINGS[which]):
            return text
        return text.rstrip()[:-1] if how == "cut" else ""
    return replace(grid, header=[[heading(cell) for cell in row] for row in grid.header])


@dataclass
class KeyHeadingCase(Case):
    which: str = "code"
    how: str = "cut"

    def _render(self) -> bytes:
        grid = with_cut_headings(self.grids()[0], self.which, self.how)
        d = self.disclosure
        return render_blocks([TableBlock(grid)], self.file_format, d.layout, font_size=d.style.font_size)[0]


@settings(FUZZ, max_examples=240)
@given(kind=st.sampled_from(KINDS), file_format=st.sampled_from(["pdf", "docx", "xlsx", "txt"]),
       which=st.sampled_from(["code", "name"]), how=st.sampled_from(["cut", "blank"]),
       seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_a_cut_or_missing_key_heading_loses_no_figure(kind, file_format, which, how, seed):
    case = KeyHeadingCase(f"table:{kind}", file_format, seed, None, which=which, how=how)
    grid = case.grids()[0]
    if not grid.figures or not any(compact(c).endswith(ENDINGS[which]) for row in grid.header for c in row):
        return  # an empty table (本表无数据), or the code printed inside the name cell (科目代码及名称): nothing to cut
    outcomes = outcomes_for(case)
    wrong = [(o.name, o.expected, o.got) for o in outcomes if not o.ok]
    assert outcomes and not wrong, (case.describe(), which, how, wrong[:5])
