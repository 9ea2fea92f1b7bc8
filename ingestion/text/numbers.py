"""Printed numbers, units and classification codes: the one grammar every extractor parses them with.

A printed number is digits with an optional sign, thousands separators and decimals ("1,234.56", "-3",
"0.985"); a table may print a negative amount in parentheses. Cells that stand for nothing are blank or a
dash ("-", "——", "/"). Money is converted to 万元; counts and percentages keep their unit.
"""

from __future__ import annotations

import re

from ingestion.text.normalise import compact, normalise_text

NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"^{NUMBER}$")
_DASH_CHARS = set("-—－–―/／\\.")

MONEY_UNITS = ("万元", "亿元", "千元", "元")
UNIT_TO_WAN = {"万元": 1.0, "元": 1e-4, "千元": 0.1, "亿元": 1e4}

# A number in running text. A number glued to digits or a decimal point before it is part of something
# else (a date, a code).
_NUMBER_IN_TEXT = r"(?<![\d.])(?<!\d,)(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"

# An amount in running text: the number and the unit printed after it, among the units a narrative figure
# can carry.
AMOUNT_IN_TEXT_RE = re.compile(_NUMBER_IN_TEXT + r"(万元|亿元|千元|元|%|辆|个|人次|人|批次|批|次)?")

# Units that make a number in prose a statement of something (money, a share, a count, a score), and the
# calendar units that make it a date or a year: what a narrative section's coverage counts.
COUNT_UNITS = ("辆", "个", "人次", "人", "批次", "批", "次", "台(套)", "台", "套", "件", "项", "家", "户", "名", "分",
               "篇", "期", "场", "天")
DATE_UNITS = ("年", "月", "日")
_PROSE_UNITS = "|".join(re.escape(u) for u in (*MONEY_UNITS, "%", *COUNT_UNITS, *DATE_UNITS))
NUMBER_WITH_UNIT_RE = re.compile(_NUMBER_IN_TEXT + rf"({_PROSE_UNITS})")

# Comparison operators a target value may start with ("≥85%"), folded to one spelling.
OPERATOR_SYMBOLS = {
    "≥": "≥", ">=": "≥", "≧": "≥", "=>": "≥", "≤": "≤", "<=": "≤", "≦": "≤", "=<": "≤",
    "=": "=", "==": "=", ">": ">", "<": "<",
}
_VALUE_RE = re.compile(rf"^(≥|≤|>=|<=|=|>|<|≧|≦)?\s*({NUMBER})\s*([^\d]*)$")


def is_dash(text: str | None) -> bool:
    """A cell printed as a dash or slash: nothing there, said explicitly."""
    key = compact(text or "")
    return bool(key) and set(key) <= _DASH_CHARS


def classify_cell(raw: str) -> tuple[str, float | None]:
    """Return (value_kind, value) for a printed cell: number, zero, blank, dash or text."""
    text = compact(raw)
    if text == "":
        return "blank", None
    if is_dash(text):
        return "dash", None
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    if _NUMBER_RE.match(text):
        value = float(text.replace(",", ""))
        if negative:
            value = -value
        return ("zero" if value == 0 else "number"), value
    return "text", None


_NUMERALS = set("零〇一二三四五六七八九十百千万亿点壹贰叁肆伍陆柒捌玖拾佰仟负")


def looks_like_amount(text: str) -> bool:
    """A cell meant as an amount even when it is no number as printed (a rate, digits with a stray letter, an
    amount in words): it must stay a value that failed to read, never be taken for a label."""
    key = compact(text)
    if not key:
        return False
    if read_percent(key) is not None or set(key) <= _NUMERALS:
        return True
    words = sum(1 for ch in key if "\u4e00" <= ch <= "\u9fff" and ch not in _NUMERALS)
    return any(ch.isdigit() for ch in key) and words <= 2  # "1.主要负责人用车" is a label, "793.O8" an amount


def parse_number(raw: str | None) -> float | None:
    """A cell that prints a number (or zero), else None."""
    if raw is None:
        return None
    kind, value = classify_cell(raw)
    return value if kind in ("number", "zero") else None


def read_number(text: str | None) -> float | None:
    """A number as a form prints it, possibly followed by %, 分 or 万元 ("10%", "2.5分" → 10, 2.5)."""
    if text is None:
        return None
    key = re.sub(r"(%|分|万元)$", "", compact(text))
    return float(key.replace(",", "")) if _NUMBER_RE.match(key) else None


def is_number(text: str | None) -> bool:
    """A number, possibly printed with a trailing %."""
    if text is None:
        return False
    key = compact(text)
    return _NUMBER_RE.match(key[:-1] if key.endswith("%") else key) is not None


def is_plain_number(text: str | None) -> bool:
    return text is not None and _NUMBER_RE.match(compact(text)) is not None


def read_percent(text: str | None) -> float | None:
    """A cell printed as a percentage ("98.50%") → 98.5; anything else → None."""
    key = compact(text or "")
    return float(key[:-1].replace(",", "")) if key.endswith("%") and _NUMBER_RE.match(key[:-1]) else None


def read_rate(text: str | None) -> float | None:
    """A rate as a percentage: '98.50%' → 98.5, '100' → 100, a printed ratio '0.985' → 98.5."""
    if text is None:
        return None
    key = compact(text)
    if key.endswith("%"):
        return read_number(key[:-1])
    value = read_number(key)
    if value is None:
        return None
    if 0 < value <= 1.5 and "." in key:
        return round(value * 100, 6)
    return value


def split_value(text: str | None) -> tuple[str | None, float | None, str | None]:
    """A target or actual value: '≥8人' → ('≥', 8, '人'); '99%' → (None, 99, '%'); '及时' → (None, None, None)."""
    if not text:
        return None, None, None
    key = compact(text)
    match = _VALUE_RE.match(key)
    if not match:
        for symbol in ("≥", "≤", ">=", "<=", "≧", "≦", "=", ">", "<"):
            if key.startswith(symbol):
                return OPERATOR_SYMBOLS[symbol], None, None
        return None, None, None
    op = OPERATOR_SYMBOLS.get(match.group(1)) if match.group(1) else None
    return op, float(match.group(2).replace(",", "")), match.group(3) or None


# A unit printed after a figure in a cell: %, a measure word or two (个, 人次, 万元, 个/套, 平方米, 家以上),
# never punctuation or running text ("2023年预算不够").
_FIGURE_UNIT_RE = re.compile(r"(?:%|‰|[\u4e00-\u9fffA-Za-z²³㎡]{1,4}(?:[/（）()][\u4e00-\u9fffA-Za-z]{1,2}[）)]?)?)?")


def printed_figure(text: str | None) -> float | None:
    """The figure a cell prints on its own, with an optional comparison sign before and a short unit after
    ("≥20个" → 20, "98.50%" → 98.5, "0.985", "1,200.00", "3692人", "(3.5)" → -3.5); None for text, for
    prose with numbers in it and for numbering ("1.项目年度目标")."""
    if not text:
        return None
    key = compact(text)
    kind, value = classify_cell(key)
    if kind in ("number", "zero"):
        return value
    match = _VALUE_RE.match(key)
    if not match or not _FIGURE_UNIT_RE.fullmatch(match.group(3)):
        return None
    return float(match.group(2).replace(",", ""))


def amount_after(text: str, cues: tuple[str, ...]) -> float | None:
    """The first amount in 万元 printed after one of `cues` ("预算下达资金为12.5万元" → 12.5)."""
    for cue in cues:
        match = re.search(re.escape(cue) + rf"(?:资金|金额|数)?(?:为|共)?\s*({NUMBER})\s*(万元|万|元)", text)
        if match:
            value = float(match.group(1).replace(",", ""))
            return value if match.group(2) in ("万元", "万") else round(value / 10000, 6)
    return None


_CODE_SPLIT_RE = re.compile(r"^(\d{3})(?:\s+(\d{2}))?(?:\s+(\d{2}))?$")


def normalise_code(raw: str) -> str | None:
    """'201 05 01', '2010501', '201' → digits; anything else → None."""
    text = normalise_text(raw)
    if re.fullmatch(r"\d{3}|\d{5}|\d{7}", text):
        return text
    match = _CODE_SPLIT_RE.match(text)
    if match:
        return "".join(part for part in match.groups() if part)
    return None


def code_system(code: str) -> str:
    """功能分类 codes start with 2 (201…234); 经济分类 codes with 3 (部门预算 301…399) or 5 (政府预算 501…599)."""
    return "economic" if code[:1] in ("3", "5") else "functional"


def parse_unit(text: str) -> str | None:
    """The unit printed in a '金额单位：万元' / '单位：元' line; not the first character of a place in a 编制单位 line
    (编制单位：元氏县教育局, 元宝山区)."""
    match = re.search(r"单位\s*[:：]\s*(万元|千元|亿元|元)(?![\u4e00-\u9fff]{1,3}[省市县区旗镇乡])", normalise_text(text))
    return match.group(1) if match else None


def to_wan(value: float | None, unit: str | None) -> float | None:
    if value is None:
        return None
    factor = UNIT_TO_WAN.get(unit or "万元")
    if factor is None:
        return None
    return round(value * factor, 6)
