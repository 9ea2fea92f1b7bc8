"""Standard tables whose headings OCR clipped or a converter left out: the 科目代码 or 科目名称 heading cut short or
missing, an amount heading cut short (基本支 for 基本支出). The code and name columns are still read as such
(ingestion.tables.headers: code_columns_by_content, name_columns_by_content) and a clipped heading as the template's
word (ingestion.tables.template_words), so every figure keeps its code, row and measure.

The generator's drawn layouts print the headings whole; here each case takes one drawn standard table, cuts the
last character of its code, name or amount headings ("科目代", "科目名", "项目支"), or blanks its code or name
headings, renders it as PDF, Word, Excel or a text dump (tab-separated rows, one cell per line, or PDF fragments, as
the layout draws), and compares every figure with the generator's, as the fuzzed layouts do. A dump of fragments is
cut into cells by its header words, so there a missing key heading is restored from what the rows print
(tables.fragments).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion.text.normalise import compact
from sample_corpus import render_blocks
from sample_corpus.blocks import TableBlock
from sample_corpus.grid import Grid
from tests.property.cases import TABLE_KINDS, Case
from tests.property.fuzzing import FUZZ
from tests.property.run import outcomes_for

# the standard tables that print a 科目代码 column, whose code and name headings are cut or blanked
CODE_KINDS = ["income", "expense", "general_public_budget_expense", "general_public_budget_basic_expense",
              "government_fund", "state_capital"]
# what each case damages: code or name headings (cut or blank) of a table with codes, amount headings (cut) of any
DAMAGE = ([("code", how, kind) for how in ("cut", "blank") for kind in CODE_KINDS]
          + [("name", how, kind) for how in ("cut", "blank") for kind in CODE_KINDS]
          + [("amount", "cut", kind) for kind in TABLE_KINDS])
# the headings cut or blanked: code and name headings, and amount headings of four characters or more (the narrow
# header cells OCR clips); an amount heading left blank says nothing a reader could go by, so amounts are only cut
ENDINGS = {"code": ("代码", "编码"), "name": ("名称",), "amount": ("支出", "收入", "合计", "经费", "数", "费", "结余", "拨款")}
MIN_LENGTH = {"code": 0, "name": 0, "amount": 4}


def _targeted(text: str, which: str) -> bool:
    word = compact(text)
    return word.endswith(ENDINGS[which]) and len(word) >= MIN_LENGTH[which]


def with_cut_headings(grid: Grid, which: str, how: str) -> Grid:
    """The grid with every code, name or amount heading cut by its last character ("cut") or left blank."""
    def heading(text: str) -> str:
        if not _targeted(text, which):
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


@settings(FUZZ, max_examples=300)
@given(damage=st.sampled_from(DAMAGE), file_format=st.sampled_from(["pdf", "docx", "xlsx", "txt"]),
       seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_a_clipped_or_missing_heading_loses_no_figure(damage, file_format, seed):
    which, how, kind = damage
    case = KeyHeadingCase(f"table:{kind}", file_format, seed, None, which=which, how=how)
    grid = case.grids()[0]
    if not grid.figures or not any(_targeted(c, which) for row in grid.header for c in row):
        return  # an empty table (本表无数据), no such heading (科目代码及名称 in one cell, a table without codes)
    outcomes = outcomes_for(case)
    wrong = [(o.name, o.expected, o.got) for o in outcomes if not o.ok]
    assert outcomes and not wrong, (case.describe(), which, how, wrong[:5])
