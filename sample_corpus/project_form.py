"""The 项目支出绩效自评表 of one project, in the shapes provinces print it.

The form has four parts: who (项目名称, 主管部门, 实施单位), money (budgets, execution rate and its
score), goals, and the indicator block (一级/二级/三级指标, targets, actuals, weights, scores), closed
by the total score. The layout (form.*) chooses labels, units, the indicator columns (national,
Shanxi with 年初/调整后指标值, Sichuan with 指标性质/指标值/度量单位/完成值), points inside level
labels, numbered and placeholder rows, repeated or merged level cells and wrapped cells.
"""

from __future__ import annotations

from sample_corpus.grid import Grid
from sample_corpus.model import Disclosure, Indicator, Project
from sample_corpus.money import fmt, fmt_pct, fmt_score
from sample_corpus.wording import FormWords

_SPACES = " \u3000"
_ASCII_OPERATORS = {"≥": ">=", "≤": "<=", "=": "="}
_FUND_ROWS = {
    "none": [],
    "fiscal": [("其中：财政拨款", True)],
    "sichuan": [("其中：财政资金", True), ("财政专户管理资金", False), ("单位资金", False), ("其他资金", False)],
    "hunan": [("其中：当年财政拨款", True), ("上年结转资金", False), ("其他资金", False)],
}


def _wrap(text: str, on: bool) -> str:
    """A label broken inside its cell (年初\\n预算数), as narrow columns print it."""
    if not on or len(text) < 4 or "\n" in text:
        return text
    cut = len(text) // 2
    return text[:cut].rstrip(_SPACES) + "\n" + text[cut:].lstrip(_SPACES)


def _indicator_heads(w: FormWords) -> list[str]:
    style = w.layout["form.indicator_columns"]
    if style == "initial_adjusted_actual":
        return [w.label("年初指标值"), w.label("调整后指标值"), w.actual_label]
    if style == "operator_value_unit":
        return [w.label("指标性质"), w.target_label, w.label("度量单位"), w.actual_label]
    return [w.target_label, w.actual_label]


def _indicator_values(ind: Indicator, style: str) -> list[str]:
    if style == "initial_adjusted_actual":
        return [ind.target_text, ind.target_text, ind.actual_text]
    if style == "operator_value_unit":
        if ind.operator == "定性":
            return ["定性", ind.target_text, "", ind.actual_text]
        return [_ASCII_OPERATORS[ind.operator], ind.target_value or "", ind.unit, ind.actual_value or ""]
    return [ind.target_text, ind.actual_text]


def _amount(cents: int, unit: str) -> str:
    return fmt(cents * 10000 if unit == "元" else cents)


def project_title(d: Disclosure, p: Project) -> str:
    style = d.layout["form.title"]
    if style == "generic":
        return "部门预算项目支出绩效自评表"
    if style == "year_generic":
        return f"{d.fiscal_year}年度项目支出绩效自评表"
    return f"{p.name}项目支出绩效自评表"


class _Form:
    """Rows of one form under construction, every row padded to the form's width, with its merges."""

    def __init__(self, width: int):
        self.width = width
        self.body: list[list[str]] = []
        self.spans: list[tuple[int, int, int, int]] = []

    def add(self, cells: list[str], merges: tuple[tuple[int, int], ...] = ()) -> None:
        """A row; each merge (first, last) joins its cells, last -1 meaning the row's last cell."""
        r = len(self.body)
        self.body.append(cells + [""] * (self.width - len(cells)))
        for c0, c1 in merges:
            end = self.width - 1 if c1 < 0 else c1
            if end > c0:
                self.spans.append((r, c0, r, end))


def project_table(d: Disclosure, p: Project) -> Grid:
    layout = d.layout
    w = FormWords(layout)
    heads = _indicator_heads(w)
    form = _Form(7 + len(heads))  # 绩效指标, 一级, 二级, 三级, the indicator values, 分值, 得分, 原因
    _who(form, layout, w, p)
    _money(form, layout, w, p)
    form.add([w.label("年度总体目标"), w.label("预期目标"), "", "", "", w.label("实际完成情况")], ((1, 4), (5, -1)))
    form.add(["", p.goal, "", "", "", p.outcome], ((1, 4), (5, -1)))
    wrap = layout.is_("form.split_cells", "wrapped_labels")
    block = "绩效指标（90分）" if layout.is_("form.level_points", "level1_and_execution") else w.label("绩效指标")
    form.add([_wrap(block, wrap), _wrap(w.label("一级指标"), wrap), _wrap(w.label("二级指标"), wrap), _wrap(w.label("三级指标"), wrap)]
             + [_wrap(h, wrap) for h in heads] + [w.weight_label, w.score_label, "偏差原因分析及改进措施"])
    first = len(form.body)
    _indicator_rows(d, p, w, layout["form.indicator_columns"], form.add)
    if layout.is_("form.level_cells", "merged"):
        form.spans += _level_merges(form.body, first)
    grade = p.grade if layout.is_("form.grade", "in_total_row") else ""
    form.add([w.total_label] + [""] * (form.width - 4) + ["100", fmt_score(p.total_score), grade])
    if d.style.long_form:
        for k, (topic, text) in enumerate(_analysis(d, p)):
            form.add(["项目绩效分析" if k == 0 else "", topic, text], ((2, -1),))

    labels = [f"（{d.fiscal_year}年度）"]
    if layout.is_("form.unit_placement", "unit_line"):
        labels.append(f"金额单位：{w.unit}")
    widths = [1.3, 1.0, 1.1, 1.9] + [1.1] * len(heads) + [0.7, 0.7, 1.6]
    return Grid(kind="project_performance", code=None, title=project_title(d, p), labels=labels, header=[],
                body=form.body, note=None, spans=form.spans, widths=widths)


def _who(form: _Form, layout, w: FormWords, p: Project) -> None:
    """项目名称 (with its code before it, or a 项目编码 row), 主管部门 and 实施单位, with codes where labelled so."""
    in_name = p.code is not None and layout.is_("form.project_code", "in_name")
    form.add([w.name_label, f"{p.code} {p.name}" if in_name else p.name], ((1, -1),))
    if p.code is not None and not in_name:
        form.add([w.label("项目编码"), p.code], ((1, -1),))
    competent_coded = layout.is_("form.competent_label", "主管部门及代码")
    with_codes = competent_coded or layout.is_("form.implementing_label", "实施单位及代码")
    competent = f"{p.competent_code}-{p.competent_dept}" if competent_coded else p.competent_dept
    implementing = f"{p.implementing_code}-{p.implementing_unit}" if with_codes else p.implementing_unit
    form.add([w.competent_label, competent, "", "", w.implementing_label, implementing], ((1, 3), (5, -1)))


def _money(form: _Form, layout, w: FormWords, p: Project) -> None:
    """The budget block: its header (the unit in the block's label, in each column or on a unit line),
    the total row with 分值/执行率/得分, and the 其中 rows."""
    wrap = layout.is_("form.split_cells", "wrapped_labels")
    unit = w.unit
    placement = layout["form.unit_placement"]
    if layout.is_("form.level_points", "level1_and_execution"):
        block = w.label("预算执行情况") + "（10分）"
        if placement == "row_label":  # the label holds the points: the unit goes to the columns
            placement = "column_labels"
    elif placement == "row_label":
        block = f"{w.label('项目资金')}（{unit}）"
    else:
        block = w.label("项目资金")
    names = [layout["form.initial_label"], layout["form.adjusted_label"], layout["form.executed_label"], "资金结余"]
    heads = [f"{w.label(name)}（{unit}）" if placement == "column_labels" else w.label(name) for name in names]
    form.add([_wrap(block, wrap)] + [_wrap(h, wrap) for h in heads]
             + [_wrap(w.weight_label, wrap), w.label("执行率"), _wrap(w.score_label, wrap), "偏差原因"], ((8, -1),))
    money = [_amount(p.budget_initial, unit), _amount(p.budget_adjusted, unit), _amount(p.executed, unit),
             _amount(p.budget_adjusted - p.executed, unit)]
    form.add([w.money_total_label] + money + ["10", fmt_pct(p.rate), fmt_score(p.execution_score)], ((8, -1),))
    for label, with_money in _FUND_ROWS[layout["form.fund_rows"]]:
        form.add([label] + (money if with_money else []), ((8, -1),))


def _indicator_rows(d: Disclosure, p: Project, w: FormWords, style: str, add) -> None:
    layout = d.layout
    rows = layout["form.indicator_rows"]
    numbered = rows in ("numbered", "numbered_placeholder")
    placeholders = rows in ("placeholder", "numbered_placeholder")
    repeated = layout.is_("form.level_cells", "repeated")
    split = layout.is_("form.split_cells", "name_over_two_rows")
    wrap = layout.is_("form.split_cells", "wrapped_labels")
    level_points = {ind.level1: sum(i.weight for i in p.indicators if i.level1 == ind.level1) for ind in p.indicators}
    blank_values = [""] * (len(_indicator_values(p.indicators[0], style)) + 3)
    prev1 = prev2 = ""
    number = 0
    for k, ind in enumerate(p.indicators):
        new1 = ind.level1 != prev1
        new2 = new1 or ind.level2 != prev2
        number = 1 if new2 else number + 1
        level1 = w.level1(ind.level1, level_points[ind.level1], wrap) if (new1 or repeated) else ""
        level2 = _wrap(ind.level2, wrap) if (new2 or repeated) else ""
        prev1, prev2 = ind.level1, ind.level2
        name = f"{number}.{ind.level3}" if numbered else ind.level3
        head, tail = (name[: len(name) // 2], name[len(name) // 2 :]) if split and len(ind.level3) >= 8 else (name, "")
        values = _indicator_values(ind, style) + [fmt_score(ind.weight), fmt_score(ind.score), ind.reason]
        add(["", level1, level2, head] + values)
        if tail:
            add(["", "", "", tail])
        last_of_group = k + 1 == len(p.indicators) or p.indicators[k + 1].level1 != ind.level1
        if placeholders and last_of_group:
            # the template's unused indicator rows, printed with nothing in them
            filler = f"指标{number + 1}：" if numbered else "……"
            add(["", w.level1(ind.level1, level_points[ind.level1]) if repeated else "", ind.level2 if repeated else "", filler] + blank_values)


def _level_merges(body: list[list[str]], first: int) -> list[tuple[int, int, int, int]]:
    """一级/二级指标 cells merged down their group's rows (a Word or Excel vertical merge)."""
    merges = []
    for col in (1, 2):
        starts = [r for r in range(first, len(body)) if body[r][col]] + [len(body)]
        merges += [(a, col, b - 1, col) for a, b in zip(starts, starts[1:]) if b - 1 > a]
    return merges


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
