"""The pdfplumber-alone baseline and extraction throughput on one or two processes."""

from __future__ import annotations

import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pdfplumber


def pdfplumber_alone(path: str) -> int:
    """What pdfplumber alone does for a PDF: the text and the tables of every page. Returns pages."""
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            for table in page.find_tables():
                table.extract()
            page.flush_cache()
        return len(pdf.pages)


@dataclass
class Throughput:
    label: str
    workers: int
    documents: int
    pages: int
    seconds: float
    pdf_seconds: float | None = None  # one worker: the time spent on the PDFs alone

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def _map(function, items: list, workers: int) -> list:
    if workers <= 1:
        return [function(item) for item in items]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items, chunksize=1))


def baseline(pdfs: list[Path], workers: int) -> Throughput:
    started = time.perf_counter()
    pages = sum(_map(pdfplumber_alone, [str(p) for p in pdfs], workers))
    return Throughput("pdfplumber alone (text + tables)", workers, len(pdfs), pages, time.perf_counter() - started)


def _check(results: list) -> None:
    failed = [r.error for r in results if r.status != "loaded"]
    if failed:
        raise RuntimeError(f"extraction failed in the benchmark sample: {failed[:3]}")


def _jobs(files: list[Path]):
    from orchestration.lib.parallel import ExtractionJob

    return [ExtractionJob(f"{index:064d}", str(path), path.name) for index, path in enumerate(files)]


def extraction(files: list[Path], pages: int, workers: int) -> Throughput:
    """gongkai's extraction (read, tables, narrative, performance) as the pipeline runs it: each document a task on
    a pool of worker processes, its records written as Parquet into an extraction store."""
    from orchestration.lib.parallel import PROCESSES, extract_many

    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as store:
        started = time.perf_counter()
        results = list(extract_many(_jobs(files), store, workers, cluster=PROCESSES))
        seconds = time.perf_counter() - started
    _check(results)
    return Throughput("gongkai extraction", workers, len(files), pages, seconds)


def one_process(files: list[Path], pages: int) -> tuple[Throughput, Throughput]:
    """gongkai's extraction and pdfplumber alone on one process, document by document in turn.

    Alternating the two (and which goes first) exposes both to the same moments of a noisy machine,
    so their ratio holds even when the absolute speeds wander. Returns (gongkai, pdfplumber alone);
    gongkai's `pdf_seconds` is its time on the PDFs, the documents pdfplumber also reads.
    """
    from orchestration.lib.parallel import extract_one

    ours = theirs = pdf_seconds = 0.0
    jobs = _jobs(files)
    results = []
    pdfs = 0
    for index, path in enumerate(files):
        steps = [("ours", path), ("theirs", path)] if path.suffix == ".pdf" else [("ours", path)]
        for who, item in steps if index % 2 == 0 else reversed(steps):
            clock = time.perf_counter()
            if who == "ours":
                results.append(extract_one(jobs[index]))
                seconds = time.perf_counter() - clock
                ours += seconds
                pdf_seconds += seconds if item.suffix == ".pdf" else 0.0
            else:
                pdfplumber_alone(str(item))
                theirs += time.perf_counter() - clock
        pdfs += path.suffix == ".pdf"
    _check(results)
    return (Throughput("gongkai extraction", 1, len(files), pages, ours, pdf_seconds),
            Throughput("pdfplumber alone (text + tables)", 1, pdfs, pages, theirs))
