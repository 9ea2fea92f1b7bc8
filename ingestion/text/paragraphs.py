"""Paragraphs and sentences rebuilt from a block stream, as converters and PDF lines leave them.

Converters split sentences over many short lines and PDF lines wrap mid-sentence. A line is glued to the
previous one unless the previous one ends a sentence (。；！？), is a heading, or the new line is a heading
or a list item ("1." "（一）" "一、"). Table-of-contents entries (headings with a trailing page number) are
dropped, the current 一、… section heading is tracked (annexes named in it), chart captions are marked, and
each paragraph ("unit") keeps the page (PDF) or line number (text) of every line it joined, so a position
in the paragraph can be traced back to where it is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.records import Block
from ingestion.text.normalise import fold

_CN = "一二三四五六七八九十"


_PART_RE = re.compile(rf"^第[{_CN}]+部分")
_ANNEX_RE = re.compile(rf"^附件\s*[\d{_CN}]*\s*(?::\s*\S.*)?$")
_L1_RE = re.compile(rf"^[{_CN}]{{1,3}}\s*[、.]\s*(?=\S)")
_L2_RE = re.compile(rf"^\(\s*[{_CN}]{{1,3}}\s*\)")
_LIST_RE = re.compile(
    rf"^(?:\d{{1,2}}\s*[.、](?!\d)|\(\s*\d{{1,2}}\s*\)|\(\s*[{_CN}]{{1,3}}\s*\)|[{_CN}]{{1,3}}\s*[、.](?!\d)"
    rf"|[①-⑳]|[-•·*]\s|第[{_CN}]+条)"
)
_CAPTION_RE = re.compile(rf"^图表?\s*[\d{_CN}]+\s*[:、.]?")
_TOC_TAIL_RE = re.compile(r"(?:\s*[.…·]{2,}\s*|\s+)\d{1,3}$")
_UNIT_LINE_RE = re.compile(r"^(?:金额)?单位\s*[:]\s*(万元|元|千元|亿元)\s*$")
_L1_WITH_BODY_RE = re.compile(rf"^[{_CN}]{{1,3}}\s*[、.]\s*[^,;:。!?\d]{{2,30}}?(?:情况说明|的说明|情况|说明)(?=\S)")
_PAGE_NO_RE = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[-—–\s]*$|^\d{1,3}\s*/\s*\d{1,3}$")
_SENTENCE_END = "。;!?"
_NUMBER_LINE_RE = re.compile(r"^\s*[-+]?[\d,.]+\s*%?\s*$")
_QUOTED_CODE_PATH_RE = re.compile(r"“[^“”]*-")  # “一般公共服务支出-政府办公厅（室）及相关机构事务-行政运行”


def _heading_like(body: str) -> bool:
    text = body.strip()
    if not text or len(text) > 40:
        return False
    inner = text[:-1] if text.endswith(("。", ".")) else text
    if re.search(r"[,;:。!?]", inner):
        return False
    return not re.search(r"\d+(?:\.\d+)?\s*(?:万元|元|%)", text)


def heading_level(folded_line: str) -> int | None:
    """0 for 第X部分, 1 for 一、…, 2 for （一）…; None for anything that is not a heading."""
    text = folded_line.strip()
    if _PART_RE.match(text) and _heading_like(text):
        return 0
    if _L1_RE.match(text) and _heading_like(text):
        return 1
    if _L2_RE.match(text) and _heading_like(text):
        return 2
    return None


def _is_stop(text: str, i: int) -> bool:
    """A sentence end at text[i]: 。！？, or a full stop that is not a decimal point or list number."""
    ch = text[i]
    if ch in "。!?":
        return True
    if ch != ".":
        return False
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return bool(before) and not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _ends_sentence(folded: str) -> bool:
    text = folded.rstrip().rstrip("”\"’')")
    return bool(text) and (text[-1] in _SENTENCE_END or _is_stop(text, len(text) - 1))


def _title_item(unit: "Unit") -> bool:
    """A numbered line that is a title of its own ("1、预算绩效管理工作开展情况"), not a sentence start."""
    if len(unit.starts) != 1 or not unit.list_item:
        return False
    folded = unit.folded.strip()
    if "(类)" in folded or "(款)" in folded or folded.endswith(("、", "(", "“")):
        return False
    if _QUOTED_CODE_PATH_RE.search(folded):
        # “类-款-项”科目562. / “一般公共服务支出-政府办公厅（室）及相关机构事务- / “…-行政运行”科 : a budget's code
        # line that a text conversion wrapped inside its quoted code path or its amount
        return False
    if unit.starts[0][1] is not None and len(folded) >= 20:
        return False  # a PDF line this long is a wrapped sentence
    return _heading_like(_LIST_RE.sub("", folded, count=1))


@dataclass
class Unit:
    """A reconstructed paragraph: printed text, its folded twin, where each joined line starts."""

    raw: str = ""
    folded: str = ""
    section: str | None = None
    caption: bool = False
    caption_unit: str | None = None  # the 单位：万元 printed with a chart
    list_item: bool = False  # starts with "1." "（一）" …: absorbs the paragraphs up to the next item
    starts: list[tuple[int, int | None, int]] = field(default_factory=list)  # (offset, page, line_no)
    # the section heading's ordinal in the document (0: before any heading) and where it is printed
    section_index: int = 0
    section_at: tuple[int | None, int] | None = None
    subheading: str | None = None  # the （一）… heading the paragraph stands under inside its section
    # every line is a cell of a table the reader recognised (a form converted one cell per line): not prose
    table_cells: bool = True

    def append(self, raw_line: str, page: int | None, line_no: int, table_cell: bool = False) -> None:
        if self.starts and _NUMBER_LINE_RE.match(self.folded[self.starts[-1][0] :]) and fold(raw_line[:1]).isdigit():
            # table cells one per line ("80.00" "80.00"): keep them from merging into one number, while
            # a number wrapped inside a sentence ("完成预算1" "03.17%") is joined back
            self.raw += " "
            self.folded += " "
        self.starts.append((len(self.raw), page, line_no))
        self.table_cells = self.table_cells and table_cell
        self.raw += raw_line
        self.folded += fold(raw_line)

    def locate(self, offset: int) -> tuple[int | None, int]:
        page, line_no = self.starts[0][1], self.starts[0][2]
        for start, p, n in self.starts:
            if start > offset:
                break
            page, line_no = p, n
        return page, line_no


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str | None
    page: int | None
    line_no: int


def _lines(blocks: list[Block]):
    """(text, page, line_no, is a table cell) per text line; None where a multi-cell table row interrupts the text."""
    for block in blocks:
        if block.kind == "row":
            cells = [c.strip() for c in block.cells if c and c.strip()]
            if len(cells) != 1:
                yield None
                continue
            text = cells[0]
        else:
            text = " ".join(c for c in block.cells if c)
        yield text.replace("\u3000", " ").strip(), block.page, block.line_no, block.source_table is not None


def reconstruct_units(blocks: list[Block]) -> list[Unit]:
    """Join converter fragments into paragraphs, tracking the section and chart captions."""
    units: list[Unit] = []
    state = {"current": None, "section": None, "annex": None, "caption": False, "caption_unit": None, "after_heading": False,
             "section_index": 0, "section_at": None, "subheading": None}

    def flush() -> None:
        current = state["current"]
        if current is not None and current.raw.strip():
            units.append(current)
        state["current"] = None

    def heading(raw: str, level: int, page: int | None, line_no: int) -> None:
        flush()
        title = re.sub(r"\s+", " ", raw).strip()
        if level == 0:
            # an annex (附件1: 部门整体绩效评价报告 …) restates figures in its own words: its sections say so
            state["annex"] = title if "附件" in title else None
        if level <= 1:
            annex = state["annex"]
            state["section"] = f"{annex} › {title}" if annex and level == 1 else title
            state["caption"] = False
            state["section_index"] += 1
            state["section_at"] = (page, line_no)
        state["subheading"] = title if level == 2 else None
        state["after_heading"] = True

    def line(raw: str, page: int | None, line_no: int, table_cell: bool) -> None:
        folded = fold(raw)
        unit_line = _UNIT_LINE_RE.match(folded.replace(" ", ""))
        if unit_line:
            flush()
            state["caption_unit"] = unit_line.group(1)
            return
        if page is not None and _PAGE_NO_RE.match(folded):
            return
        if _CAPTION_RE.match(folded):
            flush()
            state["caption"], state["caption_unit"] = True, None
            return
        # "附件1", "附件 1", "附件2：部门整体支出绩效评价报告": the colon after 附件N does not make it a sentence
        annex = _ANNEX_RE.match(folded.strip()) is not None and _heading_like(folded.replace(":", " ", 1))
        level = 0 if annex else heading_level(folded)
        if level is not None:
            if not annex and _TOC_TAIL_RE.search(folded):
                flush()  # a table-of-contents entry: heading plus page number
                return
            heading(raw, level, page, line_no)
            return
        split = _L1_WITH_BODY_RE.match(folded)
        if split and _heading_like(split.group(0)):
            # "一、收入支出决算总体情况说明2023年度收入…": heading and paragraph on one line
            heading(raw[: split.end()], 1, page, line_no)
            raw, folded = raw[split.end() :].lstrip(), folded[split.end() :].lstrip()
            if not raw:
                return
        if state["caption"] and _ends_sentence(folded) and len(folded) > 30:
            state["caption"] = False  # prose again after a chart
        current: Unit | None = state["current"]
        list_start = _LIST_RE.match(folded) is not None
        if current is None or state["after_heading"] or list_start or _title_item(current):
            new_unit = True
        elif current.table_cells != table_cell:
            new_unit = True  # a form's cell never continues prose, nor prose a cell (a title above a form)
        elif current.list_item:
            new_unit = False  # the paragraphs of a numbered item belong to it
        else:
            new_unit = _ends_sentence(current.folded)
        if new_unit:
            flush()
            current = Unit(
                section=state["section"],
                caption=state["caption"],
                caption_unit=state["caption_unit"] if state["caption"] else None,
                list_item=list_start,
                section_index=state["section_index"],
                section_at=state["section_at"],
                subheading=state["subheading"],
            )
            state["current"] = current
        current.append(raw, page, line_no, table_cell)
        state["after_heading"] = False

    for item in _lines(blocks):
        if item is None:
            flush()
        elif item[0]:
            line(*item)
    flush()
    return units


def sentence_spans(folded: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for i in range(len(folded)):
        if _is_stop(folded, i):
            spans.append((start, i + 1))
            start = i + 1
    if start < len(folded):
        spans.append((start, len(folded)))
    return [(s, e) for s, e in spans if folded[s:e].strip()]


def reconstruct_sentences(blocks: list[Block]) -> list[Sentence]:
    """The prose as sentences with their section and start position (for inspection and tests)."""
    sentences = []
    for unit in reconstruct_units(blocks):
        folded = unit.folded
        for start, end in sentence_spans(folded):
            lead = len(folded[start:end]) - len(folded[start:end].lstrip())
            page, line_no = unit.locate(start + lead)
            sentences.append(Sentence(unit.raw[start:end].strip(), unit.section, page, line_no))
    return sentences
