"""A project's own words against its form (warning): the rate, score and amounts its 项目实施和预算执行情况, 评价结论 or a
narrative paragraph naming the project states must be the ones its 项目支出绩效自评表 prints.

The text belonging to a form is the prose printed from the form's start to the next form's (its cells and any
paragraph in between), and any other sentence that names the project. A text often states several amounts of one
kind (a budget and its parts, 年初 and 调整后); it contradicts the form only when none of them is the form's."""

from __future__ import annotations

import re

import polars as pl

from expectations.base import EPS, Rule, check_frame, empty_frame
from ingestion.text.numbers import NUMBER, to_wan

_NUM = rf"({NUMBER})"
# field → patterns whose first group is the number (and second, for money, its unit)
STATEMENTS: dict[str, list[re.Pattern]] = {
    "execution_rate_pct": [re.compile(rf"执行率(?:为|是|达到|达|约为|仅为)?\s*{_NUM}\s*[%％]")],
    "total_score": [re.compile(rf"(?:自评|评价|综合|最终)(?:总)?得分(?:为|是|达到)?\s*{_NUM}\s*分"),
                    re.compile(rf"总分(?:为|是)?\s*{_NUM}\s*分")],
    "budget": [re.compile(rf"(?:预算(?:资金)?(?:下达|安排|批复|共计|合计|总额)|批复(?:资金|预算|金额)|全年预算(?:数)?|调整后预算(?:数)?"
                          rf"|年初预算(?:数)?|项目预算(?:金额)?)(?:为|是|共计|合计)?\s*{_NUM}\s*(万元|元)")],
    "executed": [re.compile(rf"(?:实际执行|全年执行|执行数|实际支出|实际支付|已支付|共支付|整体项目支付)(?:数|金额)?(?:为|了|共计)?\s*{_NUM}\s*(万元|元)")],
}
FIELD_NAMES = {"execution_rate_pct": "预算执行率", "total_score": "总分", "budget": "预算数", "executed": "执行数", "grade": "评价等级"}
# "评价等级为优", "自评等级：良好": the grade a text gives, as the form keeps it (优/良/中/差)
GRADE_RE = re.compile(r"(?:评价|自评|绩效)(?:结果|等级)(?:为|是|评定为)?[：:]?\s*[“\"]?(优秀|良好|优|良|中|合格|不合格|差)")
GRADES = {"优秀": "优", "优": "优", "良好": "良", "良": "良", "中": "中", "合格": "中", "不合格": "差", "差": "差"}


def _statements(text: str) -> list[tuple[str, float, float, str]]:
    """(field, value in the form's units, half its last printed digit in those units, the words as printed) of every
    statement in a sentence."""
    found = []
    for field, patterns in STATEMENTS.items():
        for pattern in patterns:
            for m in pattern.finditer(text):
                digits = m.group(1).replace(",", "")
                value = float(digits)
                step = 0.5 * 10 ** -(len(digits.split(".")[1]) if "." in digits else 0)
                if field in ("budget", "executed"):
                    value, step = to_wan(value, m.group(2)), to_wan(step, m.group(2))
                found.append((field, value, step, m.group(0)))
    return found


def _agrees(field: str, stated: float, step: float, form: dict) -> bool:
    """The text states the form's figure, to the digits it prints (a text's "317万元" rounds the form's 317.025)."""
    targets = [form.get("budget_adjusted"), form.get("budget_initial")] if field == "budget" else [form.get(field)]
    return any(abs(stated - v) <= step + 0.005 + EPS for v in targets if v is not None)


def _project_sentences(t) -> pl.DataFrame:
    """Every sentence with the project it belongs to: by position (between the form's start and the next form's)
    or by naming it."""
    projects = t["projects"].select("document_id", "project_index", "project_name", pl.col("line_no").cast(pl.Int64).alias("start"))
    ends = projects.sort("document_id", "start").with_columns(
        pl.col("start").shift(-1).over("document_id").alias("end"))
    sentences = t["sentences"].filter(pl.col("kind").is_in(["sentence", "cell"])).select(
        "document_id", "sentence_index", "text", pl.col("page").cast(pl.Int64), pl.col("line_no").cast(pl.Int64))
    inside = sentences.join(ends, on="document_id").filter(
        (pl.col("line_no") >= pl.col("start")) & (pl.col("end").is_null() | (pl.col("line_no") < pl.col("end"))))
    # a sentence inside a form belongs to it even when it names the next project (a converter glues the end of one
    # form to the title of the next)
    outside = sentences.join(inside.select("document_id", "sentence_index").unique(), on=["document_id", "sentence_index"],
                             how="anti")
    named = outside.join(ends, on="document_id").filter(
        (pl.col("project_name").str.len_chars() >= 6) & pl.col("text").str.contains(pl.col("project_name"), literal=True))
    keep = ["document_id", "project_index", "sentence_index", "text", "page", "line_no"]
    return pl.concat([inside.select(keep), named.select(keep)]).unique(subset=["document_id", "project_index", "sentence_index"])


def _text_matches_form(t):
    if t["projects"].is_empty():
        return empty_frame()
    forms = {(r["document_id"], r["project_index"]): r for r in t["projects"].iter_rows(named=True)}
    rows = []
    for s in _project_sentences(t).sort("document_id", "project_index", "sentence_index").iter_rows(named=True):
        form = forms[(s["document_id"], s["project_index"])]
        form = {**form, "budget": form.get("budget_adjusted")}  # the budget the rate is measured against
        grade = GRADE_RE.search(s["text"])
        if grade and form.get("grade"):
            rows.append({
                "document_id": s["document_id"], "project_index": s["project_index"], "page": s["page"],
                "line_no": s["line_no"], "field": "grade", "stated": None, "form_value": None, "form_text": form["grade"],
                "agrees": GRADES[grade.group(1)] == form["grade"], "words": grade.group(0), "text": s["text"],
                "project_name": form["project_name"], "form_page": form.get("page"), "form_line": form.get("line_no"),
            })
        for field, stated, step, words in _statements(s["text"]):
            printed = form.get(field)
            if printed is None and not (field == "budget" and form.get("budget_initial") is not None):
                continue
            rows.append({
                "document_id": s["document_id"], "project_index": s["project_index"], "page": s["page"],
                "line_no": s["line_no"], "field": field, "stated": stated, "form_value": printed, "form_text": f"{printed:g}" if printed is not None else None,
                "agrees": _agrees(field, stated, step, form), "words": words, "text": s["text"],
                "project_name": form["project_name"], "form_page": form.get("page"), "form_line": form.get("line_no"),
            })
    if not rows:
        return empty_frame()
    frame = pl.DataFrame(rows, infer_schema_length=None)
    # a text stating several amounts of one kind contradicts the form only when none of them is the form's
    frame = frame.with_columns(pl.col("agrees").any().over("document_id", "project_index", "field").alias("any_agrees"))
    frame = frame.filter(pl.col("agrees") | ~pl.col("any_agrees")).unique(
        subset=["document_id", "project_index", "field", "agrees"], keep="first", maintain_order=True)
    form_where = pl.when(pl.col("form_page").is_not_null()).then(pl.lit("p.") + pl.col("form_page").cast(pl.String)).otherwise(
        pl.lit("line ") + pl.col("form_line").cast(pl.String))
    return check_frame(frame.select(
        "document_id",
        pl.lit("project_performance").alias("table_name"),
        pl.col("project_index").cast(pl.Int64),
        pl.col("page").cast(pl.Int64),
        pl.col("line_no").cast(pl.Int64),
        pl.col("stated").cast(pl.Float64).alias("observed"),
        pl.col("form_value").cast(pl.Float64).alias("expected"),
        pl.col("agrees").alias("ok"),
        pl.lit(True).alias("checkable"),
        pl.format("{}: the text says “{}” (“{}”) but the form ({}) prints {} {}: the text should state the form's figure",
                  pl.col("project_name"), pl.col("words"), pl.col("text").str.slice(0, 120), form_where,
                  pl.col("field").replace_strict(FIELD_NAMES), pl.col("form_text").fill_null("—")).alias("message"),
    ))


RULES = [
    Rule("performance.text_matches_form", "warning", "项目自评表中的文字（项目实施和预算执行情况、评价结论）及点名该项目的段落所述执行率、得分、预算数、执行数应与表中一致",
         "What a project's own text (项目实施和预算执行情况, 评价结论) or a paragraph naming the project states of its execution "
         "rate, total score, grade, budget and executed amount is what its form prints", "a rate or score may round the form's "
         "to the digits it prints; amounts to the cent", _text_matches_form, "true", inputs=("projects", "sentences")),
]
