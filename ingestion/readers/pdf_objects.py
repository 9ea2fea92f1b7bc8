"""A PDF page's characters, ruling lines, rectangles, curves and images read with pdfium, as pdfplumber gives them.

pdfplumber reads a page by interpreting its content streams in Python (pdfminer), which is most of the time an
extraction takes. pdfium reads the same objects in C; this module turns them into the dictionaries pdfplumber's
own `Page` would hold, in its top-down coordinates, so that pdfplumber's table finder (`TableFinder`, `Table.extract`)
and our line rebuilding run on them unchanged and give the same tables and lines:

- characters get the boxes pdfminer gives them: x0 at the glyph origin, x1 where the next glyph of the same text
  object starts (the advance; pdfium's own box where the object ends), the bottom at the font's descent below the
  baseline and the top one font size above that;
- a path is split into subpaths and each classified as pdfminer does (`PDFLayoutAnalyzer.paint_path`): a single
  segment is a line, a closed axis-aligned four-sided one a rectangle, anything else a curve through its segments'
  end points;
- an image's box is the unit square under its matrix, and `srcsize` its pixel size.

`read_page` returns None where pdfium's reading may differ from pdfminer's (a glyph without Unicode, a text object
pdfium drops as a duplicate drawn over another, text that is rotated, skewed or mirrored, text on a page turned by
/Rotate 90 or 270): that page is left to pdfplumber.
"""

from __future__ import annotations

import ctypes

import pypdfium2
import pypdfium2.raw as pdfium_c
from pdfplumber.container import Container
from pdfplumber.table import Table

from ingestion.readers.pdf_tables import find_tables

_SEGMENT_KIND = {pdfium_c.FPDF_SEGMENT_MOVETO: "m", pdfium_c.FPDF_SEGMENT_LINETO: "l",
                 pdfium_c.FPDF_SEGMENT_BEZIERTO: "c"}
Matrix = tuple[float, float, float, float, float, float]
# pdfium keeps coordinates in single precision, pdfminer in double from the file's decimals: a character and a ruling
# line at the same printed height differ by a few 1e-5 pt here and tie there (a tie orders text before a table).
# Rounding to 1e-4 pt gives back such ties; distinct printed positions are further apart than that.
_DIGITS = 4


class PdfiumPage(Container):
    """The part of a pdfplumber page that table finding, table extraction and our readers use."""

    pages = None

    def __init__(self, page_number: int, bbox: tuple[float, float, float, float], objects: dict[str, list[dict]]):
        self.page_number = page_number
        self.bbox = bbox
        self._pdfium_objects = objects

    @property
    def objects(self) -> dict[str, list[dict]]:
        return self._pdfium_objects

    @property
    def width(self) -> float:
        return self.bbox[2] - self.bbox[0]

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    def find_tables(self) -> list[Table]:
        return find_tables(self)


def _multiply(m1: Matrix, m0: Matrix) -> Matrix:
    """m1 first, then m0 (pdfminer's mult_matrix): an object's matrix within its parent's."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


class _Geometry:
    """PDF user space → pdfplumber's page coordinates (x, top), through the page matrix pdfminer starts from."""

    def __init__(self, page: pypdfium2.PdfPage):
        x0, y0, x1, y1 = page.get_mediabox()
        x0, x1 = sorted((x0, x1))
        y0, y1 = sorted((y0, y1))
        rotation = page.get_rotation()
        # pdfminer's PDFPageInterpreter.process_page: the page matrix for its /Rotate and MediaBox origin
        self.ctm: Matrix = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
                            270: (0, 1, -1, 0, y1, -x0)}.get(rotation, (1, 0, 0, 1, -x0, -y0))
        self.rotation = rotation
        # pdfplumber's Page: the MediaBox normalised for the rotation and turned top-down
        bx0, by0, bx1, by1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
        height = by1 - by0
        self.bbox = (bx0, height - by1, bx1, height - by0)
        self.height = self.bbox[3] - self.bbox[1]

    def point(self, x: float, y: float, matrix: Matrix) -> tuple[float, float]:
        """A point in an object's own coordinates under `matrix` (already including the page matrix)."""
        a, b, c, d, e, f = matrix
        px, py = a * x + c * y + e, b * x + d * y + f
        return round(self.bbox[0] + px, _DIGITS), round(self.bbox[1] + self.height - py, _DIGITS)

    def box(self, x0: float, y0: float, x1: float, y1: float, matrix: Matrix) -> dict:
        """pdfplumber's box keys for the bounds of a rectangle given by two corners in object coordinates."""
        (ax, atop), (bx, btop) = self.point(x0, y0, matrix), self.point(x1, y1, matrix)
        left, right = sorted((ax, bx))
        top, bottom = sorted((atop, btop))
        height = bottom - top
        return {"x0": left, "x1": right, "top": top, "bottom": bottom, "doctop": top, "width": right - left,
                "height": height, "y0": self.height - bottom, "y1": self.height - top}


def _matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _subpaths(obj) -> list[list[tuple[str, float, float]]]:
    """The path's subpaths as pdfminer's operators ("m", "l", "c", "h") with their end points.

    pdfium closes a subpath by a line back to its start flagged as closing (or by flagging a segment that
    already ends there); pdfminer keeps the "h", and drops a line to the start just before it, so both read
    as the start point once more with "h".
    """
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list[tuple[str, float, float]]] = []
    for index in range(pdfium_c.FPDFPath_CountSegments(obj)):
        segment = pdfium_c.FPDFPath_GetPathSegment(obj, index)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        kind = _SEGMENT_KIND.get(pdfium_c.FPDFPathSegment_GetType(segment))
        if kind is None:
            raise ValueError("unknown path segment")
        if kind == "c":
            # pdfium gives a Bézier curve as three points (two controls, then the end); pdfminer keeps the end
            if subpaths and subpaths[-1][-1][0] == "c?":
                subpaths[-1][-1] = ("c??", x.value, y.value)
            elif subpaths and subpaths[-1][-1][0] == "c??":
                subpaths[-1][-1] = ("c", x.value, y.value)
            elif subpaths:
                subpaths[-1].append(("c?", x.value, y.value))
            else:
                raise ValueError("a curve before any move")
        elif kind == "m" or not subpaths:
            subpaths.append([("m", x.value, y.value)])
        else:
            subpaths[-1].append((kind, x.value, y.value))
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            current = subpaths[-1]
            start = current[0]
            last = current[-1]
            if last[0] == "l" and (last[1], last[2]) == (start[1], start[2]) and len(current) > 2:
                current[-1] = ("h", start[1], start[2])
            else:
                current.append(("h", start[1], start[2]))
    return [path for path in subpaths if len(path) > 1]


def _path_objects(obj, matrix: Matrix, geometry: _Geometry, out: dict[str, list[dict]]) -> None:
    """Lines, rectangles and curves of one path object, as pdfminer's paint_path makes them."""
    for path in _subpaths(obj):
        shape = "".join(op[0] for op in path)
        points = [geometry.point(px, py, matrix) for _, px, py in path]
        if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
            shape, points = shape[:-2] + "h", points[:-1]
        if shape in ("mlh", "ml"):
            kind, pts = "line", points[:2]
        elif shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), last = points
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            kind, pts = ("rect" if last == points[0] and square else "curve"), points
        else:
            kind, pts = "curve", points
        xs = [p[0] for p in pts]
        tops = [p[1] for p in pts]
        left, right, top, bottom = min(xs), max(xs), min(tops), max(tops)
        item = {"object_type": kind, "x0": left, "x1": right, "top": top,
                "bottom": bottom, "doctop": top, "width": right - left, "height": bottom - top,
                "y0": geometry.height - bottom, "y1": geometry.height - top}
        if kind != "rect":
            item["pts"] = pts  # a curve's edges run between its points
        out[kind].append(item)


def _image_object(obj, matrix: Matrix, geometry: _Geometry, out: dict[str, list[dict]]) -> None:
    width, height = ctypes.c_uint(), ctypes.c_uint()
    if not pdfium_c.FPDFImageObj_GetImagePixelSize(obj, width, height):
        width.value = height.value = 0
    item = geometry.box(0.0, 0.0, 1.0, 1.0, matrix)
    item.update({"object_type": "image", "srcsize": (width.value, height.value)})
    out["image"].append(item)


def _walk(handles, parent: Matrix, geometry: _Geometry, out: dict[str, list[dict]], texts: list) -> None:
    """Every object, in the order it is drawn, into a form XObject's contents as pdfminer goes."""
    for obj in handles:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts.append(obj)  # its characters are placed by pdfium's text page, in page space
            continue
        matrix = _multiply(_matrix(obj), parent)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _path_objects(obj, matrix, geometry, out)
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            _image_object(obj, matrix, geometry, out)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            inner = [pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))]
            _walk(inner, matrix, geometry, out, texts)
        # shading objects: pdfminer makes nothing of `sh` either


def _object_address(handle) -> int:
    # pdfium hands out a new ctypes pointer for the same object at each call: its address identifies it
    return ctypes.addressof(handle.contents)


def _descent(obj, descents: dict[int, float]) -> float:
    """The descent (negative) of a text object's font per unit of font size; `descents` caches it per font."""
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    address = _object_address(font)
    if address not in descents:
        descent = ctypes.c_float()
        pdfium_c.FPDFFont_GetDescent(font, 1000.0, descent)
        descents[address] = min(descent.value, -descent.value) / 1000
    return descents[address]


def _space(obj, descents: dict[int, float]) -> tuple[float, float, float]:
    """A blank text object's font size, descent (negative) and the advance of a space, in page units, as
    pdfminer sizes its characters (half an em, a CJK font's space, where the font gives no width)."""
    matrix, size, width = pdfium_c.FS_MATRIX(), ctypes.c_float(), ctypes.c_float()
    pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
    pdfium_c.FPDFTextObj_GetFontSize(obj, size)  # the size set by Tf, before the text matrix
    points = size.value * matrix.d
    if pdfium_c.FPDFFont_GetGlyphWidth(pdfium_c.FPDFTextObj_GetFont(obj), ord(" "), size.value, width):
        advance = width.value * matrix.a
    else:
        advance = points / 2
    return points, _descent(obj, descents) * points, advance


def _blank(obj, drawn_fonts: dict[int, bool]) -> tuple[float, float] | None:
    """The origin of a text object drawing one glyph without outline (a space), or None.

    pdfium's text page leaves out a text object holding nothing but a space (and writes a space of its own
    where it sees a gap instead); pdfminer keeps it as a character, which splits a table cell's words.
    A glyph without outline says "blank" only where the font draws its characters: pdfium draws a font the file
    does not embed with one of the machine's fonts, and where none has the characters (a machine without CJK
    fonts) a 码 has no outline either. `drawn_fonts` caches, per font, whether the machine draws its characters.
    """
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    if not pdfium_c.FPDFFont_GetIsEmbedded(font):
        address = _object_address(font)
        if address not in drawn_fonts:
            drawn_fonts[address] = _draws_chinese(font)
        if not drawn_fonts[address]:
            return None
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return None
    if left.value != right.value or bottom.value != top.value:
        return None  # a glyph with an outline: a duplicate pdfium dropped (fake bold), or more than one space
    return left.value, bottom.value


def _draws_chinese(font) -> bool:
    """Whether pdfium has outlines for the font's common Chinese characters on this machine (一, 的, 表). Asked only
    for a font the PDF does not embed, and only where a blank object in it needs the answer. A character box is no
    evidence: pdfium sizes a missing glyph from the font's metrics."""
    for char in "一的表":
        path = pdfium_c.FPDFFont_GetGlyphPath(font, ord(char), 12.0)
        if path and pdfium_c.FPDFGlyphPath_CountGlyphSegments(path) > 0:
            return True
    return False


def _page_text(textpage, count: int) -> str | None:
    """The text page's characters in one call, one per index (None when a character needs two UTF-16 units)."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[:max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    return text if len(text) == count else None


def _returning_address(function, *argtypes):
    """`function` called with plain integers for handles and returning the handle's address as an int: ctypes then
    builds no pointer objects, which a per-character call pays for tens of thousands of times a page."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(function.restype if function.restype is ctypes.c_int else ctypes.c_void_p,
                            *argtypes)(address)


_TEXT_OBJECT = _returning_address(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p, ctypes.c_int)
_HAS_MAP_ERROR = _returning_address(pdfium_c.FPDFText_HasUnicodeMapError, ctypes.c_void_p, ctypes.c_int)
_IS_GENERATED = _returning_address(pdfium_c.FPDFText_IsGenerated, ctypes.c_void_p, ctypes.c_int)
_CHAR_ORIGIN = _returning_address(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
                                  ctypes.c_void_p)


def _chars(page: pypdfium2.PdfPage, texts: list, geometry: _Geometry) -> list[dict] | None:
    """The page's characters in the order they are drawn, with pdfminer's boxes, or None where pdfium's
    reading is in doubt."""
    # pdfium's functions bound once: this loop makes three or four calls per character, tens of thousands per page
    is_generated, has_map_error, text_object, char_origin = _IS_GENERATED, _HAS_MAP_ERROR, _TEXT_OBJECT, _CHAR_ORIGIN
    glyph_width = pdfium_c.FPDFFont_GetGlyphWidth
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    # text object → (font size, descent) in page units and its glyphs (text, x, baseline, right)
    glyphs: dict[int, tuple[float, float, list[tuple[str, float, float, float]]]] = {}
    descents: dict[int, float] = {}  # font → descent per 1000 units
    # (font, size) → character → the font's advance for it, or None: a page prints the same few hundred characters
    # in two or three fonts, so most characters ask pdfium a question it has answered
    advances: dict[tuple[int, float], dict[str, float | None]] = {}
    try:
        matrix, box = pdfium_c.FS_MATRIX(), pdfium_c.FS_RECTF()
        x, y, width = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
        x_out, y_out = ctypes.addressof(x), ctypes.addressof(y)
        font, font_size, stretch, known = None, 0.0, 1.0, {}
        count = pdfium_c.FPDFText_CountChars(textpage)
        text = _page_text(textpage, count)
        page_handle = ctypes.addressof(textpage.contents)
        current, current_glyphs = -1, []  # no address: a NULL text object (None) differs from it too
        for i in range(count):
            if text is None:
                char = chr(pdfium_c.FPDFText_GetUnicode(textpage, i))
            else:
                char = text[i]
            # pdfium adds spaces and line breaks of its own (not in the file), and only those
            if char in " \r\n" and is_generated(page_handle, i):
                continue
            if has_map_error(page_handle, i) == 1:
                return None  # pdfminer prints such a glyph as (cid:N)
            handle = text_object(page_handle, i)
            if handle != current:
                if handle in glyphs or not handle:
                    return None  # an object's characters not in one run: pdfium reordered them
                pdfium_c.FPDFText_GetMatrix(textpage, i, matrix)
                if matrix.b != 0 or matrix.c != 0 or matrix.a <= 0 or matrix.d <= 0:
                    return None  # rotated, skewed or mirrored text
                font_size = pdfium_c.FPDFText_GetFontSize(textpage, i)  # set by Tf, before the text matrix
                size, stretch = font_size * matrix.d, matrix.a
                obj = ctypes.cast(handle, pdfium_c.FPDF_PAGEOBJECT)
                font = pdfium_c.FPDFTextObj_GetFont(obj)
                known = advances.setdefault((_object_address(font), font_size), {})
                current, current_glyphs = handle, []
                glyphs[handle] = (size, _descent(obj, descents) * size, current_glyphs)
            char_origin(page_handle, i, x_out, y_out)
            # pdfminer's x1 is the origin plus the advance the font's widths (/W) give, as FPDFFont_GetGlyphWidth
            # reads them (it takes the Unicode); pdfium's own box where the font has no width for the character
            if char in known:
                advance = known[char]
            else:
                advance = known[char] = width.value if glyph_width(font, ord(char), font_size, width) else None
            if advance is not None:
                right = x.value + advance * stretch
            else:
                pdfium_c.FPDFText_GetLooseCharBox(textpage, i, box)
                right = box.right
            current_glyphs.append((char, x.value, y.value, right))
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    if geometry.rotation in (90, 270) and glyphs:
        # the page's /Rotate turns its text on its side: pdfminer's boxes for it are matched here, but the lines
        # rebuilt from sideways characters hang on differences of 1e-5 pt (which characters share a rounded top)
        return None
    upright = geometry.rotation in (0, 180)
    drawn_fonts: dict[int, bool] = {}  # font → whether this machine draws its Chinese characters (_blank)
    chars = []
    a, b, c, d, e, f = geometry.ctm
    left, base = geometry.bbox[0], geometry.bbox[1] + geometry.height
    simple = (a, b, c, d) == (1, 0, 0, 1)  # no page rotation: geometry.box without its general matrix
    # the rounded coordinates of the last baseline and right edge: a line's characters share their top and bottom,
    # and one character's right edge is usually the next one's origin, so most characters round one number, not four
    last_bottom, last_vertical, last_right, last_x1 = None, (0.0, 0.0), None, 0.0
    for obj in texts:
        size, below, drawn = glyphs.get(ctypes.addressof(obj.contents)) or (0.0, 0.0, None)
        if not drawn:
            origin = _blank(obj, drawn_fonts)
            if origin is None:
                return None
            # pdfminer may read U+3000 where this reads U+0020: both are blank to every reader here
            size, below, advance = _space(obj, descents)
            drawn = [(" ", origin[0], origin[1], origin[0] + advance)]
        last = len(drawn) - 1
        for index, (text, x0, baseline, right) in enumerate(drawn):
            if index < last:
                # the advance to float precision; the next glyph's origin gives it exactly unless character or word
                # spacing pushes that glyph further
                next_x, next_baseline = drawn[index + 1][1:3]
                if next_baseline == baseline and abs(next_x - right) < 0.01:
                    right = next_x
            bottom = baseline + below  # PDF space, bottom-up
            if simple and x0 <= right:
                if (bottom, size) != last_bottom:
                    last_bottom = (bottom, size)
                    last_vertical = (round(base - (bottom + size + f), _DIGITS), round(base - (bottom + f), _DIGITS))
                top_, bottom_ = last_vertical
                x0_ = last_x1 if x0 == last_right else round(left + (x0 + e), _DIGITS)
                last_right, last_x1 = right, round(left + (right + e), _DIGITS)
                height = bottom_ - top_
                chars.append({"x0": x0_, "x1": last_x1, "top": top_, "bottom": bottom_, "doctop": top_,
                              "width": last_x1 - x0_, "height": height, "object_type": "char", "text": text,
                              "upright": upright, "size": height})
                continue
            char = geometry.box(x0, bottom, right, bottom + size, geometry.ctm)
            char["object_type"], char["text"], char["upright"] = "char", text, upright
            char["size"] = char["height"]  # pdfminer: the height, upright or not (horizontal writing)
            chars.append(char)
    return chars


def read_page(page: pypdfium2.PdfPage, page_number: int) -> PdfiumPage | None:
    """The page's objects as pdfplumber would give them, or None when pdfium's reading may differ."""
    geometry = _Geometry(page)
    out: dict[str, list[dict]] = {"char": [], "line": [], "rect": [], "curve": [], "image": []}
    texts: list = []
    raw = page.raw
    try:
        _walk([pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))],
              geometry.ctm, geometry, out, texts)
    except ValueError:
        return None
    chars = _chars(page, texts, geometry) if texts else []
    if chars is None:
        return None
    out["char"] = chars
    for kind in ("line", "rect", "curve", "image"):
        for item in out[kind]:
            item["page_number"] = page_number
    return PdfiumPage(page_number, geometry.bbox, {kind: items for kind, items in out.items() if items})
