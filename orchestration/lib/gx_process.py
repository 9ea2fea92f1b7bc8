"""Great Expectations in a process of its own (lib.side_process), started as `gongkai run` finds work (a run from
the UI: as its quality step starts): it imports Great Expectations on the other core meanwhile, then runs the run's
validations and renders its Data Docs, so the run's own process does not import Great Expectations (only to
validate rules that are not the project's, a test's own). Callers see the functions of expectations.runner."""

from __future__ import annotations

import logging
from pathlib import Path

import polars as pl

from expectations import runner
from expectations.memory import release_freed_memory
from expectations.rules import RULES
from orchestration.lib.side_process import SideProcess, SideProcessDied, SideProcessError

log = logging.getLogger(__name__)

PROCESS = SideProcess("great-expectations")


def _import() -> None:
    import great_expectations  # noqa: F401


def start() -> None:
    PROCESS.start(_import)


def validate(validation: pl.DataFrame, rules, data_docs_dir: Path | None = None) -> set[int]:
    """expectations.runner.validate in the Great Expectations process. The rules go by id (their preparation
    functions do not pickle, and validating needs only their expectations); rules that are not the project's
    (a test's own) are validated here."""
    declared = {r.rule_id: r for r in RULES}
    if any(declared.get(r.rule_id) is not r for r in rules):
        return runner.validate(validation, rules, data_docs_dir)
    # only the columns the expectations read travel (the frame's rows keep their order: failed rows are numbered)
    return PROCESS.call(_validate_declared, validation.select(runner.EXPECTATION_COLUMNS), [r.rule_id for r in rules],
                        data_docs_dir)


def build_data_docs(data_docs_dir: Path) -> Path | None:
    """expectations.runner.build_data_docs in the Great Expectations process. Data Docs are a convenience beside
    the run's own report: a process that fails them is logged, and the report goes on without them."""
    try:
        return PROCESS.call(runner.build_data_docs, data_docs_dir)
    except (SideProcessDied, SideProcessError):
        log.exception("could not build Great Expectations Data Docs")
        return None


def _validate_declared(validation: pl.DataFrame, rule_ids: list[str], data_docs_dir: Path | None) -> set[int]:
    wanted = set(rule_ids)
    try:
        return runner.validate(validation, [r for r in RULES if r.rule_id in wanted], data_docs_dir)
    finally:
        del validation  # with the request's own reference dropped (side_process), the frame is freed here
        release_freed_memory()  # this process validates the next group too
