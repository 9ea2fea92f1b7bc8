"""Reading one cell of a form: operators, grades, level names, labels and the execution row's points."""

from __future__ import annotations

import re

from ingestion.text.normalise import compact
from ingestion.text.numbers import is_dash, read_number
from ingestion.performance.tokens import label_key
from ingestion.performance.vocabulary import ANALYSIS_LABELS, BUDGET_ROLES, CODE_LABELS, CODE_PREFIX_RES, COMPETENT_LABELS, EXECUTION_POINTS_RE, GENERIC_LEVEL_RE, GRADE_LABELS, GRADE_WORDS, GRADES, IMPLEMENTING_LABELS, INDICATOR_HEADER, JUNK, KNOWN_LEVELS, L1_AMBIGUOUS, L1_ONLY, NAME_LABELS, OPERATORS, OTHER_KEY_LABELS, TOTAL_LABELS


def execution_weight(printed: str | None, toks) -> float | None:
    """The points the execution row carries. A 权重 printed as a percentage ("100%" on 总额) is the row's
    share of the execution section, not points: the points are then the section heading's "（10分）"."""
    if printed is None or not compact(printed).endswith("%"):
        return read_number(printed)
    for tok in toks:
        match = EXECUTION_POINTS_RE.search(tok.key)
        if match:
            return float(match.group(1))
    return None


def operator_of(text: str | None) -> str | None:
    if not text:
        return None
    key = compact(text)
    return OPERATORS.get(key)


def is_value_like(key: str) -> bool:
    """'≥85%', '=2个', '100%', '3692人': a target or actual value, never a 三级指标 name."""
    if re.match(r"^(≥|≤|>=|<=|=|>|<|≧|≦)", key):
        return True
    return bool(re.fullmatch(r"[-+]?\d+(?:\.\d+)?\s*(%|[\u4e00-\u9fff]{1,3})", key))


def grade_of(text: str | None) -> str | None:
    """优/良/中/差 for a cell that states one of them (优秀 → 优, 良好 → 良); None for 合格 and other words."""
    printed = printed_grade(text)
    return GRADES.get(printed) if printed else None


def printed_grade(text: str | None) -> str | None:
    """A grade word as printed (优秀, 良, 合格, 不合格 …), or None for a cell that is no grade."""
    if not text:
        return None
    key = compact(text).strip("“”\"'「」")
    return key if key in GRADE_WORDS else None


def _level_key(key: str) -> str:
    """A level name without the points the template prints in it: 产出指标（50分）, 效益指标30分 → the name."""
    return re.sub(r"\d+(?:\.\d+)?分$", "", label_key(key))


def is_level_name(key: str) -> bool:
    k = _level_key(key)
    if k in KNOWN_LEVELS:
        return True
    return bool(GENERIC_LEVEL_RE.fullmatch(k)) and k not in INDICATOR_HEADER and k not in JUNK


def is_label(key: str) -> bool:
    label = label_key(key)
    return (
        label in NAME_LABELS or label in CODE_LABELS or label in COMPETENT_LABELS
        or label in IMPLEMENTING_LABELS or label in OTHER_KEY_LABELS or label in BUDGET_ROLES
        or label in INDICATOR_HEADER or label in TOTAL_LABELS or label in ANALYSIS_LABELS
    )


def ends_indicators(text: str) -> bool:
    """A cell that closes the indicator section: the 总分/合计 row (its label alone or with the score in it,
    "总分：92.5分"), the grade, the analysis."""
    label = label_key(text)
    if label in TOTAL_LABELS or label in ANALYSIS_LABELS or label in GRADE_LABELS:
        return True
    match = re.fullmatch(r"([\u4e00-\u9fff]{2,5})[:：]?\d+(?:\.\d+)?分?", label)
    return bool(match) and match.group(1) in TOTAL_LABELS


def assign_levels(names: list[str], l1: str | None, l2: str | None) -> tuple[str | None, str | None]:
    names = [_level_key(n) for n in names if n and _level_key(n) not in JUNK]
    if len(names) >= 2:
        first, second = names[-2], names[-1]
        if first in L1_ONLY or first in L1_AMBIGUOUS:
            return first, second
        return l1, second  # 质量指标 | 质量指标: a 二级指标 printed twice, the 一级指标 carried down
    if len(names) == 1:
        name = names[0]
        if name in L1_ONLY:
            return name, None
        if name in L1_AMBIGUOUS:
            # 成本指标 sits under 产出指标 in the older framework, 满意度指标 is a 一级指标 of its own.
            if name.startswith("成本") and l1 and l1.startswith("产出"):
                return l1, name
            if l1 == name:
                return l1, name
            return name, None
        return l1, name
    return l1, l2


# The numbering of a template's indicator rows: "1.培训人数", "（2）…", "指标1：培训人数", "①…". A digit
# after the point makes it a decimal ("1.5G带宽"), part of the name.
_ROW_NUMBER_RE = re.compile(r"^(?:指标\d{1,2}[:：]|\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）]|[①-⑳])\s*")


# What the template prints in a row nobody filled: 指标1：, 指标2, ……, …, —, -, /.
_PLACEHOLDER_RE = re.compile(r"^(?:指标\d{1,2}[:]?|[.…·]+|[-—–―]+|/)$")


def indicator_name(text: str) -> str:
    """A 三级指标 as printed, without spaces and without the row's number."""
    name = re.sub(r"\s+", "", text)
    return _ROW_NUMBER_RE.sub("", name) or name


def is_placeholder(text: str | None) -> bool:
    """A cell the template prints in an unused row (指标1：, ……, —): a name that names nothing."""
    return bool(text) and bool(_PLACEHOLDER_RE.match(compact(text)))


def is_row_number(text: str | None) -> bool:
    """A bare ordinal a numbered row prints before its name ("1", "12", "3."): no figure."""
    return bool(text) and bool(re.fullmatch(r"\d{1,2}[.、]?", compact(text)))


def split_code(name: str) -> tuple[str | None, str]:
    for pattern in CODE_PREFIX_RES:
        match = pattern.match(name)
        if match and re.search(r"\d", match.group(1)) and re.search(r"\d{6}", match.group(1)):
            return match.group(1), name[match.end():]
    return None, name


def qualitative(target: str | None) -> str | None:
    """A target printed without a number (及时, 有效提升, 定性) is a 定性 indicator."""
    if not target or is_dash(target):
        return None
    key = compact(target)
    if key in ("未填报", "无", "未设置", "空"):
        return None
    return "定性" if not re.search(r"\d", key) and not re.search(r"[一二三四五六七八九十百千万]+[个次人件年月日天]", key) else None
