"""“三公”经费 (warning): the 三公 table's (or, without one, the narrative's) subtotals add up."""

from __future__ import annotations

import polars as pl

from expectations.base import Rule, check_frame, empty_frame, sum_tolerance
from expectations.figures import reconciled, wide


def _three_public(left: str, terms: list[str], label: str, fallback: dict[str, list[str]] | None = None):
    """observed = 三公 figure `left`; expected = the sum of `terms` (a term not printed counts as 0).

    `fallback`: a term left blank that other printed figures make up (公务用车 小计 left blank
    beside its 购置费 and 运行维护费).
    """
    fallback = fallback or {}

    def prepare(t):
        names = [f"three_public_{n}" for n in (left, *terms)]
        extra = [f"three_public_{n}" for parts in fallback.values() for n in parts]
        w = wide(reconciled(t), names + extra)
        if w.is_empty():
            return empty_frame()
        for term, parts in fallback.items():
            name = f"three_public_{term}"
            made_up = pl.when(pl.any_horizontal([pl.col(f"three_public_{p}").is_not_null() for p in parts])).then(
                pl.sum_horizontal([pl.col(f"three_public_{p}").fill_null(0) for p in parts]))
            w = w.with_columns(pl.coalesce(pl.col(name), made_up).alias(name))
        total, parts = names[0], names[1:]
        return check_frame(w.filter(pl.any_horizontal([pl.col(c).is_not_null() for c in names])).select(
            "document_id",
            pl.col(f"{total}_table").fill_null("three_public").alias("table_name"),
            pl.col(f"{total}_page").alias("page"),
            pl.col(f"{total}_line").alias("line_no"),
            pl.col(total).alias("observed"),
            pl.sum_horizontal([pl.col(c).fill_null(0) for c in parts]).alias("expected"),
            sum_tolerance(len(parts)).alias("tolerance"),
            (pl.col(total).is_not_null() & pl.any_horizontal([pl.col(c).is_not_null() for c in parts])).alias("checkable"),
            pl.lit(label).alias("message"),
        ))

    return prepare


INPUTS = ("department_figures",)

RULES = [
    Rule("three_public.vehicle_subtotal_actual", "warning", "三公决算：公务用车小计 = 购置费 + 运行维护费",
         "三公 actual: 公务用车 小计 = 购置费 + 运行维护费", "0.02 万元",
         _three_public("vehicle_total", ["vehicle_purchase", "vehicle_operation"], "公务用车 小计 ≠ 购置费 + 运行维护费 (决算)"),
         inputs=INPUTS),
    Rule("three_public.vehicle_subtotal_budget", "warning", "三公预算：公务用车小计 = 购置费 + 运行维护费",
         "三公 budget: 公务用车 小计 = 购置费 + 运行维护费", "0.02 万元",
         _three_public("vehicle_total_budget", ["vehicle_purchase_budget", "vehicle_operation_budget"],
                       "公务用车 小计 ≠ 购置费 + 运行维护费 (预算)"), inputs=INPUTS),
    Rule("three_public.total_actual", "warning", "三公决算：合计 = 因公出国（境）费 + 公务用车小计 + 公务接待费",
         "三公 actual: 合计 = 出国 + 公务用车 小计 + 接待", "0.03 万元",
         _three_public("actual_total", ["outbound_travel", "vehicle_total", "reception"], "三公 合计 ≠ 出国 + 公务用车 + 接待 (决算)",
                       {"vehicle_total": ["vehicle_purchase", "vehicle_operation"]}),
         inputs=INPUTS),
    Rule("three_public.total_budget", "warning", "三公预算：合计 = 因公出国（境）费 + 公务用车小计 + 公务接待费",
         "三公 budget: 合计 = 出国 + 公务用车 小计 + 接待", "0.03 万元",
         _three_public("budget_total", ["outbound_travel_budget", "vehicle_total_budget", "reception_budget"],
                       "三公 合计 ≠ 出国 + 公务用车 + 接待 (预算)",
                       {"vehicle_total_budget": ["vehicle_purchase_budget", "vehicle_operation_budget"]}), inputs=INPUTS),
]

# a cent per summed category is rounding (尾差, info)
ROUNDING = {rule.rule_id: None for rule in RULES}
