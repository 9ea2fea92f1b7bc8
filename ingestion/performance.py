"""Project performance self-evaluation tables (项目支出绩效自评表) and the department's overall score.

A document is a stream of blocks. Each 项目支出绩效自评表 found in it becomes one `ProjectRecord` and
its 三级指标 rows become `IndicatorRecord`s; the 部门整体支出绩效自评表 总分 and narrative statements
such as "部门整体绩效自评得分为93.5分" become `NarrativeFigure`s named department_performance_score.

Everything is found by the labels a table prints (项目名称, 主管部门, 年初预算数, 全年执行数, 三级指标,
指标性质, 分值/权重, 得分, 总分/合计 …), never by a position or a particular document. Converters
leave the same table in three shapes, and each is read in its own way:

* row mode: tab-separated rows, or rows from a PDF/Word/Excel reader. Header rows name the columns;
  a data row's values follow its label in header order. Converters shift cells left or right, so an
  indicator row is aligned on its 分值/得分 pair when its cells do not line up with the header.
* exact stream: one cell per line (Word converted to text). Blank cells vanish from the block stream
  but keep their line, so a value's line offset from its row label gives its column.
* fragment stream: a PDF converted to text, a few characters per line and no trace of blank cells.
  Labels are glued back together and rows are read as a sequence anchored on the 指标性质 operator.

Amounts are 万元 (a table printed in 元 is converted). Scores left blank are None, never 0.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from ingestion.numbers import compact, normalise_text, to_wan
from ingestion.records import Block, IndicatorRecord, NarrativeFigure, ProjectRecord
from ingestion.tables import recognise_title

__all__ = ["PerformanceExtraction", "extract_performance"]


@dataclass
class PerformanceExtraction:
    projects: list[ProjectRecord] = field(default_factory=list)
    indicators: list[IndicatorRecord] = field(default_factory=list)
    department_scores: list[NarrativeFigure] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

_NAME_LABELS = {"项目名称", "项目支出名称", "项目名"}
_CODE_LABELS = {"项目编码", "项目代码", "项目编号"}
_COMPETENT_LABELS = {"主管部门", "主管部门及代码", "主管单位", "主管部门名称", "主管部门(单位)"}
_IMPLEMENTING_LABELS = {"实施单位", "预算单位", "实施单位及代码", "预算单位及代码", "实施单位名称", "项目实施单位"}
_OTHER_KEY_LABELS = {
    "项目基本情况", "项目负责人", "财务负责人", "联系电话", "项目属性", "项目类型", "资金用途", "项目期",
    "项目年度绩效目标", "年度目标", "年度总体目标", "项目年度目标", "年度目标完成情况", "项目年度目标完成情况",
    "项目实施内容及过程概述", "预算执行情况", "项目资金预算安排及执行进度", "项目资金", "年度预算数",
    "绩效指标", "评价结论", "存在问题", "改进措施", "实际完成情况", "预期目标", "项目绩效分析", "自评结果分析",
    "项目实施和预算执行情况", "年度资金总额", "资金总额", "总额", "填表人", "填报日期", "单位负责人签字",
    "市级预算部门名称", "部门名称", "项目概况", "项目立项情况",
}

# Budget header labels → role. "declared"/"compiled" are the two halves of a split 年初预算数.
_BUDGET_ROLES = {
    "年初预算数": "initial", "年初预算": "initial", "年初预算金额": "initial", "项目预算金额": "initial",
    "年初预算安排": "initial", "年初批复预算": "initial",
    "目标申报数": "declared", "预算编制数": "compiled",
    "调整后预算数": "adjusted", "调整后预算": "adjusted", "全年预算数": "adjusted", "全年预算": "adjusted",
    "预算下达数": "adjusted", "实际到位金额": "adjusted", "全年预算金额": "adjusted", "调整后预算金额": "adjusted",
    "预算执行数": "executed", "全年执行数": "executed", "执行数": "executed", "实际执行金额": "executed",
    "实际支出数": "executed", "全年执行金额": "executed", "实际执行数": "executed",
    "预算执行率": "rate", "执行率": "rate",
    "权重": "weight", "分值": "weight",
    "得分": "score",
    "原因": "reason", "偏差原因分析及改进措施": "reason", "偏差原因分析及改进": "reason", "措施": "reason",
    "未完成原因分析": "reason", "偏差原因": "reason",
}
_AMOUNT_ROLES = ("declared", "compiled", "initial", "adjusted", "executed")
_BUDGET_TOTAL_LABELS = {"总额", "资金总额", "年度资金总额", "项目资金总额", "资金总额合计", "年度资金总额合计"}

_INDICATOR_ROLES = {
    "指标性质": "operator", "指标方向": "operator",
    "指标值": "target", "年度指标值": "target", "目标值": "target", "预期指标值": "target", "全年指标值": "target",
    "年度目标值": "target", "年初指标值": "target_initial", "调整后指标值": "target_adjusted",
    "度量单位": "unit", "计量单位": "unit", "单位": "unit",
    "完成值": "actual", "实际完成值": "actual", "实际值": "actual", "全年实际值": "actual", "实际完成": "actual",
    "权重": "weight", "分值": "weight",
    "得分": "score",
    "未完成原因分析": "reason", "偏差原因分析及改进措施": "reason", "原因": "reason", "偏差原因": "reason",
    "偏差原因分析": "reason", "未完成原因": "reason", "偏差原因分析及改进": "reason",
}
_INDICATOR_HEADER = {"一级指标", "二级指标", "三级指标"}

_TOTAL_LABELS = {"总分", "合计", "合计得分", "总得分", "自评总分", "综合得分", "总计"}
_ANALYSIS_LABELS = {
    "项目绩效分析", "自评结果分析", "项目实施和预算执行情况", "项目实施的预算执行情况及分析", "项目自评结果分析",
    "评价结论", "存在问题", "改进措施", "主要经验做法", "产出情况", "效益情况", "满意度情况",
}

# Labels that end a 三级指标 name read backwards from its operator in a fragment stream.
_STOP_IN_INDICATORS = (
    set(_INDICATOR_ROLES) | _INDICATOR_HEADER | _TOTAL_LABELS | _ANALYSIS_LABELS
    | {"项目负责人", "财务负责人", "实施单位", "填表人", "年度目标完成情况"}
)

_L1_ONLY = {"产出指标", "效益指标", "决策指标", "过程指标", "产出", "效益", "决策", "过程"}
_L1_AMBIGUOUS = {"满意度指标", "成本指标", "满意度", "成本"}
_KNOWN_LEVELS = _L1_ONLY | _L1_AMBIGUOUS | {
    "数量指标", "质量指标", "时效指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
    "可持续发展指标", "服务对象满意度指标", "服务对象满意度", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "社会效益", "经济效益", "生态效益", "可持续影响", "数量", "质量", "时效",
}
_GENERIC_LEVEL_RE = re.compile(
    r"[\u4e00-\u9fff]{0,6}(?:效益|成本|满意度|影响|发展|数量|质量|时效|产出|决策|过程|管理)指标"
)
_JUNK = {"绩效指标", "绩效指", "绩效", "指标", "标", "绩", "效", "指", "目绩效分析", "项目绩效分析"}

_OPERATORS = {
    "≥": "≥", ">=": "≥", "≧": "≥", "=>": "≥", "≤": "≤", "<=": "≤", "≦": "≤", "=<": "≤",
    "=": "=", "==": "=", ">": ">", "<": "<", "定性": "定性", "定量": "定量",
    "大于等于": "≥", "小于等于": "≤", "等于": "=", "大于": ">", "小于": "<", "不低于": "≥", "不高于": "≤",
}

_GRADES = {"优": "优", "良": "良", "中": "中", "差": "差", "优秀": "优", "良好": "良"}
_GRADE_TEXT_RE = re.compile(
    r"(?:(?:自评|评价|绩效|综合)(?:等级|结果|等次)|等级)(?:为|是|:|：)?[“\"'「]?(优秀|良好|优|良|中|差)(?![\u4e00-\u9fff])"
)

# Labels that fragment-stream converters split over lines are glued back when the pieces spell one.
_MERGE_VOCAB = (
    _NAME_LABELS | _CODE_LABELS | _COMPETENT_LABELS | _IMPLEMENTING_LABELS | _OTHER_KEY_LABELS
    | set(_BUDGET_ROLES) | set(_INDICATOR_ROLES) | _INDICATOR_HEADER | _TOTAL_LABELS | _ANALYSIS_LABELS
    | _KNOWN_LEVELS | {"部门预算项目支出绩效自评表", "项目支出绩效自评表"}
) - {"单位", "原因", "措施", "标", "中"}

_ORG_RE = re.compile(
    r"(局|委|委员会|中心|公司|办公室|办|院|所|室|站|队|会|部|厅|处|馆|校|社|集团|政府|单位|科|组|机关|机构|街道|乡|镇|村|医院|学校)$"
)
_SEAL = {"(", ")", "（", "）", "盖章", "(盖章)", "（盖章）"}
# A project code before the name: 51050021T000000035603-…, "37060224T000072861396 2024年…".
_CODE_PREFIX_RES = (
    re.compile(r"^(\d{8}[A-Z]\d{12})\s*[-－—–_]*\s*"),
    re.compile(r"^([0-9A-Z]{12,})(?:\s+|\s*[-－—–_]+\s*)"),
    re.compile(r"^([0-9A-Z]{12,})(?=[\u4e00-\u9fff“\"（(])"),
)
_UNIT_CODE_PREFIX_RE = re.compile(r"^\d{2,}\s*[-－—–_]\s*")
_ANNOTATION_RE = re.compile(r"^[（(]\d+(?:\.\d+)?分[)）]$")
_NUMBER_RE = re.compile(r"^[-+]?\d+(?:,\d{3})*(?:\.\d+)?$")
_VALUE_RE = re.compile(r"^(≥|≤|>=|<=|=|>|<|≧|≦)?\s*([-+]?\d+(?:,\d{3})*(?:\.\d+)?)\s*([^\d]*)$")
_YUAN_RE = re.compile(r"(?:^|单位[:：])\(?元\)?$|\(元\)$")
_HTML_RE = re.compile(r"</?p>|</?span[^>]*>|<br\s*/?>")


# ---------------------------------------------------------------------------------------------
# Tokens
# ---------------------------------------------------------------------------------------------


@dataclass
class _Tok:
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
        return _label_key(self.key)


def _label_key(key: str) -> str:
    key = key.rstrip(":：")
    key = re.sub(r"\((?:万元|元|千元|\d+(?:\.\d+)?分|%|单位[:：]?万?元)\)$", "", key)
    key = re.sub(r"^\d+[.、．]", "", key)
    return key.rstrip(":：")


def _replace(tok: _Tok, raw: str) -> _Tok:
    return replace(tok, raw=raw, key=compact(raw))


def _clean(text: str) -> str:
    return _HTML_RE.sub("", text.replace("\u3000", " ")).strip()


def _tokens(blocks: list[Block]) -> list[_Tok]:
    toks: list[_Tok] = []
    for bi, block in enumerate(blocks):
        if block.kind == "row":
            for ci, cell in enumerate(block.cells):
                raw = _clean(cell)
                if raw:
                    toks.append(_Tok(raw, compact(raw), block.line_no, block.line_no, block.page, bi, ci, True))
        else:
            raw = _clean(block.cells[0] if block.cells else "")
            if raw:
                toks.append(_Tok(raw, compact(raw), block.line_no, block.line_no, block.page, bi, 0, False))
    return _merge_fragments(toks)


def _merge_fragments(toks: list[_Tok]) -> list[_Tok]:
    """Glue 预算执 + 行情况, 年初 + 预算数, 经济效 + 益指标 … back into the label they spell."""
    out: list[_Tok] = []
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
                if _label_key(joined) in _MERGE_VOCAB:
                    first = group[0]
                    out.append(
                        _Tok("".join(t.raw for t in group), joined, first.line, group[-1].last_line,
                             first.page, first.block, first.col, False)
                    )
                    i += size
                    merged = True
                    break
        if not merged:
            out.append(toks[i])
            i += 1
    return out


# ---------------------------------------------------------------------------------------------
# Cell helpers
# ---------------------------------------------------------------------------------------------


def _is_dash(text: str) -> bool:
    key = compact(text)
    return bool(key) and set(key) <= set("-—－–―/／\\.")


def _number(text: str | None) -> float | None:
    """A plain printed number ('10', '2.5', '1,234.00'); '10%' and '10分' are read as 10."""
    if text is None:
        return None
    key = compact(text)
    key = re.sub(r"(%|分|万元)$", "", key)
    if _NUMBER_RE.match(key):
        return float(key.replace(",", ""))
    return None


_EXECUTION_POINTS_RE = re.compile(r"预算执行(?:情况|率)?[（(](\d+(?:\.\d+)?)分[)）]")


def _execution_weight(printed: str | None, toks) -> float | None:
    """The points the execution row carries. A 权重 printed as a percentage ("100%" on 总额) is the row's
    share of the execution section, not points: the points are then the section heading's "（10分）"."""
    if printed is None or not compact(printed).endswith("%"):
        return _number(printed)
    for tok in toks:
        match = _EXECUTION_POINTS_RE.search(tok.key)
        if match:
            return float(match.group(1))
    return None


def _is_number(text: str | None) -> bool:
    """A number, possibly printed with a trailing %."""
    if text is None:
        return False
    key = compact(text)
    return _NUMBER_RE.match(key[:-1] if key.endswith("%") else key) is not None


def _is_plain_number(text: str | None) -> bool:
    return text is not None and _NUMBER_RE.match(compact(text)) is not None


def _rate(text: str | None) -> float | None:
    """Execution rate as a percentage: '98.50%' → 98.5, '100' → 100, a ratio '0.985' → 98.5."""
    if text is None:
        return None
    key = compact(text)
    if key.endswith("%"):
        value = _number(key[:-1])
        return value
    value = _number(key)
    if value is None:
        return None
    if 0 < value <= 1.5 and "." in key:
        return round(value * 100, 6)
    return value


def _operator(text: str | None) -> str | None:
    if not text:
        return None
    key = compact(text)
    return _OPERATORS.get(key)


def _split_value(text: str | None) -> tuple[str | None, float | None, str | None]:
    """'≥8人' → ('≥', 8, '人'); '99%' → (None, 99, '%'); '及时' → (None, None, None)."""
    if not text:
        return None, None, None
    key = compact(text)
    match = _VALUE_RE.match(key)
    if not match:
        op = None
        for symbol in ("≥", "≤", ">=", "<=", "≧", "≦", "=", ">", "<"):
            if key.startswith(symbol):
                op = _OPERATORS[symbol]
                break
        return op, None, None
    op = _OPERATORS.get(match.group(1)) if match.group(1) else None
    unit = match.group(3) or None
    return op, float(match.group(2).replace(",", "")), unit


def _is_value_like(key: str) -> bool:
    """'≥85%', '=2个', '100%', '3692人': a target or actual value, never a 三级指标 name."""
    if re.match(r"^(≥|≤|>=|<=|=|>|<|≧|≦)", key):
        return True
    return bool(re.fullmatch(r"[-+]?\d+(?:\.\d+)?\s*(%|[\u4e00-\u9fff]{1,3})", key))


def _grade(text: str | None) -> str | None:
    if not text:
        return None
    key = compact(text).strip("“”\"'「」")
    return _GRADES.get(key)


def _level_key(key: str) -> str:
    return re.sub(r"[（(]\d+(?:\.\d+)?分[)）]$", "", key)


def _is_level_name(key: str) -> bool:
    k = _level_key(key)
    if k in _KNOWN_LEVELS:
        return True
    return bool(_GENERIC_LEVEL_RE.fullmatch(k)) and k not in _INDICATOR_HEADER and k not in _JUNK


def _is_label(key: str) -> bool:
    label = _label_key(key)
    return (
        label in _NAME_LABELS or label in _CODE_LABELS or label in _COMPETENT_LABELS
        or label in _IMPLEMENTING_LABELS or label in _OTHER_KEY_LABELS or label in _BUDGET_ROLES
        or label in _INDICATOR_HEADER or label in _TOTAL_LABELS or label in _ANALYSIS_LABELS
    )


def _assign_levels(names: list[str], l1: str | None, l2: str | None) -> tuple[str | None, str | None]:
    names = [_level_key(n) for n in names if n and _level_key(n) not in _JUNK]
    if len(names) >= 2:
        first, second = names[-2], names[-1]
        if first in _L1_ONLY or first in _L1_AMBIGUOUS:
            return first, second
        return l1, second  # 质量指标 | 质量指标: a 二级指标 printed twice, the 一级指标 carried down
    if len(names) == 1:
        name = names[0]
        if name in _L1_ONLY:
            return name, None
        if name in _L1_AMBIGUOUS:
            # 成本指标 sits under 产出指标 in the older framework, 满意度指标 is a 一级指标 of its own.
            if name.startswith("成本") and l1 and l1.startswith("产出"):
                return l1, name
            if l1 == name:
                return l1, name
            return name, None
        return l1, name
    return l1, l2


# ---------------------------------------------------------------------------------------------
# Segmentation into tables
# ---------------------------------------------------------------------------------------------


def _title_kind(tok: _Tok) -> str | None:
    key = tok.key
    if len(key) > 60 or "。" in key or "详见" in key or "，" in key:
        return None
    while re.search(r"[（(][^（）()]*[)）]$", key):
        key = re.sub(r"[（(][^（）()]*[)）]$", "", key)
    if not key.endswith("表"):
        return None
    if "评分表" in key or "基础数据表" in key or "考核" in key:
        return "other"
    if "整体支出绩效自评表" in key or "部门整体绩效自评表" in key:
        return "department"
    if "项目支出绩效自评表" in key or key.endswith("项目绩效自评表"):
        return "project"
    if not tok.row and key.endswith("表") and 4 <= len(key) <= 40:
        kind = recognise_title(tok.raw)  # another standard table ends the one before it
        if kind and kind not in ("project_performance", "department_performance"):
            return "other"
    return None


@dataclass
class _Region:
    kind: str  # project / department
    start: int  # index of the first token (title, 项目名称 or 主管部门)
    end: int = 0
    title: _Tok | None = None
    has_name: bool = False
    has_competent: bool = False


def _inline_label(tok: _Tok) -> str | None:
    """'项目名称：XXX' in one cell: the label part, when it is a project-info label."""
    head, sep, tail = normalise_text(tok.raw).partition(":")
    label = compact(head)
    if sep and tail.strip() and label in _NAME_LABELS | _COMPETENT_LABELS | _IMPLEMENTING_LABELS | _CODE_LABELS:
        return label
    return None


def _segment(toks: list[_Tok]) -> list[_Region]:
    """Split the token stream into tables: a title, a 项目名称 or a second 主管部门 starts one."""
    regions: list[_Region] = []
    current: _Region | None = None

    def close(at: int) -> None:
        nonlocal current
        if current is not None:
            current.end = at
            regions.append(current)
        current = None

    for i, tok in enumerate(toks):
        kind = _title_kind(tok)
        if kind is not None:
            close(i)
            if kind in ("project", "department"):
                current = _Region(kind, i, title=tok)
            continue
        label = _inline_label(tok) or tok.label
        if label in _NAME_LABELS:
            if current is None or current.kind != "project" or current.has_name or current.has_competent:
                close(i)
                current = _Region("project", i)
            current.has_name = True
        elif label in _COMPETENT_LABELS:
            if current is not None and current.kind == "department":
                continue
            if current is None or current.has_competent:
                close(i)
                current = _Region("project", i)
            current.has_competent = True
    close(len(toks))
    return regions


# ---------------------------------------------------------------------------------------------
# Per-table parsing
# ---------------------------------------------------------------------------------------------


@dataclass
class _Budget:
    values: dict[str, str | None] = field(default_factory=dict)
    found_header: bool = False
    unit: str = "万元"


@dataclass
class _Indicator:
    level1: str | None
    level2: str | None
    level3: str
    operator_text: str | None
    target_text: str | None
    unit_text: str | None
    actual_text: str | None
    weight_text: str | None
    score_text: str | None
    reason: str | None
    tok: _Tok


class _Table:
    def __init__(self, region: _Region, toks: list[_Tok], all_toks: list[_Tok], blocks: list[Block]):
        self.region = region
        self.toks = toks
        self.all_toks = all_toks
        self.blocks = blocks
        self.line_map: dict[int, _Tok] = {}
        for tok in toks:
            if not tok.row:
                for line in range(tok.line, tok.last_line + 1):
                    self.line_map.setdefault(line, tok)
        text_toks = [t for t in toks if not t.row]
        gaps = [b.line - a.last_line for a, b in zip(text_toks, text_toks[1:])]
        self.exact = bool(gaps) and statistics.median(gaps) <= 1

    # -- helpers --------------------------------------------------------------------------------

    def at_line(self, line: int) -> _Tok | None:
        tok = self.line_map.get(line)
        if tok is not None and tok.line == line:
            return tok
        return None

    def row_cells(self, tok: _Tok) -> list[str]:
        return [_clean(c) for c in self.blocks[tok.block].cells]

    def find(self, labels: set[str], start: int = 0) -> int | None:
        for i in range(start, len(self.toks)):
            if self.toks[i].label in labels:
                return i
        return None

    # -- project info ---------------------------------------------------------------------------

    def values_after(self, i: int, limit: int = 10) -> list[_Tok]:
        out: list[_Tok] = []
        for tok in self.toks[i + 1 : i + 1 + limit]:
            if _is_label(tok.key) or _title_kind(tok) is not None:
                break
            if tok.key.endswith("。") or len(tok.key) > 80:
                break
            out.append(tok)
        return out

    def info(self) -> dict[str, str | None]:
        name_parts: list[_Tok] | None = None
        code: str | None = None
        competent: list[_Tok] = []
        implementing: str | None = None
        for i, tok in enumerate(self.toks):
            label = tok.label
            inline = None
            if _inline_label(tok):
                label = _inline_label(tok)
                inline = normalise_text(tok.raw).partition(":")[2].strip()
            if label in _NAME_LABELS and name_parts is None:
                name_parts = [_replace(tok, inline)] if inline else self.values_after(i)
            elif label in _CODE_LABELS and code is None:
                values = [inline] if inline else [t.raw for t in self.values_after(i, 2)]
                code = values[0] if values else None
            elif label in _COMPETENT_LABELS and not competent:
                competent = [_replace(tok, inline)] if inline else self.values_after(i, 4)
            elif label in _IMPLEMENTING_LABELS and implementing is None:
                values = [inline] if inline else [t.raw for t in self.values_after(i, 6)]
                values = [v for v in values if compact(v) not in _SEAL]
                if values and _ORG_RE.search(_UNIT_CODE_PREFIX_RE.sub("", compact(values[0]))):
                    implementing = values[0]
        name: str | None = None
        if name_parts:
            name = " ".join(t.raw.strip() for t in name_parts)
        else:
            at = self.find(_COMPETENT_LABELS)
            if at is not None:
                name = self.name_before(self.region.start + at)
        if not name and self.region.title is not None:
            head = self.region.title.raw
            head = re.sub(r"[（(][^（）()]*[)）]\s*$", "", head).strip()
            head = re.sub(r"^(附表|附件)\d*[:：]?", "", head)
            for suffix in ("项目支出绩效自评表", "支出绩效自评表"):
                if head.endswith(suffix):
                    head = head[: -len(suffix)]
                    break
            head = re.sub(r"^\d{4}年度?", "", head).strip()
            if len(head) >= 2 and head not in ("部门预算", "部门", "预算", "项目"):
                name = head
        if name:
            name = name.strip("-－—_ ")
            found, name = _split_code(name)
            code = code or found
            name = re.sub(r"\s+", "", name).strip("-－—_ ") or None
        comp_vals = [
            t.raw for t in competent if len(competent) == 1 or _ORG_RE.search(_UNIT_CODE_PREFIX_RE.sub("", t.key))
        ]
        competent_dept = comp_vals[0] if comp_vals else None
        if implementing is None and len(comp_vals) >= 2:
            # A PDF layer that lost the 实施单位 label leaves its value right after the 主管部门 value.
            implementing = comp_vals[1]
        return {
            "name": name or None,
            "code": code,
            "competent": _UNIT_CODE_PREFIX_RE.sub("", competent_dept).strip() if competent_dept else None,
            "implementing": _UNIT_CODE_PREFIX_RE.sub("", implementing).strip() if implementing else None,
        }

    def name_before(self, index: int) -> str | None:
        """Without a 项目名称 label the name is the text just before 主管部门 (a global token index)."""
        parts: list[str] = []
        j = index - 1
        while j >= 0 and len(parts) < 6:
            tok = self.all_toks[j]
            key = tok.key
            if (
                _is_label(key) or key in ("无", "分", "。", "；", "，", ")", "）") or key.endswith(("。", "；", "，"))
                or _is_plain_number(key) or len(key) > 60 or _title_kind(tok) is not None
            ):
                break
            parts.insert(0, re.sub(r"\s+", "", tok.raw))
            j -= 1
        name = "".join(parts).strip("-－—_ 、")
        return name or None

    # -- budget ---------------------------------------------------------------------------------

    def budget(self) -> _Budget:
        result = _Budget()
        first = None
        for i, tok in enumerate(self.toks):
            role = _budget_role(tok.label)
            if role in _AMOUNT_ROLES:
                first = i
                break
        if first is None:
            return result
        result.found_header = True
        head_tok = self.toks[first]
        label_idx = self.find(_BUDGET_TOTAL_LABELS, first)
        if label_idx is not None and label_idx - first > 40:
            label_idx = None
        scope = self.toks[: (label_idx if label_idx is not None else first + 12)]
        if any(_YUAN_RE.search(t.key) for t in scope):
            result.unit = "元"
        if label_idx is None:
            return result
        label = self.toks[label_idx]
        if head_tok.row:
            roles = self.row_budget_roles(first, label_idx)
            cells = self.row_cells(label)
            values = cells[label.col + 1 :]
            result.values = _zip_roles(roles, values)
        else:
            roles = []
            for tok in self.toks[first:label_idx]:
                role = _budget_role(tok.label)
                if role:
                    roles.append(role)
            if self.exact:
                values = []
                for k in range(len(roles)):
                    tok = self.at_line(label.last_line + 1 + k)
                    values.append(tok.raw if tok is not None else None)
                result.values = _zip_roles(roles, values)
            else:
                values = []
                for tok in self.toks[label_idx + 1 : label_idx + 1 + len(roles)]:
                    if _is_number(tok.raw) or _is_dash(tok.raw):
                        values.append(tok.raw)
                    else:
                        break
                result.values = _assign_sequence(roles, values)
        return result

    def row_budget_roles(self, first: int, label_idx: int) -> list[str | None]:
        """Budget roles from the header row(s), expanding 年初预算数 into 目标申报数/预算编制数 when split."""
        blocks: list[int] = []
        for tok in self.toks[first:label_idx]:
            if tok.row and tok.block not in blocks and _budget_role(tok.label):
                blocks.append(tok.block)
        rows = []
        for b in blocks:
            cells = [_clean(c) for c in self.blocks[b].cells]
            roles = [_budget_role(_label_key(compact(c))) if c else None for c in cells]
            rows.append(roles)
        if not rows:
            return []
        main = max(rows, key=lambda r: sum(1 for x in r if x))
        subs = [r for r in rows if r is not main and any(x in ("declared", "compiled") for x in r)]
        # Keep only the columns that carry a role; leading label columns fall away.
        ordered = [r for r in main if r]
        if "initial" in ordered and subs:
            sub_roles = [x for x in subs[0] if x in ("declared", "compiled")]
            idx = ordered.index("initial")
            ordered = ordered[:idx] + sub_roles + ordered[idx + 1 :]
        return ordered

    # -- indicators -----------------------------------------------------------------------------

    def indicator_header(self) -> int | None:
        return self.find({"三级指标"})

    def indicator_columns(self, source_table: int | None) -> dict[str, int]:
        """Column index of each role in the indicator header, for rows of the same ruled table.

        Text dumps (no source table) shift cells, so their columns say nothing.
        """
        h = self.indicator_header()
        if h is None or not self.toks[h].row or source_table is None:
            return {}
        if self.blocks[self.toks[h].block].source_table != source_table:
            return {}
        out: dict[str, int] = {}
        for c, cell in enumerate(self.row_cells(self.toks[h])):
            role = _INDICATOR_ROLES.get(_label_key(compact(cell))) if cell else None
            if role and role not in out:
                out[role] = c
        return out

    def indicators(self) -> list[_Indicator]:
        h = self.indicator_header()
        if h is None:
            return []
        head = self.toks[h]
        if head.row:
            return self.row_indicators(h)
        roles = []
        end = h
        for j in range(h + 1, min(len(self.toks), h + 15)):
            role = _INDICATOR_ROLES.get(self.toks[j].label)
            if role is None:
                break
            roles.append(role)
            end = j
        if self.exact:
            return self.exact_indicators(end, roles)
        return self.fragment_indicators(end, roles)

    def row_indicators(self, h: int) -> list[_Indicator]:
        head = self.toks[h]
        header_cells = self.row_cells(head)
        roles: list[str | None] = []
        for cell in header_cells[head.col + 1 :]:
            roles.append(_INDICATOR_ROLES.get(_label_key(compact(cell))) if cell else None)
        while roles and roles[-1] is None:
            roles.pop()
        out: list[_Indicator] = []
        l1 = l2 = None
        seen_blocks = {head.block}
        for tok in self.toks[h + 1 :]:
            if tok.block in seen_blocks:
                continue
            seen_blocks.add(tok.block)
            block = self.blocks[tok.block]
            cells = [_clean(c) for c in block.cells] if block.kind == "row" else [tok.raw]
            keys = [compact(c) for c in cells]
            if any(_label_key(k) in _TOTAL_LABELS for k in keys if k):
                break
            if any(_label_key(k) in _ANALYSIS_LABELS for k in keys if k):
                break
            parsed = _parse_indicator_row(cells, roles)
            if parsed is None:
                names = [c for c in cells if c and _is_level_name(compact(c))]
                if names and len(names) == len([c for c in cells if c and compact(c) not in _JUNK]):
                    l1, l2 = _assign_levels([compact(n) for n in names], l1, l2)
                continue
            level_names, values, l3_index = parsed
            l1, l2 = _assign_levels([compact(n) for n in level_names], l1, l2)
            out.append(_make_indicator(l1, l2, cells[l3_index], values, tok))
        return out

    def exact_indicators(self, header_end: int, roles: list[str]) -> list[_Indicator]:
        out: list[_Indicator] = []
        if "weight" not in roles and "score" not in roles:
            return out
        consumed = self.toks[header_end].last_line
        pending: list[str] = []
        l1 = l2 = None
        for tok in self.toks[header_end + 1 :]:
            if tok.line <= consumed:
                continue
            if tok.label in _TOTAL_LABELS:
                break
            if _ANNOTATION_RE.match(tok.key) or tok.key in _JUNK:
                continue
            values = self._exact_fit(tok, roles)
            if values is not None and _is_level_name(tok.key):
                # 质量指标 followed by its own 三级指标 fits too when the columns hold numbers alike.
                nxt = self.at_line(tok.last_line + 1)
                if nxt is not None and not _is_level_name(nxt.key) and self._exact_fit(nxt, roles) is not None:
                    values = None
            if values is None:
                if _is_level_name(tok.key):
                    pending.append(tok.key)
                continue
            l1, l2 = _assign_levels(pending, l1, l2)
            pending = []
            name = tok.raw
            prev = self.at_line(tok.line - 1)
            if prev is not None and prev.line > consumed and not _is_level_name(prev.key) and not _is_label(prev.key) \
                    and not _is_number(prev.raw) and _operator(prev.key) is None and prev.key not in _JUNK \
                    and not _ANNOTATION_RE.match(prev.key):
                name = prev.raw + name  # a 三级指标 name broken over two lines
            out.append(_make_indicator(l1, l2, name, values, tok))
            consumed = tok.last_line + len(roles)
        return out

    def _exact_fit(self, tok: _Tok, roles: list[str]) -> dict[str, str | None] | None:
        key = tok.key
        if _is_number(tok.raw) or _operator(key) is not None or _is_label(key) or _is_dash(key):
            return None
        values: dict[str, str | None] = {}
        for k, role in enumerate(roles):
            cell = self.at_line(tok.last_line + 1 + k)
            values.setdefault(role, cell.raw if cell is not None else None)
        weight, score = values.get("weight"), values.get("score")
        if "operator" in roles and _operator(values.get("operator")) is None:
            return None
        if weight is not None and not _is_number(weight):
            return None
        if score is not None and not _is_plain_number(score):
            return None
        if any(v is not None and compact(v) in _TOTAL_LABELS for v in values.values()):
            return None
        if weight is None and score is None and "operator" not in roles:
            return None
        return values

    def fragment_indicators(self, header_end: int, roles: list[str]) -> list[_Indicator]:
        """Rows of a fragment stream, each anchored on its 指标性质 operator (≥, ≤, ＝, 定性 …)."""
        out: list[_Indicator] = []
        if "operator" not in roles:
            return out
        toks = self.toks
        boundary = header_end  # the last token an earlier row used
        l1 = l2 = None
        for k in range(header_end + 1, len(toks)):
            op = _operator(toks[k].key)
            if k <= boundary or op is None:
                continue
            # The 三级指标 name: the fragments before the operator, after the 一级/二级 names.
            parts: list[_Tok] = []
            j = k - 1
            while j > boundary and len(parts) < 25 and not _is_level_name(toks[j].key) \
                    and toks[j].label not in _STOP_IN_INDICATORS and _operator(toks[j].key) is None:
                parts.insert(0, toks[j])
                j -= 1
            names: list[str] = []
            while j > boundary and _is_level_name(toks[j].key):
                names.insert(0, toks[j].key)
                j -= 1
            if not parts and names and not names[-1].endswith("指标"):
                parts, names = [toks[k - 1]], names[:-1]  # a 三级指标 called 满意度 looks like a level name
            numeric_parts = sum(1 for t in parts if _is_number(t.raw))
            if not re.search(r"[\u4e00-\u9fff]{2}", "".join(t.key for t in parts)) or numeric_parts * 2 > len(parts):
                boundary = k  # a scrambled text layer: columns printed one after another
                continue
            values, boundary = _fragment_values(toks, k, op)
            if values is None:
                boundary = k
                continue
            l1, l2 = _assign_levels(names, l1, l2)
            name = "".join(re.sub(r"\s+", "", t.raw) for t in parts)
            out.append(_make_indicator(l1, l2, name, values, parts[0]))
        return out

    # -- total, grade, narrative ----------------------------------------------------------------

    def total(self) -> tuple[str | None, str | None, _Tok | None]:
        """(weight, score) printed in the 总分/合计 row, and the row's label token."""
        start = self.indicator_header() or 0
        idx = self.find(_TOTAL_LABELS, start)
        if idx is None:
            return None, None, None
        label = self.toks[idx]
        if label.row:
            cells = self.row_cells(label)
            numbers = [(c, cell) for c, cell in enumerate(cells) if c > label.col and _is_number(cell)]
            if len(numbers) >= 2:
                return numbers[-2][1], numbers[-1][1], label
            if len(numbers) == 1:
                # One number: the 得分, unless it stands in the 分值/权重 column of the header above.
                col, value = numbers[0]
                columns = self.indicator_columns(self.blocks[label.block].source_table)
                if columns.get("weight") == col and columns.get("score") != col:
                    return value, None, label
                return None, value, label
            return None, None, label
        if self.exact:
            near = [self.at_line(label.last_line + k) for k in (1, 2)]
            if any(t is not None and _is_number(t.raw) for t in near):
                weight = near[0].raw if near[0] is not None and _is_number(near[0].raw) else None
                score = near[1].raw if near[1] is not None and _is_number(near[1].raw) else None
                return weight, score, label
            found: list[_Tok] = []
            for k in range(3, 16):
                tok = self.at_line(label.last_line + k)
                if tok is None:
                    if found:
                        break
                    continue
                if not _is_number(tok.raw):
                    break
                found.append(tok)
                if len(found) == 2:
                    break
            if len(found) == 2:
                return found[0].raw, found[1].raw, label
            if len(found) == 1:
                return None, found[0].raw, label
            return None, None, label
        numbers = []
        for tok in self.toks[idx + 1 : idx + 4]:
            if not _is_number(tok.raw):
                break
            numbers.append(tok.raw)
        if len(numbers) >= 2:
            return numbers[0], numbers[1], label
        if len(numbers) == 1:
            return None, numbers[0], label
        return None, None, label

    def grade(self, total_label: _Tok | None) -> str | None:
        if total_label is not None:
            if total_label.row:
                for cell in self.row_cells(total_label)[total_label.col + 1 :]:
                    if _grade(cell):
                        return _grade(cell)
            idx = self.toks.index(total_label)
            for tok in self.toks[idx + 1 : idx + 6]:
                if _grade(tok.raw):
                    return _grade(tok.raw)
                if _is_label(tok.key):
                    break
        for i, tok in enumerate(self.toks):
            if tok.label in {"评价等级", "自评等级", "绩效等级", "等级", "评价结果", "自评结果"}:
                for nxt in self.toks[i + 1 : i + 3]:
                    if _grade(nxt.raw):
                        return _grade(nxt.raw)
            match = _GRADE_TEXT_RE.search(tok.key)
            if match and "个项目" not in tok.key:
                return _GRADES[match.group(1)]
        return None

    def narrative_budget(self) -> dict[str, float | None]:
        """Figures the table's 项目实施和预算执行情况 text states, for a 总额 row left blank."""
        texts: list[str] = []
        for tok in self.toks:
            if len(tok.key) < 12 or not re.search(r"预算执行率|预算下达|实际执行|全年执行|批复资金|预算共计", tok.key):
                continue
            if tok.row:
                lead = "".join(compact(c) for c in self.row_cells(tok)[: tok.col])
                if "年度目标" in lead or "绩效目标" in lead:
                    continue  # the goal cells tell the history and plans, not this year's execution
            texts.append(normalise_text(tok.raw))
        result: dict[str, float | None] = {"adjusted": None, "executed": None, "rate": None}
        for text in texts:
            adjusted = _first_amount(text, ("预算共计", "全年批复资金", "批复资金", "预算下达", "全年预算"))
            executed = _first_amount(text, ("全年执行", "实际执行", "实际支出", "整体项目支付", "实际支付", "支付"))
            rate = re.search(r"预算执行率(?:为|是|达)?\s*(\d+(?:\.\d+)?)\s*%", text)
            if adjusted is None and executed is None and rate is None:
                continue
            result["adjusted"] = result["adjusted"] if result["adjusted"] is not None else adjusted
            result["executed"] = result["executed"] if result["executed"] is not None else executed
            if result["rate"] is None and rate:
                result["rate"] = float(rate.group(1))
            if result["adjusted"] is not None and result["executed"] is not None:
                break
        return result


def _first_amount(text: str, cues: tuple[str, ...]) -> float | None:
    for cue in cues:
        match = re.search(re.escape(cue) + r"(?:资金|金额|数)?(?:为|共)?\s*([\d,]+(?:\.\d+)?)\s*(万元|万|元)", text)
        if match:
            value = float(match.group(1).replace(",", ""))
            return value if match.group(2) in ("万元", "万") else round(value / 10000, 6)
    return None


def _split_code(name: str) -> tuple[str | None, str]:
    for pattern in _CODE_PREFIX_RES:
        match = pattern.match(name)
        if match and re.search(r"\d", match.group(1)) and re.search(r"\d{6}", match.group(1)):
            return match.group(1), name[match.end():]
    return None, name


def _fragment_values(toks: list[_Tok], k: int, op: str) -> tuple[dict[str, str | None] | None, int]:
    """Target, unit, actual, weight and score after the operator at k; and the last token used.

    Blank cells leave no trace here, so the numbers are read by count: three are 完成值, 权重 and
    得分; two are 权重 and 得分 (a PDF layer often prints 完成值 elsewhere), unless the first
    exceeds 100 points; one is the 权重.
    """
    i = k + 1
    target = unit = actual = None
    if i < len(toks) and not _is_level_name(toks[i].key) and _operator(toks[i].key) is None:
        target = toks[i].raw
        i += 1
    if op == "定性":
        if i < len(toks) and not _is_number(toks[i].raw) and not _is_level_name(toks[i].key) \
                and not _is_label(toks[i].key) and len(toks[i].key) <= 12:
            actual = toks[i].raw
            i += 1
    elif i < len(toks) and not _is_number(toks[i].raw) and len(toks[i].key) <= 6 \
            and not _is_level_name(toks[i].key) and not _is_label(toks[i].key):
        unit, i = _fragment_unit(toks, i)
    numbers: list[str] = []
    while i < len(toks) and len(numbers) < 3 and (_is_number(toks[i].raw) or _is_dash(toks[i].raw)):
        numbers.append(toks[i].raw)
        i += 1
    if target is None and not numbers:
        return None, k
    weight = score = None
    if len(numbers) == 3 and actual is None:
        actual, weight, score = numbers
    elif len(numbers) == 3:
        weight, score = numbers[1], numbers[2]
    elif len(numbers) == 2 and actual is None and (_number(numbers[0]) or 0) > 100:
        actual, weight = numbers  # a weight is points out of 100: the 得分 was left blank
    elif len(numbers) == 2:
        weight, score = numbers
    elif len(numbers) == 1:
        weight = numbers[0]
    values = {"operator": toks[k].raw, "target": target, "unit": unit, "actual": actual,
              "weight": weight, "score": score}
    return values, i - 1


def _fragment_unit(toks: list[_Tok], i: int) -> tuple[str, int]:
    """A 度量单位 broken over lines: 个 | （ | 套 | ）, 次 | / | 年, 平方 | 米, 个工 | 作日."""
    parts = [toks[i].raw]
    i += 1
    if parts[0] in ("(", "（") or (i < len(toks) and toks[i].raw in ("(", "（")):
        while i < len(toks) and len(parts) < 6 and parts[-1] not in (")", "）"):
            parts.append(toks[i].raw)
            i += 1
    elif i + 1 < len(toks) and toks[i].key in ("/", "／") and not _is_number(toks[i + 1].raw) \
            and len(toks[i + 1].key) <= 3 and not _is_level_name(toks[i + 1].key):
        parts += [toks[i].raw, toks[i + 1].raw]
        i += 2
    while i + 1 < len(toks) and len(parts) < 3 and re.fullmatch(r"[\u4e00-\u9fff]{1,3}", toks[i].key) \
            and _is_number(toks[i + 1].raw) and not _is_level_name(toks[i].key) and _grade(toks[i].key) is None:
        parts.append(toks[i].raw)
        i += 1
    return "".join(parts), i


def _budget_role(label: str) -> str | None:
    role = _BUDGET_ROLES.get(label)
    if role is None and re.search(r"结[(（]?转[)）]?[余存]|结余|结转", label):
        role = "balance"
    return role


def _zip_roles(roles: list[str | None], values: list[str | None]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for role, value in zip(roles, values):
        if role and role not in out:
            out[role] = value if value and not _is_dash(value) else None
    return out


def _assign_sequence(roles: list[str], values: list[str]) -> dict[str, str | None]:
    """Values of a fragment-stream row where blank cells left no trace: anchor on the % rate."""
    if "rate" in roles:
        pct = next((i for i, v in enumerate(values) if compact(v).endswith("%")), None)
        if pct is not None:
            r = roles.index("rate")
            before_roles, after_roles = roles[:r], roles[r + 1 :]
            before = values[:pct]
            out: dict[str, str | None] = {}
            if len(before) <= len(before_roles):
                out.update(_zip_roles(before_roles[len(before_roles) - len(before) :], before))
            else:
                out.update(_zip_roles(before_roles, before[-len(before_roles) :]))
            out["rate"] = values[pct]
            out.update(_zip_roles(after_roles, values[pct + 1 :]))
            return out
    return _zip_roles(list(roles), list(values))


def _parse_indicator_row(
    cells: list[str], roles: list[str | None]
) -> tuple[list[str], dict[str, str | None], int] | None:
    """Split one indicator row into (level names, role values, index of the 三级指标 cell).

    The header's order applies from the 三级指标 cell on. When the converter shifted cells so
    that the row does not line up, the row is aligned instead on its 分值/得分 pair.
    """
    if "weight" not in roles and "score" not in roles:
        return None
    w = roles.index("weight") if "weight" in roles else roles.index("score") - 1
    keys = [compact(c) for c in cells]

    def usable(i: int) -> bool:
        k = keys[i]
        return bool(k) and k not in _JUNK and not _ANNOTATION_RE.match(k)

    def values_from(l3: int) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for k, role in enumerate(roles):
            idx = l3 + 1 + k
            if role and role not in out:
                out[role] = cells[idx] if idx < len(cells) and cells[idx] else None
        return out

    def ok(l3: int, values: dict[str, str | None], strict: bool) -> bool:
        weight, score = values.get("weight"), values.get("score")
        number = _is_plain_number if strict else _is_number
        if weight is not None and not number(weight):
            return False
        if score is not None and not _is_plain_number(score):
            return False
        if "operator" in values and values["operator"] is not None and _operator(values["operator"]) is None:
            return False
        if weight is None and score is None:
            # Both blank is a row whose scores were left empty, not numbers sitting elsewhere.
            if any(_is_plain_number(c) for c in cells[l3 + 1 :]):
                return False
            return any(values.get(r) for r in ("target", "target_initial", "target_adjusted", "operator"))
        return True

    # Left-aligned: the 三级指标 is the first cell from which the header's columns fit, trying
    # names that are not level names first (a 三级指标 may be called 成本指标 or 服务对象满意度).
    candidates = [
        i for i in range(len(cells))
        if usable(i) and not _is_number(cells[i]) and _operator(keys[i]) is None and not _is_value_like(keys[i])
    ]
    plain = [i for i in candidates if not _is_level_name(keys[i])]

    def both(values: dict[str, str | None]) -> bool:
        return _is_plain_number(values.get("weight")) and _is_plain_number(values.get("score"))

    def result(l3: int, values: dict[str, str | None]) -> tuple[list[str], dict[str, str | None], int]:
        return [cells[i] for i in candidates if i < l3 and _is_level_name(keys[i])], values, l3

    fits: list[tuple[int, dict[str, str | None]]] = []
    for pool, strict in ((plain, True), (candidates, True), (candidates, False)):
        for l3 in pool:
            values = values_from(l3)
            if ok(l3, values, strict):
                fits.append((l3, values))
        if fits:
            break
    # Best: the header's columns line up from the first name that is no level name, or they
    # line up from a later cell and carry both 分值 and 得分.
    if fits and plain and fits[0][0] == plain[0]:
        return result(*fits[0])
    for l3, values in fits:
        if both(values):
            return result(l3, values)
    shifted = _right_aligned(cells, roles, w, usable)
    if shifted is not None and both(shifted[1]):
        return result(shifted[0], shifted[1])
    if fits:
        return result(*fits[0])
    if shifted is not None:
        return result(*shifted)
    return None


def _right_aligned(
    cells: list[str], roles: list[str | None], w: int, usable: Callable[[int], bool]
) -> tuple[int, dict[str, str | None]] | None:
    """Align a shifted row on its 分值/得分 pair (or a lone 分值 whose 得分 was left blank)."""
    keys = [compact(c) for c in cells]
    numeric = [i for i in range(len(cells)) if _is_plain_number(cells[i])]
    anchor = None
    for i in reversed(numeric):
        if i + 1 < len(cells) and _is_plain_number(cells[i + 1]) and not any(j > i + 1 for j in numeric):
            anchor = i
            break
    if anchor is None and numeric:
        i = numeric[-1]
        if i + 1 >= len(cells) or not cells[i + 1] or not _is_plain_number(cells[i + 1]):
            anchor = i
    if anchor is None:
        return None
    l3 = anchor - w - 1
    while l3 >= 0 and not usable(l3):
        l3 -= 1
    if l3 < 0 or _is_number(cells[l3]) or _operator(keys[l3]) is not None or _is_value_like(keys[l3]):
        return None
    values: dict[str, str | None] = {}
    for k, role in enumerate(roles):
        idx = anchor - w + k
        if role and role not in values:
            values[role] = cells[idx] if 0 <= idx < len(cells) and idx > l3 and cells[idx] else None
    return l3, values


def _qualitative(target: str | None) -> str | None:
    """A target printed without a number (及时, 有效提升, 定性) is a 定性 indicator."""
    if not target or _is_dash(target):
        return None
    key = compact(target)
    if key in ("未填报", "无", "未设置", "空"):
        return None
    return "定性" if not re.search(r"\d", key) and not re.search(r"[一二三四五六七八九十百千万]+[个次人件年月日天]", key) else None


def _backfill_level1(indicators: list[_Indicator]) -> None:
    """A merged 一级指标 cell may print its text on a middle row: the rows above it belong to it too."""
    first = next((i for i, ind in enumerate(indicators) if ind.level1), None)
    if first is None:
        return
    for ind in indicators[:first]:
        ind.level1 = indicators[first].level1


def _make_indicator(l1: str | None, l2: str | None, name: str, values: dict[str, str | None], tok: _Tok) -> _Indicator:
    target = values.get("target_adjusted") or values.get("target") or values.get("target_initial")
    return _Indicator(
        level1=l1,
        level2=l2,
        level3=re.sub(r"\s+", "", name),
        operator_text=values.get("operator"),
        target_text=target,
        unit_text=values.get("unit"),
        actual_text=values.get("actual"),
        weight_text=values.get("weight"),
        score_text=values.get("score"),
        reason=values.get("reason"),
        tok=tok,
    )


# ---------------------------------------------------------------------------------------------
# Department score
# ---------------------------------------------------------------------------------------------

_DEPT_SCORE_RE = re.compile(r"(?:(?:自评|评价|绩效)?(?:综合|总)?得分|自评分)(?:为|是|达到|:|：)?\s*(\d+(?:\.\d+)?)\s*分")
_DEPT_CONTEXT_RE = re.compile(r"部门整体|整体支出|整体绩效|本部门|本单位|部门绩效|单位整体")


def _paragraphs(blocks: list[Block], skip: set[int]) -> list[tuple[str, list[tuple[int, Block]]]]:
    """Text lines joined into paragraphs: a PDF wraps a sentence over lines ("…自评得" / "分为90.2分。")."""
    paragraphs: list[tuple[str, list[tuple[int, Block]]]] = []
    text = ""
    spans: list[tuple[int, Block]] = []
    for bi, block in enumerate(blocks):
        if bi in skip or block.kind != "text" or not block.cells:
            if text:
                paragraphs.append((text, spans))
            text, spans = "", []
            continue
        line = normalise_text(block.cells[0])
        spans.append((len(text), block))
        text += line
        if re.search(r"[。！!？?；;]$", line) or len(line) < 12:
            paragraphs.append((text, spans))
            text, spans = "", []
    if text:
        paragraphs.append((text, spans))
    return paragraphs


def _narrative_department_scores(blocks: list[Block], skip: set[int]) -> list[NarrativeFigure]:
    out: list[NarrativeFigure] = []
    for text, spans in _paragraphs(blocks, skip):
        if "得分" not in text:
            continue
        offset = 0
        for sentence in re.split(r"(?<=[。；;！!])", text):
            start, offset = offset, offset + len(sentence)
            if not _DEPT_CONTEXT_RE.search(sentence):
                continue
            for match in _DEPT_SCORE_RE.finditer(sentence):
                before = sentence[: match.start()]
                clause = re.split(r"[，,]", before)[-1] + match.group(0)
                if "权重" in before[-20:] or "项目" in clause or "权重" in clause:
                    continue
                value = float(match.group(1))
                if value > 100:
                    continue
                at = start + match.start()
                block = next(b for pos, b in reversed(spans) if pos <= at) if spans else blocks[0]
                out.append(
                    NarrativeFigure(
                        figure="department_performance_score",
                        value=value,
                        unit="分",
                        value_wan=None,
                        subject_code=None,
                        section="narrative",
                        sentence=sentence.strip(),
                        page=block.page,
                        line_no=block.line_no,
                    )
                )
    return out


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def extract_performance(blocks: list[Block]) -> PerformanceExtraction:
    """Every 项目支出绩效自评表 in the block stream, its indicators, and the department's score."""
    result = PerformanceExtraction()
    toks = _tokens(blocks)
    regions = _segment(toks)
    region_blocks: set[int] = set()
    project_index = 0
    for region in regions:
        rtoks = toks[region.start : region.end]
        if not rtoks:
            continue
        table = _Table(region, rtoks, toks, blocks)
        if region.kind == "department":
            weight, score, label = table.total()
            if label is not None:
                region_blocks.update(t.block for t in rtoks)
            value = _number(score)
            if label is not None and value is not None:
                result.department_scores.append(
                    NarrativeFigure(
                        figure="department_performance_score",
                        value=value,
                        unit="分",
                        value_wan=None,
                        subject_code=None,
                        section=region.title.raw if region.title is not None else "部门整体支出绩效自评表",
                        sentence=" ".join(x for x in (label.raw, weight, score) if x),
                        page=label.page,
                        line_no=label.line,
                    )
                )
            continue
        budget = table.budget()
        has_indicator_header = table.indicator_header() is not None
        if not budget.found_header and not has_indicator_header:
            continue
        info = table.info()
        indicators = table.indicators()
        weight_text, score_text, total_label = table.total()
        if not info["name"] and not indicators and not budget.values:
            continue
        region_blocks.update(t.block for t in rtoks)
        project_index += 1
        values = budget.values
        unit = budget.unit
        initial = to_wan(_number(values.get("compiled") or values.get("initial") or values.get("declared")), unit)
        adjusted = to_wan(_number(values.get("adjusted")), unit)
        executed = to_wan(_number(values.get("executed")), unit)
        rate = _rate(values.get("rate"))
        source = "table" if any(v is not None for v in (initial, adjusted, executed)) else None
        if adjusted is None and executed is None:
            narrative = table.narrative_budget()
            if narrative["adjusted"] is not None or narrative["executed"] is not None:
                adjusted, executed = narrative["adjusted"], narrative["executed"]
                rate = rate if rate is not None else narrative["rate"]
                source = "narrative"
        first = region.title or rtoks[0]
        project = ProjectRecord(
            project_index=project_index,
            project_name=info["name"] or "",
            project_code=info["code"],
            competent_dept=info["competent"],
            implementing_unit=info["implementing"],
            budget_initial=initial,
            budget_adjusted=adjusted,
            executed=executed,
            execution_rate_pct=rate,
            execution_score=_number(values.get("score")),
            execution_weight=_execution_weight(values.get("weight"), rtoks),
            total_score=_number(score_text),
            grade=table.grade(total_label),
            page=first.page,
            line_no=first.line,
            budget_source=source,
        )
        result.projects.append(project)
        _backfill_level1(indicators)
        for n, ind in enumerate(indicators, start=1):
            op_col = _operator(ind.operator_text)
            t_op, t_value, t_unit = _split_value(ind.target_text)
            _, a_value, a_unit = _split_value(ind.actual_text)
            unit_text = ind.unit_text.strip() if ind.unit_text else None
            result.indicators.append(
                IndicatorRecord(
                    project_index=project_index,
                    indicator_index=n,
                    level1=ind.level1,
                    level2=ind.level2,
                    level3=ind.level3,
                    operator=op_col or t_op or _qualitative(ind.target_text),
                    target_text=ind.target_text,
                    target_value=t_value,
                    unit=unit_text or t_unit or a_unit,
                    actual_text=ind.actual_text,
                    actual_value=a_value,
                    weight=_number(ind.weight_text),
                    score=_number(ind.score_text),
                    reason=ind.reason,
                    page=ind.tok.page,
                    line_no=ind.tok.line,
                )
            )
    seen: set[float] = {f.value for f in result.department_scores}
    for figure in _narrative_department_scores(blocks, region_blocks):
        restated = figure.value in seen
        seen.add(figure.value)
        if restated:
            figure = NarrativeFigure(**{**figure.__dict__, "is_restatement": True})
        result.department_scores.append(figure)
    return result
