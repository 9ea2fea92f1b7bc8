"""A 部门预算 document of a generated department: outline, prose and the figures a correct extraction finds.

The outline follows the Shanghai district budgets (../shared/corpus/budget): a cover naming the 预算主管部门, 部门主要
职能, 机构设置, 名词解释, the 部门预算编制说明 (收入预算, 支出预算 by fund, one line per 项 code), the nine tables, and the
其他相关情况说明 (三公 预算数, 机关运行经费, 政府采购, 绩效目标). Prose amounts are 万元; a table prints its layout's unit.
"""

from __future__ import annotations

from sample_corpus.blocks import Block, Cover, Heading, PageBreak, Para, TableBlock
from sample_corpus.budget_model import Budget
from sample_corpus.budget_tables import BUDGET_TITLES, budget_tables
from sample_corpus.catalog import FUNCTIONAL
from sample_corpus.money import fmt, wan

GLOSSARY = [
    "财政拨款收入：是预算主管部门及所属预算单位本年度从本级财政部门取得的财政拨款，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    "事业收入：指事业单位开展专业业务活动及其辅助活动取得的收入。",
    "其他收入：指除上述“财政拨款收入”、“事业收入”、“事业单位经营收入”等以外的收入。",
    "基本支出预算：是预算主管部门及所属预算单位为保障其机构正常运转、完成日常工作任务而编制的年度基本支出计划，包括人员经费和公用经费两部分。",
    "项目支出预算：是预算主管部门及所属预算单位为完成行政工作任务、事业发展目标或政府发展战略、特定目标，在基本支出之外编制的年度支出计划。",
    "机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
]
NUMERALS = "一二三四五六七八九十"


def m(cents: int) -> str:
    return f"{fmt(cents)}万元"


def budget_title(b: Budget) -> str:
    return f"{b.department_name}{b.fiscal_year}年部门预算"


def budget_outline(b: Budget) -> list[Block]:
    y = b.fiscal_year
    blocks: list[Block] = [Cover((b.department_name, f"{y}年部门预算")), PageBreak()]
    parts = ["部门主要职能", "部门机构设置", "名词解释", "部门预算编制说明", "部门预算表", "其他相关情况说明"]
    blocks.append(Heading("目 录", 1))
    # the parts only: a table title listed here, set as prose fragments in a text conversion, would open a table
    blocks += [Para(f"{NUMERALS[k]}、{part}") for k, part in enumerate(parts)]
    blocks.append(PageBreak())
    blocks.append(Heading(f"{b.department_name}主要职能", 1))
    blocks.append(Para("主要职能包括："))
    blocks += [Para(f"{k}.{duty}") for k, duty in enumerate(b.duties, start=1)]
    blocks.append(Heading(f"{b.department_name}机构设置", 1))
    units = len(b.subunits)
    blocks.append(Para(f"{b.department_name}部门预算是包括{b.department_name}本部"
                       + (f"以及下属{units}家事业单位的综合收支计划。" if units else "的综合收支计划。")))
    blocks.append(Heading("名词解释", 1))
    blocks += [Para(f"（{NUMERALS[k]}）{entry}") for k, entry in enumerate(GLOSSARY)]
    blocks.append(PageBreak())
    blocks += statement(b)
    for grid in budget_tables(b):
        blocks.append(PageBreak())
        blocks.append(TableBlock(grid))
    blocks.append(PageBreak())
    blocks += other_information(b)
    return blocks


def statement(b: Budget) -> list[Block]:
    """预算编制说明: income and expense by source, then one line per 项 code of the 财政拨款 budget."""
    y = b.fiscal_year
    out: list[Block] = [Heading(f"{y}年部门预算编制说明", 1)]
    out.append(Para(f"{y}年，{b.department_name}收入预算{m(b.expense_total)}，其中：财政拨款收入{m(b.income_fiscal)}；"
                    f"事业收入{m(b.income_business)}；事业单位经营收入0万元；其他收入{m(b.income_other)}。"))
    out.append(Para(f"支出预算{m(b.expense_total)}，其中：财政拨款支出预算{m(b.income_fiscal)}。财政拨款支出预算中，"
                    f"一般公共预算拨款支出预算{m(b.fiscal('gpb'))}；政府性基金拨款支出预算{m(b.fiscal('gf'))}；"
                    f"国有资本经营预算拨款支出预算{m(b.fiscal('sc'))}。"))
    out.append(Para("财政拨款支出主要内容如下："))
    for k, r in enumerate(statement_lines(b), start=1):
        path = f"{FUNCTIONAL[r.code[:3]]}-{FUNCTIONAL[r.code[:5]]}-{r.name}"
        use = "基本支出" if r.basic == r.total else "项目支出" if r.basic == 0 else "基本支出和项目支出"
        out.append(Para(f"{k}.“{path}”科目{m(r.total)}，主要用于{use}。"))
    return out


def statement_lines(b: Budget) -> list:
    """The 项 codes the 预算编制说明 states one by one, with their 财政拨款 budget (every fund, in print order)."""
    return [r for fund in ("gpb", "gf", "sc") for r in b.rows(fund) if r.level == 3 and r.total]


def other_information(b: Budget) -> list[Block]:
    y, t = b.fiscal_year, b.three_public
    return [
        Heading("其他相关情况说明", 1),
        Heading(f"一、{y}年“三公”经费预算情况说明", 2),
        Para(f"{y}年“三公”经费预算数为{m(t.budget_total)}。其中："),
        Para(f"（一）因公出国（境）费{m(t.outbound_budget)}。"),
        Para(f"（二）公务用车购置及运行费{m(t.vehicle_budget)}。其中：公务用车购置费{m(t.purchase_budget)}；"
             f"公务用车运行费{m(t.operation_budget)}。"),
        Para(f"（三）公务接待费{m(t.reception_budget)}。"),
        Heading("二、机关运行经费预算", 2),
        Para(f"{y}年{b.department_name}财政拨款的机关运行经费预算为{m(b.org_operating_expense)}。"),
        Heading("三、政府采购预算情况", 2),
        Para(f"{y}年本部门政府采购预算{m(b.procurement_total)}，其中：政府采购货物预算{m(b.procurement_goods)}、"
             f"政府采购工程预算{m(b.procurement_works)}、政府采购服务预算{m(b.procurement_services)}。"),
        Heading("四、绩效目标设置情况", 2),
        Para(f"按照预算绩效管理工作的总体要求，本部门开展了{y}年项目预算绩效目标编报工作，编报绩效目标的项目"
             f"{b.performance_projects}个，涉及项目预算资金{m(b.performance_amount)}。"),
    ]


def stated_budget_figures(b: Budget) -> dict[str, float]:
    """What the prose states, by the names a budget's figures take (ingestion/narrative/budget.py)."""
    t = b.three_public
    money = {
        "income_total": b.expense_total, "income_fiscal": b.income_fiscal,
        "expense_total": b.expense_total, "expense_general_public_budget": b.fiscal("gpb"),
        "three_public_budget_total": t.budget_total, "three_public_outbound_travel_budget": t.outbound_budget,
        "three_public_vehicle_total_budget": t.vehicle_budget, "three_public_vehicle_purchase_budget": t.purchase_budget,
        "three_public_vehicle_operation_budget": t.operation_budget, "three_public_reception_budget": t.reception_budget,
        "org_operating_expense": b.org_operating_expense, "procurement_total": b.procurement_total,
        "procurement_goods": b.procurement_goods, "procurement_works": b.procurement_works,
        "procurement_services": b.procurement_services, "performance_target_projects_amount": b.performance_amount,
    }
    figures: dict[str, float] = {k: wan(v) for k, v in money.items()}  # type: ignore[misc]
    figures["performance_target_projects"] = b.performance_projects
    return figures


def expected_budget_figures(b: Budget, file_name: str, file_format: str, page_count: int | None) -> dict:
    """The figures a correct extraction finds, in the form of the 决算's expected JSON (expected.py)."""
    gf = b.has_fund("gf")
    return {
        "file": file_name,
        "format": file_format,
        "department_name": b.department_name,
        "province": b.province,
        "city": b.city,
        "county": b.county,
        "fiscal_year": b.fiscal_year,
        "doc_kind": "budget",
        "scope": "department",
        "page_count": page_count,
        "layout": b.layout.to_json(),
        "finance": {
            "income_total": wan(b.expense_total),
            "expense_total": wan(b.expense_total),
            "income_grand_total": wan(b.expense_total),
            "expense_grand_total": wan(b.expense_total),
            "income_general_public_budget": wan(b.fiscal("gpb")),
            "income_government_fund": wan(b.fiscal("gf")) if gf else None,
            "expense_basic": wan(b.expense_basic),
            "expense_project": wan(b.expense_project),
            "expense_general_public_budget": wan(b.fiscal("gpb")),
            "expense_government_fund": wan(b.fiscal("gf")) if gf else None,
            "personnel_expense": wan(b.personnel_expense),
            "public_expense": wan(b.public_expense),
            "org_operating_expense": wan(b.org_operating_expense),
            "procurement_total": wan(b.procurement_total),
            "procurement_goods": wan(b.procurement_goods),
            "procurement_works": wan(b.procurement_works),
            "procurement_services": wan(b.procurement_services),
        },
        "narrative": stated_budget_figures(b),
        # the 预算编制说明's per-code lines (“类-款-项”科目…万元): the code's 财政拨款 budget, read as functional_expense
        "narrative_functional": [{"subject_code": r.code, "amount": wan(r.total)} for r in statement_lines(b)],
        "functional_expense": [
            {"subject_code": r.code, "subject_level": r.level, "subject_name": r.name, "total": wan(r.total),
             "basic": wan(r.basic), "project": wan(r.project)}
            for r in b.rows()
        ],
        "general_public_budget_expense": [
            {"subject_code": r.code, "subject_name": r.name, "total": wan(r.total), "basic": wan(r.basic),
             "project": wan(r.project)}
            for r in b.rows("gpb")
        ],
        "basic_expense_economic": [
            {"subject_code": code, "subject_name": name, "amount": wan(amount)} for code, name, amount in _economic(b)
        ],
        "three_public": {
            "budget_total": wan(b.three_public.budget_total),
            "actual_total": None,
            "outbound_travel_budget": wan(b.three_public.outbound_budget),
            "vehicle_total_budget": wan(b.three_public.vehicle_budget),
            "vehicle_purchase_budget": wan(b.three_public.purchase_budget),
            "vehicle_operation_budget": wan(b.three_public.operation_budget),
            "reception_budget": wan(b.three_public.reception_budget),
        },
        "tables": [{"table_kind": g.kind, "title": g.title, "empty": g.empty, "unit": g.unit} for g in budget_tables(b)],
    }


def _economic(b: Budget) -> list[tuple[str, str, int]]:
    from sample_corpus.catalog import ECONOMIC_NAMES

    classes: dict[str, int] = {}
    for code, amount in b.economic.items():
        classes[code[:3]] = classes.get(code[:3], 0) + amount
    rows = [(c, ECONOMIC_NAMES[c], a) for c, a in {**classes, **b.economic}.items()]
    return sorted(rows, key=lambda r: r[0].ljust(5, "0") + str(len(r[0])))
