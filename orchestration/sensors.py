"""Inbox sensor and the daily schedule."""


import dagster as dg

from orchestration.assets.documents import DOCUMENTS_KEY, RAW_KEYS, documents_partitions
from orchestration.registry import stage_inbox
from orchestration.settings import load_settings

extract_documents_job = dg.define_asset_job(
    "extract_documents_job", selection=dg.AssetSelection.assets(DOCUMENTS_KEY), partitions_def=documents_partitions
)
warehouse_job = dg.define_asset_job(
    "warehouse_job",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*RAW_KEYS.values()),
)


@dg.sensor(job=extract_documents_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext):
    """A new file in the inbox becomes a document partition (its content hash) and a run."""
    settings = load_settings()
    entries = stage_inbox(settings.inbox, settings.store_dir, int(settings.max_file_mb * 1e6))
    keys = sorted({e.document_id for e in entries if e.document_id})
    known = set(context.instance.get_dynamic_partitions(documents_partitions.name))
    new = [k for k in keys if k not in known]
    if not new:
        return dg.SkipReason(f"{len(keys)} files in {settings.inbox}, none new")
    return dg.SensorResult(
        run_requests=[dg.RunRequest(partition_key=k, run_key=k) for k in new],
        dynamic_partitions_requests=[documents_partitions.build_add_request(new)],
    )


@dg.run_status_sensor(run_status=dg.DagsterRunStatus.SUCCESS, monitored_jobs=[extract_documents_job],
                      request_job=warehouse_job, default_status=dg.DefaultSensorStatus.RUNNING)
def rebuild_after_extraction_sensor(context: dg.RunStatusSensorContext):
    """Rebuild marts, checks and the published file after new documents are extracted."""
    return dg.RunRequest(run_key=f"after-{context.dagster_run.run_id}")


warehouse_job_schedule = dg.ScheduleDefinition(
    job=warehouse_job, cron_schedule="0 3 * * *", default_status=dg.DefaultScheduleStatus.RUNNING
)
