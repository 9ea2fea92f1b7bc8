"""A run's Dagster SQLite files held open over reused connections (lib.dagster_sqlite): the log stays between
events, every event is stored, connections are opened per file rather than per event, and the files are whole
once the run is over."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import dagster as dg
import sqlalchemy

from orchestration.lib.dagster_sqlite import held_open


@dg.asset
def figures() -> int:
    return 1


@dg.asset_check(asset=figures)
def figures_add_up() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _wal(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def test_a_run_under_held_files_keeps_its_log_and_stores_every_event(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    instance = dg.DagsterInstance.from_config(str(home))  # the default storage: SQLite files, as gongkai writes them
    job = dg.Definitions(assets=[figures], asset_checks=[figures_add_up]).resolve_implicit_global_asset_job_def()
    run_id = str(uuid.uuid4())
    shard, index = home / "history" / "runs" / f"{run_id}.db", home / "history" / "runs" / "index.db"

    with held_open(instance, [run_id]):
        assert shard.exists()  # created before the run, as Dagster creates it
        job.execute_in_process(instance=instance, run_id=run_id)
        # a connection is still open: SQLite kept each file's log instead of copying it back after every event
        assert _wal(shard).exists() and _wal(index).exists()
    assert not _wal(shard).exists() and not _wal(index).exists()  # the last close copied the logs back

    assert instance.get_run_by_id(run_id).is_success
    materialization = instance.get_latest_materialization_event(dg.AssetKey("figures"))
    assert materialization is not None and materialization.run_id == run_id
    check_events = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    assert [r.event_log_entry.dagster_event.event_specific_data.passed for r in check_events] == [True]


def test_a_run_under_held_files_opens_each_file_once_not_once_per_event(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    instance = dg.DagsterInstance.from_config(str(home))
    job = dg.Definitions(assets=[figures], asset_checks=[figures_add_up]).resolve_implicit_global_asset_job_def()
    job.execute_in_process(instance=instance)  # the index and the run table exist, as on a warehouse run before

    def count_while(run) -> tuple[int, int]:
        opened = []
        listener = lambda dbapi_connection, record: opened.append(1)  # noqa: E731
        sqlalchemy.event.listen(sqlalchemy.engine.Engine, "connect", listener)
        try:
            run_id = str(uuid.uuid4())
            run(run_id)
        finally:
            sqlalchemy.event.remove(sqlalchemy.engine.Engine, "connect", listener)
        return len(opened), len(instance.all_logs(run_id))

    def held(run_id):
        with held_open(instance, [run_id]):
            job.execute_in_process(instance=instance, run_id=run_id)

    plain_opened, plain_events = count_while(lambda run_id: job.execute_in_process(instance=instance, run_id=run_id))
    held_opened, held_events = count_while(held)
    assert held_events == plain_events > 15
    assert plain_opened > plain_events  # Dagster alone: a connection or more per event
    # the run's file, the index and the run table, each a connection or two more where Dagster nests a checkout in
    # another: a handful in all, however many events
    assert held_opened <= 9
    assert instance.get_run_by_id(instance.get_runs(limit=1)[0].run_id).is_success


def test_an_instance_that_is_not_sharded_sqlite_is_left_alone(tmp_path):
    instance = dg.DagsterInstance.ephemeral()  # in-memory storage: no files to hold
    with held_open(instance, [str(uuid.uuid4())]):
        pass


def test_a_run_that_never_starts_leaves_no_database_behind(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    instance = dg.DagsterInstance.from_config(str(home))
    job = dg.Definitions(assets=[figures], asset_checks=[figures_add_up]).resolve_implicit_global_asset_job_def()
    started, never = str(uuid.uuid4()), str(uuid.uuid4())
    runs = home / "history" / "runs"
    try:
        with held_open(instance, [started, never]):
            assert (runs / f"{never}.db").exists()
            job.execute_in_process(instance=instance, run_id=started)
            raise RuntimeError("the next job fails before its run is created")
    except RuntimeError:
        pass
    # Dagster's own connections are back, though the block ended in an error
    assert not {"_connect", "has_table"} & set(vars(instance.event_log_storage))
    assert "connect" not in vars(instance.run_storage)
    assert (runs / f"{started}.db").exists() and not list(runs.glob(f"{never}.db*"))
    assert [r.run_id for r in instance.get_runs()] == [started]
    assert never not in instance.event_log_storage.get_all_run_ids()  # the event log lists its files as runs


def test_held_connections_sync_the_log_at_checkpoints_not_at_every_commit(tmp_path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    instance = dg.DagsterInstance.from_config(str(home))
    events, runs, run_id = instance.event_log_storage, instance.run_storage, str(uuid.uuid4())

    def synchronous() -> tuple[int, int]:
        with events.run_connection(run_id) as shard_conn, runs.connect() as run_conn:
            return (shard_conn.exec_driver_sql("pragma synchronous").scalar(),
                    run_conn.exec_driver_sql("pragma synchronous").scalar())

    plain = sqlite3.connect(tmp_path / "plain.db")
    plain.execute("pragma journal_mode = wal")
    default = plain.execute("pragma synchronous").fetchone()[0]  # this SQLite's own for a WAL file (FULL: 2)
    plain.close()
    with held_open(instance, [run_id]):
        assert synchronous() == (1, 1)  # NORMAL: a commit still survives the process dying (WAL)
    assert default != 1 and synchronous() == (default, default)  # Dagster's own connections keep SQLite's default
