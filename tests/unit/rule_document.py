"""The rules' inputs as a mutable document: tables, facts, narrative, sentences, projects and what dbt's models make
of them (located places, reconciled figures) and what the extractor reports (coverage), turned into the frames the
runner reads. consistent_document.py fills one whose figures all agree; tests break one value at a time.
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
BUDGET = "d3" + "0" * 62  # the department's published 部门预算 of the same year
UNIT_BUDGET = "d4" + "0" * 62  # the 单位预算 of the department's own unit (same name), within the 部门预算

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
# The document is a scan read by OCR with confidence to spare, so the OCR rules check it too: every cell and figure
# keeps a confidence and a box, as ingestion.ocr.provenance gives them.
OCR_CONFIDENCE = 0.98
OCR_FIELDS = ("ocr_confidence", "bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom")


def _ocr(row: int | None, col: int | None = 0) -> dict:
    top = 100.0 + 20 * (row or 0)
    return {"ocr_confidence": OCR_CONFIDENCE, "bbox_x0": 50.0 + 60 * (col or 0), "bbox_top": top,
            "bbox_x1": 100.0 + 60 * (col or 0), "bbox_bottom": top + 12}

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
            "unit": "万元", "unit_assumed": False, "page_start": PAGES[kind], "page_end": PAGES[kind], "line_start": None,
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
            "amount_wan": value if value_kind in ("number", "zero") else None, **_ocr(row, col),
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
                "subject_words": None, **_ocr(line // 20),
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
        frame = pl.DataFrame(self.facts, infer_schema_length=None)
        # as expectations/inputs.py reads them: the cells without OCR columns, and the OCR'd cells apart
        facts = frame.drop([c for c in OCR_FIELDS if c in frame.columns])
        ocr_cells = frame.filter(pl.col("ocr_confidence").is_not_null()) if "ocr_confidence" in frame.columns else frame.clear()
        return {
            "ocr_cells": ocr_cells,
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
           "table_count": 9, "fact_count": 100, "narrative_count": 20, "project_count": 1,
           "ocr_pages": ",".join(str(p) for p in range(1, 13)), "ocr_engine": "PP-OCRv4", "ocr_confidence": OCR_CONFIDENCE,
           "ocr_unreadable_pages": None, "scope": "department"}
    row.update(overrides)
    return row
