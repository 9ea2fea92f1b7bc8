"""The planted-fault harness on a real corpus text (benchmarks/planted_faults.py): faults of several kinds planted
in copies of 乐山市数据局 2024, the real pipeline run once over the clean text and the copies, every fault found by a
new warning or error on its copy, each by the rule its kind is about."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import corpus_file

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.planted_faults import harness  # noqa: E402

# kind → a rule that must be among those finding it
KINDS = {
    "heading_placeholder": "text.placeholder_left",
    "heading_other_department": "text.department_named",
    "as_of_date": "text.as_of_date",
    "doubled_stop": "text.punctuation",
    "figure_restated": "consistency.figure_restated",
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    document = corpus_file("texts/leshan-data-bureau-2024-final.txt")
    with pytest.MonkeyPatch.context() as mp:  # the harness points DAGSTER_HOME at its own instance
        mp.delenv("DAGSTER_HOME", raising=False)
        faults, _ = harness([document], list(KINDS), tmp_path_factory.mktemp("planted"), clean=False)
    return {p.kind: p for p in faults}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_planted_fault_is_found_by_its_rule(planted, kind):
    fault = planted[kind]
    assert fault.file_name is not None, f"the harness found no place for {kind} in the document"
    assert fault.found, f"{kind} planted at line {fault.plant.line_no} ({fault.plant.after[:80]!r}) was not found"
    assert KINDS[kind] in fault.found_by, (kind, fault.found_by, fault.new_findings)
    # the finding points at the planted line
    assert any(f"line {fault.plant.line_no}:" in f for f in fault.new_findings if f.startswith(KINDS[kind])), \
        fault.new_findings
