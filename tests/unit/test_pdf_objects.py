"""The PDF reader on pdfium's page objects against the same reader on pdfplumber's (pdfminer's) objects.

Every page of every corpus PDF and of generated PDFs of varied layouts must give the same blocks (cells, page,
line, table and row indices) both ways, so the same facts; pages turned by /Rotate or with a shifted MediaBox or a
CropBox too. Characters, ruling lines, rectangles and images are compared object by object, table cells are found
as pdfplumber finds them, and a page pdfium cannot be sure of is read with pdfminer and named in the warnings.
The corpus cases skip, saying why, where ../shared/corpus is absent.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from pdfplumber.table import edges_to_intersections, intersections_to_cells

from ingestion.readers.pdf import read_pdf
from ingestion.readers.pdf_objects import read_page
from ingestion.readers.pdf_tables import _cells
from ingestion.readers.scanned import image_regions, scan_dpi
from tests.conftest import CORPUS

CORPUS_PDFS = sorted((CORPUS / "pdf").glob("*.pdf")) + sorted((CORPUS / "budget").glob("*.pdf"))
NO_CORPUS = f"real corpus PDFs not found under {CORPUS}/pdf and /budget (../shared/corpus is absent)"


def _rows(parsed) -> list[tuple]:
    return [(b.kind, b.cells, b.page, b.line_no, b.source_table, b.row_index) for b in parsed.blocks]


def _assert_reads_alike(data: bytes, name: str, left_to_pdfminer: bool = False) -> None:
    reference = read_pdf(data, ocr=False, pdfium=False)  # every page through pdfplumber, as before
    fast = read_pdf(data, ocr=False)
    left = [w for w in fast.warnings if "pdfminer" in w]
    assert bool(left) == left_to_pdfminer, f"{name}: pages left to pdfminer: {left}"
    fast.warnings = [w for w in fast.warnings if w not in left]
    expected, got = _rows(reference), _rows(fast)
    differing = [(e, g) for e, g in zip(expected, got) if e != g]
    report = "\n".join(f"  pdfplumber {e}\n  pdfium     {g}" for e, g in differing[:5])
    assert not differing and len(expected) == len(got), f"{name}: {len(differing)} blocks differ\n{report}"
    assert expected, f"{name}: nothing read"
    assert (fast.page_count, fast.has_text_layer, fast.warnings) == \
        (reference.page_count, reference.has_text_layer, reference.warnings)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    from sample_corpus import generate_corpus

    folder = tmp_path_factory.mktemp("pdfium")
    generate_corpus(folder / "inbox", folder / "expected", n=8, seed=20, formats=("pdf",), layouts="varied")
    paths = sorted((folder / "inbox").glob("*.pdf"))
    assert len(paths) == 8
    return paths


@pytest.mark.parametrize("path", CORPUS_PDFS or [None], ids=lambda p: p.name if p else "corpus-absent")
def test_corpus_pdf_reads_alike_through_pdfium(path):
    if path is None:
        pytest.skip(NO_CORPUS)
    _assert_reads_alike(path.read_bytes(), path.name)


def test_generated_pdfs_of_varied_layouts_read_alike(generated):
    for path in generated:
        _assert_reads_alike(path.read_bytes(), path.name)


def _variant(data: bytes, change) -> bytes:
    document = pypdfium2.PdfDocument(data)
    for index in range(len(document)):
        change(document[index])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("variant", ["rotate 90", "rotate 180", "rotate 270", "mediabox offset", "cropbox"])
def test_turned_and_shifted_pages_read_alike(generated, variant):
    """Text turned on its side by /Rotate 90 or 270 is left to pdfminer (and said so); the rest is read by pdfium."""
    changes = {
        "rotate 90": lambda page: page.set_rotation(90),
        "rotate 180": lambda page: page.set_rotation(180),
        "rotate 270": lambda page: page.set_rotation(270),
        "mediabox offset": lambda page: pdfium_c.FPDFPage_SetMediaBox(page.raw, 10, 20, 605.28, 861.89),
        "cropbox": lambda page: pdfium_c.FPDFPage_SetCropBox(page.raw, 30, 40, 500, 800),
    }
    _assert_reads_alike(_variant(generated[0].read_bytes(), changes[variant]), f"{generated[0].name}, {variant}",
                        left_to_pdfminer=variant in ("rotate 90", "rotate 270"))


def _objects_alike(path_or_data) -> None:
    """pdfium's characters, lines, rectangles and curves equal pdfminer's, page by page, to 1e-3 pt."""
    source = io.BytesIO(path_or_data) if isinstance(path_or_data, bytes) else path_or_data
    document = pypdfium2.PdfDocument(path_or_data)
    with pdfplumber.open(source) as pdf:
        for index, page in enumerate(pdf.pages):
            mine = read_page(document[index], index + 1)
            assert mine is not None, f"page {index + 1} left to pdfminer"
            assert mine.bbox == pytest.approx(page.bbox, abs=1e-3)
            for kind, keys in (("char", ("x0", "x1", "top", "bottom", "size")), ("line", ("x0", "x1", "top", "bottom")),
                               ("rect", ("x0", "x1", "top", "bottom")), ("curve", ("x0", "x1", "top", "bottom"))):
                expected, got = page.objects.get(kind, []), mine.objects.get(kind, [])
                assert len(expected) == len(got), (index + 1, kind)
                for e, g in zip(expected, got):
                    # a blank glyph pdfium drops reads as U+0020 where pdfminer may give U+3000: both are blank
                    same_text = e.get("text") == g.get("text") or (e.get("text", "x").isspace() and g["text"] == " ")
                    assert same_text, (index + 1, e.get("text"), g.get("text"))
                    assert [g[k] for k in keys] == pytest.approx([e[k] for k in keys], abs=1e-3), (index + 1, kind, e)
                    if kind == "char":
                        assert g["upright"] == e["upright"]
            points = edges_to_intersections(page.edges, 3, 3)  # pdfplumber's defaults
            assert _cells(points) == intersections_to_cells(points), f"page {index + 1}: cells differ"
            page.flush_cache()


def test_page_objects_match_pdfminers_on_a_generated_pdf(generated):
    _objects_alike(str(generated[1]))


def test_page_objects_match_pdfminers_on_corpus_pdfs():
    wanted = [p for p in CORPUS_PDFS if p.name.startswith(("putuo-finance-bureau", "putuo-district-office-2025-budget-unit"))]
    if not wanted:
        pytest.skip(NO_CORPUS)
    for path in wanted:  # letter-spaced table text (Tc); one text object per glyph with spaces pdfium drops
        _objects_alike(str(path))


def _canvas_pdf(draw) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(595.0, 842.0))
    page.setFont("STSong-Light", 12)
    draw(page)
    page.showPage()
    page.save()
    return buffer.getvalue()


def test_images_for_ocr_come_from_pdfium():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    picture = io.BytesIO()
    Image.new("L", (1000, 600), 255).save(picture, "PNG")

    def draw(page):
        page.drawString(72, 800, "一、部门决算表（以下表格为图片）")
        picture.seek(0)
        page.drawImage(ImageReader(picture), 50, 300, 360, 216)  # 1000 px over 5 inches: 200 dpi
        page.drawImage(ImageReader(io.BytesIO(picture.getvalue())), 500, 780, 40, 24)  # a logo: not read

    data = _canvas_pdf(draw)
    mine = read_page(pypdfium2.PdfDocument(data)[0], 1)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        assert len(mine.images) == len(page.images) == 2
        for e, g in zip(page.images, mine.images):
            box = ("x0", "top", "x1", "bottom")
            assert [g[k] for k in box] == pytest.approx([e[k] for k in box], abs=1e-3)
            assert tuple(g["srcsize"]) == tuple(e["srcsize"])
        regions, expected = image_regions(mine), image_regions(page)
        assert len(regions) == len(expected) == 1  # the table picture; the logo is too small to read
        assert list(regions[0]) == pytest.approx(list(expected[0]), abs=1e-3)
        assert scan_dpi(mine) == pytest.approx(scan_dpi(page)) == pytest.approx(200)


def test_a_page_pdfium_may_read_otherwise_goes_to_pdfminer_and_says_so():
    def draw(page):
        page.drawString(72, 800, "收入支出决算表")
        page.line(72, 780, 520, 780)
        page.saveState()
        page.translate(300, 400)
        page.rotate(90)  # text pdfium would read turned: left to pdfminer
        page.drawString(0, 0, "单位：万元")
        page.restoreState()

    data = _canvas_pdf(draw)
    assert read_page(pypdfium2.PdfDocument(data)[0], 1) is None
    fast, reference = read_pdf(data, ocr=False), read_pdf(data, ocr=False, pdfium=False)
    assert _rows(fast) == _rows(reference)
    assert any("pdfminer" in w and w.endswith(": 1") for w in fast.warnings), fast.warnings


# pdfium started with a font folder of our choosing (an empty one: a machine without CJK fonts), then the page read
_WITHOUT_MACHINE_FONTS = """
import ctypes, sys
import pypdfium2.raw as pdfium_c
from pypdfium2 import _library_scope
_library_scope.destroy_lib()
folder = ctypes.cast(ctypes.create_string_buffer(sys.argv[1].encode()), ctypes.POINTER(ctypes.c_char))
paths = (ctypes.POINTER(ctypes.c_char) * 2)(folder, None)
pdfium_c.FPDF_InitLibraryWithConfig(pdfium_c.FPDF_LIBRARY_CONFIG(
    version=2, m_pUserFontPaths=ctypes.cast(paths, ctypes.POINTER(ctypes.POINTER(ctypes.c_char))), m_pIsolate=None,
    m_v8EmbedderSlot=0))
_library_scope.bases.LIBRARY_AVAILABLE = True
from ingestion.readers.pdf import read_pdf
parsed = read_pdf(open(sys.argv[2], "rb").read(), ocr=False)
print(repr([(b.kind, b.cells, b.page, b.line_no, b.source_table, b.row_index) for b in parsed.blocks]))
print(repr(parsed.warnings))
"""


def test_a_font_the_file_does_not_embed_reads_the_same_on_a_machine_without_cjk_fonts(tmp_path):
    """A one-character text object (a header's 码 broken onto its own line) in a font the PDF does not embed has
    no outline where the machine has no font with the character: it must not read as a blank (a space), so that
    the header and the code column it names are read the same on every machine."""

    def draw(page):
        page.drawString(72, 800, "科目编")
        page.drawString(72, 786, "码")
        page.drawString(160, 800, "项目")

    pdf = tmp_path / "header.pdf"
    pdf.write_bytes(_canvas_pdf(draw))
    (tmp_path / "no_fonts").mkdir()
    done = subprocess.run([sys.executable, "-c", _WITHOUT_MACHINE_FONTS, str(tmp_path / "no_fonts"), str(pdf)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[2], check=True)
    rows, warnings = done.stdout.strip().splitlines()
    assert "码" in rows
    assert rows == repr(_rows(read_pdf(pdf.read_bytes(), ocr=False, pdfium=False)))
    assert "pdfminer" in warnings  # the page pdfium could not be sure of, named


def test_a_blank_object_in_a_font_the_machine_draws_stays_with_pdfium():
    """A space drawn as a text object of its own in a font the PDF does not embed is read by pdfium where the machine
    has a font with its CJK characters (the page is not left to pdfminer), as pdfminer reads it."""

    def draw(page):
        page.drawString(72, 800, "收入决算表")
        page.drawString(160, 800, " ")  # a space object of its own, as some converters write between words
        page.drawString(172, 800, "单位：万元")

    data = _canvas_pdf(draw)
    document = pypdfium2.PdfDocument(data)
    page = document[0]  # held: the page's objects live as long as it does
    font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFPage_GetObject(page.raw, 0))
    path = pdfium_c.FPDFFont_GetGlyphPath(font, ord("收"), 12.0)
    if not path or pdfium_c.FPDFGlyphPath_CountGlyphSegments(path) <= 0:
        pytest.skip("this machine has no font with CJK characters (Debian: fonts-noto-cjk)")
    mine = read_page(page, 1)
    assert mine is not None, "left to pdfminer"
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert [c["text"] for c in mine.chars] == [c["text"] for c in pdf.pages[0].chars]
    assert " " in [c["text"] for c in mine.chars]
