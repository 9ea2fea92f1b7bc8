"""What a 项目支出绩效自评表 prints beside what became records: the ProjectRecord's *_printed fields and the
form's PartCoverage, on the development corpus (figures counted by hand) and on hand-made layouts."""

from __future__ import annotations

import pytest

from ingestion.performance import extract_performance
from tests.unit.form_shapes import render
from tests.unit.test_performance import JINCHENG, JUNSHAN, LESHAN, LUZHOU, by_name, needs_corpus, parsed, project


def coverage_of(name: str, index: int):
    return next(c for c in parsed(name).coverage if c.part_index == index)


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------


@needs_corpus
@pytest.mark.parametrize("name", [LESHAN, LUZHOU, JINCHENG, JUNSHAN])
def test_one_coverage_per_form_that_adds_up(name):
    result = parsed(name)
    assert [(c.part, c.part_index, c.title) for c in result.coverage] == [
        ("project", p.project_index, p.project_name) for p in result.projects
    ]
    for c, p in zip(result.coverage, result.projects):
        assert c.amounts_captured + c.amounts_skipped <= c.amounts_printed
        assert (c.line_no, c.page) == (p.line_no, p.page)
        # a NULL the form printed a figure for is a miss the coverage shows
        if p.budget_printed and p.budget_adjusted is None and p.executed is None:
            assert c.uncaptured
        assert p.total_score is not None or not p.total_score_printed


@needs_corpus
def test_leshan_first_form_every_figure_accounted_for():
    # 总额 24.90 24.90 7.47 30.00% 10 3 read; the 其中：财政资金 row repeating it passed over; 8 indicators
    # with target, actual, 权重 and 得分 each; 合计 100 (the points) passed over, 86.67 read
    c = coverage_of(LESHAN, 1)
    assert (c.amounts_printed, c.amounts_captured, c.amounts_skipped, c.uncaptured) == (46, 39, 7, None)
    p = project(LESHAN, 1)
    assert (p.budget_printed, p.total_score_printed, p.indicator_rows_printed) == (True, True, 8)


@needs_corpus
def test_blank_total_score_is_told_from_a_missed_one():
    p = project(LESHAN, 12)  # 合计 prints 100 under 权重 and nothing under 得分
    assert (p.total_score, p.total_score_printed, p.indicator_rows_printed) == (None, False, 0)
    assert p.budget_printed and coverage_of(LESHAN, 12).uncaptured is None


@needs_corpus
def test_blank_budget_row_read_from_the_text_is_not_printed_in_the_row():
    cloud = by_name(JINCHENG, "城市云平台运维服务费用")  # 资金总额: left blank, figures from the text
    assert (cloud.budget_printed, cloud.budget_source, cloud.budget_adjusted) == (False, "narrative", 328.0)
    extension = by_name(JINCHENG, "电子政务外网运维服务费用")
    assert (extension.budget_printed, extension.budget_source) == (True, "table")


@needs_corpus
def test_grades_as_printed():
    assert [p.grade_printed for p in parsed(JINCHENG).projects][:3] == ["优", "中", "优"]
    assert all(p.grade_printed is None for p in parsed(LESHAN).projects)  # Sichuan forms print no grade


@needs_corpus
@pytest.mark.parametrize("name", [LESHAN, JINCHENG, JUNSHAN])
def test_nothing_printed_goes_unread_in_the_well_formed_documents(name):
    result = parsed(name)
    assert [c.uncaptured for c in result.coverage] == [None] * len(result.coverage)
    assert [p.indicator_rows_printed for p in result.projects] == [
        sum(1 for i in result.indicators if i.project_index == p.project_index) for p in result.projects
    ]


@needs_corpus
def test_luzhou_scrambled_table_shows_what_it_could_not_read():
    """The text layer of this form prints the indicator columns one after another, names apart from their
    figures: none can be read as a row, and the coverage says so."""
    p = by_name(LUZHOU, "市级各单位信息化项目前期方案编制")
    assert [i for i in parsed(LUZHOU).indicators if i.project_index == p.project_index] == []
    assert p.indicator_rows_printed == 2
    c = coverage_of(LUZHOU, p.project_index)
    assert (c.amounts_printed, c.amounts_captured, c.amounts_skipped) == (34, 7, 13)
    assert c.uncaptured.startswith("l.8600 个: 10; l.8602 个: 10")


# ---------------------------------------------------------------------------------------------
# A budget the reader does not understand still shows it was printed
# ---------------------------------------------------------------------------------------------

UNKNOWN_BUDGET_COLUMNS = [
    "项目支出绩效自评表",
    ["项目名称", "网络安全监测", "", "", "", ""],
    ["主管部门", "某某市网信办", "实施单位", "某某市网信办", "", ""],
    ["项目资金（万元）", "批复金额", "支出金额", "支出进度", "", ""],
    ["资金总额", "45", "40.5", "90%", "", ""],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
    ["", "产出指标", "数量指标", "监测网站数量", "≥200个", "214个", "90", "90"],
    ["总分", "", "", "", "", "", "100", "99"],
]


@pytest.mark.parametrize("shape", ["tabs", "ruled", "cell_lines", "fragments", "pieces"])
def test_budget_printed_under_labels_the_reader_does_not_know(shape):
    result = extract_performance(render(UNKNOWN_BUDGET_COLUMNS, shape))
    (p,), (c,) = result.projects, result.coverage
    assert (p.budget_adjusted, p.executed, p.execution_rate_pct) == (None, None, None)
    assert p.budget_printed  # a quality rule can tell this NULL from a blank row
    assert (p.total_score, p.total_score_printed) == (99.0, True)
    assert (c.amounts_printed, c.amounts_captured, c.amounts_skipped) == (9, 5, 1)
    assert [part.split(": ")[-1] for part in c.uncaptured.split("; ")] == ["45", "40.5", "90%"]


# Per document: forms, forms with a NULL budget / total score, and the figures printed, read, passed over
# (其中 rows, the total's 100, ordinals, a second target column …) and missed. Luzhou's misses are the text
# layer's scrambled tables (columns printed one after another, names apart from their figures) and sentences
# its text layer prints among the cells.
CORPUS_COVERAGE = {
    LESHAN: (13, 0, 2, 697, 608, 89, 0),
    LUZHOU: (40, 0, 0, 1869, 1313, 522, 34),  # 522: the month of "2024 年 2 月底" a date, not a figure
    JINCHENG: (13, 0, 0, 604, 477, 127, 0),
    JUNSHAN: (2, 0, 0, 104, 96, 8, 0),
}


@needs_corpus
@pytest.mark.parametrize("name", sorted(CORPUS_COVERAGE))
def test_corpus_coverage_per_document(name):
    result = parsed(name)
    projects, coverage = result.projects, result.coverage
    printed = sum(c.amounts_printed for c in coverage)
    captured = sum(c.amounts_captured for c in coverage)
    skipped = sum(c.amounts_skipped for c in coverage)
    assert (
        len(projects),
        sum(1 for p in projects if (p.budget_initial, p.budget_adjusted, p.executed) == (None, None, None)),
        sum(1 for p in projects if p.total_score is None),
        printed, captured, skipped, printed - captured - skipped,
    ) == CORPUS_COVERAGE[name]
