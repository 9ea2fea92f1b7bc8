"""Great Expectations in a process of its own, started as a run starts.

Importing Great Expectations costs about 3 s of Python, and a run's start is Python too (Dagster's import and
instance, dbt's project): in one process they take turns on the interpreter lock, so a thread importing Great
Expectations while the run starts saves nothing on two cores. A second process imports it on the other core
meanwhile, and the run's validations and Data Docs are done there. It is one process for the run (the same file
context, the same warm imports), started once and left to exit with the run.

Callers see the functions of expectations.runner; only where they run changes. A process that cannot start or
dies is an error of the validation that needed it, as a failed validation is in the run's own process.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import polars as pl

from expectations.memory import release_freed_memory

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_warm: Future | None = None


def _import() -> None:
    import great_expectations  # noqa: F401


def start() -> None:
    """Start the process and its import of Great Expectations, once; returns at once."""
    global _pool, _warm
    with _lock:
        if _pool is None:
            # spawn: a fork would copy the run's threads' locks mid-use (dbt's, Dagster's)
            _pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            _warm = _pool.submit(_import)
            atexit.register(stop)


def stop() -> None:
    global _pool, _warm
    with _lock:
        pool, _pool, _warm = _pool, None, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


class GreatExpectationsProcessDied(RuntimeError):
    pass


def _submit(fn, *args):
    start()
    try:
        return _pool.submit(fn, *args).result()
    except BrokenProcessPool as exc:
        stop()  # the next validation starts a new process
        raise GreatExpectationsProcessDied(
            f"the Great Expectations process ended while running {fn.__name__} (killed, or out of memory: "
            f"see the system log); nothing of this validation was stored") from exc


def validate(validation: pl.DataFrame, rules, data_docs_dir: Path | None = None) -> set[int]:
    """expectations.runner.validate in the Great Expectations process. The rules go by id (their preparation
    functions do not pickle, and validating needs only their expectations); rules that are not the project's
    (a test's own) are validated here."""
    from expectations.rules import RULES
    from expectations.runner import validate as validate_here

    declared = {r.rule_id: r for r in RULES}
    if any(declared.get(r.rule_id) is not r for r in rules):
        return validate_here(validation, rules, data_docs_dir)
    return _submit(_validate_declared, validation, [r.rule_id for r in rules], data_docs_dir)


def _validate_declared(validation: pl.DataFrame, rule_ids: list[str], data_docs_dir: Path | None) -> set[int]:
    from expectations.rules import RULES
    from expectations.runner import validate as validate_here

    wanted = set(rule_ids)
    try:
        return validate_here(validation, [r for r in RULES if r.rule_id in wanted], data_docs_dir)
    finally:
        del validation
        release_freed_memory()  # this process validates the next group too


def build_data_docs(data_docs_dir: Path) -> Path | None:
    """expectations.runner.build_data_docs in the Great Expectations process."""
    from expectations.runner import build_data_docs as build_here

    return _submit(build_here, data_docs_dir)
