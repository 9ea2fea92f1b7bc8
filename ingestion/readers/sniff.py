"""Decide a file's format from its content: extensions lie."""

from __future__ import annotations

import io
import zipfile


class UnsupportedFormat(ValueError):
    pass


class EmptyFile(ValueError):
    pass


def sniff_format(data: bytes, name: str = "") -> str:
    if not data.strip():
        raise EmptyFile("file is empty")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile as exc:
            raise UnsupportedFormat(f"corrupt zip container: {exc}") from exc
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        raise UnsupportedFormat("zip archive that is neither Word nor Excel")
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    if data[:3] == b"\xff\xd8\xff":
        return "jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnsupportedFormat("legacy Office binary (.doc/.xls): convert to .docx/.xlsx")
    if _looks_like_text(data):
        return "text"
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    raise UnsupportedFormat(f"binary content not recognised (extension {suffix or 'none'})")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # a multi-byte character cut at the sample's end is still text
            if exc.start >= len(sample) - 4 and len(data) > len(sample):
                return True
    return False
