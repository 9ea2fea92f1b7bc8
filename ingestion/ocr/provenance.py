"""Confidence and boxes carried from OCR'd blocks onto what was extracted from them.

The table, narrative and project code read blocks and never see how they were read; a fact keeps the line number
of its block and the index of its cell, a figure the line its number starts on, and that is enough to find the
reading afterwards. An amount's confidence is that of its weakest character: one doubtful digit makes the amount
doubtful, however sure the rest is.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingestion.ocr.model import Reading
from ingestion.records import Block, Extraction, ParsedDocument

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def _box(reading: Reading) -> dict:
    x0, top, x1, bottom = reading.bbox
    return {"bbox_x0": x0, "bbox_top": top, "bbox_x1": x1, "bbox_bottom": bottom}


def _value_spans(text: str, value: float) -> list[tuple[int, int]]:
    spans = []
    for match in _NUMBER.finditer(text):
        try:
            if abs(float(match.group().replace(",", "")) - abs(value)) < 1e-6:
                spans.append(match.span())
        except ValueError:
            continue
    return spans


def _figure_reading(value: float, line_no: int, blocks: dict[int, Block], readings: dict[int, tuple]):
    """The reading a figure's number stands in and the confidence of that number's characters. A number broken
    over two lines, or one the text states in other words, takes the weakest digit of both lines."""
    for cell_text, reading in zip(blocks[line_no].cells, readings[line_no]) if line_no in blocks else []:
        if reading is None:
            continue
        spans = _value_spans(cell_text, value)
        if spans:
            return reading, min(reading.span_confidence(s, e) for s, e in spans)
    digits = []
    first = None
    for number in (line_no, line_no + 1):
        for cell_text, reading in zip(blocks[number].cells, readings.get(number, ())) if number in blocks else []:
            if reading is None:
                continue
            first = first or reading
            digits.extend(c for ch, c in zip(cell_text, reading.confidences) if ch.isdigit())
    if first is None:
        return None, None
    return first, round(min(digits), 4) if digits else first.confidence


def attach_ocr(extraction: Extraction, parsed: ParsedDocument) -> None:
    """Give the extraction's facts and figures from OCR'd blocks their confidence and box, and the extraction the
    pages OCR read."""
    if not parsed.ocr_pages:
        return
    from ingestion.ocr.engine import engine_name

    extraction.ocr_pages = ",".join(str(p) for p in parsed.ocr_pages)
    extraction.ocr_engine = engine_name()
    if parsed.ocr_unreadable_pages:
        extraction.ocr_unreadable_pages = ",".join(str(p) for p in parsed.ocr_unreadable_pages)
    usable = [c for c in parsed.ocr_page_confidence.values() if c is not None]
    extraction.ocr_confidence = round(sum(usable) / len(usable), 4) if usable else None
    readings = parsed.ocr_readings
    if not readings:
        return
    blocks = {b.line_no: b for b in parsed.blocks if b.line_no in readings}
    facts = []
    for fact in extraction.facts:
        cells = readings.get(fact.line_no)
        reading = cells[fact.col_index] if cells and fact.col_index < len(cells) else None
        if reading is not None:
            fact = replace(fact, ocr_confidence=reading.confidence, **_box(reading))
        facts.append(fact)
    extraction.facts = facts
    figures = []
    for figure in extraction.narrative:
        if figure.line_no in readings:
            reading, confidence = _figure_reading(figure.value, figure.line_no, blocks, readings)
            if reading is not None:
                figure = replace(figure, ocr_confidence=confidence, **_box(reading))
        figures.append(figure)
    extraction.narrative = figures

