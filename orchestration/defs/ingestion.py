"""Ingestion: the inbox sensor, the documents' extraction (one partition per document, by content hash) and the
load of their records into DuckDB's raw schema (the dbt sources).

Extraction needs no warehouse: each partition's file is read in a worker process and its records written to the
store (lib.extracted), so extraction runs never wait for the DuckDB writer. The raw tables are then loaded once per
run by one writer, and show in the UI as materialized by that run.
"""


import time
from pathlib import Path

import dagster as dg

from ingestion import PARSER_VERSION
from orchestration.defs.automation import SENSOR_SECONDS
from orchestration.defs.resources import WarehouseResource
from orchestration.lib import duckdb_io as db
from orchestration.lib import inbox_state
from orchestration.lib.extracted import RECORD_FILES, is_extracted
from orchestration.lib.loading import load_pending
from orchestration.lib.parallel import ExtractionJob, extract_many, where_tasks_run
from orchestration.lib.store import stage_file, staged_documents, staged_entry

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")

EXTRACTIONS_KEY = dg.AssetKey(["store", "extractions"])
RAW_TABLES = ["documents", "document_sources", *(table for _, _, table in RECORD_FILES)]
RAW_KEYS = {name: dg.AssetKey(["disclosures", name]) for name in RAW_TABLES}

# `gongkai reprocess` sets this tag to re-extract stored documents whatever parser made them.
REEXTRACT_TAG = "gongkai/reextract"


@dg.asset(
    key=EXTRACTIONS_KEY,
    group_name="ingestion",
    description="Each document's records (tables, cells, narrative figures, projects, indicators, coverage), "
    "extracted from its stored file into the content-addressed store, per parser version",
    partitions_def=documents_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def extractions(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    settings = warehouse.settings
    force = context.run.tags.get(REEXTRACT_TAG) == "all"
    jobs, missing = [], []
    for key in context.partition_keys:
        entry = staged_entry(settings.store_dir, key)
        if entry is None:
            missing.append(f"{key[:12]}: no stored file for this partition")
            continue
        if force or not is_extracted(settings.extracted_url, PARSER_VERSION, key):
            jobs.append(ExtractionJob(key, entry.stored_path, Path(entry.sources[0]).name, entry.error))
    where = where_tasks_run(len(jobs), settings.workers, settings.cluster or None)
    context.log.info(f"{len(context.partition_keys)} documents, {len(jobs)} to extract with parser {PARSER_VERSION} "
                     f"on {where}")
    failures = list(missing)
    done = 0
    for result in extract_many(jobs, settings.extracted_url, settings.workers, settings.cluster or None):
        done += 1
        if result.status != "loaded":
            failures.append(f"{result.source_name}: {result.status}: {result.error}")
        # the partition key is a hash: the file, department and year beside it are what an operator recognises
        context.log_event(dg.AssetObservation(
            asset_key=EXTRACTIONS_KEY, partition=result.document_id,
            metadata={"file_name": result.source_name, "department": result.department_name or "unknown",
                      "fiscal_year": result.fiscal_year or 0, "doc_kind": result.doc_kind or "unknown",
                      "status": result.status, "error": result.error or "",
                      "facts": result.facts, "narrative_figures": result.narrative, "projects": result.projects},
        ))
    return dg.MaterializeResult(metadata={
        "documents_extracted": done,
        "documents_skipped": len(context.partition_keys) - done - len(missing),
        "documents_failed": len(failures),
        "parser_version": PARSER_VERSION,
        "failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures) or "none"),
    })


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            key, deps=[EXTRACTIONS_KEY], group_name="raw", metadata={"schema": "raw", "table": f"raw.{name}"},
            description=f"raw.{name}: " + ("the document registry, one row per content hash" if name == "documents"
                                           else f"extracted {name.replace('_', ' ')} with provenance"),
        )
        for name, key in RAW_KEYS.items()
    ],
    pool="duckdb_writer",
)
def raw_tables(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Load every extraction the warehouse does not hold yet (new documents, re-extractions, a new parser)."""
    settings = warehouse.settings
    db.prepare_build(settings.warehouse, settings.build_path)
    staged = {entry.document_id: entry for entry in staged_documents(settings.store_dir)}
    started = time.perf_counter()
    with db.connect(settings.build_path) as con:
        loaded, batches = load_pending(
            con, settings.extracted_url, settings.build_path,
            lambda ids: {d: staged[d].registry_row() for d in ids if d in staged},
            settings.workers, settings.cluster, settings.compact_min)
        names = db.note_sources(con, [(e.document_id, s) for e in staged.values() for s in e.sources])
        counts = db.raw_row_counts(con)
    source = f"{batches} batches compacted by the workers" if batches else "their own folders"
    context.log.info(f"loaded {loaded.get('documents', 0)} documents' records from {source}, {names} new file names")
    for name, key in RAW_KEYS.items():
        yield dg.MaterializeResult(asset_key=key, metadata={
            "rows": counts.get(name, 0),
            "rows_loaded_this_run": loaded.get(name, names if name == "document_sources" else 0),
            "load_seconds": round(time.perf_counter() - started, 3),
        })


extract_documents_job = dg.define_asset_job(
    "extract_documents_job", selection=dg.AssetSelection.assets(EXTRACTIONS_KEY), partitions_def=documents_partitions,
)


# A file modified this recently may still be arriving (a copy in progress): hashing it now would register half a
# document under a hash of its own. It is left for a later tick, which sees it whole.
SETTLE_SECONDS = 10
# What one tick reads at most, so a large drop never runs a tick into the sensor's timeout; the rest waits.
TICK_BYTES = 1 << 30


@dg.sensor(job=extract_documents_job, minimum_interval_seconds=SENSOR_SECONDS,
           default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    """New or changed files in the inbox are staged by content hash and extracted in one run per batch.

    Each file's size and modification time are remembered (lib.inbox_state, named by the cursor), so a tick hashes
    only what changed. New documents become partitions, and one run covers the range of partitions this tick added
    (they are added together, at the end of the partition list); the warehouse sensor rebuilds once those runs are
    done, not once per file.
    """
    settings = warehouse.settings
    state_dir = settings.store_dir / "inbox_seen"
    seen = inbox_state.load(state_dir, context.cursor)
    now = inbox_state.scan(settings.inbox)
    settled_before = time.time_ns() - SETTLE_SECONDS * 10**9
    changed = [p for p, (size, mtime) in now.items() if seen.get(p) != inbox_state.signature(size, mtime)]
    arriving = [p for p in changed if now[p][1] > settled_before]
    still_seen = {p: signature for p, signature in seen.items() if p in now}
    entries, budget = [], TICK_BYTES
    for path in (p for p in changed if now[p][1] <= settled_before):
        if budget <= 0:
            break  # not remembered as seen: the next tick stages it
        entry = stage_file(Path(path), settings.store_dir, int(settings.max_file_mb * 1e6))
        budget -= now[path][0]
        if entry.document_id:  # a file that could not be read is tried again next tick
            still_seen[path] = inbox_state.signature(*now[path])
            entries.append(entry)
    keys = list(dict.fromkeys(e.document_id for e in entries))
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    new = [k for k in keys if k not in known]
    cursor = inbox_state.save(state_dir, still_seen)
    if not new:
        return dg.SensorResult(
            skip_reason=f"{len(now)} files in {settings.inbox}: {len(entries)} staged, none new, "
                        f"{len(arriving)} still arriving, {len(changed) - len(entries) - len(arriving)} left for later",
            cursor=cursor)
    context.log.info(f"{len(new)} new documents of {len(entries)} files staged; {len(arriving)} still arriving")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"inbox-{new[0][:16]}-{len(new)}",
                                    tags={**range_tags(new[0], new[-1]),
                                          **file_tags([Path(e.source_file).name for e in entries if e.document_id in new])})],
        dynamic_partitions_requests=[documents_partitions.build_add_request(new)],
        cursor=cursor,
    )


# Run tags are searchable in the UI's run list; a long batch is cut to what the list shows.
FILES_TAG, FILE_COUNT_TAG = "gongkai/files", "gongkai/file_count"


def file_tags(names: list[str], limit: int = 500) -> dict[str, str]:
    """The files a run extracts, as tags: the run list then shows names, not only a partition range of hashes."""
    names = sorted(dict.fromkeys(names))
    joined = ", ".join(names)
    if len(joined) > limit:
        joined = joined[: limit - 20].rsplit(", ", 1)[0] + f", … ({len(names)} files)"
    return {FILES_TAG: joined, FILE_COUNT_TAG: str(len(names))}


def range_tags(first: str, last: str) -> dict[str, str]:
    """The tags that make one run cover a range of document partitions."""
    return {"dagster/asset_partition_range_start": first, "dagster/asset_partition_range_end": last}
