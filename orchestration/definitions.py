"""Everything Dagster shows: the UI (`make ui`) and `gongkai run` load these same definitions."""

from __future__ import annotations

import dagster as dg

from orchestration.assets.dbt import warehouse_models
from orchestration.assets.documents import RAW_TABLE_SPECS, extracted_documents
from orchestration.assets.quality import great_expectations_checks, published_warehouse, quality_check_results
from orchestration.resources import build_resources
from orchestration.sensors import (
    extract_documents_job,
    inbox_sensor,
    rebuild_after_extraction_sensor,
    warehouse_job,
    warehouse_job_schedule,
)

ASSETS = [extracted_documents, *RAW_TABLE_SPECS, warehouse_models, quality_check_results, published_warehouse]
CHECKS = [great_expectations_checks]


def build_definitions(warehouse: str | None = None, inbox: str | None = None) -> dg.Definitions:
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[extract_documents_job, warehouse_job],
        sensors=[inbox_sensor, rebuild_after_extraction_sensor],
        schedules=[warehouse_job_schedule],
        resources=build_resources(warehouse, inbox),
    )


defs = build_definitions()
