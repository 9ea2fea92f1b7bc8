"""A small but complete 部门决算 as the rules read it: the nine standard tables, a narrative that restates them
with shares, a completion rate and a year-on-year change, one project self-evaluation, and what dbt's models make
of them (located places, reconciled figures) and what the extractor reports (coverage). Its figures all agree
(amounts in 万元, printed to the cent); tests break one value at a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from expectations import runner
from expectations.findings import Finding, as_findings

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
PROJECT_LINE = 500  # where the project form starts in the line stream: its own text follows it

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
    sentences: list[dict] = field(default_factory=list)  # the prose as printed (headings, titles, sentences, cells)

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

    def say(self, line: int, section: str, sentence: str, figures: list[tuple[str, float, str]], code: str | None = None,
            document_id: str = DOC) -> None:
        for figure, value, unit in figures:
            self.narrative.append({
                "document_id": document_id, "figure": figure, "value": value, "unit": unit,
                "value_wan": value if unit == "万元" else None, "subject_code": code, "section": section,
                "sentence": sentence, "page": NARRATIVE_PAGE, "line_no": line, "is_restatement": False,
                "subject_words": None,
            })
        if not any(s["document_id"] == document_id and s["line_no"] == line and s["text"] == sentence for s in self.sentences):
            self.write(line, sentence, section=section, document_id=document_id)

    def write(self, line: int, text: str, kind: str = "sentence", section: str | None = None, level: int | None = None,
              page: int = NARRATIVE_PAGE, paragraph: int | None = None, document_id: str = DOC) -> None:
        """A sentence (or heading, title, form cell) of the prose; a paragraph of its own unless one is given."""
        self.sentences.append({
            "document_id": document_id, "sentence_index": len(self.sentences), "kind": kind, "level": level,
            "paragraph_index": paragraph if paragraph is not None else 1000 + len(self.sentences), "section": section,
            "text": text, "page": page, "line_no": line})

    def sentence(self, fragment: str) -> dict:
        hits = [s for s in self.sentences if fragment in s["text"]]
        assert len(hits) == 1, (fragment, len(hits))
        return hits[0]

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
            "sentences": pl.DataFrame(sorted(self.sentences, key=lambda s: (s["document_id"], s["line_no"], s["sentence_index"])),
                                      schema=SENTENCE_SCHEMA),
            "functional_classification": pl.DataFrame({"subject_code": list(FUNCTIONAL), "subject_name": list(FUNCTIONAL.values())}),
            "economic_classification": pl.DataFrame({"subject_code": list(ECONOMIC), "subject_name": list(ECONOMIC.values())}),
        }


SENTENCE_SCHEMA = {"document_id": pl.String, "sentence_index": pl.Int64, "kind": pl.String, "level": pl.Int64,
                   "paragraph_index": pl.Int64, "section": pl.String, "text": pl.String, "page": pl.Int64, "line_no": pl.Int64}


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
    three_parts = ("因公出国（境）费0.50万元，占10%，比上年减少0.50万元；公务用车购置及运行维护费3.00万元，占60%，与上年持平；"
                   "公务接待费1.50万元，占30%，比上年减少0.50万元。")
    d.say(33, "七、“三公”经费财政拨款支出决算情况说明", three_parts, [
        ("three_public_outbound_travel", 0.50, "万元"), ("three_public_outbound_travel_share_pct", 10.0, "%"),
        ("three_public_outbound_travel_yoy_change", -0.50, "万元"),
        ("three_public_vehicle_total", 3.00, "万元"), ("three_public_vehicle_total_share_pct", 60.0, "%"),
        ("three_public_reception", 1.50, "万元"), ("three_public_reception_share_pct", 30.0, "%"),
        ("three_public_reception_yoy_change", -0.50, "万元")])
    _prose(d)

    # what each table prints, as the extractor counts it
    for table in d.tables:
        d.printed[table["table_index"]] = sum(
            1 for f in d.facts if f["table_index"] == table["table_index"] and f["value_kind"] in ("number", "zero"))

    # one project self-evaluation: 10 (execution) + 3 × 30 (indicators) = 100
    d.projects.append({"document_id": DOC, "project_index": 1, "project_name": "数据平台运维", "budget_initial": 50.0,
                       "budget_adjusted": 50.0, "executed": 45.0, "execution_rate_pct": 90.0, "execution_score": 9.0,
                       "execution_weight": 10.0, "total_score": 89.0, "grade": "良", "page": PROJECT_PAGE, "line_no": PROJECT_LINE,
                       "budget_printed": True, "total_score_printed": True, "indicator_rows_printed": 3})
    for index, (level3, weight, score) in enumerate([("平台数量", 30.0, 30.0), ("运行率", 30.0, 25.0), ("满意度", 30.0, 25.0)], 1):
        d.indicators.append({"document_id": DOC, "project_index": 1, "project_name": "数据平台运维", "indicator_index": index,
                             "level3": level3, "weight": weight, "score": score, "page": PROJECT_PAGE, "line_no": None})
    return d


def _prose(d: Document) -> None:
    """The headings and sentences the text rules read, beyond the figures' sentences: the title, a part heading, the
    budget paragraph with its comparison word, a change with both years' amounts, a 截至 date, a 主要包括 list and the
    project form's own text."""
    d.write(1, "测试市数据局2024年度部门决算", kind="title", page=1)
    d.write(3, "第一部分 测试市数据局概况", kind="heading", level=0, page=1)
    d.write(19, "二、收入决算情况说明", kind="heading", level=1, section="二、收入决算情况说明")
    section5 = "五、一般公共预算财政拨款支出决算情况说明"
    budget = "一般公共预算财政拨款支出年初预算为100.00万元，全年预算为110.00万元，支出决算为104.50万元，完成全年预算的95%。"
    d.say(28, section5, budget, [("expense_general_public_budget_budget_initial", 100.00, "万元"),
                                 ("expense_general_public_budget_budget", 110.00, "万元"),
                                 ("expense_general_public_budget", 104.50, "万元"),
                                 ("expense_general_public_budget_completion_pct", 95.0, "%")])
    d.sentence("完成全年预算的95%")["paragraph_index"] = 28
    d.write(28, "决算数小于全年预算数的主要原因是项目调减。", section=section5, paragraph=28)
    d.write(31, "人员经费主要包括：基本工资、津贴补贴等；公用经费主要包括：办公费。",
            section="六、一般公共预算财政拨款基本支出决算情况说明")
    other = "十、其他重要事项的情况说明"
    d.write(34, "2024年机关运行经费20.00万元，2023年为18.00万元，比2023年增加2.00万元，增长11.11%。", section=other)
    d.write(36, "截至2024年12月31日，测试市数据局共有车辆2辆。", section=other)
    d.write(38, "绩效自评的2024年度项目1个，平均得分89.00分（其中，绩效评级为“优”的项目0个；绩效评级为“良”的项目1个；"
                "绩效评级为“合格”的项目0个）。", section=other)
    d.write(PROJECT_LINE + 10, "预算下达50万元，实际执行45万元，预算执行率为90%，自评得分89分。", kind="cell", page=PROJECT_PAGE)


def with_prior_year(d: Document, prior_total: float = 6.00) -> Document:
    """The department's 2023 document, as far as the year-on-year rule reads it, and its prose: a department founded
    that year, whose totals therefore carry nothing over."""
    d.documents.append(document_row(PRIOR, 2023))
    d.locate("three_public_actual_total", prior_total, "three_public", document_id=PRIOR)
    section = "一、收入支出决算总体情况说明"
    d.say(14, section, "2023年度收入、支出总计均为50.00万元。", [("income_grand_total", 50.00, "万元"),
                                                          ("expense_grand_total", 50.00, "万元")], document_id=PRIOR)
    d.say(15, section, "本年收入合计50.00万元，本年支出合计50.00万元。", [("income_total", 50.00, "万元"),
                                                                 ("expense_total", 50.00, "万元")], document_id=PRIOR)
    d.write(16, "本部门于2023年新成立。", section=section, document_id=PRIOR)
    return d
