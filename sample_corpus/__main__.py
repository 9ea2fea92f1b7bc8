"""python -m sample_corpus --inbox DIR --expected DIR [--n N] [--seed S] [--formats pdf,docx,txt,xlsx] [--layouts varied|classic]
[--scanned N] [--budgets N]"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sample_corpus import FORMATS, LAYOUTS, generate_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sample_corpus", description="Write invented 部门决算 disclosures (and 部门预算 beside them) and their expected figures.")
    parser.add_argument("--inbox", type=Path, required=True, help="folder for the documents")
    parser.add_argument("--expected", type=Path, required=True, help="folder for the expected-figures JSON files")
    parser.add_argument("--n", type=int, default=6, help="number of documents (default 6)")
    parser.add_argument("--seed", type=int, default=20240601, help="seed; equal seeds give identical files")
    parser.add_argument("--formats", default="pdf,docx,txt", help=f"comma-separated subset of {','.join(FORMATS)}")
    parser.add_argument("--layouts", choices=LAYOUTS, default="varied",
                        help="varied: each document draws its layout (default); classic: the one layout of earlier versions")
    parser.add_argument("--scanned", type=int, default=0,
                        help="documents more, printed to PDF and scanned to image-only PDFs that only OCR reads (default 0; make demo asks for 1)")
    parser.add_argument("--budgets", type=int, default=None,
                        help="how many of the departments also get the 部门预算 of the same name and year (default: every one)")
    args = parser.parse_args(argv)

    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    started = time.perf_counter()
    try:
        documents = generate_corpus(args.inbox, args.expected, n=args.n, seed=args.seed, formats=formats, layouts=args.layouts,
                                     scanned=args.scanned, budgets=args.n if args.budgets is None else args.budgets)
    except ValueError as exc:
        parser.error(str(exc))
    for doc in documents:
        pages = f"{doc.page_count} pages" if doc.page_count else ""
        print(f"{doc.format:5} {doc.path.name} {pages}")
    print(f"{len(documents)} documents in {time.perf_counter() - started:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
