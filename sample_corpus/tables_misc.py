"""The 三公 table (公开09) and the 相关信息统计表 (公开10), which follow no code or two-sided pattern."""

from __future__ import annotations

from sample_corpus.catalog import VEHICLE_KINDS
from sample_corpus.grid import Grid
from sample_corpus.model import Disclosure
from sample_corpus.tables_subject import Context


def three_public(ctx: Context, d: Disclosure) -> Grid:
    w, p, layout = ctx.words, ctx.printer, ctx.layout
    t = d.three_public
    outbound, vehicle, reception = "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"
    half = [w.label("合计"), outbound, vehicle, "", "", reception]
    sub = ["", "", w.label("小计"), "公务用车购置费", w.vehicle_operation, ""]
    header = [
        [w.value_head(w.three_budget)] + [""] * 5 + [w.value_head(w.three_actual)] + [""] * 5,
        half + half,
        sub + sub,
    ]
    if not layout.is_("table.ordinal_row", "none"):
        header.append([str(i) for i in range(1, 13)])
    spans = [(0, 0, 0, 5), (0, 6, 0, 11), (1, 2, 1, 4), (1, 8, 1, 10)]
    spans += [(1, col, 2, col) for col in (0, 1, 5, 6, 7, 11)]
    note = "注：本表反映部门本年度“三公”经费财政拨款预算和决算情况。预算数为全年预算数，决算数为当年财政拨款和以前年度结转资金安排的实际支出。"
    widths = [1.0] * 12
    if t.empty:
        return ctx.grid(header, [], note, spans, widths, empty=True)
    # each column found by its own header word: 合计, 出国, 小计, 购置费, 运行, 接待
    leaves = [("合计",), ("出国",), ("小计",), ("购置费",), ("运行",), ("接待",)]
    budget = [t.budget_total, t.outbound_budget, t.vehicle_budget, t.purchase_budget, t.operation_budget, t.reception_budget]
    actual = [t.actual_total, t.outbound, t.vehicle, t.purchase, t.operation, t.reception]
    row = [p.money(x, measure="budget", leaf=leaf) for x, leaf in zip(budget, leaves)]
    row += [p.money(x, measure="actual", leaf=leaf) for x, leaf in zip(actual, leaves)]
    return ctx.grid(header, [row], note, spans, widths)


def related_info(ctx: Context, d: Disclosure) -> Grid:
    w, p, layout = ctx.words, ctx.printer, ctx.layout
    lines = not layout.is_("table.line_numbers", "nowhere")
    width = 3 if lines else 2

    def row(label: str, line: int | None, value: str) -> list[str]:
        return [label] + ([str(line) if line else ""] if lines else []) + [value]

    def heading(text: str) -> list[str]:
        return [text] + [""] * (width - 1)

    def head() -> list[str]:
        return [w.label("项目")] + ([w.label("行次")] if lines else []) + [w.value_head(w.stat)]

    buy, run, assets = "政府采购情况", "机关运行经费", "国有资产占用情况"
    body = [
        heading(f"一、{buy}"),
        head(),
        row(w.label("合计"), 1, p.money(d.procurement_total, label="合计", group=buy)),
        row(w.label("货物"), 2, p.money(d.procurement_goods, label="货物", group=buy)),
        row(w.label("工程"), 3, p.money(d.procurement_works, label="工程", group=buy)),
        row(w.label("服务"), 4, p.money(d.procurement_services, label="服务", group=buy)),
        heading(f"二、{run}"),
        head(),
        row("(一) 行政单位", 5, p.money(d.org_operating_expense, label="行政单位", group=run)),
        row("(二) 参照公务员法管理事业单位", 6, p.money(0, label="参照公务员法管理事业单位", group=run)),
        heading(f"三、{assets}"),
        row("(一) 车辆数合计(辆)", 7, p.count(d.vehicles_owned, label="车辆数合计(辆)", group=assets)),
    ]
    for n, (kind, count) in enumerate(zip(VEHICLE_KINDS, d.vehicles_by_kind), start=1):
        body.append(row(f"{n}. {kind}", 7 + n, p.count(count, label=kind, group=assets)))
    equipment = "单价100万元(含)以上设备(不含车辆)"
    body.append(row(f"(二) {equipment}", 8 + len(VEHICLE_KINDS), p.count(d.big_equipment, label=equipment, group=assets)))
    spans = [(r, 0, r, width - 1) for r, cells in enumerate(body) if cells[0][:2] in ("一、", "二、", "三、")]
    note = "注：本表反映部门本年度政府采购、机关运行经费和国有资产占用情况。"
    return ctx.grid([], body, note, spans, [4.0, 0.8, 1.6] if lines else [4.0, 1.6])
