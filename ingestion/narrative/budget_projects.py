"""Project descriptions of a budget (专项经费情况说明 / 项目经费情况说明) as records of their own.

After its tables a 部门预算 may describe its major projects, each under a title "<项目名称>经费情况说明" with the
template's numbered parts: 一、项目概述 (or 概况), 二、立项依据, 三、实施主体, 四、实施方案, 五、实施周期,
六、年度预算安排, 七、绩效目标. Each part's text is kept as printed; the amount is the total the 年度预算安排 states
("2025年度项目总预算1720.00万，其中…"), read only where the words name it a total. A 年度预算安排 that prints
amounts but no total (quarterly 用款计划 only) leaves the amount NULL with `amount_printed` set, so a reader sees
that the figure is there but was not read as the project's total, never a sum we made up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.records import Block, BudgetProjectRecord
from ingestion.text.normalise import compact
from ingestion.text.numbers import AMOUNT_IN_TEXT_RE, to_wan

_TITLE_RE = re.compile(r"^(?P<name>.*?)(?:项目)?(?:经费|资金)?(?:情况|使用情况)?说明$")
_PART_RE = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*(?P<label>[^\s，,。]{2,8})")
_PARTS = {
    "项目概述": "overview", "项目概况": "overview", "项目简介": "overview",
    "立项依据": "basis",
    "实施主体": "implementing_unit", "实施单位": "implementing_unit",
    "实施方案": "plan",
    "实施周期": "period",
    "年度预算安排": "budget_text", "预算安排": "budget_text",
    "绩效目标": "performance_targets",
}
# the words before a project's total in its 年度预算安排 ("项目总预算", "预算总额为", "共安排", "合计")
_TOTAL_BEFORE_RE = re.compile(r"(?:总预算|预算总额|总额|共安排|安排(?:资金|经费)?|预算(?:资金|经费)?|合计|共计)(?:为|是)?$")
_NOT_TOTAL_RE = re.compile(r"季度|其中|月")
_MONEY_UNITS = {"万元": "万元", "万": "万元", "元": "元", "亿元": "亿元"}


@dataclass
class _Open:
    title: str
    page: int | None
    line_no: int
    parts: dict[str, list[str]] = field(default_factory=dict)
    current: str | None = None


def _label(text: str) -> str | None:
    m = _PART_RE.match(text)
    if not m:
        return None
    label = m.group("label")
    return next((attr for word, attr in _PARTS.items() if label.startswith(word)), None)


def _is_title(text: str, following: list[str]) -> bool:
    """A project description opens with its title, then 一、项目概述 (or 概况) on the next line."""
    if not text.endswith("说明") or len(text) > 60 or _PART_RE.match(text) or not ("经费" in text or "项目" in text):
        return False
    nxt = next((t for t in following if t), "")
    return _label(nxt) == "overview"


def _amount(budget_text: str | None) -> tuple[float | None, str | None, bool]:
    """(total in 万元, printed unit, whether the part prints any amount)."""
    if not budget_text:
        return None, None, False
    printed = False
    for m in AMOUNT_IN_TEXT_RE.finditer(budget_text):
        unit = m.group(2)
        if not m.group(1) or unit is None and not budget_text.startswith("万", m.end()):
            continue
        unit = unit or "万"
        printed = True
        before = budget_text[: m.start()]
        clause = re.split(r"[，,。；;：:]", before)[-1]
        if _NOT_TOTAL_RE.search(clause) or not _TOTAL_BEFORE_RE.search(clause):
            continue
        money = _MONEY_UNITS.get(unit)
        if money is None:
            continue
        value = float(m.group(1).replace(",", ""))
        return to_wan(value, money), unit, True
    return None, None, printed


def read_budget_projects(blocks: list[Block]) -> list[BudgetProjectRecord]:
    # matched on the compacted line, kept as printed (its spaces and full-width punctuation)
    lines = [(compact(b.text), b) for b in blocks if b.kind == "text" and compact(b.text)]
    projects: list[_Open] = []
    current: _Open | None = None
    for i, (text, block) in enumerate(lines):
        if _is_title(text, [t for t, _ in lines[i + 1 : i + 2]]):
            current = _Open(text, block.page, block.line_no)
            projects.append(current)
            continue
        if current is None:
            continue
        attr = _label(text)
        if attr is not None:
            current.current = attr
            # a part's text may follow its heading on the same line ("三、实施主体：本局")
            rest = re.sub(r"^\s*[一二三四五六七八九十]+[、.．]\s*\S{2,8}?(?:[：:]|\s+|$)", "", block.text.strip(), count=1)
            current.parts.setdefault(attr, [])
            if rest and rest != block.text.strip():
                current.parts[attr].append(rest.strip())
            continue
        if _PART_RE.match(text) or re.match(r"^第[一二三四五六七八九十]+部分|^附件", text):
            current = None  # another part of the document begins
            continue
        if current.current is not None:
            current.parts[current.current].append(block.text.strip())
    return [_record(i, p) for i, p in enumerate(projects)]


def _record(index: int, project: _Open) -> BudgetProjectRecord:
    part = {attr: "".join(texts) or None for attr, texts in project.parts.items()}
    name = _TITLE_RE.match(project.title).group("name") if _TITLE_RE.match(project.title) else project.title
    # "项目经费情况说明" alone names no project: the name stays NULL rather than a word of the template
    name = name.strip() if name not in ("", "专项", "项目") else None
    amount, unit, printed = _amount(part.get("budget_text"))
    return BudgetProjectRecord(
        project_index=index,
        project_name=name or None,
        title=project.title,
        overview=part.get("overview"),
        basis=part.get("basis"),
        implementing_unit=part.get("implementing_unit"),
        plan=part.get("plan"),
        period=part.get("period"),
        budget_text=part.get("budget_text"),
        amount_wan=amount,
        amount_unit=unit,
        amount_printed=printed,
        performance_targets=part.get("performance_targets"),
        page=project.page,
        line_no=project.line_no,
    )
