"""Extractions as files in the content-addressed store: what an extraction worker produces without the warehouse.

`<store>/extracted/<parser_version>/<aa>/<document_id>/` holds one Parquet file per record type (the record
dataclasses of ingestion.records give their columns) and `document.parquet`, one row of the document's own fields.
A worker writes into a temporary sibling folder and renames it into place, so a worker that dies leaves nothing
half-written; the same document read by the same parser writes the same bytes. The single DuckDB writer then
bulk-loads these files (duckdb_io.load_extracted).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import typing
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ingestion.records import (Extraction, IndicatorRecord, NarrativeFigure, NarrativeSentence, PartCoverage, ProjectRecord,
                               TableFact, TableRecord)

# Extraction attribute → (file stem, record type, raw table)
RECORD_FILES: list[tuple[str, type, str]] = [
    ("tables", TableRecord, "document_tables"),
    ("facts", TableFact, "table_facts"),
    ("narrative", NarrativeFigure, "narrative_figures"),
    ("projects", ProjectRecord, "projects"),
    ("indicators", IndicatorRecord, "indicators"),
    ("coverage", PartCoverage, "extraction_coverage"),
    ("sentences", NarrativeSentence, "narrative_sentences"),
]

# document.parquet counts each record list; raw.documents names the counts as the warehouse always has
COUNT_COLUMNS = {"tables_count": "table_count", "facts_count": "fact_count", "narrative_count": "narrative_count",
                 "projects_count": "project_count", "indicators_count": "indicator_count", "coverage_count": "coverage_count"}

_ARROW_TYPES = {int: pa.int64(), float: pa.float64(), bool: pa.bool_(), str: pa.string()}


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
    return pa.schema(fields + counts + [("extracted_at", pa.timestamp("us"))])


def extraction_dir(store_dir: Path, parser_version: str, document_id: str) -> Path:
    return Path(store_dir) / "extracted" / parser_version / document_id[:2] / document_id


def is_extracted(store_dir: Path, parser_version: str, document_id: str) -> bool:
    return (extraction_dir(store_dir, parser_version, document_id) / "document.parquet").exists()


def write_extraction(store_dir: Path, extraction: Extraction, extracted_at: datetime) -> Path:
    """Write one document's records; returns its folder. Replaces an earlier extraction by the same parser."""
    target = extraction_dir(store_dir, extraction.parser_version, extraction.document_id)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for attr, record_type, _ in RECORD_FILES:
        schema = record_file_schema(record_type)
        records = getattr(extraction, attr)
        rows = [(extraction.document_id, *dataclasses.astuple(r), extraction.parser_version) for r in records]
        columns = list(zip(*rows)) if rows else [[] for _ in schema]
        table = pa.Table.from_arrays([pa.array(c, type=t.type) for c, t in zip(columns, schema)], schema=schema)
        pq.write_table(table, tmp / f"{attr}.parquet", compression="zstd")
    row = {f.name: getattr(extraction, f.name) for f in document_fields()}
    row.update({f"{attr}_count": len(getattr(extraction, attr)) for attr, _, _ in RECORD_FILES})
    row["extracted_at"] = extracted_at
    pq.write_table(pa.Table.from_pylist([row], schema=document_schema()), tmp / "document.parquet", compression="zstd")
    if target.exists():
        old = target.with_name(f".{target.name}.{os.getpid()}.old")
        os.replace(target, old)
        os.replace(tmp, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, target)
    return target
