"""Everything Dagster shows: the UI (`make ui`) and `gongkai run` load these same definitions.

Build the dbt manifest first (`orchestration.lib.dbt_manifest.ensure_manifest()`, which every `gongkai` command
and `make install` run): the dbt assets are read from it.
"""


import warnings

import dagster as dg

# Operators read run summaries, not framework notices: the beta parameters used here are deliberate.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

from orchestration.defs.automation import warehouse_sensor
from orchestration.defs.ingestion import (
    EXTRACTIONS_KEY,
    RAW_KEYS,
    extract_documents_job,
    extractions,
    inbox_sensor,
    raw_tables,
)
from orchestration.defs.quality import (
    great_expectations_checks,
    no_document_blocked,
    published_warehouse,
    quality_check_results,
    quality_report,
)
from orchestration.defs.resources import build_resources
from orchestration.defs.transform import models_after_quality, models_before_quality

ASSETS = [extractions, raw_tables, models_before_quality, quality_check_results, models_after_quality, quality_report,
          published_warehouse]

# everything after extraction: load, dbt before the rules, the rules, dbt after them, report, publish
WAREHOUSE = dg.AssetSelection.all() - dg.AssetSelection.assets(EXTRACTIONS_KEY)

warehouse_job = dg.define_asset_job("warehouse_job", selection=WAREHOUSE)
warehouse_job_schedule = dg.ScheduleDefinition(
    job=warehouse_job, cron_schedule="0 3 * * *", default_status=dg.DefaultScheduleStatus.RUNNING
)


def build_definitions(warehouse: str | None = None, inbox: str | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=[great_expectations_checks, no_document_blocked],
        jobs=[extract_documents_job, warehouse_job],
        sensors=[inbox_sensor, warehouse_sensor(warehouse_job, EXTRACTIONS_KEY, RAW_KEYS["documents"])],
        schedules=[warehouse_job_schedule],
        resources=build_resources(warehouse, inbox),
        # every step of a run in one process, one after the other, as `gongkai run` executes them: the steps share
        # one DuckDB file that only one process may write, and a process per step would reload the definitions
        executor=dg.in_process_executor,
    )


defs = build_definitions()
