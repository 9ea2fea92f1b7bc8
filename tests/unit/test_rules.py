"""Every quality rule, through the real runner (Great Expectations): quiet on a consistent document,
firing on the same document with one value broken, at the right document and page.

The document below is small but complete: the nine standard tables, a narrative that restates
them with shares, a completion rate and a year-on-year change, and one project self-evaluation.
Its figures all agree (amounts in 万元, printed to the cent).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import polars as pl
import pytest

from expectations import runner
from expectations.findings import Finding, as_findings
from expectations.report import render_report
from expectations.rules import RULES, RULES_BY_ID
from expectations.runner import build_data_docs, data_docs_index

DOC = "d1" + "0" * 62
PRIOR = "d0" + "0" * 62
OTHER = "d2" + "0" * 62

PAGES = {
    "income_expense_summary": 3, "income": 4, "expense": 5, "fiscal_income_expense_summary": 6,
    "general_public_budget_expense": 7, "general_public_budget_basic_expense": 8, "government_fund": 9,
    "state_capital": 10, "three_public": 11,
}
TITLES = {
    "income_expense_summary": "收入支出决算总表", "income": "收入决算表", "expense": "支出决算表",
    "fiscal_income_expense_summary": "财政拨款收入支出决算总表", "general_public_budget_expense": "一般公共预算财政拨款支出决算表",
    "general_public_budget_basic_expense": "一般公共预算财政拨款基本支出决算明细表",
    "government_fund": "政府性基金预算财政拨款收入支出决算表", "state_capital": "国有资本经营预算财政拨款支出决算表",
    "three_public": "财政拨款“三公”经费支出决算表",
}
NARRATIVE_PAGE = 2
PROJECT_PAGE = 12

FUNCTIONAL = {"201": "一般公共服务支出", "20101": "人大事务", "2010101": "行政运行", "208": "社会保障和就业支出",
              "20805": "行政事业单位养老支出", "2080505": "机关事业单位基本养老保险缴费支出"}
ECONOMIC = {"301": "工资福利支出", "30101": "基本工资", "30102": "津贴补贴", "302": "商品和服务支出", "30201": "办公费"}


def run_rules(tables, rules=None, **options) -> list[Finding]:
    return as_findings(runner.run_rules(tables, rules, **options))


# Where dbt's seed figure_locations finds a figure printed in a second standard table (int_table_figures_matched):
# the cross-table rules compare these places. Each names a cell of the document below, so a broken cell moves it.
MATCHED = [
    ("income_total", "income_expense_summary", {"key": "本年收入合计"}),
    ("income_total", "income", {"key": "合计", "measure": "income"}),
    ("expense_total", "income_expense_summary", {"key": "本年支出合计"}),
    ("expense_total", "expense", {"key": "合计", "measure": "total"}),
    ("income_general_public_budget", "income_expense_summary", {"key": "一般公共预算财政拨款收入"}),
    ("income_general_public_budget", "fiscal_income_expense_summary", {"key": "一般公共预算财政拨款", "column": "收入", "row": 3}),
    ("income_government_fund", "income_expense_summary", {"key": "政府性基金预算财政拨款收入"}),
    ("income_government_fund", "fiscal_income_expense_summary", {"key": "政府性基金预算财政拨款", "column": "收入"}),
    ("fiscal_income_total", "income", {"key": "合计", "measure": "fiscal_income"}),
    ("fiscal_income_total", "fiscal_income_expense_summary", {"key": "本年收入合计", "column": "收入"}),
    ("expense_general_public_budget", "fiscal_income_expense_summary", {"key": "本年支出合计", "measure": "general_public_budget"}),
    ("expense_general_public_budget", "general_public_budget_expense", {"key": "合计", "measure": "total"}),
    ("expense_government_fund", "fiscal_income_expense_summary", {"key": "本年支出合计", "measure": "government_fund"}),
    ("expense_government_fund", "government_fund", {"key": "合计", "measure": "total"}),
    ("general_public_budget_basic", "general_public_budget_expense", {"key": "合计", "measure": "basic"}),
]


def _key(label: str | None) -> str | None:
    if label is None:
        return None
    return re.sub(r"^([一二三四五六七八九十]+、|[0-9]+[、.．]|[（(][一二三四五六七八九十]+[）)])", "", label.replace(" ", ""))


def _kind(raw: str) -> tuple[str, float | None]:
    if raw == "":
        return "blank", None
    if raw in ("-", "——"):
        return "dash", None
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        return "text", None
    return ("zero" if value == 0 else "number"), value


@dataclass
class Document:
    """Rows of every rule input for one consistent 部门决算 (plus, optionally, its prior year)."""

    facts: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    narrative: list[dict] = field(default_factory=list)
    located: list[dict] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    projects: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    printed: dict[int, int] = field(default_factory=dict)  # table_index → numbers the table prints

    # -------------------------------------------------------------- building

    def table(self, kind: str, empty: bool = False) -> int:
        index = len(self.tables)
        self.tables.append({
            "document_id": DOC, "table_index": index, "table_kind": kind, "title": TITLES[kind], "table_code": None,
            "unit": "万元", "page_start": PAGES[kind], "page_end": PAGES[kind], "line_start": None,
            "row_count": 0 if empty else 10, "is_empty": empty, "empty_marker": "本表无数据" if empty else None,
        })
        return index

    def cell(self, kind: str, row: int, col: int, label: str | None, column: str, measure: str, raw: str,
             code: str | None = None, classification: str = "none") -> None:
        value_kind, value = _kind(raw)
        index = next(t["table_index"] for t in self.tables if t["table_kind"] == kind)
        names = FUNCTIONAL if classification == "functional" else ECONOMIC
        self.facts.append({
            "document_id": DOC, "table_index": index, "table_kind": kind, "page": PAGES[kind], "line_no": None,
            "row_index": row, "col_index": col, "row_label": label if code is None else names.get(code, label),
            "row_key": _key(label) if code is None else None, "row_group": None, "classification": classification,
            "subject_code": code, "subject_level": {3: 1, 5: 2, 7: 3}.get(len(code)) if code else None,
            "subject_name": names.get(code) if code else None, "column_label": column, "measure": measure,
            "raw_text": raw, "value_kind": value_kind, "value": value, "unit": "万元",
            "amount_wan": value if value_kind in ("number", "zero") else None,
        })

    def locate(self, figure: str, value: float, kind: str, document_id: str = DOC) -> None:
        self.located.append({"document_id": document_id, "figure": figure, "value": value, "unit": "万元",
                             "table_kind": kind, "table_index": 0, "page": PAGES[kind], "line_no": None,
                             "row_label": None, "column_label": None, "raw_text": str(value)})

    def say(self, line: int, section: str, sentence: str, figures: list[tuple[str, float, str]], code: str | None = None) -> None:
        for figure, value, unit in figures:
            self.narrative.append({
                "document_id": DOC, "figure": figure, "value": value, "unit": unit,
                "value_wan": value if unit == "万元" else None, "subject_code": code, "section": section,
                "sentence": sentence, "page": NARRATIVE_PAGE, "line_no": line, "is_restatement": False,
            })

    # -------------------------------------------------------------- finding cells again

    def facts_at(self, kind: str, measure: str | None = None, *, key: str | None = None, code: str | None = None,
                 column: str | None = None, row: int | None = None) -> list[dict]:
        return [f for f in self.facts if f["table_kind"] == kind and (row is None or f["row_index"] == row)
                and (key is None or f["row_key"] == key) and (code is None or f["subject_code"] == code)
                and (measure is None or f["measure"] == measure) and (column is None or f["column_label"].startswith(column))]

    def fact(self, kind: str, measure: str | None = None, **where) -> dict:
        hits = self.facts_at(kind, measure, **where)
        assert len(hits) == 1, (kind, measure, where, len(hits))
        return hits[0]

    def set_cell(self, fact: dict, raw: str) -> None:
        fact["raw_text"] = raw
        fact["value_kind"], fact["value"] = _kind(raw)
        fact["amount_wan"] = fact["value"]

    def stated(self, figure: str, code: str | None = None) -> dict:
        hits = [n for n in self.narrative if n["figure"] == figure and n["subject_code"] == code]
        assert len(hits) == 1, (figure, code, len(hits))
        return hits[0]

    def figure(self, figure: str, document_id: str = DOC) -> dict:
        hits = [f for f in self.located if f["figure"] == figure and f["document_id"] == document_id]
        assert len(hits) == 1, (figure, len(hits))
        return hits[0]

    # -------------------------------------------------------------- the rule inputs

    def matched(self) -> list[dict]:
        rows = []
        for figure, kind, where in MATCHED:
            if not any(t["table_kind"] == kind for t in self.tables):
                continue
            cells = self.facts_at(kind, **where)
            cell = cells[0] if len(cells) == 1 else None
            if cell is not None and cell["value_kind"] in ("number", "zero"):
                rows.append({"document_id": DOC, "figure": figure, "value": cell["value"], "table_kind": kind,
                             "table_index": cell["table_index"], "page": cell["page"], "line_no": cell["line_no"],
                             "row_index": cell["row_index"], "col_index": cell["col_index"]})
        return rows

    def reconciled(self) -> list[dict]:
        """As dbt's int_department_figures_reconciled: the table's value where one is located, else the narrative's
        first statement; both sides kept."""
        rows: dict[tuple, dict] = {}
        for f in self.located:
            rows[(f["document_id"], f["figure"])] = {
                "document_id": f["document_id"], "figure": f["figure"], "value": f["value"], "source": "table",
                "page": f["page"], "line_no": f["line_no"], "table_kind": f["table_kind"], "table_index": f["table_index"],
                "table_value": f["value"], "table_page": f["page"], "table_line_no": f["line_no"],
                "narrative_value": None, "narrative_page": None, "narrative_line_no": None}
        for n in sorted(self.narrative, key=lambda n: (n["line_no"] is None, n["line_no"] or 0)):
            if n["subject_code"] is not None or n["is_restatement"]:
                continue
            key = (n["document_id"], n["figure"])
            value = n["value_wan"] if n["value_wan"] is not None else n["value"]
            row = rows.setdefault(key, {
                "document_id": n["document_id"], "figure": n["figure"], "value": value, "source": "narrative",
                "page": n["page"], "line_no": n["line_no"], "table_kind": None, "table_index": None, "table_value": None,
                "table_page": None, "table_line_no": None, "narrative_value": None, "narrative_page": None,
                "narrative_line_no": None})
            if row["narrative_value"] is None:
                row.update(narrative_value=value, narrative_page=n["page"], narrative_line_no=n["line_no"])
        return list(rows.values())

    def coverage(self) -> list[dict]:
        """What the extractor reports of each table: the numbers it prints, and those that are facts now."""
        rows = []
        for table in self.tables:
            index = table["table_index"]
            captured = sum(1 for f in self.facts if f["table_index"] == index and f["value_kind"] in ("number", "zero"))
            rows.append({"document_id": DOC, "part": "table", "part_index": index, "title": table["title"],
                         "page": table["page_start"], "line_no": None, "amounts_printed": self.printed.get(index, 0),
                         "amounts_captured": captured, "amounts_skipped": 0, "uncaptured": None})
        return rows

    def inputs(self) -> dict[str, pl.DataFrame]:
        facts = pl.DataFrame(self.facts, infer_schema_length=None)
        return {
            "documents": pl.DataFrame([{k: v for k, v in d.items() if k != "jurisdiction_name"} for d in self.documents],
                                       infer_schema_length=None),
            "document_regions": pl.DataFrame(
                [{"document_id": d["document_id"], "jurisdiction_name": d["jurisdiction_name"]} for d in self.documents
                 if d["jurisdiction_name"]], schema={"document_id": pl.String, "jurisdiction_name": pl.String}),
            "table_facts": facts,
            "document_tables": pl.DataFrame(self.tables, infer_schema_length=None),
            "narrative_figures": pl.DataFrame(self.narrative, infer_schema_length=None),
            "department_figures": pl.DataFrame(self.reconciled(), infer_schema_length=None),
            "table_figures_matched": pl.DataFrame(self.matched(), infer_schema_length=None),
            "projects": pl.DataFrame(self.projects, infer_schema_length=None),
            "extraction_coverage": pl.DataFrame(self.coverage(), infer_schema_length=None),
            "indicators": pl.DataFrame(self.indicators, infer_schema_length=None),
            "functional_classification": pl.DataFrame({"subject_code": list(FUNCTIONAL), "subject_name": list(FUNCTIONAL.values())}),
            "economic_classification": pl.DataFrame({"subject_code": list(ECONOMIC), "subject_name": list(ECONOMIC.values())}),
        }


def document_row(document_id: str, year: int, **overrides) -> dict:
    row = {"document_id": document_id, "file_name": f"{document_id[:2]}.pdf", "source_file": f"inbox/{document_id[:2]}.pdf",
           "stored_path": f"/store/{document_id[:2]}.pdf", "department_name": "测试市数据局", "fiscal_year": year,
           "doc_kind": "final_accounts", "status": "loaded", "error": None, "ingested_at": year,
           "department_evidence": f"测试市数据局{year}年度部门决算", "department_evidence_page": 1,
           "department_evidence_line": None, "jurisdiction_name": "测试市",
           "table_count": 9, "fact_count": 100, "narrative_count": 20, "project_count": 1}
    row.update(overrides)
    return row


def consistent_document() -> Document:
    d = Document()
    d.documents.append(document_row(DOC, 2024))
    for kind in PAGES:
        d.table(kind, empty=kind == "state_capital")

    # 公开01 收入支出决算总表
    s01 = "income_expense_summary"
    for row, label, raw in [(3, "一、一般公共预算财政拨款收入", "100.00"), (4, "二、政府性基金预算财政拨款收入", "20.00"),
                            (5, "五、事业收入", "5.50"), (6, "八、其他收入", ""), (10, "本年收入合计", "125.50"),
                            (11, "使用非财政拨款结余", ""), (12, "年初结转和结余", "4.50"), (14, "总计", "130.00")]:
        d.cell(s01, row, 2, label, "收入/金额", "total", raw)
    for row, label, raw in [(3, "一、一般公共服务支出", "110.00"), (4, "八、社会保障和就业支出", "15.00"),
                            (5, "二十三、其他支出", ""), (10, "本年支出合计", "125.00"), (11, "结余分配", ""),
                            (12, "年末结转和结余", "5.00"), (14, "总计", "130.00")]:
        d.cell(s01, row, 5, label, "支出/金额", "total", raw)

    # 公开02 收入决算表
    columns02 = [("本年收入合计", "income"), ("财政拨款收入", "fiscal_income"), ("事业收入", "operating_income"),
                 ("其他收入", "other_income")]
    for row, code, values in [(3, None, ("125.50", "120.00", "5.50", "")),
                              (4, "201", ("110.50", "105.00", "5.50", "")), (5, "20101", ("110.50", "105.00", "5.50", "")),
                              (6, "2010101", ("110.50", "105.00", "5.50", "")), (7, "208", ("15.00", "15.00", "", "")),
                              (8, "20805", ("15.00", "15.00", "", "")), (9, "2080505", ("15.00", "15.00", "", ""))]:
        for col, ((column, measure), raw) in enumerate(zip(columns02, values), start=2):
            d.cell("income", row, col, "合计" if code is None else None, column, measure, raw, code,
                   "none" if code is None else "functional")

    # 公开03 支出决算表
    columns03 = [("本年支出合计", "total"), ("基本支出", "basic"), ("项目支出", "project"), ("上缴上级支出", "remit_to_superior")]
    for row, code, values in [(3, None, ("125.00", "85.00", "40.00", "")),
                              (4, "201", ("110.00", "80.00", "30.00", "")), (5, "20101", ("110.00", "80.00", "30.00", "")),
                              (6, "2010101", ("110.00", "80.00", "30.00", "")), (7, "208", ("15.00", "5.00", "10.00", "")),
                              (8, "20805", ("15.00", "5.00", "10.00", "")), (9, "2080505", ("15.00", "5.00", "10.00", ""))]:
        for col, ((column, measure), raw) in enumerate(zip(columns03, values), start=2):
            d.cell("expense", row, col, "合计" if code is None else None, column, measure, raw, code,
                   "none" if code is None else "functional")

    # 公开04 财政拨款收入支出决算总表
    s04 = "fiscal_income_expense_summary"
    for row, label, raw in [(3, "一、一般公共预算财政拨款", "100.00"), (4, "二、政府性基金预算财政拨款", "20.00"),
                            (10, "本年收入合计", "120.00"), (11, "年初财政拨款结转和结余", "4.50"),
                            (12, "一般公共预算财政拨款", "4.50"), (14, "总计", "124.50")]:
        d.cell(s04, row, 2, label, "收入/金额", "total", raw)
    for row, label, values in [(3, "一、一般公共服务支出", ("104.50", "104.50", "")),
                               (4, "八、社会保障和就业支出", ("20.00", "", "20.00")),
                               (10, "本年支出合计", ("124.50", "104.50", "20.00")),
                               (11, "年末财政拨款结转和结余", ("", "", "")), (14, "总计", ("124.50", "104.50", "20.00"))]:
        for col, (column, measure), raw in zip((5, 6, 7), [("支出/合计", "total"), ("支出/一般公共预算财政拨款", "general_public_budget"),
                                                          ("支出/政府性基金预算财政拨款", "government_fund")], values):
            d.cell(s04, row, col, label, column, measure, raw)

    # 公开05 一般公共预算财政拨款支出决算表
    columns05 = [("本年支出/小计", "total"), ("本年支出/基本支出", "basic"), ("本年支出/项目支出", "project")]
    for row, code, values in [(3, None, ("104.50", "80.00", "24.50")), (4, "201", ("104.50", "80.00", "24.50")),
                              (5, "20101", ("104.50", "80.00", "24.50")), (6, "2010101", ("104.50", "80.00", "24.50"))]:
        for col, ((column, measure), raw) in enumerate(zip(columns05, values), start=2):
            d.cell("general_public_budget_expense", row, col, "合计" if code is None else None, column, measure, raw, code,
                   "none" if code is None else "functional")

    # 公开06 基本支出决算明细表 (人员经费 and 公用经费 side by side)
    s06 = "general_public_budget_basic_expense"
    for row, code, raw in [(2, "301", "60.00"), (3, "30101", "40.00"), (4, "30102", "20.00")]:
        d.cell(s06, row, 2, None, "人员经费/决算数", "actual", raw, code, "economic")
    for row, code, raw in [(2, "302", "20.00"), (3, "30201", "20.00")]:
        d.cell(s06, row, 5, None, "公用经费/决算数", "actual", raw, code, "economic")
    d.cell(s06, 10, 2, "人员经费合计", "人员经费/决算数", "actual", "60.00")

    # 公开07 政府性基金; 公开08 is empty and says so
    for col, (column, measure), raw in zip((2, 3, 4), [("本年支出/小计", "total"), ("本年支出/基本支出", "basic"),
                                                      ("本年支出/项目支出", "project")], ("20.00", "", "20.00")):
        d.cell("government_fund", 3, col, "合计", column, measure, raw)

    # 公开09 三公 (one row: 预算数 then 决算数)
    three = [("合计", "total", "6.00", "5.00"), ("因公出国(境)费", "budget", "1.00", "0.50"),
             ("公务用车购置及运行维护费/小计", "total", "3.00", "3.00"), ("公务用车购置及运行维护费/公务用车购置费", "budget", "1.00", "1.00"),
             ("公务用车购置及运行维护费/公务用车运行维护费", "budget", "2.00", "2.00"), ("公务接待费", "budget", "2.00", "1.50")]
    for col, (column, measure, budget, actual) in enumerate(three):
        d.cell("three_public", 4, col, None, f"预算数/{column}", measure, budget)
        d.cell("three_public", 4, col + 6, None, f"决算数/{column}", "actual" if measure == "budget" else measure, actual)

    # the figures dbt locates in the tables (int_table_figures_located)
    for figure, value, kind in [
        ("income_total", 125.50, s01), ("income_grand_total", 130.00, s01), ("expense_total", 125.00, s01),
        ("expense_grand_total", 130.00, s01), ("income_general_public_budget", 100.00, s01),
        ("income_government_fund", 20.00, s01), ("expense_basic", 85.00, "expense"), ("expense_project", 40.00, "expense"),
        ("expense_general_public_budget", 104.50, s04), ("general_public_budget_basic", 80.00, "general_public_budget_expense"),
        ("general_public_budget_project", 24.50, "general_public_budget_expense"), ("personnel_expense", 60.00, s06),
        ("three_public_budget_total", 6.00, "three_public"), ("three_public_actual_total", 5.00, "three_public"),
        ("three_public_outbound_travel_budget", 1.00, "three_public"), ("three_public_outbound_travel", 0.50, "three_public"),
        ("three_public_vehicle_total_budget", 3.00, "three_public"), ("three_public_vehicle_total", 3.00, "three_public"),
        ("three_public_vehicle_purchase_budget", 1.00, "three_public"), ("three_public_vehicle_purchase", 1.00, "three_public"),
        ("three_public_vehicle_operation_budget", 2.00, "three_public"), ("three_public_vehicle_operation", 2.00, "three_public"),
        ("three_public_reception_budget", 2.00, "three_public"), ("three_public_reception", 1.50, "three_public"),
    ]:
        d.locate(figure, value, kind)

    # the narrative (情况说明)
    income = "本年收入合计125.50万元，其中：一般公共预算财政拨款收入100.00万元，占79.68%；政府性基金预算财政拨款收入20.00万元，占15.94%；事业收入5.50万元，占4.38%。"
    d.say(20, "二、收入决算情况说明", income, [("income_total", 125.50, "万元"), ("income_general_public_budget", 100.00, "万元"),
                                            ("income_general_public_budget_share_pct", 79.68, "%"), ("income_government_fund", 20.00, "万元"),
                                            ("income_government_fund_share_pct", 15.94, "%"), ("income_business", 5.50, "万元"),
                                            ("income_business_share_pct", 4.38, "%")])
    expense = "本年支出合计125.00万元，其中：基本支出85.00万元，占68%；项目支出40.00万元，占32%。"
    d.say(22, "三、支出决算情况说明", expense, [("expense_total", 125.00, "万元"), ("expense_basic", 85.00, "万元"),
                                             ("expense_basic_share_pct", 68.0, "%"), ("expense_project", 40.00, "万元"),
                                             ("expense_project_share_pct", 32.0, "%")])
    gpb = "一般公共预算财政拨款支出104.50万元，主要用于：一般公共服务（类）支出104.50万元，占100%。"
    d.say(26, "五、一般公共预算财政拨款支出决算情况说明", gpb, [("expense_general_public_budget", 104.50, "万元")])
    d.say(26, "五、一般公共预算财政拨款支出决算情况说明", gpb, [("general_public_budget_class_expense", 104.50, "万元"),
                                                        ("general_public_budget_class_expense_share_pct", 100.0, "%")], code="201")
    d.say(27, "五、一般公共预算财政拨款支出决算情况说明", "一般公共服务支出（类）人大事务（款）行政运行（项）：支出决算为104.50万元。",
          [("functional_expense", 104.50, "万元")], code="2010101")
    basic = "一般公共预算财政拨款基本支出80.00万元，其中：人员经费60.00万元；公用经费20.00万元。"
    d.say(30, "六、一般公共预算财政拨款基本支出决算情况说明", basic, [("general_public_budget_basic", 80.00, "万元"),
                                                             ("personnel_expense", 60.00, "万元"), ("public_expense", 20.00, "万元")])
    three_total = "“三公”经费财政拨款支出决算为5.00万元，完成预算83.33%，比上年减少1.00万元，下降16.67%。"
    d.say(32, "七、“三公”经费财政拨款支出决算情况说明", three_total, [
        ("three_public_actual_total", 5.00, "万元"), ("three_public_completion_pct", 83.33, "%"),
        ("three_public_yoy_change", -1.00, "万元"), ("three_public_yoy_pct", -16.67, "%")])
    three_parts = "因公出国（境）费0.50万元，占10%；公务用车购置及运行维护费3.00万元，占60%；公务接待费1.50万元，占30%。"
    d.say(33, "七、“三公”经费财政拨款支出决算情况说明", three_parts, [
        ("three_public_outbound_travel", 0.50, "万元"), ("three_public_outbound_travel_share_pct", 10.0, "%"),
        ("three_public_vehicle_total", 3.00, "万元"), ("three_public_vehicle_total_share_pct", 60.0, "%"),
        ("three_public_reception", 1.50, "万元"), ("three_public_reception_share_pct", 30.0, "%")])

    # what each table prints, as the extractor counts it
    for table in d.tables:
        d.printed[table["table_index"]] = sum(
            1 for f in d.facts if f["table_index"] == table["table_index"] and f["value_kind"] in ("number", "zero"))

    # one project self-evaluation: 10 (execution) + 3 × 30 (indicators) = 100
    d.projects.append({"document_id": DOC, "project_index": 1, "project_name": "数据平台运维", "budget_initial": 50.0,
                       "budget_adjusted": 50.0, "executed": 45.0, "execution_rate_pct": 90.0, "execution_score": 9.0,
                       "execution_weight": 10.0, "total_score": 89.0, "grade": "良", "page": PROJECT_PAGE, "line_no": None,
                       "budget_printed": True, "total_score_printed": True, "indicator_rows_printed": 3})
    for index, (level3, weight, score) in enumerate([("平台数量", 30.0, 30.0), ("运行率", 30.0, 25.0), ("满意度", 30.0, 25.0)], 1):
        d.indicators.append({"document_id": DOC, "project_index": 1, "project_name": "数据平台运维", "indicator_index": index,
                             "level3": level3, "weight": weight, "score": score, "page": PROJECT_PAGE, "line_no": None})
    return d


def with_prior_year(d: Document, prior_total: float = 6.00) -> Document:
    """The department's 2023 document, as far as the year-on-year rule reads it."""
    d.documents.append(document_row(PRIOR, 2023))
    d.locate("three_public_actual_total", prior_total, "three_public", document_id=PRIOR)
    return d


# ------------------------------------------------------------------ one broken value per rule

@dataclass(frozen=True)
class Break:
    mutate: Callable[[Document], None]
    page: int | None  # where the finding must point (None: the finding has no page)
    document_id: str = DOC
    prior_year: bool = False


def _set(kind, raw, **where):
    return lambda d: d.set_cell(d.fact(kind, **where), raw)


def _say(figure, value, code=None):
    def mutate(d):
        n = d.stated(figure, code)
        n["value"] = value
        if n["unit"] == "万元":
            n["value_wan"] = value
    return mutate


def _locate(figure, value, document_id=DOC):
    return lambda d: d.figure(figure, document_id).update(value=value)


def _project(**changes):
    return lambda d: d.projects[0].update(changes)


def _indicator(**changes):
    return lambda d: d.indicators[0].update(changes)


def _document(**changes):
    return lambda d: d.documents[0].update(changes)


def _add_failed_document(d):
    d.documents.append(document_row(OTHER, 2024, status="failed", error="bad.pdf: truncated file", table_count=0,
                                    narrative_count=0, project_count=0, department_name=None, fiscal_year=None, doc_kind="other"))


def _drop_table(kind):
    def mutate(d):
        d.tables = [t for t in d.tables if t["table_kind"] != kind]
    return mutate


def _unmark_empty(d):
    next(t for t in d.tables if t["table_kind"] == "state_capital")["empty_marker"] = None


def _lose_provenance(d):
    d.narrative[0]["page"] = None
    d.narrative[0]["line_no"] = None


def _lose_facts(kind, keep: int = 0):
    """The extractor read only `keep` of a table's numbers (a layout it did not understand)."""
    def mutate(d):
        index = next(t["table_index"] for t in d.tables if t["table_kind"] == kind)
        ours = [f for f in d.facts if f["table_index"] == index]
        d.facts = [f for f in d.facts if f["table_index"] != index] + ours[:keep]
    return mutate


def _drop_indicators(d):
    """The indicators read belong to no form on the page: the form itself yields none."""
    for indicator in d.indicators:
        indicator["project_index"] = 99


def _unknown_code(kind, code, new_code):
    def mutate(d):
        for f in d.facts:
            if f["table_kind"] == kind and f["subject_code"] == code:
                f["subject_code"] = new_code
    return mutate


S01, S04 = "income_expense_summary", "fiscal_income_expense_summary"

BREAKS: dict[str, Break] = {
    "sanity.document_identity": Break(_document(department_name=None), None),
    "sanity.department_as_printed": Break(_document(department_name="数据局"), 1),
    "sanity.jurisdiction_recognised": Break(_document(jurisdiction_name=None), None),
    "sanity.document_readable": Break(_add_failed_document, None, OTHER),
    "sanity.text_layer": Break(_document(status="needs_ocr", error="d1.pdf: no text layer on any page: needs OCR"), None),
    "sanity.functional_code_known": Break(_unknown_code("expense", "2080505", "2089999"), PAGES["expense"]),
    "sanity.economic_code_known": Break(_unknown_code("general_public_budget_basic_expense", "30102", "30198"), PAGES["general_public_budget_basic_expense"]),
    "sanity.amounts_numeric": Break(_set("expense", "一百一十", code="201", measure="total"), PAGES["expense"]),
    "sanity.fact_provenance": Break(_lose_provenance, None),
    "coverage.table_has_facts": Break(_lose_facts("expense"), PAGES["expense"]),
    "coverage.project_form_read": Break(_project(total_score=None), PROJECT_PAGE),
    "coverage.indicator_rows_read": Break(_drop_indicators, PROJECT_PAGE),
    "coverage.numbers_captured": Break(_lose_facts("expense", keep=5), PAGES["expense"]),
    "table.income_total_sum": Break(_set(S01, "101.00", key="一般公共预算财政拨款收入"), PAGES[S01]),
    "table.expense_total_sum": Break(_set(S01, "16.00", key="社会保障和就业支出"), PAGES[S01]),
    "table.grand_total_sum": Break(_set(S01, "5.50", key="年初结转和结余"), PAGES[S01]),
    "table.grand_totals_balance": Break(_set(S01, "131.00", key="总计", column="支出"), PAGES[S01]),
    "table.income_row_sources_sum": Break(_set("income", "106.00", code="201", measure="fiscal_income"), PAGES["income"]),
    "table.expense_row_basic_plus_project": Break(_set("expense", "6.00", code="208", measure="basic"), PAGES["expense"]),
    "table.functional_hierarchy_sum": Break(_set("expense", "14.00", code="2080505", measure="total"), PAGES["expense"]),
    "table.economic_hierarchy_sum": Break(_set("general_public_budget_basic_expense", "41.00", code="30101"), PAGES["general_public_budget_basic_expense"]),
    "table.personnel_plus_public": Break(_say("public_expense", 21.00), PAGES["general_public_budget_expense"]),
    "three_public.vehicle_subtotal_actual": Break(_locate("three_public_vehicle_purchase", 1.50), PAGES["three_public"]),
    "three_public.vehicle_subtotal_budget": Break(_locate("three_public_vehicle_purchase_budget", 1.50), PAGES["three_public"]),
    "three_public.total_actual": Break(_locate("three_public_actual_total", 5.50), PAGES["three_public"]),
    "three_public.total_budget": Break(_locate("three_public_budget_total", 7.00), PAGES["three_public"]),
    "cross.summary_vs_income_table": Break(_set("income", "126.50", key="合计", measure="income"), PAGES["income"]),
    "cross.summary_vs_expense_table": Break(_set("expense", "126.00", key="合计", measure="total"), PAGES["expense"]),
    "cross.summary_vs_fiscal_summary": Break(_set(S04, "99.00", key="一般公共预算财政拨款", column="收入", row=3), PAGES[S04]),
    "cross.fiscal_summary_vs_gpb_expense": Break(_set("general_public_budget_expense", "105.50", key="合计", measure="total"),
                                                 PAGES["general_public_budget_expense"]),
    "cross.basic_expense_detail": Break(_set("general_public_budget_basic_expense", "21.00", code="302"), PAGES["general_public_budget_basic_expense"]),
    "narrative.matches_table": Break(_say("income_general_public_budget", 100.10), NARRATIVE_PAGE),
    "narrative.functional_matches_table": Break(_say("functional_expense", 104.00, code="2010101"), NARRATIVE_PAGE),
    "narrative.share_matches": Break(_say("income_government_fund_share_pct", 16.94), NARRATIVE_PAGE),
    "narrative.completion_pct": Break(_say("three_public_completion_pct", 85.0), NARRATIVE_PAGE),
    "narrative.yoy_consistent": Break(_say("three_public_yoy_pct", -20.0), NARRATIVE_PAGE),
    "narrative.yoy_matches_prior_document": Break(_locate("three_public_actual_total", 7.00, PRIOR), NARRATIVE_PAGE, prior_year=True),
    "narrative.components_sum": Break(_say("income_total", 125.51), NARRATIVE_PAGE),
    "completeness.standard_tables": Break(_drop_table("three_public"), None),
    "completeness.empty_table_marked": Break(_unmark_empty, PAGES["state_capital"]),
    "performance.total_score_sum": Break(_project(total_score=90.0), PROJECT_PAGE),
    "performance.indicator_score_le_weight": Break(_indicator(score=31.0), PROJECT_PAGE),
    "performance.weights_sum_100": Break(_indicator(weight=35.0), PROJECT_PAGE),
    "performance.execution_rate": Break(_project(execution_rate_pct=95.0), PROJECT_PAGE),
    "performance.grade_band": Break(_project(grade="优"), PROJECT_PAGE),
}


def test_every_rule_has_a_broken_case():
    assert set(BREAKS) == set(RULES_BY_ID)


def test_registry_is_well_formed():
    for rule in RULES:
        assert rule.severity in ("error", "warning", "info"), rule.rule_id
        assert rule.description_zh and rule.description_en and rule.tolerance, rule.rule_id
        assert re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", rule.rule_id), rule.rule_id
        assert rule.inputs, f"{rule.rule_id} names no inputs"
    # extraction sanity is error-level (a code the lookup lacks is kept and only worth a look); the document's own
    # inconsistencies are warnings
    assert {r.rule_id for r in RULES if r.family == "sanity" and r.severity != "error"} == {
        "sanity.functional_code_known", "sanity.economic_code_known", "sanity.jurisdiction_recognised"}
    assert {r.severity for r in RULES if r.family not in ("sanity", "coverage")} == {"warning"}


def _inputs(prior_year: bool = False, mutate: Callable[[Document], None] | None = None) -> dict[str, pl.DataFrame]:
    d = consistent_document()
    if prior_year:
        with_prior_year(d)
    if mutate:
        mutate(d)
    return d.inputs()


@pytest.fixture(scope="module")
def quiet_findings() -> dict[bool, list[Finding]]:
    """All rules on the consistent document (and on it beside its prior year), in one run each."""
    return {False: run_rules(_inputs()), True: run_rules(_inputs(prior_year=True))}


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_rule_is_quiet_on_a_consistent_document(rule_id, quiet_findings):
    findings = [f for f in quiet_findings[BREAKS[rule_id].prior_year] if f.rule_id == rule_id]
    failed = [f for f in findings if f.outcome == "failed"]
    assert not failed, [f.message for f in failed]
    assert any(f.outcome == "passed" for f in findings), f"{rule_id} checked nothing: {[f.message for f in findings]}"


@pytest.mark.parametrize("rule_id", sorted(RULES_BY_ID))
def test_rule_fires_on_one_broken_value(rule_id):
    case = BREAKS[rule_id]
    findings = run_rules(_inputs(case.prior_year, case.mutate), [RULES_BY_ID[rule_id]])
    failed = [f for f in findings if f.outcome == "failed"]
    assert failed, f"{rule_id} did not fire: {[(f.outcome, f.message) for f in findings]}"
    assert {f.rule_id for f in failed} == {rule_id}
    assert {f.document_id for f in failed} == {case.document_id}
    assert {f.page for f in failed} == {case.page}, [(f.page, f.message) for f in failed]
    assert {f.severity for f in failed} == {RULES_BY_ID[rule_id].severity}


# ------------------------------------------------------------------ details worth pinning down

def test_a_missing_input_is_could_not_check_not_failed():
    tables = _inputs()
    del tables["table_facts"]
    findings = run_rules(tables, [RULES_BY_ID["table.income_total_sum"], RULES_BY_ID["narrative.matches_table"]])
    unchecked = [f for f in findings if f.rule_id == "table.income_total_sum"]
    assert [f.outcome for f in unchecked] == ["could_not_check"]
    assert "table_facts" in unchecked[0].message
    assert {f.outcome for f in findings if f.rule_id == "narrative.matches_table"} == {"passed"}


def test_a_figure_the_document_does_not_state_is_could_not_check():
    def drop_personnel(d):
        d.located = [f for f in d.located if f["figure"] != "personnel_expense"]
        d.narrative = [n for n in d.narrative if n["figure"] != "personnel_expense"]
    findings = run_rules(_inputs(mutate=drop_personnel), [RULES_BY_ID["table.personnel_plus_public"]])
    assert [f.outcome for f in findings] == ["could_not_check"]


def test_a_cent_of_rounding_per_summed_row_is_tolerated():
    # 本年收入合计 125.50 against rows adding to 125.51: three printed rows may drift a cent each
    findings = run_rules(_inputs(mutate=_set(S01, "5.51", key="事业收入")), [RULES_BY_ID["table.income_total_sum"]])
    assert {f.outcome for f in findings} == {"passed"}
    # but not by more than that
    findings = run_rules(_inputs(mutate=_set(S01, "5.55", key="事业收入")), [RULES_BY_ID["table.income_total_sum"]])
    assert "failed" in {f.outcome for f in findings}


def test_a_truncated_share_is_tolerated_but_not_a_wrong_one():
    # 20.00 / 125.50 = 15.936%: printed truncated as 15.93 (or nudged so the shares add to 100) passes
    rule = [RULES_BY_ID["narrative.share_matches"]]
    findings = run_rules(_inputs(mutate=_say("income_government_fund_share_pct", 15.93)), rule)
    assert "failed" not in {f.outcome for f in findings}
    findings = run_rules(_inputs(mutate=_say("income_government_fund_share_pct", 15.91)), rule)
    assert "failed" in {f.outcome for f in findings}


def test_leshan_income_total_against_its_stated_parts():
    """乐山市数据局 2024: 本年收入合计2098.1万元 while its parts add up to 2098.09 (1636.45 + 461.64 + six zeros)."""
    def leshan(d):
        d.narrative = [n for n in d.narrative if n["line_no"] != 20]
        parts = [("income_general_public_budget", 1636.45), ("income_government_fund", 461.64), ("income_state_capital", 0.0),
                 ("income_upper_subsidy", 0.0), ("income_business", 0.0), ("income_operating", 0.0), ("income_affiliated", 0.0),
                 ("income_other", 0.0)]
        d.say(18, "二、收入决算情况说明", "2024年度本年收入合计2098.1万元，其中：…",
              [("income_total", 2098.1, "万元"), *[(name, value, "万元") for name, value in parts]])
    findings = run_rules(_inputs(mutate=leshan), [RULES_BY_ID["narrative.components_sum"]])
    failed = [f for f in findings if f.outcome == "failed"]
    assert len(failed) == 1
    assert failed[0].line_no == 18 and failed[0].observed == 2098.1
    assert failed[0].expected == pytest.approx(2098.09)


def test_financial_income_stated_as_one_amount_is_not_counted_twice():
    def fiscal(d):
        for n in d.narrative:
            if n["figure"] in ("income_general_public_budget", "income_government_fund"):
                n["figure"] = "income_fiscal" if n["figure"] == "income_general_public_budget" else "dropped"
                n["value"] = n["value_wan"] = 120.0
        d.narrative = [n for n in d.narrative if n["figure"] != "dropped"]
    findings = run_rules(_inputs(mutate=fiscal), [RULES_BY_ID["narrative.components_sum"]])
    assert [f.outcome for f in findings if f.line_no == 20] == ["passed"]


def test_a_new_unit_states_its_growth_as_100_percent():
    # 普陀区委社会工作部 2024: "比2023年度增加10.23万元，增长100.00%" for a unit founded in 2024
    def new_unit(d):
        d.stated("three_public_yoy_change")["value"] = d.stated("three_public_yoy_change")["value_wan"] = 5.00
        d.stated("three_public_yoy_pct")["value"] = 100.0
    findings = run_rules(_inputs(mutate=new_unit), [RULES_BY_ID["narrative.yoy_consistent"]])
    assert [f.outcome for f in findings] == ["passed"]


def test_a_document_with_no_standard_table_is_named_once():
    def narrative_only(d):
        d.tables = [dict(d.tables[0], table_kind="project_performance", title="项目支出绩效自评表")]
    findings = run_rules(_inputs(mutate=narrative_only), [RULES_BY_ID["completeness.standard_tables"]])
    assert len(findings) == 1 and findings[0].outcome == "failed"
    assert "收入支出决算总表" in findings[0].message and "三公" in findings[0].message


def test_a_table_that_says_it_is_empty_but_prints_amounts():
    def marked(d):
        next(t for t in d.tables if t["table_kind"] == "government_fund")["empty_marker"] = "本表无数据"
    findings = run_rules(_inputs(mutate=marked), [RULES_BY_ID["completeness.empty_table_marked"]])
    failed = [f for f in findings if f.outcome == "failed"]
    assert [f.table_name for f in failed] == ["government_fund"] and failed[0].page == PAGES["government_fund"]


def test_grade_bands_a_document_states_replace_the_defaults():
    tables = _inputs(mutate=_project(total_score=86.0, execution_score=6.0, grade="优"))
    rule = RULES_BY_ID["performance.grade_band"]
    assert [f.outcome for f in run_rules(tables, [rule])] == ["failed"]
    tables["grade_bands"] = pl.DataFrame({"document_id": [DOC] * 4, "grade": ["优", "良", "中", "差"],
                                          "min_score": [85.0, 75.0, 60.0, 0.0]})
    assert [f.outcome for f in run_rules(tables, [rule])] == ["passed"]


def test_report_links_each_finding_to_its_document_and_page_and_counts_unchecked():
    tables = _inputs(mutate=_set(S01, "101.00", key="一般公共预算财政拨款收入"))
    del tables["economic_classification"]
    findings = run_rules(tables)
    documents = tables["documents"].to_dicts()
    page = render_report("run-1", findings, documents)
    failed = [f for f in findings if f.outcome == "failed"]
    unchecked = [f for f in findings if f.outcome == "could_not_check"]
    assert failed and unchecked
    assert f"{len(failed)} failed" in page
    assert f"{len(unchecked)} could not be checked" in page
    assert f"file:///store/d1.pdf#page={PAGES[S01]}" in page
    assert "id='rule-table.income_total_sum'" in page and f"id='doc-{DOC}'" in page
    assert "inputs not loaded: economic_classification" in page


def test_data_docs_are_built_into_the_run_folder_when_asked(tmp_path):
    rules = [RULES_BY_ID["table.income_total_sum"], RULES_BY_ID["performance.grade_band"]]
    findings = run_rules(_inputs(mutate=_project(grade="优")), rules, data_docs_dir=tmp_path / "gx_run")
    assert {f.outcome for f in findings if f.rule_id == "performance.grade_band"} == {"failed"}
    assert not data_docs_index(tmp_path / "gx_run").exists()  # validating keeps the results; the report renders them
    index = build_data_docs(tmp_path / "gx_run")
    assert index == data_docs_index(tmp_path / "gx_run") and index.exists()
    assert "gongkai.performance" in index.read_text(encoding="utf-8")  # the family's suite is listed
    page = render_report("run-2", findings, _inputs()["documents"].to_dicts(), data_docs=index)
    assert index.resolve().as_uri() in page


def test_copying_a_document_does_not_share_state():
    # the builder is used for many cases; make sure a mutation never leaks into the next one
    a = consistent_document()
    b = copy.deepcopy(a)
    a.projects[0]["grade"] = "差"
    assert b.projects[0]["grade"] == "良" and consistent_document().projects[0]["grade"] == "良"


def test_a_share_of_the_whole_its_sentence_names():
    """岳阳市君山区数据局 2024: "人员支出163.78万元，占基本支出的89.41%" where no 财政拨款基本支出 is stated."""
    def junshan(share):
        def mutate(d):
            d.located = [f for f in d.located if f["figure"] != "general_public_budget_basic"]
            d.narrative = [n for n in d.narrative if n["figure"] not in ("general_public_budget_basic", "personnel_expense")]
            d.say(40, "二、部门整体支出情况", f"人员支出60万元，占基本支出的{share}%",
                  [("personnel_expense", 60.0, "万元"), ("personnel_expense_share_pct", share, "%")])
        return mutate
    rule = [RULES_BY_ID["narrative.share_matches"]]
    at_line_40 = lambda findings: [(f.outcome, f.expected) for f in findings if f.line_no == 40]  # noqa: E731
    assert at_line_40(run_rules(_inputs(mutate=junshan(70.59)), rule)) == [("passed", pytest.approx(100 * 60 / 85))]
    assert [o for o, _ in at_line_40(run_rules(_inputs(mutate=junshan(75.0)), rule))] == ["failed"]
