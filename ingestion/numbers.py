"""Parsing printed numbers, units and classification codes."""

from __future__ import annotations

import re
import unicodedata

_DASHES = {"-", "—", "——", "－", "–", "―", "--", "---", "/", "——————"}
_AMOUNT_RE = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$|^[-+]?\d+(\.\d+)?$")


def normalise_text(text: str) -> str:
    """NFKC folds full-width digits, letters and punctuation; keep Chinese brackets readable."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u3000", " ").strip()


def compact(text: str) -> str:
    """Text with all whitespace removed (PDF cells break words across lines)."""
    return re.sub(r"\s+", "", normalise_text(text))


def classify_cell(raw: str) -> tuple[str, float | None]:
    """Return (value_kind, value) for a printed cell: number, zero, blank, dash or text."""
    text = compact(raw)
    if text == "":
        return "blank", None
    if text in _DASHES or set(text) <= set("-—－–―"):
        return "dash", None
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1]
    if _AMOUNT_RE.match(text):
        value = float(text.replace(",", ""))
        if negative:
            value = -value
        return ("zero" if value == 0 else "number"), value
    return "text", None


def parse_number(raw: str | None) -> float | None:
    if raw is None:
        return None
    kind, value = classify_cell(raw)
    return value if kind in ("number", "zero") else None


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
    """Economic codes start with 3 (301…399); functional codes with 2 (201…234)."""
    return "economic" if code.startswith("3") else "functional"


def parse_unit(text: str) -> str | None:
    """The unit printed in a '金额单位：万元' / '单位：元' line."""
    match = re.search(r"单位\s*[:：]\s*(万元|千元|亿元|元)", normalise_text(text))
    return match.group(1) if match else None


UNIT_TO_WAN = {"万元": 1.0, "元": 1e-4, "千元": 0.1, "亿元": 1e4}


def to_wan(value: float | None, unit: str | None) -> float | None:
    if value is None:
        return None
    factor = UNIT_TO_WAN.get(unit or "万元")
    if factor is None:
        return None
    return round(value * factor, 6)
