"""dbt models as Dagster assets; dbt tests show up as asset checks."""


import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.resources import WarehouseResource, dbt_project


class GongkaiDbtTranslator(DagsterDbtTranslator):
    """Models are keyed by schema and name (marts/dim_document) so the UI groups them by layer."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        node = manifest["nodes"].get(unique_id) or manifest["sources"].get(unique_id) or {}
        if node.get("resource_type") in ("model", "seed"):
            schema = node.get("config", {}).get("schema") or node.get("schema")
            spec = spec.replace_attributes(key=dg.AssetKey([schema, node["name"]]), group_name=schema)
        return spec


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=GongkaiDbtTranslator(),
    pool="duckdb_writer",
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    # dbt reads the target file from the profile; point it at this run's build copy
    os.environ["GONGKAI_DBT_PATH"] = str(warehouse.build_path)
    yield from dbt.cli(["build"], context=context).stream()
