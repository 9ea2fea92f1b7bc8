"""A build whose models run out of DuckDB's memory builds them again one at a time (lib.dbt_build), through the run's
dbt process, and still reports what fails alone."""

from __future__ import annotations

import json
import shutil

import pytest

from orchestration.lib import dbt_process
from orchestration.lib.dbt_build import BuildResult, _retry_args

pytestmark = pytest.mark.slow


def _build(warehouse, memory_limit: str, *args: str) -> tuple[list[dict], BuildResult]:
    vars_json = json.dumps({"warehouse_path": str(warehouse), "memory_limit": memory_limit})
    events, result = [], None
    for item in dbt_process.build(["build", "--threads", "2", "--exclude-resource-type", "unit_test", *args],
                                  vars_json, "out-of-memory-test"):
        if isinstance(item, BuildResult):
            result = item
        else:
            events.append(item)
    return events, result


def _statuses(events: list[dict]) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {}
    for event in events:
        node = event["data"]["node_info"]
        seen.setdefault(node["node_name"], []).append(node["node_status"])
    return seen


@pytest.fixture
def warehouse_copy(pipeline_run, tmp_path):
    copy = tmp_path / "gongkai.duckdb"
    shutil.copyfile(pipeline_run.settings.warehouse, copy)
    return copy


def test_models_that_run_out_of_memory_are_built_again_alone_and_still_reported(warehouse_copy):
    """8MB is too little for int_parts_withheld even alone: the retry runs it and what it skipped, fails again, and
    the build reports the failure with DuckDB's reason. The first attempt's failed events are not passed on, so
    each node's result reaches Dagster once."""
    events, result = _build(warehouse_copy, "8MB")
    assert not result.success
    assert "int_parts_withheld" in result.retried
    assert "fct_functional_expense" in result.retried  # skipped behind the failure, then tried
    assert any(f.startswith("int_parts_withheld: error") and "Out of Memory" in f for f in result.failures), \
        result.failures
    assert result.target_path.name.startswith("out-of-memory-test-retry-")
    assert "Out of Memory" in (result.first_target / "dbt.log").read_text()  # the first attempt's errors are kept
    statuses = _statuses(events)
    assert statuses["int_parts_withheld"] == ["error"], statuses["int_parts_withheld"]
    assert all(len(s) == 1 for s in statuses.values()), {n: s for n, s in statuses.items() if len(s) > 1}


def test_a_build_that_fits_is_not_built_again(warehouse_copy):
    events, result = _build(warehouse_copy, "512MB", "--select", "+int_parts_withheld")
    assert result.success and result.retried == [] and result.failures == []
    assert _statuses(events)["int_parts_withheld"] == ["success"]


def test_the_retry_keeps_the_build_options_and_selects_only_the_nodes_named():
    args = ["build", "--threads", "2", "--exclude-resource-type", "unit_test", "--select", "fqn:a", "fqn:b",
            "--exclude", "c", "--indirect-selection", "cautious", "--full-refresh"]
    assert _retry_args(args, ["fqn:gongkai.marts.m1", "fqn:gongkai.marts.t1"]) == [
        "build", "--exclude-resource-type", "unit_test", "--full-refresh",
        "--threads", "1", "--select", "fqn:gongkai.marts.m1", "fqn:gongkai.marts.t1", "--indirect-selection", "empty",
    ]
