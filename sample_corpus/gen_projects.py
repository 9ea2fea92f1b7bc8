"""项目支出绩效自评表 contents: budgets, execution, indicators with weights and scores.

Weights of the indicators always add up to 90 and the budget-execution row is worth 10,
as the national 自评 rules set them; total score = execution score + indicator scores.
"""

from __future__ import annotations

import random

from sample_corpus.bureaus import Bureau
from sample_corpus.model import Disclosure, Indicator, Project
from sample_corpus.money import cents, fmt, fmt_pct, ratio, split

# (三级指标 name, unit, low, high) for 数量指标, by project theme.
QUANTITY = {
    "ops": [("运维服务器数量", "台", 50, 400), ("巡检次数", "次", 12, 52), ("保障业务系统数量", "个", 5, 60), ("驻场运维人员", "人", 2, 12)],
    "service": [("受理服务事项数量", "件", 2000, 90000), ("服务对象人次", "人次", 500, 20000), ("开展服务活动次数", "次", 6, 40)],
    "build": [("建设完成模块数量", "个", 3, 12), ("购置设备数量", "台（套）", 5, 120)],
    "training": [("培训场次", "场", 3, 20), ("培训人次", "人次", 100, 2000), ("宣传资料发放数量", "份", 1000, 20000)],
    "inspection": [("监测点位数量", "个", 10, 120), ("抽检批次", "批次", 100, 1500), ("检查企业数量", "家", 30, 600)],
    "research": [("完成研究报告数量", "份", 1, 6), ("调查样本数量", "户", 200, 3000)],
    "subsidy": [("补助对象数量", "家", 20, 800), ("兑现补助资金笔数", "笔", 20, 500)],
}

# (三级指标 name, target percentage) for 质量指标.
QUALITY = {
    "ops": [("系统正常运行率", 98), ("故障处理完成率", 95)],
    "service": [("事项按时办结率", 95), ("工单回访率", 90)],
    "build": [("验收合格率", 100), ("功能上线率", 95)],
    "training": [("培训考核合格率", 95), ("参训覆盖率", 90)],
    "inspection": [("监测数据有效率", 95), ("抽检任务完成率", 100)],
    "research": [("报告通过评审率", 100), ("数据准确率", 98)],
    "subsidy": [("补助发放准确率", 100), ("资金拨付合规率", 100)],
}

TIMELINESS = [
    ("≤", "故障响应时间", "小时", 2),
    ("定性", "任务完成及时性", "按时完成", None),
    ("定性", "资金拨付及时性", "及时", None),
    ("≤", "问题整改时限", "个工作日", 10),
]

BENEFIT = {
    "ops": "保障政务系统稳定运行",
    "service": "提升群众办事便利度",
    "build": "提升信息化支撑能力",
    "training": "提升从业人员业务能力",
    "inspection": "防范化解安全风险",
    "research": "为科学决策提供数据支撑",
    "subsidy": "减轻企业和群众负担",
}

SECOND_BENEFIT = ["提高部门履职效能", "营造良好发展环境", "增强公共服务供给能力"]

QUALITATIVE_TARGETS = ["有效提升", "明显改善", "持续提升", "有效保障"]

# How well a project went: decides its execution rate and how many indicators fall short.
SEVERITIES = ("good", "fair", "poor", "bad")
EXECUTION = {"good": (0.9, 1.0), "fair": (0.6, 0.95), "poor": (0.3, 0.7), "bad": (0.0, 0.3)}
SHORTFALL_CHANCE = {"good": 0.1, "fair": 0.45, "poor": 0.75, "bad": 0.95}
SHORTFALL_DEPTH = {"good": (80, 98), "fair": (60, 95), "poor": (30, 80), "bad": (0, 40)}

OUTCOME_BY_GRADE = {
    "优": "各项绩效目标全面完成。",
    "良": "绩效目标基本完成，个别指标未达预期。",
    "中": "部分绩效目标未完成，项目实施进度滞后。",
    "差": "绩效目标大部分未完成，预算执行进度明显滞后。",
}

GENERIC_QUANTITY = [("开展督导检查次数", "次", 2, 12), ("形成工作报告数量", "份", 1, 4)]
GENERIC_QUALITY = [("资料归档完整率", 100), ("制度执行率", 100)]

SHORTFALL_REASONS = [
    "受项目实施进度影响，部分任务顺延至下年度完成。",
    "实际需求低于年初预计，下一步将科学合理设置指标值。",
    "合同签订时间较晚，部分工作尚未完成。",
]


def build_projects(rng: random.Random, d: Disclosure, bureau: Bureau) -> list[Project]:
    count = rng.randint(2, 4)
    pool = list(bureau.projects)
    rng.shuffle(pool)
    year_short = str(d.fiscal_year)[2:]
    # The evaluated projects account for part of the year's project spending.
    budgets = split(rng, max(cents(d.expense_project / 100 * rng.uniform(0.3, 0.9)), 500 * count), count)
    projects = []
    for (name, theme), budget in zip(pool[:count], budgets):
        severity = rng.choices(SEVERITIES, weights=(65, 20, 10, 5))[0]
        if rng.random() < 0.25:
            name = f"{d.fiscal_year}年{name}"
        code = None
        if rng.random() < 0.5:
            code = f"{d.province_code}{rng.randint(1, 20):02d}{rng.choice(('00', '02', '21', '23'))}{year_short}{rng.choice('TY')}{rng.randint(1, 99999999):012d}"
        implementing = d.department_name
        implementing_code = f"{d.dept_code}001"
        if d.subunits and rng.random() < 0.5:
            implementing = d.subunits[0]
            implementing_code = f"{d.dept_code}002"
        adjusted = budget
        initial = adjusted if rng.random() < 0.6 else cents(adjusted / 100 * rng.uniform(0.8, 1.25))
        low, high = EXECUTION[severity]
        executed = adjusted if severity == "good" and rng.random() < 0.6 else cents(adjusted / 100 * rng.uniform(low, high))
        indicators = _indicators(rng, theme, adjusted, executed, severity)
        benefit = BENEFIT[theme]
        goal = f"按计划完成{name.removeprefix(f'{d.fiscal_year}年')}各项工作任务，{benefit}，确保资金使用规范、安全、高效。"
        project = Project(
            name=name,
            code=code,
            competent_dept=d.department_name,
            competent_code=d.dept_code,
            implementing_unit=implementing,
            implementing_code=implementing_code,
            budget_initial=initial,
            budget_adjusted=adjusted,
            executed=executed,
            goal=goal,
            outcome="",
            indicators=indicators,
        )
        project.outcome = (
            f"全年预算{fmt(adjusted)}万元，实际执行{fmt(executed)}万元，"
            f"预算执行率{fmt_pct(ratio(executed, adjusted))}，{OUTCOME_BY_GRADE[project.grade]}"
        )
        projects.append(project)
    return projects


def _indicators(rng: random.Random, theme: str, adjusted: int, executed: int, severity: str) -> list[Indicator]:
    n = rng.randint(5, 9)
    # 满意度 is one row; 效益 one or two; 产出 takes the rest (数量 and 质量 always, then 时效, 成本).
    benefit_rows = 2 if n >= 7 and rng.random() < 0.6 else 1
    output_rows = n - 1 - benefit_rows
    kinds = ["数量指标", "质量指标", "时效指标", "成本指标"]
    output_kinds = ["数量指标", "质量指标"]
    for extra in range(output_rows - 2):
        output_kinds.append(kinds[2 + extra] if extra < 2 else rng.choice(kinds[:2]))
    output_kinds.sort(key=kinds.index)

    output_weights = split(rng, 5000, output_rows, floor_share=1.5)
    output_weights = _whole_points(output_weights, 5000)
    benefit_weights = [3000] if benefit_rows == 1 else [1500, 1500]

    rows: list[Indicator] = []
    quantities = list(GENERIC_QUANTITY) + _shuffled(rng, QUANTITY[theme])
    qualities = list(GENERIC_QUALITY) + _shuffled(rng, QUALITY[theme])
    for kind, weight in zip(output_kinds, output_weights):
        if kind == "数量指标":
            name, unit, low, high = quantities.pop()
            target = rng.randint(low, high)
            op = rng.choice(("≥", "="))
            rows.append(_numeric(rng, "产出指标", kind, name, op, target, unit, weight, severity))
        elif kind == "质量指标":
            name, pct = qualities.pop()
            op = "=" if pct == 100 else "≥"
            rows.append(_numeric(rng, "产出指标", kind, name, op, pct, "%", weight, severity))
        elif kind == "时效指标":
            # a response time only fits projects that run a system or a service desk
            choices = TIMELINESS if theme in ("ops", "service") else TIMELINESS[1:]
            op, name, unit, value = rng.choice(choices)
            if op == "定性":
                rows.append(_qualitative(rng, "产出指标", kind, name, unit, weight, severity))
            else:
                rows.append(_numeric(rng, "产出指标", kind, name, op, value, unit, weight, severity))
        else:
            budget_text = f"{adjusted / 100:.2f}".rstrip("0").rstrip(".")
            actual_text = f"{executed / 100:.2f}".rstrip("0").rstrip(".")
            rows.append(Indicator("产出指标", kind, "项目成本控制", "≤", f"≤{budget_text}万元", f"{actual_text}万元", weight, weight,
                                  target_value=budget_text, actual_value=actual_text, unit="万元"))
    names = [BENEFIT[theme]] + [rng.choice(SECOND_BENEFIT)]
    for name, weight in zip(names, benefit_weights):
        rows.append(_qualitative(rng, "效益指标", "社会效益指标", name, rng.choice(QUALITATIVE_TARGETS), weight, severity))
    rows.append(_numeric(rng, "满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", rng.choice((85, 90, 95)), "%", 1000, severity))
    return rows


def _shuffled(rng: random.Random, pool: list) -> list:
    out = list(pool)
    rng.shuffle(out)
    return out


def _whole_points(weights: list[int], total: int) -> list[int]:
    """Round weights to whole points (forms print 5, 10, 15), keeping the exact total."""
    out = [max(100, (w + 50) // 100 * 100) for w in weights]
    out[0] += total - sum(out)
    return out


def _numeric(
    rng: random.Random, level1: str, level2: str, name: str, op: str, target: int, unit: str, weight: int, severity: str
) -> Indicator:
    target_text = f"{op}{target}{unit}"
    short = rng.random() < SHORTFALL_CHANCE[severity]
    low, high = SHORTFALL_DEPTH[severity]
    if op == "≤":
        if short:
            actual = target * rng.randint(110, 200) // 100 + 1
            score = weight * target // actual
        else:
            actual = max(1, target - rng.randint(0, max(1, target // 3)))
            score = weight
    else:
        if unit == "%":
            actual = target if op == "=" else rng.randint(target, 100)
        else:
            actual = target if op == "=" else target + rng.randint(0, max(1, target // 5))
        if short:
            # a percentage indicator rarely collapses the way a count can
            lo, hi = (max(low, 60), max(high, 75)) if unit == "%" else (low, high)
            actual = target * rng.randint(lo, hi) // 100
        score = weight if actual >= target else weight * actual // target
    reason = rng.choice(SHORTFALL_REASONS) if score < weight else ""
    return Indicator(level1, level2, name, op, target_text, f"{actual}{unit}", weight, score, reason,
                     target_value=str(target), actual_value=str(actual), unit=unit)


def _qualitative(rng: random.Random, level1: str, level2: str, name: str, target: str, weight: int, severity: str) -> Indicator:
    if rng.random() < SHORTFALL_CHANCE[severity]:
        low, high = SHORTFALL_DEPTH[severity]
        score = weight * rng.randint(low, high) // 100
        return Indicator(level1, level2, name, "定性", target, "部分达成预期指标", weight, score, rng.choice(SHORTFALL_REASONS))
    return Indicator(level1, level2, name, "定性", target, "达成预期指标", weight, weight)
