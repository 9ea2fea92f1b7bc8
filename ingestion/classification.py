"""功能分类 (functional classification) look-ups: printed 类/款/项 names → national subject codes.

The authoritative list is the dbt seed `dbt_project/seeds/functional_classification.csv`
(columns subject_code, subject_name, subject_level, parent_code, class_code), found relative to
this file. Where the seed is absent, a small built-in list (the classes and the 款/项 that common
department disclosures print) stands in for it.

Printed names vary from the official ones: "一般公共服务（类）" for 一般公共服务支出, full- or
half-width brackets, a dropped 支出 or 基本, "资源勘探信息等支出" for 资源勘探工业信息等支出. Matching
therefore compares normalised names, first exactly, then by containment, then by similarity.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

SEED_PATH = Path(__file__).resolve().parents[1] / "dbt_project" / "seeds" / "functional_classification.csv"

# Fallback when the seed is absent: code → official name. Classes (类) are the 2024 national list.
BUILTIN_FUNCTIONAL: dict[str, str] = {
    "201": "一般公共服务支出",
    "202": "外交支出",
    "203": "国防支出",
    "204": "公共安全支出",
    "205": "教育支出",
    "206": "科学技术支出",
    "207": "文化旅游体育与传媒支出",
    "208": "社会保障和就业支出",
    "210": "卫生健康支出",
    "211": "节能环保支出",
    "212": "城乡社区支出",
    "213": "农林水支出",
    "214": "交通运输支出",
    "215": "资源勘探工业信息等支出",
    "216": "商业服务业等支出",
    "217": "金融支出",
    "219": "援助其他地区支出",
    "220": "自然资源海洋气象等支出",
    "221": "住房保障支出",
    "222": "粮油物资储备支出",
    "223": "国有资本经营预算支出",
    "224": "灾害防治及应急管理支出",
    "227": "预备费",
    "229": "其他支出",
    "230": "转移性支出",
    "231": "债务还本支出",
    "232": "债务付息支出",
    "233": "债务发行费用支出",
    "234": "抗疫特别国债安排的支出",
    "20103": "政府办公厅（室）及相关机构事务",
    "2010301": "行政运行",
    "2010302": "一般行政管理事务",
    "2010303": "机关服务",
    "2010350": "事业运行",
    "2010399": "其他政府办公厅（室）及相关机构事务支出",
    "20104": "发展与改革事务",
    "2010401": "行政运行",
    "2010402": "一般行政管理事务",
    "2010450": "事业运行",
    "2010499": "其他发展与改革事务支出",
    "20105": "统计信息事务",
    "2010501": "行政运行",
    "2010502": "一般行政管理事务",
    "2010550": "事业运行",
    "20106": "财政事务",
    "2010601": "行政运行",
    "2010602": "一般行政管理事务",
    "2010607": "信息化建设",
    "2010608": "财政委托业务支出",
    "2010650": "事业运行",
    "20132": "组织事务",
    "2013201": "行政运行",
    "2013202": "一般行政管理事务",
    "2013250": "事业运行",
    "2013299": "其他组织事务支出",
    "20137": "网信事务",
    "2013701": "行政运行",
    "2013702": "一般行政管理事务",
    "2013750": "事业运行",
    "2013799": "其他网信事务支出",
    "20139": "社会工作事务",
    "2013901": "行政运行",
    "2013902": "一般行政管理事务",
    "2013950": "事业运行",
    "2013999": "其他社会工作事务支出",
    "20138": "市场监督管理事务",
    "2013801": "行政运行",
    "2013802": "一般行政管理事务",
    "2013850": "事业运行",
    "20601": "科学技术管理事务",
    "2060101": "行政运行",
    "2060102": "一般行政管理事务",
    "20701": "文化和旅游",
    "2070101": "行政运行",
    "2070102": "一般行政管理事务",
    "20706": "新闻出版电影",
    "2070605": "出版发行",
    "20801": "人力资源和社会保障管理事务",
    "2080101": "行政运行",
    "2080102": "一般行政管理事务",
    "2080150": "事业运行",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "2080599": "其他行政事业单位养老支出",
    "20899": "其他社会保障和就业支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "2101103": "公务员医疗补助",
    "2101199": "其他行政事业单位医疗支出",
    "21502": "制造业",
    "2150299": "其他制造业支出",
    "21505": "工业和信息产业监管",
    "2150501": "行政运行",
    "2150502": "一般行政管理事务",
    "2150508": "无线电及信息通信监管",
    "2150550": "事业运行",
    "2150599": "其他工业和信息产业监管支出",
    "21508": "支持中小企业发展和管理支出",
    "2150805": "中小企业发展专项",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
    "2210202": "提租补贴",
    "2210203": "购房补贴",
    "22205": "重要商品储备",
    "2220511": "应急物资储备",
    "2220599": "其他重要商品储备支出",
}


@dataclass(frozen=True)
class FunctionalSubject:
    code: str
    name: str
    level: int  # 1 类, 2 款, 3 项
    parent_code: str | None


def _level(code: str) -> int:
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


def _parent(code: str) -> str | None:
    return {5: code[:3], 7: code[:5]}.get(len(code))


@lru_cache(maxsize=4)
def load_functional_classification(path: str | None = None) -> dict[str, FunctionalSubject]:
    """code → subject, from the seed CSV when present, else the built-in list."""
    seed = Path(path) if path else SEED_PATH
    table: dict[str, FunctionalSubject] = {}
    if seed.is_file():
        with seed.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                code = re.sub(r"\D", "", row.get("subject_code") or "")
                name = (row.get("subject_name") or "").strip()
                if len(code) not in (3, 5, 7) or not name:
                    continue
                table[code] = FunctionalSubject(code, name, _level(code), _parent(code))
    if not table:
        table = {
            code: FunctionalSubject(code, name, _level(code), _parent(code))
            for code, name in BUILTIN_FUNCTIONAL.items()
        }
    return table


def _children(table: dict[str, FunctionalSubject], parent: str | None, level: int) -> list[FunctionalSubject]:
    return [s for s in table.values() if s.level == level and (parent is None or s.parent_code == parent)]


def normalise_subject_name(name: str) -> str:
    """Fold widths, drop brackets' width differences, (类)/(款)/(项) markers, list numbers and spaces."""
    text = unicodedata.normalize("NFKC", name or "")
    text = re.sub(r"\s+", "", text)
    text = re.sub(r"\((?:类|款|项)\)$", "", text)
    text = re.sub(r"^(?:\d{1,2}[.、]|[一二三四五六七八九十]{1,3}、|\([一二三四五六七八九十\d]{1,3}\))", "", text)
    return text


def _core(name: str) -> str:
    """A name without the suffix printed names drop or add (支出, 费)."""
    text = normalise_subject_name(name)
    for suffix in ("支出", "费"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            text = text[: -len(suffix)]
    return text


def _loose(core: str) -> str:
    """Words printed names often omit: 机关事业单位（基本）养老保险, 资源勘探（工业）信息等."""
    return core.replace("基本", "").replace("工业", "")


def _score(printed: str, official: str) -> float:
    a, b = normalise_subject_name(printed), normalise_subject_name(official)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ca, cb = _core(printed), _core(official)
    if ca == cb:
        return 0.98
    if _loose(ca) == _loose(cb) and len(_loose(ca)) >= 2:
        return 0.96
    for x, y in ((ca, cb), (_loose(ca), _loose(cb))):
        short, long_ = sorted((x, y), key=len)
        if len(short) >= 4 and short in long_:
            # containment: "一般公共服务组织事务" holds "一般公共服务"
            return 0.85 + 0.1 * len(short) / len(long_)
    return SequenceMatcher(None, ca, cb).ratio()


def _best(printed: str, candidates: list[FunctionalSubject], threshold: float) -> FunctionalSubject | None:
    best: tuple[float, int, FunctionalSubject] | None = None
    for subject in candidates:
        score = _score(printed, subject.name)
        # prefer the closest length on ties (行政运行 vs 其他…行政运行…)
        key = (score, -abs(len(_core(subject.name)) - len(_core(printed))), subject)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None or best[0] < threshold:
        return None
    return best[2]


def lookup_class_code(class_name: str, *, threshold: float = 0.8, path: str | None = None) -> str | None:
    """3-digit 类 code for a printed class name, or None."""
    table = load_functional_classification(path)
    found = _best(class_name, _children(table, None, 1), threshold)
    return found.code if found else None


def lookup_functional_code(
    class_name: str,
    kuan_name: str | None = None,
    xiang_name: str | None = None,
    *,
    path: str | None = None,
) -> str | None:
    """The code of the deepest name given: 类 → 3 digits, 款 → 5, 项 → 7; None when any level fails.

    A 项 that only repeats the name of a 款 without items of its own resolves to the 款 code.
    """
    table = load_functional_classification(path)
    cls = _best(class_name, _children(table, None, 1), 0.6)
    if cls is None:
        return None
    if not kuan_name:
        return cls.code
    kuan = _best(kuan_name, _children(table, cls.code, 2), 0.7)
    if kuan is None:
        return None
    if not xiang_name:
        return kuan.code
    items = _children(table, kuan.code, 3)
    xiang = _best(xiang_name, items, 0.7)
    if xiang:
        return xiang.code
    if not items and _score(xiang_name, kuan.name) >= 0.95:
        # "其他社会保障和就业支出（款）其他社会保障和就业支出（项）": the 款 has no 项 of its own
        return kuan.code
    return None
