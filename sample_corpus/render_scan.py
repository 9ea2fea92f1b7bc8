"""Scans made from a PDF: each page rendered to an image as a scanner would see it (a small tilt, sensor noise, a
blur, JPEG compression), then written as an image-only PDF or as image files. The text layer of the PDF the scan
was made from is what OCR of the scan should read back.

`Distortion` says how rough the scan is; `SCAN` is the one the sample corpus uses.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter


@dataclass(frozen=True)
class Distortion:
    name: str
    max_skew: float = 0.0  # degrees, drawn uniformly in ±max_skew per page
    noise: float = 0.0  # standard deviation of Gaussian sensor noise, in grey levels
    specks: float = 0.0  # share of pixels flipped to black or white (dust, toner)
    blur: float = 0.0  # Gaussian blur radius in pixels (focus, paper texture)
    jpeg_quality: int | None = None  # the pages are stored as JPEG at this quality; None: lossless


CLEAN = Distortion("clean")
SCAN = Distortion("scan", max_skew=1.0, noise=6.0, specks=0.0005, blur=0.4, jpeg_quality=80)
ROUGH = Distortion("rough", max_skew=1.0, noise=14.0, specks=0.002, blur=0.8, jpeg_quality=45)
DISTORTIONS = {d.name: d for d in (CLEAN, SCAN, ROUGH)}


def render_pages(pdf: bytes, dpi: int = 200, pages: list[int] | None = None) -> list[Image.Image]:
    """Pages (0-based indexes; all by default) rendered in grey at `dpi`."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        indexes = range(len(document)) if pages is None else pages
        return [document[i].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for i in indexes]
    finally:
        document.close()


def distort(page: Image.Image, distortion: Distortion, rng: random.Random) -> Image.Image:
    image = page.convert("L")
    if distortion.max_skew:
        angle = rng.uniform(-distortion.max_skew, distortion.max_skew)
        image = image.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if distortion.blur:
        image = image.filter(ImageFilter.GaussianBlur(distortion.blur))
    if distortion.noise or distortion.specks:
        pixels = np.asarray(image, dtype=np.float32)
        generator = np.random.default_rng(rng.randrange(2**32))
        if distortion.noise:
            pixels = pixels + generator.normal(0, distortion.noise, pixels.shape)
        if distortion.specks:
            flip = generator.random(pixels.shape)
            pixels[flip < distortion.specks / 2] = 0
            pixels[flip > 1 - distortion.specks / 2] = 255
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    if distortion.jpeg_quality:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=distortion.jpeg_quality)
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("L")
    return image


def scan(pdf: bytes, dpi: int = 200, distortion: Distortion = SCAN, seed: int = 0,
         pages: list[int] | None = None) -> list[Image.Image]:
    rng = random.Random(seed)
    return [distort(page, distortion, rng) for page in render_pages(pdf, dpi, pages)]


def image_only_pdf(images: list[Image.Image], dpi: int, jpeg_quality: int | None = 80) -> bytes:
    """A PDF whose pages are nothing but these images, each page the size the image was scanned at."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for image in images:
        width, height = image.size[0] * 72 / dpi, image.size[1] * 72 / dpi
        pdf.setPageSize((width, height))
        stored = io.BytesIO()
        if jpeg_quality:  # a JPEG is embedded as it is (DCTDecode), as scanners write them
            image.save(stored, "JPEG", quality=jpeg_quality)
        else:
            image.save(stored, "PNG")
        stored.seek(0)
        pdf.drawImage(ImageReader(stored), 0, 0, width, height)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_file(images: list[Image.Image], file_format: str, dpi: int, jpeg_quality: int = 80) -> bytes:
    """The scan as one image file: PNG or JPEG (the first page only) or TIFF (every page)."""
    buffer = io.BytesIO()
    if file_format == "tiff":
        images[0].save(buffer, "TIFF", save_all=True, append_images=images[1:], dpi=(dpi, dpi), compression="tiff_lzw")
    elif file_format == "jpeg":
        images[0].save(buffer, "JPEG", quality=jpeg_quality, dpi=(dpi, dpi))
    elif file_format == "png":
        images[0].save(buffer, "PNG", dpi=(dpi, dpi))
    else:
        raise ValueError(f"unknown image format {file_format!r}")
    return buffer.getvalue()
