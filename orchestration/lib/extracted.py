"""Extractions as files in the content-addressed store: what an extraction worker produces without the warehouse.

`<extracted>/<parser_version>/<aa>/<document_id>/` holds one Parquet file per record type (the record dataclasses
of ingestion.records give their columns) and `document.parquet`, one row of the document's own fields. `<extracted>`
is a folder or an fsspec URL (settings.extracted_url: `s3://bucket/gongkai/extracted` on a cluster).

Atomic: on a local file system a worker writes into a temporary folder outside the glob the loader reads
(`<extracted>/.tmp/`) and renames it into place, so a worker that dies leaves nothing half-written. An object store
has no folder rename, but each object is written whole, and `document.parquet` goes last: an extraction exists only
once it does, so a worker that dies before it leaves record files nobody reads, overwritten by the retry.

Deterministic: the same document read by the same parser writes the same bytes (no time stamp in the files; the
warehouse notes when it loaded an extraction), so a retried or duplicated task is harmless and `extraction_digest`
(sha256 of the record files) tells the loader whether an extraction changed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import shutil
import typing
import uuid
from pathlib import Path

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq
from fsspec.implementations.local import LocalFileSystem

from ingestion.records import (BudgetProjectRecord, Extraction, IndicatorRecord, NarrativeFigure, NarrativeSentence,
                               PartCoverage, ProjectRecord, TableFact, TableRecord)

# Extraction attribute → (file stem, record type, raw table)
RECORD_FILES: list[tuple[str, type, str]] = [
    ("tables", TableRecord, "document_tables"),
    ("facts", TableFact, "table_facts"),
    ("narrative", NarrativeFigure, "narrative_figures"),
    ("projects", ProjectRecord, "projects"),
    ("indicators", IndicatorRecord, "indicators"),
    ("coverage", PartCoverage, "extraction_coverage"),
    ("sentences", NarrativeSentence, "narrative_sentences"),
    ("budget_projects", BudgetProjectRecord, "budget_projects"),
]

# document.parquet counts each record list; raw.documents names the counts as the warehouse always has
COUNT_COLUMNS = {"tables_count": "table_count", "facts_count": "fact_count", "narrative_count": "narrative_count",
                 "projects_count": "project_count", "indicators_count": "indicator_count", "coverage_count": "coverage_count"}

_ARROW_TYPES = {int: pa.int64(), float: pa.float64(), bool: pa.bool_(), str: pa.string()}
TMP_DIR = ".tmp"  # beside the parser folders, never matched by `<parser_version>/*/*/document.parquet`


def arrow_type(annotation) -> pa.DataType:
    """int | None → int64 …; a Literal of strings, or anything else, is a string."""
    hints = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    return _ARROW_TYPES.get(hints[0], pa.string())


def record_schema(record_type: type) -> pa.Schema:
    hints = typing.get_type_hints(record_type)
    return pa.schema([(f.name, arrow_type(hints[f.name])) for f in dataclasses.fields(record_type)])


def record_file_schema(record_type: type) -> pa.Schema:
    """A record file: the document and parser it came from, then the record's own columns."""
    return pa.schema([("document_id", pa.string()), *record_schema(record_type), ("parser_version", pa.string())])


def document_fields() -> list[dataclasses.Field]:
    """The Extraction's own fields (not its record lists): identity, status, format …"""
    lists = {attr for attr, _, _ in RECORD_FILES}
    return [f for f in dataclasses.fields(Extraction) if f.name not in lists]


def document_schema() -> pa.Schema:
    hints = typing.get_type_hints(Extraction)
    fields = [(f.name, arrow_type(hints[f.name])) for f in document_fields()]
    counts = [(f"{attr}_count", pa.int64()) for attr, _, _ in RECORD_FILES]
    return pa.schema(fields + counts + [("extraction_digest", pa.string())])


def filesystem(root: str | Path) -> tuple[fsspec.AbstractFileSystem, str]:
    """The file system and path of a store root: a plain folder, `file://…` or any fsspec URL (s3://, gs://, …)."""
    fs, path = fsspec.core.url_to_fs(str(root))
    return fs, path.rstrip("/")


def is_local(fs: fsspec.AbstractFileSystem) -> bool:
    return isinstance(fs, LocalFileSystem)


def protocol_of(fs: fsspec.AbstractFileSystem) -> str:
    return fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]


def store_url(fs: fsspec.AbstractFileSystem, path: str) -> str:
    """A path in the store as DuckDB and fsspec both read it: local as it is, otherwise with its protocol."""
    if is_local(fs) or "://" in path:
        return path
    return f"{protocol_of(fs)}://{path}"


def extraction_path(root: str | Path, parser_version: str, document_id: str) -> str:
    """The extraction's folder as the file system names it (a local path for a local store)."""
    return f"{filesystem(root)[1]}/{parser_version}/{document_id[:2]}/{document_id}"


def is_extracted(root: str | Path, parser_version: str, document_id: str) -> bool:
    fs, path = filesystem(root)
    return fs.exists(f"{path}/{parser_version}/{document_id[:2]}/{document_id}/document.parquet")


def _parquet_bytes(table: pa.Table) -> bytes:
    # no statistics of write time, no pandas metadata: the bytes depend on the rows and the pyarrow version only
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def extraction_files(extraction: Extraction) -> dict[str, bytes]:
    """File name → Parquet bytes of one document's extraction; `document.parquet` is last."""
    files: dict[str, bytes] = {}
    for attr, record_type, _ in RECORD_FILES:
        schema = record_file_schema(record_type)
        rows = [(extraction.document_id, *dataclasses.astuple(r), extraction.parser_version) for r in getattr(extraction, attr)]
        columns = list(zip(*rows)) if rows else [[] for _ in schema]
        table = pa.Table.from_arrays([pa.array(c, type=t.type) for c, t in zip(columns, schema)], schema=schema)
        files[f"{attr}.parquet"] = _parquet_bytes(table)
    digest = hashlib.sha256()
    for name, data in files.items():
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    row = {f.name: getattr(extraction, f.name) for f in document_fields()}
    row.update({f"{attr}_count": len(getattr(extraction, attr)) for attr, _, _ in RECORD_FILES})
    row["extraction_digest"] = digest.hexdigest()
    files["document.parquet"] = _parquet_bytes(pa.Table.from_pylist([row], schema=document_schema()))
    return files


def write_extraction(root: str | Path, extraction: Extraction) -> str:
    """Write one document's records; returns its folder. Replaces an earlier extraction by the same parser."""
    files = extraction_files(extraction)  # everything serialised before the store is touched
    fs, base = filesystem(root)
    target = f"{base}/{extraction.parser_version}/{extraction.document_id[:2]}/{extraction.document_id}"
    if not is_local(fs):
        for name, data in files.items():  # document.parquet last: the extraction exists once it is there
            fs.pipe_file(f"{target}/{name}", data)
        return target
    # a unique name: workers on other hosts (containers) may share a pid
    tmp_root, nonce = Path(base) / TMP_DIR, uuid.uuid4().hex
    tmp = tmp_root / f"{extraction.document_id}.{nonce}"
    try:
        tmp.mkdir(parents=True)
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        final = Path(target)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():  # a re-extraction: the old folder steps aside, then goes
            old = tmp_root / f"{extraction.document_id}.{nonce}.old"
            os.replace(final, old)
            shutil.rmtree(old, ignore_errors=True)
        try:
            os.replace(tmp, final)
        except OSError:
            # another task put the same extraction in place meanwhile: the same bytes, as extraction is deterministic
            if not (final / "document.parquet").exists():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
