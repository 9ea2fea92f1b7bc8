"""功能分类 (functional classification) look-ups: printed 类/款/项 names → national subject codes.

The one list of codes is the dbt seed `dbt_project/seeds/functional_classification.csv` (columns
subject_code, subject_name, subject_level, parent_code, class_code), found relative to this file: the
generator and the tests read it too, so no second copy of the codes can drift from it.

The 3-digit classes of both classifications (`classification_classes`, with the seed
economic_classification.csv beside it) tell a code column from an amount column whose heading is unreadable.

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
    """code → subject, from the seed CSV."""
    seed = Path(path) if path else SEED_PATH
    if not seed.is_file():
        raise FileNotFoundError(f"the functional classification seed is missing: {seed}")
    table: dict[str, FunctionalSubject] = {}
    with seed.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            code = re.sub(r"\D", "", row.get("subject_code") or "")
            name = (row.get("subject_name") or "").strip()
            if len(code) in (3, 5, 7) and name:
                table[code] = FunctionalSubject(code, name, _level(code), _parent(code))
    return table


ECONOMIC_SEED_PATH = SEED_PATH.with_name("economic_classification.csv")


@lru_cache(maxsize=1)
def classification_classes() -> frozenset[str]:
    """The 3-digit classes (类) of the national 功能分类 and 经济分类 (部门 and 政府预算): what a code column's codes
    begin with, where an amount column's integers seldom do."""
    classes = {code for code in load_functional_classification() if len(code) == 3}
    if not ECONOMIC_SEED_PATH.is_file():
        raise FileNotFoundError(f"the economic classification seed is missing: {ECONOMIC_SEED_PATH}")
    with ECONOMIC_SEED_PATH.open(encoding="utf-8-sig", newline="") as handle:
        classes |= {code for row in csv.DictReader(handle) if len(code := re.sub(r"\D", "", row.get("subject_code") or "")) == 3}
    return frozenset(classes)


@lru_cache(maxsize=1)
def _economic_names() -> dict[str, str]:
    if not ECONOMIC_SEED_PATH.is_file():
        raise FileNotFoundError(f"the economic classification seed is missing: {ECONOMIC_SEED_PATH}")
    with ECONOMIC_SEED_PATH.open(encoding="utf-8-sig", newline="") as handle:
        return {code: (row.get("subject_name") or "").strip() for row in csv.DictReader(handle)
                if (code := re.sub(r"\D", "", row.get("subject_code") or ""))}


def official_name(code: str) -> str | None:
    """The national name of a 功能分类 code (2…) or a 部门经济分类 code (3…), or None for a code the seeds lack."""
    if code[:1] == "3":
        return _economic_names().get(code) or None
    subject = load_functional_classification().get(code)
    return subject.name if subject else None


def _children(table: dict[str, FunctionalSubject], parent: str | None, level: int) -> list[FunctionalSubject]:
    return [s for s in table.values() if s.level == level and (parent is None or s.parent_code == parent)]


@lru_cache(maxsize=1 << 14)  # a pure function of the text: the same labels come back row after row
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
