"""Standard tables in a text dump laid out with spaces (pdftotext -layout): cells apart by runs of spaces, an empty
cell only spaces, headings centred over their columns and merged headings over several (layout
text.row_separator = spaces). Every figure keeps its code, row and measure (readers.aligned_text), names wrapped
over two lines included (text.wrapped_names)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sample_corpus.layout import DIMENSIONS
from tests.property.cases import TABLE_KINDS, Case
from tests.property.fuzzing import FUZZ
from tests.property.run import outcomes_for


@settings(FUZZ, max_examples=200)
@given(kind=st.sampled_from(TABLE_KINDS), wrap=st.sampled_from(DIMENSIONS["text.wrapped_names"].values),
       seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_a_table_laid_out_with_spaces_loses_no_figure(kind, wrap, seed):
    case = Case(f"table:{kind}", "txt", seed,
                {"text.tables": "tab_rows", "text.row_separator": "spaces", "text.wrapped_names": wrap})
    if not case.grids()[0].figures:
        return  # an empty table (本表无数据)
    outcomes = outcomes_for(case)
    wrong = [(o.name, o.expected, o.got) for o in outcomes if not o.ok]
    assert outcomes and not wrong, (case.describe(), wrong[:5])
