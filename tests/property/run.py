"""Extract one fuzzed case through the extractors' stable entry points and compare every figure."""

from __future__ import annotations

import traceback
from dataclasses import replace

from ingestion.document import extract_document
from ingestion.narrative import extract_narrative
from ingestion.performance import extract_performance
from ingestion.readers import read_document
from ingestion.tables import extract_tables
from sample_corpus.expected import expected_figures
from tests.property.cases import Case
from tests.property.compare import (
    Outcome,
    compact,
    form_outcomes,
    narrative_expectations,
    narrative_outcomes,
    table_outcomes,
)


def outcomes_for(case: Case) -> list[Outcome]:
    """Every figure of the case, right or wrong; an extractor that raises gets every figure wrong."""
    expected = expected_figures(case.disclosure, case.path.name, case.file_format, None)
    try:
        found = _extract(case)
    except Exception as exc:  # an extractor crash is a finding about the layout, not a harness error
        crash = f"{type(exc).__name__}: {exc} at {traceback.extract_tb(exc.__traceback__)[-1].name}"
        return [replace(o, ok=False, got=crash) for o in _compare(case, expected, _Nothing())]
    return _compare(case, expected, found)


class _Nothing:
    """An extraction that found nothing (stands in for one that crashed)."""

    facts: list = []
    projects: list = []
    indicators: list = []
    narrative: list = []
    department_name = None
    fiscal_year = None


def _extract(case: Case):
    if case.unit == "document":
        return extract_document(case.path, case.data)
    blocks = read_document(case.path, case.data).blocks
    found = _Nothing()
    if case.unit.startswith("table:"):
        found.facts = extract_tables(blocks)[1]
    elif case.unit == "form":
        performance = extract_performance(blocks)
        found.projects, found.indicators = performance.projects, performance.indicators
    else:
        found.narrative = extract_narrative(blocks)
    return found


def _compare(case: Case, expected: dict, found) -> list[Outcome]:
    out: list[Outcome] = []
    for grid in case.grids():
        out += table_outcomes(grid.figures, found.facts, grid.unit)
    projects = expected["projects"]
    if case.unit == "form":
        want = projects[case.project_index()]
        if not case.layout.is_("form.grade", "in_total_row"):
            want = {**want, "grade": None}  # the form alone: a fuller document states the grade in its 自评结论
        projects = [want]
    if case.unit in ("form", "document"):
        for k, want in enumerate(projects):
            got = _match_project(found.projects, want, k)
            out += form_outcomes(want, got, found.indicators)
    if case.unit in ("narrative", "document"):
        out += narrative_outcomes(narrative_expectations(expected), found.narrative)
    if case.unit == "document":
        out.append(Outcome("identity", "department_name", found.department_name == expected["department_name"],
                           expected["department_name"], found.department_name))
        out.append(Outcome("identity", "fiscal_year", found.fiscal_year == expected["fiscal_year"],
                           expected["fiscal_year"], found.fiscal_year))
    return out


def _match_project(projects: list, want: dict, k: int):
    """The project read for a printed form: the one with its name, else the one at its place."""
    for project in projects:
        if compact(project.project_name) == compact(want["project_name"]):
            return project
    return projects[k] if k < len(projects) else None
