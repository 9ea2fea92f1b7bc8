"""The report step at scale: its render time and the size of what it writes, on a warehouse grown to N documents.

    python benchmarks/report_cost.py --source warehouse/gongkai.duckdb --documents 1000 --workdir /tmp/report_cost

Replicates the source warehouse's raw rows (benchmarks/queries.scale_up), builds the models the rules read (dbt),
runs the quality step (Great Expectations, keeping its results for the report), builds the marts (dbt, the
selection after the quality step), then times write_report and measures the run folder. The copies share their
source files, so evidence images of a copy are found already rendered: the script reports images rendered and
reused, and the time one image costs, to tell what distinct documents would cost.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.queries import scale_up  # noqa: E402


def _dbt(args: list[str], warehouse: Path, workdir: Path) -> None:
    dbt = Path(sys.executable).parent / "dbt"
    subprocess.run([str(dbt), *args, "--profiles-dir", str(ROOT / "dbt_project"), "--target-path", str(workdir / "target"),
                    "--log-path", str(workdir / "logs")], cwd=ROOT / "dbt_project", check=True, capture_output=True,
                   env=os.environ | {"GONGKAI_DBT_PATH": str(warehouse)})


def _size(folder: Path) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for path in folder.rglob("*"):
        if path.is_file():
            top = path.relative_to(folder).parts[0]
            sizes[top] = sizes.get(top, 0) + path.stat().st_size
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--source", required=True, type=Path)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/report_cost"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    from orchestration.lib.quality import run_quality
    from orchestration.lib.report import write_report

    args.workdir.mkdir(parents=True, exist_ok=True)
    scaled = args.workdir / "scaled.duckdb"
    documents = scale_up(args.source, scaled, args.documents)
    clock = time.perf_counter()
    _dbt(["build", "--exclude", "source:quality+"], scaled, args.workdir)
    run_dir = args.workdir / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    counts = run_quality(scaled, run_dir / "data_docs", "report-cost", everything=True)
    _dbt(["build", "--select", "source:quality+"], scaled, args.workdir)
    print(f"{documents:,} documents; dbt, quality step and marts in {time.perf_counter() - clock:.0f} s; "
          f"failed findings: error {counts['error']}, warning {counts['warning']}, info {counts['info']}")
    clock = time.perf_counter()
    report = write_report(scaled, run_dir, "report-cost")
    seconds = time.perf_counter() - clock
    sizes = _size(run_dir)
    print(f"write_report: {seconds:.1f} s; quality_report.html {report.stat().st_size / 1e6:.1f} MB")
    for name, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<24} {size / 1e6:8.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
