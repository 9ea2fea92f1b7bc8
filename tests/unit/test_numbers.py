from ingestion.text.numbers import classify_cell, normalise_code, parse_unit, to_wan


def test_printed_values_keep_what_was_printed():
    assert classify_cell("7,176.23") == ("number", 7176.23)
    assert classify_cell("０.００") == ("zero", 0.0)
    assert classify_cell("0") == ("zero", 0.0)
    assert classify_cell("") == ("blank", None)
    assert classify_cell("——") == ("dash", None)
    assert classify_cell("-") == ("dash", None)
    assert classify_cell("行政运行") == ("text", None)


def test_codes_normalise_to_digits():
    assert normalise_code("201 05 01") == "2010501"
    assert normalise_code("2010501") == "2010501"
    assert normalise_code("30101") == "30101"
    assert normalise_code("201") == "201"
    assert normalise_code("20105011") is None
    assert normalise_code("合计") is None


def test_units_convert_yuan_to_wan():
    assert parse_unit("金额单位：元") == "元"
    assert parse_unit("单位：万元") == "万元"
    assert to_wan(1234500.0, "元") == 123.45
    assert to_wan(12.5, "万元") == 12.5


def test_a_place_named_after_yuan_is_no_unit():
    # 编制单位：元氏县教育局 names the unit that drew the table up (元氏县, 元宝山区), not amounts in 元
    assert parse_unit("编制单位：元氏县教育局") is None
    assert parse_unit("编制单位：元宝山区财政局") is None
    assert parse_unit("单位：元") == "元" and parse_unit("金额单位：万元") == "万元"
    # a unit line a converter ran into the next words still gives its unit
    assert parse_unit("编制单位:示例区商务委员会单位:元工资福利支出") == "元"
