"""Splitting a block stream into table sections.

A title opens a table; its rows continue over page breaks (a repeated title or header on the next page
continues the same table); "本表无数据" marks it empty; a table of contents (a title followed by a page
number or by another title) opens nothing; rows under no known title form an "unrecognised" table named
after the text above them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ingestion.records import Block
from ingestion.text.normalise import compact, trim_cell
from ingestion.text.numbers import classify_cell, parse_unit
from ingestion.tables.cell_lines import regroup_cell_lines
from ingestion.tables.fragments import rebuild_fragment_tables
from ingestion.tables.titles import AFTER_TABLE_RE, CONTINUED_RE, EMPTY_MARKERS, HEADING_RE, LABEL_RE, PAGE_NUMBER_RE, SINGLE_KINDS, join_wrapped_titles, looks_like_unknown_title, recognise_labelled_title, recognise_title, title_key




def _empty_marker(flat: str) -> str | None:
    """The "本表无数据" statement a line makes, or None. Long statements must say 本表/此表."""
    if len(flat) <= 40 and any(m in flat for m in EMPTY_MARKERS):
        return flat
    if len(flat) <= 160 and re.search(r"[本此该]表(?:为空表|无数据|无内容)", flat):
        return flat
    return None


# A one-cell row of a table of contents set as a table: 目录, a part's heading, or an entry with leader dots.
_TOC_LINE_RE = re.compile(r"^目录$|^[一二三四五六七八九十]+、|[…．.]{3,}\d*$")


def _is_toc_row(cells: list[str]) -> bool:
    """A table-of-contents entry laid out as a row: a title or heading, then a page number."""
    filled = [compact(c) for c in cells if compact(c)]
    if len(filled) < 2 or len(filled) > 3 or not PAGE_NUMBER_RE.match(filled[-1]):
        return False
    head = filled[0]
    return bool(
        recognise_title(head)
        or looks_like_unknown_title(head)
        or HEADING_RE.match(head)
        or re.match(r"^[（(][一二三四五六七八九十]+[）)]", head)
    ) and all(classify_cell(c)[0] == "text" for c in filled[:-1])


# ---------------------------------------------------------------- segmentation


@dataclass
class Section:
    kind: str
    title: str
    start_block: Block
    rows: list[Block] = field(default_factory=list)
    code: str | None = None
    unit: str | None = None
    empty_marker: str | None = None
    saw_metadata: bool = False
    ended: bool = False  # a note or sign-off followed its rows: later rows start another table
    unread_lines: int = 0  # text lines printing amounts inside the table (an unruled table)
    unread: list[Block] = field(default_factory=list)  # those lines, for the coverage report


def _is_group_heading(section: Section, flat: str) -> bool:
    """Sub-section headings inside the 相关信息统计表 (一、政府采购情况 / 二、机关运行经费 …) group its rows."""
    return (
        section.kind == "related_info"
        and bool(re.match(r"^[一二三四五六七八九十]+[、.．]", flat))
        and "说明" not in flat
        and len(flat) <= 24
    )


def _metadata_row(cells: list[str]) -> tuple[str | None, str | None] | None:
    """(unit, 公开NN表 label) of a row that only carries a table's labels (部门名称 / 年度 / 单位)."""
    filled = [compact(c) for c in cells if compact(c)]
    unit = next((parse_unit(c) for c in filled if parse_unit(c)), None)
    label = next((c.strip("（）()") for c in filled if LABEL_RE.fullmatch(c)), None)
    if unit is None and label is None:
        return None
    for c in filled:
        if parse_unit(c) or LABEL_RE.fullmatch(c):
            continue
        if re.search(r"(名称|单位|编制|年度|日期)[:：]|^\d{4}年度?$|^[（(]?\d{4}年度?[）)]?$", c):
            continue
        return None
    return unit, label


def _looks_like_unread_row(text: str) -> bool:
    """A text line that prints two or more separate amounts: a table row drawn without rules."""
    tokens = trim_cell(text).split()
    return sum(1 for t in tokens if classify_cell(t)[0] in ("number", "zero") and not t.isdigit()) >= 2


def _unknown_title(recent: list[Block]) -> str:
    """The title of a table no known title announces: the nearest title-like line above it, else
    the sentence that introduces it ("…的单位包括："), rejoined where layout broke it over lines."""
    texts = [b.cells[0].strip() for b in recent if b.kind == "text" and not AFTER_TABLE_RE.match(compact(b.cells[0]))]
    for text in reversed(texts[-4:]):
        if looks_like_unknown_title(text):
            return text
    if not texts:
        return "(untitled)"
    parts = [texts[-1]]
    for text in reversed(texts[-5:-1]):
        if re.search(r"[。！？；]$", text):
            break
        parts.insert(0, text)
    sentence = "".join(parts)
    return re.split(r"[。！？；]", sentence)[-1].strip() or texts[-1]


def _label_beside(blocks: list[Block], i: int) -> str | None:
    """The 公开NN表 label printed on the line just after a title."""
    later = blocks[i + 1] if i + 1 < len(blocks) else None
    if later is not None and later.kind == "text" and LABEL_RE.fullmatch(compact(later.cells[0])):
        return compact(later.cells[0])
    return None


def _close_titles(text: str, title: str) -> bool:
    """Two spellings of one title, one misread by OCR ("I收入支出决算总表(续表)", "…购政:发款支出决算表")."""
    return SequenceMatcher(None, title_key(text), title_key(title)).ratio() >= 0.75


def _continues_current(current: Section | None, text: str, kind: str) -> bool:
    """A 续表 title that names another kind than the open table only through a misread ("…购政:发款支出决算表(续表)"
    under 一般公共预算财政拨款支出决算表): close to the open table's title, it continues that table."""
    if current is None or not current.rows or kind == current.kind or not CONTINUED_RE.search(compact(text)):
        return False
    return _close_titles(text, current.title)


def segment_tables(blocks: list[Block]) -> list[Section]:
    """Split the stream into table sections; rows continue a table across page breaks."""
    blocks = regroup_cell_lines(rebuild_fragment_tables(join_wrapped_titles(blocks)))
    sections: list[Section] = []
    current: Section | None = None
    recent: list[Block] = []  # text lines since the last row
    pending_code: str | None = None  # a 公开NN表 label printed above the title it belongs to

    def close() -> None:
        nonlocal current
        if current is not None and (current.rows or current.empty_marker or current.saw_metadata):
            sections.append(current)
        current = None

    def open_section(kind: str, title: str, block: Block) -> None:
        nonlocal current, pending_code, recent
        recent = []
        if (
            current is not None
            and current.kind == kind
            and current.rows
            and not current.ended
            and (
                (kind in SINGLE_KINDS and title_key(title) == title_key(current.title))
                # a 续表 title says it continues: a misread letter or two does not make it another table
                or (CONTINUED_RE.search(compact(title)) and _close_titles(title, current.title))
            )
        ):
            return  # the title repeated on a continuation page
        close()
        current = Section(kind, title.strip(), block)
        label = LABEL_RE.search(compact(title))
        current.code = label.group(0).strip("（）()") if label else pending_code
        pending_code = None

    def next_is_title(i: int) -> bool:
        for later in blocks[i + 1 : i + 3]:
            cells = [c for c in later.cells if c.strip()]
            if len(cells) == 1 and recognise_title(cells[0]):
                return True
        return False

    page_tops: set[str] = set()  # the first line of each page so far (running headers repeat there)
    previous_page = None
    for i, block in enumerate(blocks):
        page_top = block.page is not None and block.page != previous_page
        previous_page = block.page
        if block.kind == "text":
            text = block.cells[0]
            kind = recognise_labelled_title(text, _label_beside(blocks, i))
            if kind is not None and _continues_current(current, text, kind):
                continue  # the table's title again on its next page, misread another way
            if kind is not None:
                open_section(kind, text, block)
                continue
            flat = compact(text)
            label = LABEL_RE.fullmatch(flat)
            if label:
                code = flat.strip("（）()")
                if current is not None and current.code is None and not current.rows and not next_is_title(i):
                    current.code = code
                    current.saw_metadata = True
                else:
                    pending_code = code
                continue
            if current is not None:
                unit = parse_unit(text)
                if unit and current.unit is None:
                    current.unit = unit
                    current.saw_metadata = True
                marker = _empty_marker(flat)
                if marker:
                    current.empty_marker = marker
                    continue
                if _is_group_heading(current, flat) and not current.ended:
                    current.rows.append(block)
                    continue
                if HEADING_RE.match(flat) and len(flat) > 4:
                    if not (page_top and flat in page_tops):  # a running header does not end the table
                        close()
                elif current.rows and AFTER_TABLE_RE.match(flat):
                    current.ended = True
                elif not current.ended and _looks_like_unread_row(text):
                    current.unread_lines += 1
                    current.unread.append(block)
            if page_top:
                page_tops.add(flat)
            recent.append(block)
            continue
        # a table row
        cells = list(block.cells)
        single = [c for c in cells if c.strip()]
        if (current is None or not current.rows) and _is_toc_row(cells):
            continue
        if len(single) == 1 and recognise_title(single[0]):
            open_section(recognise_title(single[0]) or "", single[0], block)
            continue
        flat = compact(" ".join(single))
        if current is not None:
            marker = _empty_marker(flat)
            if marker:
                current.empty_marker = marker
                continue
            meta = _metadata_row(cells)
            if meta is not None:
                # the table's labels (编制单位 … 单位：万元), above its header or again on a continuation page
                current.unit = current.unit or meta[0]
                current.code = current.code or meta[1]
                current.saw_metadata = True
                continue
            if len(single) == 1 and _is_group_heading(current, flat):
                current.rows.append(Block("text", (single[0].strip(),), block.page, block.line_no, block.source_table, block.row_index))
                continue
            if len(single) == 1 and not current.rows and HEADING_RE.match(flat) and len(flat) > 4:
                # a table of contents set as a one-column table: after its last table title ("9.…预算表") comes
                # the next part's heading ("六、其他相关情况说明"), which is no row of that table
                close()
                recent.append(Block("text", (single[0].strip(),), block.page, block.line_no))
                continue
            if len(single) == 1 and current.rows and AFTER_TABLE_RE.match(flat):
                current.ended = True  # a note set in the table's last row
                recent.append(Block("text", (single[0].strip(),), block.page, block.line_no))
                continue
            if current.ended:
                close()
        if current is None:
            if len(single) == 1 and (AFTER_TABLE_RE.match(flat) or parse_unit(flat) or _TOC_LINE_RE.search(flat)):
                recent.append(Block("text", (single[0].strip(),), block.page, block.line_no))
                continue
            current = Section("unrecognised", _unknown_title(recent), block)
        current.rows.append(block)
        recent = []
    close()
    return sections
