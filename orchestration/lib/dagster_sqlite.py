"""Dagster's SQLite files kept open, over reused connections, while `gongkai run` stores a run's events.

Dagster's SQLite storage makes a new SQLAlchemy engine and opens a new connection for every read and write of the
event log and the run table, and more for asset and check events (the run's own file, then the cross-run index):
3,510 connections for the 630 events of a one-document re-run, about 10 ms an event, 6.7 s of that run. Two costs
hide there. Each engine and connection is built from nothing (1.5-3 ms each). And the files are in WAL mode: when
the last connection to one closes, SQLite copies its log into the database and deletes the log, so every event
paid for that too.

For the length of a run, `held_open` gives the instance's storages one engine per file whose pool keeps its
connections: the log stays between events (SQLite still checkpoints it as it grows) and the last close, at the
end, copies it once. An idle connection holds no lock a writer waits on, so the UI and the daemon beside a run go
on as before. Dagster's own locking and transactions are kept: only where a connection comes from changes. These
connections sync SQLite's log to disk when it is copied back rather than at every commit (synchronous NORMAL):
storing a one-document re-run's 630 events took 1.5-2.7 s against 2.5-4.6 s (six alternating pairs, each lower).

Only the instances gongkai writes are SQLite ones (runs.ensure_dagster_home); an instance configured otherwise
(Postgres) is left alone.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy

_INDEX_SHARD = "index"  # the cross-run file beside the runs' own (Dagster's INDEX_SHARD_NAME)
_ABSENT = object()  # an attribute held_open found unset, and so removes again


@contextmanager
def held_open(instance, run_ids: Iterable[str] = ()) -> Iterator[None]:
    """The instance's event log and run storage over reused connections, with the databases of `run_ids` (runs
    about to start) made ahead, as Dagster would make them on their first event. Only the files a run writes are
    pooled (the index, the run table, these runs' own); a read of other runs' files goes through Dagster as ever."""
    events, runs = instance.event_log_storage, instance.run_storage
    run_ids = list(run_ids)
    engines: list[sqlalchemy.engine.Engine] = []
    replaced: list[tuple[object, str, object]] = []  # (storage, attribute, what it held before: restored after)

    def replace(storage, name: str, value) -> None:
        replaced.append((storage, name, vars(storage).get(name, _ABSENT)))
        setattr(storage, name, value)  # an attribute of this object, shadowing the class's method

    try:
        if _is_sharded_sqlite(events):
            connect, has_table = _shard_connections(events, engines, pooled={_INDEX_SHARD, *run_ids})
            replace(events, "_connect", connect)
            replace(events, "has_table", has_table)
            for run_id in run_ids:
                with events.run_connection(run_id):
                    pass
        if _is_sqlite_runs(runs):
            replace(runs, "connect", _run_table_connections(runs, engines))
        yield
    finally:
        try:
            for storage, name, before in reversed(replaced):
                if before is _ABSENT:
                    vars(storage).pop(name, None)
                else:
                    setattr(storage, name, before)
            for engine in engines:
                engine.dispose()  # closes the pooled connections: the last close copies each log back
        finally:
            _remove_unstarted(instance, events, run_ids)



def _is_sharded_sqlite(storage) -> bool:
    return all(hasattr(storage, a) for a in ("path_for_shard", "conn_string_for_shard", "_initdb", "_db_lock",
                                             "_initialized_dbs"))


def _is_sqlite_runs(storage) -> bool:
    return getattr(storage, "_conn_string", "").startswith("sqlite:")


def _engine(conn_string: str, engines: list) -> sqlalchemy.engine.Engine:
    from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS

    # SQLAlchemy's default pool for a SQLite file keeps its connections and lets any thread check one out
    engine = sqlalchemy.create_engine(conn_string, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS})

    @sqlalchemy.event.listens_for(engine, "connect")
    def _sync_at_checkpoints(dbapi_connection, _record) -> None:
        # In WAL mode SQLite's default (FULL) syncs the log to disk at every commit: 0.4 ms here, for some 1,500
        # commits of a one-document re-run. NORMAL syncs when the log is copied back. A commit survives this process
        # dying either way; only a power loss or OS crash can undo the last events, never corrupt the file, and a
        # run left unfinished that way is marked failed (by the daemon's run monitoring, or by the next `gongkai
        # run`, which releases runs whose process is gone). The warehouse is not in these files.
        dbapi_connection.execute("pragma synchronous = normal")

    engines.append(engine)
    return engine


def _shard_connections(storage, engines: list, pooled: set[str]):
    """Dagster's `SqliteEventLogStorage._connect` and `has_table` with one engine per file of `pooled` instead of one
    per call; other files (a read across past runs opens each of them) as Dagster opens them."""
    dagster_connect = type(storage)._connect
    by_shard: dict[str, sqlalchemy.engine.Engine] = {}
    made = threading.Lock()
    tables: set[str] = set()

    def engine_of(shard: str) -> sqlalchemy.engine.Engine:
        with made:
            if shard not in by_shard:
                by_shard[shard] = _engine(storage.conn_string_for_shard(shard), engines)
            return by_shard[shard]

    @contextmanager
    def connect(shard: str) -> Iterator[sqlalchemy.engine.Connection]:
        if shard not in pooled:
            with dagster_connect(storage, shard) as conn:
                yield conn
            return
        with storage._db_lock:  # as Dagster's: one connection in use at a time per storage
            engine = engine_of(shard)
            if shard not in storage._initialized_dbs:
                storage._initdb(engine)
                storage._initialized_dbs.add(shard)
            with engine.connect() as conn:
                with conn.begin():
                    yield conn

    def has_table(table_name: str) -> bool:
        # asked before every asset check event is stored; a table present once stays for the run.
        # Not under _db_lock: Dagster asks with a connection already open.
        if table_name not in tables:
            engine = engine_of(_INDEX_SHARD)
            with engine.connect() as conn:
                if engine.dialect.has_table(conn, table_name):
                    tables.add(table_name)
        return table_name in tables

    return connect, has_table


def _run_table_connections(storage, engines: list):
    """Dagster's `SqliteRunStorage.connect` over one engine."""
    engine = _engine(storage._conn_string, engines)

    @contextmanager
    def connect() -> Iterator[sqlalchemy.engine.Connection]:
        with engine.connect() as conn:
            with conn.begin():
                yield conn

    return connect


def _remove_unstarted(instance, storage, run_ids: Iterable[str]) -> None:
    """The databases made ahead of runs that never started (an extraction that failed before the warehouse run):
    Dagster would list them among its runs."""
    if not hasattr(storage, "path_for_shard"):
        return
    for run_id in run_ids:
        if instance.get_run_by_id(run_id) is None:
            for suffix in ("", "-wal", "-shm"):
                Path(storage.path_for_shard(run_id) + suffix).unlink(missing_ok=True)
