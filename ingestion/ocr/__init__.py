"""OCR of page images into the blocks the other readers produce, with where each stands and how sure it is.

* engine: the recogniser (PP-OCRv4 models from the rapidocr-onnxruntime wheel on onnxruntime): text line boxes,
  characters, per-character confidence and position;  * image: grayscale, ink and skew undone;  * rulings: ruled
  tables' grids and merged cells;  * borderless: tables without rulings, by their columns;  * layout: glyphs into
  table cells and text lines in reading order;  * digits: look-alike letters and separators inside numbers;
  * model: a block's reading (box, confidences) and the thresholds;  * provenance: confidence and box carried onto
  the facts and figures extracted from OCR'd blocks.

`ocr_page` is the one entry point the readers use: an image of one page in, its blocks out.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ingestion.ocr.layout import PlacedBlock

__all__ = ["PageResult", "ocr_page"]


@dataclass
class PageResult:
    blocks: list[PlacedBlock]
    mean_confidence: float | None  # over every character read on the page
    skew: float


def ocr_page(image: np.ndarray, dpi: float, page: int, to_points: float | None = None,
             offset: tuple[float, float] = (0.0, 0.0)) -> PageResult:
    """Blocks of one page image scanned at `dpi`. `to_points` converts pixels to the page's coordinates (72/dpi by
    default); `offset` places a region of a page (an image on a page with a text layer) where it stands."""
    from ingestion.ocr import engine
    from ingestion.ocr.image import prepare
    from ingestion.ocr.layout import place
    from ingestion.ocr.rulings import find_grids, line_masks, unread_cells

    prepared = prepare(image, dpi)
    horizontal, vertical = line_masks(prepared.ink, dpi)
    # the recogniser reads a ruling beside a word as 1, l, ] or ~: it sees the page with the rulings whited out,
    # with the halo a scan and JPEG leave around them
    halo = max(3, int(dpi * 0.015)) | 1
    rules = cv2.dilate(horizontal | vertical, np.ones((halo, halo), np.uint8))
    unruled = prepared.gray.copy()
    unruled[rules > 0] = 255
    text_ink = prepared.ink & (1 - rules)
    boxes = engine.widen(engine.detect(unruled, dpi), text_ink, vertical)
    runs = engine.recognise(unruled, boxes)
    grids = find_grids(prepared.ink, dpi, (horizontal, vertical))
    centres = [(x, (run.y0 + run.y1) / 2) for run in runs for x in run.centres]
    runs += engine.recognise(unruled, unread_cells(grids, centres, text_ink, dpi))
    scale = 72.0 / dpi if to_points is None else to_points
    blocks = place(runs, grids, page, scale, dpi)
    if offset != (0.0, 0.0):
        blocks = [_shifted(b, offset) for b in blocks]
    confidences = [c for run in runs for ch, c in zip(run.text, run.confidences) if ch.strip()]
    mean = round(float(np.mean(confidences)), 4) if confidences else None
    return PageResult(blocks, mean, prepared.skew)


def _shifted(block: PlacedBlock, offset: tuple[float, float]) -> PlacedBlock:
    from dataclasses import replace

    dx, dy = offset
    readings = tuple(None if r is None else replace(r, bbox=(r.bbox[0] + dx, r.bbox[1] + dy, r.bbox[2] + dx, r.bbox[3] + dy))
                     for r in block.readings)
    return replace(block, readings=readings, top=block.top)
