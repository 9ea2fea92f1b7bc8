"""National classification codes the generated documents use (政府收支分类科目).

Only which codes the generator prints is kept here; their official names are read from the
warehouse's dbt seeds (see classification.py), so the generator and the warehouse cannot drift.
Only codes whose names are stable across 2021–2025 are used, so a generated document never
prints a code a real one could not.
"""

from __future__ import annotations

from collections.abc import Mapping

from sample_corpus.classification import OfficialNames

# 功能分类 codes the generated departments spend under: 类 (3 digits), 款 (5), 项 (7). Their names come from
# the warehouse's seed (dbt_project/seeds/functional_classification.csv).
FUNCTIONAL_CODES: tuple[str, ...] = (
    "201", "20103", "2010301", "2010302", "2010350", "2010399", "20104", "2010401", "2010402", "2010450",
    "2010499", "20105", "2010501", "2010502", "2010504", "2010505", "2010507", "2010508", "2010550", "20106",
    "2010601", "2010602", "2010607", "2010608", "2010650", "20137", "2013701", "2013702", "2013750", "2013799",
    "20138", "2013801", "2013802", "2013804", "2013805", "2013816", "2013850", "206", "20601", "2060101",
    "2060102", "20604", "2060499", "20607", "2060702", "207", "20701", "2070101", "2070102", "2070109",
    "2070112", "2070113", "208", "20801", "2080101", "2080102", "2080109", "2080150", "20805", "2080501",
    "2080505", "2080506", "210", "21001", "2100101", "2100102", "21004", "2100408", "2100409", "21011",
    "2101101", "2101102", "2101103", "211", "21101", "2110101", "2110102", "2110104", "2110199", "21103",
    "2110301", "2110302", "212", "21201", "2120101", "2120102", "2120104", "2120199", "213", "21301",
    "2130101", "2130102", "2130104", "2130108", "2130199", "21399", "2139999", "215", "21505", "2150501",
    "2150502", "2150508", "2150599", "221", "22102", "2210201", "223", "22301", "2230105", "224",
    "22401", "2240101", "2240102", "2240106", "2240150", "229", "22960", "2296002", "2296003",
)

# The 类 rows printed down the expense side of 公开01表 / 公开04表, in print order (numbered 一、二、… when printed).
SUMMARY_CLASS_CODES: tuple[str, ...] = (
    "201", "202", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213", "214",
    "215", "216", "217", "219", "220", "221", "222", "223", "224", "229", "231", "232", "234",
)

# 经济分类 (部门支出经济分类) codes of 公开06表, grouped as its four column blocks print them; names from
# dbt_project/seeds/economic_classification.csv.
ECONOMIC_PERSONNEL_CODES: tuple[str, ...] = (
    "301", "30101", "30102", "30103", "30106", "30107", "30108", "30109", "30110", "30111",
    "30112", "30113", "30114", "30199", "303", "30301", "30302", "30303", "30304", "30305",
    "30306", "30307", "30308", "30309", "30310", "30311", "30399",
)
ECONOMIC_GOODS_CODES: tuple[str, ...] = (
    "302", "30201", "30202", "30203", "30204", "30205", "30206", "30207", "30208", "30209",
    "30211", "30212", "30213", "30214", "30215", "30216", "30217", "30218", "30224", "30225",
    "30226", "30227", "30228", "30229", "30231", "30239", "30240", "30299",
)
ECONOMIC_CAPITAL_CODES: tuple[str, ...] = (
    "307", "30701", "30702", "310", "31001", "31002", "31003", "31005", "31006", "31007",
    "31008", "31009", "31010", "31011", "31012", "31013", "31019", "31021", "31022", "31099",
)
ECONOMIC_OTHER_CODES: tuple[str, ...] = (
    "312", "31201", "31203", "31204", "31205", "31299", "313", "31302", "31303", "31304",
    "399", "39907", "39908", "39909", "39910", "39999",
)

FUNCTIONAL: Mapping[str, str] = OfficialNames("functional_classification", FUNCTIONAL_CODES + SUMMARY_CLASS_CODES)
ECONOMIC_NAMES: Mapping[str, str] = OfficialNames(
    "economic_classification",
    ECONOMIC_PERSONNEL_CODES + ECONOMIC_GOODS_CODES + ECONOMIC_CAPITAL_CODES + ECONOMIC_OTHER_CODES,
)


def economic_block(codes: tuple[str, ...]) -> list[tuple[str, str]]:
    """(code, official name) pairs of one 公开06 column block."""
    return [(code, ECONOMIC_NAMES[code]) for code in codes]


def summary_classes() -> list[tuple[str, str]]:
    """(code, numbered name) of the 类 rows of 公开01/04: "一、一般公共服务支出" …"""
    return [(code, f"{chinese_number(k)}、{FUNCTIONAL[code]}") for k, code in enumerate(SUMMARY_CLASS_CODES, start=1)]


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 26 → 二十六 (the ordinals row labels print)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if tens == 0:
        return digits[ones]
    return f"{'' if tens == 1 else digits[tens]}十{digits[ones] if ones else ''}"


# 类 codes whose 经济分类 counts as 人员经费; the rest of the basic expenditure is 公用经费.
PERSONNEL_CLASSES = ("301", "303")

# Vehicle kinds of 公开10表 (三、国有资产占用情况) in print order.
VEHICLE_KINDS: list[str] = [
    "副部(省)级及以上领导用车",
    "主要负责人用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "离退休干部服务用车",
    "其他用车",
]
