"""The words the national template's standard tables head their columns with, and the usual provincial synonyms.

Readers use them to tell a header from a body (a fragments dump has nothing else to go by) and to read a heading
OCR clipped: a narrow header cell often loses its last character (科目编 for 科目编码, 基本支 for 基本支出).
"""

from __future__ import annotations

import re

from ingestion.text.normalise import compact
from ingestion.tables.units import strip_money_unit

# Amount columns and the headings over them (compared without spaces, quotes or a bracketed unit).
TEMPLATE_HEADER_WORDS = frozenset(
    """
    本年收入合计 收入合计 财政拨款收入 上级补助收入 事业收入 经营收入 附属单位上缴收入 其他收入
    本年支出合计 支出合计 基本支出 项目支出 上缴上级支出 经营支出 对附属单位补助支出
    年初结转和结余 年末结转和结余 本年收入 本年支出 合计 小计 金额 决算数 预算数 全年预算数 年初预算数 调整预算数
    实际支出数 统计数 完成预算 一般公共预算财政拨款 政府性基金预算财政拨款 国有资本经营预算财政拨款 财政拨款
    人员经费 公用经费 因公出国(境)费 公务用车购置及运行维护费 公务用车购置及运行费 公务用车购置费
    公务用车运行维护费 公务用车运行费 公务接待费 三公经费 财政拨款三公经费 一般公共预算财政拨款三公经费
    """.split()
)
# Key columns: the code and name columns however a province words them, 行次 and 栏次.
KEY_WORD_RE = re.compile(
    r"^(?:项目|科目|行次|栏次|(?:(?:部门|政府)?(?:支出)?(?:功能|经济)分类)?(?:科目)?(?:代码|编码|名称)(?:及名称)?|"
    r"(?:支出)?(?:功能|经济)分类科目)$"
)
SIDE_WORDS = ("收入", "支出")  # the two halves of a summary table
CODE_PARTS = ("类", "款", "项")
_QUOTES_RE = re.compile(r"[“”\"‘’']")


def bare_heading(text: str) -> str:
    """A heading as the template words it: no spaces, quotes or bracketed money unit."""
    return strip_money_unit(_QUOTES_RE.sub("", compact(text)))[0] or ""


def is_template_word(word: str) -> bool:
    return word in TEMPLATE_HEADER_WORDS or word in CODE_PARTS or word in SIDE_WORDS or bool(KEY_WORD_RE.match(word))


# Header words missing their last character: the word each stands for, where only one word of at least four
# characters ends that way. A word ending in 数 is left out: 年初预算, 调整预算, 实际支出 are headings in their own right.
_CUT_WORDS = {cut: word for cut, word in ((w[:-1], w) for w in TEMPLATE_HEADER_WORDS if len(w) >= 4 and not w.endswith("数"))
              if sum(1 for other in TEMPLATE_HEADER_WORDS if other[:-1] == cut) == 1 and not is_template_word(cut)}


def _whole_word(word: str) -> str | None:
    if len(word) < 2 or is_template_word(word):
        return None
    if word in _CUT_WORDS:
        return _CUT_WORDS[word]
    # code and name headings take many forms (功能分类科目编码, 经济分类科目名称 …): the key words' pattern decides
    return next((word + last for last in ("码", "称") if KEY_WORD_RE.match(word + last)), None)


def is_cut_word(word: str) -> bool:
    """Whether a bare heading (bare_heading) is a template word missing its last character."""
    return _whole_word(word) is not None


def completed_heading(text: str) -> str | None:
    """The heading, compacted and without quotes, with the template word a clipped heading stands for and its
    bracketed unit kept (基本支（万元） → 基本支出（万元）, 科目编 → 科目编码); None where the heading is whole or stands
    for no template word."""
    printed = _QUOTES_RE.sub("", compact(text))
    base = strip_money_unit(printed)[0] or ""
    whole = _whole_word(base)
    if not whole or not printed.startswith(base):
        return None
    return whole + printed[len(base):]
