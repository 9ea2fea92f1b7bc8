"""Extract many documents in parallel processes, each writing its records into the store.

Documents are independent, so they spread over processes; each worker writes its own Parquet files
(lib.extracted) and hands back only a short summary, so nothing large crosses between processes and nothing
waits for the single DuckDB writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ingestion.document import extract_document, failed_extraction
from ingestion.records import Extraction
from orchestration.lib.extracted import write_extraction


@dataclass(frozen=True)
class ExtractionJob:
    document_id: str
    stored_path: str | None  # None: staging refused the file (`error` says why)
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


def extract_one(job: ExtractionJob) -> Extraction:
    """Never raises: a refused file, an unreadable one or a parser crash becomes the document's status."""
    if job.error or not job.stored_path:
        return failed_extraction(job.document_id, "unknown", job.error or f"{job.source_name}: no stored file")
    try:
        extraction = extract_document(Path(job.stored_path), display_name=job.source_name)
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


def extract_many(jobs: list[ExtractionJob], store_dir: Path, workers: int) -> Iterator[ExtractionDone]:
    """Yield each job's summary, in job order, once its records are in the store."""
    args = [(job, str(store_dir)) for job in jobs]
    if workers <= 1 or len(jobs) <= 1:
        yield from map(_extract_and_store, args)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_extract_and_store, args, chunksize=1)
