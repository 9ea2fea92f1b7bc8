"""The unit a row label or a column header gives its figures.

A label may print its unit in brackets: a money unit ("总计（万元）", "合计(元)") governs the row's amounts
and is no part of the row's name; a count unit ("车辆数合计(辆)", "设备（台，套）") makes the row's figures
counts. A row naming things that are counted is a count even where no unit is printed: the national
template's 相关信息统计表 lists vehicles (…用车) and equipment (单价100万元以上设备) without one, and the price
in such a label is a threshold, not the row's unit.
"""

from __future__ import annotations

import re

from ingestion.text.numbers import COUNT_UNITS, MONEY_UNITS

_BRACKETS = r"[（(]([^（）()]*(?:[（(][^（）()]*[）)])?[^（）()]*)[）)]"
MONEY_IN_BRACKETS_RE = re.compile(rf"[（(]\s*(?:金额)?(?:单位)?[:：]?\s*({'|'.join(MONEY_UNITS)})\s*[）)]")
# 台，套 / 台/套 / 台(套): measure words, one or two, in one bracket
_MEASURE_WORDS = sorted({u.replace("(", "").replace(")", "") for u in COUNT_UNITS} | {"平方米", "㎡", "亩"}, key=len, reverse=True)
_MEASURE = "|".join(map(re.escape, _MEASURE_WORDS))
_COUNT_IN_BRACKETS_RE = re.compile(rf"[（(]\s*((?:{_MEASURE})(?:\s*[，,、/／（(]\s*(?:{_MEASURE})\s*[）)]?)?)\s*[）)]")

# What a label's last words name, once its brackets, numbering and 合计/小计 are set aside: things counted,
# with the measure word the template counts them in; money words make the row money whatever else it says.
_MONEY_HEAD_RE = re.compile(r"(费|经费|支出|收入|资金|金额|拨款|结余|结转|补助|采购|价款|预算|决算)$")
_COUNTED = (
    ("设备", "台(套)"),
    ("车辆数", "辆"),
    ("辆数", "辆"),
    ("车辆", "辆"),
    ("用车", "辆"),
    ("保有量", "辆"),
    ("人次", "人次"),
    ("人数", "人"),
    ("批次", "批次"),
    ("团组数", "个"),
    ("团组", "个"),
    ("户数", "户"),
)
_TOTAL_WORD_RE = re.compile(r"(合计|小计|总计|总数)$")
_NUMBERING_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|其中[:：])")


def strip_money_unit(label: str | None) -> tuple[str | None, str | None]:
    """The label without a bracketed money unit, and that unit ("总计（万元）" → ("总计", "万元"))."""
    if not label:
        return label, None
    match = MONEY_IN_BRACKETS_RE.search(label)
    if match is None:
        return label, None
    stripped = (label[: match.start()] + label[match.end() :]).strip()
    return (stripped or label), match.group(1)


def printed_count_unit(text: str | None) -> str | None:
    """A count unit printed in brackets ("车辆数合计(辆)" → 辆, "设备（台，套）" → 台，套)."""
    match = _COUNT_IN_BRACKETS_RE.search(text or "")
    return match.group(1) if match else None


def counted_unit(label: str | None) -> str | None:
    """The measure word of a row that counts things, printed or implied; None for a row of money."""
    if not label:
        return None
    printed = printed_count_unit(label)
    if printed:
        return printed
    words = re.sub(_BRACKETS, "", label)
    words = _NUMBERING_RE.sub("", words.strip())
    words = _TOTAL_WORD_RE.sub("", words)
    if not words or _MONEY_HEAD_RE.search(words):
        return None
    for noun, unit in _COUNTED:
        if words.endswith(noun):
            return unit
    return None
