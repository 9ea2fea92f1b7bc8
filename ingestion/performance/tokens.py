"""A form as a stream of tokens: one per cell of a row block, or per text line.

Fragment-stream converters split labels over lines ("预算执" + "行情况"); tokens that together spell a
known label are glued back."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ingestion.records import Block
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


def tokens(blocks: list[Block]) -> list[Tok]:
    toks: list[Tok] = []
    for bi, block in enumerate(blocks):
        if block.kind == "row":
            for ci, cell in enumerate(block.cells):
                raw = clean(cell)
                if raw:
                    toks.append(Tok(raw, compact(raw), block.line_no, block.line_no, block.page, bi, ci, True))
        else:
            raw = clean(block.cells[0] if block.cells else "")
            if raw:
                toks.append(Tok(raw, compact(raw), block.line_no, block.line_no, block.page, bi, 0, False))
    return _merge_fragments(toks)


def _merge_fragments(toks: list[Tok]) -> list[Tok]:
    return _glue_notes(_glue_labels(toks))


def _glue_labels(toks: list[Tok]) -> list[Tok]:
    """Glue 预算执 + 行情况, 年初 + 预算数, 经济效 + 益指标 … back into the label they spell."""
    out: list[Tok] = []
    i = 0
    while i < len(toks):
        size = _label_run(toks, i)
        out.append(_glued(toks[i : i + size]) if size > 1 else toks[i])
        i += size
    return out


def _label_run(toks: list[Tok], i: int) -> int:
    """How many text fragments from i spell one known label (1 when none do)."""
    if toks[i].row:
        return 1
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
        out.append(_glued(toks[i : i + size]) if size > 1 else tok)
        i += size
    return out


_NOTE_RE = re.compile(r"\((?:万元|千元|亿元|元|%|分|\d+(?:\.\d+)?分)\)")


def _fragments(group: list[Tok]) -> bool:
    """Short text lines close together: pieces of one cell, not cells of a row or lines apart."""
    if any(t.row or len(t.key) > 12 for t in group):
        return False
    return all(b.line - a.last_line <= 3 for a, b in zip(group, group[1:]))


def _glued(group: list[Tok]) -> Tok:
    first = group[0]
    return Tok("".join(t.raw for t in group), "".join(t.key for t in group), first.line, group[-1].last_line,
               first.page, first.block, first.col, False)
