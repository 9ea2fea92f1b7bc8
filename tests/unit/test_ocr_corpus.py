"""OCR on real disclosures: pages of corpus PDFs rendered to images at 200 dpi as a scanner would (tilt, noise,
JPEG), read back from an image-only PDF and compared with the text layer of the same pages. Every standard-table
amount the text layer gives must be read the same, or else carry a confidence below the review threshold (so the
low-confidence rule names it): none may be silently wrong. Two table pages per document bound the time;
benchmarks/ocr_accuracy.py measures whole documents."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2
import pytest

from ingestion.document import extract_document
from ingestion.ocr.model import LOW_CONFIDENCE
from sample_corpus.render_scan import SCAN, image_only_pdf, scan
from tests.conftest import corpus_file

DPI = 200
# the 收入支出决算总表 (a two-sided summary) and the 支出决算表 (功能分类 rows with their codes)
TABLES = ("income_expense_summary", "expense")


def _pages(pdf: bytes, indexes: list[int]) -> bytes:
    source, target = pypdfium2.PdfDocument(pdf), pypdfium2.PdfDocument.new()
    target.import_pages(source, indexes)
    buffer = io.BytesIO()
    target.save(buffer)
    return buffer.getvalue()


def _amounts(extraction) -> dict[tuple, object]:
    return {(f.page, f.table_kind, f.subject_code, (f.row_label or "").replace(" ", ""), f.column_label): f
            for f in extraction.facts if f.value is not None and f.table_kind in TABLES}


@pytest.mark.parametrize("relative", ["pdf/putuo-social-work-dept-2024-final.pdf", "pdf/putuo-finance-bureau-2024-final.pdf"])
def test_rendered_corpus_table_pages_read_like_their_text_layer(relative):
    data = corpus_file(relative).read_bytes()
    whole = extract_document(Path(relative), data)
    starts = [min(f.page for f in whole.facts if f.table_kind == kind) for kind in TABLES]
    pages = _pages(data, [p - 1 for p in starts])
    text_layer = extract_document(Path("pages.pdf"), pages)
    got = extract_document(Path("scan.pdf"), image_only_pdf(scan(pages, DPI, SCAN, seed=11), DPI, SCAN.jpeg_quality))
    assert got.ocr_pages == "1,2" and got.ocr_unreadable_pages is None
    wanted, have = _amounts(text_layer), _amounts(got)
    assert len(wanted) >= 20, "the text layer of the chosen pages gives too few amounts to judge"
    wrong = [(key, fact.raw_text, have[key].raw_text if key in have else None,
              have[key].ocr_confidence if key in have else None)
             for key, fact in wanted.items() if key not in have or have[key].value != fact.value]
    silent = [w for w in wrong if w[2] is not None and (w[3] is None or w[3] >= LOW_CONFIDENCE)]
    assert not silent, silent  # a wrong amount is never read with confidence
    assert len(wrong) <= len(wanted) // 100, wrong  # ≥ 99 % read right (missing ones included)
    for fact in have.values():  # every OCR'd amount keeps its box on its page (A4 in points) and its confidence
        assert 0 < fact.ocr_confidence <= 1
        assert 0 <= fact.bbox_x0 < fact.bbox_x1 <= 600 and 0 <= fact.bbox_top < fact.bbox_bottom <= 845
