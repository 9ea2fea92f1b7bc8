"""Keep the Dagster instance's SQLite files open while `gongkai run` stores a run's events.

Dagster's SQLite storage opens a connection for every event it stores, and more for asset and check events (the
run's own file, then the cross-run index: 3,510 connections for the 630 events of a one-document re-run). The files are in WAL mode, and when the last connection to
one closes SQLite copies its log into the database and deletes the log: every event paid for that. One idle
connection held per file for the length of the run keeps the log between events (SQLite still checkpoints it
as it grows); the last close, at the end, copies it once. An idle connection holds no lock a writer waits on,
so the UI and the daemon beside a run go on as before.

Only the instances gongkai writes are SQLite ones (runs.ensure_dagster_home); an instance configured otherwise
(Postgres) is left alone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def held_open(instance, run_ids: Iterable[str] = ()) -> Iterator[None]:
    """The instance's run and index databases, and those of `run_ids` (runs about to start), held open."""
    storage = instance.event_log_storage
    run_ids = list(run_ids)
    paths = []
    if hasattr(storage, "path_for_shard") and hasattr(storage, "run_connection"):  # the sharded SQLite storage
        paths.append(Path(storage.path_for_shard("index")))
        for run_id in run_ids:
            with storage.run_connection(run_id):  # Dagster creates the run's database as it would on its first event
                pass
            paths.append(Path(storage.path_for_shard(run_id)))
        paths.append(Path(storage.path_for_shard("index")).parent.parent / "runs.db")
    held = []
    try:
        for path in paths:
            if path.exists():
                connection = sqlite3.connect(path)
                connection.execute("select count(*) from sqlite_master").fetchall()  # attaches it to the log
                held.append(connection)
        yield
    finally:
        for connection in held:
            connection.close()
        _remove_unstarted(instance, storage, run_ids)


def _remove_unstarted(instance, storage, run_ids: Iterable[str]) -> None:
    """The databases made ahead of runs that never started (an extraction that failed before the warehouse run):
    Dagster would list them among its runs."""
    if not hasattr(storage, "path_for_shard"):
        return
    for run_id in run_ids:
        if instance.get_run_by_id(run_id) is None:
            for suffix in ("", "-wal", "-shm"):
                Path(storage.path_for_shard(run_id) + suffix).unlink(missing_ok=True)
