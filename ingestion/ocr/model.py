"""What OCR knows about each block it produced, beside the block itself: where it stands and how sure it is."""

from __future__ import annotations

from dataclasses import dataclass

# An amount read with less confidence than this (its weakest character) is reported for review. Measured on
# rendered corpus pages: every misread amount fell below it, and 1–2 % of correctly read ones do.
LOW_CONFIDENCE = 0.9

# A page whose characters the recogniser reads, on average, with less confidence than this is no usable reading
# (a photograph, a page in another script, a page too faint or too coarse to read).
USABLE_PAGE_CONFIDENCE = 0.75


@dataclass(frozen=True)
class Reading:
    """One table cell or one text line as read: its box on the page in points (1/72 inch, from the top left, as
    the PDF reader's coordinates are) and the confidence of each character of its text, in order."""

    page: int
    bbox: tuple[float, float, float, float]
    confidences: tuple[float, ...]

    @property
    def confidence(self) -> float | None:
        return round(min(self.confidences), 4) if self.confidences else None

    def span_confidence(self, start: int, end: int) -> float | None:
        part = self.confidences[start:end]
        return round(min(part), 4) if part else self.confidence


@dataclass
class OcrSummary:
    """What a document's OCR did: its pages, the engine, and how sure it was on the whole."""

    pages: list[int]
    engine: str
    mean_confidence: float | None
    unreadable_pages: list[int]
