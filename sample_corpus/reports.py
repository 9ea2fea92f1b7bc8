"""Self-evaluation reports that fuller documents attach: 部门整体支出绩效自评报告 and per-project 自评报告.

They restate figures the tables already print (totals, scores, execution rates), in prose,
the way real attachments repeat them; they make long documents long for honest reasons.
"""

from __future__ import annotations

from sample_corpus.blocks import Block, Heading, Para
from sample_corpus.model import Disclosure, Project
from sample_corpus.money import fmt, fmt_pct, fmt_score, ratio

def overall_report(d: Disclosure) -> list[Block]:
    y, name = d.fiscal_year, d.department_name
    total, basic, project = d.expense_total, d.expense_basic, d.expense_project
    score = f"{d.performance_score // 10}.{d.performance_score % 10}"
    grade = "优" if d.performance_score >= 900 else "良"
    out: list[Block] = [
        Heading(f"附件1 {name}{y}年度部门整体支出绩效自评报告", 2),
        Heading("一、部门基本情况", 3),
        Para(f"（一）机构组成。{name}" + (f"下属事业单位{len(d.subunits)}个：{'、'.join(d.subunits)}。" if d.subunits else "无下属预算单位。")),
        Para(f"（二）机构职能。{''.join(duty.rstrip('；。') + '；' for duty in d.duties[:-1])}{d.duties[-1]}"),
        Para(f"（三）人员概况。截至{y}年末，本部门实有在职人员{d.headcount}人。"),
        Heading("二、部门资金收支情况", 3),
        Para(
            f"（一）收入情况。{y}年度本年收入合计{fmt(d.income_total)}万元，其中：一般公共预算财政拨款收入"
            f"{fmt(d.fiscal_income('gpb'))}万元，占{fmt_pct(ratio(d.fiscal_income('gpb'), d.income_total))}。"
        ),
        Para(
            f"（二）支出情况。{y}年度本年支出合计{fmt(total)}万元，其中：基本支出{fmt(basic)}万元，"
            f"占{fmt_pct(ratio(basic, total))}；项目支出{fmt(project)}万元，占{fmt_pct(ratio(project, total))}。"
        ),
        Para(f"（三）结转结余情况。{y}年末结转和结余{fmt(d.closing_balance)}万元。"),
        Heading("三、部门整体绩效分析", 3),
        Para(
            "（一）预算管理情况。本部门严格按照预算批复执行，加强预算执行进度管理，"
            "严控“三公”经费和一般性支出，资金使用规范。"
        ),
        Para(
            f"（二）项目管理情况。本年度对{len(d.projects)}个项目开展绩效自评，"
            + "；".join(f"{p.name}自评得分{fmt_score(p.total_score)}分，等级为“{p.grade}”" for p in d.projects)
            + "。"
        ),
        Para("（三）履职效能情况。本部门围绕年度重点工作任务，统筹推进各项业务工作，全年目标任务总体完成。"),
        Heading("四、评价结论及建议", 3),
        Para(f"（一）评价结论。经自评，{name}部门整体支出绩效自评得分为{score}分，自评等级为“{grade}”。"),
        Para("（二）存在问题。部分项目预算执行进度不均衡，绩效目标设置的精准度有待提高。"),
        Para("（三）改进建议。进一步加强预算编制的科学性和绩效目标管理，加快项目实施和资金支付进度。"),
    ]
    return out


def project_report(d: Disclosure, p: Project) -> list[Block]:
    shortfalls = [i for i in p.indicators if i.score < i.weight]
    lines = [
        Heading(f"{p.name}项目绩效自评报告", 3),
        Para(f"一、项目概况。该项目由{p.implementing_unit}实施，{p.goal}"),
        Para(
            f"二、预算执行情况。年初预算{fmt(p.budget_initial)}万元，全年预算{fmt(p.budget_adjusted)}万元，"
            f"全年执行{fmt(p.executed)}万元，预算执行率{fmt_pct(p.rate)}，预算执行得分{fmt_score(p.execution_score)}分。"
        ),
        Para(
            "三、绩效指标完成情况。"
            + "；".join(f"{i.level3}目标值{i.target_text}，完成值{i.actual_text}" for i in p.indicators)
            + "。"
        ),
        Para(f"四、自评结论。该项目自评得分{fmt_score(p.total_score)}分，自评等级为“{p.grade}”。"),
    ]
    if shortfalls:
        names = "、".join(i.level3 for i in shortfalls)
        lines.append(Para(f"五、存在问题及改进措施。{names}未完全达到年度目标，下一步将一是加强过程监控，二是科学设置指标值。"))
    return lines
