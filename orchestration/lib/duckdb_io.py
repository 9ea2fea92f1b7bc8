"""DuckDB I/O: the raw and quality schemas, bulk-loading extractions from the store, and atomic publishing.

Runs never write to the published file. They write to `<warehouse>.build` (a copy of the published file made at
the start of a run, or left by a run that crashed, which DuckDB's transactions keep consistent) and `publish()`
renames it over the published file, so an analyst's read-only connection never sees a half-built warehouse.
"""

from __future__ import annotations

import glob as globmod
import os
import shutil
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration.lib.extracted import (COUNT_COLUMNS, RECORD_FILES, document_schema, filesystem, is_local, protocol_of,
                                         record_file_schema, record_schema, store_url)
from orchestration.settings import lock_wait_seconds

_SQL_TYPES = {pa.int64(): "bigint", pa.float64(): "double", pa.bool_(): "boolean", pa.string(): "varchar",
              pa.timestamp("us"): "timestamp"}

# The registry's own columns (where the file came from); the rest of raw.documents is the extraction's.
REGISTRY_COLUMNS = [
    ("source_file", "varchar"),  # the file as it arrived (inbox path)
    ("file_name", "varchar"),
    ("stored_path", "varchar"),  # immutable copy under the warehouse store, named by hash
    ("size_bytes", "bigint"),
    ("registered_at", "timestamp"),
]
# When the warehouse loaded the extraction: the files themselves carry no time, so that re-running a task writes the
# same bytes; an extraction is reloaded only when its digest changes.
LOADED_AT_COLUMN = ("extracted_at", "timestamp")

# What the loader last saw of each extraction's document.parquet (its file's identity: local inode, size and
# modification time; an object store's ETag): a file whose stamp is unchanged holds what the warehouse holds and is
# not read again (lib.duckdb_io.pending_extractions).
EXTRACTION_STAMPS_DDL = ("create table if not exists raw.extraction_stamps (document_id varchar, parser_version varchar, "
                         "stamp varchar);")

QUALITY_DDL = """
create schema if not exists quality;
create table if not exists quality.check_results (
    run_id varchar, rule_id varchar, severity varchar, document_id varchar, table_name varchar,
    page integer, line_no integer, observed double, expected double, difference double,
    passed boolean, outcome varchar, message varchar, checked_at timestamp
);
-- the rules' fingerprint at each quality run (lib.quality): a new one checks every document again
create table if not exists quality.rule_versions (
    fingerprint varchar, run_id varchar, checked_at timestamp, checked_everything boolean
);
-- each complete build of the marts (lib.model_builds): the next one rebuilds the documents changed since this one
-- started, or everything when the models' fingerprint differs; when it finished and whether it was a full refresh
-- are for whoever audits the builds
create table if not exists quality.model_builds (
    fingerprint varchar, started_at timestamp, finished_at timestamp, full_refresh boolean
);
create table if not exists quality.runs (
    run_id varchar, started_at timestamp, finished_at timestamp, documents_processed integer,
    documents_failed integer, report_path varchar
);
"""
# Columns a warehouse built by an earlier version gains: the part of a document a finding is about (what an
# error-level finding withholds from the marts) and the document's file, department and year.
QUALITY_COLUMNS = [("table_index", "integer"), ("project_index", "integer"), ("figure", "varchar"),
                   ("file_name", "varchar"), ("department_name", "varchar"), ("fiscal_year", "integer")]


def _columns(schema: pa.Schema) -> list[tuple[str, str]]:
    return [(f.name, _SQL_TYPES.get(f.type, "varchar")) for f in schema]


def document_columns() -> list[tuple[str, str]]:
    """raw.documents: document_id, the registry's columns, then the extraction's document fields and counts."""
    extracted = [(n, t) for n, t in _columns(document_schema()) if n != "document_id"]
    extracted = [(COUNT_COLUMNS.get(n, n), t) for n, t in extracted]
    return [("document_id", "varchar"), *REGISTRY_COLUMNS, *extracted, LOADED_AT_COLUMN]


def raw_ddl() -> str:
    """The raw schema, generated from the record types, so ingestion and the warehouse cannot drift apart."""
    statements = ["create schema if not exists raw;"]
    tables = [("documents", document_columns())]
    tables += [(table, [("document_id", "varchar"), *_columns(record_schema(rt)), ("parser_version", "varchar")])
               for _, rt, table in RECORD_FILES]
    for table, columns in tables:
        statements.append(f"create table if not exists raw.{table} ({', '.join(f'{n} {t}' for n, t in columns)});")
        # a warehouse built by an older parser gains the new columns
        statements += [f"alter table raw.{table} add column if not exists {n} {t};" for n, t in columns]
    statements.append("create table if not exists raw.document_sources (document_id varchar, source_file varchar, "
                      "seen_at timestamp);")
    statements.append(EXTRACTION_STAMPS_DDL)
    statements.append(QUALITY_DDL)
    statements += [f"alter table quality.check_results add column if not exists {n} {t};" for n, t in QUALITY_COLUMNS]
    return "\n".join(statements)


def scalar(con, sql: str, params: list | None = None):
    """The first value of a query's first row (None when there is none), with the result read to the end: DuckDB
    refuses other work on a connection whose last result is unfinished."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def first_row(con, sql: str, params: list | None = None) -> tuple | None:
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class WarehouseLocked(RuntimeError):
    pass


def _open(path: Path, read_only: bool, wait_seconds: float):
    """A connection, once no other process holds the file. Another run may be finishing with it (a run started from
    the UI beside a CLI one, or an extraction worker's process still exiting): the next run waits for it rather than
    failing. A holder that stays longer is someone else's and is named in the error."""
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as error:
            if "could not set lock" not in str(error).lower():
                raise  # a damaged or unreadable file is not a busy one
            if time.monotonic() >= deadline:
                raise WarehouseLocked(
                    f"{path}: another process holds it ({error}). A run still going or a client with the file open "
                    f"for writing: let it finish or stop it, then run again"
                ) from error
            if not told:
                print(f"gongkai: {path} is held by another process; waiting up to {wait_seconds:.0f} s for it "
                      f"({error})", file=sys.stderr)
                told = True
            time.sleep(0.5)


@contextmanager
def connect(path: Path, read_only: bool = False, wait_seconds: float | None = None):
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only, lock_wait_seconds() if wait_seconds is None else wait_seconds)
    try:
        yield con
    finally:
        con.close()


def prepare_build(published: Path, build: Path) -> None:
    """Start (or resume) a build copy of the published warehouse and make sure the schemas exist."""
    if not build.exists() and published.exists():
        shutil.copyfile(published, build)
    with connect(build) as con:
        con.execute(raw_ddl())


def publish(build: Path, published: Path) -> None:
    """Atomically replace the published file with the build (same folder, so rename is atomic)."""
    with connect(build) as con:
        con.execute("checkpoint")
    tmp = published.with_name(published.name + ".publishing")
    shutil.copyfile(build, tmp)
    os.replace(tmp, published)


def sql_list(paths: list[str]) -> str:
    """A DuckDB list literal of paths."""
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def _listed_extractions(root: str | Path, parser_version: str) -> list[tuple[str, str, str]]:
    """(document_id, folder, stamp) of every extraction in the store, from the listing alone (no file is opened).
    A stamp changes whenever the file is written again (extractions are written to a new file and renamed into place);
    an empty stamp (a store that tells nothing) always counts as changed."""
    fs, path = filesystem(root)
    found = []
    if is_local(fs):  # Python's glob and stat: fsspec's glob of a local folder takes ten times as long
        for name in globmod.glob(globmod.escape(f"{path}/{parser_version}") + "/*/*/document.parquet"):
            try:
                st = os.stat(name)
            except FileNotFoundError:  # being replaced by a re-extraction this moment: the next run finds it
                continue
            folder = Path(name).parent
            found.append((folder.name, str(folder), f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"))
        return found
    # an object store's listing is cached by its file system object; extraction workers write elsewhere meanwhile
    fs.invalidate_cache(f"{path}/{parser_version}")
    listing = fs.glob(f"{path}/{parser_version}/*/*/document.parquet", detail=True)
    for name, info in listing.items():
        # only identifiers that change with every write (a modification time of one second's resolution may not)
        tag = next((str(info[k]) for k in ("ETag", "etag", "md5Hash", "generation") if info.get(k)), "")
        folder = name.rsplit("/", 1)[0]
        found.append((folder.rsplit("/", 1)[1], store_url(fs, folder), f"{tag}:{info.get('size', '')}" if tag else ""))
    return found


def pending_extractions(con, extracted_root: str | Path, parser_version: str,
                        record_seen: bool = True) -> list[tuple[str, str]]:
    """(document_id, folder) of extractions in the store that the warehouse does not hold yet (new documents,
    changed re-extractions, a new parser version).

    Only the files whose stamp differs from the one recorded when the warehouse last saw them are read (every one of
    them, once, in a warehouse older than the stamps): a re-run over a large store lists it rather than opening
    every file. The listing is kept in the temporary table `found_extractions` of this connection, from which
    `load_extracted` records the stamps of what it loads; files read and found already loaded are recorded here
    unless `record_seen` is false (a caller only asking whether there is work writes nothing).
    """
    listed = _listed_extractions(extracted_root, parser_version)
    con.execute("create or replace temp table found_extractions as select unnest(?::varchar[]) as document_id, "
                "unnest(?::varchar[]) as folder, unnest(?::varchar[]) as stamp",
                [[d for d, _, _ in listed], [f for _, f, _ in listed], [t for _, _, t in listed]])
    changed = con.execute("""
        select f.document_id, f.folder from found_extractions as f
        left join raw.extraction_stamps as s on s.document_id = f.document_id and s.parser_version = ?
        where f.stamp = '' or s.stamp is distinct from f.stamp
        order by f.document_id
    """, [parser_version]).fetchall()
    if not changed:
        return []
    fs, _ = filesystem(extracted_root)
    if not is_local(fs) and not con.filesystem_is_registered(protocol_of(fs)):
        con.register_filesystem(fs)
    rows = con.execute(f"""
        select e.document_id, e.filename
        from read_parquet({sql_list([f"{folder}/document.parquet" for _, folder in changed])}, filename = true) as e
        left join raw.documents as r using (document_id)
        where r.document_id is null or r.extraction_digest is distinct from e.extraction_digest
            or r.parser_version is distinct from e.parser_version
        order by e.document_id
    """).fetchall()
    pending = [(document_id, filename.rsplit("/", 1)[0]) for document_id, filename in rows]
    # read and found loaded already (re-extracted to the same content, or a warehouse older than the stamps)
    if record_seen:
        still_pending = set(pending)
        _record_stamps(con, [(d, f) for d, f in changed if (d, f) not in still_pending])
    return pending


def _record_stamps(con, members: list[tuple[str, str]]) -> None:
    """The stamps `pending_extractions` listed on this connection for these (document_id, folder), recorded as what the
    warehouse now holds. A document's stamps of other parser versions go: should it return to one of them (a parser
    rolled back), that file is read again rather than taken for what the warehouse holds."""
    if not members:
        return
    ids, folders = [d for d, _ in members], [f for _, f in members]
    con.execute("delete from raw.extraction_stamps where document_id in (select unnest(?::varchar[]))", [ids])
    con.execute("""
        insert into raw.extraction_stamps
        select f.document_id, d.parser_version, f.stamp
        from found_extractions as f
        join (select unnest(?::varchar[]) as document_id, unnest(?::varchar[]) as folder) as m using (document_id, folder)
        join raw.documents as d using (document_id)
        where f.stamp <> ''
    """, [ids, folders])


def load_extracted(con, folders: list[tuple[str, str]], registrations: dict[str, dict],
                   batches: list[str] | None = None) -> dict[str, int]:
    """Replace the listed documents' raw rows with the extractions in their folders, in one transaction.

    `registrations`: document_id → the registry's columns (REGISTRY_COLUMNS) from the store's sidecars.
    `batches`: the same documents' files compacted by lib.batches, read instead of one folder per document; a
    batch that does not hold exactly these documents is refused and nothing is loaded.
    Where `pending_extractions` listed the store on this connection, the stamps it listed for these folders are
    recorded with the rows: it must list before any of their files is compacted or read, so that a file written
    again in between is read again next time.
    Returns rows loaded per raw table.
    """
    if not folders:
        return {}
    ids = [d for d, _ in folders]
    sources = batches if batches else [folder for _, folder in folders]
    counts: dict[str, int] = {}
    # Raw rows carry their own order (page, line, row, column), so the insert need not keep the files' order: DuckDB
    # then writes the row groups in parallel as it reads them, and the commit has little left to write (2,000
    # documents from batches, benchmarks/cluster.py: 566,000 table facts a second before, 0.93-1.04 M after)
    con.execute("set preserve_insertion_order = false")
    con.execute("begin transaction")
    try:
        con.execute("create or replace temp table loading as select unnest(?::varchar[]) as document_id", [ids])
        if batches:
            held = [d for d, in con.execute(f"select document_id from read_parquet("
                                            f"{sql_list([f'{b}/document.parquet' for b in batches])})").fetchall()]
            if sorted(held) != sorted(ids):
                missing, extra = sorted(set(ids) - set(held)), sorted(set(held) - set(ids))
                raise ValueError(f"batches {', '.join(batches)} do not hold the {len(ids)} documents to load (missing: "
                                 f"{', '.join(missing[:3]) or 'none'}; not asked for: {', '.join(extra[:3]) or 'none'}"
                                 f"{'; twice: some' if len(held) != len(set(held)) else ''}); nothing was loaded")
        for attr, record_type, table in RECORD_FILES:
            con.execute(f"delete from raw.{table} where document_id in (select document_id from loading)")
            files = [f"{folder}/{attr}.parquet" for folder in sources]
            columns = ", ".join(f.name for f in record_file_schema(record_type))
            counts[table] = scalar(con, f"insert into raw.{table} ({columns}) select {columns} "
                                        f"from read_parquet({sql_list(files)}, union_by_name = true)")
        # the registry's columns as list parameters (an Arrow table here made DuckDB import pandas: 0.3 s a load)
        con.execute(
            "create or replace temp table registry as select unnest(?::varchar[]) as document_id, "
            + ", ".join(f"unnest(?::{sql_type}[]) as {name}" for name, sql_type in REGISTRY_COLUMNS),
            [ids, *([registrations.get(d, {}).get(name) for d in ids] for name, _ in REGISTRY_COLUMNS)],
        )
        documents = [f"{folder}/document.parquet" for folder in sources]
        extracted = [n for n, _ in _columns(document_schema()) if n != "document_id"]
        targets = [COUNT_COLUMNS.get(n, n) for n in extracted]
        con.execute("delete from raw.documents where document_id in (select document_id from loading)")
        con.execute(f"""
            insert into raw.documents (document_id, {", ".join(n for n, _ in REGISTRY_COLUMNS)}, {", ".join(targets)},
                                       {LOADED_AT_COLUMN[0]})
            select e.document_id, {", ".join(f"r.{n}" for n, _ in REGISTRY_COLUMNS)}, {", ".join(f"e.{n}" for n in extracted)}, ?
            from read_parquet({sql_list(documents)}, union_by_name = true) as e
            left join registry as r using (document_id)
        """, [now()])
        counts["documents"] = len(ids)
        if con.execute("select 1 from duckdb_tables() where temporary and table_name = 'found_extractions'").fetchall():
            _record_stamps(con, folders)
            con.execute("drop table found_extractions")  # one listing, one load: a later load lists again
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    finally:
        con.execute("reset preserve_insertion_order")
    return counts


def note_sources(con, sources: list[tuple[str, str]]) -> int:
    """Remember every name a document arrived under (the same bytes may arrive twice); returns names added."""
    if not sources:
        return 0
    before = scalar(con, "select count(*) from raw.document_sources")
    con.execute(
        """insert into raw.document_sources
           select distinct s.document_id, s.source_file, ?::timestamp
           from (select unnest(?::varchar[]) as document_id, unnest(?::varchar[]) as source_file) as s
           where not exists (select 1 from raw.document_sources as d
                             where d.document_id = s.document_id and d.source_file = s.source_file)""",
        [now(), [d for d, _ in sources], [s for _, s in sources]],
    )
    return scalar(con, "select count(*) from raw.document_sources") - before


def raw_row_counts(con) -> dict[str, int]:
    tables = ["documents", "document_sources", *(t for _, _, t in RECORD_FILES)]
    return dict(con.execute(" union all ".join(f"select '{t}', count(*) from raw.{t}" for t in tables)).fetchall())
