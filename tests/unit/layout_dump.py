"""A PDF as a layout-keeping converter (pdftotext -layout) leaves it: each line's words at the column their x
position gives (a fixed pitch of half the font size), at least one space apart. Tests read such dumps of the
corpus PDFs as text and compare their facts with the PDF's own."""

from __future__ import annotations

import statistics

import pypdfium2

from ingestion.readers.pdf_objects import read_page


def _lines(chars: list[dict]) -> list[list[dict]]:
    lines: list[dict] = []
    for char in sorted(chars, key=lambda c: (round(c["top"], 1), c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        for line in reversed(lines[-3:]):
            if line["top"] - 0.5 <= middle <= line["bottom"] + 0.5:
                line["chars"].append(char)
                line["top"], line["bottom"] = min(line["top"], char["top"]), max(line["bottom"], char["bottom"])
                break
        else:
            lines.append({"top": char["top"], "bottom": char["bottom"], "chars": [char]})
    return [sorted(line["chars"], key=lambda c: c["x0"]) for line in lines]


def page_text(chars: list[dict]) -> list[str]:
    chars = [c for c in chars if c["text"].strip()]
    if not chars:
        return []
    pitch = statistics.median(c["bottom"] - c["top"] for c in chars) / 2
    out = []
    for line in _lines(chars):
        words, word = [], [line[0]]
        for before, char in zip(line, line[1:]):
            if char["x0"] - before["x1"] > pitch * 0.6:
                words.append(word)
                word = []
            word.append(char)
        words.append(word)
        text = ""
        for word in words:
            column = max(round(word[0]["x0"] / pitch), len(text) + 1 if text else 0)
            text += " " * (column - len(text)) + "".join(c["text"] for c in word)
        out.append(text)
    return out


def layout_dump(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    lines: list[str] = []
    try:
        for index in range(len(document)):
            page = read_page(document[index], index + 1)
            if page is not None:
                lines += page_text(page.objects.get("char", [])) + ["", f"- {index + 1} -", ""]
    finally:
        document.close()
    return "\n".join(lines)
