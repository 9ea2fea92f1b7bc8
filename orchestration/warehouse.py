"""DuckDB I/O: the raw schema, document registry, loading extractions and atomic publishing.

Runs never write to the published file. They write to `<warehouse>.build` (a copy of the
published file made at the start of a run, or left by a run that crashed, which DuckDB's
transactions keep consistent) and `publish()` renames it over the published file, so an
analyst's read-only connection never sees a half-built warehouse.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from ingestion.records import Extraction, IndicatorRecord, NarrativeFigure, ProjectRecord, TableFact, TableRecord

RAW_DDL = """
create schema if not exists raw;
create schema if not exists quality;
create table if not exists raw.documents (
    document_id varchar primary key,
    source_file varchar,        -- the file as it arrived (inbox path)
    file_name varchar,
    stored_path varchar,        -- immutable copy under the warehouse store, named by hash
    file_format varchar,
    size_bytes bigint,
    page_count integer,
    department_name varchar,
    fiscal_year integer,
    doc_kind varchar,
    status varchar,             -- registered, loaded, failed, needs_ocr, duplicate (blocked is set in the marts)
    error varchar,
    parser_version varchar,
    registered_at timestamp,
    extracted_at timestamp,
    table_count integer,
    fact_count integer,
    narrative_count integer,
    project_count integer
);
create table if not exists raw.document_sources (
    document_id varchar,
    source_file varchar,
    seen_at timestamp
);
create table if not exists quality.check_results (
    run_id varchar, rule_id varchar, severity varchar, document_id varchar, table_name varchar,
    page integer, line_no integer, observed double, expected double, difference double,
    passed boolean, outcome varchar, message varchar, checked_at timestamp
);
create table if not exists quality.runs (
    run_id varchar, started_at timestamp, finished_at timestamp, documents_processed integer,
    documents_failed integer, report_path varchar
);
"""

# Which raw table each list of records goes to, in load order. Their columns come from the
# record dataclasses themselves, so ingestion and the warehouse cannot drift apart.
_RECORD_TABLES: list[tuple[str, str, type]] = [
    ("tables", "document_tables", TableRecord),
    ("facts", "table_facts", TableFact),
    ("narrative", "narrative_figures", NarrativeFigure),
    ("projects", "projects", ProjectRecord),
    ("indicators", "indicators", IndicatorRecord),
]

_SQL_TYPES = {"int": "integer", "float": "double", "bool": "boolean", "str": "varchar"}


def _sql_type(annotation: str) -> str:
    base = annotation.replace(" ", "").split("|")[0]
    return _SQL_TYPES.get(base, "varchar")


def record_columns(record_type: type) -> list[tuple[str, str]]:
    return [(f.name, _sql_type(str(f.type))) for f in dataclasses.fields(record_type)]


def _record_ddl() -> str:
    statements = []
    for _, table, record_type in _RECORD_TABLES:
        columns = ["document_id varchar", *(f"{n} {t}" for n, t in record_columns(record_type)), "parser_version varchar"]
        statements.append(f"create table if not exists raw.{table} ({', '.join(columns)});")
        # a warehouse built by an older parser gains the new columns
        statements.extend(
            f"alter table raw.{table} add column if not exists {n} {t};" for n, t in record_columns(record_type)
        )
    return "\n".join(statements)


def now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@contextmanager
def connect(path: Path, read_only: bool = False):
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def prepare_build(published: Path, build: Path) -> None:
    """Start (or resume) a build copy of the published warehouse and make sure the schema exists."""
    if not build.exists() and published.exists():
        shutil.copyfile(published, build)
    with connect(build) as con:
        con.execute(RAW_DDL)
        con.execute(_record_ddl())


def publish(build: Path, published: Path) -> None:
    """Atomically replace the published file with the build (same folder, so rename is atomic)."""
    with connect(build) as con:
        con.execute("checkpoint")
    tmp = published.with_name(published.name + ".publishing")
    shutil.copyfile(build, tmp)
    os.replace(tmp, published)


def store_file(data: bytes, document_id: str, file_format: str, store_dir: Path) -> Path:
    """Keep an immutable copy of the raw file, named by its content hash."""
    target = store_dir / document_id[:2] / f"{document_id}.{file_format}"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
        target.chmod(0o444)
    return target


def register_document(con, document_id: str, source_file: str, stored_path: str, file_format: str, size: int) -> bool:
    """Add a document to the registry; returns False when those bytes are already known."""
    exists = con.execute("select 1 from raw.documents where document_id = ?", [document_id]).fetchone()
    if exists:
        return False
    con.execute(
        """insert into raw.documents (document_id, source_file, file_name, stored_path, file_format,
           size_bytes, status, registered_at) values (?, ?, ?, ?, ?, ?, 'registered', ?)""",
        [document_id, source_file, Path(source_file).name, stored_path, file_format, size, now()],
    )
    return True


def note_source(con, document_id: str, source_file: str) -> None:
    """Remember a name the document arrived under (the same bytes may arrive twice)."""
    con.execute(
        """insert into raw.document_sources select ?, ?, ? where not exists (
           select 1 from raw.document_sources where document_id = ? and source_file = ?)""",
        [document_id, source_file, now(), document_id, source_file],
    )


def mark_failed(con, document_id: str, status: str, error: str) -> None:
    from ingestion import PARSER_VERSION

    con.execute(
        "update raw.documents set status = ?, error = ?, extracted_at = ?, parser_version = ? where document_id = ?",
        [status, error, now(), PARSER_VERSION, document_id],
    )


def _frame(records: list, record_type: type, document_id: str, parser_version: str) -> pl.DataFrame:
    names = [f.name for f in dataclasses.fields(record_type)]
    rows = [dataclasses.astuple(r) for r in records]
    frame = pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None) if rows else None
    if frame is None:
        return pl.DataFrame()
    return frame.with_columns(pl.lit(document_id).alias("document_id"), pl.lit(parser_version).alias("parser_version"))


def load_extractions(con, extractions: Iterable[Extraction]) -> dict[str, int]:
    """Replace each document's raw rows with its new extraction, all in one transaction."""
    counts = {"documents": 0, "facts": 0, "narrative": 0, "projects": 0, "failed": 0}
    con.execute("begin transaction")
    try:
        for ex in extractions:
            for _, table, _ in _RECORD_TABLES:
                con.execute(f"delete from raw.{table} where document_id = ?", [ex.document_id])
            for attr, table, record_type in _RECORD_TABLES:
                frame = _frame(getattr(ex, attr), record_type, ex.document_id, ex.parser_version)
                if frame.height:
                    columns = ", ".join(frame.columns)
                    con.register("incoming", frame.to_arrow())
                    con.execute(f"insert into raw.{table} ({columns}) select {columns} from incoming")
                    con.unregister("incoming")
            con.execute(
                """update raw.documents set file_format = coalesce(?, file_format), page_count = ?,
                   department_name = ?, fiscal_year = ?, doc_kind = ?, status = ?, error = ?,
                   parser_version = ?, extracted_at = ?, table_count = ?, fact_count = ?,
                   narrative_count = ?, project_count = ? where document_id = ?""",
                [
                    None if ex.file_format == "unknown" else ex.file_format,
                    ex.page_count,
                    ex.department_name,
                    ex.fiscal_year,
                    ex.doc_kind,
                    ex.status,
                    ex.error,
                    ex.parser_version,
                    now(),
                    len(ex.tables),
                    len(ex.facts),
                    len(ex.narrative),
                    len(ex.projects),
                    ex.document_id,
                ],
            )
            counts["documents"] += 1
            counts["facts"] += len(ex.facts)
            counts["narrative"] += len(ex.narrative)
            counts["projects"] += len(ex.projects)
            counts["failed"] += ex.status != "loaded"
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return counts


def pending_documents(con, parser_version: str) -> list[tuple[str, str]]:
    """(document_id, stored_path) of documents not yet extracted by this parser version."""
    return con.execute(
        """select document_id, stored_path from raw.documents
           where status = 'registered' or parser_version is distinct from ?
           order by registered_at, document_id""",
        [parser_version],
    ).fetchall()


def withhold_blocked_documents(con, run_id: str) -> dict[str, str]:
    """Error-level findings mean our extraction of a document is broken: its rows leave the fact marts
    (raw and staging keep them for inspection) and dim_document says so, status `blocked` with the
    rules that fired. Warnings (the document's own inconsistencies) withhold nothing."""
    blocked = dict(con.execute(
        """select c.document_id,
                  'withheld from the fact marts by error-level quality findings: '
                  || string_agg(distinct c.rule_id, ', ' order by c.rule_id)
           from quality.check_results c join marts.dim_document d using (document_id)
           where c.run_id = ? and c.outcome = 'failed' and c.severity = 'error' and d.status = 'loaded'
           group by all""",
        [run_id],
    ).fetchall())
    if not blocked:
        return {}
    facts = [row[0] for row in con.execute(
        """select c.table_name from information_schema.columns c
           join information_schema.tables t using (table_schema, table_name)
           where c.table_schema = 'marts' and c.column_name = 'document_id' and t.table_type = 'BASE TABLE'
             and c.table_name <> 'dim_document' order by 1"""
    ).fetchall()]
    ids = list(blocked)
    for table in facts:
        con.execute(f"delete from marts.{table} where document_id in (select unnest(?::varchar[]))", [ids])
    con.executemany(
        "update marts.dim_document set status = 'blocked', status_reason = ? where document_id = ?",
        [[reason, document_id] for document_id, reason in blocked.items()],
    )
    return blocked
