"""Readers (text, Excel, Word, PDF) and the table layouts they leave, on small files built here.

Each case is a layout real disclosures arrive in: text dumps with tab-separated rows or one cell
per line (GBK as well as UTF-8), workbooks with number formats and merged cells, Word tables
with merged cells, ruled PDF tables running over a page break, tables in 元, codes split over
类/款/项 columns, a 目录 that must not become a table.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from openpyxl import Workbook

from ingestion.readers import read_document
from ingestion.readers.docx import read_docx
from ingestion.readers.pdf import read_pdf
from ingestion.readers.text import read_text
from ingestion.readers.xlsx import format_number, read_xlsx
from ingestion.tables import extract_tables, recognise_title, regroup_cell_lines


def _facts(blocks):
    return extract_tables(blocks)


def _one(facts, **where):
    hits = [f for f in facts if all(getattr(f, k) == v for k, v in where.items())]
    assert len(hits) == 1, (where, len(hits))
    return hits[0]


# ---------------------------------------------------------------- text dumps


TAB_DUMP = "\n".join([
    "目录",
    "一、收入支出决算总表\t3",
    "二、支出决算表\t5",
    "第三部分 情况说明\t9",
    "",
    "支出决算表",
    "公开03表",
    "单位：元",
    "项目\t\t\t\t本年支出合计\t基本支出\t项目支出",
    "功能分类科目编码\t\t\t科目名称\t\t\t",
    "类\t款\t项\t\t\t\t",
    "\t\t\t合计\t1,234,567.00\t234,567.00\t1,000,000.00",
    "201\t\t\t一般公共服务支出\t1,234,567.00\t234,567.00\t1,000,000.00",
    "\t05\t\t统计信息事务\t1,234,567.00\t234,567.00\t1,000,000.00",
    "\t\t01\t行政运行\t234,567.00\t234,567.00\t",
    "\t\t04\t信息事务\t１,０００,０００.００\t\t1,000,000.00",
    "210\t\t\t卫生健康支出\t——\t-\t0",
    "\t\t\t三、其他支出\t\t\t",
    "注：本表反映部门本年度各项支出情况。",
])


def test_tab_rows_in_yuan_with_codes_over_three_columns():
    document = read_text(TAB_DUMP.encode("utf-8"))
    tables, facts = _facts(document.blocks)
    assert [(t.table_kind, t.table_code, t.unit) for t in tables] == [("expense", "公开03表", "元")]  # no 目录 table
    total = _one(facts, subject_code=None, row_label="合计", measure="total")
    assert (total.raw_text, total.value, total.unit, total.amount_wan) == ("1,234,567.00", 1234567.0, "元", 123.4567)
    # a level left blank repeats the level above: 201 / 05 / 01 → 2010501
    assert _one(facts, subject_code="20105", measure="basic").amount_wan == 23.4567
    row = _one(facts, subject_code="2010501", measure="total")
    assert (row.subject_name, row.classification, row.line_no, row.col_index) == ("行政运行", "functional", 15, 4)
    assert _one(facts, subject_code="2010504", measure="total").amount_wan == 100.0  # full-width digits
    kinds = {f.measure: f.value_kind for f in facts if f.subject_code == "210"}
    assert kinds == {"total": "dash", "basic": "dash", "project": "zero"}
    # a label whose amounts are all blank is still a row of the table (not a heading ending it)
    assert {f.value_kind for f in facts if f.row_label == "三、其他支出"} == {"blank"}


def _cell_lines(rows):
    lines = []
    for row in rows:
        lines += ["\t" + (cell or "\u3000") for cell in row] + [""]
    return lines


def test_one_cell_per_line_gbk_three_public_with_categories_above_budget_and_actual():
    lines = ["财政拨款“三公”经费支出决算表", "单位：万元", ""] + _cell_lines([
        ["财政拨款“三公”经费"],
        ["合计", "", "因公出国（境）费", "", "公务用车购置及运行费", "", "", "", "", "", "公务接待费", ""],
        ["", "", "", "", "小计", "", "公务用车购置费", "", "公务用车运行费", "", "", ""],
        ["预算数", "决算数"] * 6,
        ["12.50", "10.20", "", "", "8.00", "7.10", "", "", "8.00", "7.10", "4.50", "3.10"],
    ]) + ["注：本表反映部门本年度“三公”经费支出预决算情况。", ""]
    text = "\n".join(lines).replace("\t公务用车运行费", "\t公务用车\n运行费")  # a cell run on over two lines
    document = read_document(__import__("pathlib").Path("x.txt"), text.encode("gb18030"))
    assert document.warnings == ["decoded as gb18030"]
    # consumers reading line by line still see one text line per filled cell
    assert all(b.kind == "text" for b in document.blocks)
    budget = [b for b in document.blocks if b.text == "12.50"][0]
    assert (budget.source_table, budget.row_index, budget.col_index, budget.row_width) == (0, 4, 0, 12)
    heading = [b for b in document.blocks if b.text == "财政拨款“三公”经费"][0]
    assert heading.row_width == 1  # a cell merged over the row is printed once
    _, facts = _facts(document.blocks)
    by_column = {f.column_label: (f.measure, f.value_kind, f.amount_wan) for f in facts}
    assert by_column["合计/预算数"] == ("budget", "number", 12.5)
    assert by_column["合计/决算数"] == ("actual", "number", 10.2)
    assert by_column["公务用车购置及运行费/小计/决算数"] == ("actual", "number", 7.1)
    assert by_column["公务用车购置及运行费/公务用车运行费/预算数"] == ("budget", "number", 8.0)
    assert by_column["公务接待费/决算数"] == ("actual", "number", 3.1)  # not under 公务用车运行费
    assert by_column["因公出国(境)费/预算数"] == ("budget", "blank", None)


def test_one_cell_per_line_rows_blank_cells_and_page_numbers():
    lines = ["2024年度部门整体支出绩效评价基础数据表"] + _cell_lines([
        ["经费控制情况（万元）", "2023年决算数", "2024年预算数", "2024年决算数"],
        ["三公经费", "0.97", "\u30000.5", "0.17"],
        ["楼堂馆所控制情况\n（2024年完工项目）", "", "", ""],
    ])[:-1] + ["  12", "说明：以上为基础数据。"]
    document = read_text("\n".join(lines).encode("utf-8"))
    rows = [b for b in regroup_cell_lines(document.blocks) if b.kind == "row"]
    assert [r.cells for r in rows] == [
        ("经费控制情况（万元）", "2023年决算数", "2024年预算数", "2024年决算数"),
        ("三公经费", "0.97", "0.5", "0.17"),
        ("楼堂馆所控制情况（2024年完工项目）", "", "", ""),  # its blank cells kept: the row prints four
    ]
    page_number = [b for b in document.blocks if b.text == "12"][0]
    assert page_number.col_index is None  # an indented page number continues no cell


# ---------------------------------------------------------------- Excel


def _workbook_bytes() -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "公开06表"
    ws.append(["一般公共预算财政拨款基本支出决算明细表"])
    ws.append(["公开06表"])
    ws.append(["部门名称：测试局", None, None, "金额单位：万元"])
    ws.append(["人员经费", None, None, "公用经费", None, None])
    ws.append(["科目代码", "科目名称", "决算数", "科目代码", "科目名称", "决算数"])
    ws.append(["301", "工资福利支出", 1234.5, "302", "商品和服务支出", 0])
    ws.append(["30101", "基本工资", 1234.5, "30201", "办公费", None])
    ws.append(["人员经费合计", None, 1234.5, "公用经费合计", None, 0])
    ws.append(["注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。"])
    ws.merge_cells("A4:C4")
    ws.merge_cells("D4:F4")
    ws.merge_cells("A8:B8")
    ws.merge_cells("D8:E8")
    for row in ws.iter_rows(min_row=6, max_row=8):
        for cell in row:
            if isinstance(cell.value, (int, float)):
                cell.number_format = "#,##0.00"
    hidden = wb.create_sheet("底稿")
    hidden.append(["收入决算表"])
    hidden.append(["合计", 1, 2])
    hidden.sheet_state = "hidden"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_excel_number_formats_merged_cells_and_sheets_as_pages():
    document = read_xlsx(_workbook_bytes())
    assert document.page_count == 2
    rows = [b for b in document.blocks if b.kind == "row"]
    assert rows[3].cells == ("301", "工资福利支出", "1,234.50", "302", "商品和服务支出", "0.00")
    assert rows[4].cells == ("30101", "基本工资", "1,234.50", "30201", "办公费", "")  # blank inside the grid kept
    assert {b.page for b in document.blocks} == {1}  # the hidden sheet is not read
    tables, facts = _facts(document.blocks)
    assert [(t.table_kind, t.table_code, t.unit, t.page_start) for t in tables] == [
        ("general_public_budget_basic_expense", "公开06表", "万元", 1)
    ]
    assert _one(facts, subject_code="301").raw_text == "1,234.50"
    assert _one(facts, subject_code="302").value_kind == "zero"
    assert _one(facts, subject_code="30201").value_kind == "blank"
    assert _one(facts, row_label="公用经费合计").column_label == "公用经费/决算数"


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [(7176.23, "#,##0.00", "7,176.23"), (0.985, "0.00%", "98.50%"), (12, "General", "12"), (3.0, "General", "3"), (19.5, "0.00", "19.50")],
)
def test_excel_number_format(value, number_format, text):
    assert format_number(value, number_format) == text


# ---------------------------------------------------------------- Word


def test_word_merged_cells_printed_once():
    document = Document()
    document.add_paragraph("财政拨款“三公”经费支出决算表")
    document.add_paragraph("金额单位：元")
    table = document.add_table(rows=3, cols=4)
    cells = [[table.cell(r, c) for c in range(4)] for r in range(3)]
    texts = {(0, 0): "合计", (0, 1): "因公出国（境）费", (0, 2): "公务接待费", (1, 2): "预算数", (1, 3): "决算数",
             (2, 0): "90,000.00", (2, 2): "50,000.00", (2, 3): "40,000.00"}
    for (r, c), text in texts.items():
        cells[r][c].text = text
    cells[0][2].merge(cells[0][3])  # 公务接待费 over its 预算数 and 决算数
    cells[0][0].merge(cells[1][0])  # 合计 and 因公出国（境）费 over both header rows
    cells[0][1].merge(cells[1][1])
    parsed = read_docx(_save(document))
    rows = [b for b in parsed.blocks if b.kind == "row"]
    assert [r.cells for r in rows] == [
        ("合计", "因公出国（境）费", "公务接待费", ""),
        ("", "", "预算数", "决算数"),  # the cells merged from above read empty, not repeated
        ("90,000.00", "", "50,000.00", "40,000.00"),
    ]
    assert [(r.source_table, r.row_index) for r in rows] == [(0, 0), (0, 1), (0, 2)]
    _, facts = _facts(parsed.blocks)
    by_column = {f.column_label: (f.measure, f.unit, f.amount_wan) for f in facts}
    assert by_column == {
        "合计": ("total", "元", 9.0),
        "因公出国(境)费": ("value", "元", None),
        "公务接待费/预算数": ("budget", "元", 5.0),
        "公务接待费/决算数": ("actual", "元", 4.0),
    }


def _save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------- PDF


def test_pdf_ruled_table_over_a_page_break_in_yuan():
    from sample_corpus.blocks import Heading, TableBlock
    from sample_corpus.render_pdf import render_pdf
    from sample_corpus.tables import Grid

    body = [["合计", "", "1,100,000.00", "100,000.00", "1,000,000.00"]]
    for k in range(1, 90):
        body.append([f"2010{k:03d}"[:7], f"第{k}项", "12,345.00", "12,345.00", ""])
    grid = Grid(
        kind="general_public_budget_expense",
        code="公开05表",
        title="一般公共预算财政拨款支出决算表",
        labels=["公开05表", "部门名称：测试局", "2024年度", "金额单位：元"],
        header=[["项目", "", "本年支出", "", ""], ["科目代码", "科目名称", "小计", "基本支出", "项目支出"]],
        body=body,
        note="注：本表反映部门本年度一般公共预算财政拨款实际支出情况。",
        spans=[(0, 0, 0, 1), (0, 2, 0, 4)],
        widths=[1.1, 3.4, 1.4, 1.4, 1.4],
    )
    data, pages = render_pdf([Heading("第二部分 部门决算表", 1), TableBlock(grid)])
    assert pages >= 2
    document = read_pdf(data)
    rows = [b for b in document.blocks if b.kind == "row"]
    assert rows[0].row_index == 0 and {r.source_table for r in rows} == {0}
    tables, facts = _facts(document.blocks)
    assert len(tables) == 1
    table = tables[0]
    assert (table.table_kind, table.table_code, table.unit, table.page_start) == ("general_public_budget_expense", "公开05表", "元", 1)
    assert table.page_end == pages and table.row_count == 90  # the header repeated on page 2 is no row
    last = _one(facts, subject_code="2010089", measure="basic")
    assert (last.page, last.amount_wan, last.column_label) == (pages, 1.2345, "本年支出/基本支出")
    assert _one(facts, row_label="合计", measure="project").amount_wan == 100.0


# ---------------------------------------------------------------- recognition rules


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("收入支出决算总表", "income_expense_summary"),
        ("（公开01表）收入支出决算总表", "income_expense_summary"),
        ("晋城市大数据应用局2023年度支出决算表", "expense"),
        ("财政拨款收入支出决算总表（续）", "fiscal_income_expense_summary"),
        ("一般公共预算财政拨款“三公”经费支出决算表", "three_public"),
        ("九、财政拨款“三公”经费支出决算表", "three_public"),
        ("部门预算项目支出绩效自评表（2024年度）", "project_performance"),
        ("项目支出决算表", None),  # another table, not the 支出决算表
        ("基本支出决算表", None),
        ("三、支出决算情况说明", None),
        ("一、收入支出决算总表 ........ 3", None),
    ],
)
def test_titles(title, kind):
    assert recognise_title(title) == kind


def test_unrecognised_table_keeps_its_title_and_empty_table_is_present():
    text = "\n".join([
        "部门决算单位构成情况表",
        "序号\t单位名称\t备注",
        "1\t测试局（本级）\t",
        "国有资本经营预算财政拨款支出决算表",
        "单位：万元",
        "项目\t\t本年支出\t\t",
        "科目代码\t科目名称\t合计\t基本支出\t项目支出",
        "说明：测试局本年度没有国有资本经营预算财政拨款支出，故本表无数据。",
    ])
    tables, facts = _facts(read_text(text.encode("utf-8")).blocks)
    assert [(t.table_kind, t.title, t.is_empty) for t in tables] == [
        ("unrecognised", "部门决算单位构成情况表", True),
        ("state_capital", "国有资本经营预算财政拨款支出决算表", True),
    ]
    assert tables[1].empty_marker.endswith("故本表无数据。")
    assert not [f for f in facts if f.table_kind == "state_capital"]


def test_code_and_name_in_one_cell_budget_columns_and_rates():
    text = "\n".join([
        "一般公共预算财政拨款支出决算表",
        "单位：万元",
        "科目编码\t科目名称\t年初预算数\t全年预算数\t决算数\t完成率%",
        "2010501 行政运行\t\t100.00\t100.00\t98.50\t98.5%",
        "201 05 02 一般行政管理事务\t\t10.00\t10.00\t0.00\t0%",
    ])
    _, facts = _facts(read_text(text.encode("utf-8")).blocks)
    row = {f.measure: (f.value_kind, f.value, f.unit, f.amount_wan) for f in facts if f.subject_code == "2010501"}
    assert row == {
        "budget_initial": ("number", 100.0, "万元", 100.0),
        "budget": ("number", 100.0, "万元", 100.0),
        "total": ("number", 98.5, "万元", 98.5),
        "value": ("number", 98.5, "%", None),  # a rate is no amount of money
    }
    assert {f.subject_name for f in facts if f.subject_code == "2010502"} == {"一般行政管理事务"}
    assert _one(facts, subject_code="2010502", unit="%").value_kind == "zero"


def test_table_drawn_without_rules_is_flagged_unread():
    from ingestion.records import Block

    lines = ["支出决算表", "单位：万元", "项目 本年支出合计 基本支出 项目支出", "合计 2,940.05 2,336.91 603.14",
             "201 06 01 行政运行 1,511.89 1,503.52 8.37", "本年支出合计2,940.05万元，其中基本支出2,336.91万元。"]
    blocks = [Block("text", (line,), 10, n) for n, line in enumerate(lines, start=1)]
    tables, facts = _facts(blocks)
    # unread, not empty: its lines print amounts (a 三公 mart row must not say the table was empty)
    assert [(t.table_kind, t.is_empty, t.unread_lines) for t in tables] == [("expense", False, 2)]
    assert facts == []


def test_running_header_at_page_top_does_not_end_a_table():
    from ingestion.records import Block

    def row(page, n, *cells):
        return Block("row", cells, page, n, 0, n)

    header = "第二部分 测试局2024年度部门决算表"
    blocks = [
        Block("text", (header,), 5, 1), Block("text", ("支出决算表",), 5, 2), Block("text", ("单位：万元",), 5, 3),
        row(5, 4, "科目编码", "科目名称", "本年支出合计"), row(5, 5, "合计", "", "30.00"), row(5, 6, "201", "一般公共服务支出", "10.00"),
        Block("text", (header,), 6, 7), row(6, 8, "科目编码", "科目名称", "本年支出合计"), row(6, 9, "208", "社会保障和就业支出", "20.00"),
        Block("text", ("第三部分 情况说明",), 7, 10), row(7, 11, "序号", "单位名称"), row(7, 12, "1", "测试局"),
    ]
    tables, facts = _facts(blocks)
    assert [(t.table_kind, t.page_start, t.page_end, t.row_count) for t in tables] == [
        ("expense", 5, 6, 3), ("unrecognised", 7, 7, 1),
    ]
    assert _one(facts, subject_code="208").amount_wan == 20.0


def test_markdown_pipe_table_in_yuan():
    text = "\n".join([
        "## 一般公共预算财政拨款支出决算表",
        "金额单位：元",
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |",
        "|---|---|---:|---:|---:|",
        "| 合计 |  | 20,000.00 | 10,000.00 | 10,000.00 |",
        "| 201 05 01 | 行政运行 | 20,000.00 | 10,000.00 | 10,000.00 |",
        "| 三、其他支出 | | | | |",
    ])
    tables, facts = _facts(read_text(text.encode("utf-8")).blocks)
    assert [(t.table_kind, t.unit, t.row_count) for t in tables] == [("general_public_budget_expense", "元", 3)]
    assert _one(facts, subject_code="2010501", measure="basic").amount_wan == 1.0
    assert {f.value_kind for f in facts if f.row_label == "三、其他支出"} == {"blank"}


@pytest.mark.parametrize(
    ("path", "measure"),
    [
        (["一般公共预算财政拨款“三公”经费", "合计", "预算数"], "budget"),  # 预算 in the heading of both halves
        (["一般公共预算财政拨款“三公”经费", "决算数", "公务接待费"], "actual"),
        (["2024年预算数(万元)", "公务用车购置及运行维护费", "小计"], "budget"),
        (["全年预算", "因公出国(境)费"], "budget"),
    ],
)
def test_three_public_measure_from_any_level_of_the_header(path, measure):
    from ingestion.tables import column_measure

    assert column_measure(path, "three_public") == measure
