"""Standard tables in the shapes provinces and converters leave them, on small text dumps built here.

* a PDF converted to text (luzhou-*.txt's shape): a few characters per line, blank lines between, no cell
  boundaries, empty cells printed 0.00 or a dash;
* Word converted to text (leshan-*.txt's shape): one cell per line, a cell merged across columns printed once;
* row labels carrying their unit (总计（万元）, 合计（元）) and rows counting things without one;
* a title broken over lines.
"""

from __future__ import annotations

import pytest

from ingestion.readers.text import read_text
from ingestion.tables import extract_tables
from ingestion.tables.template_words import completed_heading


def _facts(lines: list[str]):
    return extract_tables(read_text("\n".join(lines).encode("utf-8")).blocks)


def _fragments(*pieces: str) -> list[str]:
    """Pieces one per line with a blank line after each, as PDF-to-text converters leave them."""
    return [line for piece in pieces for line in (piece, "")]


def _one(facts, **where):
    hits = [f for f in facts if all(getattr(f, k) == v for k, v in where.items())]
    assert len(hits) == 1, (where, [(f.row_label, f.column_label, f.raw_text) for f in hits])
    return hits[0]


# ---------------------------------------------------------------- a PDF converted to text


INCOME_FRAGMENTS = ["## 收入决算表", ""] + _fragments(
    "公开", "02", "表", "部门名称", "：", "示例县数据", "资源局", "2024", "年度", "金额单位", "：", "元",
    "项目", "本年收入合", "计", "财政拨款收", "入", "上级补助收", "入", "事业收入", "经营收入", "附属单位上",
    "缴收入", "其他收入", "科目代码", "科目名称", "栏次", "1", "2", "3", "4", "5", "6", "7",
    "合计", "5,123,400.00", "4,873,400.00", "0.00", "250,000.00", "0.00", "0.00", "-",
    "201", "一般公共服务", "支出", "4,020,000.00", "3,770,000.00", "0.00", "250,000.00", "0.00", "0.00", "-",
    "20105", "统计信息事务", "4,020,000.00", "3,770,000.00", "0.00", "250,000.00", "0.00", "0.00", "-",
    "2010501", "行政运行", "3,020,000.00", "3,020,000.00", "0.00", "0.00", "0.00", "0.00", "-",
    "2010550", "事业运行", "1,000,000.00", "750,000.00", "0.00", "250,000.00", "0.00", "0.00", "-",
    "- 2 -", "221", "住房保障支出", "1,103,400.00", "1,103,400.00", "0.00", "0.00", "0.00", "0.00", "-",
) + ["注：本表反映部门本年度取得的各项收入情况。"]


def test_fragments_income_table_rows_rebuilt_from_codes_and_amounts():
    tables, facts = _facts(INCOME_FRAGMENTS)
    assert [(t.table_kind, t.table_code, t.unit) for t in tables] == [("income", "公开02表", "元")]
    total = _one(facts, row_label="合计", measure="income")
    assert (total.raw_text, total.amount_wan) == ("5,123,400.00", 512.34)
    assert _one(facts, row_label="合计", measure="operating_income").amount_wan == 25.0
    row = _one(facts, subject_code="2010550", measure="fiscal_income")
    assert (row.subject_name, row.amount_wan) == ("事业运行", 75.0)
    assert _one(facts, subject_code="2010550", measure="operating_income").amount_wan == 25.0  # not 经营收入
    assert _one(facts, subject_code="201", measure="income").subject_name == "一般公共服务支出"  # name in two pieces
    assert _one(facts, subject_code="221", measure="income").amount_wan == 110.34  # after the page number
    assert _one(facts, subject_code="221", measure="other_income").value_kind == "dash"


SUMMARY_FRAGMENTS = ["## 收入支出决算总表", ""] + _fragments(
    "金额单位", "：", "万元", "收 入", "支 出", "项 目", "金 额", "项 目", "金 额",
    "一般公共预算财政拨款收", "入", "766.45", "一般公共服务支出", "615.86",
    "事业收入", "0.00", "社会保障和就业支出", "54.45",
    "卫生健康支出", "26.58",
    "本年收入合计", "766.45", "本年支出合计", "696.89",
    "年初结转和结余", "0.00", "年末结转和结余", "69.56",
    "总 计", "（", "万元", "）", "766.45", "总 计", "（", "万元", "）", "766.45",
) + ["注：本表反映部门本年度收入、支出的总体情况。"]


def test_fragments_summary_table_two_sides_and_a_blank_left_side():
    _, facts = _facts(SUMMARY_FRAGMENTS)
    income = _one(facts, row_label="一般公共预算财政拨款收入")
    assert (income.column_label, income.amount_wan) == ("收入/金额", 766.45)
    # the left side of this row is blank: its label belongs to the 支出 side
    assert _one(facts, row_label="卫生健康支出").column_label == "支出/金额"
    assert _one(facts, row_label="本年支出合计").amount_wan == 696.89
    assert _one(facts, row_label="年末结转和结余").column_label == "支出/金额"
    totals = sorted((f.column_label, f.amount_wan) for f in facts if f.row_label == "总计")
    assert totals == [("支出/金额", 766.45), ("收入/金额", 766.45)]


RELATED_FRAGMENTS = ["## 部门决算公开相关信息统计表", ""] + _fragments(
    "单位", "：", "元", "一", "、", "政府采购情况", "项 目", "行 次", "统计数",
    "合 计", "1", "2,076,000.00", "货 物", "2", "11,000.00",
    "二", "、", "机关运行经费", "项 目", "行 次", "统计数", "(", "一", ")", "行政单位", "3", "351,100.00",
    "三", "、", "国有资产占用情况", "(", "一", ")", "车辆数合计", "(", "辆", ")", "4", "3",
    "1.", "主要负责人用", "车", "5", "1",
    "(", "二", ")", "单价", "100", "万元", "(", "含", ")", "以上设备", "(", "不含车辆", ")", "6", "2",
) + ["注：本表反映部门本年度政府采购、机关运行经费和国有资产占用情况。"]


def test_fragments_related_info_groups_line_numbers_and_counts():
    _, facts = _facts(RELATED_FRAGMENTS)
    total = _one(facts, row_label="合计", row_group="政府采购情况")
    assert (total.unit, total.amount_wan) == ("元", 207.6)
    assert _one(facts, row_label="(一)行政单位", row_group="机关运行经费").amount_wan == 35.11
    vehicles = _one(facts, row_label="(一)车辆数合计(辆)")
    assert (vehicles.value, vehicles.unit, vehicles.amount_wan) == (3.0, "辆", None)
    assert _one(facts, row_label="1.主要负责人用车").value == 1.0
    # counted things, printed without a unit in a table in 元: a count, not 0.0002 万元
    equipment = _one(facts, row_label="(二)单价100万元(含)以上设备(不含车辆)")
    assert (equipment.value, equipment.unit, equipment.amount_wan) == (2.0, "台(套)", None)


def test_fragments_codes_over_three_columns_printing_only_the_part_that_changes():
    lines = ["## 支出决算表", ""] + _fragments(
        "单位", "：", "万元", "项目", "本年支出合计", "基本支出", "项目支出", "科目编码", "科目名称", "类", "款", "项",
        "合计", "100.00", "60.00", "40.00",
        "201", "一般公共服务支出", "100.00", "60.00", "40.00",
        "05", "统计信息事务", "70.00", "60.00", "10.00",  # after a 类 row: its 款
        "01", "行政运行", "60.00", "60.00", "0.00",  # after a 款 row: its 项
        "02", "一般行政管理事务", "10.00", "0.00", "10.00",  # 60 + 10 make the 款's 70: the next part is a 款
        "06", "财政事务", "30.00", "0.00", "30.00",
        "01", "行政运行", "30.00", "0.00", "30.00",
    ) + ["注：本表反映部门本年度各项支出情况。"]
    _, facts = _facts(lines)
    codes = [f.subject_code for f in facts if f.measure == "total" and f.subject_code]
    assert codes == ["201", "20105", "2010501", "2010502", "20106", "2010601"]
    assert _one(facts, subject_code="2010601", measure="project").amount_wan == 30.0


def _income_fragments_with_code_heading(*heading: str) -> list[str]:
    """INCOME_FRAGMENTS with its 科目代码 heading printed as `heading` (cut, in pieces, or not at all)."""
    at = INCOME_FRAGMENTS.index("科目代码")
    return INCOME_FRAGMENTS[:at] + [line for piece in heading for line in (piece, "")] + INCOME_FRAGMENTS[at + 2:]


@pytest.mark.parametrize("heading", [("科目代",), ("功能分类", "科目编"), ()], ids=["cut", "cut_in_pieces", "missing"])
def test_fragments_a_code_heading_cut_or_missing_keeps_every_code(heading):
    # OCR or a converter leaves 科目代 (or nothing) where the template prints 科目代码: the codes the rows print
    # before their names make the column a code column again, not an amount column
    _, facts = _facts(_income_fragments_with_code_heading(*heading))
    assert {f.subject_code for f in facts if f.measure == "income"} == {None, "201", "20105", "2010501", "2010550", "221"}
    row = _one(facts, subject_code="2010550", measure="fiscal_income")
    assert (row.subject_name, row.amount_wan) == ("事业运行", 75.0)
    assert _one(facts, row_label="合计", measure="income").amount_wan == 512.34
    assert _one(facts, subject_code="221", measure="other_income").value_kind == "dash"


_WRAP_HEAD = ["## 一般公共预算财政拨款支出决算表", "单位：万元", "科目编码\t科目名称\t合计\t基本支出\t项目支出",
              "\t合计\t100.00\t60.00\t40.00", "208\t社会保障和就业支出\t100.00\t60.00\t40.00",
              "20805\t行政事业单位养老支出\t100.00\t60.00\t40.00"]
_WRAP_TAIL = ["2080506\t机关事业单位职业年金缴费支出\t30.00\t10.00\t20.00"]


@pytest.mark.parametrize("rows", [
    ["2080505\t机关事业单位基本养老\t70.00\t50.00\t20.00", "\t保险缴费支出\t\t\t"],  # the rest below
    ["\t机关事业单位基本养老\t\t\t", "2080505\t保险缴费支出\t70.00\t50.00\t20.00"],  # the start above
    ["2080505\t机关事业单位基本养老\t\t\t", "\t保险缴费支出\t70.00\t50.00\t20.00"],  # amounts on the second line
], ids=["below", "above", "amounts_below"])
def test_a_subject_name_over_two_rows_of_a_tab_dump_is_read_whole_with_its_amounts(rows):
    _, facts = _facts(_WRAP_HEAD + rows + _WRAP_TAIL)
    row = [f for f in facts if f.subject_code == "2080505"]
    assert {f.subject_name for f in row} == {"机关事业单位基本养老保险缴费支出"}
    assert {f.measure: f.amount_wan for f in row} == {"total": 70.0, "basic": 50.0, "project": 20.0}
    # the piece of the name gives no row of its own
    assert not [f for f in facts if f.subject_code is None and f.row_label not in ("合计",)]


def test_a_label_row_that_is_not_the_rest_of_the_name_above_stays_a_row():
    # 保险缴费支出 is not part of 2080506's national name: no join, the label row stays as printed
    _, facts = _facts(_WRAP_HEAD + ["2080506\t机关事业单位职业年金缴费支出\t30.00\t10.00\t20.00",
                                    "\t保险缴费支出\t\t\t"])
    assert {f.subject_name for f in facts if f.subject_code == "2080506"} == {"机关事业单位职业年金缴费支出"}
    assert {f.row_label for f in facts if f.subject_code is None} == {"合计", "保险缴费支出"}


def test_a_row_of_its_own_under_an_abbreviated_name_is_not_taken_for_the_rest_of_it():
    # 一般公共服务 printed without its 支出, then a 支出小计 row: together they are not the national name (一般公共服务支出)
    _, facts = _facts(_WRAP_HEAD[:3] + ["201\t一般公共服务\t\t\t", "\t支出小计\t674.57\t520.39\t154.18"])
    assert {f.subject_name for f in facts if f.subject_code == "201"} == {"一般公共服务"}
    assert {f.row_label for f in facts if f.value_kind == "number"} == {"支出小计"}


def test_the_first_row_s_name_begun_above_it_is_no_header():
    # the first line of the first data row's name, alone under the header: a header word neither whole nor clipped
    lines = ["## 一般公共预算财政拨款支出决算表", "单位：万元", "科目编码\t科目名称\t合计\t基本支出\t项目支出",
             "\t机关事业单位基本养老\t\t\t", "2080505\t保险缴费支出\t70.00\t50.00\t20.00",
             "2080506\t机关事业单位职业年金缴费支出\t30.00\t10.00\t20.00"]
    _, facts = _facts(lines)
    assert {f.subject_name for f in facts if f.subject_code == "2080505"} == {"机关事业单位基本养老保险缴费支出"}
    assert {f.column_label for f in facts} == {"合计", "基本支出", "项目支出"}


def test_fragments_a_missing_code_heading_and_names_wrapped_below_their_amounts():
    # a name too long for its cell goes on in a second row under it, after the first row's amounts; with no code
    # column the codes were read as the ends of those names and their rows lost
    lines = ["## 支出决算表", ""] + _fragments(
        "单位", "：", "万元", "项目", "行次", "本年支出合计", "基本支出", "项目支出", "科目名称", "栏次", "1", "2", "3",
        "合计", "1", "100.00", "60.00", "40.00",
        "208", "社会保障", "2", "100.00", "60.00", "40.00", "和就业支出",
        "20805", "行政事业单", "3", "100.00", "60.00", "40.00", "位养老支出",
        "2080505", "机关事业单位基本", "4", "70.00", "50.00", "20.00", "养老保险缴费支出",
    )
    _, facts = _facts(lines)
    basic = {f.subject_code: f.amount_wan for f in facts if f.measure == "basic" and f.value_kind == "number"}
    assert basic == {None: 60.0, "208": 60.0, "20805": 60.0, "2080505": 50.0}


def test_fragments_code_parts_whose_heading_is_missing_stay_code_parts():
    # 类 款 项 printed with nothing above them, after the row of headings they belong under
    lines = ["## 支出决算表", ""] + _fragments(
        "单位", "：", "万元", "项目", "本年支出", "科目名称", "合计", "基本支出", "项目支出", "类", "款", "项", "1", "2", "3",
        "合计", "100.00", "60.00", "40.00",
        "201", "一般公共服务支出", "100.00", "60.00", "40.00",
        "201", "05", "统计信息事务", "100.00", "60.00", "40.00",
        "201", "05", "01", "行政运行", "100.00", "60.00", "40.00",
    )
    _, facts = _facts(lines)
    totals = [(f.subject_code, f.amount_wan) for f in facts if f.measure == "total"]
    assert totals == [(None, 100.0), ("201", 100.0), ("20105", 100.0), ("2010501", 100.0)]


def test_fragments_whole_numbers_before_labels_that_are_no_codes_make_no_code_column():
    # counts printed as whole numbers end each row, so a number stands before every next label: they are no
    # hierarchy of classification codes
    lines = ["## 支出决算表", ""] + _fragments(
        "单位", "：", "万元", "项目", "本年支出合计", "基本支出", "项目支出", "科目名称",
        "合计", "100.00", "60", "40",
        "一般公共服务支出", "100.00", "60", "201",
        "教育支出", "20", "10", "205",
        "科学技术支出", "30", "20", "206",
        "文化旅游体育与传媒支出", "40", "20", "20601",
        "卫生健康支出", "10", "5", "5",
        "节能环保支出", "10", "5", "5",
    )
    tables, facts = _facts(lines)
    assert not [f for f in facts if f.subject_code]
    assert _one(facts, row_label="教育支出", measure="project").raw_text == "205"


def test_fragments_a_province_s_own_column_keeps_its_place():
    lines = ["## 支出决算表", ""] + _fragments(
        "单位", "：", "万元", "项目", "本年支出合计", "基本支出", "专项业务支出", "项目支出", "科目代码", "科目名称",
        "合计", "90.00", "50.00", "15.00", "25.00",
        "2010501", "行政运行", "90.00", "50.00", "15.00", "25.00",
    )
    _, facts = _facts(lines)
    assert _one(facts, subject_code="2010501", column_label="专项业务支出").amount_wan == 15.0
    assert _one(facts, subject_code="2010501", measure="project").amount_wan == 25.0


def test_fragments_lines_holding_several_pieces_and_a_title_in_pieces():
    lines = _fragments("一般公共预算财政拨", "款支出决算表", "单位：万元", "项目", "合计", "基本支出", "项目支出",
                       "科目代码", "科目名称", "合计", "90.00 50.00", "40.00", "2010501 行政运行 90.00", "50.00 40.00")
    tables, facts = _facts(lines)
    assert [t.table_kind for t in tables] == ["general_public_budget_expense"]
    assert _one(facts, subject_code="2010501", measure="basic").amount_wan == 50.0
    assert _one(facts, row_label="合计", measure="total").amount_wan == 90.0


def test_fragments_a_name_heading_cut_and_in_pieces_keeps_every_row():
    lines = ["## 支出决算表", ""] + _fragments(
        "单位", "：", "万元", "项目", "本年支出合计", "基本支出", "项目支出", "功能分类科", "目编码", "功能分类科", "目名",
        "类", "款", "项",
        "合计", "100.00", "60.00", "40.00",
        "201", "一般公共服", "务支出", "100.00", "60.00", "40.00",
        "201", "05", "统计信息事务", "100.00", "60.00", "40.00",
        "201", "05", "01", "行政运行", "100.00", "60.00", "40.00",
    )
    _, facts = _facts(lines)
    basic = [(f.subject_code, f.subject_name, f.amount_wan) for f in facts if f.measure == "basic"]
    assert basic == [(None, None, 60.0), ("201", "一般公共服务支出", 60.0), ("20105", "统计信息事务", 60.0),
                     ("2010501", "行政运行", 60.0)]


def test_fragments_codes_over_three_columns_and_no_name_heading():
    lines = ["## 支出决算表", ""] + _fragments(
        "单位", "：", "万元", "项目", "本年支出合计", "基本支出", "项目支出", "科目编码", "类", "款", "项",
        "合计", "100.00", "60.00", "40.00",
        "201", "一般公共服务支出", "100.00", "60.00", "40.00",
        "201", "05", "统计信息事务", "100.00", "60.00", "40.00",
    )
    _, facts = _facts(lines)
    totals = [(f.row_label, f.subject_code, f.amount_wan) for f in facts if f.measure == "total"]
    assert totals == [("合计", None, 100.0), ("一般公共服务支出", "201", 100.0), ("统计信息事务", "20105", 100.0)]


# ---------------------------------------------------------------- a name column whose heading is cut or blank


@pytest.mark.parametrize("heading", ["科目名", ""], ids=["cut", "blank"])
def test_a_name_column_known_by_the_words_it_prints(heading):
    # beside a code column, a column of words is the name column whatever its heading says (OCR cut 科目名称)
    lines = ["支出决算表", "单位：万元", f"科目代码\t{heading}\t本年支出合计\t基本支出\t项目支出", "合计\t\t90.00\t50.00\t40.00",
             "201\t一般公共服务支出\t90.00\t50.00\t40.00", "20105\t统计信息事务\t90.00\t50.00\t40.00",
             "2010501\t行政运行\t90.00\t50.00\t40.00"]
    _, facts = _facts(lines)
    row = _one(facts, subject_code="2010501", measure="basic")
    assert (row.subject_name, row.amount_wan) == ("行政运行", 50.0)
    assert _one(facts, row_label="合计", measure="project").amount_wan == 40.0
    assert not [f for f in facts if f.raw_text in ("一般公共服务支出", "统计信息事务", "行政运行")]


def test_names_printed_with_their_codes_under_a_cut_heading():
    lines = ["一般公共预算财政拨款基本支出决算表", "单位：万元", "人员经费\t\t公用经费\t",
             "经济分类科目名\t决算数\t经济分类科目名\t决算数",
             "301 工资福利支出\t50.00\t302 商品和服务支出\t30.00", "30101 基本工资\t20.00\t30201 办公费\t10.00",
             "30102 津贴补贴\t30.00\t30202 印刷费\t20.00"]
    _, facts = _facts(lines)
    assert {f.subject_code: (f.subject_name, f.amount_wan) for f in facts} == {
        "301": ("工资福利支出", 50.0), "302": ("商品和服务支出", 30.0), "30101": ("基本工资", 20.0),
        "30201": ("办公费", 10.0), "30102": ("津贴补贴", 30.0), "30202": ("印刷费", 20.0)}


# ---------------------------------------------------------------- headings OCR clipped


@pytest.mark.parametrize("printed, read", [
    ("基本支（万元）", "基本支出(万元)"), ("科目编", "科目编码"), ("功能分类科目名", "功能分类科目名称"),
    ("公务用车购置", "公务用车购置费"), ("支出合", "支出合计"),
    ("合", None), ("项目支出", None), ("专项业务支", None), ("调整预算", None),  # too short, whole, no such word, 数
])
def test_a_heading_missing_its_last_character_is_read_as_the_template_word(printed, read):
    assert completed_heading(printed) == read


def test_clipped_amount_headings_keep_their_measures():
    # 基本支 under 本年支出 was read as a second 本年支出 (total); each keeps its own measure
    lines = ["支出决算表", "单位：万元", "科目代码\t科目名称\t本年支\t\t", "\t\t支出合\t基本支\t项目支",
             "合计\t\t90.00\t50.00\t40.00", "2010501\t行政运行\t90.00\t50.00\t40.00"]
    _, facts = _facts(lines)
    assert {f.measure: f.amount_wan for f in facts if f.subject_code == "2010501"} == {"total": 90.0, "basic": 50.0, "project": 40.0}


def test_fragments_clipped_headings_keep_their_units():
    # 基本支（元）: the heading is read whole with its unit, so its amounts are converted from 元 like the others
    lines = ["## 支出决算表", ""] + _fragments(
        "项目", "本年支出合计", "（", "元", "）", "基本支", "（", "元", "）", "项目支", "（", "元", "）", "科目编码", "科目名称",
        "合计", "900,000.00", "500,000.00", "400,000.00",
        "2010501", "行政运行", "900,000.00", "500,000.00", "400,000.00",
    )
    _, facts = _facts(lines)
    assert {f.measure: f.amount_wan for f in facts if f.subject_code == "2010501"} == {"total": 90.0, "basic": 50.0, "project": 40.0}


def test_fragments_clipped_amount_headings_are_header_words():
    lines = ["## 支出决算表", ""] + _fragments(
        "单位", "：", "万元", "项目", "本年支出合", "基本支", "项目支", "科目编码", "科目名称",
        "合计", "90.00", "50.00", "40.00",
        "2010501", "行政运行", "90.00", "50.00", "40.00",
    )
    _, facts = _facts(lines)
    assert {f.measure: f.amount_wan for f in facts if f.subject_code == "2010501"} == {"total": 90.0, "basic": 50.0, "project": 40.0}


# ---------------------------------------------------------------- Word converted to text


def _cell_lines(rows: list[list[str]]) -> list[str]:
    lines = []
    for row in rows:
        lines += ["\t" + cell for cell in row] + [""]
    return lines


def test_one_cell_per_line_merged_header_cells_printed_once():
    lines = ["收入决算表", "金额单位：万元", ""] + _cell_lines([
        ["项目", "本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
        ["科目代码", "科目名称", "", "", "", "", "", "", ""],
        ["合计", "", "4,150.48", "4,000.00", "", "150.48", "", "", ""],
        ["2010501", "行政运行", "4,150.48", "4,000.00", "", "150.48", "", "", ""],
    ])
    _, facts = _facts(lines)
    assert _one(facts, row_label="合计", measure="income").amount_wan == 4150.48
    assert _one(facts, row_label="合计", measure="operating_income").amount_wan == 150.48  # 事业收入, not 经营收入
    assert _one(facts, subject_code="2010501", measure="business_income").value_kind == "blank"


def test_one_cell_per_line_a_blank_code_heading_under_a_merged_key_heading():
    # 项目 is printed once over the code and name columns, and the code column's own heading is blank: 项目 still
    # covers both key columns, not 本年支出合计
    lines = ["支出决算表", "单位：万元", ""] + _cell_lines([
        ["项目", "本年支出合计", "基本支出", "项目支出"],
        ["", "科目名称", "", "", ""],
        ["", "", "1", "2", "3"],
        ["合计", "", "90.00", "50.00", "40.00"],
        ["201", "一般公共服务支出", "90.00", "50.00", "40.00"],
        ["20105", "统计信息事务", "90.00", "50.00", "40.00"],
        ["2010501", "行政运行", "90.00", "50.00", "40.00"],
    ])
    _, facts = _facts(lines)
    assert _one(facts, row_label="合计", measure="total").amount_wan == 90.0
    assert _one(facts, subject_code="2010501", measure="basic").amount_wan == 50.0
    assert _one(facts, subject_code="20105", measure="project").amount_wan == 40.0


def test_one_cell_per_line_two_sided_header_and_label_merged_over_code_columns():
    lines = ["收入支出决算总表", "单位：万元", ""] + _cell_lines([
        ["收入", "支出"],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["一、一般公共预算财政拨款收入", "1", "1,442.37", "一、一般公共服务支出", "32", "1,141.77"],
        ["", "9", "", "九、卫生健康支出", "40", "38.51"],
        ["总计", "31", "1,580.06", "总计", "62", "1,580.06"],
    ]) + ["支出决算表", "单位：万元", ""] + _cell_lines([
        ["项目", "本年支出合计", "基本支出"],
        ["科目编码", "", "", "科目名称", "", ""],
        ["类", "款", "项", "", "", ""],
        ["合计", "20.00", "20.00"],
        ["201", "05", "01", "行政运行", "20.00", "20.00"],
    ])
    _, facts = _facts(lines)
    assert _one(facts, row_label="九、卫生健康支出").column_label == "支出/金额"
    totals = sorted((f.column_label, f.amount_wan) for f in facts if f.row_label == "总计")
    assert totals == [("支出/金额", 1580.06), ("收入/金额", 1580.06)]
    assert _one(facts, row_label="合计", measure="basic").amount_wan == 20.0
    assert _one(facts, subject_code="2010501", measure="total").amount_wan == 20.0


# ---------------------------------------------------------------- units in row labels, counts


@pytest.mark.parametrize("label, unit, amount", [("总计（万元）", "万元", 1234.5), ("合计(元)", "元", 0.12345)])
def test_a_row_label_s_unit_governs_its_amount_and_is_no_part_of_its_name(label, unit, amount):
    lines = ["支出决算表", "金额单位：万元", "项目\t本年支出合计", f"{label}\t1,234.50", "2010501 行政运行\t1,234.50"]
    _, facts = _facts(lines)
    total = _one(facts, subject_code=None)
    assert (total.row_label, total.unit, total.amount_wan) == (label[:2], unit, amount)


def test_rows_counting_things_in_a_table_in_yuan():
    lines = ["部门决算公开相关信息统计表", "单位：元", "项目\t统计数",
             "二、机关运行经费\t", "（一）行政单位\t351,100.00",
             "三、国有资产占用情况\t", "（一）车辆数合计（辆）\t3", "1.主要负责人用车\t1",
             "（二）单价50万元以上通用设备（台，套）\t4", "（三）单价100万元以上专用设备\t2"]
    _, facts = _facts(lines)
    assert _one(facts, row_label="(一)行政单位").amount_wan == 35.11
    counts = {f.row_label: (f.value, f.unit, f.amount_wan) for f in facts if f.row_group == "国有资产占用情况"}
    assert counts == {
        "(一)车辆数合计(辆)": (3.0, "辆", None),
        "1.主要负责人用车": (1.0, "辆", None),
        "(二)单价50万元以上通用设备(台,套)": (4.0, "台,套", None),
        "(三)单价100万元以上专用设备": (2.0, "台(套)", None),
    }


def test_a_title_broken_over_two_lines():
    lines = ["示例县统计局2024年度一般公共预算财政拨款“三公”经费", "支出决算表", "单位：万元",
             "预算数\t\t决算数\t", "合计\t公务接待费\t合计\t公务接待费", "2.07\t2.07\t1.50\t1.50"]
    tables, facts = _facts(lines)
    assert [t.table_kind for t in tables] == ["three_public"]
    assert _one(facts, column_label="决算数/公务接待费").amount_wan == 1.5


def test_a_two_sided_summary_table_numbering_its_two_amount_columns_1_and_2():
    from ingestion.tables.headers import is_ordinal_row

    # the 栏次 row of a 收入支出决算总表 printed without its label: the two 金额 columns are numbered 1 and 2
    assert is_ordinal_row(["", "", "1", "", "", "2"])
    assert is_ordinal_row(["", "1", "2", "3"]) and is_ordinal_row(["栏次", "", ""])
    # two amounts that are not 1 and 2 in order are data, not column numbers
    assert not is_ordinal_row(["", "", "2", "", "", "1"]) and not is_ordinal_row(["", "5", "6"])


def _basic_expense_side_by_side(code_heading: str) -> list[str]:
    """公开06 with 人员经费 and 公用经费 side by side, each group 科目代码 科目名称 决算数 (as a scan or a converter may
    print the code heading)."""
    return ["一般公共预算财政拨款基本支出决算表", "公开06表", "金额单位：万元",
            "人员经费\t\t\t公用经费\t\t",
            f"{code_heading}\t科目名称\t决算数\t{code_heading}\t科目名称\t决算数",
            "301\t工资福利支出\t145.66\t302\t商品和服务支出\t47.47",
            "30101\t基本工资\t39.47\t30201\t办公费\t2.85",
            "30102\t津贴补贴\t36.18\t30202\t印刷费\t0.56",
            "30103\t奖金\t\t30207\t邮电费\t2.66",
            "人员经费合计\t\t145.66\t公用经费合计\t\t47.47"]


@pytest.mark.parametrize("code_heading", ["科目代码", "科目代", "代", ""])
def test_a_code_column_is_known_by_its_codes_where_its_heading_is_cut_or_missing(code_heading):
    """OCR may drop 科目代码's last character, a converter the heading: the codes the column prints still make it
    the code column, so each group's rows keep their codes and no code is read as an amount."""
    _, facts = _facts(_basic_expense_side_by_side(code_heading))
    amounts = {(f.subject_code, f.column_label): f.amount_wan for f in facts if f.value_kind == "number"}
    assert amounts == {
        ("301", "人员经费/决算数"): 145.66, ("30101", "人员经费/决算数"): 39.47, ("30102", "人员经费/决算数"): 36.18,
        ("302", "公用经费/决算数"): 47.47, ("30201", "公用经费/决算数"): 2.85, ("30202", "公用经费/决算数"): 0.56,
        ("30207", "公用经费/决算数"): 2.66, (None, "人员经费/决算数"): 145.66, (None, "公用经费/决算数"): 47.47,
    }


def _two_sided(unit: str, left: list[str]) -> list[str]:
    """A 收支总表 (项目 金额 项目 金额) whose left amounts are `left`, one per income row, then its totals."""
    labels = ["一、一般公共预算拨款收入", "二、政府性基金预算拨款收入", "三、事业收入", "四、经营收入", "五、其他收入"]
    right = ["一、一般公共服务支出", "二、社会保障和就业支出", "三、住房保障支出", "四、卫生健康支出", "五、节能环保支出"]
    rows = [f"{label}\t{amount}\t{name}\t20" for label, amount, name in zip(labels, left, right)]
    total = left[0]
    return ["收支总表", "公开01表", f"金额单位：{unit}", "项目\t金额\t项目\t金额", *rows,
            f"本年收入合计\t{total}\t本年支出合计\t{total}", f"收入总计\t{total}\t支出总计\t{total}"]


@pytest.mark.parametrize("unit, left", [
    # one income source: its amount on its row, 本年收入合计 and 收入总计, in whole 万元 or 元 (215 and 2153400 are
    # code-shaped: 215 is a class)
    ("万元", ["215", "", "", "", ""]),
    ("元", ["2153400", "", "", "", ""]),
    # whole 元 that nest like codes (201, 20101, 2010101) beside amounts that are no codes
    ("元", ["201", "20101", "2010101", "4520", "987654"]),
])
def test_amounts_left_of_a_name_column_stay_amounts(unit, left):
    """The left 金额 column stands just left of a name column and prints code-shaped whole amounts, yet not a
    hierarchy of at least three codes making up nearly all it prints: its amounts stay amounts, each on its row."""
    _, facts = _facts(_two_sided(unit, left))
    assert not any(f.subject_code for f in facts)
    amounts = {f.row_label: f.value for f in facts if f.col_index == 1 and f.value_kind == "number"}
    assert amounts["一、一般公共预算拨款收入"] == float(left[0]) and amounts["本年收入合计"] == float(left[0])


# ---------------------------------------------------------------- codes and units a converter moved among the cells


def test_a_code_printed_where_an_amount_stands_is_not_read_as_money():
    # pdftotext without -layout prints each cell on its own line, and a 款 part or the next row's code can land in
    # an amount's place: 06 (no amount has a leading zero), 208 and 30102 (codes of the national lists in a table
    # whose amounts print their cents) stay unread text, not 6, 208 or 30,102 万元
    tables, facts = _facts(["支出决算表", "单位：万元",
                            "科目编码\t科目名称\t本年支出合计\t基本支出",
                            "201\t一般公共服务支出\t06\t1,503.52",
                            "20106\t财政事务\t2,106.66\t1,503.52",
                            "208\t社会保障和就业支出\t208\t326.72",
                            "30101\t基本工资\t30102\t14.12"])
    by_row = {(f.subject_code, f.measure): (f.value_kind, f.value) for f in facts}
    assert by_row[("201", "total")] == ("text", None)
    assert by_row[("208", "total")] == ("text", None)
    assert by_row[("30101", "total")] == ("text", None)
    assert by_row[("20106", "total")] == ("number", 2106.66) and by_row[("201", "basic")] == ("number", 1503.52)


def test_a_table_in_yuan_with_whole_amounts_keeps_amounts_that_look_like_codes():
    # a table in 元 whose amounts print no cents: 201 is 201 元 there
    tables, facts = _facts(["支出决算表", "单位：元",
                            "科目编码\t科目名称\t本年支出合计\t基本支出",
                            "2010101\t行政运行\t201\t201",
                            "2010102\t一般行政管理事务\t5000\t5000"])
    assert {(f.subject_code, f.measure): f.amount_wan for f in facts} == {
        ("2010101", "total"): 0.0201, ("2010101", "basic"): 0.0201,
        ("2010102", "total"): 0.5, ("2010102", "basic"): 0.5}


def test_a_unit_line_a_converter_ran_into_a_cell_still_gives_the_table_its_unit():
    # the 单位：元 line joined the first row's label: the amounts are still 元, not 万元 read 10,000 times too large
    tables, facts = _facts(["一般公共预算基本支出经济分类预算表",
                            "经济分类科目编码\t部门经济分类科目名称\t合计\t人员经费",
                            "301\t编制单位:示例区商务委员会单位:元工资福利支出\t16,671,057.00\t16,671,057.00",
                            "30101\t基本工资\t1,952,616.00\t1,952,616.00"])
    assert {f.subject_code: f.amount_wan for f in facts if f.measure == "total"} == {"301": 1667.1057,
                                                                                    "30101": 195.2616}


def test_a_table_in_whole_wan_keeps_amounts_that_are_also_codes():
    # a spreadsheet's General format prints 215.0 as 215: in a table whose amounts print no cents, 215 and 302 are
    # money, though 215 and 302 are also codes of the national lists
    _, facts = _facts(["支出决算表", "单位：万元",
                       "科目编码\t科目名称\t本年支出合计\t基本支出\t项目支出",
                       "201\t一般公共服务支出\t515\t300\t215",
                       "2010301\t行政运行\t300\t300\t",
                       "2010350\t事业运行\t215\t\t215",
                       "208\t社会保障和就业支出\t312\t302\t10"])
    assert {(f.subject_code, f.measure): f.amount_wan for f in facts if f.value_kind == "number"} == {
        ("201", "total"): 515, ("201", "basic"): 300, ("201", "project"): 215, ("2010301", "total"): 300,
        ("2010301", "basic"): 300, ("2010350", "total"): 215, ("2010350", "project"): 215, ("208", "total"): 312,
        ("208", "basic"): 302, ("208", "project"): 10}
