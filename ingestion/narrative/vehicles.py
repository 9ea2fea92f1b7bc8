"""Vehicle counts in prose: how many a department holds (保有量, 共有, 实有 …) and buys (购置, 更新 …), and the
breakdown by kind that follows either ("其中：轿车2辆、越野车0辆", "其中：机要通信用车0辆 …").

In the 三公 section the holding is three_public_vehicles_owned, elsewhere (国有资产占用情况) vehicles_owned: the
two breakdowns differ (by body type there, by use here) and a document may state both. Vehicles of a unit
other than the department ("下属XX中心共有车辆2辆") are that unit's (ingestion.narrative.attribution).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ingestion.narrative.attribution import other_unit_named
from ingestion.narrative.subjects import VEHICLE_OWNED_TAIL, VEHICLE_PURCHASED_TAIL, VEHICLE_TYPE_RES
from ingestion.text.numbers import AMOUNT_IN_TEXT_RE

_CLAUSE_DELIMITERS = ",;:。!?\x00、"
PURCHASED = "three_public_vehicles_purchased"


@dataclass(frozen=True)
class VehicleCount:
    figure: str
    value: float
    pos: int  # where the number is printed in the paragraph
    other: str | None  # the unit the vehicles belong to, when not the department


def vehicle_counts(work: str, masked: str, sentence_start_of: Callable[[int], int], in_three_public: bool,
                   department: str | None) -> list[VehicleCount]:
    """Every vehicle count of a paragraph. `work` is the text still to read, `masked` the paragraph with its
    reason clauses blanked (where the sentence's subject is looked for)."""
    counts: list[VehicleCount] = []
    listed: str | None = None  # the total whose breakdown may follow ("…共有车辆5辆，其中：…")
    owner: str | None = None
    last_end = 0
    for m in AMOUNT_IN_TEXT_RE.finditer(work):
        unit = m.group(2)
        if unit is None:
            continue
        seg = work[last_end : m.start()]
        last_end = m.end()
        if unit != "辆":
            continue
        value = float(m.group(1).replace(",", ""))
        clause = seg[max(seg.rfind(d) for d in _CLAUSE_DELIMITERS) + 1 :].strip()
        total = _total_named(clause, in_three_public)
        if total:
            listed = total
            owner = other_unit_named(masked, sentence_start_of(m.start()), m.start(), department)
            counts.append(VehicleCount(total, value, m.start(), owner))
            continue
        if listed:
            for pattern, kind in VEHICLE_TYPE_RES:
                if pattern.search(clause):
                    counts.append(VehicleCount(f"{listed}_{kind}", value, m.start(), owner))
                    break
    return counts


def _total_named(clause: str, in_three_public: bool) -> str | None:
    if VEHICLE_PURCHASED_TAIL.search(clause):
        return PURCHASED
    if VEHICLE_OWNED_TAIL.search(clause):
        return "three_public_vehicles_owned" if in_three_public else "vehicles_owned"
    return None
