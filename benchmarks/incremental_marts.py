"""The marts' dbt build after the quality step, full refresh against incremental, as the warehouse grows.

    python benchmarks/incremental_marts.py --source warehouse/gongkai.duckdb --documents 1000 10000 --workdir /tmp/inc_marts

For each size, the source warehouse's raw rows are replicated up to that many documents (benchmarks/queries.scale_up)
and the models before the quality step are built (timed). The selection after it (`source:quality+`: withholding, ranking,
dim_document, the eight incremental fact marts and their tests) is then built four ways, as runs build it:
a full refresh; an incremental build with nothing changed; an incremental build after one document is reloaded;
a full refresh again. Prints the wall time of the dbt process, dbt's own elapsed time, and the thread time of the
fact marts and of the tests (dbt's run_results).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from benchmarks.queries import scale_up  # noqa: E402
from orchestration.lib import duckdb_io as db  # noqa: E402
from orchestration.lib.dbt_manifest import dbt_executable  # noqa: E402
from orchestration.lib.model_builds import record_build  # noqa: E402
from orchestration.settings import DBT_PROJECT_DIR  # noqa: E402


def _build(warehouse: Path, work: Path, *selection: str) -> str:
    started = time.perf_counter()
    result = subprocess.run(
        # the var gongkai's builds pass: without it a build rebuilds every document
        [dbt_executable(), "build", *selection, "--vars", json.dumps({"incremental_by_document": True}),
         "--exclude-resource-type", "unit_test", "--threads", "2",
         "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", str(work / "target"), "--log-path", str(work / "logs")],
        cwd=DBT_PROJECT_DIR, env=os.environ | {"GONGKAI_DBT_PATH": str(warehouse)}, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"dbt build failed on {warehouse}:\n{result.stdout[-3000:]}")
    wall = time.perf_counter() - started
    results = json.loads((work / "target" / "run_results.json").read_text())
    marts = sum(r["execution_time"] for r in results["results"] if r["unique_id"].startswith("model.gongkai.fct_"))
    tests = sum(r["execution_time"] for r in results["results"] if r["unique_id"].startswith("test."))
    return (f"{wall:5.1f} s wall, dbt {results['elapsed_time']:4.1f} s; thread time: fact marts {marts:4.1f} s, "
            f"tests {tests:4.1f} s")


def measure(source: Path, documents: int, work: Path) -> None:
    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / f"n{documents}.duckdb"
    if not warehouse.exists():
        scale_up(source, warehouse, documents)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(db.raw_ddl())
        loaded = con.execute("select count(*) from raw.documents").fetchone()[0]
    print(f"{loaded:,} documents")
    print("  before the quality step, full      ", _build(warehouse, work, "--exclude", "source:quality+"))
    after = ("--select", "source:quality+")
    started = db.now()
    print("  full refresh                      ", _build(warehouse, work, *after, "--full-refresh"))
    record_build(warehouse, started, True)  # what models_after_quality records after a complete build
    started = db.now()
    print("  incremental, nothing changed      ", _build(warehouse, work, *after))
    record_build(warehouse, started, False)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("update raw.documents set extracted_at = now()::timestamp + interval 1 minute where document_id = "
                    "(select min(document_id) from raw.documents where status = 'loaded')")
    print("  incremental, one document reloaded", _build(warehouse, work, *after))
    print("  full refresh again                ", _build(warehouse, work, *after, "--full-refresh"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True, type=Path, help="a loaded warehouse (make demo's)")
    parser.add_argument("--documents", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/inc_marts"))
    args = parser.parse_args()
    for documents in args.documents:
        measure(args.source, documents, args.workdir)


if __name__ == "__main__":
    main()
