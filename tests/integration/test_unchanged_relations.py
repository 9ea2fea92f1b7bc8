"""gongkai's dbt builds keep the views and seeds an earlier build made from the same project (a view is its SQL, a seed
its file), and recreate them all when anything they depend on changes: dbt_project/macros/unchanged_relations.sql."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from orchestration.lib.dbt_build import relations_stamp
from orchestration.settings import DBT_PROJECT_DIR


def _build(warehouse: Path, work: Path, stamp: str | None) -> dict[str, str]:
    """`dbt build` of everything before the quality step; returns each view's and seed's result message."""
    dbt = Path(sys.executable).parent / "dbt"
    build_vars = {"warehouse_path": str(warehouse), "incremental_by_document": True}
    if stamp is not None:
        build_vars["relations_stamp"] = stamp
    result = subprocess.run(
        [str(dbt), "build", "--exclude", "source:quality+", "--exclude-resource-type", "unit_test",
         "--vars", json.dumps(build_vars), "--profiles-dir", str(DBT_PROJECT_DIR),
         "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=DBT_PROJECT_DIR, env=os.environ, capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    manifest = json.loads((work / "target" / "manifest.json").read_text())
    results = json.loads((work / "target" / "run_results.json").read_text())["results"]
    kept = {}
    for node in results:
        config = manifest["nodes"][node["unique_id"]]["config"]
        if config["materialized"] in ("view", "seed"):
            kept[node["unique_id"].split(".")[-1]] = node["message"]
    return kept


def test_a_build_keeps_the_views_and_seeds_it_would_make_again_and_remakes_them_when_the_project_changes(
        pipeline_run, tmp_path):
    # made by `gongkai run`, whose builds stamp every view and seed; under the same name, which names its database
    # in the views' SQL
    warehouse = tmp_path / "copy" / pipeline_run.settings.warehouse.name
    warehouse.parent.mkdir()
    shutil.copyfile(pipeline_run.settings.warehouse, warehouse)

    kept = _build(warehouse, tmp_path / "same", relations_stamp())
    assert {"stg_disclosures__table_facts", "stg_disclosures__documents", "regions",
            "functional_classification"} <= set(kept)
    assert set(kept.values()) == {"unchanged"}, kept

    # a digest that is not this relation's (another view's, another seed's) does not keep it
    with duckdb.connect(str(warehouse)) as con:
        for catalog, kind, name, other in [
                ("duckdb_views()", "view", "stg_disclosures__documents", "stg_disclosures__projects"),
                ("duckdb_tables()", "table", "regions", "figure_catalogue")]:
            schema, digest = con.execute(f"select schema_name, comment from {catalog} where {kind}_name = ?",
                                         [other]).fetchone()
            con.execute(f"comment on {kind} {schema}.{name} is '{digest}'")
    kept = _build(warehouse, tmp_path / "borrowed", relations_stamp())
    assert {name for name, message in kept.items() if message != "unchanged"} == {"stg_disclosures__documents",
                                                                                   "regions"}

    # a view made by other SQL (an older version of it, or a hand edit) is made again
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create or replace view staging.stg_disclosures__documents as "
                    "select * from raw.documents where false")
    kept = _build(warehouse, tmp_path / "edited", relations_stamp())
    assert {name for name, message in kept.items() if message != "unchanged"} == {"stg_disclosures__documents"}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("select count(*) from staging.stg_disclosures__documents").fetchone()[0] > 0

    # another stamp (a model, dbt, DuckDB or the raw schema changed): everything is made again, then kept
    with duckdb.connect(str(warehouse), read_only=True) as con:
        seeded = con.execute("select count(*) from seeds.regions").fetchone()[0]
    kept = _build(warehouse, tmp_path / "changed", "another project")
    assert "unchanged" not in kept.values(), kept
    with duckdb.connect(str(warehouse), read_only=True) as con:  # a seed made again holds its file's rows
        assert con.execute("select count(*) from seeds.regions").fetchone()[0] == seeded > 0
    assert set(_build(warehouse, tmp_path / "again", "another project").values()) == {"unchanged"}

    # a plain `dbt build` (no stamp) builds everything, as dbt's own materializations do, and leaves no digest
    # behind: the seeds it reloaded are loaded again by the next of gongkai's builds, whatever they held before
    assert "unchanged" not in _build(warehouse, tmp_path / "plain", None).values()
    assert "unchanged" not in _build(warehouse, tmp_path / "after plain", "another project").values()
