"""Evidence images: the region of a PDF page a finding is about, rendered with the printed value boxed and its line
banded, so a reviewer sees the problem without opening the document.

The warehouse knows a finding's page and the printed text (a table cell's text, a narrative sentence) but no
bounding box: the value is found by searching the page's character positions (pdfium's text page) for the printed
value, near the quoted sentence when it occurs more than once.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pypdfium2

_SPACE = re.compile(r"\s+")
MARGIN_PT = 80  # points of page shown above and below the highlighted line
SCALE = 1.5  # 108 dpi: a 9-point CJK character is legible, a region stays a few tens of KB


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    def union(self, other: "Box") -> "Box":
        return Box(min(self.left, other.left), min(self.bottom, other.bottom),
                   max(self.right, other.right), max(self.top, other.top))


@dataclass(frozen=True)
class Located:
    value: Box | None  # the printed value (a cell, a number)
    line: Box  # the band across the text width where it stands


class PageText:
    """A page's characters without whitespace, each with its box, for searching printed text."""

    def __init__(self, page):
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            self.chars: list[str] = []
            self.boxes: list[Box] = []
            for index, ch in enumerate(raw[: textpage.count_chars()]):
                if ch.isspace():
                    continue
                left, bottom, right, top = textpage.get_charbox(index)
                self.chars.append(ch)
                self.boxes.append(Box(left, bottom, right, top))
        finally:
            textpage.close()
        self.text = "".join(self.chars)

    def find_all(self, needle: str) -> list[int]:
        needle = _SPACE.sub("", needle)
        if not needle:
            return []
        found, start = [], self.text.find(needle)
        while start >= 0:
            found.append(start)
            start = self.text.find(needle, start + 1)
        return found

    def box(self, start: int, length: int) -> Box:
        box = self.boxes[start]
        for b in self.boxes[start + 1:start + length]:
            box = box.union(b)
        return box

    def line_band(self, box: Box) -> Box:
        """The band across the page's text width at the height of `box`."""
        left = min((b.left for b in self.boxes), default=box.left)
        right = max((b.right for b in self.boxes), default=box.right)
        return Box(left - 2, box.bottom - 2, right + 2, box.top + 2)


def locate(text: PageText, values: list[str], context: str = "") -> Located | None:
    """Where the printed value stands: the occurrence of one of `values` nearest the quoted `context` (its first
    characters found on the page); the context alone when no value is found."""
    anchor = None
    context = _SPACE.sub("", context)
    for size in (16, 10, 6):
        for start in range(0, max(len(context) - size, 0) + 1, size):
            hits = text.find_all(context[start:start + size]) if len(context) >= size else []
            if hits:
                anchor = hits[0] - start
                break
        if anchor is not None:
            break
    for value in values:
        hits = text.find_all(value)
        if hits:
            best = min(hits, key=lambda h: abs(h - anchor)) if anchor is not None else hits[0]
            box = text.box(best, len(_SPACE.sub("", value)))
            return Located(box, text.line_band(box))
    if anchor is not None:
        box = text.box(max(anchor, 0), min(len(context), 24))
        return Located(None, text.line_band(box))
    return None


def render_evidence(pdf, page_number: int, values: list[str], context: str = "") -> bytes | None:
    """PNG bytes of the page region around the value (1-based page), or None when neither the value nor the
    context is on the page (the finding's row in the report still quotes the text and links the page)."""
    from PIL import Image, ImageDraw

    if page_number < 1 or page_number > len(pdf):
        return None
    page = pdf[page_number - 1]
    try:
        text = PageText(page)
        found = locate(text, values, context)
        if found is None:
            return None
        width, height = page.get_size()
        top = min(height, found.line.top + MARGIN_PT)
        bottom = max(0.0, found.line.bottom - MARGIN_PT)
        # the text column only: page margins would shrink the print in a thumbnail
        left = max(0.0, found.line.left - 12)
        right = min(width, found.line.right + 12)
        bitmap = page.render(scale=SCALE, crop=(left, bottom, width - right, height - top))
        image = bitmap.to_pil().convert("RGB")
    finally:
        page.close()

    def rect(box: Box) -> tuple[float, float, float, float]:
        return ((box.left - left) * SCALE, (top - box.top) * SCALE, (box.right - left) * SCALE, (top - box.bottom) * SCALE)

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle(rect(found.line), fill=(255, 210, 0, 70))
    if found.value is not None:
        left, upper, right, lower = rect(found.value)
        draw.rectangle((left - 3, upper - 3, right + 3, lower + 3), outline=(200, 30, 30, 255), width=3)
    # 64 colours: print, the band and the box need no more, and the PNG shrinks to a third
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB").quantize(colors=64)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def open_pdf(path) -> "pypdfium2.PdfDocument | None":
    try:
        return pypdfium2.PdfDocument(str(path))
    except (pypdfium2.PdfiumError, OSError):
        return None


def value_strings(value: float | None, unit_yuan: bool = False) -> list[str]:
    """The ways a value in 万元 is printed: 2 decimals with or without thousands separators, the bare integer, and
    for a table printed in 元 the same times 10,000."""
    if value is None:
        return []
    out = []
    for v in ([value * 10000] if unit_yuan else []) + [value]:
        out += [f"{v:,.2f}", f"{v:.2f}"]
        if abs(v - round(v)) < 1e-9:
            out += [f"{round(v):,}", f"{round(v)}"]
        else:
            out.append(f"{v:.4f}".rstrip("0"))
    return list(dict.fromkeys(out))
