"""Check the PDF reader's fast path: on every page it reads with pdfium, the lines must equal pdfplumber's.

    .venv/bin/python benchmarks/verify_pdfium.py 'benchmarks/out/n100/inbox/*.pdf' '../shared/corpus/pdf/*.pdf'

For each page `plain_text_chars` accepts, the text lines rebuilt from pdfium's characters are compared
with those rebuilt from pdfplumber's, and pdfplumber must see no ruling line, curve or image there.
Exits 1 when any page differs.
"""

from __future__ import annotations

import glob
import sys
import time

import pdfplumber
import pypdfium2

from ingestion.readers.pdf import plain_text_chars, rebuild_lines


def verify(paths: list[str], show: int = 3) -> int:
    same = different = left = 0
    pdfium_seconds = pdfplumber_seconds = 0.0
    for path in paths:
        document = pypdfium2.PdfDocument(path)
        with pdfplumber.open(path) as pdf:
            for index, page in enumerate(pdf.pages):
                started = time.perf_counter()
                fast_page = document[index]
                chars = plain_text_chars(fast_page)
                fast_page.close()
                pdfium_seconds += time.perf_counter() - started
                if chars is None:
                    left += 1
                    continue
                started = time.perf_counter()
                reference = page.chars
                pdfplumber_seconds += time.perf_counter() - started
                drawn = page.rects or page.lines or page.curves or page.images
                expected = [text for _, text in rebuild_lines(reference)]
                found = [text for _, text in rebuild_lines(chars)]
                if expected == found and not drawn:
                    same += 1
                else:
                    different += 1
                    if show:
                        show -= 1
                        print(f"DIFFERENT {path} page {index + 1}{' (has drawings)' if drawn else ''}")
                        for a, b in zip(expected, found):
                            if a != b:
                                print(f"  pdfplumber: {a}\n  pdfium:     {b}")
                page.flush_cache()
        document.close()
    print(f"{len(paths)} PDFs: pages read by pdfium {same + different} (identical {same}, different {different}); "
          f"pages left to pdfplumber {left}. On the pdfium pages pdfplumber took {pdfplumber_seconds:.1f} s, "
          f"pdfium {pdfium_seconds:.1f} s (including the check of every page)")
    return different


if __name__ == "__main__":
    files = sorted({p for pattern in sys.argv[1:] for p in glob.glob(pattern)})
    if not files:
        raise SystemExit("usage: verify_pdfium.py GLOB [GLOB ...]")
    sys.exit(1 if verify(files) else 0)
