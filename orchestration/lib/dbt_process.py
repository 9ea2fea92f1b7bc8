"""dbt in a process of its own (lib.side_process) for the builds of a run: spawned as a run finds work, it imports
dbt and parses the project while the run starts, then runs each build when asked and hands back dbt's result
events as nodes finish (lib.dbt_build's `build`, unchanged, on the other side of a pipe). dbt's Python work around
every node then no longer takes turns with the run's own (Dagster's handling of each finished node)."""

from __future__ import annotations

from collections.abc import Iterator

from orchestration.lib import dbt_build
from orchestration.lib.dbt_build import BuildResult
from orchestration.lib.side_process import SideProcess

PROCESS = SideProcess("dbt")


def start(vars_json: str) -> None:
    """Spawn the process (once) and have it parse the project for these --vars; returns at once."""
    PROCESS.start(dbt_build.manifest_for, vars_json)


def build(args: list[str], vars_json: str, label: str) -> Iterator[dict | BuildResult]:
    """lib.dbt_build.build in the dbt process: each node's result event as it finishes, then the BuildResult."""
    yield from PROCESS.stream(dbt_build.build, args, vars_json, label)
