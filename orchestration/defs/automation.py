"""When the warehouse rebuilds without a person starting it: once the extractions that arrived have landed, in one
run of `warehouse_job` (the job `gongkai run` and the nightly schedule run too), never once per file.

Why a sensor and not per-asset automation conditions: the warehouse is built in a copy and published whole, so a
rebuild is only right when it runs every step, seeds and publishing included. Eager conditions request the subset
of assets whose parents changed; on a fresh warehouse that subset left out the dbt seeds (they have no parents)
and dbt failed, and a subset without `warehouse/published` never reaches analysts.

The sensor keeps no state of its own: it compares the newest extraction with the newest load of the raw tables in
the instance, so it needs no reset after `gongkai run` (which loads what it extracts) or a wiped cursor.
"""


import dagster as dg

# Runs that will still change what the warehouse should hold; the rebuild waits for them.
_UNFINISHED = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
               dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]

# how often both sensors look; a dropped file also waits until it has not changed for ingestion.SETTLE_SECONDS
SENSOR_SECONDS = 10


def latest_materialization(instance: dg.DagsterInstance, key: dg.AssetKey) -> int | None:
    """The event-log position of the asset's newest materialization, any partition."""
    records = instance.fetch_materializations(key, limit=1).records
    return records[0].storage_id if records else None


def warehouse_sensor(job, extractions: dg.AssetKey, loaded: dg.AssetKey) -> dg.SensorDefinition:
    """`loaded`: an asset the job's first step materializes after reading every extraction in the store."""

    @dg.sensor(name="warehouse_sensor", job=job, minimum_interval_seconds=SENSOR_SECONDS,
               default_status=dg.DefaultSensorStatus.RUNNING)
    def _sensor(context: dg.SensorEvaluationContext):
        """Rebuild and publish the warehouse once, after the extraction runs in flight have finished."""
        instance = context.instance
        extracted = latest_materialization(instance, extractions)
        if extracted is None:
            return dg.SkipReason("no document extracted yet")
        last_load = latest_materialization(instance, loaded)
        if last_load is not None and last_load > extracted:
            return dg.SkipReason("the warehouse holds every extraction")
        unfinished = instance.get_run_records(dg.RunsFilter(statuses=_UNFINISHED), limit=20)
        if unfinished:
            names = ", ".join(sorted({r.dagster_run.job_name for r in unfinished}))
            return dg.SkipReason(f"new extractions; waiting for {len(unfinished)} unfinished runs ({names})")
        # one request per newest extraction: a rebuild that failed after its retries is not started again and
        # again (it stays failed in the run list, and the next extraction or the nightly schedule rebuilds)
        return dg.RunRequest(run_key=f"after-extraction-{extracted}")

    return _sensor
