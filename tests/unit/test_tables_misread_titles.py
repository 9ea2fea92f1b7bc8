"""Titles misread by OCR are recognised through the 公开NN表 label printed beside them, and nothing is guessed where
no label stands or where the label disagrees with a title printed whole."""

from __future__ import annotations

import pytest

from ingestion.readers.text import read_text
from ingestion.tables import extract_tables
from ingestion.tables.titles import recognise_labelled_title


@pytest.mark.parametrize(
    ("title", "label", "kind"),
    [
        # misreads seen on a scanned 部门决算 (财→则/购, 拨→发, 收入→攻人, 性→生, 本→太)
        ("攻人决算表", "公开02表", "income"),
        ("购政：发款收入支出决算总表", "公开04表", "fiscal_income_expense_summary"),
        ("一般公共预算则政:发款支出决算表", "公开05表", "general_public_budget_expense"),
        ("一般公共预算则政发款基 支 决算表", "公开06表", "general_public_budget_basic_expense"),
        ("政府生基金预算购政发款收入支出决算表", "公开07表", "government_fund"),
        ("国有资太经营预算购政：发款支出决算表", "公开08表", "state_capital"),
        ("（公开05表）一般公共预算则政:发款支出决算表", None, "general_public_budget_expense"),
        # no label: nothing is guessed
        ("攻人决算表", None, None),
        ("一般公共预算则政:发款支出决算表", None, "expense"),
        # a title printed whole stands, whatever the label's number (provinces number their tables differently)
        ("收入决算表", "公开03表", "income"),
        ("晋城市大数据应用局支出决算表", "公开05表", "expense"),
        ("财政拨款收入支出决算总表", "公开01表", "fiscal_income_expense_summary"),
        # a labelled line like no template title
        ("部门决算单位构成情况表", "公开11表", None),
    ],
)
def test_labelled_titles(title, label, kind):
    assert recognise_labelled_title(title, label) == kind


def test_a_scanned_tables_titles_and_their_continuation_pages():
    lines = [
        "攻人决算表", "公开02表", "单位：万元",
        "项目\t本年收入合计\t财政拨款收入",
        "科目代码\t科目名称\t\t",
        "合计\t\t100.00\t100.00",
        "一般公共预算则政:发款支出决算表", "公开05表", "单位：万元",
        "科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出",
        "201\t一般公共服务支出\t60.00\t40.00\t20.00",
        "一般公共预算购政:发款支出决算表(续表)",
        "科目代码\t科目名称\t本年支出合计\t基本支出\t项目支出",
        "208\t社会保障和就业支出\t40.00\t40.00\t0.00",
    ]
    tables, facts = extract_tables(read_text("\n".join(lines).encode("utf-8")).blocks)
    assert [t.table_kind for t in tables] == ["income", "general_public_budget_expense"]
    assert {f.row_label for f in facts if f.table_kind == "general_public_budget_expense" and f.amount_wan} >= {
        "一般公共服务支出", "社会保障和就业支出"}


def test_a_continued_title_under_the_page_number_keeps_the_tables_unit():
    """The page's number ("- 1 -") above a 续表 title broken over two lines is no part of that title: the second
    part continues the table and its 元 are converted like the first part's."""
    lines = [
        "某局2023年度一般公共预算财政拨款基本支出决算", "表", "公开06表", "单位：元",
        "科目编码\t科目名称\t金额",
        "301\t工资福利支出\t1,000,000.00",
        "30101\t基本工资\t1,000,000.00",
        "- 1 -",
        "某局2023年度一般公共预算财政拨款基本支出决算", "表（续表）",
        "科目编码\t科目名称\t金额",
        "302\t商品和服务支出\t32,700.00",
        "30216\t培训费\t32,700.00",
    ]
    tables, facts = extract_tables(read_text("\n".join(lines).encode("utf-8")).blocks)
    assert [t.table_kind for t in tables] == ["general_public_budget_basic_expense"]
    amounts = {f.subject_code: f.amount_wan for f in facts if f.amount_wan}
    assert amounts == {"301": 100.0, "30101": 100.0, "302": 3.27, "30216": 3.27}


def test_a_continued_title_misread_by_ocr_continues_its_table_in_its_unit():
    """A scan's 续表 title with a stray letter read before it ("I收入支出决算总表(续表)") continues the table above:
    its amounts are in the first part's 元, not a new table's assumed 万元."""
    lines = [
        "收入支出决算总表", "公开01表", "单位：元",
        "项目\t\t项目\t",
        "本年收入合计\t1,000,000.00\t本年支出合计\t1,000,000.00",
        "I收入支出决算总表(续表)",
        "年初结转和结余\t20,000.00\t年末结转和结余\t20,000.00",
        "收入总计\t1,020,000.00\t支出总计\t1,020,000.00",
    ]
    tables, facts = extract_tables(read_text("\n".join(lines).encode("utf-8")).blocks)
    assert [t.table_kind for t in tables] == ["income_expense_summary"]
    grand = [f.amount_wan for f in facts if f.row_label == "收入总计" and f.amount_wan]
    assert grand == [102.0]
