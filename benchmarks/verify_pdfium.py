"""Check the PDF reader's pdfium reading on any PDFs: the blocks must equal those of the pdfplumber reading.

    .venv/bin/python benchmarks/verify_pdfium.py 'benchmarks/out/n100/inbox/*.pdf' '../shared/corpus/pdf/*.pdf'

For each PDF both readings of `read_pdf` (OCR off) are compared block by block (cells, page, line, table and row
indices); the cells that differ are printed, and the pages pdfium left to pdfminer. Exits 1 when any block
differs. tests/unit/test_pdf_objects.py runs the same comparison on the corpus and on generated PDFs.
"""

from __future__ import annotations

import glob
import sys
from pathlib import Path

from ingestion.readers.pdf import read_pdf


def _rows(parsed) -> list[tuple]:
    return [(b.kind, b.cells, b.page, b.line_no, b.source_table, b.row_index) for b in parsed.blocks]


def verify(paths: list[str], show: int = 5) -> int:
    different = 0
    for path in paths:
        data = Path(path).read_bytes()
        reference, fast = _rows(read_pdf(data, ocr=False, pdfium=False)), read_pdf(data, ocr=False)
        left = [w for w in fast.warnings if "pdfminer" in w]
        pairs = [(e, g) for e, g in zip(reference, _rows(fast)) if e != g]
        if pairs or len(reference) != len(fast.blocks):
            different += 1
            print(f"DIFFERENT {path}: {len(pairs)} of {len(reference)} blocks")
            for expected, got in pairs[:show]:
                cells = [i for i, (a, b) in enumerate(zip(expected[1], got[1])) if a != b]
                print(f"  page {expected[2]} line {expected[3]} cells {cells}\n    pdfplumber {expected}\n    pdfium     {got}")
        print(f"{'same' if not pairs else 'diff'} {path}{'; ' + left[0] if left else ''}")
    print(f"{len(paths)} PDFs, {different} read differently")
    return different


if __name__ == "__main__":
    files = sorted({p for pattern in sys.argv[1:] for p in glob.glob(pattern)})
    if not files:
        raise SystemExit("usage: verify_pdfium.py GLOB [GLOB ...]")
    sys.exit(1 if verify(files) else 0)
