"""Draws the figures of one disclosure so that every printed total adds up.

Order matters: “三公” amounts feed the 经济分类 lines (30212, 30217, 30231, 31013), the
经济分类 lines fix the basic spending, and the personnel-related 项 (养老, 医疗, 公积金)
take exactly the matching 经济分类 amounts, so a reader can cross-check the tables the
way they cross-check real ones.
"""

from __future__ import annotations

import math
import random

from sample_corpus import gen_projects
from sample_corpus.bureaus import (
    BUREAUS,
    EXTRA_PROJECT_ITEMS,
    GOVERNMENT_FUND_ITEMS,
    STATE_CAPITAL_ITEMS,
    Bureau,
)
from sample_corpus.catalog import VEHICLE_KINDS
from sample_corpus.layout import classic_layout
from sample_corpus.model import Disclosure, Item, Style, ThreePublic
from sample_corpus.money import cents, draw, split
from sample_corpus.places import CITIES, COUNTIES, PROVINCES

# Personnel 项 and the 经济分类 lines they pay for.
PERSONNEL_ITEMS: dict[str, list[tuple[str, str]]] = {
    "208": [("2080501", "30302"), ("2080505", "30108"), ("2080506", "30109")],
    "210": [("2101103", "30111")],  # 2101101/2101102 are split from 30110 below
    "221": [("2210201", "30113")],
}

NORTHERN = ("山西省", "河北省", "陕西省", "甘肃省", "吉林省", "山东省", "河南省")


def build(rng: random.Random, index: int) -> Disclosure:
    province, province_code = rng.choice(PROVINCES)
    city = rng.choice(CITIES)
    county = rng.choice(COUNTIES) if rng.random() < 0.4 else None
    bureau = rng.choice(BUREAUS)
    # the real province prefixes the invented place, as a department names itself, so the warehouse can place it
    department_name = f"{province}{county or city}{bureau.name}"
    fiscal_year = rng.randint(2021, 2025)
    has_subunit = bureau.inst_run is not None and rng.random() < 0.5
    subunits = [f"{county or city}{bureau.subunits[0]}"] if has_subunit else []
    headcount = rng.randint(8, 90)

    three = _three_public(rng)
    economic = _economic(rng, headcount, three, province in NORTHERN)
    items = _functional_items(rng, bureau, economic, has_subunit)
    _add_nonfiscal(rng, items, has_subunit)
    opening, closing = _balances(rng, items)
    _budgets(rng, items)
    style = Style(
        commas=rng.random() < 0.5,
        zeros=rng.random() < 0.3,
        variant=rng.randint(0, 2),
        project_code_in_name=rng.random() < 0.5,
        fund_detail_row=rng.random() < 0.5,
        font_size=rng.choice((9.0, 10.0, 10.5, 12.0)),
        budget_exact=rng.random() < 0.4,
        long_form=rng.random() < 0.3,
    )
    if style.budget_exact:
        for item in items:
            item.budget = item.fiscal if item.fund == "gpb" else 0

    public = sum(v for k, v in economic.items() if k[:3] not in ("301", "303"))
    org_operating = public if not has_subunit else cents(public / 100 * rng.uniform(0.6, 0.95))
    expense_total = sum(i.total for i in items)
    goods, works, services = _procurement(rng, expense_total)
    procurement_total = goods + works + services
    dept_code = str(rng.randint(101, 399))

    disclosure = Disclosure(
        index=index,
        province=province,
        province_code=province_code,
        city=city,
        county=county,
        bureau=bureau.name,
        department_name=department_name,
        dept_code=dept_code,
        subunits=subunits,
        fiscal_year=fiscal_year,
        duties=list(bureau.duties),
        headcount=headcount,
        items=items,
        economic=economic,
        opening_balance=opening,
        closing_balance=closing,
        three_public=three,
        org_operating_expense=org_operating,
        procurement_goods=goods,
        procurement_works=works,
        procurement_services=services,
        procurement_sme=cents(procurement_total / 100 * rng.uniform(0.6, 1.0)),
        vehicles_by_kind=_vehicle_kinds(rng, three.vehicles_owned),
        big_equipment=rng.choice((0, 0, 0, 1, 2)),
        performance_score=rng.randint(850, 985),
        projects=[],
        prior_total=0,
        prior_gpb_expense=0,
        prior_org_operating=cents(org_operating / 100 * rng.uniform(0.8, 1.2)),
        style=style,
    )
    disclosure.prior_total = cents(disclosure.grand_total / 100 * rng.uniform(0.7, 1.3))
    disclosure.prior_gpb_expense = cents(disclosure.fiscal_expense("gpb") / 100 * rng.uniform(0.7, 1.3))
    disclosure.projects = gen_projects.build_projects(rng, disclosure, bureau)
    disclosure.layout = classic_layout(style.zeros, style.project_code_in_name, style.fund_detail_row, style.variant, style.commas)
    return disclosure


def _three_public(rng: random.Random) -> ThreePublic:
    t = ThreePublic()
    if rng.random() < 0.2:
        # 无“三公”经费: such departments also keep no vehicles on the 财政拨款
        t.prior_year_total = draw(rng, 0.5, 8) if rng.random() < 0.5 else 0
        return t
    if rng.random() < 0.15:
        t.outbound = draw(rng, 2, 15)
        t.outbound_budget = _budget_above(rng, t.outbound)
        t.outbound_groups = rng.randint(1, 2)
        t.outbound_persons = t.outbound_groups * rng.randint(2, 5)
    if rng.random() < 0.85:
        t.vehicles_owned = rng.randint(1, 8)
        t.operation = cents(t.vehicles_owned * rng.uniform(0.8, 2.6))
        t.operation_budget = _budget_above(rng, t.operation)
        if rng.random() < 0.15:
            t.vehicles_purchased = 1
            t.purchase = draw(rng, 15, 28)
            t.purchase_budget = _budget_above(rng, t.purchase)
    if rng.random() < 0.8 or t.actual_total == 0:
        t.reception = draw(rng, 0.2, 5)
        t.reception_budget = _budget_above(rng, t.reception)
        t.reception_batches = rng.randint(5, 80)
        t.reception_persons = t.reception_batches * rng.randint(3, 8)
    t.prior_year_total = cents(t.actual_total / 100 * rng.uniform(0.7, 1.4))
    return t


def _budget_above(rng: random.Random, actual: int) -> int:
    """Budgets are usually met or underspent, now and then matched exactly."""
    if rng.random() < 0.3:
        return actual
    return cents(actual / 100 / rng.uniform(0.6, 0.98))


def _maybe(rng: random.Random, p: float, low: float, high: float) -> int:
    return draw(rng, low, high) if rng.random() < p else 0


def _economic(rng: random.Random, heads: int, three: ThreePublic, northern: bool) -> dict[str, int]:
    h = heads
    e: dict[str, int] = {}
    e["30101"] = draw(rng, 3.2 * h, 4.8 * h)
    e["30102"] = draw(rng, 2.0 * h, 4.0 * h)
    e["30103"] = _maybe(rng, 0.6, 0.3 * h, 1.2 * h)
    e["30106"] = _maybe(rng, 0.1, 0.05 * h, 0.2 * h)
    e["30107"] = _maybe(rng, 0.85, 0.8 * h, 2.5 * h)
    salary = e["30101"] + e["30102"] + e["30103"] + e["30107"]
    e["30108"] = int(salary * rng.uniform(0.155, 0.165))
    e["30109"] = int(salary * rng.uniform(0.075, 0.085)) if rng.random() < 0.85 else 0
    e["30110"] = int(salary * rng.uniform(0.065, 0.09))
    e["30111"] = int(salary * rng.uniform(0.015, 0.03)) if rng.random() < 0.5 else 0
    e["30112"] = int(salary * rng.uniform(0.004, 0.012)) if rng.random() < 0.8 else 0
    e["30113"] = int(salary * rng.uniform(0.10, 0.12))
    e["30199"] = _maybe(rng, 0.5, 0.05 * h, 0.6 * h)
    retirees = rng.randint(0, max(1, h // 3))
    e["30302"] = draw(rng, 4 * retirees, 7 * retirees) if retirees and rng.random() < 0.3 else 0
    e["30305"] = _maybe(rng, 0.2, 0.5, 5)
    e["30309"] = _maybe(rng, 0.4, 0.05, 2)
    e["30201"] = draw(rng, 0.08 * h, 0.35 * h)
    e["30202"] = _maybe(rng, 0.5, 0.3, 3)
    e["30203"] = _maybe(rng, 0.2, 1, 8)
    e["30205"] = _maybe(rng, 0.6, 0.3, 3)
    e["30206"] = _maybe(rng, 0.7, 1, 8)
    e["30207"] = _maybe(rng, 0.8, 0.2, 3)
    e["30208"] = _maybe(rng, 0.7 if northern else 0.0, 2, 10)
    e["30209"] = _maybe(rng, 0.4, 3, 20)
    e["30211"] = _maybe(rng, 0.95, 0.05 * h, 0.25 * h)
    e["30212"] = three.outbound
    e["30213"] = _maybe(rng, 0.7, 0.5, 10)
    e["30214"] = _maybe(rng, 0.2, 2, 15)
    e["30215"] = _maybe(rng, 0.5, 0.3, 4)
    e["30216"] = _maybe(rng, 0.6, 0.3, 5)
    e["30217"] = three.reception
    e["30226"] = _maybe(rng, 0.5, 1, 15)
    e["30227"] = _maybe(rng, 0.3, 2, 30)
    e["30228"] = int(salary * 0.02) if rng.random() < 0.95 else 0
    e["30229"] = _maybe(rng, 0.8, 0.05 * h, 0.15 * h)
    e["30231"] = three.operation
    e["30239"] = _maybe(rng, 0.7, 0.1 * h, 0.35 * h)
    e["30299"] = _maybe(rng, 0.8, 0.5, 10)
    e["31002"] = _maybe(rng, 0.3, 0.5, 10)
    e["31007"] = _maybe(rng, 0.15, 1, 20)
    e["31013"] = three.purchase
    return {k: v for k, v in e.items() if v > 0}


def _functional_items(rng: random.Random, bureau: Bureau, economic: dict[str, int], has_subunit: bool) -> list[Item]:
    main_class = bureau.admin_run[:3]
    personnel_classes = [c for c in ("208", "210", "221") if rng.random() < 0.8]
    if not [c for c in personnel_classes if c != main_class]:
        personnel_classes.append(rng.choice([c for c in ("208", "210", "221") if c != main_class]))
    items: dict[str, Item] = {}

    mapped = 0
    for cls in personnel_classes:
        for code, econ in PERSONNEL_ITEMS[cls]:
            if economic.get(econ):
                items[code] = Item(code, basic=economic[econ])
                mapped += economic[econ]
        if cls == "210" and economic.get("30110"):
            medical = economic["30110"]
            if has_subunit:
                admin_share = int(medical * rng.uniform(0.5, 0.8))
                items["2101101"] = Item("2101101", basic=admin_share)
                items["2101102"] = Item("2101102", basic=medical - admin_share)
            else:
                items["2101101"] = Item("2101101", basic=medical)
            mapped += medical

    remainder = sum(economic.values()) - mapped
    if has_subunit and bureau.inst_run:
        admin = int(remainder * rng.uniform(0.55, 0.8))
        items[bureau.admin_run] = Item(bureau.admin_run, basic=admin)
        items[bureau.inst_run] = Item(bureau.inst_run, basic=remainder - admin)
    else:
        items[bureau.admin_run] = Item(bureau.admin_run, basic=remainder)

    # Project spending: the bureau's own lines, at most three 项 per 款.
    basic_total = sum(economic.values())
    project_total = cents(basic_total / 100 * math.exp(rng.uniform(math.log(0.15), math.log(12))))
    candidates = list(bureau.project_items)
    rng.shuffle(candidates)
    wanted = rng.randint(1, 3)
    chosen: list[str] = []
    for code in candidates:
        in_kuan = sum(1 for c in list(items) + chosen if c[:5] == code[:5])
        if in_kuan < 3 and len(chosen) < wanted:
            chosen.append(code)
    if not chosen:
        chosen.append(next(c for c in candidates if sum(1 for k in items if k[:5] == c[:5]) < 3))
    for code, amount in zip(chosen, split(rng, project_total, len(chosen))):
        items[code] = Item(code, project=amount)

    classes = {c[:3] for c in items}
    extras = [c for c in EXTRA_PROJECT_ITEMS if c[:3] not in classes]
    if rng.random() < 0.35 and len(classes) < 5:
        code = rng.choice(extras)
        items[code] = Item(code, project=draw(rng, 5, 80))
        classes.add(code[:3])
    if rng.random() < 0.2 and len(classes) < 5:
        code = rng.choice(GOVERNMENT_FUND_ITEMS)
        items[code] = Item(code, project=draw(rng, 30, 600), fund="gf")
        classes.add(code[:3])
    if rng.random() < 0.05 and len(classes) < 5:
        code = rng.choice(STATE_CAPITAL_ITEMS)
        items[code] = Item(code, project=draw(rng, 10, 200), fund="sc")
    return [items[c] for c in sorted(items)]


def _add_nonfiscal(rng: random.Random, items: list[Item], has_subunit: bool) -> None:
    """事业单位 pay part of their project costs from 事业收入 / 其他收入 / old balances."""
    payable = [i for i in items if i.fund == "gpb" and i.project > 0]
    if not payable:
        return
    if has_subunit and rng.random() < 0.5:
        item = rng.choice(payable)
        item.business = int(item.project * rng.uniform(0.1, 0.4))
        if rng.random() < 0.3:
            item.used_balance = int(item.project * rng.uniform(0.02, 0.08))
    if rng.random() < 0.2:
        item = rng.choice(payable)
        item.other = int(item.project * rng.uniform(0.01, 0.08))


def _balances(rng: random.Random, items: list[Item]) -> tuple[int, int]:
    """年初/年末 财政拨款结转和结余, booked against the largest 一般公共预算 project line."""
    target = max((i for i in items if i.fund == "gpb" and i.project > 0), key=lambda i: i.project, default=None)
    if target is None:
        return 0, 0
    room = target.project - target.nonfiscal
    opening = int(room * rng.uniform(0.05, 0.4)) if rng.random() < 0.35 else 0
    closing = int(room * rng.uniform(0.02, 0.3)) if rng.random() < 0.4 else 0
    target.carry = closing - opening
    return opening, closing


def _budgets(rng: random.Random, items: list[Item]) -> None:
    """年初预算数 of each 一般公共预算 line, for the narrative's 完成预算X%."""
    for item in items:
        if item.fund != "gpb":
            continue
        if item.project == 0:
            item.budget = cents(item.fiscal / 100 * rng.uniform(0.96, 1.04))
        elif rng.random() < 0.08:
            item.budget = cents(item.fiscal / 100 / rng.uniform(1.01, 1.1))  # overspent with a top-up
        else:
            item.budget = cents(item.fiscal / 100 / rng.uniform(0.6, 1.0))


def _procurement(rng: random.Random, expense_total: int) -> tuple[int, int, int]:
    if rng.random() < 0.08:
        return 0, 0, 0
    total = cents(expense_total / 100 * rng.uniform(0.03, 0.5))
    goods = int(total * rng.uniform(0.05, 0.5)) if rng.random() < 0.85 else 0
    works = int((total - goods) * rng.uniform(0.1, 0.5)) if rng.random() < 0.2 else 0
    return goods, works, total - goods - works


def _vehicle_kinds(rng: random.Random, owned: int) -> list[int]:
    counts = [0] * len(VEHICLE_KINDS)
    # Only 主要负责人/机要/应急/执法/特种/其他 are common at this level of government.
    usable = [1, 2, 3, 4, 5, 7]
    for _ in range(owned):
        counts[rng.choice(usable)] += 1
    return counts
