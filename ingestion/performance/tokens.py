"""A form as a stream of tokens: one per cell of a row block, or per text line.

Text that prints one cell per line (Word converted to text) is read as the rows it prints: the reader marks
each line with its cell (table, row, column) and the row's width, so a row comes back with its blank cells,
a cell continued over lines joined, each cell keeping the lines it was printed on (its provenance).
Fragment-stream converters split labels over lines ("预算执" + "行情况"); tokens that together spell a
known label are glued back."""

from __future__ import annotations

from functools import lru_cache
import re
from dataclasses import dataclass, replace

from ingestion.records import Block
from ingestion.tables import recognise_title
from ingestion.text.normalise import compact
from ingestion.performance.vocabulary import HTML_RE, MERGE_VOCAB


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------


@dataclass
class Tok:
    raw: str  # the cell as printed, whitespace-trimmed
    key: str  # NFKC, whitespace removed
    line: int
    last_line: int
    page: int | None
    block: int
    col: int
    row: bool  # a cell of a multi-cell row block

    @property
    def label(self) -> str:
        """The key without a trailing colon or parenthesised unit/score: 年度预算数（万元） → 年度预算数."""
        return label_key(self.key)


# A note printed after a label: its unit, its points, or the letter the template's formula names it by
# ("年初预算数（万元）", "分值（分）", "产出指标（50分）", "执行率(%)", "全年预算数（A）", "执行率（B/A）").
_LABEL_NOTE_RE = re.compile(
    r"\((?:(?:金额)?单位[:：]?)?(?:万元|千元|亿元|元|%|‰|分|\d+(?:\.\d+)?分?|[A-Z](?:[/+\-×*][A-Z])*)\)$"
)
# The numbering a template puts before a label: "1.", "2、", "一、", "（一）", "(1)", "①". A digit after
# the point makes it a decimal ("1.5"), not a number.
_LABEL_NUMBER_RE = re.compile(r"^(?:\d{1,2}[.、](?!\d)|[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十\d]{1,2}\)|[①-⑳])")


@lru_cache(maxsize=1 << 14)  # a pure function of the text: the same labels come back row after row
def label_key(text: str) -> str:
    """A label reduced to the words the vocabulary lists: width folded, spaces gone ("项 目 名 称",
    "合　计"), without a trailing colon, unit, points or formula letter, and without leading numbering."""
    key = compact(text).rstrip(":")
    while True:
        stripped = _LABEL_NOTE_RE.sub("", key).rstrip(":")
        if stripped == key:
            break
        key = stripped
    return _LABEL_NUMBER_RE.sub("", key).rstrip(":")


def with_raw(tok: Tok, raw: str) -> Tok:
    return replace(tok, raw=raw, key=compact(raw))


def clean(text: str) -> str:
    return HTML_RE.sub("", text.replace("\u3000", " ")).strip()


# The lines (first, last) each cell of a rebuilt row was printed on, by (block index, column).
CellLines = dict[tuple[int, int], tuple[int, int]]


def tokens(blocks: list[Block], lines: CellLines | None = None) -> list[Tok]:
    lines = lines or {}
    toks: list[Tok] = []
    for bi, block in enumerate(blocks):
        if block.kind == "row":
            for ci, cell in enumerate(block.cells):
                raw = clean(cell)
                if raw:
                    first, last = lines.get((bi, ci), (block.line_no, block.line_no))
                    toks.append(Tok(raw, compact(raw), first, last, block.page, bi, ci, True))
        else:
            raw = clean(block.cells[0] if block.cells else "")
            if raw:
                first, last = lines.get((bi, 0), (block.line_no, block.line_no))
                toks.append(Tok(raw, compact(raw), first, last, block.page, bi, 0, False))
    return _merge_fragments(toks)


def cell_line_rows(blocks: list[Block]) -> tuple[list[Block], CellLines]:
    """The rows one-cell-per-line text prints, as row blocks (blank cells restored at their columns).

    Read line by line, a blank cell leaves only its line behind and a value's column is a guess; as rows,
    the form reads like any other table. A cell merged across columns stays printed once: the form is read
    by its labels and header words, never by grid position. A row with one filled cell stays a text line
    that knows its column (a group heading, a title set in the table's first cell)."""
    out: list[Block] = []
    lines: CellLines = {}
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind != "text" or block.row_index is None or block.col_index is None:
            out.append(block)
            i += 1
            continue
        j = i + 1
        while j < len(blocks) and _same_row(blocks[j], block) and not recognise_title(blocks[j].cells[0]):
            j += 1  # a table title caught at the end of a row (no blank line after it) is no cell
        cells: dict[int, list[Block]] = {}
        for b in blocks[i:j]:
            if clean(b.cells[0]):
                cells.setdefault(b.col_index or 0, []).append(b)
        if len(cells) == 1:
            (col, parts), = cells.items()
            out.append(Block("text", ("".join(b.cells[0] for b in parts),), block.page, parts[0].line_no,
                             block.source_table, block.row_index, col, block.row_width))
            lines[(len(out) - 1, 0)] = (parts[0].line_no, parts[-1].line_no)
        elif cells:
            width = max(block.row_width or 0, max(cells) + 1)
            row = ["".join(b.cells[0] for b in cells.get(c, [])) for c in range(width)]
            out.append(Block("row", tuple(row), block.page, block.line_no, block.source_table, block.row_index))
            for col, parts in cells.items():
                lines[(len(out) - 1, col)] = (parts[0].line_no, parts[-1].line_no)
        i = j
    return out, lines


def _same_row(b: Block, first: Block) -> bool:
    return b.kind == "text" and b.col_index is not None and (b.source_table, b.row_index) == (
        first.source_table, first.row_index)


def _merge_fragments(toks: list[Tok]) -> list[Tok]:
    return _glue_placeholders(_glue_notes(_glue_labels(toks)))


def _glue_placeholders(toks: list[Tok]) -> list[Tok]:
    """指标 + 2 + ： back into the placeholder an unused template row prints (指标2：); left apart, its 2 would
    read as a figure of the row before."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        size = 1
        # the colon tells the placeholder from 达成预期 + 指标 followed by the row's points
        if toks[i].key == "指标" and i + 2 < len(toks) and re.fullmatch(r"\d{1,2}", toks[i + 1].key) \
                and toks[i + 2].key in (":", "：") and _fragments(toks[i : i + 3]):
            size = 3
        out.append(glued(toks[i : i + size]) if size > 1 else toks[i])
        i += size
    return out


def _glue_labels(toks: list[Tok]) -> list[Tok]:
    """Glue 预算执 + 行情况, 年初 + 预算数, 经济效 + 益指标 … back into the label they spell."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        size = _label_run(toks, i)
        out.append(glued(toks[i : i + size]) if size > 1 else toks[i])
        i += size
    return out


def _label_run(toks: list[Tok], i: int) -> int:
    """How many text fragments from i spell one known label (1 when none do)."""
    if toks[i].row or re.fullmatch(r"\d{1,2}[.、．]", toks[i].key):
        return 1  # a row's ordinal ("1." + 服务对象满意度) names no label
    for size in (4, 3, 2):
        group = toks[i : i + size]
        if len(group) < size or not _fragments(group):
            continue
        if label_key("".join(t.key for t in group)) in MERGE_VOCAB:
            return size
    return 1


def _glue_notes(toks: list[Tok]) -> list[Tok]:
    """Glue a note split off its label back on: 产出指标 + （ + 50 + 分 + ）, 年度预算数 + （ + 万元 + ）. Left
    apart, the note's number would read as a figure of the row."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        size = 1
        if not tok.row and label_key(tok.key) in MERGE_VOCAB:
            for n in (4, 3, 2, 1):
                group = toks[i + 1 : i + 1 + n]
                if len(group) == n and _fragments([tok] + group) and _NOTE_RE.fullmatch("".join(t.key for t in group)):
                    size = 1 + n
                    break
        out.append(glued(toks[i : i + size]) if size > 1 else tok)
        i += size
    return out


_NOTE_RE = re.compile(r"\((?:万元|千元|亿元|元|%|分|\d+(?:\.\d+)?分)\)")


def _fragments(group: list[Tok]) -> bool:
    """Short text lines close together: pieces of one cell, not cells of a row or lines apart."""
    if any(t.row or len(t.key) > 12 for t in group):
        return False
    return all(b.line - a.last_line <= 3 for a, b in zip(group, group[1:]))


def glued(group: list[Tok]) -> Tok:
    first = group[0]
    return Tok("".join(t.raw for t in group), "".join(t.key for t in group), first.line, group[-1].last_line,
               first.page, first.block, first.col, False)
