"""`gongkai run` and `gongkai reprocess`: stage the inbox, then launch the jobs the sensor and the UI launch
(extract_documents_job over a range of document partitions, then warehouse_job), in the same Dagster instance
the UI shows."""

from __future__ import annotations

import os
import socket
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from ingestion import PARSER_VERSION
from orchestration.lib import dbt_build, dbt_process, gx_process
from orchestration.lib import duckdb_io as wh
from orchestration.lib.dagster_sqlite import held_open
from orchestration.lib.dbt_manifest import ensure_manifest
from orchestration.lib.extracted import is_extracted
from orchestration.lib.store import stage_inbox
from orchestration.settings import Settings

if TYPE_CHECKING:  # Dagster is imported only when a run has work to do: a no-op re-run answers without it
    import dagster as dg

MART_TABLES = [
    "dim_document", "fct_department_finance", "fct_functional_expense", "fct_basic_expense_economic",
    "fct_three_public_costs", "fct_project_performance", "fct_performance_indicators", "fct_budget_projects",
]

_YAML_HEADER = "# written by gongkai (orchestration/runs.py)"
_DAGSTER_YAML = _YAML_HEADER + """: the UI (`make ui`) and `gongkai run` share this instance
concurrency:
  # one writer to DuckDB at a time: every asset that writes the warehouse is in the pool duckdb_writer
  pools:
    default_limit: 1
  # queued runs start one at a time, so a burst of inbox files never has two runs fighting over the warehouse
  runs:
    max_concurrent_runs: 1
# the inbox sensor may spend a while hashing a large drop: the warehouse sensor ticks in its own thread meanwhile
sensors:
  use_threads: true
  num_workers: 2
# the sensors tick every few seconds: their skipped ticks are kept a day, not the default week
retention:
  sensor:
    purge_after_days:
      skipped: 1
      failure: 30
      success: -1
telemetry:
  enabled: false
# runs whose worker dies are marked failed and give back their pool slot; a failed run is retried twice
run_monitoring:
  enabled: true
run_retries:
  enabled: true
  max_retries: 2
"""

# The console shows Dagster's INFO events (steps, materializations, checks), not its DEBUG trace: an
# operator reads the summary that follows. The event log in DAGSTER_HOME keeps everything.
_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "INFO"}}}}

# Runs started by this module carry the process that executes them in process, so a later run can
# tell a run still going from one whose process was killed (and which still holds the writer slot).
PID_TAG, HOST_TAG = "gongkai/pid", "gongkai/host"


@dataclass
class RunSummary:
    files_seen: int = 0
    documents_extracted: int = 0
    unreadable_files: list[str] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)  # (file, status, reason)
    mart_rows: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)  # the run's checks (the documents it checked)
    documents_checked: int = 0
    standing: dict[str, int] = field(default_factory=dict)  # every document's latest findings, as the marts use them
    report_path: str | None = None
    warehouse: str = ""
    seconds: float = 0.0
    nothing_to_do: bool = False


def ensure_dagster_home(settings: Settings) -> Path:
    """The one Dagster instance of a warehouse, beside it: runs from the CLI land where `make ui` shows them."""
    home = settings.dagster_home
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    current = config.read_text() if config.exists() else None
    if current is not None and not current.startswith(_YAML_HEADER):
        # someone's own instance (DAGSTER_HOME set by hand): theirs to configure, we only say what we rely on
        print(f"gongkai: keeping {config}, not written by gongkai; runs rely on its run queue of one run at a "
              f"time and the pool duckdb_writer of one (see orchestration/runs.py)", file=sys.stderr)
    elif current != _DAGSTER_YAML:
        config.write_text(_DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def _run_tags() -> dict[str, str]:
    return {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def release_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs whose process died mid-run (killed, crashed) and free their writer slot.

    Without this a killed run keeps its claim on the `duckdb_writer` pool and every later run waits
    for it forever.
    """
    import dagster as dg

    in_progress = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]
    released = []
    runs = instance.get_runs(dg.RunsFilter(statuses=in_progress, tags={HOST_TAG: socket.gethostname()}))
    for run in runs:
        pid = int(run.tags.get(PID_TAG, "0") or 0)
        if pid and pid != os.getpid() and not _alive(pid):
            instance.report_run_failed(run, message=f"the process that ran it (pid {pid}) is gone: killed or crashed")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            released.append(run.run_id)
    return released


def run_pipeline(settings: Settings) -> RunSummary:
    started = time.perf_counter()
    summary = RunSummary(warehouse=str(settings.warehouse))
    ensure_dagster_home(settings)
    entries = stage_inbox(settings.inbox, settings.store_dir, int(settings.max_file_mb * 1e6))
    summary.files_seen = len(entries)
    summary.unreadable_files = [e.error or e.source_file for e in entries if not e.document_id]
    keys = list(dict.fromkeys(e.document_id for e in entries if e.document_id))

    pending = [k for k in keys if not is_extracted(settings.extracted_url, PARSER_VERSION, k)]
    wh.prepare_build(settings.warehouse, settings.build_path)
    with wh.connect(settings.build_path) as con:
        unloaded = wh.pending_extractions(con, settings.extracted_url, PARSER_VERSION, record_seen=False)
        noted = set(con.execute("select document_id, source_file from raw.document_sources").fetchall())
    # the same bytes arriving under a new name: nothing to extract, but the registry notes the name
    renamed = [e for e in entries if e.document_id and (e.document_id, e.source_file) not in noted]
    published_ok = settings.warehouse.exists() and not _build_differs(settings)
    if not pending and not unloaded and not renamed and published_ok:
        summary.nothing_to_do = True
        _fill_summary(summary, settings, run_id=None)
        summary.seconds = time.perf_counter() - started
        return summary

    # work to do: only now the dbt manifest, Dagster and the definitions (3–4 s of imports a no-op run spares).
    # Great Expectations is imported in its own process meanwhile, on the other core
    gx_process.start()
    ensure_manifest()
    # dbt's process imports dbt and parses the project meanwhile: the builds find it parsed
    dbt_process.start(dbt_build.run_vars(settings))
    import dagster as dg

    from orchestration.definitions import build_definitions
    from orchestration.defs.ingestion import file_tags

    instance = dg.DagsterInstance.get()
    release_abandoned_runs(instance)
    partition_keys = _with_partitions(instance, keys)

    defs = build_definitions(str(settings.warehouse), str(settings.inbox))
    names = {}
    for e in entries:
        names.setdefault(e.document_id, Path(e.source_file).name)
    warehouse_run = _extract_then_build(defs, instance, pending, file_tags([names[k] for k in pending if k in names]),
                                        partition_keys)
    summary.documents_extracted = len(pending)
    _fill_summary(summary, settings, run_id=warehouse_run)
    summary.seconds = time.perf_counter() - started
    return summary


def _with_partitions(instance, keys: list[str]) -> list[str]:
    """Every document partition, in Dagster's order, after adding those of `keys` it lacked."""
    from orchestration.defs.ingestion import documents_partitions

    existing = instance.get_dynamic_partitions(documents_partitions.name)
    known = set(existing)
    new_keys = list(dict.fromkeys(k for k in keys if k not in known))
    if new_keys:
        instance.add_dynamic_partitions(documents_partitions.name, new_keys)
    return [*existing, *new_keys]


def _extract_then_build(defs, instance, keys: list[str], extract_tags: dict, partition_keys: list[str]) -> str:
    """The extraction run over `keys` (none when empty), then the warehouse job; returns the warehouse run's id.
    Their run ids are chosen first so that Dagster's files for them are held open throughout (lib.dagster_sqlite).
    `partition_keys`: every document partition in Dagster's order (_with_partitions)."""
    extract_run, warehouse_run = str(uuid.uuid4()), str(uuid.uuid4())
    with held_open(instance, ([extract_run] if keys else []) + [warehouse_run]):
        if keys:
            _extract(defs, instance, keys, extract_tags, partition_keys, run_id=extract_run)
        defs.resolve_job_def("warehouse_job").execute_in_process(
            instance=instance, tags=_run_tags(), run_config=_RUN_CONFIG, raise_on_error=True, run_id=warehouse_run
        )
    return warehouse_run


def _extract(defs, instance, keys: list[str], extra_tags: dict, all_keys: list[str], run_id: str) -> None:
    """One run over the partition range that spans `keys`; the asset skips what is already extracted."""
    from orchestration.defs.ingestion import range_tags

    positions = sorted(all_keys.index(k) for k in keys)
    defs.resolve_job_def("extract_documents_job").execute_in_process(
        instance=instance,
        run_config=_RUN_CONFIG,
        tags={**range_tags(all_keys[positions[0]], all_keys[positions[-1]]), **_run_tags(), **(extra_tags or {})},
        raise_on_error=True,
        run_id=run_id,
    )


@dataclass
class ReprocessReport:
    documents: int = 0
    changed: list[tuple[str, str, str, str]] = field(default_factory=list)  # (file, what, before, after)
    seconds: float = 0.0


_SNAPSHOT_SQL = """
select d.file_name, d.document_id, d.parser_version, d.status, d.fact_count, d.narrative_count, d.project_count,
       f.income_total, f.expense_total, f.expense_basic, f.expense_project
from marts.dim_document d left join marts.fct_department_finance f using (document_id)
"""


def reprocess(settings: Settings) -> ReprocessReport:
    """Re-extract every stored document with the current parser and report what changed."""
    import dagster as dg

    from orchestration.definitions import build_definitions
    from orchestration.defs.ingestion import REEXTRACT_TAG, file_tags
    from orchestration.lib.store import staged_documents

    started = time.perf_counter()
    report = ReprocessReport()
    ensure_dagster_home(settings)
    ensure_manifest()
    before = _snapshot(settings.warehouse)
    wh.prepare_build(settings.warehouse, settings.build_path)
    with wh.connect(settings.build_path) as con:
        keys = [r[0] for r in con.execute("select document_id from raw.documents where stored_path <> ''").fetchall()]
    report.documents = len(keys)
    if not keys:
        return report
    instance = dg.DagsterInstance.get()
    release_abandoned_runs(instance)
    partition_keys = _with_partitions(instance, keys)
    defs = build_definitions(str(settings.warehouse), str(settings.inbox))
    names = {e.document_id: Path(e.sources[0]).name for e in staged_documents(settings.store_dir)}
    _extract_then_build(defs, instance, keys, {REEXTRACT_TAG: "all", **file_tags([names.get(k, k[:12]) for k in keys])},
                        partition_keys)
    after = _snapshot(settings.warehouse)
    for document_id, new in after.items():
        old = before.get(document_id, {})
        for column, value in new.items():
            if column in ("document_id", "file_name"):
                continue
            if old.get(column) != value:
                report.changed.append((new["file_name"], column, str(old.get(column)), str(value)))
    report.seconds = time.perf_counter() - started
    return report


def _snapshot(path: Path) -> dict[str, dict]:
    if not path.exists():
        return {}
    with wh.connect(path, read_only=True) as con:
        cursor = con.execute(_SNAPSHOT_SQL)
        columns = [d[0] for d in cursor.description]
        return {row[1]: dict(zip(columns, row)) for row in cursor.fetchall()}


def _build_differs(settings: Settings) -> bool:
    """True when the build holds work not yet published (a crashed or unfinished run)."""
    build, published = settings.build_path, settings.warehouse
    if not build.exists():
        return False
    return build.stat().st_mtime > published.stat().st_mtime + 1


def _fill_summary(summary: RunSummary, settings: Settings, run_id: str | None) -> None:
    with wh.connect(settings.warehouse, read_only=True) as con:
        for table in MART_TABLES:
            summary.mart_rows[table] = wh.scalar(con, f"select count(*) from marts.{table}")
        summary.failed = con.execute(
            "select file_name, status, coalesce(status_reason, '') from marts.dim_document "
            "where status in ('failed', 'needs_ocr', 'blocked') order by file_name"
        ).fetchall()
        if run_id is None:
            row = wh.first_row(con, "select run_id, report_path from quality.runs order by finished_at desc limit 1")
            run_id, summary.report_path = (row[0], row[1]) if row else (None, None)
        else:
            summary.report_path = str(settings.runs_dir / run_id / "quality_report.html")
        if run_id:
            summary.findings = dict(
                con.execute(
                    "select severity, count(*) from quality.check_results where run_id = ? and outcome = 'failed' group by all",
                    [run_id],
                ).fetchall()
            )
            summary.findings["could_not_check"] = wh.scalar(
                con, "select count(*) from quality.check_results where run_id = ? and outcome = 'could_not_check'", [run_id]
            )
            summary.documents_checked = wh.scalar(
                con, "select count(distinct document_id) from quality.check_results where run_id = ?", [run_id])
            summary.standing = dict(con.execute(
                "select severity, count(*) from staging.stg_quality__check_results where outcome = 'failed' group by all"
            ).fetchall())
