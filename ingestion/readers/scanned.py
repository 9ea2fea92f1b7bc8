"""Pages and page regions without a text layer, read by OCR: what the PDF and image readers share.

A PDF page with no characters at all (a scan, or text drawn as outlines) is rendered and read whole; on a page
that has a text layer only a large image no character stands on (a table pasted in as a picture) is read, and
nothing the text layer already gives is ever read again. A page is rendered at the resolution of the scan on it,
kept within 150–300 dpi: finer adds cost and nothing the recogniser can use, coarser loses strokes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ingestion.ocr.model import USABLE_PAGE_CONFIDENCE
from ingestion.records import Block

MIN_DPI, MAX_DPI, DEFAULT_DPI = 150, 300, 200
# An image on a page with a text layer is read when it covers this share of the page: a logo, a seal or a
# signature is not worth the time, a table pasted in as a picture is.
MIN_REGION_SHARE = 0.12


@dataclass
class OcrCollector:
    """Blocks read by OCR, gathered page by page: their readings by line number, the pages read, their
    confidences."""

    readings: dict[int, tuple] = field(default_factory=dict)
    pages: list[int] = field(default_factory=list)
    page_confidence: dict[int, float | None] = field(default_factory=dict)
    unreadable: list[int] = field(default_factory=list)  # pages read with no usable confidence: left out

    def page_items(self, image: np.ndarray, dpi: float, page_no: int, to_points: float,
                   offset: tuple[float, float] = (0.0, 0.0)) -> list[tuple[float, Block, tuple]]:
        """(top in points, block without line number, readings) for one page or region image."""
        from ingestion.ocr import ocr_page

        result = ocr_page(image, dpi, page_no, to_points, offset)
        if page_no not in self.pages:
            self.pages.append(page_no)
        self.page_confidence[page_no] = result.mean_confidence
        if result.mean_confidence is None or result.mean_confidence < USABLE_PAGE_CONFIDENCE:
            # guesses on a page the recogniser cannot read would reach the warehouse as figures: none is kept
            if page_no not in self.unreadable:
                self.unreadable.append(page_no)
            return []
        items = []
        for placed in result.blocks:
            block = Block(placed.kind, placed.cells, page_no, 0, placed.source_table, placed.row_index)
            items.append((offset[1] + placed.top * to_points, block, placed.readings))
        return items

    def warnings(self) -> list[str]:
        if not self.unreadable:
            return []
        pages = ", ".join(map(str, self.unreadable))
        return [f"OCR could not read pages {pages} with usable confidence (mean character confidence below "
                f"{USABLE_PAGE_CONFIDENCE}): their content is left out"]

    def number(self, blocks: list[Block], items: list[tuple[float, Block, tuple]], line_no: int) -> int:
        """Append `items`' blocks to `blocks` with line numbers from `line_no` on; the last number used."""
        for _, block, readings in items:
            line_no += 1
            blocks.append(Block(block.kind, block.cells, block.page, line_no, block.source_table, block.row_index))
            self.readings[line_no] = readings
        return line_no


def scan_dpi(page) -> float:
    """The resolution of the largest image on a pdfplumber page, within MIN_DPI..MAX_DPI."""
    best = None
    for image in page.images:
        width_pt = float(image["x1"]) - float(image["x0"])
        source = image.get("srcsize") or (0, 0)
        if width_pt > 0 and source[0]:
            dpi = source[0] / (width_pt / 72)
            if best is None or width_pt > best[0]:
                best = (width_pt, dpi)
    if best is None:
        return DEFAULT_DPI
    return float(min(MAX_DPI, max(MIN_DPI, best[1])))


def render_page(document, index: int, dpi: float) -> np.ndarray:
    page = document[index]
    try:
        return np.asarray(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
    finally:
        page.close()


def image_regions(page) -> list[tuple[float, float, float, float]]:
    """Large images on a page with a text layer that no character stands on, as (x0, top, x1, bottom) points."""
    area = float(page.width) * float(page.height)
    regions = []
    for image in page.images:
        x0, top, x1, bottom = (max(0.0, float(image["x0"])), max(0.0, float(image["top"])),
                               min(float(page.width), float(image["x1"])), min(float(page.height), float(image["bottom"])))
        if (x1 - x0) * (bottom - top) < MIN_REGION_SHARE * area:
            continue
        if any(x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom for c in page.chars):
            continue  # text printed over the picture (a watermark, a form filled in): the text layer has it
        regions.append((x0, top, x1, bottom))
    return regions
