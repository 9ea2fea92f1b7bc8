"""The figure catalogue (dbt seed figure_catalogue.csv) agrees with what is derived from it and with where figures
are located: the committed macro and doc blocks are the ones it renders, every figure has its 中文 and English
meaning, and every figure only the long-form mart carries has a place in the seed figure_locations to come from."""

from __future__ import annotations

import csv

from orchestration.lib.figure_catalogue import CATALOGUE, DOCS, MACRO, load_catalogue, render_docs, render_macro

LOCATIONS = CATALOGUE.parent / "figure_locations.csv"
KINDS = {"amount", "count", "score", "stated", "rate"}


def test_derived_files_are_rendered_from_the_catalogue():
    catalogue = load_catalogue()
    assert MACRO.read_text(encoding="utf-8") == render_macro(catalogue)
    assert DOCS.read_text(encoding="utf-8") == render_docs(catalogue)


def test_every_figure_is_named_and_described():
    catalogue = load_catalogue()
    names = [f.figure for f in catalogue]
    assert len(names) == len(set(names))
    for f in catalogue:
        assert f.kind in KINDS, f.figure
        assert f.name_zh.strip() and f.name_en.strip() and f.unit.strip(), f.figure


def test_long_form_only_figures_have_a_location():
    with LOCATIONS.open(encoding="utf-8", newline="") as handle:
        located = {row["figure"] for row in csv.DictReader(handle)}
    long_only = [f.figure for f in load_catalogue() if f.mart == "fct_department_figures"]
    assert long_only, "the performance forms' figures are catalogued"
    assert set(long_only) <= located


def test_seeds_keep_one_line_ending():
    for path in (CATALOGUE, LOCATIONS):
        data = path.read_bytes()
        crlf = data.count(b"\r\n")
        assert crlf in (0, data.count(b"\n")), f"{path.name} mixes line endings (DuckDB cannot sniff it)"
