"""The same extraction tasks on Ray and on Dask, 1 and 2 workers: why gongkai's tasks run on Dask (issue 21).

    pip install ray   # not a dependency of gongkai: only this comparison needs it
    .venv/bin/python benchmarks/ray_compare.py [--n 48] [--rounds 3] [--workdir DIR]

For each engine and K = 1, 2 workers: start a local cluster of K worker processes (Dask: `dask scheduler` and
`dask worker --nworkers K --nthreads 1` as separate processes, exactly as benchmarks/cluster.py; Ray: `ray.init` with
K CPUs, which starts its GCS server, raylet and K workers), time it until it can run a task, import the parser on
every worker, then time the task gongkai runs (`parallel.extract_and_store`: stored file in, Parquet in the store
out) over the N generated documents of benchmarks/cluster.py, with the CPU time all the cluster's processes and
this one spent meanwhile (per document: what a cluster pays for, whatever its size). Also the memory the cluster's
processes hold once warm (the resident set of every process the benchmark started, summed). Engines alternate within
each round (Dask, Ray, then Dask again with its workers' statistical profiler off, which samples the task's thread
every 10 ms under the GIL the task needs; 1 worker, then 2) so that a drift in the machine's speed falls on all; the
table gives the medians of --rounds rounds, and each round's throughput.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import cluster  # noqa: E402  (the corpus and the Dask cluster of benchmarks/cluster.py)
import measure  # noqa: E402
from orchestration.lib.parallel import ExtractionJob, extract_and_store, extract_many  # noqa: E402

# the workers import the project and this folder's modules (the warm-up task is benchmarks/cluster.py's)
PYTHONPATH = os.pathsep.join([str(ROOT), str(Path(__file__).resolve().parent)])


def _resident_mib() -> float:
    """Resident memory of every process this benchmark started (the cluster's), in MiB."""
    total = 0
    for child in psutil.Process().children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:  # a process that ended meanwhile
            pass
    return total / 2**20


def _cpu_seconds() -> dict[int, float]:
    """CPU time (user + system) so far of this process and every process it started, by process id."""
    spent = {}
    for process in [psutil.Process(), *psutil.Process().children(recursive=True)]:
        try:
            times = process.cpu_times()
            spent[process.pid] = times.user + times.system
        except psutil.Error:
            pass
    return spent


def _cpu_since(before: dict[int, float]) -> float:
    after = _cpu_seconds()
    return sum(spent - before.get(pid, 0.0) for pid, spent in after.items())


def _warm_for(seconds: float) -> int:
    time.sleep(seconds)
    return cluster._warm()


def _on_dask(jobs: list[ExtractionJob], workers: int, store: Path, workdir: Path, profiler: bool) -> dict:
    profile = {"DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "True" if profiler else "False"}
    with cluster.dask_cluster(workers, workdir, {"PYTHONPATH": PYTHONPATH, **profile}) as (address, start_s):
        memory = _resident_mib()
        shutil.rmtree(store, ignore_errors=True)
        cpu, began = _cpu_seconds(), time.perf_counter()
        done = list(extract_many(jobs, str(store), workers, cluster=address))
        seconds, cpu_s = time.perf_counter() - began, _cpu_since(cpu)
    engine = "dask" if profiler else "dask, worker profiler off"
    return _result(engine, workers, done, jobs, seconds, start_s, memory, cpu_s)


def _on_ray(jobs: list[ExtractionJob], workers: int, store: Path) -> dict:
    import ray

    started = time.perf_counter()
    ray.init(num_cpus=workers, include_dashboard=False, logging_level="ERROR", log_to_driver=False,
             runtime_env={"env_vars": {"PYTHONPATH": PYTHONPATH}})
    try:
        ray.get(ray.remote(num_cpus=1)(cluster._warm).remote())  # the cluster runs a task: started
        start_s = time.perf_counter() - started
        # the parser imported on every worker: tasks that last long enough to run on all of them at once
        pids = set(ray.get([ray.remote(num_cpus=1)(_warm_for).remote(1.0) for _ in range(workers)]))
        assert len(pids) == workers, f"the warm-up reached {len(pids)} of {workers} Ray workers"
        memory = _resident_mib()
        task = ray.remote(num_cpus=1, max_retries=2)(extract_and_store)
        shutil.rmtree(store, ignore_errors=True)
        cpu, began = _cpu_seconds(), time.perf_counter()
        done = ray.get([task.remote(job, str(store)) for job in jobs])
        seconds, cpu_s = time.perf_counter() - began, _cpu_since(cpu)
    finally:
        ray.shutdown()
    return _result("ray", workers, done, jobs, seconds, start_s, memory, cpu_s)


def _result(engine: str, workers: int, done: list, jobs: list, seconds: float, start_s: float, memory: float,
            cpu_s: float) -> dict:
    assert len(done) == len(jobs) and all(d.status in ("loaded", "failed", "needs_ocr") for d in done)
    return {"engine": engine, "workers": workers, "documents": len(done), "seconds": seconds,
            "docs_per_s": len(done) / seconds, "cpu_s_per_doc": cpu_s / len(done), "start_s": start_s,
            "memory_mib": memory, "load_average": os.getloadavg()[0]}


def _medians(measured: list[dict]) -> list[dict]:
    """One row per engine and worker count: the median of each figure over the rounds."""
    rows: dict[tuple[str, int], list[dict]] = {}
    for run in measured:
        rows.setdefault((run["engine"], run["workers"]), []).append(run)
    return [{"engine": engine, "workers": workers, "rounds": len(runs), "documents": runs[0]["documents"],
             **{k: statistics.median(r[k] for r in runs) for k in runs[0] if isinstance(runs[0][k], float)},
             "docs_per_s_each_round": [round(r["docs_per_s"], 2) for r in runs]}
            for (engine, workers), runs in rows.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=48, help="documents extracted per measurement (default 48)")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of every engine and worker count; medians "
                        "are reported (default 3: this machine's speed drifts by ±15 %% between minutes)")
    parser.add_argument("--workdir", type=Path, default=ROOT / "benchmarks" / "out" / "ray_compare")
    args = parser.parse_args(argv)
    try:
        import ray  # noqa: F401
    except ImportError:
        print("this comparison needs Ray, which gongkai does not depend on: pip install ray", file=sys.stderr)
        return 2
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    files = cluster._generate(workdir, args.n)
    jobs = [ExtractionJob(hashlib.sha256(p.read_bytes()).hexdigest(), str(p), p.name) for p in files]
    measured = []
    for _ in range(args.rounds):
        for workers in (1, 2):
            measured.append(_on_dask(jobs, workers, workdir / f"dask{workers}", workdir, profiler=True))
            measured.append(_on_ray(jobs, workers, workdir / f"ray{workers}"))
            measured.append(_on_dask(jobs, workers, workdir / f"dask{workers}", workdir, profiler=False))
    runs = _medians(measured)
    _assert_same_extractions(workdir)
    by = {(r["engine"], r["workers"]): r for r in runs}
    engines = list(dict.fromkeys(r["engine"] for r in runs))
    efficiency = {e: by[(e, 2)]["docs_per_s"] / (2 * by[(e, 1)]["docs_per_s"]) for e in engines}
    import distributed
    import ray

    results = {"n": len(jobs), "runs": runs, "measured": measured, "scaling_efficiency": efficiency,
               "ray": ray.__version__, "distributed": distributed.__version__, "code": measure.code_version(ROOT),
               **measure.machine()}
    (workdir / "ray_compare.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Ray {ray.__version__} against Dask distributed {distributed.__version__}, {len(jobs)} documents, "
          f"medians of {args.rounds} rounds\n")
    print("| engine | workers | docs/s (each round) | extraction | CPU per document | cluster start | memory once warm "
          "| load average |")
    print("|---|---|---|---|---|---|---|---|")
    for r in runs:
        rounds = ", ".join(f"{x:.2f}" for x in r["docs_per_s_each_round"])
        print(f"| {r['engine']} | {r['workers']} | {r['docs_per_s']:.2f} ({rounds}) | {r['seconds']:.1f} s | "
              f"{r['cpu_s_per_doc']:.2f} s | {r['start_s']:.1f} s | {r['memory_mib']:,.0f} MiB | "
              f"{r['load_average']:.1f} |")
    print("\nscaling efficiency 1 → 2 workers: " + ", ".join(f"{e} {v:.2f}" for e, v in efficiency.items())
          + "; identical extractions from every engine")
    return 0


def _assert_same_extractions(workdir: Path) -> None:
    """Both engines ran the same pure task: their stores must hold the same bytes."""
    for workers in (1, 2):
        stores = [workdir / f"dask{workers}", workdir / f"ray{workers}"]
        files = [sorted(p.relative_to(store) for p in store.rglob("*.parquet")) for store in stores]
        assert files[0] == files[1] and all(
            (stores[0] / f).read_bytes() == (stores[1] / f).read_bytes() for f in files[0]
        ), f"Ray and Dask wrote different extractions with {workers} worker(s)"


if __name__ == "__main__":
    sys.exit(main())
