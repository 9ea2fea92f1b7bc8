"""OCR pages per second: a generated disclosure printed to PDF, scanned at 200 dpi (tilt, noise, JPEG) into an
image-only PDF, and extracted by the real path (`extract_document`: render, OCR, layout, tables, narrative) on one
process and on `--workers` processes, each process taking its own share of the pages.

    .venv/bin/python benchmarks/ocr_pages.py [--pages 12] [--workers 2] [--workdir /tmp/ocr-pages]

Prints one JSON line; `make bench` (run.py) adds its figures to the results table. On a shared machine the
wall-clock figures vary with the other load; CPU seconds per page vary less.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SEED = 20240601


def make_scans(workdir: Path, pages: int, parts: int) -> list[Path]:
    """`parts` image-only PDFs sharing `pages` scanned pages of one generated disclosure."""
    from sample_corpus import build_disclosure, render
    from sample_corpus.render_scan import SCAN, image_only_pdf, scan

    printed, count = render(build_disclosure(random.Random(f"{SEED}:ocr"), 0, None), "pdf")
    chosen = list(range(min(pages, count or pages)))
    images = scan(printed, 200, SCAN, seed=1, pages=chosen)
    workdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for part in range(parts):
        share = images[part::parts]
        path = workdir / f"scan-{parts}-{part}.pdf"
        path.write_bytes(image_only_pdf(share, 200, SCAN.jpeg_quality))
        paths.append(path)
    return paths


def _extract(path: Path) -> tuple[int, float]:
    from ingestion.document import extract_document

    usage = resource.getrusage(resource.RUSAGE_SELF)
    before = usage.ru_utime + usage.ru_stime
    extraction = extract_document(path)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    pages = len(extraction.ocr_pages.split(",")) if extraction.ocr_pages else 0
    return pages, usage.ru_utime + usage.ru_stime - before


def measure(pages: int = 12, workers: int = 2, workdir: Path = Path("/tmp/ocr-pages")) -> dict:
    results = {"pages": pages, "workers": workers, "dpi": 200}
    for label, parts in (("one", 1), ("many", workers)):
        paths = make_scans(workdir, pages, parts)
        with ProcessPoolExecutor(parts) as pool:
            list(pool.map(_warm, range(parts)))  # model loading is paid once per worker, not per page
            started = time.perf_counter()
            done = list(pool.map(_extract, paths))
            seconds = time.perf_counter() - started
        read = sum(p for p, _ in done)
        results[f"{label}_pages_per_second"] = round(read / seconds, 3) if seconds else None
        results[f"{label}_cpu_seconds_per_page"] = round(sum(c for _, c in done) / read, 2) if read else None
        results[f"{label}_pages_read"] = read
    return results


def _warm(_: int) -> None:
    from ingestion.ocr.engine import models

    models()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/ocr-pages"))
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.pages, args.workers, args.workdir)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
