"""dbt models as Dagster assets, in two selections around the quality step, and dbt tests as asset checks.

`models_before_quality`: seeds, staging and intermediate models (everything not downstream of the quality
findings), which the rules read. `models_after_quality`: what depends on the findings (source quality.check_results,
written by the quality asset of the same key): the withheld parts, the ranking of versions and the marts. A plain
`dbt build` runs both in the same order, reading the findings the last run stored.

The fact marts are incremental by document (dbt_project/macros/incremental_by_document.sql): each complete build of
`models_after_quality` is recorded (lib.model_builds), the next rebuilds the documents changed since, and a change to
the models, macros or seeds makes it a full refresh.
"""


import json
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.resources import WarehouseResource, dbt_project
from orchestration.lib import duckdb_io as db
from orchestration.lib.dbt_manifest import parse_for
from orchestration.lib.fingerprints import models_fingerprint
from orchestration.lib.model_builds import needs_full_refresh, record_build

AFTER_QUALITY = "source:quality+"


class GongkaiDbtTranslator(DagsterDbtTranslator):
    """Models are keyed by schema and name (marts/dim_document) so the UI groups them by layer."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id) or manifest["sources"].get(unique_id) or {}
        if node.get("resource_type") in ("model", "seed"):
            schema = node.get("config", {}).get("schema") or node.get("schema")
            spec = spec.replace_attributes(key=dg.AssetKey([schema, node["name"]]), group_name=schema)
        return spec


def _build(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource,
           full_refresh: bool = False):
    # the run's build copy of the warehouse, not the published file (profiles.yml reads the var); the fact marts
    # rebuild only the documents changed since the last recorded build (a plain `dbt build` rebuilds them all)
    build_vars = json.dumps({"warehouse_path": str(warehouse.settings.build_path), "incremental_by_document": True})
    # one dbt thread per core by default (the profile's 2 is for a plain `dbt build`)
    threads = str(warehouse.settings.dbt_threads)
    parse_for(build_vars)  # the builds then parse partially, not the whole project each (lib.dbt_manifest)
    # unit tests check the SQL, not the data: they are the costliest nodes of a run and give the same verdict on
    # every run of the same models, so runs leave them to `dbt build` in development and the test suite
    # (tests/integration/test_dbt_unit.py), as dbt advises for production
    args = ["build", "--vars", build_vars, "--threads", threads, "--exclude-resource-type", "unit_test"]
    yield from dbt.cli(args + (["--full-refresh"] if full_refresh else []), context=context).stream()


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=GongkaiDbtTranslator(),
            exclude=AFTER_QUALITY, name="models_before_quality", pool="duckdb_writer")
def models_before_quality(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    yield from _build(context, dbt, warehouse)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=GongkaiDbtTranslator(),
            select=AFTER_QUALITY, name="models_after_quality", pool="duckdb_writer")
def models_after_quality(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    build_path = warehouse.settings.build_path
    fingerprint = models_fingerprint()
    full_refresh = needs_full_refresh(build_path, fingerprint)
    started_at = db.now()
    context.log.info("full refresh of the marts: their models changed since the last build" if full_refresh
                     else "incremental build of the marts: the documents changed since the last build")
    yield from _build(context, dbt, warehouse, full_refresh)
    # a build of only some marts is not recorded: the next one must still rebuild the others' changed documents
    if not context.is_subset:
        record_build(build_path, started_at, full_refresh, fingerprint)
