"""The OCR path end to end on small scans of a generated disclosure: two of its pages (the 收入支出决算总表 and the
first page of prose) printed to PDF, scanned (tilt, noise, JPEG) and read back from an image-only PDF, PNG, JPEG,
a two-page TIFF and a PDF mixing a text page with a scanned one. The text layer of the printed pages is what each
must read back; the disclosure's own figures are asserted too."""

from __future__ import annotations

import io
import random
from pathlib import Path

import numpy as np
import pypdfium2
import pytest
from PIL import Image

from ingestion.document import extract_document
from ingestion.ocr.model import LOW_CONFIDENCE
from ingestion.readers import read_document, sniff_format
from sample_corpus import build_disclosure, render
from sample_corpus.render_scan import CLEAN, SCAN, image_file, image_only_pdf, scan


def _subset(pdf: bytes, indexes: list[int]) -> bytes:
    source, target = pypdfium2.PdfDocument(pdf), pypdfium2.PdfDocument.new()
    target.import_pages(source, indexes)
    buffer = io.BytesIO()
    target.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def printed():
    disclosure = build_disclosure(random.Random("ocr-readers"), 0, None)
    data, _ = render(disclosure, "pdf")
    whole = extract_document(Path("printed.pdf"), data)
    table_page = next(f.page for f in whole.facts if f.table_kind == "income_expense_summary")
    prose_page = next(f.page for f in whole.narrative if f.figure == "income_total")
    pages = _subset(data, [table_page - 1, prose_page - 1])
    return {"pdf": pages, "text": extract_document(Path("pages.pdf"), pages), "disclosure": disclosure}


def _amounts(extraction, page=None):
    return {(f.page, f.row_label, f.column_label): f for f in extraction.facts
            if f.value is not None and (page is None or f.page == page)}


def _assert_reads_like_text_layer(got, expected):
    """Every amount of the text layer read the same, or, where not, flagged by a confidence below the threshold."""
    wanted, have = _amounts(expected), _amounts(got)
    assert len(wanted) >= 6
    wrong = []
    for key, fact in wanted.items():
        read = have.get(key)
        if read is None or read.value != fact.value:
            wrong.append((key, fact.raw_text, read and read.raw_text, read and read.ocr_confidence))
    silent = [w for w in wrong if w[3] is None or w[3] >= LOW_CONFIDENCE]
    assert len(wrong) <= len(wanted) // 50, wrong  # at least 98 % read right
    assert not [w for w in silent if w[2] is not None], silent  # a wrong amount is never read with confidence


def test_image_only_pdf_reads_like_its_text_layer(printed):
    scanned = image_only_pdf(scan(printed["pdf"], 200, SCAN, seed=5), 200, SCAN.jpeg_quality)
    got = extract_document(Path("scan.pdf"), scanned)
    assert got.status == "loaded" and got.file_format == "pdf"
    assert got.ocr_pages == "1,2" and got.ocr_engine.startswith("PP-OCRv4")
    assert got.ocr_confidence > 0.9
    _assert_reads_like_text_layer(got, printed["text"])
    income = next(f for f in got.narrative if f.figure == "income_total")
    expected_income = next(f for f in printed["text"].narrative if f.figure == "income_total")
    assert income.value == expected_income.value
    assert 0 < income.ocr_confidence <= 1
    # provenance: every OCR'd amount has its cell's box on the page it was read from (A4, in points)
    for fact in got.facts:
        if fact.value is not None:
            assert 0 < fact.ocr_confidence <= 1
            assert 0 <= fact.bbox_x0 < fact.bbox_x1 <= 596 and 0 <= fact.bbox_top < fact.bbox_bottom <= 843


def test_image_files_png_jpeg_and_multipage_tiff(printed):
    table_only = _subset(printed["pdf"], [0])
    png = image_file(scan(printed["pdf"], 150, SCAN, seed=6, pages=[0]), "png", 150)
    assert sniff_format(png, "scan.bin") == "png"
    got = extract_document(Path("scan.png"), png)
    assert got.status == "loaded" and got.file_format == "png" and got.ocr_pages == "1"
    _assert_reads_like_text_layer(got, extract_document(Path("t.pdf"), table_only))

    tiff = image_file(scan(printed["pdf"], 200, CLEAN, seed=7), "tiff", 200)
    assert sniff_format(tiff) == "tiff"
    parsed = read_document(Path("scan.tif"), tiff)
    assert parsed.page_count == 2 and parsed.ocr_pages == [1, 2]
    assert {b.page for b in parsed.blocks} == {1, 2}
    got = extract_document(Path("scan.tif"), tiff)
    _assert_reads_like_text_layer(got, printed["text"])
    expected_income = next(f for f in printed["text"].narrative if f.figure == "income_total")
    assert [f.value for f in got.narrative if f.figure == "income_total"][:1] == [expected_income.value]

    jpeg = image_file(scan(printed["pdf"], 300, SCAN, seed=8, pages=[1]), "jpeg", 300, jpeg_quality=60)
    assert sniff_format(jpeg) == "jpeg"
    got = extract_document(Path("scan.jpg"), jpeg)
    assert got.file_format == "jpeg" and got.ocr_pages == "1"
    assert [f.value for f in got.narrative if f.figure == "income_total"][:1] == [expected_income.value]


def test_mixed_pdf_reads_only_the_page_without_text(printed, monkeypatch):
    scanned_page = image_only_pdf(scan(printed["pdf"], 200, SCAN, seed=9, pages=[1]), 200)
    source, image_doc, mixed = pypdfium2.PdfDocument(printed["pdf"]), pypdfium2.PdfDocument(scanned_page), pypdfium2.PdfDocument.new()
    mixed.import_pages(source, [0])
    mixed.import_pages(image_doc, [0])
    buffer = io.BytesIO()
    mixed.save(buffer)
    import ingestion.ocr as ocr

    calls = []
    real = ocr.ocr_page
    monkeypatch.setattr(ocr, "ocr_page", lambda image, dpi, page, *a, **k: calls.append(page) or real(image, dpi, page, *a, **k))
    parsed = read_document(Path("mixed.pdf"), buffer.getvalue())
    assert calls == [2] and parsed.ocr_pages == [2]  # the page with a text layer is never OCR'd
    assert all(b.line_no not in parsed.ocr_readings for b in parsed.blocks if b.page == 1)
    got = extract_document(Path("mixed.pdf"), buffer.getvalue())
    expected = printed["text"]
    assert _amounts(got, 1).keys() == _amounts(expected, 1).keys()
    assert all(f.ocr_confidence is None for f in got.facts if f.page == 1)
    income = next(f for f in got.narrative if f.figure == "income_total")
    assert income.page == 2 and income.ocr_confidence is not None


def test_text_layer_is_never_ocrd(printed, monkeypatch):
    import ingestion.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_page", lambda *a, **k: pytest.fail("a page with a text layer was sent to OCR"))
    got = extract_document(Path("printed.pdf"), printed["pdf"])
    assert got.ocr_pages is None and all(f.ocr_confidence is None for f in got.facts)


def test_a_scan_ocr_cannot_read_keeps_a_clear_status():
    rng = np.random.default_rng(11)
    noise = (rng.random((1100, 850)) * 255).astype(np.uint8)  # no text, only grain: nothing worth keeping
    pdf = image_only_pdf([Image.fromarray(noise)], 100, None)
    got = extract_document(Path("noise.pdf"), pdf)
    assert got.status == "needs_ocr"
    assert "OCR" in got.error and got.ocr_pages == "1"
    assert not got.facts and not got.narrative


def test_a_table_pasted_as_a_picture_on_a_text_page_is_read_in_place(printed):
    """A digital page whose table is an image (as the Luzhou conversion lost its tables): the text layer gives the
    words around it, OCR only the picture, and the rows stand where the picture does."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    table = scan(printed["pdf"], 200, SCAN, seed=12, pages=[0])[0]
    width, height = table.size
    picture = table.crop((0, int(height * 0.12), width, int(height * 0.62)))  # the table's upper half
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595.0, 842.0))
    page.setFont("STSong-Light", 12)
    page.drawString(72, 800, "一、部门决算表（以下表格为图片）")
    stored = io.BytesIO()
    picture.save(stored, "PNG")
    stored.seek(0)
    shown = (picture.size[0] * 72 / 200, picture.size[1] * 72 / 200)
    page.drawImage(ImageReader(stored), 0, 780 - shown[1], *shown)
    page.drawString(72, 60, "注：本页文字来自文字层。")
    page.showPage()
    page.save()
    parsed = read_document(Path("pasted.pdf"), buffer.getvalue())
    assert parsed.ocr_pages == [1]
    texts = [b.text for b in parsed.blocks]
    assert texts[0].startswith("一、部门决算表") and texts[-1].startswith("注：本页文字")  # reading order kept
    rows = [b for b in parsed.blocks if b.kind == "row"]
    assert rows and all(b.line_no in parsed.ocr_readings for b in rows)
    expected = {f.raw_text for f in printed["text"].facts if f.page == 1 and f.value is not None}
    read = {c for b in rows for c in b.cells}
    assert expected & read  # the picture's amounts, as the text layer of the original prints them
    for b in rows:  # boxes in page points, inside the picture's place
        for reading in parsed.ocr_readings[b.line_no]:
            if reading is not None:
                assert 780 - shown[1] - 1 <= 842 - reading.bbox[3] and 842 - reading.bbox[1] <= 781


def test_a_page_of_ruling_lines_only_is_not_sent_to_ocr(printed, monkeypatch):
    """A table's empty last row spilled onto a page of its own (p.14 of a real 部门决算): ruling lines, no text, no
    image. There is nothing to recognise, so it is neither OCR'd nor reported as unreadable or as lacking text."""
    from reportlab.pdfgen import canvas

    import ingestion.ocr as ocr

    monkeypatch.setattr(ocr, "ocr_page", lambda *a, **k: pytest.fail("a page of ruling lines was sent to OCR"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(842.0, 595.0))
    for x0, x1 in ((66, 222), (222, 288), (288, 454), (454, 520), (520, 775)):
        page.rect(x0, 505, x1 - x0, 18)
    page.showPage()
    page.save()
    ruled, text = pypdfium2.PdfDocument(buffer.getvalue()), pypdfium2.PdfDocument(printed["pdf"])
    both = pypdfium2.PdfDocument.new()
    both.import_pages(text, [0])
    both.import_pages(ruled, [0])
    combined = io.BytesIO()
    both.save(combined)
    parsed = read_document(Path("ruled.pdf"), combined.getvalue())
    assert parsed.has_text_layer and not parsed.ocr_pages and not parsed.warnings
    got = extract_document(Path("ruled.pdf"), combined.getvalue())
    assert got.ocr_pages is None and got.status == "loaded"
