"""The printed tables (公开01–10表 and the 项目支出绩效自评表) as format-neutral grids.

Every renderer draws these same grids, so a PDF, a Word file, a text dump and a
workbook of one disclosure print the same cells. A merged cell holds its text in its
top-left position and "" elsewhere, which is how the text conversions print it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sample_corpus.catalog import (
    ECONOMIC_CAPITAL,
    ECONOMIC_GOODS,
    ECONOMIC_OTHER,
    ECONOMIC_PERSONNEL,
    FUNCTIONAL,
    SUMMARY_CLASSES,
    VEHICLE_KINDS,
)
from sample_corpus.model import Disclosure, Item, Project, rollup
from sample_corpus.money import fmt, fmt_pct, fmt_score

EMPTY_MARKER = "说明：本表无数据"


@dataclass
class Grid:
    kind: str  # table_kind as the warehouse names it
    code: str | None  # 公开01表 …
    title: str
    labels: list[str]  # lines printed between the title and the grid
    header: list[list[str]]  # rows repeated on every page the table spans
    body: list[list[str]]
    note: str | None = None
    empty: bool = False
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), rows over header+body
    widths: list[float] = field(default_factory=list)  # relative column widths

    @property
    def rows(self) -> list[list[str]]:
        return self.header + self.body


class Cells:
    """Formats amounts the way this document prints them (blank or 0.00 for zero)."""

    def __init__(self, zeros: bool):
        self.zeros = zeros

    def amount(self, cents: int) -> str:
        if cents == 0 and not self.zeros:
            return ""
        return fmt(cents)

    def count(self, n: int) -> str:
        if n == 0 and not self.zeros:
            return ""
        return str(n)


STANDARD_TITLES: list[tuple[str, str, str]] = [
    ("income_expense_summary", "公开01表", "收入支出决算总表"),
    ("income", "公开02表", "收入决算表"),
    ("expense", "公开03表", "支出决算表"),
    ("fiscal_income_expense_summary", "公开04表", "财政拨款收入支出决算总表"),
    ("general_public_budget_expense", "公开05表", "一般公共预算财政拨款支出决算表"),
    ("general_public_budget_basic_expense", "公开06表", "一般公共预算财政拨款基本支出决算明细表"),
    ("government_fund", "公开07表", "政府性基金预算财政拨款收入支出决算表"),
    ("state_capital", "公开08表", "国有资本经营预算财政拨款支出决算表"),
    ("three_public", "公开09表", "财政拨款“三公”经费支出决算表"),
    ("related_info", "公开10表", "部门决算公开相关信息统计表"),
]


def standard_tables(d: Disclosure) -> list[Grid]:
    c = Cells(d.style.zeros)
    builders = [
        _income_expense_summary,
        _income,
        _expense,
        _fiscal_summary,
        _gpb_expense,
        _gpb_basic,
        _government_fund,
        _state_capital,
        _three_public,
        _related_info,
    ]
    grids = []
    for (kind, code, title), build in zip(STANDARD_TITLES, builders):
        grid = build(d, c)
        grid.kind, grid.code, grid.title = kind, code, title
        grid.labels = [code, f"部门名称：{d.department_name}", f"{d.fiscal_year}年度", f"金额单位：{d.unit}"]
        grids.append(grid)
    return grids


def _grid(header, body, note, spans=(), widths=(), empty=False) -> Grid:
    return Grid("", None, "", [], header, body, note, empty, list(spans), list(widths))


def _subject_rows(items, values, c: Cells) -> tuple[list[str], list[list[str]]]:
    rows = rollup(items, values)
    width = len(values(items[0])) if items else 0
    totals = [sum(v[i] for code, level, v in rows if level == 1) for i in range(width)]
    total_row = ["合计", ""] + [c.amount(x) for x in totals]
    body = [[code, FUNCTIONAL[code]] + [c.amount(x) for x in v] for code, _, v in rows]
    return total_row, body


def _income_expense_summary(d: Disclosure, c: Cells) -> Grid:
    incomes = [
        ("一、一般公共预算财政拨款收入", d.fiscal_income("gpb")),
        ("二、政府性基金预算财政拨款收入", d.fiscal_income("gf")),
        ("三、国有资本经营预算财政拨款收入", d.fiscal_income("sc")),
        ("四、上级补助收入", 0),
        ("五、事业收入", d.income_business),
        ("六、经营收入", 0),
        ("七、附属单位上缴收入", 0),
        ("八、其他收入", d.income_other),
    ]
    classes = d.class_totals()
    n = len(SUMMARY_CLASSES)
    body = []
    for i, (code, name) in enumerate(SUMMARY_CLASSES):
        left = [incomes[i][0], str(i + 1), c.amount(incomes[i][1])] if i < len(incomes) else ["", str(i + 1), ""]
        body.append(left + [name, str(n + 6 + i), c.amount(classes.get(code, 0))])
    line = n + 1
    right = 2 * n + 6
    body += [
        ["本年收入合计", str(line), fmt(d.income_total), "本年支出合计", str(right), fmt(d.expense_total)],
        ["使用非财政拨款结余和专用结余", str(line + 1), c.amount(d.used_balance), "结余分配", str(right + 1), c.amount(0)],
        ["年初结转和结余", str(line + 2), c.amount(d.opening_balance), "年末结转和结余", str(right + 2), c.amount(d.closing_balance)],
        ["", str(line + 3), "", "", str(right + 3), ""],
        ["总计", str(line + 4), fmt(d.grand_total), "总计", str(right + 4), fmt(d.grand_total)],
    ]
    header = [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["栏次", "", "1", "栏次", "", "2"],
    ]
    note = "注：本表反映部门本年度收入、支出的总体情况和年末结转结余情况。"
    return _grid(header, body, note, [(0, 0, 0, 2), (0, 3, 0, 5)], [3.2, 0.7, 1.3, 3.2, 0.7, 1.3])


def _income(d: Disclosure, c: Cells) -> Grid:
    def values(i: Item):
        fiscal = i.fiscal + i.carry
        return (fiscal + i.business + i.other, fiscal, 0, i.business, 0, 0, i.other)

    total_row, body = _subject_rows(d.items, values, c)
    header = [
        ["项目", "", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
        ["科目代码", "科目名称", "", "", "", "", "", "", ""],
        ["栏次", "", "1", "2", "3", "4", "5", "6", "7"],
    ]
    spans = [(0, 0, 0, 1)] + [(0, col, 1, col) for col in range(2, 9)]
    note = "注：本表反映部门本年度取得的各项收入情况，按支出功能分类科目列示。"
    return _grid(header, [total_row] + body, note, spans, [1.1, 3.0] + [1.1] * 7)


def _expense(d: Disclosure, c: Cells) -> Grid:
    total_row, body = _subject_rows(d.items, lambda i: (i.total, i.basic, i.project, 0, 0, 0), c)
    header = [
        ["项目", "", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
        ["科目代码", "科目名称", "", "", "", "", "", ""],
        ["栏次", "", "1", "2", "3", "4", "5", "6"],
    ]
    spans = [(0, 0, 0, 1)] + [(0, col, 1, col) for col in range(2, 8)]
    note = "注：本表反映部门本年度各项支出情况，按支出功能分类科目列示。"
    return _grid(header, [total_row] + body, note, spans, [1.1, 3.0] + [1.2] * 6)


def _fiscal_summary(d: Disclosure, c: Cells) -> Grid:
    incomes = [
        ("一、一般公共预算财政拨款", d.fiscal_income("gpb")),
        ("二、政府性基金预算财政拨款", d.fiscal_income("gf")),
        ("三、国有资本经营预算财政拨款", d.fiscal_income("sc")),
    ]
    by_fund = {fund: d.class_totals(fund) for fund in ("gpb", "gf", "sc")}
    n = len(SUMMARY_CLASSES)
    body = []
    for i, (code, name) in enumerate(SUMMARY_CLASSES):
        left = [incomes[i][0], str(i + 1), c.amount(incomes[i][1])] if i < len(incomes) else ["", str(i + 1), ""]
        amounts = [by_fund[f].get(code, 0) for f in ("gpb", "gf", "sc")]
        body.append(left + [name, str(n + 7 + i)] + [c.amount(x) for x in [sum(amounts)] + amounts])
    fiscal_exp = [d.fiscal_expense(f) for f in ("gpb", "gf", "sc")]
    line, right = n + 1, 2 * n + 7
    closing = [d.closing_balance, 0, 0]  # the carried-over money is all 一般公共预算
    body += [
        ["本年收入合计", str(line), fmt(d.income_fiscal), "本年支出合计", str(right)]
        + [fmt(sum(fiscal_exp))] + [c.amount(x) for x in fiscal_exp],
        ["年初财政拨款结转和结余", str(line + 1), c.amount(d.opening_balance), "年末财政拨款结转和结余", str(right + 1)]
        + [c.amount(sum(closing))] + [c.amount(x) for x in closing],
        ["一般公共预算财政拨款", str(line + 2), c.amount(d.opening_balance), "", str(right + 2), "", "", "", ""],
        ["政府性基金预算财政拨款", str(line + 3), c.amount(0), "", str(right + 3), "", "", "", ""],
        ["国有资本经营预算财政拨款", str(line + 4), c.amount(0), "", str(right + 4), "", "", "", ""],
        ["总计", str(line + 5), fmt(d.income_fiscal + d.opening_balance), "总计", str(right + 5)]
        + [fmt(sum(fiscal_exp) + d.closing_balance)]
        + [c.amount(x + y) for x, y in zip(fiscal_exp, closing)],
    ]
    header = [
        ["收入", "", "", "支出", "", "", "", "", ""],
        ["项目", "行次", "金额", "项目", "行次", "合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"],
        ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"],
    ]
    note = "注：本表反映部门本年度一般公共预算、政府性基金预算和国有资本经营预算财政拨款的收支及年末结转结余情况。"
    return _grid(header, body, note, [(0, 0, 0, 2), (0, 3, 0, 8)], [2.6, 0.6, 1.1, 2.6, 0.6, 1.1, 1.1, 1.1, 1.1])


def _gpb_expense(d: Disclosure, c: Cells) -> Grid:
    gpb = [i for i in d.items if i.fund == "gpb"]
    total_row, body = _subject_rows(gpb, lambda i: (i.fiscal, i.basic, i.project - i.nonfiscal), c)
    header = [
        ["项目", "", "本年支出", "", ""],
        ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
        ["栏次", "", "1", "2", "3"],
    ]
    note = "注：本表反映部门本年度一般公共预算财政拨款实际支出情况。"
    return _grid(header, [total_row] + body, note, [(0, 0, 0, 1), (0, 2, 0, 4)], [1.1, 3.4, 1.4, 1.4, 1.4])


def _gpb_basic(d: Disclosure, c: Cells) -> Grid:
    classes = d.economic_class_totals()

    def cell(block: list[tuple[str, str]], i: int) -> list[str]:
        if i >= len(block):
            return ["", "", ""]
        code, name = block[i]
        amount = classes.get(code, 0) if len(code) == 3 else d.economic.get(code, 0)
        return [code, name, c.amount(amount)]

    blocks = [ECONOMIC_PERSONNEL, ECONOMIC_GOODS, ECONOMIC_CAPITAL, ECONOMIC_OTHER]
    height = max(len(b) for b in blocks)
    body = [sum((cell(b, i) for b in blocks), []) for i in range(height)]
    body.append(["人员经费合计", "", fmt(d.personnel_expense), "公用经费合计"] + [""] * 7 + [fmt(d.public_expense)])
    header = [
        ["人员经费", "", ""] + ["公用经费"] + [""] * 8,
        ["科目代码", "科目名称", "决算数"] * 4,
    ]
    last = len(header) + len(body) - 1
    spans = [(0, 0, 0, 2), (0, 3, 0, 11), (last, 0, last, 1), (last, 3, last, 10)]
    note = "注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"
    return _grid(header, body, note, spans, [0.75, 2.0, 0.95] * 4)


def _government_fund(d: Disclosure, c: Cells) -> Grid:
    gf = [i for i in d.items if i.fund == "gf"]
    header = [
        ["项目", "", "年初结转和结余", "本年收入", "本年支出", "", "", "年末结转和结余"],
        ["科目代码", "科目名称", "", "", "小计", "基本支出", "项目支出", ""],
        ["栏次", "", "1", "2", "3", "4", "5", "6"],
    ]
    spans = [(0, 0, 0, 1), (0, 2, 1, 2), (0, 3, 1, 3), (0, 4, 0, 6), (0, 7, 1, 7)]
    note = "注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。"
    widths = [1.1, 3.0, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2]
    if not gf:
        return _grid(header, [["合计", "", "", "", "", "", "", ""]], note, spans, widths, empty=True)
    total_row, body = _subject_rows(gf, lambda i: (0, i.fiscal + i.carry, i.fiscal, i.basic, i.project, 0), c)
    return _grid(header, [total_row] + body, note, spans, widths)


def _state_capital(d: Disclosure, c: Cells) -> Grid:
    sc = [i for i in d.items if i.fund == "sc"]
    header = [
        ["项目", "", "本年支出", "", ""],
        ["科目代码", "科目名称", "合计", "基本支出", "项目支出"],
        ["栏次", "", "1", "2", "3"],
    ]
    spans = [(0, 0, 0, 1), (0, 2, 0, 4)]
    note = "注：本表反映部门本年度国有资本经营预算财政拨款支出情况。"
    widths = [1.1, 3.4, 1.4, 1.4, 1.4]
    if not sc:
        return _grid(header, [["合计", "", "", "", ""]], note, spans, widths, empty=True)
    total_row, body = _subject_rows(sc, lambda i: (i.fiscal, i.basic, i.project), c)
    return _grid(header, [total_row] + body, note, spans, widths)


def _three_public(d: Disclosure, c: Cells) -> Grid:
    t = d.three_public
    half = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"]
    sub = ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""]
    header = [
        ["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
        half + half,
        sub + sub,
        [str(i) for i in range(1, 13)],
    ]
    spans = [(0, 0, 0, 5), (0, 6, 0, 11), (1, 2, 1, 4), (1, 8, 1, 10)]
    spans += [(1, col, 2, col) for col in (0, 1, 5, 6, 7, 11)]
    note = "注：本表反映部门本年度“三公”经费财政拨款预算和决算情况。预算数为全年预算数，决算数为当年财政拨款和以前年度结转资金安排的实际支出。"
    widths = [1.0] * 12
    if t.empty:
        return _grid(header, [], note, spans, widths, empty=True)
    budget = [t.budget_total, t.outbound_budget, t.vehicle_budget, t.purchase_budget, t.operation_budget, t.reception_budget]
    actual = [t.actual_total, t.outbound, t.vehicle, t.purchase, t.operation, t.reception]
    return _grid(header, [[c.amount(x) for x in budget + actual]], note, spans, widths)


def _related_info(d: Disclosure, c: Cells) -> Grid:
    body = [
        ["一、政府采购情况", "", ""],
        ["项目", "行次", "统计数"],
        ["合计", "1", c.amount(d.procurement_total)],
        ["货物", "2", c.amount(d.procurement_goods)],
        ["工程", "3", c.amount(d.procurement_works)],
        ["服务", "4", c.amount(d.procurement_services)],
        ["二、机关运行经费", "", ""],
        ["项目", "行次", "统计数"],
        ["(一) 行政单位", "5", c.amount(d.org_operating_expense)],
        ["(二) 参照公务员法管理事业单位", "6", c.amount(0)],
        ["三、国有资产占用情况", "", ""],
        ["(一) 车辆数合计(辆)", "7", c.count(d.vehicles_owned)],
    ]
    for n, (kind, count) in enumerate(zip(VEHICLE_KINDS, d.vehicles_by_kind), start=1):
        body.append([f"{n}. {kind}", str(7 + n), c.count(count)])
    body.append(["(二) 单价100万元(含)以上设备(不含车辆)", str(8 + len(VEHICLE_KINDS)), c.count(d.big_equipment)])
    spans = [(r, 0, r, 2) for r, row in enumerate(body) if row[0][:2] in ("一、", "二、", "三、")]
    note = "注：本表反映部门本年度政府采购、机关运行经费和国有资产占用情况。"
    return _grid([], body, note, spans, [4.0, 0.8, 1.6])


def project_table(d: Disclosure, p: Project) -> Grid:
    s = d.style
    name_cell = f"{p.code} {p.name}" if p.code and s.project_code_in_name else p.name
    body = [["项目名称", name_cell] + [""] * 7]
    spans = [(0, 1, 0, 8)]
    if p.code and not s.project_code_in_name:
        body.append(["项目编码", p.code] + [""] * 7)
        spans.append((len(body) - 1, 1, len(body) - 1, 8))
    r = len(body)
    body.append(["主管部门及代码", f"{p.competent_code}-{p.competent_dept}", "", "", "实施单位", f"{p.implementing_code}-{p.implementing_unit}", "", "", ""])
    spans += [(r, 1, r, 3), (r, 5, r, 8)]
    money = [fmt(p.budget_initial), fmt(p.budget_adjusted), fmt(p.executed), fmt(p.budget_adjusted - p.executed)]
    body.append(["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "资金结余", "分值", "执行率", "得分", "偏差原因"])
    body.append(["资金总额"] + money + ["10", fmt_pct(p.rate), fmt_score(p.execution_score), ""])
    if s.fund_detail_row:
        body.append(["其中：财政拨款"] + money + ["", "", "", ""])
    r = len(body)
    body.append(["年度总体目标", "预期目标", "", "", "", "实际完成情况", "", "", ""])
    body.append(["", p.goal, "", "", "", p.outcome, "", "", ""])
    spans += [(r, 1, r, 4), (r, 5, r, 8), (r + 1, 1, r + 1, 4), (r + 1, 5, r + 1, 8)]
    body.append(["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"])
    prev1 = prev2 = ""
    for ind in p.indicators:
        level1 = ind.level1 if ind.level1 != prev1 else ""
        level2 = ind.level2 if (ind.level1, ind.level2) != (prev1, prev2) else ""
        prev1, prev2 = ind.level1, ind.level2
        body.append(["", level1, level2, ind.level3, ind.target_text, ind.actual_text, fmt_score(ind.weight), fmt_score(ind.score), ind.reason])
    body.append(["总分", "", "", "", "", "", "100", fmt_score(p.total_score), p.grade])
    if s.long_form:
        for k, (topic, text) in enumerate(_analysis(d, p)):
            r = len(body)
            body.append(["项目绩效分析" if k == 0 else "", topic, text] + [""] * 6)
            spans.append((r, 2, r, 8))
    return Grid(
        kind="project_performance",
        code=None,
        title=f"{p.name}项目支出绩效自评表",
        labels=[f"（{d.fiscal_year}年度）"],
        header=[],
        body=body,
        note=None,
        spans=spans,
        widths=[1.3, 1.0, 1.1, 1.9, 1.1, 1.1, 0.7, 0.7, 1.6],
    )


def _analysis(d: Disclosure, p: Project) -> list[tuple[str, str]]:
    """项目绩效分析 rows: prose restating the table, as the Shanxi forms carry below the scores."""
    outputs = "、".join(f"{i.level3}{i.actual_text}" for i in p.indicators if i.level1 == "产出指标" and i.operator != "定性")
    short = [i.level3 for i in p.indicators if i.score < i.weight]
    satisfaction = next((i.actual_text for i in p.indicators if i.level1 == "满意度指标"), "")
    problems = f"{'、'.join(short)}等指标未达到年度目标值。" if short else "无。"
    return [
        ("项目实施和预算执行情况", f"{d.fiscal_year}年该项目预算下达{fmt(p.budget_adjusted)}万元，实际执行{fmt(p.executed)}万元，预算执行率为{fmt_pct(p.rate)}。"),
        ("产出情况", f"全年完成{outputs}。" if outputs else "各项产出任务按计划推进。"),
        ("效益情况", "项目的实施" + "，".join(i.level3 for i in p.indicators if i.level1 == "效益指标") + "，取得了较好的社会效益。"),
        ("满意度情况", f"通过发放调查问卷了解服务对象意见，满意度为{satisfaction}。"),
        ("存在的主要问题及原因分析", problems),
        ("下一步改进措施", "加强项目全过程绩效管理，科学设置绩效指标，加快预算执行进度。"),
    ]
