"""Extract many documents in parallel processes, then hand the results to the single writer."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ingestion.document import extract_document, failed_extraction
from ingestion.records import Extraction


def _extract_one(args: tuple[str, str, str]) -> Extraction:
    document_id, stored_path, source_name = args
    try:
        extraction = extract_document(Path(stored_path), display_name=source_name)
    except Exception as exc:  # a parser bug on one document must not stop the others
        return failed_extraction(document_id, "unknown", f"{source_name}: extraction crashed ({type(exc).__name__}: {exc})")
    extraction.document_id = extraction.document_id or document_id
    return extraction


def extract_many(jobs: list[tuple[str, str, str]], workers: int) -> Iterator[Extraction]:
    """Yield extractions in job order. Documents are independent, so they spread over processes."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield _extract_one(job)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(_extract_one, jobs, chunksize=1)
