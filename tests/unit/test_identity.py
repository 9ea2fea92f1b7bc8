"""The department is the full name the cover or title prints, place prefix included, with where it was read;
the year and kind of the disclosure beside it."""

from __future__ import annotations

import pytest

from ingestion.document import extract_document
from ingestion.identity import detect_doc_kind, detect_fiscal_year, find_department
from ingestion.records import Block
from tests.conftest import corpus_file


def cover(*lines: str, page: int | None = 1) -> list[Block]:
    return [Block("text", (line,), page, i) for i, line in enumerate(lines, start=1)]


# --------------------------------------------------------------------------------------------
# the corpus (names as ../shared/corpus/README.md gives them)
# --------------------------------------------------------------------------------------------

CORPUS = {
    "texts/leshan-data-bureau-2024-final.txt": ("乐山市数据局", 2024, "final_accounts", "title"),
    "texts/luzhou-economy-it-bureau-2023-final.txt": ("泸州市经济和信息化局", 2023, "final_accounts", "title"),
    "texts/jincheng-big-data-bureau-2023-final.txt": ("晋城市大数据应用局", 2023, "final_accounts", "cover_title"),
    "texts/junshan-data-bureau-2024-performance.txt": ("岳阳市君山区数据局", 2024, "performance_self_evaluation", "cover_title"),
    "pdf/putuo-finance-bureau-2024-final.pdf": ("上海市普陀区财政局", 2024, "final_accounts", "cover_title"),
    "pdf/putuo-social-work-dept-2024-final.pdf": ("中共上海市普陀区委社会工作部", 2024, "final_accounts", "cover_title"),
    "pdf/national-final-accounts-template.pdf": ("上海市XX局", 2024, "template", "cover_title"),
    "budget/putuo-wanli-subdistrict-2024-budget-department.pdf": ("上海市普陀区人民政府万里街道办事处", 2024, "budget", "cover_field"),
    "budget/putuo-wanli-subdistrict-2025-budget-department.pdf": ("上海市普陀区人民政府万里街道办事处", 2025, "budget", "cover_field"),
    "budget/putuo-district-office-2025-budget-department.pdf": ("上海市普陀区人民政府办公室", 2025, "budget", "cover_field"),
    "budget/putuo-district-office-2025-budget-unit.pdf": ("上海市普陀区人民政府办公室", 2025, "budget", "cover_field"),
    "budget/putuo-commerce-commission-2025-budget-department.pdf": ("上海市普陀区商务委员会", 2025, "budget", "cover_field"),
    "budget/putuo-commerce-commission-2025-budget-unit.pdf": ("上海市普陀区商务委员会", 2025, "budget", "cover_field"),
}


@pytest.mark.parametrize("relative", sorted(CORPUS))
def test_every_corpus_document_is_named_as_it_prints_itself(relative):
    name, year, kind, source = CORPUS[relative]
    extraction = extract_document(corpus_file(relative))
    assert (extraction.department_name, extraction.fiscal_year, extraction.doc_kind) == (name, year, kind)
    assert extraction.department_evidence_source == source
    # the evidence is the printed line the name stands in, and says where that line is
    assert name in extraction.department_evidence
    assert extraction.department_evidence_line is not None
    if relative.endswith(".pdf"):
        assert extraction.department_evidence_page == 1


def test_a_cover_split_over_lines_gives_the_whole_name_where_it_is_printed():
    extraction = extract_document(corpus_file("pdf/putuo-social-work-dept-2024-final.pdf"))
    # printed "中共上海市普陀区委" / "社会工作部2024年度" / "部门决算"
    assert extraction.department_evidence == "中共上海市普陀区委社会工作部2024年度部门决算"
    assert (extraction.department_evidence_page, extraction.department_evidence_line) == (1, 1)


# --------------------------------------------------------------------------------------------
# covers and titles of other provinces and levels
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        # the case that placed a Shanghai bureau in 资源县: the name split on the cover
        (("上海市普陀区规划和自然", "资源局", "2024年度部门决算", "目录"), "上海市普陀区规划和自然资源局"),
        (("上海市普陀区规划和自然资源局", "2024年度部门决算"), "上海市普陀区规划和自然资源局"),
        (("四川省财政厅", "2024年度部门决算"), "四川省财政厅"),
        (("乐山市自然资源局2024年度部门决算",), "乐山市自然资源局"),
        (("四川省乐山市", "自然资源局", "2024年度部门决算"), "四川省乐山市自然资源局"),
        (("浙江省湖州市自然资源和规划局", "2023年度单位决算公开"), "浙江省湖州市自然资源和规划局"),
        (("杭州市萧山区", "资源规划局", "2024年部门决算"), "杭州市萧山区资源规划局"),
        (("上海市普陀区人民政府", "万里街道办事处", "2024年度部门决算"), "上海市普陀区人民政府万里街道办事处"),
        (("中共上海市普陀区委", "社会工作部2024年度", "部门决算"), "中共上海市普陀区委社会工作部"),
        (("中共乐山市委组织部2024年度部门决算",), "中共乐山市委组织部"),
        (("晋城市数字政府服务中心", "2024年度单位决算公开"), "晋城市数字政府服务中心"),
        (("青岛西海岸新区管理委员会", "2024年度部门决算"), "青岛西海岸新区管理委员会"),
        (("成都天府新区管委会2024年度部门决算",), "成都天府新区管委会"),
        (("唐山高新技术产业开发区管理委员会", "2024年度部门决算"), "唐山高新技术产业开发区管理委员会"),
        # a unit's cover printing its bureau above its own name is the unit's
        (("乐山市数据局", "乐山市大数据中心", "2024年度单位决算"), "乐山市大数据中心"),
        # a label above the name is not part of it
        (("公开", "上海市普陀区规划和自然资源局", "2024年度部门决算"), "上海市普陀区规划和自然资源局"),
        # title first, name under it
        (("2024年度部门决算", "四川省乐山市市中区自然资源局"), "四川省乐山市市中区自然资源局"),
        # year first (a performance report), the form's empty name field before it
        (("部门（单位）名称：（盖章）", "（此页为封面）", "2024年度岳阳市君山区数据局", "整体支出绩效自评报告"), "岳阳市君山区数据局"),
        # a budget cover: the title names the district, the field the department
        (("上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区规划和自然资源局"), "上海市普陀区规划和自然资源局"),
        (("上海市普陀区2025年区级单位预算", "预算单位：上海市普陀区规划和自然资源局"), "上海市普陀区规划和自然资源局"),
    ],
)
def test_covers(lines, name):
    evidence = find_department(cover(*lines))
    assert evidence is not None and evidence.name == name
    assert evidence.source in ("cover_title", "cover_field")
    assert name in evidence.printed


def test_a_title_inside_the_document_when_the_cover_has_none():
    blocks = cover(
        "目录",
        "第一部分 上海市普陀区规划和自然资源局概况",
        "第二部分 上海市普陀区规划和自然资源局2024年度部门决算表",
        "一、收入支出决算总表",
        page=None,
    )
    evidence = find_department(blocks)
    assert (evidence.name, evidence.source, evidence.line_no) == ("上海市普陀区规划和自然资源局", "title", 3)


def test_table_headers_name_the_department_when_no_title_does():
    blocks = cover(
        "目录",
        "一、收入支出决算总表",
        "编制部门：湖南省岳阳市君山区财政局 单位：万元",
        "项目 决算数",
        "二、收入决算表",
        "编制部门：湖南省岳阳市君山区财政局 单位：万元",
        page=None,
    )
    evidence = find_department(blocks)
    assert (evidence.name, evidence.source, evidence.line_no) == ("湖南省岳阳市君山区财政局", "name_field", 3)


def test_the_year_and_kind_of_unit_and_department_titles():
    assert detect_fiscal_year(cover("上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区商务委员会")) == 2025
    assert detect_doc_kind(cover("晋城市大数据应用局", "2023年度单位决算公开")) == "final_accounts"
    assert detect_doc_kind(cover("乐山市数据局", "2024年度部门决算")) == "final_accounts"
    assert detect_doc_kind(cover("上海市普陀区2025年区级单位预算", "预算单位：上海市普陀区商务委员会")) == "budget"


def test_a_part_heading_is_not_the_title_that_names_the_kind():
    # a document that opens on its 第一部分 has no title: one part misnaming the kind (the fault text.kind_named
    # reports) does not make a 决算 a budget
    body = ("第一部分 单位概况", "主要职责", "机构设置", "第二部分 2023年度部门预算情况说明", "一、收入支出决算总体情况说明",
            "2023年度收、支总计24253.58万元。", "二、收入决算情况说明")
    assert detect_doc_kind(cover(*body, page=None)) == "final_accounts"
    # a cover's title still decides
    assert detect_doc_kind(cover("某某区数据局", "2025年度部门预算", "第一部分 部门概况", "（上年决算数）")) == "budget"


@pytest.mark.parametrize("lines, kind", [
    # no cover, and the prose mentions 决算 (预决算, 上年决算数): the part heading that names the kind decides
    (("第一部分 上海市普陀区某某局2025年部门预算编制说明", "主要职能：负责全区财政预决算管理工作。"), "budget"),
    (("第一部分 部门概况", "负责本区预决算的编制和审核。", "第二部分 2025年部门预算表"), "budget"),
    (("第一部分：2025年度部门预算情况说明", "一、收入预算", "比2024年决算数增加12.00万元。"), "budget"),
    (("第一部分 某某局2023年度部门整体支出绩效自评报告", "一、部门概况", "二、部门资金收支情况"), "performance_self_evaluation"),
])
def test_a_document_without_a_cover_is_what_its_part_heading_says(lines, kind):
    assert detect_doc_kind(cover(*lines, page=None)) == kind
