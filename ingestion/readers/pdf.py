"""PDF pages → text lines rebuilt from character positions, plus ruled tables.

A ruled table becomes one "row" block per printed row, cells in grid order (a cell covered by a
merged cell reads empty), with `source_table` (the table's index on its page) and `row_index`
(the row's index in that table) as the cell coordinate; text outside tables becomes text lines,
in reading order with the tables. A table running over a page break is two page tables here;
the table code joins them.

A page without a text layer (a scan, or text drawn as outlines) is read by OCR instead, and so is a large image
on a page that has one (readers.scanned); OCR'd blocks carry their readings (box, confidence) in the
ParsedDocument, and a page with a text layer is never OCR'd.

Each page is parsed once, by one of two parsers. A page that holds nothing but upright text (no
ruling lines or other drawings, images or embedded forms) is read with pdfium, many times faster,
its characters given the boxes pdfminer (under pdfplumber) would give them, so the lines rebuilt
are the same; every other page, and any page pdfium reads with doubt (a character it cannot map
to Unicode, a text object it drops as a duplicate, text that is not upright), goes to pdfplumber.
"""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c

from ingestion.readers.scanned import OcrCollector, image_regions, render_page, scan_dpi
from ingestion.records import Block, ParsedDocument


class PdfUnreadable(ValueError):
    pass


@dataclass
class _Line:
    top: float
    bottom: float
    chars: list[dict]


def rebuild_lines(chars: list[dict]) -> list[tuple[float, str]]:
    """Group characters into visual lines by vertical overlap.

    Numbers in PDF narratives are often drawn a point or two off the baseline of the
    surrounding words; grouping by exact `top` (pdfplumber's default) splits
    "支出184.65万元" over two lines. A character joins a line when its vertical middle
    falls inside that line's extent.
    """
    lines: list[_Line] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        if not ch["text"].strip():
            continue
        middle = (ch["top"] + ch["bottom"]) / 2
        for line in reversed(lines[-3:]):
            if line.top - 0.5 <= middle <= line.bottom + 0.5:
                line.chars.append(ch)
                line.top = min(line.top, ch["top"])
                line.bottom = max(line.bottom, ch["bottom"])
                break
        else:
            lines.append(_Line(ch["top"], ch["bottom"], [ch]))
    out = []
    for line in lines:
        line.chars.sort(key=lambda c: c["x0"])
        parts: list[str] = []
        prev = None
        for ch in line.chars:
            # a visible gap wider than a character means a word break in the layout
            if prev is not None and ch["x0"] - prev["x1"] > max(prev["x1"] - prev["x0"], 3) * 1.5:
                parts.append(" ")
            parts.append(ch["text"])
            prev = ch
        out.append((line.top, "".join(parts).strip()))
    return out


def _inside(ch: dict, bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    mx = (ch["x0"] + ch["x1"]) / 2
    my = (ch["top"] + ch["bottom"]) / 2
    return x0 <= mx <= x1 and top <= my <= bottom


def _object_address(handle) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def plain_text_chars(page: pypdfium2.PdfPage) -> list[dict] | None:
    """The characters of a page holding only upright text, read with pdfium, or None for pdfplumber.

    Boxes follow pdfminer: x0 at the glyph origin, x1 where the next glyph of the same text object
    starts (the advance; pdfium's own width where the object ends), the bottom at the font's descent
    below the baseline and the top one font size above the bottom, in top-down page coordinates.
    """
    raw = page.raw
    objects = [pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))]
    if any(pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT for obj in objects):
        return None
    textpage = pdfium_c.FPDFText_LoadPage(raw)
    try:
        # pdfium leaves out a text object it takes for a duplicate drawn over another (fake bold);
        # pdfminer keeps both, so such a page is not read here (2 bytes: an empty UTF-16 string)
        if any(pdfium_c.FPDFTextObj_GetText(obj, textpage, None, 0) <= 2 for obj in objects):
            return None
        height = pdfium_c.FPDF_GetPageHeightF(raw)
        matrix, box = pdfium_c.FS_MATRIX(), pdfium_c.FS_RECTF()
        x, y, descent = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
        glyphs: list[tuple[int, str, float, float, float, float, float]] = []  # object, text, x, y, size, descent, right
        fonts: dict[int, tuple[float, float]] = {}  # text object → (font size, descent) in page units
        for i in range(pdfium_c.FPDFText_CountChars(textpage)):
            if pdfium_c.FPDFText_IsGenerated(textpage, i):
                continue  # spaces and line breaks pdfium adds: not in the file
            if pdfium_c.FPDFText_HasUnicodeMapError(textpage, i) == 1:
                return None  # pdfminer prints such a glyph as (cid:N)
            handle = _object_address(pdfium_c.FPDFText_GetTextObject(textpage, i))
            if handle not in fonts:
                pdfium_c.FPDFText_GetMatrix(textpage, i, matrix)
                if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
                    return None  # rotated, skewed or mirrored text
                obj = pdfium_c.FPDFText_GetTextObject(textpage, i)
                pdfium_c.FPDFFont_GetDescent(pdfium_c.FPDFTextObj_GetFont(obj), 1000.0, descent)
                size = pdfium_c.FPDFText_GetFontSize(textpage, i) * matrix.d
                fonts[handle] = (size, min(descent.value, -descent.value) / 1000 * size)
            size, below = fonts[handle]
            pdfium_c.FPDFText_GetCharOrigin(textpage, i, x, y)
            pdfium_c.FPDFText_GetLooseCharBox(textpage, i, box)
            glyphs.append((handle, chr(pdfium_c.FPDFText_GetUnicode(textpage, i)), x.value, y.value, size, below, box.right))
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    chars = []
    for index, (handle, text, x0, baseline, size, below, right) in enumerate(glyphs):
        following = glyphs[index + 1] if index + 1 < len(glyphs) else None
        if following and following[0] == handle and following[3] == baseline and following[2] > x0:
            right = following[2]
        bottom = height - baseline - below
        chars.append({"text": text, "x0": x0, "x1": right, "top": bottom - size, "bottom": bottom})
    return chars


def _open_pdfium(data: bytes) -> pypdfium2.PdfDocument | None:
    try:
        return pypdfium2.PdfDocument(data)
    except Exception:  # pdfplumber reads (or reports) what pdfium cannot open
        return None


def _pdfium_chars(document: pypdfium2.PdfDocument | None, index: int) -> list[dict] | None:
    if document is None:
        return None
    try:
        page = document[index]
    except pypdfium2.PdfiumError:  # a page pdfium cannot load: pdfplumber reads (or reports) it
        return None
    try:
        return plain_text_chars(page)
    finally:
        page.close()


def read_pdf(data: bytes, ocr: bool = True) -> ParsedDocument:
    """`ocr=False` leaves pages without a text layer unread (they are listed in the warnings)."""
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken/encrypted files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in str(exc):
            raise PdfUnreadable("encrypted PDF: a password is required") from exc
        raise PdfUnreadable(f"corrupt or truncated PDF ({name}: {exc})") from exc
    blocks: list[Block] = []
    any_text = False
    textless: list[int] = []  # pages printed as images only (scanned tables) and not read
    collector = OcrCollector()
    line_no = 0
    fast = _open_pdfium(data)
    try:
        page_count = len(pdf.pages)
        if fast is not None and len(fast) != page_count:
            fast.close()
            fast = None
        for page_no, page in enumerate(pdf.pages, start=1):
            chars = _pdfium_chars(fast, page_no - 1)
            ocr_items: list[tuple[float, Block, tuple]] = []
            if chars is not None:  # text only: no table, no image
                tables = []
            else:
                chars = page.chars
                drawn = bool(page.images or page.rects or page.lines or page.curves)
                if not chars and drawn:
                    if ocr and fast is not None:
                        dpi = scan_dpi(page)
                        ocr_items = collector.page_items(render_page(fast, page_no - 1, dpi), dpi, page_no, 72 / dpi)
                    else:
                        textless.append(page_no)
                elif chars and ocr and fast is not None:
                    for x0, top, x1, bottom in image_regions(page):
                        dpi = scan_dpi(page)
                        image = render_page(fast, page_no - 1, dpi)
                        k = dpi / 72
                        region = image[int(top * k):int(bottom * k), int(x0 * k):int(x1 * k)]
                        ocr_items.extend(collector.page_items(region, dpi, page_no, 72 / dpi, (x0, top)))
                tables = page.find_tables() if chars and (page.rects or page.lines) else []
            any_text = any_text or bool(chars) or bool(ocr_items)
            items: list[tuple[float, int, Block | list[Block]]] = []
            bboxes = [t.bbox for t in tables]
            free_chars = [c for c in chars if not any(_inside(c, b) for b in bboxes)]
            for top, text in rebuild_lines(free_chars):
                items.append((top, 0, Block("text", (text,), page_no, 0)))
            for t_index, table in enumerate(tables):
                rows = []
                for r_index, row in enumerate(table.extract()):
                    # None marks a grid position covered by a merged cell: printed empty
                    cells = tuple((c or "").replace("\n", "") for c in row)
                    if any(cells):
                        rows.append(Block("row", cells, page_no, 0, t_index, r_index))
                items.append((table.bbox[1], 1, rows))
            # OCR'd tables are numbered after the text layer's on the same page
            ocr_items = [(top, block if block.source_table is None else
                          Block(block.kind, block.cells, page_no, 0, block.source_table + len(tables), block.row_index), readings)
                         for top, block, readings in ocr_items]
            for top, block, readings in ocr_items:
                items.append((top, 2, (block, readings)))
            items.sort(key=lambda item: (item[0], item[1]))
            for _, kind, item in items:
                if kind == 2:
                    line_no = collector.number(blocks, [(0.0, *item)], line_no)
                    continue
                for block in item if isinstance(item, list) else [item]:
                    line_no += 1
                    blocks.append(Block(block.kind, block.cells, page_no, line_no, block.source_table, block.row_index))
            page.flush_cache()
    except PdfUnreadable:
        raise
    except Exception as exc:
        raise PdfUnreadable(f"PDF could not be parsed ({type(exc).__name__}: {exc})") from exc
    finally:
        pdf.close()
        if fast is not None:
            fast.close()
    warnings = [f"pages without a text layer (images only): {', '.join(map(str, textless))}"] if any_text and textless else []
    warnings += collector.warnings()
    return ParsedDocument("pdf", page_count, blocks, has_text_layer=any_text, warnings=warnings,
                          ocr_readings=collector.readings, ocr_pages=sorted(collector.pages),
                          ocr_page_confidence=collector.page_confidence, ocr_unreadable_pages=collector.unreadable)
