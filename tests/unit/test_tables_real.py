"""Standard tables extracted from real documents, against figures read by eye."""

from __future__ import annotations

import pytest

from ingestion.readers import read_document
from ingestion.tables import STANDARD_TABLE_KINDS, extract_tables
from tests.conftest import corpus_file


def _extract(relative):
    document = read_document(corpus_file(relative))
    return extract_tables(document.blocks)


@pytest.fixture(scope="module")
def jincheng():
    return _extract("texts/jincheng-big-data-bureau-2023-final.txt")


@pytest.fixture(scope="module")
def putuo():
    return _extract("pdf/putuo-finance-bureau-2024-final.pdf")


def _value(facts, kind, *, code=None, label=None, column=None, measure=None):
    hits = [
        f for f in facts
        if f.table_kind == kind
        and (code is None or f.subject_code == code)
        and (label is None or (f.row_label or "").endswith(label))
        and (column is None or column in f.column_label)
        and (measure is None or f.measure == measure)
        and f.value_kind in ("number", "zero")
    ]
    assert hits, f"no fact for {kind} {code or label} {column or measure}"
    return hits[0].amount_wan if hits[0].amount_wan is not None else hits[0].value


def test_jincheng_recognises_every_standard_table(jincheng):
    tables, _ = jincheng
    kinds = {t.table_kind for t in tables}
    assert set(STANDARD_TABLE_KINDS) <= kinds
    codes = {t.table_kind: t.table_code for t in tables if t.table_code}
    assert codes["income_expense_summary"] == "公开01表"
    assert codes["three_public"] == "公开09表"
    empty = {t.table_kind for t in tables if t.is_empty}
    assert {"government_fund", "state_capital", "three_public"} <= empty


def test_jincheng_figures(jincheng):
    _, facts = jincheng
    assert _value(facts, "income_expense_summary", label="本年收入合计", column="收入") == 7176.23
    assert _value(facts, "income_expense_summary", label="一般公共服务支出", column="支出") == 7123.60
    assert _value(facts, "expense", label="合计", measure="basic") == 293.16
    assert _value(facts, "expense", label="合计", measure="project") == 6883.07
    assert _value(facts, "expense", code="2010504", measure="project") == 6568.19
    assert _value(facts, "expense", code="2101103", measure="total") == 4.35
    assert _value(facts, "income", code="2210201", measure="income") == 19.69
    assert _value(facts, "general_public_budget_expense", code="2010501", measure="basic") == 240.53
    assert _value(facts, "general_public_budget_basic_expense", code="30101") == 73.44
    assert _value(facts, "general_public_budget_basic_expense", code="30113") == 84.09
    assert _value(facts, "general_public_budget_basic_expense", code="30239") == 10.65
    assert _value(facts, "general_public_budget_basic_expense", label="人员经费合计") == 258.05
    assert _value(facts, "fiscal_income_expense_summary", label="本年支出合计", measure="general_public_budget") == 7176.23


def test_jincheng_dash_and_blank_are_kept_apart(jincheng):
    _, facts = jincheng
    cells = {f.subject_code: f.value_kind for f in facts if f.table_kind == "general_public_budget_basic_expense"}
    assert cells["30901"] == "dash"  # printed "——"
    assert cells["30106"] == "blank"


def test_putuo_pdf_tables_across_page_breaks(putuo):
    tables, facts = putuo
    summary = next(t for t in tables if t.table_kind == "income_expense_summary")
    assert (summary.page_start, summary.page_end) == (6, 7)
    assert _value(facts, "income_expense_summary", label="本年收入合计", column="收入") == 2946.25
    assert _value(facts, "income_expense_summary", label="总计", column="支出") == 2995.39
    # code columns split into 类 / 款 / 项
    assert _value(facts, "expense", code="2010601", measure="total") == 1511.89
    assert _value(facts, "expense", code="2080505", measure="basic") == 160.75
    assert _value(facts, "expense", code="2210203", measure="total") == 258.50
    assert _value(facts, "general_public_budget_basic_expense", code="30102") == 1238.58
    assert _value(facts, "general_public_budget_basic_expense", code="31002") == 13.58
    fund = next(t for t in tables if t.table_kind == "government_fund")
    assert fund.is_empty and "本表无数据" in (fund.empty_marker or "")
