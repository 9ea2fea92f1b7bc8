"""Text dumps: tab-separated table rows, or plain lines, in UTF-8 or GBK/GB18030."""

from __future__ import annotations

import re

from ingestion.records import Block, ParsedDocument

# Converter noise that carries no content.
_NOISE_RE = re.compile(r"\[(?:bookmark|image)[^\]]*\]|</?b>|</?i>")
_HEADING_RE = re.compile(r"^#{1,6}\s+")


def decode_text(data: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace"), "utf-8-replaced"


def clean_line(line: str) -> str:
    return _NOISE_RE.sub("", line)


def read_text(data: bytes) -> ParsedDocument:
    text, encoding = decode_text(data)
    blocks: list[Block] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = clean_line(raw).rstrip("\r\n")
        if "\t" in line:
            cells = tuple(c.replace("\u3000", " ").strip() for c in line.split("\t"))
            if sum(1 for c in cells if c) >= 2:
                blocks.append(Block("row", cells, None, line_no))
                continue
        stripped = _HEADING_RE.sub("", line.replace("\t", " ").replace("\u3000", " ")).strip()
        if stripped:
            blocks.append(Block("text", (stripped,), None, line_no))
    warnings = [] if encoding.startswith("utf-8") else [f"decoded as {encoding}"]
    return ParsedDocument("text", None, blocks, has_text_layer=bool(blocks), warnings=warnings)
