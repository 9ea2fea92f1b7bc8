"""Extract many documents in parallel, each task writing its records into the store.

Documents are independent, so they spread over workers; each task reads its stored file, writes its own Parquet
files (lib.extracted) and hands back only a short summary, so nothing large crosses between processes and nothing
waits for the single DuckDB writer. Where the tasks run (`cluster`, settings.cluster):

- one worker, or one document: in this process;
- `None` (the default) with more workers: an embedded Dask LocalCluster of that many worker processes;
- `tcp://scheduler:8786`: that Dask cluster (its workers must reach the stored files and the extraction store:
  a shared volume or an fsspec URL such as s3://);
- `processes`: a plain process pool, without Dask.

Before a large load the same workers compact the pending extractions into batches (lib.batches), so the single
DuckDB writer reads a few large files instead of thousands of small ones.

Dask rather than Ray: its wheels are pure Python, a LocalCluster starts in seconds on two cores, and a worker that
dies has its task run again elsewhere; tasks are pure (same input, same bytes), so a retry is harmless.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import fsspec

from ingestion.document import extract_document, failed_extraction
from ingestion.records import Extraction
from orchestration.lib.batches import split, write_batch
from orchestration.lib.extracted import write_extraction

PROCESSES = "processes"


@dataclass(frozen=True)
class ExtractionJob:
    document_id: str
    stored_path: str | None  # a path or fsspec URL; None: staging refused the file (`error` says why)
    source_name: str  # the name errors mention: the file as it arrived
    error: str | None = None


@dataclass(frozen=True)
class ExtractionDone:
    document_id: str
    source_name: str
    status: str  # loaded, failed, needs_ocr
    error: str | None
    facts: int
    narrative: int
    projects: int
    department_name: str | None = None
    fiscal_year: int | None = None
    doc_kind: str | None = None


@contextmanager
def _readable(stored: str) -> Iterator[Path]:
    """A local path to the stored file: itself, or a temporary copy of a file held at an fsspec URL."""
    if "://" not in stored or stored.startswith("file://"):
        yield Path(stored.removeprefix("file://"))
        return
    with tempfile.TemporaryDirectory(prefix="gongkai-") as folder:
        local = Path(folder) / PurePosixPath(stored).name  # the name keeps its extension: readers sniff by it too
        with fsspec.open(stored, "rb") as source:
            local.write_bytes(source.read())
        yield local


def extract_one(job: ExtractionJob) -> Extraction:
    """Never raises: a refused file, an unreadable one or a parser crash becomes the document's status."""
    if job.error or not job.stored_path:
        return failed_extraction(job.document_id, "unknown", job.error or f"{job.source_name}: no stored file")
    try:
        with _readable(job.stored_path) as path:
            extraction = extract_document(path, display_name=job.source_name)
    except Exception as exc:  # a parser bug on one document must not stop the others
        return failed_extraction(job.document_id, "unknown",
                                 f"{job.source_name}: extraction crashed ({type(exc).__name__}: {exc})")
    extraction.document_id = extraction.document_id or job.document_id
    return extraction


def extract_and_store(job: ExtractionJob, extracted_root: str) -> ExtractionDone:
    """The task: stored file in, Parquet in the store out, a summary back."""
    extraction = extract_one(job)
    extraction.document_id = job.document_id  # the partition key, even when the file could not be read
    write_extraction(extracted_root, extraction)
    return ExtractionDone(job.document_id, job.source_name, extraction.status, extraction.error,
                          len(extraction.facts), len(extraction.narrative), len(extraction.projects),
                          extraction.department_name, extraction.fiscal_year, extraction.doc_kind)


def _extract_and_store(args: tuple[ExtractionJob, str]) -> ExtractionDone:
    return extract_and_store(*args)


def _write_batch(args: tuple[str, str, str, list[tuple[str, str]]]) -> str:
    return write_batch(*args)


def extract_many(jobs: list[ExtractionJob], extracted_root: str | Path, workers: int,
                 cluster: str | None = None) -> Iterator[ExtractionDone]:
    """Yield each job's summary, in job order, once its records are in the store."""
    root = str(extracted_root)
    # a task per document, keyed by it: two runs asking for the same document share one task
    yield from _run_tasks(_extract_and_store, [(job, root) for job in jobs],
                          [f"extract-{job.document_id}-{root}" for job in jobs], workers, cluster)


def compact_many(folders: list[tuple[str, str]], extracted_root: str | Path, parser_version: str, namespace: str,
                 workers: int, cluster: str | None = None) -> list[str]:
    """The pending documents' extractions merged into batches by the workers (lib.batches); their folders."""
    root = str(extracted_root)
    batches = split(folders, workers)
    # a key of its own per call: a batch's content depends on the digests the task reads, not on its members' ids
    keys = [f"compact-{uuid.uuid4().hex}" for _ in batches]
    return list(_run_tasks(_write_batch, [(root, parser_version, namespace, b) for b in batches], keys, workers, cluster))


def _in_this_process(tasks: int, workers: int, cluster: str | None) -> bool:
    # a Dask cluster named by address gets every task; otherwise one task or one worker is not worth a pool
    return not (cluster and cluster != PROCESSES) and (workers <= 1 or tasks <= 1)


def where_tasks_run(tasks: int, workers: int, cluster: str | None) -> str:
    """Where `tasks` tasks run (as _run_tasks runs them), in the words an operator reads in the run's log."""
    if _in_this_process(tasks, workers, cluster):
        return "this process"
    if cluster == PROCESSES:
        return f"a pool of {workers} processes"
    if cluster:
        return f"the Dask cluster at {cluster}"
    return f"an embedded Dask cluster of {min(workers, tasks)} workers"


def _run_tasks(task, arguments: list, keys: list[str], workers: int, cluster: str | None) -> Iterator:
    """task(argument) for each argument, where settings.cluster says, results in order."""
    if not arguments:
        return
    if _in_this_process(len(arguments), workers, cluster):
        yield from map(task, arguments)
    elif cluster == PROCESSES:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(task, arguments, chunksize=1)
    elif cluster:
        yield from _on_dask(task, arguments, keys, address=cluster)
    else:
        yield from _on_dask(task, arguments, keys, workers=min(workers, len(arguments)))


def _on_dask(task, arguments: list, keys: list[str], address: str | None = None, workers: int = 0) -> Iterator:
    from distributed import Client, LocalCluster  # imported only where Dask runs the tasks

    # one single-threaded worker process per core asked for: the parser holds the GIL, threads would not help
    cluster = None if address else LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                dashboard_address=":0")  # any free port: runs may overlap
    client = Client(address or cluster)
    try:
        futures = client.map(task, arguments, retries=1, key=keys)
        for future in futures:
            yield future.result()
            future.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
