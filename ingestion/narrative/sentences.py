"""The prose itself, kept sentence by sentence: headings, titles, sentences and the prose cells of forms.

Figures are not the only thing a reviewer checks. A heading may name another department or year, a comparison
word may contradict the amounts beside it, a sentence may be cut off, a form's own text may state a rate its
table does not print. Those checks read the words, so every sentence is kept with the section it stands in and
where it is printed (page for PDF, line for text).

Paragraphs come from the one paragraph builder (ingestion.text.paragraphs), so a sentence here is the sentence
the figures were read from. Headings are what that builder takes as headings (heading_level), read again line by
line because it consumes them. A sentence keeps its run of closing punctuation ("。。", "。”") so that doubled or
unbalanced punctuation stays visible. Multi-cell table rows are not prose; only their cells that read as prose
(a form's 项目实施和预算执行情况 or 评价结论 text) are kept, as kind "cell".
"""

from __future__ import annotations

import re

from ingestion.records import Block, NarrativeSentence
from ingestion.text.normalise import fold
from ingestion.text.paragraphs import heading_level, reconstruct_units

_CN = "一二三四五六七八九十"
_ANNEX_RE = re.compile(rf"^附件\s*[\d{_CN}]*\s*(?::\s*\S.*)?$")
# a table-of-contents entry: a heading with its page number after dots or spaces
_TOC_TAIL_RE = re.compile(r"(?:\s*[.…·]{2,}\s*|\s+)\d{1,3}$")
_STOPS = "。!?！？"
_CLOSERS = "”’」』)）】"
# a cell is prose when it says something in words: a clause mark, or a figure with its unit
_PROSE_CELL_RE = re.compile(r"[，,。；;]|\d\s*(?:万元|元|%|个|人)")


def _spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a sentence runs to its stop, takes every stop printed right after it ("。。" stays one
    sentence, so the doubling is visible) and the closing quotes or brackets that follow."""
    spans, start, i, n = [], 0, 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _STOPS or (ch == "." and _is_full_stop(text, i)):
            j = i + 1
            while j < n and (text[j] in _STOPS or text[j] in _CLOSERS or text[j].isspace()):
                j += 1
            spans.append((start, j))
            start = i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _is_full_stop(text: str, i: int) -> bool:
    """A '.' that ends a sentence, not a decimal point or a list number ("1." "3.5")."""
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return bool(before) and not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip()


def _title_like(text: str) -> bool:
    """A short line standing on its own without a sentence inside: a cover title, a table's title."""
    folded = fold(text).strip()
    if not folded or len(folded) > 60 or folded[-1] in "。;;,:：":
        return False
    return not re.search(r"[,;。!?]", folded)


def _heading_lines(blocks: list[Block]):
    """(kind, level, text, page, line_no) of every heading line and table-of-contents entry."""
    for block in blocks:
        if block.source_table is not None:
            continue  # a row label ("十、节能环保支出") printed alone in a table row is no heading of the prose
        cells = [c for c in block.cells if c and c.strip()]
        if block.kind == "row" and len(cells) != 1:
            continue
        text = _clean(" ".join(cells))
        if not text:
            continue
        folded = fold(text)
        annex = _ANNEX_RE.match(folded) is not None and len(folded) <= 40
        level = 0 if annex else heading_level(folded)
        if level is None:
            continue
        kind = "toc" if not annex and _TOC_TAIL_RE.search(folded) else "heading"
        yield kind, level, text, block.page, block.line_no


def _prose_cells(blocks: list[Block]):
    """(text, page, line_no) of the cells of multi-cell rows that read as prose."""
    for block in blocks:
        if block.kind != "row":
            continue
        cells = [_clean(c) for c in block.cells if c and c.strip()]
        if len(cells) < 2:
            continue
        for cell in cells:
            if len(cell) >= 12 and re.search(r"[\u4e00-\u9fff]", cell) and _PROSE_CELL_RE.search(cell):
                yield cell, block.page, block.line_no


def read_sentences(blocks: list[Block]) -> list[NarrativeSentence]:
    """Every heading, title, sentence and prose cell of the document, in reading order."""
    # (line_no, order within its paragraph, paragraph key, kind, level, section, text, page)
    items: list[tuple[int, int, tuple, str, int | None, str | None, str, int | None]] = []
    section_at_line: dict[int, str | None] = {}
    for number, unit in enumerate(reconstruct_units(blocks)):
        if unit.caption:
            continue  # a chart's labels and values, not prose
        if unit.section_at is not None:
            section_at_line.setdefault(unit.section_at[1], unit.section)
        kind = "cell" if unit.table_cells else "sentence"
        spans = _spans(unit.raw)
        if kind == "sentence" and len(spans) == 1 and _title_like(unit.raw):
            kind = "title"
        for order, (start, end) in enumerate(spans):
            lead = len(unit.raw[start:end]) - len(unit.raw[start:end].lstrip())
            page, line_no = unit.locate(start + lead)
            items.append((line_no, order, ("unit", number), kind, None, unit.section, _clean(unit.raw[start:end]), page))
    for kind, level, text, page, line_no in _heading_lines(blocks):
        items.append((line_no, -1, ("heading", line_no), kind, level, section_at_line.get(line_no), text, page))
    for number, (text, page, line_no) in enumerate(_prose_cells(blocks)):
        for order, (start, end) in enumerate(_spans(text)):
            items.append((line_no, order, ("cell", number), "cell", None, None, _clean(text[start:end]), page))
    items.sort(key=lambda item: (item[0], item[1]))
    sentences: list[NarrativeSentence] = []
    paragraphs: dict[tuple, int] = {}
    section: str | None = None
    for index, (line_no, _, key, kind, level, item_section, text, page) in enumerate(items):
        paragraph = paragraphs.setdefault(key, len(paragraphs))
        # a heading the paragraph builder did not take as a section start keeps the section it stands in
        section = item_section or section
        sentences.append(NarrativeSentence(
            sentence_index=index, paragraph_index=paragraph, kind=kind, level=level, section=section, text=text,
            page=page, line_no=line_no,
        ))
    return sentences
