"""Budget tables (部门预算 / 单位预算) of the six real Putuo budget PDFs, against figures read from the pages.

Every figure was read from the PDF's own text (pdfplumber's page text, page noted), never from our extraction. The
tables print 元 except the 三公 table (万元); codes are printed split ("208 05 06"); tables run over page breaks (the
支出预算总表's 合计 row alone on a page of its own in the 万里街道 documents); the 政府性基金 and 国有资本经营 tables
are printed empty with a note. Skips when ../shared/corpus is absent.
"""

from __future__ import annotations

import pytest

from ingestion.document import extract_document
from ingestion.tables.titles import BUDGET_TABLE_KINDS
from tests.conftest import corpus_file

COMMERCE = "budget/putuo-commerce-commission-2025-budget-department.pdf"
COMMERCE_UNIT = "budget/putuo-commerce-commission-2025-budget-unit.pdf"
OFFICE = "budget/putuo-district-office-2025-budget-department.pdf"
OFFICE_UNIT = "budget/putuo-district-office-2025-budget-unit.pdf"
WANLI_2024 = "budget/putuo-wanli-subdistrict-2024-budget-department.pdf"
WANLI_2025 = "budget/putuo-wanli-subdistrict-2025-budget-department.pdf"
ALL = [COMMERCE, COMMERCE_UNIT, OFFICE, OFFICE_UNIT, WANLI_2024, WANLI_2025]

_cache: dict = {}


def extraction(relative):
    if relative not in _cache:
        _cache[relative] = extract_document(corpus_file(relative))
    return _cache[relative]


def cell(relative, kind, *, code=None, row=None, measure=None, column=None):
    """The one printed number of a table of `kind` in the row (code or label) and column (measure or header word)."""
    e = extraction(relative)
    found = [
        f for f in e.facts
        if f.table_kind == kind and f.value_kind in ("number", "zero")
        and (code is None or f.subject_code == code)
        and (row is None or f.row_label == row)
        and (measure is None or f.measure == measure)
        and (column is None or column in f.column_label)
    ]
    assert len(found) == 1, [(f.row_label, f.column_label, f.raw_text) for f in found]
    return found[0]


@pytest.mark.parametrize("relative", ALL)
def test_every_budget_table_is_recognised_once_and_nothing_is_left_unrecognised(relative):
    e = extraction(relative)
    kinds = [t.table_kind for t in e.tables]
    assert sorted(kinds) == sorted(BUDGET_TABLE_KINDS), kinds
    assert e.doc_kind == "budget"


@pytest.mark.parametrize(
    "relative, scope, department, year",
    [
        (COMMERCE, "department", "上海市普陀区商务委员会", 2025),
        (COMMERCE_UNIT, "unit", "上海市普陀区商务委员会", 2025),
        (OFFICE, "department", "上海市普陀区人民政府办公室", 2025),
        (OFFICE_UNIT, "unit", "上海市普陀区人民政府办公室", 2025),
        (WANLI_2024, "department", "上海市普陀区人民政府万里街道办事处", 2024),
        (WANLI_2025, "department", "上海市普陀区人民政府万里街道办事处", 2025),
    ],
)
def test_identity_and_scope(relative, scope, department, year):
    e = extraction(relative)
    assert (e.scope, e.department_name, e.fiscal_year) == (scope, department, year)


def test_units_per_table_yuan_and_the_three_public_table_in_wan():
    e = extraction(COMMERCE)
    units = {t.table_kind: t.unit for t in e.tables}
    assert units.pop("budget_three_public") == "万元"
    assert set(units.values()) == {"元"}
    # p.9: 收入总计 371,514,655.00 元 → 37,151.4655 万元; p.21: 机关运行经费预算数 171.01 万元
    total = cell(COMMERCE, "budget_income_expense_summary", row="收入总计")
    assert total.value == 371_514_655.00 and total.amount_wan == pytest.approx(37151.4655)
    org = cell(COMMERCE, "budget_three_public", column="机关运行经费")
    assert org.value == 171.01 and org.amount_wan == 171.01


def test_split_codes_across_a_page_break():
    # p.10–11 收入预算总表: "208 05 06 机关事业单位职业年金缴费支出 705,443.00" is the first row of p.11
    f = cell(COMMERCE, "budget_income", code="2080506", measure="total")
    assert f.page == 11 and f.value == 705_443.00 and f.subject_name == "机关事业单位职业年金缴费支出"
    # p.11 of the office's 支出预算总表: 208 05 06 881,579.76
    assert cell(OFFICE, "budget_expense", code="2080506", measure="total").value == 881_579.76


@pytest.mark.parametrize(
    "relative, page, total, basic, project",
    [
        (COMMERCE, 13, 371_514_655.00, 19_830_655.00, 351_684_000.00),
        (OFFICE, 12, 91_016_775.35, 24_606_775.35, 66_410_000.00),
        # the 合计 row alone on the table's last page, its label merged over the code and name columns
        (WANLI_2024, 20, 156_211_123, 99_706_020, 56_505_103),
        (WANLI_2025, 18, 189_767_551, 101_341_746, 88_425_805),
    ],
)
def test_expense_table_total_row(relative, page, total, basic, project):
    got = {m: cell(relative, "budget_expense", row="合计", measure=m) for m in ("total", "basic", "project")}
    assert {m: f.value for m, f in got.items()} == {"total": total, "basic": basic, "project": project}
    assert {f.page for f in got.values()} == {page}


def test_economic_table_total_splits_personnel_and_public():
    # office p.19: 合计 24,606,775.35 | 22,473,997.81 | 2,132,777.54
    assert cell(OFFICE, "budget_basic_expense_economic", row="合计", measure="total").value == 24_606_775.35
    assert cell(OFFICE, "budget_basic_expense_economic", row="合计", measure="personnel").value == 22_473_997.81
    assert cell(OFFICE, "budget_basic_expense_economic", row="合计", measure="public").value == 2_132_777.54


@pytest.mark.parametrize(
    "relative, printed",
    [
        # 合计 因公出国(境)费 公务接待费 | 小计 购置费 运行费 | 机关运行经费 (万元)
        (OFFICE, {"合计": 867.50, "因公出国": 839.00, "公务接待费": 28.50, "机关运行经费": 213.28}),
        (WANLI_2025, {"合计": 37.91, "因公出国": 0, "公务接待费": 1.35, "小计": 36.56, "购置费": 15, "/运行费": 21.56,
                      "机关运行经费": 464.64}),
    ],
)
def test_three_public_budget_table(relative, printed):
    for column, value in printed.items():
        f = cell(relative, "budget_three_public", column=column)
        assert f.value == value and f.measure == "budget", column


@pytest.mark.parametrize("relative", ALL)
def test_funds_printed_empty_are_empty_with_their_note(relative):
    tables = {t.table_kind: t for t in extraction(relative).tables}
    for kind in ("budget_government_fund_expense", "budget_state_capital_expense"):
        assert tables[kind].is_empty and "本表为空表" in (tables[kind].empty_marker or ""), kind


def test_a_table_that_prints_figures_and_says_it_is_empty_keeps_both():
    # 万里 2024 p.31 prints 47.91 … 443.18 and then "本部门2024年无“三公”经费和机关运行经费预算，故本表为空表": the
    # document contradicts itself; we keep the figures and the note, a reviewer sees both
    table = next(t for t in extraction(WANLI_2024).tables if t.table_kind == "budget_three_public")
    assert not table.is_empty and "空表" in table.empty_marker
    assert cell(WANLI_2024, "budget_three_public", column="合计").value == 47.91


@pytest.mark.parametrize("relative", ALL)
def test_every_printed_table_number_is_captured(relative):
    for c in extraction(relative).coverage:
        if c.part == "table":
            assert c.amounts_captured + c.amounts_skipped == c.amounts_printed, (c.title, c.uncaptured)


def test_unit_summary_splits_basic_into_personnel_and_public():
    # unit p.8: 支出总计 91,016,775.35 | 22,473,997.81 | 2,132,777.54 | 66,410,000.00
    kind = "budget_income_expense_summary"
    assert cell(OFFICE_UNIT, kind, row="支出总计", measure="total").value == 91_016_775.35
    assert cell(OFFICE_UNIT, kind, row="支出总计", measure="personnel").value == 22_473_997.81
    assert cell(OFFICE_UNIT, kind, row="支出总计", measure="project").value == 66_410_000.00


def test_a_level_printed_without_its_leading_zero():
    # 万里 2024 p.29: "301 | 2 | 津贴补贴 | 16,623,810" and "301 | 7 | 绩效工资 | 11,447,100" (the 款 printed 2 and 7)
    assert cell(WANLI_2024, "budget_basic_expense_economic", code="30102", measure="total").value == 16_623_810
    assert cell(WANLI_2024, "budget_basic_expense_economic", code="30107", measure="total").value == 11_447_100
