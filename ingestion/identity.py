"""Who published a document, for which year, and what kind of disclosure it is."""

from __future__ import annotations

import re
from collections import Counter

from ingestion.text.normalise import compact
from ingestion.records import Block

_ORG_SUFFIX = r"(?:局|委员会|委|办公室|办|厅|部|院|中心|所|站|队|会|馆|署|处|社|团|园|校|大学)"
_NAME_FIELD_RE = re.compile(
    r"(?:部门|单位|预算单位|填报单位)名称[:：]\s*([\u4e00-\u9fa5（）()]{2,40}?)(?=\s|20\d\d|金额单位|单位[:：]|$)"
)
_TITLE_RE = re.compile(r"^(.{2,40}?)(20\d\d)年度?(?:部门|单位)?(?:决算|预算|整体支出绩效|部门整体|项目支出绩效|绩效)")
_YEAR_RE = re.compile(r"(20\d\d)\s*年度?")
_ORG_RE = re.compile(r"((?:中共)?[\u4e00-\u9fa5]{2,24}?" + _ORG_SUFFIX + r")(?=[^\u4e00-\u9fa5]|$|20\d\d|[（(]|下属|是|为|的|主要|部门|单位|决算|预算|年度|整体|\s)")


_PART_RE = re.compile(r"^第[一二三四五六七八九十]+部分")


def _texts(blocks: list[Block], limit: int) -> list[str]:
    out = []
    for block in blocks[:limit]:
        text = _PART_RE.sub("", compact(block.text))
        if text:
            out.append(text)
    return out


def detect_doc_kind(blocks: list[Block]) -> str:
    title = "".join(_texts(blocks, 8))
    if "绩效" in title and ("自评" in title or "评价" in title) and "决算" not in title:
        return "performance_self_evaluation"
    head = "".join(_texts(blocks, 60))
    if "决算" in head:
        return "final_accounts"
    if "绩效自评" in head or "绩效评价" in head:
        return "performance_self_evaluation"
    if "预算" in head:
        return "budget"
    return "other"


def detect_fiscal_year(blocks: list[Block]) -> int | None:
    texts = _texts(blocks, 80)
    for text in texts:
        match = re.search(r"(20\d\d)年度?(?:部门|单位)?(?:决算|预算|整体|项目|部门整体)", text)
        if match:
            return int(match.group(1))
    years = Counter(int(m) for t in _texts(blocks, 400) for m in _YEAR_RE.findall(t))
    return years.most_common(1)[0][0] if years else None


def detect_department(blocks: list[Block]) -> str | None:
    texts = _texts(blocks, 400)
    for text in texts:
        match = _NAME_FIELD_RE.search(text)
        if match:
            return match.group(1)
    head = texts[:40]
    for i, text in enumerate(head):
        match = _TITLE_RE.match(text)
        if match and re.search(_ORG_SUFFIX + "$", match.group(1)):
            return match.group(1)
        # a cover page prints the name on its own line just above "2024年度部门决算"
        if re.match(r"^(20\d\d)?年度?(部门|单位)?(决算|预算)", text) or re.match(r"^20\d\d年度", text):
            for previous in reversed(head[max(0, i - 3) : i]):
                if re.fullmatch(r"[\u4e00-\u9fa5（）()]{2,30}" + _ORG_SUFFIX, previous):
                    return previous
    counts = Counter(m for t in texts[:300] for m in _ORG_RE.findall(t))
    for name, _ in counts.most_common(5):
        if not name.startswith(("本部门", "本单位", "部门", "单位", "主管")):
            return name
    return None
