"""The 总分/合计 row (weight and score) and the grade a form states."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.text.numbers import read_number
from ingestion.performance.cells import grade_of, is_label, printed_grade
from ingestion.performance.form import Form
from ingestion.performance.tokens import Tok, label_key, with_raw
from ingestion.performance.vocabulary import GRADE_LABELS, GRADE_TEXT_RE, TOTAL_LABELS


@dataclass
class Total:
    label: Tok | None = None  # the 总分 / 合计 row's label
    weight: Tok | None = None  # the points the row adds up to (100)
    score: Tok | None = None
    printed: list[Tok] = field(default_factory=list)  # every number the row prints, read or not

    @property
    def weight_text(self) -> str | None:
        return _figure_text(self.weight)

    @property
    def score_text(self) -> str | None:
        return _figure_text(self.score)

    @property
    def score_printed(self) -> bool:
        """The row prints a number besides the points it adds up to: a score, read or not."""
        return any(tok is not self.weight for tok in self.printed)


# -- total -----------------------------------------------------------------------------------


def read_total(form: Form) -> Total:
    """The 总分/合计 row below the indicators: its weight, its score and every number it prints."""
    start = form.indicator_header() or 0
    idx = form.find(TOTAL_LABELS, start)
    if idx is None:
        return _inline_total(form, start)
    label = form.toks[idx]
    if label.row:
        return _row_total(form, label)
    numbers = []
    for tok in form.toks[idx + 1 : idx + 4]:
        if not _points(tok.raw):
            break
        numbers.append(tok)
    return _pair(label, numbers)


def _inline_total(form: Form, start: int) -> Total:
    """A total printed with its label in one cell: "总分：92.5分", "合计得分 88"."""
    for tok in form.toks[start:]:
        match = _INLINE_TOTAL_RE.fullmatch(tok.key)
        if match and label_key(match.group(1)) in TOTAL_LABELS:
            return Total(tok, score=with_raw(tok, match.group(2)), printed=[tok])
    return Total()


_INLINE_TOTAL_RE = re.compile(r"([\u4e00-\u9fff]{2,5})[:：]?(\d+(?:\.\d+)?)分?")


def _points(text: str | None) -> bool:
    """A number as a total row prints it: "92.5", "92.5分", or "：92.5分" where a text layer kept the colon
    of "总分：" with the number."""
    return read_number(text.lstrip(":：") if text else text) is not None


def _figure_text(tok: Tok | None) -> str | None:
    return tok.raw.strip().lstrip(":：") if tok is not None else None


def _row_total(form: Form, label: Tok) -> Total:
    cells = form.row_cells(label)
    numbers = [form.cell(label.block, c) for c, cell in enumerate(cells) if c > label.col and _points(cell)]
    if len(numbers) == 1:
        # One number: the 得分, unless it stands in the 分值/权重 column of the header above.
        columns = form.indicator_columns(form.blocks[label.block].source_table)
        col = _header_column(form, label, numbers[0].col, columns)
        if columns.get("weight") == col and columns.get("score") != col:
            return Total(label, weight=numbers[0], printed=numbers)
    return _pair(label, numbers, last=True)


def _header_column(form: Form, label: Tok, col: int, columns: dict[str, int]) -> int:
    """The header column a cell of the total row stands under. A row narrower than the header prints its
    label once, merged over the name and value columns, which hold no total: its figures start at 分值."""
    h = form.indicator_header()
    if h is None or "weight" not in columns:
        return col
    if len(form.blocks[label.block].cells) >= len(form.blocks[form.toks[h].block].cells):
        return col
    return columns["weight"] + col - label.col - 1


def _pair(label: Tok, numbers: list[Tok], last: bool = False) -> Total:
    """Two numbers are (weight, score) — the last two of a wide row; one is the score."""
    if len(numbers) >= 2:
        weight, score = (numbers[-2], numbers[-1]) if last else (numbers[0], numbers[1])
        return Total(label, weight, score, numbers)
    return Total(label, score=numbers[0] if numbers else None, printed=numbers)


# -- grade -----------------------------------------------------------------------------------


def read_grade(form: Form, total_label: Tok | None) -> tuple[str | None, str | None]:
    """(grade 优/良/中/差, the grade word as printed): beside the total score, under a 等级 label, or in the
    conclusion's words (自评等级为“优秀”)."""
    if total_label is not None:
        if total_label.row:
            for cell in form.row_cells(total_label)[total_label.col + 1 :]:
                if printed_grade(cell):
                    return grade_of(cell), printed_grade(cell)
        idx = form.toks.index(total_label)
        for tok in form.toks[idx + 1 : idx + 6]:
            if printed_grade(tok.raw):
                return grade_of(tok.raw), printed_grade(tok.raw)
            if is_label(tok.key):
                break
    for i, tok in enumerate(form.toks):
        if tok.label in GRADE_LABELS:
            for nxt in _beside(form, tok, i):
                if printed_grade(nxt):
                    return grade_of(nxt), printed_grade(nxt)
        # a fragment stream breaks the sentence over lines, as far as a piece a word: 自评等级 | 为 | “ | 优 | ”
        # (read from the piece it starts in, so that what follows it is there to see)
        text = tok.key if tok.row else "".join(t.key for t in form.toks[i : i + 8] if not t.row)
        match = GRADE_TEXT_RE.search(text)
        if match and match.start() < len(tok.key) and not _counts_projects(text, match):
            return grade_of(match.group(1)), match.group(1)
    return None, None


def _counts_projects(text: str, match: re.Match) -> bool:
    """The grade is a count of projects by grade (共对3个项目…，其中：自评等级为“优”的项目2个), read in the
    sentence that holds it only: a project's conclusion may be followed by a sentence about the department's."""
    start = max(text.rfind(end, 0, match.start()) for end in "。；;") + 1
    stops = [k for k in (text.find(end, match.end()) for end in "。；;") if k >= 0]
    sentence = text[start : min(stops, default=len(text))]
    return "个项目" in sentence or text[match.end():].lstrip("”\"'」").startswith("的")


def _beside(form: Form, label: Tok, i: int) -> list[str]:
    """The cells after a 等级 label: the rest of its row, or the next two tokens of a stream."""
    if label.row:
        return form.row_cells(label)[label.col + 1 :]
    return [t.raw for t in form.toks[i + 1 : i + 3]]
