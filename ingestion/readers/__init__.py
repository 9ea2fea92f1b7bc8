"""Readers turn a file into a ParsedDocument (a stream of text lines and table rows); scans (image-only PDF pages,
image files) are read by OCR into the same stream."""

from __future__ import annotations

from pathlib import Path

from ingestion.readers.sniff import UnsupportedFormat, sniff_format
from ingestion.records import ParsedDocument

IMAGE_FORMATS = ("png", "jpeg", "tiff")


def read_document(path: Path, data: bytes | None = None) -> ParsedDocument:
    """Read any supported file; the format comes from its bytes, not its extension."""
    data = path.read_bytes() if data is None else data
    file_format = sniff_format(data, path.name)
    if file_format == "pdf":
        from ingestion.readers.pdf import read_pdf

        return read_pdf(data)
    if file_format == "docx":
        from ingestion.readers.docx import read_docx

        return read_docx(data)
    if file_format == "xlsx":
        from ingestion.readers.xlsx import read_xlsx

        return read_xlsx(data)
    if file_format in IMAGE_FORMATS:  # a scan: every page is read by OCR
        from ingestion.readers.image import read_image

        return read_image(data, file_format)
    if file_format == "text":
        from ingestion.readers.text import read_text

        return read_text(data)
    raise UnsupportedFormat(f"unsupported format {file_format!r}")


__all__ = ["IMAGE_FORMATS", "read_document", "sniff_format", "UnsupportedFormat"]
