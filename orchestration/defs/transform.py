"""dbt models as Dagster assets, in two selections around the quality step, and dbt tests as asset checks.

`models_before_quality`: seeds, staging and intermediate models (everything not downstream of the quality
findings), which the rules read. `models_after_quality`: what depends on the findings (source quality.check_results,
written by the quality asset of the same key): the withheld parts, the ranking of versions and the marts. A plain
`dbt build` runs both in the same order, reading the findings the last run stored.

The fact marts are incremental by document (dbt_project/macros/incremental_by_document.sql): each complete build of
`models_after_quality` is recorded (lib.model_builds), the next rebuilds the documents changed since, and a change to
the models, macros or seeds makes it a full refresh.

dbt runs in a process of its own beside the run's (lib.dbt_process, lib.dbt_build): its result events become the
assets' materializations and the dbt tests' asset checks as each node finishes, as dagster-dbt's streaming of a dbt
subprocess made them.
"""


import json
import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, dbt_assets
from dagster_dbt.asset_utils import (
    DAGSTER_DBT_EXCLUDE_METADATA_KEY,
    DAGSTER_DBT_SELECT_METADATA_KEY,
    DAGSTER_DBT_SELECTOR_METADATA_KEY,
    get_subset_selection_for_context,
)
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from orchestration.defs.resources import WarehouseResource, dbt_project
from orchestration.lib import duckdb_io as db
from orchestration.lib.dbt_build import BuildResult, run_vars
from orchestration.lib.dbt_process import build
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


TRANSLATOR = GongkaiDbtTranslator()
_manifest_json: dict[int, dict[str, Any]] = {}  # the manifest file's mtime -> its contents


def _definitions_manifest() -> dict[str, Any]:
    """The manifest the assets were defined from: dbt's events are matched to assets and checks through it."""
    stamp = dbt_project.manifest_path.stat().st_mtime_ns
    if stamp not in _manifest_json:
        _manifest_json.clear()
        _manifest_json[stamp] = json.loads(dbt_project.manifest_path.read_text())
    return _manifest_json[stamp]


def _build(context: dg.AssetExecutionContext, warehouse: WarehouseResource, full_refresh: bool = False):
    build_vars = run_vars(warehouse.settings)
    manifest = _definitions_manifest()
    # the whole selection of this asset, or the models and checks picked in the UI
    selection, indirect = get_subset_selection_for_context(
        context=context, manifest=manifest, select=context.op.tags.get(DAGSTER_DBT_SELECT_METADATA_KEY),
        exclude=context.op.tags.get(DAGSTER_DBT_EXCLUDE_METADATA_KEY),
        selector=context.op.tags.get(DAGSTER_DBT_SELECTOR_METADATA_KEY), dagster_dbt_translator=TRANSLATOR,
        current_dbt_indirect_selection_env=os.getenv("DBT_INDIRECT_SELECTION"),
    )
    # one dbt thread per core by default (the profile's 2 is for a plain `dbt build`); unit tests check the SQL,
    # not the data: they are the costliest nodes and give the same verdict on every run of the same models, so runs
    # leave them to `dbt build` in development and the test suite (tests/integration/test_dbt_unit.py), as dbt
    # advises for production
    args = ["build", "--threads", str(warehouse.settings.dbt_threads), "--exclude-resource-type", "unit_test",
            *selection, *(["--indirect-selection", indirect] if indirect else []),
            *(["--full-refresh"] if full_refresh else [])]
    context.log.info(f"dbt {' '.join(args)} (in the dbt process)")
    for item in build(args, build_vars, f"{context.op.name}-{context.run_id[:7]}"):
        if isinstance(item, BuildResult):
            if item.retried:
                context.log.warning(f"{len(item.retried)} nodes built again one at a time: the models dbt built at "
                                    f"once ran out of DuckDB's {warehouse.settings.dbt_memory_limit} "
                                    f"({', '.join(item.retried[:10])}{' …' if len(item.retried) > 10 else ''}; "
                                    f"the first attempt's errors: {item.first_target / 'dbt.log'})")
            if not item.success:
                # a build that needs more than DuckDB's bound says which setting raises it
                memory = (f" (DuckDB may use {warehouse.settings.dbt_memory_limit} in a build: raise "
                          "GONGKAI_DBT_MEMORY_LIMIT)" if any("Out of Memory" in f for f in item.failures) else "")
                raise dg.Failure(
                    description=f"dbt build failed ({item.target_path / 'dbt.log'}){memory}: "
                                + "; ".join(item.failures[:10]),
                    metadata={"failed": len(item.failures), "dbt_log": str(item.target_path / "dbt.log")},
                )
            continue
        yield from DbtCoreCliEventMessage(raw_event=item, event_history_metadata={}).to_default_asset_events(
            manifest=manifest, dagster_dbt_translator=TRANSLATOR, context=context, project=dbt_project)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=TRANSLATOR,
            exclude=AFTER_QUALITY, name="models_before_quality", pool="duckdb_writer")
def models_before_quality(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    yield from _build(context, warehouse)


@dbt_assets(manifest=dbt_project.manifest_path, project=dbt_project, dagster_dbt_translator=TRANSLATOR,
            select=AFTER_QUALITY, name="models_after_quality", pool="duckdb_writer")
def models_after_quality(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    build_path = warehouse.settings.build_path
    fingerprint = models_fingerprint()
    full_refresh = needs_full_refresh(build_path, fingerprint)
    started_at = db.now()
    context.log.info("full refresh of the marts: their models changed since the last build" if full_refresh
                     else "incremental build of the marts: the documents changed since the last build")
    yield from _build(context, warehouse, full_refresh)
    # a build of only some marts is not recorded: the next one must still rebuild the others' changed documents
    if not context.is_subset:
        record_build(build_path, started_at, full_refresh, fingerprint)
