"""dbt builds run inside a Python process (the run's dbt process, lib.dbt_process), on a project parsed once per
process and --vars.

A `dbt build` as a subprocess spent about 4 s around each build of a small re-run: starting Python and importing
dbt (2.8 s), reading its parse state, writing the manifest and run results. Here dbt is imported once, the project
is parsed once (partially, from the state lib.dbt_manifest keeps) and both builds of a run reuse that manifest:
on the 1,007-document warehouse of benchmarks/run.py, the two builds of a one-document re-run took 2.1 s and 2.4 s
instead of 7.4 s and 8.0 s (/tmp timing script; see benchmarks/RESULTS.md).

`build()` yields dbt's structured result events (the dicts `dbt --log-format json` prints, one per seed, model and
test as it finishes) while dbt runs in a thread, then the run's result. Nothing here knows Dagster: the dbt assets
(orchestration/defs/transform.py) turn the events into materializations and asset checks.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orchestration.lib.dbt_manifest import PARTIAL_PARSE, parse_for, project_stamp
from orchestration.lib.duckdb_io import raw_ddl
from orchestration.lib.fingerprints import models_fingerprint
from orchestration.settings import DBT_PROJECT_DIR, Settings

TARGETS = DBT_PROJECT_DIR / "target"
_RESULT_EVENTS = {"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"}

# dbt keeps global state (flags, adapters, its event manager): one invocation at a time in a process
_dbt_lock = threading.Lock()
_parse_lock = threading.Lock()  # a build waits for a parse under way (the warm-up) rather than parse again
_parsed: dict[tuple[str, tuple], Any] = {}  # (--vars, project stamp) -> dbt's Manifest
_relations_stamps: dict[tuple, str] = {}  # project stamp -> relations_stamp()


@dataclass
class BuildResult:
    success: bool
    failures: list[str]  # "<node>: <status>: <message>" for every node that errored or failed
    target_path: Path
    retried: list[str] = field(default_factory=list)  # nodes built again alone after running out of memory
    first_target: Path | None = None  # where a retried build's first attempt left its dbt.log (the memory errors)


def _common_args(vars_json: str, target: Path) -> list[str]:
    return ["--vars", vars_json, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(target), "--log-path", str(target), "--log-format-file", "json"]


def run_vars(settings: Settings) -> str:
    """The --vars of a run's builds: the run's build copy of the warehouse and DuckDB's memory for the build
    (profiles.yml reads both); the fact marts rebuild only the documents changed since the last recorded build, and
    views and seeds already made from this project are kept (a plain `dbt build` rebuilds them all)."""
    return json.dumps({"warehouse_path": str(settings.build_path), "memory_limit": settings.dbt_memory_limit,
                       "incremental_by_document": True, "relations_stamp": relations_stamp()})


def relations_stamp() -> str:
    """What a view or seed made by an earlier build depends on besides its own SQL or file: every model (a view
    reads their columns), dbt's and DuckDB's versions, and the raw schema (macros/unchanged_relations.sql).

    Kept under the same key as the parsed project (`manifest_for`): a run's warm-up and its builds pass one stamp
    while the project's files stay as they are, and a file edited between them changes both stamp and parse."""
    key = project_stamp()
    if key not in _relations_stamps:
        _relations_stamps.clear()
        _relations_stamps[key] = hashlib.sha256(f"{models_fingerprint()}\0{raw_ddl()}".encode()).hexdigest()[:32]
    return _relations_stamps[key]


# A run leaves three target folders of about 3.5 MB each (its parse and two builds): 1.7 GB after some 160 runs here.
# Those older than a week go, but never the newest few, so a failed run's dbt.log is there when an operator looks.
TARGETS_KEPT_DAYS = 7
TARGETS_KEPT_NEWEST = 20
_TARGET_NAME = re.compile(r"^[\w.-]+-[a-z0-9_]{8}$")  # <prefix>-<mkdtemp's 8 characters>; dbt's own folders differ


def new_target(prefix: str) -> Path:
    """A private target folder (artifacts and dbt.log of one invocation): runs on other warehouses may build now."""
    TARGETS.mkdir(parents=True, exist_ok=True)
    prune_targets()
    return Path(tempfile.mkdtemp(dir=TARGETS, prefix=f"{prefix}-"))


def prune_targets(now: float | None = None) -> list[Path]:
    """Remove the invocations' target folders older than TARGETS_KEPT_DAYS beyond the TARGETS_KEPT_NEWEST newest;
    returns those removed. A folder in use is written to, so it is never old."""
    folders = []
    for entry in os.scandir(TARGETS):
        if entry.is_dir(follow_symlinks=False) and _TARGET_NAME.match(entry.name):
            try:
                folders.append((entry.stat(follow_symlinks=False).st_mtime, Path(entry.path)))
            except OSError:  # removed meanwhile by another run's pruning
                continue
    folders.sort(reverse=True)
    cutoff = (now or time.time()) - TARGETS_KEPT_DAYS * 86400
    removed = [path for mtime, path in folders[TARGETS_KEPT_NEWEST:] if mtime < cutoff]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


def manifest_for(vars_json: str, label: str = "parse"):
    """The project parsed with these --vars, once per process while the project's files stay as they are."""
    with _parse_lock:
        key = (vars_json, project_stamp())
        if key not in _parsed:
            from dbt.cli.main import dbtRunner

            parse_for(vars_json)  # the shared parse state matches these --vars: the parse below is partial
            target = new_target(label)
            if PARTIAL_PARSE.exists():
                shutil.copyfile(PARTIAL_PARSE, target / PARTIAL_PARSE.name)
            with _dbt_lock:
                result = dbtRunner().invoke(["parse", "--quiet", *_common_args(vars_json, target)])
            if not result.success:
                raise RuntimeError(f"dbt parse failed ({target / 'dbt.log'}): {result.exception}")
            _parsed.clear()  # one project state at a time: an older manifest is never reused
            _parsed[key] = result.result
        return _parsed[key]


def build(args: list[str], vars_json: str, label: str) -> Iterator[dict | BuildResult]:
    """Run `dbt <args>` in the calling process (the run's dbt process: lib.dbt_process); yield each node's result
    event as it finishes, then a BuildResult.

    Nodes that ran out of DuckDB's memory are built once more, one at a time, with the nodes their failure skipped.
    DuckDB's memory bound is shared by the models dbt builds at once, and a model that fits alone can fail beside
    another heavy one (at 10,000 documents the two models that failed each built alone within 160MB, yet one plain
    build of five with both cores busy failed at 512MB, where they overlapped). Their failed events are held back and
    replaced by the retry's; any other failure is reported as it is, with no retry."""
    manifest = manifest_for(vars_json, f"{label}-parse")
    target = new_target(label)
    held: list[dict] = []
    outcome = yield from _invoke(manifest, args, vars_json, target, label, held)
    retry = _out_of_memory_retry(outcome)
    if not retry:
        yield from held
        yield BuildResult(outcome.success, _failures(outcome), target)
        return
    first_target, target = target, new_target(f"{label}-retry")
    outcome = yield from _invoke(manifest, _retry_args(args, [s for _, s in retry.values()]), vars_json, target,
                                 label, held=None)
    built = {r.node.unique_id for r in getattr(outcome.result, "results", None) or []}
    # a selector that matched nothing only makes dbt warn: a node not built again is a failure, not a success
    missing = [f"{name}: not built again after running out of memory" for uid, (name, _) in retry.items()
               if uid not in built and outcome.exception is None]
    yield BuildResult(outcome.success and not missing, _failures(outcome) + missing, target,
                      retried=sorted(name for name, _ in retry.values()), first_target=first_target)


def _invoke(manifest, args: list[str], vars_json: str, target: Path, label: str, held: list[dict] | None):
    """One dbt invocation in a thread: yields its result events as nodes finish, those of failed nodes into `held`
    instead where given; returns dbt's outcome."""
    from dbt.cli.main import dbtRunner
    from dbt_common.events.functions import msg_to_dict

    events: queue.Queue = queue.Queue()

    def on_event(message) -> None:
        if message.info.name in _RESULT_EVENTS:
            events.put(msg_to_dict(message))

    def invoke() -> None:
        try:
            with _dbt_lock:
                try:
                    outcome = dbtRunner(manifest=manifest, callbacks=[on_event]).invoke(
                        [*args, *_common_args(vars_json, target)])
                finally:
                    _close_warehouse()
            events.put(outcome)
        except BaseException as error:  # handed to the caller's thread, which raises it
            events.put(error)

    threading.Thread(target=invoke, daemon=True, name=f"dbt-{label}").start()
    while isinstance(item := events.get(), dict):
        if held is not None and item.get("data", {}).get("node_info", {}).get("node_status") == "error":
            held.append(item)
        else:
            yield item
    if isinstance(item, BaseException):
        raise item
    return item


def _out_of_memory_retry(outcome) -> dict[str, tuple[str, str]]:
    """unique_id → (name, fqn selector) of the nodes to build again when every node that failed ran out of memory:
    those nodes and the ones skipped because of them; none when anything else failed or nothing did. Selected by
    their whole fqn, which names no other node (a bare name would also select a folder or package of that name)."""
    if outcome.success or outcome.exception is not None:
        return {}
    results = getattr(outcome.result, "results", None) or []
    failed = [r for r in results if str(r.status) in ("error", "fail", "runtime error")]
    if not failed or not all("Out of Memory" in (r.message or "") for r in failed):
        return {}
    return {r.node.unique_id: (r.node.name, "fqn:" + ".".join(r.node.fqn)) for r in results
            if str(r.status) in ("error", "fail", "runtime error", "skipped")}


_SELECTION_FLAGS = {"--select", "-s", "--models", "-m", "--exclude", "--selector", "--indirect-selection", "--threads"}


def _retry_args(args: list[str], selectors: list[str]) -> list[str]:
    """The build's own arguments (--full-refresh, the excluded resource types) with its selection replaced by these
    nodes alone (their tests only where selected: --indirect-selection empty), one node at a time."""
    kept, skipping = [], False
    for arg in args:
        if arg in _SELECTION_FLAGS:
            skipping = True
        elif skipping and not arg.startswith("-"):
            continue
        else:
            skipping = False
            kept.append(arg)
    return [*kept, "--threads", "1", "--select", *selectors, "--indirect-selection", "empty"]


def _close_warehouse() -> None:
    """Close the DuckDB database dbt-duckdb opened. It keeps it open in the process after a build (a handle stays
    counted), and while it is open no other process may open the file: the run's quality step, right after the
    build, would wait for it and fail."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None


def _failures(outcome) -> list[str]:
    if outcome.exception is not None:
        return [f"dbt: {outcome.exception}"]
    failed = []
    for node in getattr(outcome.result, "results", None) or []:
        status = str(node.status)
        if status in ("error", "fail", "runtime error"):
            failed.append(f"{node.node.name}: {status}: {(node.message or '').strip()[:300]}")
    return failed
