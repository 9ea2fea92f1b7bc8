"""Extraction through a Dask cluster with 1 and 2 workers (scaling efficiency), and the loader's rows per second.

    .venv/bin/python benchmarks/cluster.py [--n 48] [--workdir DIR] [--load-documents 2000]

1. generate N documents with the project's generator (PDF, Word, text, as `make bench` mixes them);
2. for 1 and then 2 workers: start `dask scheduler` and `dask worker --nworkers K --nthreads 1` as separate
   processes (a real cluster, as docker-compose.yml starts one), import the parser on every worker (start-up is
   not throughput), then time `extract_many` of all N documents through the cluster into a fresh store;
   scaling efficiency = (throughput with 2) / (2 × throughput with 1);
3. the loader: the extractions replicated under new document ids to --load-documents documents, then
   `load_extracted` into a fresh DuckDB file, timed (rows per second over all raw tables, and the fact rows alone):
   once from one folder per document, once from the batches 2 worker processes compacted first (timed apart), as
   a load of at least GONGKAI_COMPACT_MIN documents runs; then the time to find pending extractions again over
   the loaded store, as the next run does (the listing compared with the stamps the load recorded).
Results go to the console (Markdown) and to <workdir>/cluster_results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from distributed import Client

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
from ingestion import PARSER_VERSION  # noqa: E402
from orchestration.lib import duckdb_io as db  # noqa: E402
from orchestration.lib.batches import remove_batches  # noqa: E402
from orchestration.lib.parallel import PROCESSES, ExtractionJob, compact_many, extract_many  # noqa: E402

BIN = Path(sys.executable).parent
SEED = 20240601


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _generate(workdir: Path, n: int) -> list[Path]:
    inbox, marker = workdir / "inbox", workdir / "corpus.json"
    if not (marker.exists() and json.loads(marker.read_text()) == {"n": n, "seed": SEED}):
        shutil.rmtree(inbox, ignore_errors=True)
        subprocess.run([BIN / "python", "-m", "sample_corpus", "--inbox", inbox, "--expected", workdir / "expected",
                        "--n", str(n), "--seed", str(SEED), "--formats", "pdf,docx,txt", "--scanned", "0", "--budgets", "0"],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        marker.write_text(json.dumps({"n": n, "seed": SEED}))
    return sorted(p for p in inbox.iterdir() if p.is_file())


def _warm(dask_worker=None) -> int:
    import ingestion.document  # noqa: F401  the parser's imports, once per worker process
    import orchestration.lib.parallel  # noqa: F401
    return os.getpid()


@contextmanager
def dask_cluster(workers: int, folder: Path, env: dict[str, str] | None = None) -> Iterator[tuple[str, float]]:
    """A real cluster: `dask scheduler` and `dask worker --nworkers K --nthreads 1` as separate processes (as
    docker-compose.yml starts them), the parser imported on every worker. Yields its address and the seconds until
    all its workers had joined; stops both processes on leaving."""
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    started = time.perf_counter()
    scheduler = subprocess.Popen([BIN / "dask", "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                  "--no-dashboard"], cwd=folder, env=env, stderr=subprocess.DEVNULL)
    worker = subprocess.Popen([BIN / "dask", "worker", address, "--nworkers", str(workers), "--nthreads", "1",
                               "--no-dashboard", "--local-directory", str(folder)], cwd=folder, env=env,
                              stderr=subprocess.DEVNULL)
    try:
        with Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=120)
            joined = time.perf_counter() - started
            client.run(_warm)
        yield address, joined
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(timeout=60)


def _through_cluster(jobs: list[ExtractionJob], workers: int, store: Path, folder: Path) -> dict:
    with dask_cluster(workers, folder) as (address, _):
        shutil.rmtree(store, ignore_errors=True)
        started = time.perf_counter()
        done = list(extract_many(jobs, str(store), workers, cluster=address))
        seconds = time.perf_counter() - started
        # the 1-minute load average at the end: on a shared 2-core machine, other work takes cores from the workers
        load_average = os.getloadavg()[0]
    assert all(d.status in ("loaded", "failed", "needs_ocr") for d in done) and len(done) == len(jobs)
    return {"workers": workers, "seconds": seconds, "documents": len(done), "docs_per_s": len(done) / seconds,
            "load_average": load_average}


def _replicate(store: Path, target: Path, documents: int) -> int:
    """Copies of the extractions under new document ids (the files rewritten, as a worker would write them)."""
    shutil.rmtree(target, ignore_errors=True)
    folders = sorted((store / PARSER_VERSION).glob("*/*"))
    tables = {f: {p.name: pq.read_table(p) for p in f.iterdir()} for f in folders}
    made = 0
    while made < documents:
        for folder in folders:
            if made >= documents:
                break
            new_id = hashlib.sha256(f"{folder.name}-{made}".encode()).hexdigest()
            out = target / PARSER_VERSION / new_id[:2] / new_id
            out.mkdir(parents=True)
            for name, table in tables[folder].items():
                column = table.schema.get_field_index("document_id")
                table = table.set_column(column, "document_id", pa.array([new_id] * table.num_rows, pa.string()))
                buffer = io.BytesIO()
                pq.write_table(table, buffer, compression="zstd")
                (out / name).write_bytes(buffer.getvalue())
            made += 1
    return made


def _load(store: Path, warehouse: Path, compact_workers: int = 0) -> dict:
    """Load every extraction of the store into a fresh DuckDB file: from one folder per document, or (with
    compact_workers) from the batches that many worker processes compacted first (lib.batches), timed apart."""
    warehouse.unlink(missing_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute(db.raw_ddl())
        started = time.perf_counter()
        pending = db.pending_extractions(con, str(store), PARSER_VERSION)
        scanned = time.perf_counter()
        batches = compact_many(pending, store, PARSER_VERSION, "bench", compact_workers, PROCESSES) if compact_workers else []
        compacted = time.perf_counter()
        counts = db.load_extracted(con, pending, {}, batches=batches)
        con.execute("checkpoint")
        loaded = time.perf_counter()
        remove_batches(str(store), batches)
        again = db.pending_extractions(con, str(store), PARSER_VERSION)  # as the next run finds them: nothing new
        found_again = time.perf_counter()
        assert again == [], f"{len(again)} documents pending after the load"
    finally:
        con.close()
    rows = sum(counts.values())
    load_s = loaded - compacted
    return {"documents": len(pending), "rows": rows, "fact_rows": counts["table_facts"], "scan_s": scanned - started,
            "rescan_s": found_again - loaded,
            "batches": len(batches), "compact_s": compacted - scanned, "compact_workers": compact_workers,
            "load_s": load_s, "rows_per_s": rows / load_s, "fact_rows_per_s": counts["table_facts"] / load_s,
            "warehouse_mib": warehouse.stat().st_size / 2**20,
            "store_mib": sum(p.stat().st_size for p in (store / PARSER_VERSION).rglob("*.parquet")) / 2**20}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=48, help="documents extracted through the cluster (default 48)")
    parser.add_argument("--load-documents", type=int, default=2000, help="documents the loader loads (replicated)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "benchmarks" / "out" / "cluster")
    args = parser.parse_args(argv)
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    files = _generate(workdir, args.n)
    jobs = [ExtractionJob(hashlib.sha256(p.read_bytes()).hexdigest(), str(p), p.name) for p in files]
    runs = [_through_cluster(jobs, k, workdir / f"store{k}", workdir) for k in (1, 2)]
    efficiency = runs[1]["docs_per_s"] / (2 * runs[0]["docs_per_s"])
    replicated = _replicate(workdir / "store2", workdir / "store_replicated", args.load_documents)
    by_folder = _load(workdir / "store_replicated", workdir / "load.duckdb")
    load = _load(workdir / "store_replicated", workdir / "load_batches.duckdb", compact_workers=2)
    results = {"n": len(jobs), "runs": runs, "scaling_efficiency": efficiency, "replicated": replicated,
               "load_by_folder": by_folder, "load": load,
               "code": measure.code_version(ROOT), **measure.machine()}
    (workdir / "cluster_results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print("| measure | value | detail |\n|---|---|---|")
    for run in runs:
        print(f"| extraction through the cluster, {run['workers']} worker{'s' if run['workers'] > 1 else ''} | "
              f"{run['docs_per_s']:.2f} docs/s | {run['documents']} documents in {run['seconds']:.1f} s; "
              f"load average {run['load_average']:.1f} |")
    print(f"| scaling efficiency 1 → 2 workers | {efficiency:.2f} | target ≥ 0.85 |")
    print(f"| loader from one folder per document | {by_folder['rows_per_s']:,.0f} rows/s | {by_folder['rows']:,} raw "
          f"rows of {by_folder['documents']:,} documents in {by_folder['load_s']:.2f} s; "
          f"{by_folder['fact_rows_per_s']:,.0f} table facts/s |")
    print(f"| compaction on {load['compact_workers']} worker processes | {load['documents'] / load['compact_s']:,.0f} docs/s | "
          f"{load['documents']:,} documents into {load['batches']} batches in {load['compact_s']:.2f} s |")
    print(f"| loader from the batches (load_extracted) | {load['rows_per_s']:,.0f} rows/s | {load['rows']:,} raw rows "
          f"in {load['load_s']:.2f} s (finding them: {load['scan_s']:.2f} s) |")
    print(f"| finding pending extractions again, none new | {load['rescan_s']:.3f} s | the store's listing against "
          f"the stamps the load recorded, {load['documents']:,} documents (the first time: {load['scan_s']:.2f} s, "
          f"every file read) |")
    print(f"| loader, fact rows | {load['fact_rows_per_s']:,.0f} rows/s | {load['fact_rows']:,} table facts; target ≥ 1,000,000/s |")
    print(f"| sizes | {load['store_mib'] / load['documents'] * 1024:.0f} KiB/doc in the store | "
          f"warehouse raw schema {load['warehouse_mib'] / load['documents'] * 1024:.0f} KiB/doc |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
