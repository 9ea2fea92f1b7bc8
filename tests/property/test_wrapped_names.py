"""Subject names longer than their cell, in tab-separated text dumps: a converter leaves the name's second line as a
row of its own, below the row or above it, or leaves the code with the name's first line and the amounts with its
second (layout text.wrapped_names). The reader joins the two rows where together they print the code's national
name (ingestion.tables.facts: _join_wrapped_names), so every figure keeps its code and every coded row its whole name.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ingestion.classification import normalise_subject_name, official_name
from ingestion.readers import read_document
from ingestion.tables import extract_tables
from sample_corpus.layout import DIMENSIONS
from tests.property.cases import Case
from tests.property.fuzzing import FUZZ
from tests.property.run import outcomes_for
from tests.property.test_key_headings import CODE_KINDS

WRAPS = [how for how in DIMENSIONS["text.wrapped_names"].values if how != "none"]


@settings(FUZZ, max_examples=150)
@given(kind=st.sampled_from(CODE_KINDS), how=st.sampled_from(WRAPS), seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_a_name_over_two_lines_keeps_its_figures_and_is_read_whole(kind, how, seed):
    case = Case(f"table:{kind}", "txt", seed, {"text.tables": "tab_rows", "text.wrapped_names": how})
    text = case.data.decode("utf-8")
    if text == Case(f"table:{kind}", "txt", seed, {"text.tables": "tab_rows"}).data.decode("utf-8"):
        return  # no name longer than its cell (an empty table, short names)
    outcomes = outcomes_for(case)
    wrong = [(o.name, o.expected, o.got) for o in outcomes if not o.ok]
    assert not wrong, (case.describe(), wrong[:5])
    facts = extract_tables(read_document(case.path, case.data).blocks)[1]
    names = {(f.subject_code, f.subject_name) for f in facts if f.subject_code and official_name(f.subject_code)}
    cut = sorted((code, name) for code, name in names
                 if normalise_subject_name(name or "") != normalise_subject_name(official_name(code)))
    assert not cut, (case.describe(), how, cut[:5], text[:2000])
    # and no piece of a name is left as a row of its own
    assert not [f for f in facts if f.subject_code is None and f.value_kind == "blank" and f.row_label
                and any(f.row_label in (official_name(c) or "") for c, _ in names)], case.describe()
