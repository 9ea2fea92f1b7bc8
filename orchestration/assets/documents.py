"""Raw assets: the document registry, partitioned by document hash, which writes every extracted record."""


import time
from pathlib import Path

import dagster as dg

from ingestion import PARSER_VERSION
from orchestration import warehouse as wh
from orchestration.extraction import extract_many
from orchestration.registry import staged_entry
from orchestration.resources import WarehouseResource

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")

RAW_TABLES = ["documents", "document_sources", "document_tables", "table_facts", "narrative_figures", "projects", "indicators"]
RAW_KEYS = {name: dg.AssetKey(["disclosures", name]) for name in RAW_TABLES}
DOCUMENTS_KEY = RAW_KEYS["documents"]

# `gongkai reprocess` sets this tag to re-extract stored documents whatever parser made them.
REEXTRACT_TAG = "gongkai/reextract"

# Load in chunks so memory stays flat however many documents a run holds.
_CHUNK = 25

# One partitioned asset writes every raw table. The other raw tables are declared beside it, fed by it,
# rather than as six partitioned assets: Dagster records a planned and a done event per asset and
# partition, and six assets made that bookkeeping cost as much as extracting (12 events per document).
RAW_TABLE_SPECS = [
    dg.AssetSpec(
        key,
        deps=[DOCUMENTS_KEY],
        group_name="raw",
        description=f"raw.{name}: extracted {name.replace('_', ' ')} with provenance, written by disclosures/documents",
        metadata={"schema": "raw", "table": f"raw.{name}"},
    )
    for name, key in RAW_KEYS.items()
    if key != DOCUMENTS_KEY
]


@dg.asset(
    key=DOCUMENTS_KEY,
    group_name="raw",
    description="raw.documents, the registry (one row per content hash), and every record extracted from each "
    "document into the other raw tables",
    metadata={"schema": "raw", "table": "raw.documents"},
    partitions_def=documents_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    pool="duckdb_writer",
)
def extracted_documents(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Register each partition's stored file and extract it (skipping documents this parser
    version already extracted), then load the results into DuckDB's raw schema."""
    settings = warehouse.settings
    wh.prepare_build(settings.warehouse, settings.build_path)
    keys = list(context.partition_keys)
    jobs: list[tuple[str, str, str]] = []
    failures: list[str] = []
    with wh.connect(settings.build_path) as con:
        for key in keys:
            entry = staged_entry(settings.store_dir, key)
            if entry is None:
                failures.append(f"{key[:12]}: no stored file for this partition")
                continue
            new = wh.register_document(con, key, entry.sources[0], entry.stored_path or "", entry.file_format, entry.size_bytes)
            for source in entry.sources:
                wh.note_source(con, key, source)
            if entry.error and new:
                wh.mark_failed(con, key, "failed", entry.error)
                failures.append(entry.error)
        if context.run.tags.get(REEXTRACT_TAG) == "all":
            pending = dict(con.execute(
                "select document_id, stored_path from raw.documents where stored_path <> ''"
            ).fetchall())
        else:
            pending = {doc_id: path for doc_id, path in wh.pending_documents(con, PARSER_VERSION)}
        for key in keys:
            entry = staged_entry(settings.store_dir, key)
            if key in pending and entry is not None and not entry.error:
                jobs.append((key, pending[key], Path(entry.sources[0]).name))
    context.log.info(f"{len(keys)} partitions, {len(jobs)} to extract with parser {PARSER_VERSION}")
    totals = {"documents": 0, "facts": 0, "narrative": 0, "projects": 0, "failed": 0}
    batch = []
    load_seconds = 0.0  # time the writer spends loading, while the workers go on extracting
    with wh.connect(settings.build_path) as con:
        for extraction in extract_many(jobs, settings.workers):
            if extraction.status != "loaded":
                failures.append(extraction.error or extraction.status)
            batch.append(extraction)
            if len(batch) >= _CHUNK:
                loading = time.perf_counter()
                for k, v in wh.load_extractions(con, batch).items():
                    totals[k] += v
                load_seconds += time.perf_counter() - loading
                batch = []
        if batch:
            loading = time.perf_counter()
            for k, v in wh.load_extractions(con, batch).items():
                totals[k] += v
            load_seconds += time.perf_counter() - loading
        counts = dict(con.execute(
            " union all ".join(f"select '{name}', count(*) from raw.{name}" for name in RAW_TABLES)
        ).fetchall())
    return dg.MaterializeResult(
        metadata={
            "documents_extracted": totals["documents"],
            "documents_failed": totals["failed"],
            "facts_loaded": totals["facts"],
            **{f"rows_in_{name}": counts.get(name, 0) for name in RAW_TABLES},
            "parser_version": PARSER_VERSION,
            "load_seconds": round(load_seconds, 3),
            "failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures) or "none"),
        },
    )
