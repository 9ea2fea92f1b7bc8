"""Image files (PNG, JPEG, TIFF with one page per frame) → the blocks OCR reads on each page.

A scanner records its resolution in the file; where it does not (or records a screen's 72 dpi), the page is taken
for an A4 sheet, the size nearly every disclosure is printed on, so text heights come out right for the layout.
"""

from __future__ import annotations

import io

import numpy as np

from ingestion.readers.scanned import MAX_DPI, MIN_DPI, OcrCollector
from ingestion.records import Block, ParsedDocument

_A4_SHORT_INCHES = 8.27


class ImageUnreadable(ValueError):
    pass


def image_dpi(info: dict, size: tuple[int, int]) -> float:
    dpi = info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    if not MIN_DPI / 2 <= value <= MAX_DPI * 2:
        value = min(size) / _A4_SHORT_INCHES
    return value


def read_image(data: bytes, file_format: str, ocr: bool = True) -> ParsedDocument:
    from PIL import Image, ImageSequence

    try:
        picture = Image.open(io.BytesIO(data))
        frames = [frame.copy() for frame in ImageSequence.Iterator(picture)]
    except Exception as exc:  # PIL raises many types for truncated or unknown data
        raise ImageUnreadable(f"image could not be decoded ({type(exc).__name__}: {exc})") from exc
    collector = OcrCollector()
    blocks: list[Block] = []
    line_no = 0
    for page_no, frame in enumerate(frames, start=1):
        if not ocr:
            break
        dpi = image_dpi(frame.info, frame.size)
        gray = np.asarray(frame.convert("L"))
        items = collector.page_items(gray, dpi, page_no, 72 / dpi)
        line_no = collector.number(blocks, items, line_no)
    return ParsedDocument(file_format, len(frames), blocks, has_text_layer=bool(blocks), warnings=collector.warnings(),
                          ocr_readings=collector.readings, ocr_pages=sorted(collector.pages),
                          ocr_page_confidence=collector.page_confidence, ocr_unreadable_pages=collector.unreadable)
