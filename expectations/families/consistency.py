"""A document against itself, across its parts (warning): the same figure stated twice with two values, the same
功能分类 类 row printed with two amounts in two standard tables, totals that cannot all be true on a narrative-only
document, a year-on-year change of a total that its parts' changes do not add up to, a completion rate computed on
another budget than the one its sentence names.

Every finding quotes what is printed and where, and says what the document should have printed."""

from __future__ import annotations

import re

import polars as pl

from expectations.base import EPS, SAME_NUMBER, Rule, check_frame, decimals, empty_frame, fmt, pct_tolerance, ratio_rounding
from expectations.families.completion import FULL, INITIAL, completion_rows, where
from expectations.families.narrative import COMPONENTS, UNIT_IN_WAN, _yoy_names
from expectations.figures import amounts, first_narrative, table_title

# A title or sentence naming the scope of what follows: a 部门预算 document often explains its 单位预算 as well, and
# the two state the same figures with different values legitimately.
SCOPE_RE = r"(?:20\d\d年度?)?(部门|单位)(?:预算|决算)"


def _scopes(t) -> pl.DataFrame:
    """document_id, line_no, scope: where the prose starts speaking of the 部门 or the 单位."""
    if "sentences" not in t:
        return pl.DataFrame(schema={"document_id": pl.String, "line_no": pl.Int64, "scope": pl.String})
    s = t["sentences"].filter(pl.col("kind").is_in(["heading", "title", "sentence"])
                              & pl.col("text").str.contains(r"20\d\d年度?(?:部门|单位)(?:预算|决算)(?:编制)?(?:说明|情况|公开|$)"))
    return s.select("document_id", pl.col("line_no").cast(pl.Int64),
                    pl.col("text").str.extract(SCOPE_RE, 1).alias("scope")).sort("line_no")


def _with_scope(t, rows: pl.DataFrame) -> pl.DataFrame:
    scopes = _scopes(t)
    rows = rows.with_columns(pl.col("line_no").cast(pl.Int64)).sort("document_id", "line_no")
    if scopes.is_empty():
        return rows.with_columns(pl.lit("").alias("scope"))
    return rows.join_asof(scopes.sort("document_id", "line_no"), on="line_no", by="document_id", strategy="backward",
                          check_sortedness=False).with_columns(pl.col("scope").fill_null(""))


# ------------------------------------------------------------------ the same figure stated twice

def _printed_step(value: pl.Expr, unit: pl.Expr) -> pl.Expr:
    """Half the last printed digit of a statement, in 万元 for money (1636.8万元 → 0.05; 1.2亿元 → 500)."""
    factor = unit.replace_strict({**UNIT_IN_WAN, "万元": 1.0, "元": 1e-4}, default=1.0, return_dtype=pl.Float64)
    return 0.5 * pl.lit(10.0).pow(-decimals(value).cast(pl.Float64)) * factor


def _restated(t):
    """Every value a figure is stated with, against its first statement in the same scope."""
    nf = t["narrative_figures"].filter(
        pl.col("subject_code").is_null() & ~pl.col("figure").str.starts_with("unattributed_")
        & (pl.col("unit").fill_null("") != "%")
    ).with_columns(pl.coalesce("value_wan", "value").alias("amount"))
    if nf.is_empty():
        return empty_frame()
    nf = _with_scope(t, nf).sort("document_id", "line_no", "page", nulls_last=True)
    keys = ["document_id", "scope", "figure"]
    first = nf.group_by(keys, maintain_order=True).first().select(
        *keys, pl.col("amount").alias("first_amount"), pl.col("value").alias("first_value"), pl.col("unit").alias("first_unit"),
        pl.col("sentence").alias("first_sentence"), pl.col("section").alias("first_section"),
        pl.col("page").alias("first_page"), pl.col("line_no").alias("first_line"))
    # each other value once, where it is first printed
    later = nf.join(first, on=keys).filter(pl.col("line_no") != pl.col("first_line"))
    later = later.group_by([*keys, "amount"], maintain_order=True).first()
    money = pl.col("value_wan").is_not_null()
    # two statements of one number agree to the cent, or to the last digit the coarser of them prints
    band = pl.when(money).then(pl.max_horizontal(
        pl.lit(SAME_NUMBER), _printed_step(pl.col("value"), pl.col("unit")) + EPS,
        _printed_step(pl.col("first_value"), pl.col("first_unit")) + EPS,
    )).otherwise(pl.max_horizontal(
        pl.lit(EPS), 0.5 * pl.lit(10.0).pow(-pl.min_horizontal(decimals(pl.col("value")), decimals(pl.col("first_value")))
                                            .cast(pl.Float64)) * (pl.col("unit") == "分").cast(pl.Float64) + EPS))
    return check_frame(later.select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        "figure",
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("amount").alias("observed"),
        pl.col("first_amount").alias("expected"),
        band.alias("tolerance"),
        pl.lit(True).alias("checkable"),
        fmt("“{}” ({}, {}) states {} = {} {}, but “{}” ({}, {}) states {} {}: the document should print one value",
            pl.col("sentence"), pl.col("section").fill_null("—"), where(pl.col("page"), pl.col("line_no")), pl.col("figure"),
            pl.col("value"), pl.col("unit").fill_null(""), pl.col("first_sentence"), pl.col("first_section").fill_null("—"),
            where(pl.col("first_page"), pl.col("first_line")), pl.col("first_value"), pl.col("first_unit").fill_null(""),
            ).alias("message"),
    ))


# ------------------------------------------------------------------ the same 类 row in two standard tables

# (table printing the 类 row by name, measure, table printing it by code, measure): the same amount by construction
CLASS_ROW_PAIRS = [
    ("income_expense_summary", "total", "expense", "total", "本年支出 (all funds)"),
    ("fiscal_income_expense_summary", "general_public_budget", "general_public_budget_expense", "total",
     "一般公共预算财政拨款支出"),
    # a 部门预算 prints its 类 rows in the same places: 财务收支预算总表 / 支出预算总表, 财政拨款收支预算总表 / 一般公共预算支出功能分类预算表
    ("budget_income_expense_summary", "budget", "budget_expense", "total", "本年支出预算 (all funds)"),
    ("budget_fiscal_income_expense_summary", "general_public_budget", "budget_general_public_budget_expense", "total",
     "一般公共预算支出预算"),
]


def _class_name_key(label: pl.Expr) -> pl.Expr:
    return (label.str.replace_all(r"[\s　]", "").str.replace_all(r"[（(]类[)）]", "")
            .str.replace(r"^[一二三四五六七八九十]+[、.]", "").str.strip_suffix("支出"))


def _class_rows(t) -> pl.DataFrame:
    """Every 类 amount a standard table prints: document, table, code, amount, where."""
    # the 决算 columns only: a table that also prints 年初预算 / 全年预算 columns prints other amounts there
    # (a 部门预算's tables print budgeted amounts only: all of their columns are compared)
    is_budget = pl.col("table_kind").str.starts_with("budget_")
    budget_column = pl.col("column_label").fill_null("").str.contains(r"预算数|年初|全年预算|调整") & ~is_budget
    cells = amounts(t["table_facts"]).filter(pl.col("printed") & ~budget_column)
    by_code = cells.filter(pl.col("subject_code").str.len_chars() == 3)
    classes = t["functional_classification"].filter(pl.col("subject_code").str.len_chars() == 3).select(
        pl.col("subject_code").alias("class_code"), _class_name_key(pl.col("subject_name")).alias("name_key"))
    column = pl.col("column_label").fill_null("")
    expense_side = column.str.starts_with("支出") | (is_budget & column.str.contains("支出"))
    by_name = cells.filter(pl.col("subject_code").is_null() & expense_side) \
        .with_columns(_class_name_key(pl.coalesce("row_key", "row_label")).alias("name_key")) \
        .join(classes, on="name_key", how="inner").with_columns(pl.col("class_code").alias("subject_code"))
    keep = ["document_id", "table_kind", "table_index", "measure", "subject_code", "row_label", "raw_text", "amount", "page",
            "line_no"]
    return pl.concat([by_code.select(keep), by_name.select(keep)], how="vertical_relaxed")


def _class_row_across_tables(t):
    rows = _class_rows(t)
    frames = []
    keys = ["document_id", "subject_code"]
    for left_kind, left_measure, right_kind, right_measure, label in CLASS_ROW_PAIRS:
        pick = lambda kind, measure: rows.filter((pl.col("table_kind") == kind) & (pl.col("measure") == measure)).group_by(  # noqa: E731
            keys, maintain_order=True).first()
        left = pick(left_kind, left_measure).rename({c: f"left_{c}" for c in rows.columns if c not in keys})
        right = pick(right_kind, right_measure)
        both = right.join(left, on=keys, how="inner")
        frames.append(both.select(
            "document_id",
            pl.col("table_kind").alias("table_name"),
            pl.col("table_index").cast(pl.Int64),
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
            pl.col("amount").alias("observed"),
            pl.col("left_amount").alias("expected"),
            pl.lit(SAME_NUMBER).alias("tolerance"),
            pl.lit(True).alias("checkable"),
            fmt("{} {} {}: {} prints {} ({}), {} prints {} ({}): one of them should print the other's amount",
                pl.lit(label), pl.col("subject_code"), pl.col("row_label").fill_null(""), pl.lit(table_title(right_kind)),
                pl.col("raw_text"), where(pl.col("page"), pl.col("line_no")), pl.lit(table_title(left_kind)),
                pl.col("left_raw_text"), where(pl.col("left_page"), pl.col("left_line_no"))).alias("message"),
        ))
    return check_frame(pl.concat(frames, how="vertical_relaxed")) if frames else empty_frame()


# ------------------------------------------------------------------ narrative-only balance identity

# a department founded in the fiscal year, or one that says it has no 结转结余, has nothing carried in from before
# (a zero named for the other end of the year says nothing of this one: "年末结转和结余0.00万元" is no carry-in)
NO_CARRY_IN_RE = (r"(?:新增|新成立|新组建|新设立)的?(?:部门|单位)|(?:部门|单位)?于\d{4}年(?:新)?(?:成立|组建)"
                  r"|无(?:年初)?结转(?:和|及)?结余|(?:年初|(?<![末年]))结转(?:和|及)?结余(?:资金)?(?:为|是)?0(?:\.0+)?(?:万)?元")
NO_CARRY_OUT_RE = (r"无(?:年末)?结转(?:和|及)?结余"
                   r"|(?:年末|(?<![初年]))结转(?:和|及)?结余(?:资金)?(?:为|是)?0(?:\.0+)?(?:万)?元")
_FOUNDED_RE = re.compile(r"(?:于|为)?(\d{4})年(?:度)?(?:新增|新成立|新组建|新设立|成立|组建)")


def _carry_statements(t) -> pl.DataFrame:
    """Per document: the sentence saying nothing was carried in (and out), if any."""
    s = t["sentences"].filter(pl.col("kind").is_in(["sentence", "cell", "title"]))
    docs = t["documents"].select("document_id", "fiscal_year")
    s = s.join(docs, on="document_id", how="left")
    # Python's regular expressions (polars' cannot look behind); a founding year other than the fiscal year says
    # nothing about this year's carry-in
    inn = s.filter(pl.Series([bool(re.search(NO_CARRY_IN_RE, text)) and _founded_this_year(text, year)
                              for text, year in s.select("text", "fiscal_year").iter_rows()], dtype=pl.Boolean))
    out = s.filter(pl.Series([bool(re.search(NO_CARRY_OUT_RE, text)) for text in s["text"]], dtype=pl.Boolean))
    first = lambda f, name: f.sort("line_no").group_by("document_id").first().select(  # noqa: E731
        "document_id", pl.col("text").alias(f"{name}_text"), where(pl.col("page"), pl.col("line_no")).alias(f"{name}_where"))
    return first(inn, "carry_in").join(first(out, "carry_out"), on="document_id", how="full", coalesce=True)


def _founded_this_year(text: str, year: int | None) -> bool:
    years = [int(y) for y in _FOUNDED_RE.findall(text)]
    return not years or year is None or year in years


def _narrative_balance(t):
    """What the prose states: 本年收入合计 = 收入总计 when nothing was carried in, and 本年支出合计 = 支出总计 when nothing
    is carried out (on a document without tables this is the only check its totals get)."""
    figs = first_narrative(t)
    carry = _carry_statements(t)
    frames = []
    for year_total, grand_total, side, name in (("income_total", "income_grand_total", "carry_in", "本年收入合计"),
                                                ("expense_total", "expense_grand_total", "carry_out", "本年支出合计")):
        year = figs.filter(pl.col("figure") == year_total).select("document_id", pl.col("value").alias("year"), "page", "line_no")
        grand = figs.filter(pl.col("figure") == grand_total).select(
            "document_id", pl.col("value").alias("grand"), pl.col("page").alias("grand_page"), pl.col("line_no").alias("grand_line"))
        both = year.join(grand, on="document_id").join(carry, on="document_id", how="left")
        if f"{side}_text" not in both.columns:
            continue
        frames.append(both.filter(pl.col(f"{side}_text").is_not_null()).select(
            "document_id",
            pl.lit("narrative").alias("table_name"),
            pl.lit(year_total).alias("figure"),
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
            pl.col("year").alias("observed"),
            pl.col("grand").alias("expected"),
            pl.lit(SAME_NUMBER).alias("tolerance"),
            pl.lit(True).alias("checkable"),
            fmt("{} {} ({}) but 总计 {} ({}) while “{}” ({}): with nothing carried over the two must be equal",
                pl.lit(name), pl.col("year"), where(pl.col("page"), pl.col("line_no")), pl.col("grand"),
                where(pl.col("grand_page"), pl.col("grand_line")), pl.col(f"{side}_text"), pl.col(f"{side}_where")).alias("message"),
        ))
    return check_frame(pl.concat(frames, how="vertical_relaxed")) if frames else empty_frame()


# ------------------------------------------------------------------ year-on-year of a total against its parts

# "与上年相同", "与上年持平", "比上年持平": a part whose change is stated as none
UNCHANGED_RE = r"(?:与|和|较|比)(?:上年|上年度|去年|\d{4}年度?)(?:相同|持平|一致|无变化)|同比持平"


def _yoy_parts(t):
    narrative = t["narrative_figures"].filter(pl.col("subject_code").is_null() & ~pl.col("is_restatement").fill_null(False))
    first = narrative.sort("line_no", nulls_last=True).group_by("document_id", "figure", maintain_order=True).first()
    changes = first.filter(pl.col("figure").str.ends_with("_yoy_change")).select(
        "document_id", "figure", pl.col("value_wan").alias("change"), "page", "line_no", "sentence")
    # a part stated without a change, in a sentence saying it did not change, changed by 0
    unchanged = first.filter(pl.col("sentence").str.contains(UNCHANGED_RE)).select("document_id", "figure")
    frames = []
    for total, groups in COMPONENTS.items():
        total_change = _yoy_names(total)[0]
        totals = changes.filter(pl.col("figure") == total_change)
        if totals.is_empty():
            continue
        out = totals.select("document_id", "change", "page", "line_no", "sentence")
        group_terms, complete = [], []
        for index, ways in enumerate(groups):
            term, known = pl.lit(None, dtype=pl.Float64), pl.lit(False)
            for way in reversed(ways):
                parts = []
                for part in way:
                    name = _yoy_names(part)[0]
                    col = f"g{index}_{part}"
                    stated = changes.filter(pl.col("figure") == name).select("document_id", pl.col("change").alias(col))
                    flat = unchanged.filter(pl.col("figure") == part).select("document_id", pl.lit(0.0).alias(f"{col}_flat"))
                    out = out.join(stated, on="document_id", how="left").join(flat, on="document_id", how="left")
                    out = out.with_columns(pl.coalesce(col, f"{col}_flat").alias(col)).drop(f"{col}_flat")
                    parts.append(pl.col(col))
                way_known = pl.all_horizontal([p.is_not_null() for p in parts])
                term = pl.when(way_known).then(pl.sum_horizontal(parts)).otherwise(term)
                known = known | way_known
            group_terms.append(term)
            complete.append(known)
        stated_parts = pl.sum_horizontal([t_.is_not_null().cast(pl.Int32) for t_ in group_terms])
        frames.append(out.select(
            "document_id",
            pl.lit("narrative").alias("table_name"),
            pl.lit(total_change).alias("figure"),
            pl.col("page").cast(pl.Int64),
            pl.col("line_no").cast(pl.Int64),
            pl.col("change").alias("observed"),
            pl.sum_horizontal([t_.fill_null(0) for t_ in group_terms]).alias("expected"),
            ((stated_parts + 1) * 0.01 + EPS).alias("tolerance"),
            (pl.all_horizontal(complete) & (stated_parts >= 2)).alias("checkable"),
            fmt("“{}” ({}): {} changed by {} from the year before, but the changes the document states for its parts add up "
                "to {}: the total's change should equal the sum of its parts' changes", pl.col("sentence"),
                where(pl.col("page"), pl.col("line_no")), pl.lit(total), pl.col("change"),
                pl.sum_horizontal([t_.fill_null(0) for t_ in group_terms]).round(2)).alias("message"),
        ))
    return check_frame(pl.concat(frames, how="vertical_relaxed")) if frames else empty_frame()


# ------------------------------------------------------------------ the basis a completion rate names

def _completion_basis(t):
    rows = completion_rows(t)
    if rows.is_empty():
        return empty_frame()
    # only where the document states both budgets and they differ can the basis be told
    rows = rows.filter(pl.col("basis").is_not_null() & pl.col("initial").is_not_null() & pl.col("budget").is_not_null()
                       & pl.col("actual").is_not_null() & ((pl.col("initial") - pl.col("budget")).abs() > EPS))
    named = pl.when(pl.col("basis") == INITIAL).then(pl.col("initial")).otherwise(pl.col("budget"))
    other = pl.when(pl.col("basis") == INITIAL).then(pl.col("budget")).otherwise(pl.col("initial"))
    rate = lambda whole: pl.when(whole.abs() > EPS).then(100 * pl.col("actual") / whole)  # noqa: E731
    matches = lambda whole: ((rate(whole) - pl.col("value")).abs() <= pct_tolerance(pl.col("value")) + pl.when(  # noqa: E731
        whole.abs() > EPS).then(ratio_rounding(pl.col("actual"), whole))).fill_null(False)
    names = {INITIAL: "年初预算", FULL: "全年预算"}
    other_name = pl.col("basis").replace_strict({INITIAL: names[FULL], FULL: names[INITIAL]})
    return check_frame(rows.select(
        "document_id",
        pl.lit("narrative").alias("table_name"),
        pl.col("figure"),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("value").alias("observed"),
        rate(named).alias("expected"),
        # a rate that matches neither budget is the completion rule's finding; this one is about the basis
        ~(matches(other) & ~matches(named)).alias("ok"),
        pl.lit(True).alias("checkable"),
        fmt("“{}” ({}): the rate is stated on {} ({}) but {}% is {} / {} {}: the sentence should name {} or print {}",
            pl.col("sentence"), pl.col("where"), pl.col("basis").replace_strict(names), named, pl.col("value"),
            pl.col("actual"), other_name, other, other_name,
            pl.when(named.abs() > EPS).then(rate(named).round(2).cast(pl.String) + "%")
            .otherwise(pl.lit("no rate on a budget of 0"))).alias("message"),
    ))


RULES = [
    Rule("consistency.figure_restated", "warning", "同一数字在文字说明中多处陈述时数值应一致（保留所在章节）",
         "A figure the narrative states in two places (sections, annexes) has one value",
         "the same number to the cent, or to the last digit the coarser statement prints", _restated,
         inputs=("narrative_figures", "sentences")),
    Rule("consistency.class_row_across_tables", "warning", "同一功能分类（类）在不同标准表中的金额应一致",
         "A 功能分类 类 row prints the same amount in every standard table that prints it (收入支出决算总表 vs 支出决算表, "
         "财政拨款收入支出决算总表 vs 一般公共预算财政拨款支出决算表)", "same number to the cent", _class_row_across_tables,
         inputs=("table_facts", "functional_classification")),
    Rule("consistency.narrative_balance", "warning", "无标准表时，文字说明的本年收支合计与总计应在无结转结余时相等",
         "Where the totals come from the prose and the document says nothing was carried over (a department founded that "
         "year, 结转结余为0), 本年收入合计 = 收入总计 and 本年支出合计 = 支出总计", "same number to the cent",
         _narrative_balance, inputs=("department_figures", "sentences", "documents")),
    Rule("consistency.yoy_parts_vs_total", "warning", "合计的同比增减额应等于各组成部分同比增减额之和",
         "A total's stated year-on-year change equals the sum of the changes stated for its parts (三公, 本年支出 …)",
         "0.01 万元 per change summed, plus one", _yoy_parts, inputs=("narrative_figures",)),
    Rule("consistency.completion_basis", "warning", "完成预算比例应按句中所称的预算口径（年初预算或全年预算）计算",
         "A completion rate is computed on the budget its sentence names (年初预算 or 全年预算), not on the other one",
         "half the last printed digit of the rate, plus the amounts' rounding", _completion_basis, "true",
         inputs=("narrative_figures", "department_figures")),
]

# two statements of one figure that differ by less than the coarser one's last digit are rounding (尾差, info)
ROUNDING = {"consistency.figure_restated": None}
