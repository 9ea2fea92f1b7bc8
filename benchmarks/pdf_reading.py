"""PDF reading on the same pages three ways: the reader on pdfium's page objects, the reader on pdfplumber's, and
pdfplumber alone (extract_text + find_tables + extract of every page, baseline.pdfplumber_alone).

    .venv/bin/python benchmarks/pdf_reading.py                     # the shared corpus: ../shared/corpus/{pdf,budget}
    .venv/bin/python benchmarks/pdf_reading.py --generated 8       # and 8 generated PDFs of varied layouts
    .venv/bin/python benchmarks/pdf_reading.py 'some/*.pdf' --rounds 5

One process. In every round each document is read the three ways one after another, the order rotating, so the
moments of a loaded machine fall on all three alike; a document counts with its best time of the rounds. OCR is
off: a page without a text layer is OCR'd alike on both reader paths and is not what is measured here. Prints a
Markdown table (seconds, pages per second, ratios) for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import glob
import sys
import tempfile
import time
from pathlib import Path

import pypdfium2

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import baseline as bl  # noqa: E402
from ingestion.readers.pdf import read_pdf  # noqa: E402
from ingestion.readers.pdf_objects import read_page  # noqa: E402

CORPUS = ["../shared/corpus/pdf/*.pdf", "../shared/corpus/budget/*.pdf"]


def _page_objects(data: bytes) -> None:
    """The floor: pdfium's page objects of every page, without table finding or lines."""
    document = pypdfium2.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            read_page(page, index + 1)
            page.close()
    finally:
        document.close()


def measure(paths: list[Path], rounds: int, only: tuple[str, ...] = ()) -> dict[str, float]:
    """Seconds per way of reading (each document's best round, summed); `only`: those ways alone."""
    ways = {
        "pdfplumber alone": lambda path, data: bl.pdfplumber_alone(str(path)),
        "reader, pdfplumber objects (before)": lambda path, data: read_pdf(data, ocr=False, pdfium=False),
        "reader, pdfium objects": lambda path, data: read_pdf(data, ocr=False),
        "pdfium page objects alone": lambda path, data: _page_objects(data),
    }
    best: dict[tuple[str, Path], float] = {}
    names = [name for name in ways if not only or name in only]
    for round_no in range(rounds):
        for doc_no, path in enumerate(paths):
            data = path.read_bytes()
            shift = (round_no + doc_no) % len(names)
            for name in names[shift:] + names[:shift]:
                started = time.perf_counter()
                ways[name](path, data)
                seconds = time.perf_counter() - started
                best[name, path] = min(seconds, best.get((name, path), seconds))
    return {name: sum(best[name, path] for path in paths) for name in names}


def _generated(n: int, folder: Path) -> list[Path]:
    from sample_corpus import generate_corpus

    generate_corpus(folder / "inbox", folder / "expected", n=n, formats=("pdf",), layouts="varied")
    return sorted((folder / "inbox").glob("*.pdf"))


def report(label: str, paths: list[Path], rounds: int) -> str:
    pages = 0
    for path in paths:
        document = pypdfium2.PdfDocument(str(path))
        pages += len(document)
        document.close()
    seconds = measure(paths, rounds)
    alone = seconds["pdfplumber alone"]
    lines = [f"{label}: {len(paths)} PDFs, {pages} pages, best of {rounds} rounds, 1 process", "",
             "| reading | seconds | pages/s | pdfplumber alone ÷ this |", "|---|---:|---:|---:|"]
    for name, value in seconds.items():
        lines.append(f"| {name} | {value:.2f} | {pages / value:.0f} | {alone / value:.2f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("globs", nargs="*", help=f"PDFs to read (default: {' '.join(CORPUS)})")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--generated", type=int, default=0, help="also this many generated PDFs (varied layouts)")
    args = parser.parse_args(argv)
    paths = sorted({Path(p) for pattern in (args.globs or CORPUS) for p in glob.glob(pattern)})
    tables = []
    if paths:
        tables.append(report("corpus" if not args.globs else "given PDFs", paths, args.rounds))
    elif not args.generated:
        raise SystemExit(f"no PDFs match {args.globs or CORPUS}")
    if args.generated:
        with tempfile.TemporaryDirectory() as folder:
            tables.append(report("generated (varied layouts)", _generated(args.generated, Path(folder)), args.rounds))
    print("\n\n".join(tables))
    return 0


if __name__ == "__main__":
    sys.exit(main())
