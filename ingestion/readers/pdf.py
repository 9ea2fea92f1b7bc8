"""PDF pages → text lines rebuilt from character positions, plus ruled tables.

A ruled table becomes one "row" block per printed row, cells in grid order (a cell covered by a
merged cell reads empty), with `source_table` (the table's index on its page) and `row_index`
(the row's index in that table) as the cell coordinate; text outside tables becomes text lines,
in reading order with the tables. A table running over a page break is two page tables here;
the table code joins them.

A page without a text layer (a scan, or text drawn as outlines) is read by OCR instead, and so is a large image
on a page that has one (readers.scanned); OCR'd blocks carry their readings (box, confidence) in the
ParsedDocument, and a page with a text layer is never OCR'd.

Each page is parsed once, with pdfium (readers.pdf_objects): its characters, ruling lines, rectangles and images
are given the boxes pdfminer (under pdfplumber) would give them, and pdfplumber's table finding runs on them
(readers.pdf_tables), so the blocks are the ones the pdfplumber page gives, many times faster. A page pdfium
cannot open, or reads with doubt (a character it cannot map to Unicode, a text object it drops as a duplicate,
text not upright), goes to pdfplumber and is named in the warnings; `read_pdf(..., pdfium=False)` reads every
page so, the reference tests/unit/test_pdf_objects.py compares with.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber
import pypdfium2

from ingestion.readers.pdf_objects import PdfiumPage, read_page
from ingestion.readers.pdf_tables import extract_table
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


def _outside(chars: list[dict], bboxes: list[tuple[float, float, float, float]]) -> list[dict]:
    """The characters whose middle lies in none of the boxes (edges count as inside): the text around tables."""
    out = []
    for ch in chars:
        mx = (ch["x0"] + ch["x1"]) / 2
        my = (ch["top"] + ch["bottom"]) / 2
        for x0, top, x1, bottom in bboxes:
            if x0 <= mx <= x1 and top <= my <= bottom:
                break
        else:
            out.append(ch)
    return out


def _open_pdfium(data: bytes) -> pypdfium2.PdfDocument | None:
    try:
        return pypdfium2.PdfDocument(data)
    except Exception:  # pdfplumber reads (or reports) what pdfium cannot open
        return None


def _pdfium_page(document: pypdfium2.PdfDocument | None, page_no: int) -> PdfiumPage | None:
    if document is None:
        return None
    try:
        page = document[page_no - 1]
    except pypdfium2.PdfiumError:  # a page pdfium cannot load: pdfplumber reads (or reports) it
        return None
    try:
        return read_page(page, page_no)
    finally:
        page.close()


def _page_items(page, page_no: int, fast, ocr: bool, collector: OcrCollector, textless: list[int]):
    """One page's text lines, table rows and OCR'd blocks as (top, kind, block(s)), and whether it has text.

    `page` is pdfplumber's page or the same objects read with pdfium (PdfiumPage): both answer `chars`,
    `images`, `rects`, `lines`, `curves` and `find_tables()` alike.
    """
    chars = page.chars
    ocr_items: list[tuple[float, Block, tuple]] = []
    # text is there only as images or as outlines (curves); a page of nothing but ruling lines and rectangles
    # (an empty table row spilled onto its own page) holds no text to recognise
    drawn = bool(page.images or page.curves)
    if not chars and drawn:
        if ocr and fast is not None:
            dpi = scan_dpi(page)
            ocr_items = collector.page_items(render_page(fast, page_no - 1, dpi), dpi, page_no, 72 / dpi)
        else:
            textless.append(page_no)
    elif chars and ocr and fast is not None and page.images:
        for x0, top, x1, bottom in image_regions(page):
            dpi = scan_dpi(page)
            image = render_page(fast, page_no - 1, dpi)
            k = dpi / 72
            region = image[int(top * k):int(bottom * k), int(x0 * k):int(x1 * k)]
            ocr_items.extend(collector.page_items(region, dpi, page_no, 72 / dpi, (x0, top)))
    tables = page.find_tables() if chars and (page.rects or page.lines) else []
    items: list[tuple[float, int, object]] = []
    bboxes = [t.bbox for t in tables]
    free_chars = _outside(chars, bboxes) if bboxes else chars
    for top, text in rebuild_lines(free_chars):
        items.append((top, 0, Block("text", (text,), page_no, 0)))
    for t_index, table in enumerate(tables):
        rows = []
        # the pdfplumber page (the reference and the fallback) keeps pdfplumber's own extraction
        extracted = extract_table(table, chars) if isinstance(page, PdfiumPage) else table.extract()
        for r_index, row in enumerate(extracted):
            # None marks a grid position covered by a merged cell: printed empty
            cells = tuple((c or "").replace("\n", "") for c in row)
            if any(cells):
                rows.append(Block("row", cells, page_no, 0, t_index, r_index))
        items.append((table.bbox[1], 1, rows))
    # OCR'd tables are numbered after the text layer's on the same page
    for top, block, readings in ocr_items:
        if block.source_table is not None:
            block = Block(block.kind, block.cells, page_no, 0, block.source_table + len(tables), block.row_index)
        items.append((top, 2, (block, readings)))
    items.sort(key=lambda item: (item[0], item[1]))
    return items, bool(chars) or bool(ocr_items)


def read_pdf(data: bytes, ocr: bool = True, pdfium: bool = True) -> ParsedDocument:
    """`ocr=False` leaves pages without a text layer unread (they are listed in the warnings); `pdfium=False`
    reads every page with pdfplumber (the reference the pdfium reading is compared with)."""
    try:
        # opened also when pdfium reads every page: pdfminer's verdict on a broken or encrypted file is the
        # one reported, as before, and its page count must agree with pdfium's
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken/encrypted files
        name = type(exc).__name__
        if "Password" in name or "Encrypt" in str(exc):
            raise PdfUnreadable("encrypted PDF: a password is required") from exc
        raise PdfUnreadable(f"corrupt or truncated PDF ({name}: {exc})") from exc
    blocks: list[Block] = []
    any_text = False
    textless: list[int] = []  # pages printed as images only (scanned tables) and not read
    doubtful: list[int] = []  # pages pdfium opened but whose reading may differ from pdfminer's
    collector = OcrCollector()
    line_no = 0
    fast = _open_pdfium(data)
    try:
        page_count = len(pdf.pages)
        if fast is not None and len(fast) != page_count:
            fast.close()
            fast = None
        for page_no in range(1, page_count + 1):
            page = _pdfium_page(fast, page_no) if pdfium else None
            if page is None:
                page = pdf.pages[page_no - 1]
                if pdfium:
                    doubtful.append(page_no)
            items, has_text = _page_items(page, page_no, fast, ocr, collector, textless)
            any_text = any_text or has_text
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
    if doubtful:
        warnings.append(f"pages read with pdfminer because pdfium could not read them or its reading may differ "
                        f"(characters without Unicode, duplicated or rotated text): {', '.join(map(str, doubtful))}")
    warnings += collector.warnings()
    return ParsedDocument("pdf", page_count, blocks, has_text_layer=any_text, warnings=warnings,
                          ocr_readings=collector.readings, ocr_pages=sorted(collector.pages),
                          ocr_page_confidence=collector.page_confidence, ocr_unreadable_pages=collector.unreadable)
