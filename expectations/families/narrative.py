"""Narrative against tables and against itself (warning): what the 情况说明 states must agree with
the tables and add up: amounts, shares (占比), completion rates, year-on-year changes, totals."""

from __future__ import annotations

import polars as pl

from expectations.base import (EPS, Rule, SAME_NUMBER, check_frame, decimals, empty_frame, fmt, pct_tolerance, ratio_rounding,
                               share_tolerance, sum_tolerance)
from expectations.families.completion import completion_rows
from expectations.figures import amounts, first_narrative, reconciled

# what a stated share (<figure>_share_pct) is a share of
SHARE_OF = {
    **{f: "income_total" for f in (
        "income_general_public_budget", "income_government_fund", "income_state_capital", "income_fiscal",
        "income_upper_subsidy", "income_business", "income_operating", "income_affiliated", "income_other")},
    **{f: "expense_total" for f in (
        "expense_basic", "expense_project", "expense_upper", "expense_operating", "expense_affiliated_subsidy",
        "expense_general_public_budget", "expense_government_fund", "expense_state_capital")},
    **{f"three_public_{f}": "three_public_actual_total" for f in ("outbound_travel", "vehicle_total", "reception")},
    "personnel_expense": "general_public_budget_basic",
    "public_expense": "general_public_budget_basic",
    "procurement_sme": "procurement_total",
    "procurement_small": "procurement_sme",
}

# where the document states no SHARE_OF whole, the whole the sentence itself names: "人员支出163.78万元，
# 占基本支出的89.41%" in a document that states 基本支出 but no 财政拨款基本支出
SHARE_OF_NAMED = {
    "personnel_expense": ("基本支出", "expense_basic"),
    "public_expense": ("基本支出", "expense_basic"),
}

# A total the narrative states together with its parts. Each part is a list of ways to state it,
# in order of preference: 财政拨款收入 may be stated as its three funds or as one amount; 公务用车
# as its 小计 or as 购置费 and 运行维护费.
COMPONENTS: dict[str, list[list[list[str]]]] = {
    "income_total": [
        [["income_general_public_budget", "income_government_fund", "income_state_capital"], ["income_fiscal"]],
        *[[[f]] for f in ("income_upper_subsidy", "income_business", "income_operating", "income_affiliated", "income_other")],
    ],
    "expense_total": [[[f]] for f in ("expense_basic", "expense_project", "expense_upper", "expense_operating",
                                     "expense_affiliated_subsidy")],
    "general_public_budget_basic": [[["personnel_expense"]], [["public_expense"]]],
    "three_public_actual_total": [
        [["three_public_outbound_travel"]],
        [["three_public_vehicle_total"], ["three_public_vehicle_purchase", "three_public_vehicle_operation"]],
        [["three_public_reception"], ["three_public_reception_domestic", "three_public_reception_foreign"]],
    ],
    "three_public_vehicle_total": [[["three_public_vehicle_purchase"]], [["three_public_vehicle_operation"]]],
    "three_public_reception": [[["three_public_reception_domestic"]], [["three_public_reception_foreign"]]],
    "procurement_total": [[["procurement_goods"]], [["procurement_works"]], [["procurement_services"]]],
    "vehicles_owned": [[[f"vehicles_owned_{k}"]] for k in (
        "senior_leader", "principal_leader", "confidential_communication", "emergency", "law_enforcement",
        "special_technical", "retired_cadre_service", "other")],
}

UNIT_IN_WAN = {"亿元": 10000.0, "千元": 0.1}


def _base(figure: pl.Expr, suffix: str) -> pl.Expr:
    return figure.str.strip_suffix(suffix)


def _amount_tolerance() -> pl.Expr:
    """Half a cent for amounts printed in 万元 or 元; half the last printed digit for 亿元 / 千元."""
    factor = pl.col("unit").replace_strict(UNIT_IN_WAN, default=None, return_dtype=pl.Float64)
    coarse = 0.5 * pl.lit(10.0).pow(-decimals(pl.col("value")).cast(pl.Float64)) * factor
    return pl.max_horizontal(pl.lit(SAME_NUMBER), coarse.fill_null(0) + EPS)


def _narrative_rows(t) -> pl.DataFrame:
    return t["narrative_figures"].filter(~pl.col("is_restatement").fill_null(False))


def _matches_table(t):
    """Every statement the narrative makes of a figure (not only its first) against the table's value dbt located."""
    narrative = _narrative_rows(t).filter(pl.col("subject_code").is_null())
    located = t["department_figures"].filter(pl.col("table_value").is_not_null()).select(
        "document_id", "figure", "table_value", "table_kind", pl.col("table_page"), pl.col("table_line_no").alias("table_line"))
    joined = narrative.join(located, on=["document_id", "figure"], how="inner")
    is_money = pl.col("value_wan").is_not_null()
    return check_frame(joined.select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.coalesce("value_wan", "value").alias("observed"),
        pl.col("table_value").alias("expected"),
        pl.when(is_money).then(_amount_tolerance()).otherwise(pl.lit(0.5)).alias("tolerance"),
        pl.coalesce("value_wan", "value").is_not_null().alias("checkable"),
        fmt("narrative {} = {} but the {} table prints {} (page {}, line {})", pl.col("figure"),
                  pl.coalesce("value_wan", "value"), pl.col("table_kind"), pl.col("table_value"),
                  pl.col("table_page"), pl.col("table_line")).alias("message"),
    ))


def _gpb_rows(t) -> pl.DataFrame:
    """一般公共预算财政拨款支出决算表 rows by 功能分类 code: the printed total."""
    cells = amounts(t["table_facts"]).filter(
        (pl.col("table_kind") == "general_public_budget_expense") & pl.col("subject_code").is_not_null()
        & (pl.col("measure") == "total") & pl.col("printed")
    )
    return cells.group_by("document_id", "subject_code").agg(
        pl.col("amount").first().alias("table_value"), pl.col("page").first().alias("table_page"),
        pl.col("line_no").first().alias("table_line"),
    )


def _functional_matches_table(t):
    narrative = _narrative_rows(t).filter(
        pl.col("subject_code").is_not_null() & pl.col("figure").is_in(["functional_expense", "general_public_budget_class_expense"])
    )
    joined = narrative.join(_gpb_rows(t), on=["document_id", "subject_code"], how="inner")
    return check_frame(joined.select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("value_wan").alias("observed"),
        pl.col("table_value").alias("expected"),
        _amount_tolerance().alias("tolerance"),
        pl.col("value_wan").is_not_null().alias("checkable"),
        fmt("narrative {} {} = {} but 一般公共预算财政拨款支出决算表 prints {} (page {}, line {})", pl.col("figure"),
                  pl.col("subject_code"), pl.col("value_wan"), pl.col("table_value"), pl.col("table_page"),
                  pl.col("table_line")).alias("message"),
    ))


def _share_matches(t):
    ref = reconciled(t).select("document_id", "figure", "value")
    narrative = t["narrative_figures"]
    shares = _narrative_rows(t).filter(pl.col("figure").str.ends_with("_share_pct")).with_columns(
        _base(pl.col("figure"), "_share_pct").alias("base")
    )
    # the part is the amount stated in the same sentence as its share, else the document's figure
    same_sentence = narrative.filter(~pl.col("figure").str.ends_with("_pct")).select(
        "document_id", "sentence", pl.col("figure").alias("base"), pl.col("subject_code").alias("_code"),
        pl.coalesce("value_wan", "value").alias("sentence_part"),
    ).unique(subset=["document_id", "sentence", "base", "_code"], keep="first")
    shares = shares.with_columns(pl.col("subject_code").alias("_code")).join(
        same_sentence, on=["document_id", "sentence", "base", "_code"], how="left", nulls_equal=True
    )
    uncoded = shares.filter(pl.col("subject_code").is_null()).with_columns(
        pl.col("base").replace_strict(SHARE_OF, default=None).alias("whole")
    ).with_columns(
        # "占政府采购支出总额的…%" after 授予小微企业合同金额: the whole named in the sentence wins
        pl.when((pl.col("base") == "procurement_small") & pl.col("sentence").str.contains("小微企业[^。；;]*占政府采购支出总额"))
        .then(pl.lit("procurement_total")).otherwise(pl.col("whole")).alias("whole")
    ).filter(pl.col("whole").is_not_null())
    uncoded = uncoded.join(ref.rename({"figure": "base", "value": "ref_part"}), on=["document_id", "base"], how="left")
    stated_wholes = ref.select("document_id", pl.col("figure").alias("whole"), pl.lit(True).alias("_stated"))
    uncoded = uncoded.join(stated_wholes, on=["document_id", "whole"], how="left")
    for base, (words, named) in SHARE_OF_NAMED.items():
        uncoded = uncoded.with_columns(
            pl.when((pl.col("base") == base) & pl.col("_stated").is_null() & pl.col("sentence").str.contains(f"占{words}"))
            .then(pl.lit(named)).otherwise(pl.col("whole")).alias("whole")
        )
    uncoded = uncoded.drop("_stated")
    # a class's share of 一般公共预算财政拨款支出
    coded = shares.filter(pl.col("subject_code").is_not_null()).with_columns(
        pl.lit("expense_general_public_budget").alias("whole")
    ).join(_gpb_rows(t).select("document_id", "subject_code", pl.col("table_value").alias("ref_part")),
           on=["document_id", "subject_code"], how="left")
    rows = pl.concat([uncoded, coded.select(uncoded.columns)], how="vertical_relaxed").with_columns(
        pl.coalesce("sentence_part", "ref_part").alias("part")
    )
    rows = rows.join(ref.rename({"figure": "whole", "value": "whole_value"}), on=["document_id", "whole"], how="left")
    computed = 100 * pl.col("part") / pl.col("whole_value")
    return check_frame(rows.select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("value").alias("observed"),
        computed.alias("expected"),
        (share_tolerance(pl.col("value")) + ratio_rounding(pl.col("part"), pl.col("whole_value"))).alias("tolerance"),
        (pl.col("part").is_not_null() & pl.col("whole_value").is_not_null() & (pl.col("whole_value").abs() > EPS)).alias("checkable"),
        fmt("stated share of {} {}%: {} / {} = {} / {}", pl.col("base"), pl.col("value"), pl.col("base"),
                  pl.col("whole"), pl.col("part"), pl.col("whole_value")).alias("message"),
    ))


def _yoy_names(base: str) -> tuple[str, str, str]:
    if base == "three_public_actual_total":
        return "three_public_yoy_change", "three_public_yoy_pct", "three_public_prior_year_actual_total"
    return f"{base}_yoy_change", f"{base}_yoy_pct", f"{base}_prior_year"


def _yoy_frame(t) -> pl.DataFrame:
    """One row per stated year-on-year change: document, base figure, current, change, pct, prior, where."""
    narrative = _narrative_rows(t).filter(pl.col("subject_code").is_null())
    changes = narrative.filter(pl.col("figure").str.ends_with("_yoy_change")).with_columns(
        _base(pl.col("figure"), "_yoy_change").alias("base")
    ).with_columns(pl.when(pl.col("base") == "three_public").then(pl.lit("three_public_actual_total"))
                   .otherwise(pl.col("base")).alias("base"))
    if changes.is_empty():
        return pl.DataFrame()
    stated = first_narrative(t).select("document_id", "figure", "value")
    ref = reconciled(t).select("document_id", "figure", pl.col("value").alias("ref_value"))
    out = changes.select("document_id", "base", pl.col("value_wan").alias("change"), "page", "line_no", "section")
    out = out.join(stated.rename({"figure": "base", "value": "current"}), on=["document_id", "base"], how="left")
    out = out.join(ref.rename({"figure": "base"}), on=["document_id", "base"], how="left").with_columns(
        pl.coalesce("current", "ref_value").alias("current")
    ).drop("ref_value")
    pct_names = {b: _yoy_names(b)[1] for b in out["base"].unique().to_list()}
    prior_names = {b: _yoy_names(b)[2] for b in out["base"].unique().to_list()}
    out = out.with_columns(
        pl.col("base").replace_strict(pct_names).alias("pct_figure"),
        pl.col("base").replace_strict(prior_names).alias("prior_figure"),
    )
    pct = narrative.select("document_id", pl.col("figure").alias("pct_figure"), pl.col("value").alias("pct"),
                           pl.col("line_no").alias("pct_line"))
    prior = narrative.select("document_id", pl.col("figure").alias("prior_figure"), pl.coalesce("value_wan", "value").alias("prior"))
    out = out.join(pct.group_by("document_id", "pct_figure").first(), on=["document_id", "pct_figure"], how="left")
    out = out.join(prior.group_by("document_id", "prior_figure").first(), on=["document_id", "prior_figure"], how="left")
    return out


def _yoy_consistent(t):
    y = _yoy_frame(t)
    if y.is_empty():
        return empty_frame()
    prior = pl.coalesce("prior", pl.col("current") - pl.col("change"))
    pct_rows = y.filter(pl.col("pct").is_not_null()).select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("pct").abs().alias("observed"),
        # a new unit (nothing the year before) states its growth as 100% by convention
        pl.when(prior.abs() > EPS).then(100 * pl.col("change").abs() / prior.abs()).otherwise(pl.lit(100.0)).alias("expected"),
        (pct_tolerance(pl.col("pct").abs())
         + pl.when(prior.abs() > EPS).then(ratio_rounding(pl.col("change"), prior) * 2).otherwise(0.0)).alias("tolerance"),
        (pl.col("current").is_not_null() & pl.col("change").is_not_null()).alias("checkable"),
        fmt("{}: stated change {}% ≠ {} / prior year {}", pl.col("base"), pl.col("pct"), pl.col("change"), prior).alias("message"),
    )
    prior_rows = y.filter(pl.col("prior").is_not_null()).select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("change").alias("observed"),
        (pl.col("current") - pl.col("prior")).alias("expected"),
        pl.lit(2 * 0.01 + EPS).alias("tolerance"),
        (pl.col("current").is_not_null() & pl.col("change").is_not_null()).alias("checkable"),
        fmt("{}: stated change {} ≠ {} − prior year {}", pl.col("base"), pl.col("change"), pl.col("current"), pl.col("prior")).alias("message"),
    )
    return check_frame(pl.concat([pct_rows, prior_rows], how="vertical_relaxed"))


def _yoy_matches_prior_document(t):
    y = _yoy_frame(t)
    if y.is_empty():
        return empty_frame()
    # the department's prior-year document: its newest loaded version (which version is current is decided after
    # the rules; a corrected prior year is the one to compare with)
    docs = t["documents"].filter(pl.col("status") == "loaded").sort("ingested_at", nulls_last=True)
    docs = docs.select("document_id", "department_name", "fiscal_year", "doc_kind")
    ref = reconciled(t).select("document_id", "figure", "value")
    prior_docs = docs.select(
        pl.col("document_id").alias("prior_document_id"), "department_name", (pl.col("fiscal_year") + 1).alias("fiscal_year"),
        "doc_kind", pl.col("document_id").alias("_p"),
    )
    prior_docs = prior_docs.group_by("department_name", "fiscal_year", "doc_kind", maintain_order=True).last()
    y = y.join(docs, on="document_id", how="inner").join(prior_docs, on=["department_name", "fiscal_year", "doc_kind"], how="inner")
    y = y.join(ref.rename({"document_id": "prior_document_id", "figure": "base", "value": "prior_document_value"}),
               on=["prior_document_id", "base"], how="inner")
    stated_prior = pl.coalesce("prior", pl.col("current") - pl.col("change"))
    return check_frame(y.select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        stated_prior.alias("observed"),
        pl.col("prior_document_value").alias("expected"),
        pl.lit(2 * 0.01 + EPS).alias("tolerance"),
        (pl.col("current").is_not_null() & pl.col("change").is_not_null()).alias("checkable"),
        fmt("{}: the prior year implied here ({}) ≠ what the {} document states ({}, document {})", pl.col("base"),
                  stated_prior, pl.col("fiscal_year") - 1, pl.col("prior_document_value"), pl.col("prior_document_id").str.slice(0, 12)).alias("message"),
    ))


def _components_sum(t):
    narrative = t["narrative_figures"].filter(pl.col("subject_code").is_null())
    # each figure's first statement within each section (a restatement there is still that section's statement)
    per_section = narrative.sort("line_no", nulls_last=True).group_by("document_id", "section", "figure", maintain_order=True).first().select(
        "document_id", "section", "figure", pl.coalesce("value_wan", "value").alias("value"), "page", "line_no", "is_restatement"
    )
    frames = []
    for total, groups in COMPONENTS.items():
        names = sorted({n for ways in groups for way in ways for n in way})
        totals = per_section.filter((pl.col("figure") == total) & ~pl.col("is_restatement").fill_null(False))
        stated = per_section.filter(pl.col("figure").is_in(names))
        if totals.is_empty() or stated.is_empty():
            continue
        wide = stated.pivot(on="figure", index=["document_id", "section"], values="value", aggregate_function="first")
        wide = wide.with_columns([pl.lit(None, dtype=pl.Float64).alias(n) for n in names if n not in wide.columns])
        terms, counts, nonzero = [], [], []
        for ways in groups:
            term, count, moved = pl.lit(0.0), pl.lit(0), pl.lit(0)
            for way in reversed(ways):  # the preferred way last, so that it wins
                any_stated = pl.any_horizontal([pl.col(n).is_not_null() for n in way])
                term = pl.when(any_stated).then(pl.sum_horizontal([pl.col(n).fill_null(0) for n in way])).otherwise(term)
                count = pl.when(any_stated).then(pl.sum_horizontal([pl.col(n).is_not_null().cast(pl.Int32) for n in way])).otherwise(count)
                moved = pl.when(any_stated).then(pl.sum_horizontal([(pl.col(n).fill_null(0).abs() > EPS).cast(pl.Int32) for n in way])).otherwise(moved)
            terms.append(term)
            counts.append(count)
            nonzero.append(moved)
        wide = wide.with_columns(pl.sum_horizontal(terms).alias("expected"), pl.sum_horizontal(counts).alias("stated"),
                                 pl.sum_horizontal(nonzero).alias("terms"))
        # a total stated without at least two of its parts beside it is not a breakdown to check
        joined = totals.join(wide.select("document_id", "section", "expected", "stated", "terms"), on=["document_id", "section"],
                             how="inner").filter(pl.col("stated") >= 2)
        frames.append(joined.select(
            "document_id",
            pl.lit("narrative").alias("table_name"),
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
            pl.col("value").alias("observed"),
            "expected",
            sum_tolerance(pl.col("terms")).alias("tolerance"),
            (pl.col("stated") >= 2).alias("checkable"),
            fmt("narrative {} = {} but the {} parts it states in the same section add up to {}", pl.lit(total),
                      pl.col("value"), pl.col("stated"), pl.col("expected").round(4)).alias("message"),
        ))
    return check_frame(pl.concat(frames, how="vertical_relaxed")) if frames else empty_frame()


def _completion_pct(t):
    rows = completion_rows(t)
    if rows.is_empty():
        return empty_frame()
    return check_frame(rows.select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("value").alias("observed"),
        (100 * pl.col("actual") / pl.col("against")).alias("expected"),
        (pct_tolerance(pl.col("value")) + ratio_rounding(pl.col("actual"), pl.col("against"))).alias("tolerance"),
        (pl.col("actual").is_not_null() & pl.col("against").is_not_null() & (pl.col("against").abs() > EPS)).alias("checkable"),
        fmt("“{}” ({}): stated 完成{}预算 {}% but {} / {} = {}%", pl.col("sentence"), pl.col("where"), pl.col("basis_words"),
            pl.col("value"), pl.col("actual"), pl.col("against"), (100 * pl.col("actual") / pl.col("against")).round(2)).alias("message"),
    ))


NARRATIVE = ("narrative_figures", "department_figures")

RULES = [
    Rule("narrative.matches_table", "warning", "文字说明中的数字应与表格一致", "Every narrative figure with a table counterpart matches it",
         "same number to the cent (half the last digit for 亿元)", _matches_table, inputs=NARRATIVE),
    Rule("narrative.functional_matches_table", "warning", "文字说明中各功能分类科目的支出应与一般公共预算财政拨款支出决算表一致",
         "Every narrative (类)(款)(项) amount matches its row of 一般公共预算财政拨款支出决算表", "same number to the cent",
         _functional_matches_table, inputs=("narrative_figures", "table_facts")),
    Rule("narrative.share_matches", "warning", "文字说明中的占比应等于相应金额之比", "Every stated share (占…%) equals the ratio of the amounts it relates",
         "one unit of the percentage's last printed digit (shares are truncated or nudged to add up to 100%), plus the amounts' rounding", _share_matches,
         inputs=("narrative_figures", "department_figures", "table_facts")),
    Rule("narrative.completion_pct", "warning", "文字说明中的完成预算比例应等于决算数/预算数",
         "Every stated 完成预算…% equals actual / budget", "half the last printed digit of the percentage, plus the amounts' rounding",
         _completion_pct, inputs=NARRATIVE),
    Rule("narrative.yoy_consistent", "warning", "文字说明中的同比增减额、增减率与上年数一致",
         "Every stated year-on-year change agrees with its percentage and the stated prior-year amount",
         "half the last printed digit of the percentage; 0.02 万元 for amounts", _yoy_consistent, inputs=NARRATIVE),
    Rule("narrative.yoy_matches_prior_document", "warning", "同比增减隐含的上年数应与仓库中该部门上年度文档一致",
         "The prior-year amount a year-on-year change implies matches the department's prior-year document, where we have it",
         "0.02 万元", _yoy_matches_prior_document, inputs=("narrative_figures", "department_figures", "documents")),
    Rule("narrative.components_sum", "warning", "文字说明中同一段列出的合计应等于其列出的各组成部分之和",
         "A total the narrative states (本年收入合计, 本年支出合计, 三公, 政府采购 …) equals the sum of the parts it states with it",
         "0.01 万元 per stated non-zero part (each part and the total are rounded to the cent)", _components_sum,
         inputs=("narrative_figures",)),
]

# the 尾差 of these rules is listed as info: a cent per summed part; a share printed truncated (it rounds to the
# printed one only within half its last digit)
ROUNDING = {
    "narrative.components_sum": None,
    "narrative.share_matches": lambda: pl.col("tolerance") - 0.5 * pl.lit(10.0).pow(-decimals(pl.col("observed")).cast(pl.Float64)),
}
