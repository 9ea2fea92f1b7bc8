"""Table titles of the national templates and what kind of table each announces.

Longest names first: 财政拨款收入支出决算总表 must win over 收入支出决算总表, 一般公共预算财政拨款支出决算表 over 支出决算表.
A title is compared without its 公开NN表 label, ordinal, quotes, trailing brackets and 续表 mark.
"""

from __future__ import annotations

from functools import lru_cache
import re
from difflib import SequenceMatcher

from ingestion.records import Block
from ingestion.text.normalise import compact
from ingestion.text.page_numbers import PAGE_NUMBER_RE


TABLE_TITLES: list[tuple[str, str]] = [
    ("一般公共预算财政拨款基本支出决算明细表", "general_public_budget_basic_expense"),
    ("一般公共预算财政拨款基本支出决算表", "general_public_budget_basic_expense"),
    ("一般公共预算财政拨款支出决算明细表", "general_public_budget_expense"),
    ("一般公共预算财政拨款支出决算表", "general_public_budget_expense"),
    ("政府性基金预算财政拨款收入支出决算表", "government_fund"),
    ("政府性基金预算财政拨款支出决算表", "government_fund"),
    ("国有资本经营预算财政拨款收入支出决算表", "state_capital"),
    ("国有资本经营预算财政拨款支出决算表", "state_capital"),
    ("财政拨款收入支出决算总表", "fiscal_income_expense_summary"),
    ("财政拨款收支决算总表", "fiscal_income_expense_summary"),
    ("三公经费支出决算表", "three_public"),
    ("部门决算公开相关信息统计表", "related_info"),
    ("单位决算公开相关信息统计表", "related_info"),
    ("相关信息统计表", "related_info"),
    ("机关运行经费支出决算表", "related_info"),
    ("政府采购情况表", "related_info"),
    ("收入支出决算总表", "income_expense_summary"),
    ("收支决算总表", "income_expense_summary"),
    ("收入决算表", "income"),
    ("支出决算表", "expense"),
    ("部门整体支出绩效目标完成情况自评表", "department_performance"),
    ("项目支出绩效目标完成情况自评表", "project_performance"),
    ("部门整体支出绩效自评表", "department_performance"),
    ("项目支出绩效自评表", "project_performance"),
    ("基础数据表", "performance_basic_data"),
]

# The 部门预算 / 单位预算 tables: the titles the Shanghai district template prints ("2025年部门财务收支预算总表",
# "2025年预算单位收入预算总表") and the national 部门预算公开 template's shorter ones (部门收支总表 …). Their kinds
# carry the budget_ prefix: the same rows and columns as the 决算 tables, but every amount is a budgeted one, so no
# rule or figure of a 决算 table reads them by mistake. Longer names first, as above.
BUDGET_TABLE_TITLES: list[tuple[str, str]] = [
    ("一般公共预算基本支出(部门预算)经济分类预算表", "budget_basic_expense_economic"),
    ("一般公共预算基本支出部门预算经济分类预算表", "budget_basic_expense_economic"),
    ("一般公共预算基本支出经济分类预算表", "budget_basic_expense_economic"),
    ("一般公共预算基本支出预算表", "budget_basic_expense_economic"),
    ("一般公共预算基本支出表", "budget_basic_expense_economic"),
    ("一般公共预算支出功能分类预算表", "budget_general_public_budget_expense"),
    ("一般公共预算支出预算表", "budget_general_public_budget_expense"),
    ("一般公共预算支出表", "budget_general_public_budget_expense"),
    ("政府性基金预算支出功能分类预算表", "budget_government_fund_expense"),
    ("政府性基金预算支出预算表", "budget_government_fund_expense"),
    ("政府性基金预算支出表", "budget_government_fund_expense"),
    ("国有资本经营预算支出功能分类预算表", "budget_state_capital_expense"),
    ("国有资本经营预算支出预算表", "budget_state_capital_expense"),
    ("国有资本经营预算支出表", "budget_state_capital_expense"),
    ("三公经费和机关运行经费预算表", "budget_three_public"),
    ("一般公共预算三公经费支出表", "budget_three_public"),
    ("三公经费支出预算表", "budget_three_public"),
    ("三公经费预算表", "budget_three_public"),
    ("财政拨款收支预算总表", "budget_fiscal_income_expense_summary"),
    ("财政拨款收支总表", "budget_fiscal_income_expense_summary"),
    ("财务收支预算总表", "budget_income_expense_summary"),
    ("收支预算总表", "budget_income_expense_summary"),
    ("部门收支总表", "budget_income_expense_summary"),
    ("单位收支总表", "budget_income_expense_summary"),
    ("收入预算总表", "budget_income"),
    ("部门收入总表", "budget_income"),
    ("单位收入总表", "budget_income"),
    ("支出预算总表", "budget_expense"),
    ("部门支出总表", "budget_expense"),
    ("单位支出总表", "budget_expense"),
]
TABLE_TITLES += BUDGET_TABLE_TITLES

# The standard tables a 部门决算 must contain (national template 公开01–09; 公开10 varies by province), with the
# title the template prints for each (what a reviewer is told is missing).
STANDARD_TABLE_TITLES = {
    "income_expense_summary": "收入支出决算总表",
    "income": "收入决算表",
    "expense": "支出决算表",
    "fiscal_income_expense_summary": "财政拨款收入支出决算总表",
    "general_public_budget_expense": "一般公共预算财政拨款支出决算表",
    "general_public_budget_basic_expense": "一般公共预算财政拨款基本支出决算表",
    "government_fund": "政府性基金预算财政拨款收入支出决算表",
    "state_capital": "国有资本经营预算财政拨款支出决算表",
    "three_public": "财政拨款“三公”经费支出决算表",
}
STANDARD_TABLE_KINDS = list(STANDARD_TABLE_TITLES)
# The tables a 部门预算 / 单位预算 prints (the Shanghai template's nine; the national one prints the same contents
# under shorter titles), with the title a reviewer is told is missing.
BUDGET_TABLE_NAMES = {
    "budget_income_expense_summary": "财务收支预算总表",
    "budget_income": "收入预算总表",
    "budget_expense": "支出预算总表",
    "budget_fiscal_income_expense_summary": "财政拨款收支预算总表",
    "budget_general_public_budget_expense": "一般公共预算支出功能分类预算表",
    "budget_government_fund_expense": "政府性基金预算支出功能分类预算表",
    "budget_state_capital_expense": "国有资本经营预算支出功能分类预算表",
    "budget_basic_expense_economic": "一般公共预算基本支出经济分类预算表",
    "budget_three_public": "“三公”经费和机关运行经费预算表",
}
BUDGET_TABLE_KINDS = list(BUDGET_TABLE_NAMES)
# The 绩效自评 forms: recognised here, read by ingestion.performance.
PERFORMANCE_KINDS = {"project_performance", "department_performance", "performance_basic_data"}
# Of those, the tables ingestion.performance turns into table facts (the project forms become project records).
FORM_TABLE_KINDS = {"department_performance", "performance_basic_data"}
# Kinds printed once per document: a repeated title continues the table on a new page.
SINGLE_KINDS = set(STANDARD_TABLE_KINDS) | set(BUDGET_TABLE_KINDS) | {"related_info"}

_ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|（[一二三四五六七八九十]+）)")
LABEL_RE = re.compile(r"[（(]?公开\d{1,2}表[）)]?")
TRAILING_PAREN_RE = re.compile(r"[（(][^（）()]*[）)]$")
EMPTY_MARKERS = ("本表无数据", "此表无数据", "本表为空表", "无数据", "本部门无", "本单位无")
HEADING_RE = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
# A row label that begins the body of a table (一、… （一）… 1. …) rather than naming a column.
ROW_ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?=\D)|其中[:：])\S")
CONTINUED_RE = re.compile(r"[（(]?续(表)?[）)]?$")
# Lines printed after a table (notes, sign-offs): rows that follow belong to another table.
AFTER_TABLE_RE = re.compile(r"^(注[:：\d一二三]|说明[:：]|备注|填表人|单位负责人|制表)")


@lru_cache(maxsize=1 << 14)  # a pure function of the text: the same labels come back row after row
def title_key(text: str) -> str:
    key = compact(text)
    for quote in "“”\"'‘’「」":
        key = key.replace(quote, "")
    key = LABEL_RE.sub("", key)
    key = _ORDINAL_RE.sub("", key)
    key = CONTINUED_RE.sub("", key) if len(key) > 4 else key
    while TRAILING_PAREN_RE.search(key):
        key = TRAILING_PAREN_RE.sub("", key)
    return key


# What may stand before a generic title (收入决算表, 支出决算表, 收入支出决算总表) is the department or
# the year ("XX局2024年度支出决算表"); a word of the classification there makes it another table
# (项目支出决算表 is no 支出决算表).
_GENERIC_KINDS = {"income_expense_summary", "income", "expense", "budget_income", "budget_expense"}
_OTHER_TABLE_PREFIX_RE = re.compile(r"(项目|基本|拨款|经费|资金|专项|预算|工资|福利|事业|经营|补助|采购|明细|分类|科目)$")


@lru_cache(maxsize=1 << 14)  # a pure function of the text: the same labels come back row after row
def recognise_title(text: str) -> str | None:
    """The table kind a title line announces, or None when the line is not a table title."""
    key = title_key(text)
    if not key or len(key) > 60 or "说明" in key or key.startswith("注"):
        return None
    for name, kind in TABLE_TITLES:
        if key.endswith(name):
            if kind in _GENERIC_KINDS and _OTHER_TABLE_PREFIX_RE.search(key[: -len(name)]):
                return None
            return kind
    return None


# The national 部门决算 template numbers its tables: the 公开NN表 label printed beside a title names the table even
# where the title itself is misread (a scan read by OCR: "攻人决算表" for 收入决算表).
TEMPLATE_LABELS = {f"公开{n:02d}表": kind for n, kind in enumerate(STANDARD_TABLE_KINDS, start=1)}
_CLOSE_ENOUGH = 0.75  # a misread title this close to one template title, and clearly closer than to any other
_LABEL_AGREES = 0.5  # a misread title at least this close to the title its 公开NN表 label numbers


def _likeness(key: str, name: str) -> float:
    """How close a title is to a template title: the best match of the title's tail (a department or year may
    stand before it) against the name, as difflib's ratio."""
    tails = {key[-n:] for n in range(max(1, len(name) - 2), len(name) + 3)}
    return max(SequenceMatcher(None, tail, name).ratio() for tail in tails)


def _cjk(text: str) -> set[str]:
    return {c for c in text if "\u4e00" <= c <= "\u9fff"}


def recognise_labelled_title(text: str, label: str | None) -> str | None:
    """The table kind of a title printed with a 公开NN表 label (its own or the line beside it), where a misread
    (OCR: "攻人决算表" for 收入决算表, "购政：发款收入支出决算总表" for 财政拨款收入支出决算总表) hides it.

    An exact match to a specific title stands. A generic one (收入支出决算总表, 支出决算表 …) yields to the table the
    label numbers when that table's title ends with the same generic name and the words before it share
    characters with the printed ones (so "XX局支出决算表" labelled 公开05表 stays 支出决算表). A title matching
    nothing is the label's table where it is at least half like it, else the one template title it is clearly
    closest to. Without a label nothing is guessed: the label is what says a standard table starts here."""
    exact = recognise_title(text)
    own = LABEL_RE.search(compact(text))
    label = own.group(0) if own else label
    numbered = TEMPLATE_LABELS.get(compact(label).strip("（）()")) if label else None
    key = title_key(text)
    if exact is not None:
        if exact not in _GENERIC_KINDS or numbered in (None, exact):
            return exact
        generic = next(name for name, kind in TABLE_TITLES if kind == exact and key.endswith(name))
        printed_prefix = _cjk(key[: -len(generic)])
        for name, kind in TABLE_TITLES:
            if kind == numbered and name.endswith(generic) and printed_prefix & _cjk(name[: -len(generic)]):
                return numbered
        return exact
    if label is None or not looks_like_unknown_title(text):
        return None
    scores: dict[str, float] = {}
    for name, kind in TABLE_TITLES:
        scores[kind] = max(scores.get(kind, 0.0), _likeness(key, name))
    if numbered and scores.get(numbered, 0.0) >= _LABEL_AGREES:
        return numbered
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    if ranked[0][1] >= _CLOSE_ENOUGH and ranked[0][1] - ranked[1][1] >= 0.1:
        return ranked[0][0]
    return None


def looks_like_unknown_title(text: str) -> bool:
    key = title_key(text)
    return 2 < len(key) <= 40 and key.endswith("表") and "说明" not in key and not key.startswith("注")


def join_wrapped_titles(blocks: list[Block], most: int = 3, pieces: int = 6) -> list[Block]:
    """A title a page or a converter broke over two or three lines ("…“三公”经费支出决" / "算表"), or into up to
    six short pieces (a PDF converted to text), as one line.

    Lines are joined only where the first alone is no title and the joined text names a table the last line
    alone does not, so a caption above a title, or a title above its 公开NN表 line, stays as it is.
    """
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        joined = None
        # a page number ("- 1 -") or a line of another page is no part of a title: the 续表 title under a page's
        # number must stay the title the first part's title is compared with
        if (block.kind == "text" and block.col_index is None and not recognise_title(block.cells[0])
                and not PAGE_NUMBER_RE.match(block.cells[0])):
            text = block.cells[0].strip()
            short = all(len(compact(b.cells[0])) <= 12 for b in blocks[i : i + pieces])
            for k in range(i + 1, min(i + (pieces if short else most), len(blocks))):
                later = blocks[k]
                if later.kind != "text" or later.col_index is not None or re.search(r"[。；：:]$", text):
                    break
                if later.page != block.page or PAGE_NUMBER_RE.match(later.cells[0]):
                    break
                alone = recognise_title(later.cells[0])
                text += later.cells[0].strip()
                if len(compact(text)) > 60:
                    break
                kind = recognise_title(text)
                # "…“三公”经费" over "支出决算表": the joined title names another, longer table than its tail
                if kind and kind != alone:
                    joined = (text, k)
                if alone or kind:
                    break
        if joined is None:
            out.append(block)
            i += 1
            continue
        out.append(Block("text", (joined[0],), block.page, block.line_no))
        i = joined[1] + 1
    return out
