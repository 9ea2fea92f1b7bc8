"""第三部分 情况说明: the narrative that restates the tables' figures in prose.

Phrasing follows what real 部门决算 narratives print ("收入总计…万元", "其中：基本支出…
万元，占…%", numbered "（类）（款）（项）：支出决算为…万元，完成预算…%" lines), in three
seeded variants, because parsers must cope with the variety real documents show.
"""

from __future__ import annotations

from sample_corpus.blocks import Block, Heading, Para
from sample_corpus.catalog import ECONOMIC_NAMES, FUNCTIONAL, VEHICLE_KINDS
from sample_corpus.model import Disclosure
from sample_corpus.money import fmt, fmt_pct, ratio

INCREASE_REASONS = [
    "本年度新增重点工作任务，项目支出相应增加",
    "人员增加及工资标准调整，基本支出相应增加",
    "信息化建设项目集中支付，支出相应增加",
]
DECREASE_REASONS = [
    "部分项目已于上年度实施完毕，本年度支出相应减少",
    "严格落实过紧日子要求，压减一般性支出",
    "上年度一次性项目本年度未再安排",
]


class Writer:
    """Formats figures the way this document's narrative prints them."""

    def __init__(self, d: Disclosure):
        self.d = d
        self.year = d.fiscal_year
        self.v = int(d.layout["narrative.variant"])
        self.commas = d.layout.is_("narrative.commas", "yes")
        self.unit = d.layout["narrative.unit"]

    def n(self, cents: int) -> str:
        return fmt(cents * 10000 if self.unit == "元" else cents, self.commas)

    def m(self, cents: int) -> str:
        """An amount with its unit, in the unit this narrative states amounts in."""
        return f"{self.n(cents)}{self.unit}"

    def share(self, part: int, whole: int) -> str:
        return fmt_pct(ratio(part, whole))

    def change(self, current: int, prior: int) -> str:
        diff = current - prior
        if diff == 0:
            return "持平"
        word, trend = ("增加", "增长") if diff > 0 else ("减少", "下降")
        return f"{word}{self.m(abs(diff))}，{trend}{self.share(abs(diff), prior) if prior else '100.00%'}"

    def reason(self, current: int, prior: int) -> str:
        pool = INCREASE_REASONS if current >= prior else DECREASE_REASONS
        return pool[(self.d.index + self.v) % len(pool)]

    def completion(self, actual: int, budget: int) -> str:
        return "年初未安排预算" if budget == 0 else f"完成预算{self.share(actual, budget)}"


def narrative(d: Disclosure) -> list[Block]:
    w = Writer(d)
    out: list[Block] = [Heading(f"第三部分 {d.fiscal_year}年度部门决算情况说明", 1)]
    for section in (_totals, _income, _expense, _fiscal, _gpb, _basic, _fund, _capital, _three_public, _other):
        out.extend(section(w))
    return out


def _totals(w: Writer) -> list[Block]:
    d, y = w.d, w.year
    t = d.grand_total
    chg = w.change(t, d.prior_total)
    why = w.reason(t, d.prior_total)
    if w.v == 0:
        text = f"{y}年度收入总计{w.m(t)}、支出总计{w.m(t)}。与{y - 1}年度相比，收入、支出总计各{chg}。主要原因是{why}。"
    elif w.v == 1:
        text = f"{y}年度收入、支出总计均为{w.m(t)}。与上年相比，收入、支出总计{chg}。主要原因是{why}。"
    else:
        text = f"{d.department_name}{y}年度收入总计{w.m(t)}，支出总计{w.m(t)}。与{y - 1}年度相比，收入总计{chg}，支出总计{chg}。主要原因是{why}。"
    out: list[Block] = [Heading("一、收入支出决算总体情况说明", 2), Para(text)]
    if d.opening_balance or d.used_balance or d.closing_balance:
        parts = [f"本年收入合计{w.m(d.income_total)}"]
        if d.used_balance:
            parts.append(f"使用非财政拨款结余{w.m(d.used_balance)}")
        if d.opening_balance:
            parts.append(f"年初结转和结余{w.m(d.opening_balance)}")
        spend = [f"本年支出合计{w.m(d.expense_total)}"]
        if d.closing_balance:
            spend.append(f"年末结转和结余{w.m(d.closing_balance)}")
        out.append(Para(f"收入总计包括{'、'.join(parts)}；支出总计包括{'、'.join(spend)}。"))
    return out


def _income(w: Writer) -> list[Block]:
    d, y = w.d, w.year
    total = d.income_total
    several_funds = d.has_fund("gf") or d.has_fund("sc")
    parts: list[tuple[str, int]] = []
    if several_funds or w.v != 0:
        parts.append(("一般公共预算财政拨款收入", d.fiscal_income("gpb")))
        if d.has_fund("gf"):
            parts.append(("政府性基金预算财政拨款收入", d.fiscal_income("gf")))
        if d.has_fund("sc"):
            parts.append(("国有资本经营预算财政拨款收入", d.fiscal_income("sc")))
    else:
        parts.append(("财政拨款收入", d.fiscal_income("gpb")))
    if d.income_business:
        parts.append(("事业收入", d.income_business))
    if w.v == 2:
        parts += [("上级补助收入", 0), ("经营收入", 0), ("附属单位上缴收入", 0)]
    if d.income_other:
        parts.append(("其他收入", d.income_other))
    out: list[Block] = [Heading("二、收入决算情况说明", 2)]
    if w.v == 2:
        # one line per source, as some departments lay it out
        out.append(Para(f"{y}年度收入合计{w.m(total)}，其中："))
        for k, (name, amount) in enumerate(parts):
            end = "。" if k == len(parts) - 1 else "；"
            out.append(Para(f"{name}{w.m(amount)}，占比{w.share(amount, total)}{end}"))
        return out
    lead = f"{y}年度本年收入合计" if w.v == 0 else "本年收入合计"
    body = "；".join(f"{name}{w.m(amount)}，占{w.share(amount, total)}" for name, amount in parts)
    out.append(Para(f"{lead}{w.m(total)}，其中：{body}。"))
    return out


def _expense(w: Writer) -> list[Block]:
    d, y = w.d, w.year
    total, basic, project = d.expense_total, d.expense_basic, d.expense_project
    out: list[Block] = [Heading("三、支出决算情况说明", 2)]
    if w.v == 2:
        out.append(Para(f"{y}年度支出合计{w.m(total)}，其中："))
        out.append(Para(f"基本支出{w.m(basic)}，占比{w.share(basic, total)}；"))
        out.append(Para(f"项目支出{w.m(project)}，占比{w.share(project, total)}。"))
        return out
    text = (
        f"{y}年度本年支出合计{w.m(total)}，其中：基本支出{w.m(basic)}，占{w.share(basic, total)}；"
        f"项目支出{w.m(project)}，占{w.share(project, total)}"
    )
    if w.v == 1:
        nil = f"0{w.unit}"
        text += f"；上缴上级支出{nil}，占0%；经营支出{nil}，占0%；对附属单位补助支出{nil}，占0%"
    out.append(Para(text + "。"))
    return out


def _fiscal(w: Writer) -> list[Block]:
    d, y = w.d, w.year
    total = d.income_fiscal + d.opening_balance
    prior = total * d.prior_total // max(d.grand_total, 1)
    chg = w.change(total, prior)
    if w.v == 1:
        text = f"{y}年度财政拨款收入、支出总计均为{w.m(total)}。与上年相比，财政拨款收入、支出总计{chg}。主要原因是{w.reason(total, prior)}。"
    else:
        text = f"{y}年度财政拨款收入总计{w.m(total)}、支出总计{w.m(total)}。与{y - 1}年度相比，财政拨款收入、支出总计各{chg}。主要原因是{w.reason(total, prior)}。"
    return [Heading("四、财政拨款收入支出决算总体情况说明", 2), Para(text)]


def _gpb(w: Writer) -> list[Block]:
    d, y = w.d, w.year
    g = d.fiscal_expense("gpb")
    out: list[Block] = [
        Heading("五、一般公共预算财政拨款支出决算情况说明", 2),
        Heading("（一）一般公共预算财政拨款支出决算总体情况", 3),
        Para(
            f"{y}年度一般公共预算财政拨款支出{w.m(g)}，占本年支出合计的{w.share(g, d.expense_total)}。"
            f"与{y - 1}年度相比，一般公共预算财政拨款支出{w.change(g, d.prior_gpb_expense)}。"
            f"主要原因是{w.reason(g, d.prior_gpb_expense)}。"
        ),
        Heading("（二）一般公共预算财政拨款支出决算结构情况", 3),
    ]
    rows = d.subject_rows("gpb")
    classes = [r for r in rows if r.level == 1]
    parts = [f"{r.name}（类）{w.m(r.total)}，占{w.share(r.total, g)}" for r in classes]
    out.append(Para(f"{y}年度一般公共预算财政拨款支出{w.m(g)}，主要用于以下方面：{'；'.join(parts)}。"))

    out.append(Heading("（三）一般公共预算财政拨款支出决算具体情况", 3))
    budget = d.gpb_budget
    if w.v == 1:
        out.append(Para(f"{y}年度一般公共预算财政拨款支出决算数为{w.m(g)}，{w.completion(g, budget)}。其中："))
    else:
        out.append(Para(f"{y}年度一般公共预算财政拨款支出年初预算为{w.m(budget)}，支出决算为{w.m(g)}，完成年初预算的{w.share(g, budget)}。其中："))
    for k, r in enumerate((r for r in rows if r.level == 3), start=1):
        path = f"{FUNCTIONAL[r.code[:3]]}（类）{FUNCTIONAL[r.code[:5]]}（款）{r.name}（项）"
        if w.v == 2:
            text = f"{k}、{path}。年初预算为{w.m(r.budget)}，支出决算为{w.m(r.total)}，完成年初预算的{w.share(r.total, r.budget)}。"
        else:
            text = f"{k}.{path}：支出决算为{w.m(r.total)}，{w.completion(r.total, r.budget)}。"
        if r.total < r.budget:
            text += "决算数小于预算数的主要原因是严格控制支出，部分项目按进度结转下年。"
        elif r.total > r.budget:
            text += "决算数大于预算数的主要原因是年中追加了相关经费。"
        out.append(Para(text))
    return out


def _basic(w: Writer) -> list[Block]:
    d, y = w.d, w.year
    personnel = [ECONOMIC_NAMES[c] for c in d.economic if c[:3] in ("301", "303")]
    public = [ECONOMIC_NAMES[c] for c in d.economic if c[:3] not in ("301", "303")]
    basic = d.personnel_expense + d.public_expense
    head = Heading("六、一般公共预算财政拨款基本支出决算情况说明", 2)
    if w.v == 2:
        return [
            head,
            Para(f"{y}年度一般公共预算财政拨款基本支出{w.m(basic)}，其中："),
            Para(f"人员经费{w.m(d.personnel_expense)}，主要包括{'、'.join(personnel)}等；"),
            Para(f"公用经费{w.m(d.public_expense)}，主要包括{'、'.join(public)}等。"),
        ]
    return [
        head,
        Para(
            f"{y}年度一般公共预算财政拨款基本支出{w.m(basic)}，其中：人员经费{w.m(d.personnel_expense)}，"
            f"主要包括：{'、'.join(personnel)}；公用经费{w.m(d.public_expense)}，主要包括：{'、'.join(public)}。"
        ),
    ]


def _absent(w: Writer, what: str) -> str:
    if w.v == 0:
        return f"本部门{w.year}年度无{what}收入和支出。"
    if w.v == 1:
        return "本年度无此项支出。"
    return f"{w.d.department_name}{w.year}年度没有使用{what}安排的支出，故相关决算表无数据。"


def _fund_lines(w: Writer, fund: str) -> list[Block]:
    out: list[Block] = []
    for k, r in enumerate((r for r in w.d.subject_rows(fund) if r.level == 3), start=1):
        path = f"{FUNCTIONAL[r.code[:3]]}（类）{FUNCTIONAL[r.code[:5]]}（款）{r.name}（项）"
        out.append(Para(f"{k}.{path}：支出决算为{w.m(r.total)}，主要用于相关公益事业发展。"))
    return out


def _fund(w: Writer) -> list[Block]:
    d = w.d
    out: list[Block] = [Heading("七、政府性基金预算财政拨款收支决算情况说明", 2)]
    if not d.has_fund("gf"):
        return out + [Para(_absent(w, "政府性基金预算财政拨款"))]
    income, spent = d.fiscal_income("gf"), d.fiscal_expense("gf")
    out.append(Para(f"{w.year}年度政府性基金预算财政拨款收入{w.m(income)}，支出{w.m(spent)}，占本年支出合计的{w.share(spent, d.expense_total)}。具体情况如下："))
    return out + _fund_lines(w, "gf")


def _capital(w: Writer) -> list[Block]:
    d = w.d
    out: list[Block] = [Heading("八、国有资本经营预算财政拨款支出决算情况说明", 2)]
    if not d.has_fund("sc"):
        return out + [Para(_absent(w, "国有资本经营预算财政拨款"))]
    spent = d.fiscal_expense("sc")
    out.append(Para(f"{w.year}年度国有资本经营预算财政拨款支出{w.m(spent)}，占本年支出合计的{w.share(spent, d.expense_total)}。具体情况如下："))
    return out + _fund_lines(w, "sc")


def _three_public(w: Writer) -> list[Block]:
    d, y, t = w.d, w.year, w.d.three_public
    out: list[Block] = [
        Heading("九、财政拨款“三公”经费支出决算情况说明", 2),
        Heading("（一）“三公”经费财政拨款支出决算总体情况说明", 3),
    ]
    prior = f"比上年度决算{w.m(t.prior_year_total)}{w.change(t.actual_total, t.prior_year_total)}"
    if t.empty:
        out.append(Para(f"{y}年度“三公”经费财政拨款支出全年预算0{w.unit}，支出决算0{w.unit}，{prior}。本部门{y}年度未发生“三公”经费财政拨款支出。"))
    else:
        out.append(
            Para(
                f"{y}年度“三公”经费财政拨款支出决算为{w.m(t.actual_total)}，{w.completion(t.actual_total, t.budget_total)}，{prior}。"
                f"其中：因公出国（境）费支出决算{w.m(t.outbound)}，{w.completion(t.outbound, t.outbound_budget)}；"
                f"公务用车购置及运行维护费支出决算{w.m(t.vehicle)}，{w.completion(t.vehicle, t.vehicle_budget)}；"
                f"公务接待费支出决算{w.m(t.reception)}，{w.completion(t.reception, t.reception_budget)}。"
                + ("决算数小于预算数的主要原因是严格落实中央八项规定精神，厉行节约，压减“三公”经费支出。" if t.actual_total < t.budget_total else "")
            )
        )
    out.append(Heading("（二）“三公”经费财政拨款支出决算具体情况说明", 3))
    if not t.empty:
        total = t.actual_total
        out.append(
            Para(
                f"{y}年度“三公”经费财政拨款支出决算中，因公出国（境）费支出决算{w.m(t.outbound)}，占{w.share(t.outbound, total)}；"
                f"公务用车购置及运行维护费支出决算{w.m(t.vehicle)}，占{w.share(t.vehicle, total)}；"
                f"公务接待费支出决算{w.m(t.reception)}，占{w.share(t.reception, total)}。具体情况如下："
            )
        )
    out.append(Para(f"1.因公出国（境）费支出{w.m(t.outbound)}。全年安排因公出国（境）团组{t.outbound_groups}个，累计{t.outbound_persons}人次。"))
    out.append(
        Para(
            f"2.公务用车购置及运行维护费支出{w.m(t.vehicle)}。其中：公务用车购置费{w.m(t.purchase)}，全年购置公务用车{t.vehicles_purchased}辆；"
            f"公务用车运行维护费{w.m(t.operation)}，主要用于开展业务工作所需的公务用车燃料费、维修费、过路过桥费、保险费等支出。"
            f"截至{y}年12月31日，使用财政拨款负担的公务用车保有量为{t.vehicles_owned}辆。"
        )
    )
    out.append(
        Para(
            f"3.公务接待费支出{w.m(t.reception)}。国内公务接待{t.reception_batches}批次、{t.reception_persons}人次（不包括陪同人员），"
            f"共计支出{w.m(t.reception)}，主要用于上级部门检查指导、兄弟单位考察交流等；外事接待0批次、0人次，共计支出0{w.unit}。"
        )
    )
    return out


def _other(w: Writer) -> list[Block]:
    d, y = w.d, w.year
    name = d.department_name if w.v != 1 else "本部门"
    out: list[Block] = [Heading("十、其他重要事项的情况说明", 2)]

    out.append(Heading("（一）机关运行经费支出情况", 3))
    org = d.org_operating_expense
    out.append(Para(f"{y}年度，{name}机关运行经费支出{w.m(org)}，比{y - 1}年度{w.change(org, d.prior_org_operating)}。主要原因是{w.reason(org, d.prior_org_operating)}。"))

    out.append(Heading("（二）政府采购支出情况", 3))
    total = d.procurement_total
    text = (
        f"{y}年度，{name}政府采购支出总额{w.m(total)}，其中：政府采购货物支出{w.m(d.procurement_goods)}、"
        f"政府采购工程支出{w.m(d.procurement_works)}、政府采购服务支出{w.m(d.procurement_services)}。"
    )
    if total:
        text += f"授予中小企业合同金额{w.m(d.procurement_sme)}，占政府采购支出总额的{w.share(d.procurement_sme, total)}。"
    out.append(Para(text))

    out.append(Heading("（三）国有资产占有使用情况", 3))
    kinds = "、".join(f"{kind}{count}辆" for kind, count in zip(VEHICLE_KINDS[1:], d.vehicles_by_kind[1:]))
    out.append(Para(f"截至{y}年12月31日，{name}共有车辆{d.vehicles_owned}辆，其中：{kinds}。单价100万元（含）以上设备（不含车辆）{d.big_equipment}台（套）。"))

    out.append(Heading("（四）预算绩效管理情况", 3))
    stages = performance_stages(d)
    named = f"“{d.projects[0].name}”项目等" if d.projects and w.v == 1 else ""
    out.append(Para(
        f"根据预算绩效管理要求，本部门在{y}年度预算编制阶段，组织对{named}{stages['projects_pre_assessed']}个项目开展了"
        f"预算事前绩效评估，对{stages['performance_target_projects']}个项目编制了绩效目标，预算执行过程中，"
        f"选取{stages['projects_monitored']}个项目开展绩效监控。"
    ))
    grades = {g: sum(1 for p in d.projects if p.grade == g) for g in "优良中差"}
    money = sum(p.budget_adjusted for p in d.projects)
    score = f"{d.performance_score // 10}.{d.performance_score % 10}"
    out.append(
        Para(
            f"根据预算绩效管理要求，本部门组织对{y}年度一般公共预算项目支出开展绩效自评，共对{len(d.projects)}个项目开展了绩效自评，"
            f"涉及资金{w.m(money)}，其中：自评等级为“优”的项目{grades['优']}个，“良”的项目{grades['良']}个，"
            f"“中”的项目{grades['中']}个，“差”的项目{grades['差']}个。"
        )
    )
    out.append(Para(f"本部门同时开展了部门整体支出绩效自评，{d.department_name}部门整体支出绩效自评得分为{score}分。项目自评结果详见附件。"))
    return out


def performance_stages(d: Disclosure) -> dict[str, int]:
    """Projects counted at each stage of the 预算绩效管理情况 (the template's sentence): derived from the projects
    evaluated, so that no random draw is added and every other figure of a seed stays as it was."""
    n = len(d.projects)
    return {"projects_pre_assessed": n // 2, "performance_target_projects": n + 2, "projects_monitored": n + 1}


def stated_figures(d: Disclosure) -> dict[str, float]:
    """The figures this narrative states, named as the warehouse names them: amounts in 万元, counts and
    the score as printed. Kept beside the phrasing above so the two cannot drift: 财政拨款收入 stands
    for 一般公共预算财政拨款收入 only where the variant-0 phrasing names no fund."""
    t = d.three_public
    several_funds = d.has_fund("gf") or d.has_fund("sc")
    money = {
        "income_total": d.income_total,
        "expense_total": d.expense_total,
        "income_grand_total": d.grand_total,
        "expense_grand_total": d.grand_total,
        "expense_basic": d.expense_basic,
        "expense_project": d.expense_project,
        "expense_general_public_budget": d.fiscal_expense("gpb"),
        "personnel_expense": d.personnel_expense,
        "public_expense": d.public_expense,
        "org_operating_expense": d.org_operating_expense,
        "procurement_total": d.procurement_total,
        "procurement_goods": d.procurement_goods,
        "procurement_works": d.procurement_works,
        "procurement_services": d.procurement_services,
        "three_public_actual_total": t.actual_total,
        "three_public_outbound_travel": t.outbound,
        "three_public_vehicle_total": t.vehicle,
        "three_public_vehicle_purchase": t.purchase,
        "three_public_vehicle_operation": t.operation,
        "three_public_reception": t.reception,
        "three_public_prior_year_actual_total": t.prior_year_total,
    }
    if several_funds or d.layout["narrative.variant"] != "0":
        money["income_general_public_budget"] = d.fiscal_income("gpb")
    else:
        money["income_fiscal"] = d.fiscal_income("gpb")
    if d.has_fund("gf"):
        money["income_government_fund"] = d.fiscal_income("gf")
        money["expense_government_fund"] = d.fiscal_expense("gf")
    if d.income_business:
        money["income_business"] = d.income_business
    if d.income_other:
        money["income_other"] = d.income_other
    figures: dict[str, float] = {name: round(cents / 100, 2) for name, cents in money.items()}
    figures.update({
        "vehicles_owned": d.vehicles_owned,
        "three_public_vehicles_owned": t.vehicles_owned,
        "three_public_outbound_groups": t.outbound_groups,
        "three_public_outbound_persons": t.outbound_persons,
        "department_performance_score": d.performance_score / 10,
        **performance_stages(d),
    })
    return figures
