"""Standard tables (公开01–10表) extracted from real documents, against figures read by eye.

Every figure asserted here was read from the document itself (the text dump, or the PDF page
looked at with pdfplumber), never from our own extraction. Each document is parsed once per
module; the tests skip, saying why, when ../shared/corpus is absent.
"""

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


@pytest.fixture(scope="module")
def putuo_social():
    return _extract("pdf/putuo-social-work-dept-2024-final.pdf")


@pytest.fixture(scope="module")
def template():
    return _extract("pdf/national-final-accounts-template.pdf")


def _hits(facts, kind, *, code=None, label=None, column=None, measure=None, kinds=("number", "zero")):
    return [
        f for f in facts
        if f.table_kind == kind
        and (code is None or f.subject_code == code)
        and (label is None or (f.row_label or "").endswith(label))
        and (column is None or all(part in f.column_label for part in column.split("&")))
        and (measure is None or f.measure == measure)
        and f.value_kind in kinds
    ]


def _value(facts, kind, **where):
    hits = _hits(facts, kind, **where)
    assert hits, f"no fact for {kind} {where}"
    return hits[0].amount_wan if hits[0].amount_wan is not None else hits[0].value


def _codes(facts, kind, classification):
    return {f.subject_code for f in facts if f.table_kind == kind and f.classification == classification}


# ---------------------------------------------------------------- 晋城市大数据应用局 (text dump, Shanxi)


def test_jincheng_recognises_every_standard_table(jincheng):
    tables, _ = jincheng
    standard = [t for t in tables if t.table_kind in STANDARD_TABLE_KINDS + ["related_info"]]
    assert [t.table_code for t in standard] == [f"公开{k:02d}表" for k in range(1, 11)]
    assert set(STANDARD_TABLE_KINDS) <= {t.table_kind for t in standard}
    empty = {t.table_kind: t.empty_marker for t in tables if t.is_empty}
    assert set(empty) == {"government_fund", "state_capital", "three_public"}
    assert all("本表无数据" in marker for marker in empty.values())
    # the 目录 (titles followed by page numbers) creates no table
    assert "unrecognised" not in {t.table_kind for t in tables}
    assert all(t.unit == "万元" for t in standard)


def test_jincheng_figures(jincheng):
    _, facts = jincheng
    assert _value(facts, "income_expense_summary", label="本年收入合计", column="收入") == 7176.23
    assert _value(facts, "income_expense_summary", label="一般公共服务支出", column="支出") == 7123.60
    assert _value(facts, "income_expense_summary", label="住房保障支出", column="支出") == 19.69
    assert _value(facts, "income_expense_summary", label="总计", column="支出") == 7176.23
    assert _value(facts, "expense", label="合计", measure="basic") == 293.16
    assert _value(facts, "expense", label="合计", measure="project") == 6883.07
    assert _value(facts, "expense", code="2010504", measure="project") == 6568.19
    assert _value(facts, "expense", code="2010550", measure="total") == 314.88
    assert _value(facts, "expense", code="2101103", measure="total") == 4.35
    assert _value(facts, "income", code="2210201", measure="income") == 19.69
    assert _value(facts, "general_public_budget_expense", code="2010501", measure="basic") == 240.53
    assert _value(facts, "fiscal_income_expense_summary", label="本年支出合计", measure="general_public_budget") == 7176.23
    assert _value(facts, "general_public_budget_basic_expense", code="30101") == 73.44
    assert _value(facts, "general_public_budget_basic_expense", code="30113") == 84.09
    assert _value(facts, "general_public_budget_basic_expense", code="30239") == 10.65
    assert _value(facts, "general_public_budget_basic_expense", code="302") == 35.11
    assert _value(facts, "general_public_budget_basic_expense", label="人员经费合计") == 258.05
    # printed at the far right of the row, under a label merged over three code/name columns
    assert _value(facts, "general_public_budget_basic_expense", label="公用经费合计") == 35.11
    assert _value(facts, "related_info", label="合计") == 207.70
    assert _value(facts, "related_info", label="服务") == 206.60
    assert _value(facts, "related_info", label="行政单位") == 35.11


def test_jincheng_every_coded_row(jincheng):
    _, facts = jincheng
    printed = {
        "201", "20105", "2010501", "2010504", "2010550", "208", "20805", "2080505",
        "210", "21011", "2101101", "2101103", "221", "22102", "2210201",
    }
    for kind in ("income", "expense", "general_public_budget_expense"):
        assert _codes(facts, kind, "functional") == printed, kind
    economic = _codes(facts, "general_public_budget_basic_expense", "economic")
    assert len(economic) == 109  # four code/name/amount triples per row: every code the table prints
    assert {"301", "30101", "30399", "302", "30299", "307", "30704", "309", "30999", "310", "31099", "399", "39999"} <= economic
    names = {f.subject_code: f.subject_name for f in facts if f.table_kind == "general_public_budget_basic_expense"}
    assert names["30213"] == "维修（护）费"  # the name as printed


def test_jincheng_dash_blank_and_counts(jincheng):
    _, facts = jincheng
    cells = {f.subject_code: f.value_kind for f in facts if f.table_kind == "general_public_budget_basic_expense"}
    assert cells["30901"] == "dash"  # printed "——"
    assert cells["30106"] == "blank"
    vehicles = _hits(facts, "related_info", label="车辆数合计(辆)")
    assert [(f.value, f.unit, f.amount_wan) for f in vehicles] == [(1.0, "辆", None)]


def test_jincheng_provenance(jincheng):
    _, facts = jincheng
    fact = _hits(facts, "expense", code="2010504", measure="project")[0]
    assert fact.raw_text == "6,568.19" and fact.unit == "万元"
    assert fact.page is None and fact.line_no == 184  # the line of the text dump
    assert fact.column_label == "项目支出" and fact.subject_name == "信息事务"


# ---------------------------------------------------------------- 上海市普陀区财政局 (PDF, Shanghai layout)


def test_putuo_tables_across_page_breaks(putuo):
    tables, facts = putuo
    kinds = [t.table_kind for t in tables if t.table_kind != "unrecognised"]
    assert kinds == [
        "income_expense_summary", "income", "expense", "fiscal_income_expense_summary",
        "general_public_budget_expense", "general_public_budget_basic_expense", "three_public",
        "government_fund", "state_capital",
    ]
    pages = {t.table_kind: (t.page_start, t.page_end) for t in tables}
    assert pages["income_expense_summary"] == (6, 7)
    assert pages["expense"] == (10, 11)
    assert pages["general_public_budget_basic_expense"] == (16, 17)
    for kind in ("government_fund", "state_capital"):
        table = next(t for t in tables if t.table_kind == kind)
        assert table.is_empty and "本表无数据" in (table.empty_marker or "")
    # the unit list of 部门决算单位构成 is a table too, recorded with the sentence introducing it
    assert [t.title for t in tables if t.table_kind == "unrecognised"] == ["纳入上海市普陀区财政局2024年度部门决算编制范围的单位包括："]


def test_putuo_figures(putuo):
    _, facts = putuo
    assert _value(facts, "income_expense_summary", label="本年收入合计", column="收入") == 2946.25
    assert _value(facts, "income_expense_summary", label="其他收入", column="收入") == 6.20
    assert _value(facts, "income_expense_summary", label="年初结转和结余", column="收入") == 49.14
    assert _value(facts, "income_expense_summary", label="年末结转和结余", column="支出") == 55.34
    assert _value(facts, "income_expense_summary", label="总计", column="支出") == 2995.39  # on page 7
    assert _value(facts, "income", code="2010601", measure="fiscal_income") == 1511.89
    assert _value(facts, "income", code="2010601", measure="other_income") == 0.01
    # code columns split into 类 / 款 / 项
    assert _value(facts, "expense", label="合计", measure="basic") == 2336.91
    assert _value(facts, "expense", code="2010601", measure="total") == 1511.89
    assert _value(facts, "expense", code="2010601", measure="project") == 8.37
    assert _value(facts, "expense", code="2080505", measure="basic") == 160.75
    assert _value(facts, "expense", code="2210203", measure="total") == 258.50  # on page 11
    assert _value(facts, "fiscal_income_expense_summary", label="本年支出合计", measure="general_public_budget") == 2940.05
    assert _value(facts, "fiscal_income_expense_summary", label="总计", column="支出&合计") == 2961.68
    assert _value(facts, "general_public_budget_expense", code="2010608", measure="project") == 449.52
    assert _value(facts, "general_public_budget_basic_expense", code="30101") == 262.33
    assert _value(facts, "general_public_budget_basic_expense", code="30102") == 1238.58
    assert _value(facts, "general_public_budget_basic_expense", code="302") == 171.07
    assert _value(facts, "general_public_budget_basic_expense", code="31002") == 13.58  # on page 17
    assert _value(facts, "general_public_budget_basic_expense", label="人员经费合计") == 2152.26
    assert _value(facts, "general_public_budget_basic_expense", label="公用经费合计") == 184.65


def test_putuo_three_public_categories_above_budget_and_actual(putuo):
    """Page 18: the categories head the columns and 预算数/决算数 sit below each of them."""
    _, facts = putuo
    three = [f for f in facts if f.table_kind == "three_public"]
    assert len(three) == 12
    assert _value(facts, "three_public", column="合计&预算数", measure="budget") == 0.95
    assert _value(facts, "three_public", column="公务接待费&预算数", measure="budget") == 0.95
    assert all(f.value_kind == "blank" for f in three if f.measure == "actual")
    labels = {f.column_label for f in three}
    assert "财政拨款“三公”经费/公务用车购置及运行费/公务用车运行费/决算数" in labels
    assert "财政拨款“三公”经费/公务接待费/预算数" in labels  # not under 公务用车运行费


def test_putuo_every_coded_row(putuo):
    _, facts = putuo
    printed = {
        "201", "20106", "2010601", "2010602", "2010607", "2010608", "208", "20805", "2080501",
        "2080505", "2080506", "2080599", "210", "21011", "2101101", "221", "22102", "2210201", "2210203",
    }
    for kind in ("income", "expense", "general_public_budget_expense"):
        assert _codes(facts, kind, "functional") == printed, kind
    economic = {"301", "303", "302", "310"}
    economic |= {"301" + k for k in "01 02 03 06 07 08 09 10 11 12 13 14 99".split()}
    economic |= {"303" + k for k in "01 02 03 04 05 07 08 09 10 11 99".split()}
    economic |= {"302" + k for k in "01 02 03 04 05 06 07 08 09 11 12 13 14 15 16 17 18 24 25 26 27 28 29 31 39 40 99".split()}
    economic |= {"310" + k for k in "01 02 03 07 13 19 21 22 99".split()}
    assert _codes(facts, "general_public_budget_basic_expense", "economic") == economic


# ---------------------------------------------------------------- 中共上海市普陀区委社会工作部 (PDF)


def test_putuo_social_empty_tables(putuo_social):
    tables, _ = putuo_social
    assert set(STANDARD_TABLE_KINDS) <= {t.table_kind for t in tables}
    for kind in ("three_public", "government_fund", "state_capital"):
        table = next(t for t in tables if t.table_kind == kind)
        assert table.is_empty, kind
        assert table.empty_marker and table.empty_marker.endswith("故本表无数据。"), kind
    three = next(t for t in tables if t.table_kind == "three_public")
    assert three.page_start == 14


def test_putuo_social_figures(putuo_social):
    _, facts = putuo_social
    assert _value(facts, "income_expense_summary", label="一般公共预算财政拨款收入", column="收入") == 307.82
    assert _value(facts, "income_expense_summary", label="社会保障和就业支出", column="支出") == 10.82
    assert _value(facts, "income_expense_summary", label="住房保障支出", column="支出") == 29.42
    assert _value(facts, "income_expense_summary", label="本年支出合计", column="支出") == 307.82
    assert _value(facts, "expense", label="合计", measure="total") == 307.82
    assert _value(facts, "expense", label="合计", measure="basic") == 105.58
    assert _value(facts, "expense", code="2013950", measure="basic") == 11.31
    assert _value(facts, "expense", code="2013999", measure="project") == 202.24
    assert _value(facts, "expense", code="2101102", measure="total") == 0.49  # on page 9
    assert _value(facts, "general_public_budget_expense", code="201", measure="basic") == 62.63
    assert _value(facts, "general_public_budget_basic_expense", code="30102") == 39.72
    assert _value(facts, "general_public_budget_basic_expense", code="30113") == 17.70
    assert _value(facts, "general_public_budget_basic_expense", code="30239") == 2.43
    assert _value(facts, "general_public_budget_basic_expense", label="人员经费合计") == 95.36
    assert _value(facts, "general_public_budget_basic_expense", label="公用经费合计") == 10.23


def test_putuo_social_zeros_printed_as_zero(putuo_social):
    _, facts = putuo_social
    rows = {f.subject_code: f for f in facts if f.table_kind == "general_public_budget_basic_expense" and f.subject_code}
    assert (rows["30103"].raw_text, rows["30103"].value_kind, rows["30103"].amount_wan) == ("0.00", "zero", 0.0)
    assert rows["31099"].value_kind == "zero"
    assert _codes(facts, "expense", "functional") == {
        "201", "20139", "2013901", "2013950", "2013999", "208", "20805", "2080505", "2080506",
        "210", "21011", "2101101", "2101102", "221", "22102", "2210201", "2210203",
    }


# ---------------------------------------------------------------- the national template (all blank)


def test_template_every_table_recognised_and_blank(template):
    tables, facts = template
    standard = [t for t in tables if t.table_kind in STANDARD_TABLE_KINDS]
    assert sorted(t.table_kind for t in standard) == sorted(STANDARD_TABLE_KINDS)
    assert all(t.is_empty for t in standard)
    assert all(t.page_start >= 5 for t in standard)  # nothing from the 目录 on pages 2–3
    assert not [f for f in facts if f.value_kind in ("number", "zero")]
    summary = next(t for t in tables if t.table_kind == "income_expense_summary")
    assert summary.row_count == 28  # its body rows, though no figure is printed
    for kind in ("government_fund", "state_capital"):
        assert "本表无数据" in next(t for t in tables if t.table_kind == kind).empty_marker


def test_template_row_labels_and_codes(template):
    _, facts = template
    labels = {f.row_label for f in facts if f.table_kind == "income_expense_summary"}
    assert {"一、一般公共预算财政拨款收入", "二十四、抗疫特别国债安排的支出", "本年收入合计", "本年支出合计", "总计"} <= labels
    columns = {f.column_label for f in facts if f.table_kind == "fiscal_income_expense_summary"}
    assert {"收入/决算数", "支出/合计", "支出/一般公共预算财政拨款", "支出/国有资本经营预算财政拨款"} <= columns
    assert _codes(facts, "expense", "functional") == {"205", "20502", "2050205", "207", "20799"}
    economic = _codes(facts, "general_public_budget_basic_expense", "economic")
    assert len(economic) == 65  # every code printed on page 11
    assert {"301", "30101", "30399", "302", "30240", "30299", "310", "31099"} <= economic
    assert all(f.value_kind == "blank" for f in facts if f.table_kind == "general_public_budget_basic_expense")
