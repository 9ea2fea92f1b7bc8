"""The quality step through Great Expectations against the same verdicts in plain polars, as the warehouse grows.

    python benchmarks/quality_cost.py --source warehouse/gongkai.duckdb --documents 1000 --workdir /tmp/quality_cost

Replicates the source warehouse's raw rows up to `--documents` documents (benchmarks/queries.scale_up), builds the
models the rules read (dbt, the selection before the quality step), then runs the whole quality step (read the
inputs, prepare the check frames, verdicts, store the findings) three ways in fresh processes: Great Expectations
keeping its results for Data Docs (what runs do; the report step renders them, timed apart), Great Expectations
alone, and plain polars verdicts. Prints seconds, peak
memory (of the process tree: Great Expectations validates in a process of its own) and failed findings per way, and the ratio the issue's target is stated in (≤ 1.5× the polars verdicts).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import measure  # noqa: E402
from benchmarks.queries import scale_up  # noqa: E402

STEP = """
import json, sys, time
from pathlib import Path
from orchestration.lib.quality import run_quality
from expectations.verdicts import polars_verdicts
warehouse, way, docs = sys.argv[1], sys.argv[2], sys.argv[3]
started = time.perf_counter()
counts = run_quality(Path(warehouse), Path(docs) if way == "gx+docs" else None, way,
                     verdicts=polars_verdicts if way == "polars" else None, everything=True)
seconds = time.perf_counter() - started
rendering = 0.0
if way == "gx+docs":  # the report step renders the Data Docs of the results the checkpoint kept
    from orchestration.lib.gx_process import build_data_docs
    clock = time.perf_counter()
    build_data_docs(Path(docs))
    rendering = time.perf_counter() - clock
print(json.dumps({"seconds": seconds, "docs_seconds": rendering, **counts}))
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True, type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/quality_cost"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    scaled = args.workdir / "scaled.duckdb"
    documents = scale_up(args.source, scaled, args.documents)
    dbt = Path(sys.executable).parent / "dbt"
    clock = time.perf_counter()
    subprocess.run([str(dbt), "build", "--exclude", "source:quality+", "--profiles-dir", str(ROOT / "dbt_project"),
                    "--target-path", str(args.workdir / "target"), "--log-path", str(args.workdir / "logs")],
                   cwd=ROOT / "dbt_project", env=os.environ | {"GONGKAI_DBT_PATH": str(scaled)}, check=True,
                   capture_output=True)
    print(f"{documents:,} documents; models before the quality step built in {time.perf_counter() - clock:.1f} s")
    results = {}
    for way in ("polars", "gx", "gx+docs", "polars"):
        docs = args.workdir / "data_docs"
        shutil.rmtree(docs, ignore_errors=True)
        out = measure.run_measured([sys.executable, "-c", STEP, str(scaled), way, str(docs)], cwd=ROOT)
        assert out.returncode == 0, out.stdout[-3000:]
        results[way] = {**json.loads(out.stdout.strip().splitlines()[-1]), "peak_mib": out.peak() / 2**20}
        r = results[way]
        print(f"{way:8} {r['seconds']:7.1f} s (+ Data Docs {r['docs_seconds']:.1f} s)  peak {r['peak_mib']:7.0f} MiB  checks {r['checks']:,}  "
              f"failed error {r['error']} warning {r['warning']}  could not check {r['could_not_check']}")
    base = results["polars"]["seconds"]
    print(f"quality step through Great Expectations / with plain polars verdicts: {results['gx']['seconds'] / base:.2f}×, "
          f"{results['gx+docs']['seconds'] / base:.2f}× keeping the results for Data Docs (target ≤ 1.5×); "
          f"rendering the Data Docs in the report step: {results['gx+docs']['docs_seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
