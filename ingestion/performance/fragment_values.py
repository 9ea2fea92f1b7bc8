"""The pieces a fragment stream prints a form's cells in, and the cells read back from them.

A PDF converted to text draws a number apart from its unit and operator and cuts long words at the line's
end: a target "≥10次" arrives as "≥" | "10" | "次", a unit "台（套）" as "台" | "（" | "套" | "）", a set word
"达成预期指标" as "达成预期" | "指标". Each piece has a kind; a value is read back by the grammar these
pieces follow (an operator, a number, a unit; or a set word over up to three pieces)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.text.numbers import is_dash, is_number, is_plain_number
from ingestion.performance.cells import is_label, is_level_name, is_placeholder, is_value_like, operator_of
from ingestion.performance.tokens import Tok, label_key
from ingestion.performance.vocabulary import ANNOTATION_RE, JUNK, QUALITATIVE_VALUE_RE
from ingestion.text.page_numbers import MARKED_PAGE_NUMBER_RE

# A unit after a number: 个, 人次, 个工作日, 万元, %, km; longer text is a name or a sentence.
_UNIT_RE = re.compile(r"[\u4e00-\u9fff%‰㎡²³A-Za-z]{1,5}")
_OPEN, _CLOSE = ("(", "（"), (")", "）")
# A row's ordinal printed with its point ("1.", "2、"); a bare number is a figure until its row says otherwise.
_ORDINAL_RE = re.compile(r"\d{1,2}[.、．]")
# The end of a sentence: the 偏差原因 before it is done.
SENTENCE_END = ("。", "；", ";")


def kind(tok: Tok) -> str:
    """level, ordinal, placeholder, note, operator, number (plain), figure (95%), dash, value (≥20个), stop
    (punctuation), text."""
    key = tok.key
    if ANNOTATION_RE.match(key) or key in JUNK or MARKED_PAGE_NUMBER_RE.match(key):
        return "note"
    if is_placeholder(tok.raw) and (not is_dash(tok.raw) or re.fullmatch(r"[.…·]{2,}", key)):
        return "placeholder"  # 指标2：, …… (a dash prints a blank cell, dots the name of an unused row)
    if _ORDINAL_RE.fullmatch(key):
        return "ordinal"
    if is_level_name(key):
        return "level"
    if operator_of(key) is not None:
        return "operator"
    if is_plain_number(tok.raw):
        return "number"
    if is_number(tok.raw):
        return "figure"
    if is_dash(tok.raw):
        return "dash"
    if is_value_like(key):
        return "value"  # a value printed in one piece: ≥20个, 22个
    if re.fullmatch(r"[，。；、,;:：]", key):
        return "stop"
    return "text"


def is_proper_level(tok: Tok) -> bool:
    """A level name spelled with 指标 (产出指标, 社会效益指标 (30分)): never a piece of a 三级指标."""
    return kind(tok) == "level" and label_key(tok.key).rstrip("0123456789.分").endswith("指标")


def word_run(toks: list[Tok], i: int, hi: int) -> int:
    """How many pieces from i spell one set word (及时, 有效提升, 达成预期 + 指标): the longest, 0 for none."""
    best = 0
    for n in (1, 2, 3):
        group = toks[i : i + n]
        if i + n > hi or any(kind(t) not in ("text", "note", "level") for t in group):
            break
        if QUALITATIVE_VALUE_RE.fullmatch("".join(t.key for t in group)):
            best = n
    return best


def word_run_back(toks: list[Tok], lo: int, j: int) -> int:
    """How many pieces ending at j spell one set word: the longest, 0 for none."""
    best = 0
    for n in (1, 2, 3):
        group = toks[j - n + 1 : j + 1]
        if j - n + 1 < lo or any(kind(t) not in ("text", "note", "level") for t in group):
            break
        if QUALITATIVE_VALUE_RE.fullmatch("".join(t.key for t in group)):
            best = n
    return best


def _unit_word(tok: Tok) -> bool:
    return kind(tok) == "text" and bool(_UNIT_RE.fullmatch(tok.key)) and not is_label(tok.key) \
        and not QUALITATIVE_VALUE_RE.fullmatch(tok.key)


def unit_at(toks: list[Tok], i: int, hi: int) -> int:
    """How many pieces from i print a unit: 个 | 台 （ 套 ） | 次 / 年; 0 for none."""
    if i >= hi or not _unit_word(toks[i]):
        return 0
    if i + 3 < hi and toks[i + 1].key in _OPEN and toks[i + 3].key in _CLOSE and _unit_word(toks[i + 2]):
        return 4
    if i + 2 < hi and toks[i + 1].key in ("/", "／") and _unit_word(toks[i + 2]):
        return 3
    return 1


def unit_back(toks: list[Tok], lo: int, j: int) -> int:
    """How many pieces ending at j print a unit; 0 for none."""
    if j - 3 >= lo and toks[j].key in _CLOSE and toks[j - 2].key in _OPEN and _unit_word(toks[j - 1]) \
            and _unit_word(toks[j - 3]):
        return 4
    if j - 2 >= lo and toks[j - 1].key in ("/", "／") and _unit_word(toks[j]) and _unit_word(toks[j - 2]):
        return 3
    return 1 if j >= lo and _unit_word(toks[j]) else 0


def value_back(toks: list[Tok], lo: int, j: int) -> tuple[int, Tok | None] | None:
    """The value (a target or an actual) whose last piece is j: (its first piece, the piece that prints its
    figure, None for a set word or a dash). None when the piece at j ends no value."""
    tok = toks[j]
    if kind(tok) == "dash":
        return j, None
    if kind(tok) == "value":
        return j, tok
    words = word_run_back(toks, lo, j)
    if words:
        return j - words + 1, None
    if kind(tok) in ("number", "figure"):
        first = j
    else:
        unit = unit_back(toks, lo, j)
        first = j - unit
        if not unit or first < lo or kind(toks[first]) not in ("number", "figure"):
            return None
    if first - 1 >= lo and kind(toks[first - 1]) == "operator" and toks[first - 1].key not in ("定性", "定量"):
        return first - 1, toks[first]
    return first, toks[first]


def value_at(toks: list[Tok], i: int, hi: int) -> tuple[int, Tok | None] | None:
    """The value whose first piece is i: (its last piece, the piece that prints its figure); None for none."""
    if i >= hi:
        return None
    words = word_run(toks, i, hi)
    if words:
        return i + words - 1, None
    if kind(toks[i]) == "value":
        return i, toks[i]
    first = i + 1 if kind(toks[i]) == "operator" and toks[i].key not in ("定性", "定量") else i
    if first >= hi or kind(toks[first]) not in ("number", "figure"):
        return None
    return first + unit_at(toks, first + 1, hi), toks[first]


def joined(parts: list[Tok]) -> str:
    return "".join(re.sub(r"\s+", "", t.raw) for t in parts)


def is_reason(text: list[Tok]) -> bool:
    """A 偏差原因 without a full stop: a clause, or a verdict on the deviation (无偏差, 未完成 …)."""
    key = "".join(t.key for t in text)
    return bool(re.search(r"[，、,]|原因|偏差|^无|^未|调整|追加|滞后|延期|不足|超出", key))


@dataclass
class RowValues:
    """A row's values: the first and last piece they span, the text of each role and the piece it came from."""

    start: int
    end: int
    texts: dict[str, str | None] = field(default_factory=dict)
    sources: dict[str, Tok] = field(default_factory=dict)
