"""The fixed vocabulary of disclosures, used to undo the recogniser's doubtful characters in it.

Table titles, row labels and classification names are printed from the national template and the 功能/经济分类
lists, and the table code finds tables and rows by those words: "收人支出决算总表" (人 for 入, a confusion the
recogniser makes often) would lose a whole table. A stretch of text one character away from such a phrase (two
for a phrase of eight or more) takes the phrase's characters where its own were read with doubt, longer phrases
first, and a stretch that spells a phrase is not respelled into a shorter one; only characters are changed, never a digit or a mark (an
amount is never corrected into another), and a character read with confidence is never overruled.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from ingestion.ocr.digits import Chars

_SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
_DOUBT = 0.97  # a character read with less confidence than this may be replaced by the vocabulary's
_MIN_LENGTH = 4

# Words of the template's headers and rows beside the titles and classification names.
_TEMPLATE_WORDS = (
    "本年收入合计", "本年支出合计", "财政拨款收入", "一般公共预算财政拨款收入", "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入",
    "使用非财政拨款结余", "年初结转和结余", "年末结转和结余", "结余分配", "基本支出", "项目支出", "人员经费",
    "公用经费", "上缴上级支出", "经营支出", "对附属单位补助支出", "收入总计", "支出总计", "功能分类科目编码",
    "科目名称", "决算数", "预算数", "年初预算数", "全年预算数", "金额单位", "部门名称", "公务用车购置及运行费",
    "因公出国（境）费", "公务接待费", "公务用车购置费", "公务用车运行费", "一般公共预算财政拨款支出",
    "政府性基金预算财政拨款支出", "国有资本经营预算财政拨款支出", "机关运行经费", "政府采购",
    # the vehicle categories and procurement wording every 情况说明 repeats
    "部级领导干部用车", "主要领导干部用车", "机要通信用车", "应急保障用车", "执法执勤用车", "特种专业技术用车",
    "离退休干部服务用车", "离退休干部用车", "其他用车", "面向中小企业预留", "小型和微型企业", "政府采购项目",
    "一般行政管理事务", "行政运行", "事业运行",
    # the 部门预算 template's tables
    "财务收支预算总表", "收入预算总表", "支出预算总表", "财政拨款收支预算总表", "一般公共预算支出功能分类预算表",
    "一般公共预算基本支出部门预算经济分类预算表", "政府性基金预算支出功能分类预算表",
    "国有资本经营预算支出功能分类预算表", "三公”经费支出预算表", "功能分类科目名称", "经济分类科目名称",
)


# 入 read as 人 where 人 makes no word a disclosure prints (收人, 投人 …): replaced whatever the confidence, as
# the recogniser is often sure of this one; not before 员 (收人员 is no word either, but 人员 is)
_IN_AFTER = set("收投纳列计转流存录")


def _undo_ren(chars: Chars) -> Chars:
    out = list(chars)
    for i in range(1, len(out)):
        if out[i][0] == "人" and out[i - 1][0] in _IN_AFTER and (i + 1 == len(out) or out[i + 1][0] not in "员数次口"):
            out[i] = ("入", min(out[i][1], _DOUBT))
    return out


@lru_cache(maxsize=1)
def vocabulary() -> tuple[tuple[str, frozenset[str]], ...]:
    from ingestion.tables import STANDARD_TABLE_TITLES

    words = set(_TEMPLATE_WORDS) | set(STANDARD_TABLE_TITLES.values())
    for name in ("functional_classification.csv", "economic_classification.csv"):
        path = _SEEDS / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                words.update(row["subject_name"] for row in csv.DictReader(handle))
    words = {w for w in words if len(w) >= _MIN_LENGTH and not any(ch.isdigit() for ch in w)}
    return tuple(sorted(((w, frozenset(w)) for w in words), key=lambda item: -len(item[0])))


def _is_han(ch: str) -> bool:
    """Only a character read as a character is respelled: a digit or a punctuation mark (the ” of “三公”经费,
    which 公用经费 would otherwise swallow) is what the page prints."""
    return "\u4e00" <= ch <= "\u9fff"


def correct(chars: Chars) -> Chars:
    """`chars` with stretches that nearly spell a vocabulary phrase spelled as the phrase."""
    chars = _undo_ren(chars)
    text = "".join(ch for ch, _ in chars)
    if len(text) < _MIN_LENGTH or not any(conf < _DOUBT for _, conf in chars):
        return chars
    present = set(text)
    out = list(chars)
    locked = [False] * len(out)  # spelled by a phrase already: no other phrase may respell it
    candidates = [(w, l) for w, l in vocabulary() if len(w) <= len(text) and len(l - present) <= _allowed(w)]
    # longer phrases first; among phrases of one length those spelled exactly, so a doubtful but right 收入 is
    # never respelled into 支出 by a phrase two characters away
    lengths = sorted({len(w) for w, _ in candidates}, reverse=True)
    for length in lengths:
        for exact in (True, False):
            for word, _ in candidates:
                if len(word) == length:
                    _apply(word, exact, out, locked)
    return out


def _apply(word: str, exact: bool, out: Chars, locked: list[bool]) -> None:
    for start in range(len(out) - len(word) + 1):
        if any(locked[start:start + len(word)]):
            continue
        window = out[start:start + len(word)]
        differ = [i for i, (ch, _) in enumerate(window) if ch != word[i]]
        if bool(differ) == exact or len(differ) > _allowed(word):
            continue
        if differ and not all(window[i][1] < _DOUBT and _is_han(window[i][0]) for i in differ):
            continue
        for i in differ:
            out[start + i] = (word[i], window[i][1])
        locked[start:start + len(word)] = [True] * len(word)


def _allowed(word: str) -> int:
    return 1 if len(word) < 8 else 2
