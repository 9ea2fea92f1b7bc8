"""Narrative figures and project self-evaluations of generated documents, in every format, against the
generator's expected figures (the tables are compared in test_tables_generated.py).

The same disclosure printed as PDF, Word, Excel and text must give the same 情况说明 figures and the same
projects, indicators, scores and grades.
"""

from __future__ import annotations

import json

import pytest

from ingestion.document import extract_document
from sample_corpus import generate_corpus

SEED = 5
FORMATS = ("pdf", "docx", "txt", "xlsx")
PROJECT_FIELDS = ("project_code", "competent_dept", "implementing_unit", "budget_initial", "budget_adjusted",
                  "executed", "execution_rate_pct", "execution_score", "total_score", "grade")
INDICATOR_FIELDS = ("level1", "level2", "level3", "operator", "target_text", "actual_text", "weight", "score")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("generated")
    documents = generate_corpus(root / "inbox", root / "expected", n=len(FORMATS), seed=SEED, formats=FORMATS, layouts="classic")
    return [(doc.format, json.loads(doc.expected_path.read_text(encoding="utf-8")), extract_document(doc.path))
            for doc in documents]


@pytest.fixture(params=range(len(FORMATS)), ids=list(FORMATS))
def document(request, corpus):
    return corpus[request.param]


def test_every_stated_finance_figure_is_read_from_the_narrative(document):
    fmt, expected, extraction = document
    stated: dict[str, set[float]] = {}
    for figure in extraction.narrative:
        stated.setdefault(figure.figure, set()).add(round(figure.value, 2))
    for name, value in expected["finance"].items():
        if value in (None, 0, 0.0) and name not in stated:
            continue  # a zero the narrative does not state ("没有政府性基金收入")
        assert stated.get(name) == {round(float(value), 2)}, f"{fmt}: {name} expected {value}, read {stated.get(name)}"


def test_every_project_with_its_budget_scores_and_grade(document):
    fmt, expected, extraction = document
    assert [p.project_name for p in extraction.projects] == [p["project_name"] for p in expected["projects"]], fmt
    for got, want in zip(extraction.projects, expected["projects"]):
        for field in PROJECT_FIELDS:
            assert getattr(got, field) == want[field], f"{fmt} {want['project_name']}: {field}"


def test_every_indicator_with_its_weight_and_score(document):
    fmt, expected, extraction = document
    for project, want in zip(extraction.projects, expected["projects"]):
        got = [i for i in extraction.indicators if i.project_index == project.project_index]
        assert len(got) == want["indicator_count"], f"{fmt} {project.project_name}"
        for indicator, printed in zip(got, want["indicators"]):
            for field in INDICATOR_FIELDS:
                assert getattr(indicator, field) == printed[field], f"{fmt} {project.project_name}: {field}"
        assert project.line_no or project.page, f"{fmt} {project.project_name}: no provenance"
