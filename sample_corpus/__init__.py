"""The project's own sample corpus: invented 部门决算 disclosures (and 部门预算 beside them) with known figures.

generate_corpus() writes documents into an inbox folder and, beside them in a separate
folder, one JSON file of expected figures per document, so tests can assert what the
extractors find. The same seed always gives the same files, byte for byte.

Each document draws its layout (labels, units, code columns, text conversions …, see layout.py)
from its own seeded stream, so the layout never changes its figures; layouts="classic" prints
every document the way the generator did before layouts varied.

`scanned` documents more are printed to PDF, then scanned (render_scan: 200 dpi, a small tilt, noise, JPEG) and
written as image-only PDFs, so the pipeline meets a document only OCR can read; their expected figures are those
of the printed document.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from sample_corpus.blocks import Block
from sample_corpus.document import outline
from sample_corpus.expected import expected_figures
from sample_corpus.layout import Layout, draw_layout
from sample_corpus.model import Disclosure, build_disclosure

__all__ = ["FORMATS", "LAYOUTS", "GeneratedDocument", "build_disclosure", "format_schedule", "generate_corpus", "render",
           "render_blocks"]

LAYOUTS = ("varied", "classic")

FORMATS = ("pdf", "docx", "txt", "xlsx")

# Share of each format in a large corpus: real inboxes are mostly PDF.
FORMAT_WEIGHTS = {"pdf": 14, "docx": 3, "txt": 3, "xlsx": 2}


@dataclass(frozen=True)
class GeneratedDocument:
    path: Path
    expected_path: Path
    format: str
    department_name: str
    fiscal_year: int
    page_count: int | None


def format_schedule(n: int, formats: Sequence[str]) -> list[str]:
    """Which format each document gets: a plain cycle for small corpora, weighted for large ones."""
    formats = list(formats)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown formats {unknown}; choose from {FORMATS}")
    if n < 10 or len(formats) == 1:
        return [formats[i % len(formats)] for i in range(n)]
    # smooth weighted round-robin: interleaves formats in proportion to their weights
    weights = {f: FORMAT_WEIGHTS[f] for f in formats}
    total = sum(weights.values())
    credit = {f: 0 for f in formats}
    schedule = []
    for _ in range(n):
        for f in formats:
            credit[f] += weights[f]
        pick = max(formats, key=lambda f: credit[f])
        credit[pick] -= total
        schedule.append(pick)
    return schedule


def render(disclosure: Disclosure, file_format: str) -> tuple[bytes, int | None]:
    """The document's bytes in one format, and its page count where the format has pages."""
    title = f"{disclosure.department_name}{disclosure.fiscal_year}年度部门决算"
    style = disclosure.style
    return render_blocks(outline(disclosure), file_format, disclosure.layout, title, style.font_size, style.long_form)


def render_blocks(
    blocks: list[Block],
    file_format: str,
    layout: Layout | None = None,
    title: str = "",
    font_size: float = 10.0,
    roomy: bool = False,
) -> tuple[bytes, int | None]:
    """Any outline (a whole document, or one table or section alone) in one format, and its page count."""
    if file_format == "pdf":
        from sample_corpus.render_pdf import render_pdf

        return render_pdf(blocks, font_size, title, roomy=roomy)
    if file_format == "docx":
        from sample_corpus.render_docx import render_docx

        return render_docx(blocks, title), None
    if file_format == "xlsx":
        from sample_corpus.render_xlsx import render_xlsx

        return render_xlsx(blocks, title), None
    if file_format == "txt":
        from sample_corpus.render_text import render_text

        return render_text(blocks, layout).encode("utf-8"), None
    raise ValueError(f"unknown format {file_format!r}")


def generate_corpus(
    inbox_dir: Path,
    expected_dir: Path,
    n: int = 6,
    seed: int = 20240601,
    formats: Sequence[str] = ("pdf", "docx", "txt"),
    layouts: str = "varied",
    scanned: int = 0,
    budgets: int = 0,
) -> list[GeneratedDocument]:
    """n 决算 (and `scanned` scanned ones more); the first `budgets` of the n departments also get the 部门预算 of the
    same name and year (budget.py), in the format of their 决算, written after all 决算."""
    if layouts not in LAYOUTS:
        raise ValueError(f"unknown layouts {layouts!r}; choose from {LAYOUTS}")
    inbox_dir, expected_dir = Path(inbox_dir), Path(expected_dir)
    inbox_dir.mkdir(parents=True, exist_ok=True)
    expected_dir.mkdir(parents=True, exist_ok=True)
    generated, disclosures = [], []
    for index, file_format in enumerate(format_schedule(n, formats)):
        # a string seed hashes the same in every process (unlike hash() of a tuple)
        layout = draw_layout(random.Random(f"{seed}:{index}:layout")) if layouts == "varied" else None
        disclosure = build_disclosure(random.Random(f"{seed}:{index}"), index, layout)
        data, pages = render(disclosure, file_format)
        name = f"{index + 1:03d}_{disclosure.department_name}{disclosure.fiscal_year}年度部门决算.{file_format}"
        path = inbox_dir / name
        path.write_bytes(data)
        expected_path = expected_dir / f"{name}.json"
        figures = expected_figures(disclosure, name, file_format, pages)
        expected_path.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        generated.append(GeneratedDocument(path, expected_path, file_format, disclosure.department_name, disclosure.fiscal_year, pages))
        if index < budgets:
            disclosures.append((index, file_format, disclosure))
    for index in range(n, n + scanned):
        generated.append(_scanned_document(inbox_dir, expected_dir, index, seed, layouts))
    from sample_corpus.budget import write_budget

    for index, file_format, disclosure in disclosures:
        generated.append(write_budget(inbox_dir, expected_dir, index, disclosure, file_format))
    return generated


def _scanned_document(inbox_dir: Path, expected_dir: Path, index: int, seed: int, layouts: str) -> GeneratedDocument:
    from sample_corpus.render_scan import SCAN, image_only_pdf, scan

    layout = draw_layout(random.Random(f"{seed}:{index}:layout")) if layouts == "varied" else None
    disclosure = build_disclosure(random.Random(f"{seed}:{index}"), index, layout)
    printed, pages = render(disclosure, "pdf")
    dpi = 200
    data = image_only_pdf(scan(printed, dpi, SCAN, seed=index), dpi, SCAN.jpeg_quality)
    name = f"{index + 1:03d}_{disclosure.department_name}{disclosure.fiscal_year}年度部门决算（扫描件）.pdf"
    path = inbox_dir / name
    path.write_bytes(data)
    expected_path = expected_dir / f"{name}.json"
    figures = expected_figures(disclosure, name, "pdf", pages)
    expected_path.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return GeneratedDocument(path, expected_path, "scan", disclosure.department_name, disclosure.fiscal_year, pages)
