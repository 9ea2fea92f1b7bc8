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


def label_key(key: str) -> str:
    key = key.rstrip(":：")
    key = re.sub(r"\((?:万元|元|千元|\d+(?:\.\d+)?分|%|单位[:：]?万?元)\)$", "", key)
    key = re.sub(r"^\d+[.、．]", "", key)
    return key.rstrip(":：")


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
    """Glue 预算执 + 行情况, 年初 + 预算数, 经济效 + 益指标 … back into the label they spell."""
    out: list[Tok] = []
    i = 0
    n = len(toks)
    while i < n:
        merged = False
        if not toks[i].row:
            for size in (4, 3, 2):
                group = toks[i : i + size]
                if len(group) < size or any(t.row or len(t.key) > 12 for t in group):
                    continue
                if any(b.line - a.last_line > 3 for a, b in zip(group, group[1:])):
                    continue
                joined = "".join(t.key for t in group)
                if label_key(joined) in MERGE_VOCAB:
                    first = group[0]
                    out.append(
                        Tok("".join(t.raw for t in group), joined, first.line, group[-1].last_line,
                             first.page, first.block, first.col, False)
                    )
                    i += size
                    merged = True
                    break
        if not merged:
            out.append(toks[i])
            i += 1
    return out
