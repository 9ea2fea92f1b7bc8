"""Tables a converter laid out with spaces (pdftotext -layout): cells apart by runs of spaces, an empty cell only
spaces (readers.aligned_text). Each table here is printed as such a converter prints it, and read through the
text reader and the table reader to facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingestion.readers.text import read_text
from ingestion.tables import extract_tables
from sample_corpus.text_shapes import space_rows


def _read(lines: list[str]):
    document = read_text("\n".join(lines).encode("utf-8"))
    return document.blocks, extract_tables(document.blocks)[1]


def _amounts(facts, **where) -> dict:
    return {(f.subject_code or f.row_label, f.measure): f.amount_wan for f in facts
            if f.value_kind == "number" and all(getattr(f, k) == v for k, v in where.items())}


EXPENSE = [
    "支出决算表",
    "公开03表",
    "金额单位：万元",
    "                 项目                     本年支出合计   基本支出   项目支出   上缴上级支出   经营支出",
    "  科目代码          科目名称",
    "       栏次                                      1          2          3              4          5",
    "合计                                      982.64     755.06     227.58",
    "201        一般公共服务支出               674.57     520.39     154.18",
    "2010501    行政运行                       310.43     310.43",
    "2010505    专项统计业务                   154.18                154.18",
    "208        社会保障和就业支出             308.07     234.67      73.40",
    "2080505    机关事业单位基本养老",
    "           保险缴费支出                   308.07     234.67      73.40",
    "",
    "注：本表反映部门本年度各项支出情况。",
]


def test_a_space_aligned_table_keeps_every_amount_in_its_column_blank_cells_included():
    blocks, facts = _read(EXPENSE)
    assert _amounts(facts) == {
        ("合计", "total"): 982.64, ("合计", "basic"): 755.06, ("合计", "project"): 227.58,
        ("201", "total"): 674.57, ("201", "basic"): 520.39, ("201", "project"): 154.18,
        ("2010501", "total"): 310.43, ("2010501", "basic"): 310.43,
        ("2010505", "total"): 154.18, ("2010505", "project"): 154.18,  # its 基本支出 cell is empty
        ("208", "total"): 308.07, ("208", "basic"): 234.67, ("208", "project"): 73.40,
        ("2080505", "total"): 308.07, ("2080505", "basic"): 234.67, ("2080505", "project"): 73.40,
    }
    # the name its cell printed over two lines, read whole (tables.facts joins the two rows)
    assert {f.subject_name for f in facts if f.subject_code == "2080505"} == {"机关事业单位基本养老保险缴费支出"}
    # the note after the table stays text
    assert [b.kind for b in blocks if b.cells[0].startswith("注")] == ["text"]


def test_a_table_of_two_halves_gives_each_half_its_heading():
    rows = [["收入", "", "", "支出", "", ""],
            ["项目", "行次", "金额", "项目", "行次", "金额"],
            ["栏次", "", "1", "栏次", "", "2"],
            ["一、一般公共预算财政拨款收入", "1", "936.78", "一、一般公共服务支出", "32", "674.57"],
            ["二、政府性基金预算财政拨款收入", "2", "", "二、外交支出", "33", ""],
            ["五、事业收入", "5", "51.69", "八、社会保障和就业支出", "39", "138.08"]]
    lines = ["收入支出决算总表", "金额单位：万元"] + space_rows(rows, head=3, spans=[(0, 0, 0, 2), (0, 3, 0, 5)])
    _, facts = _read(lines)
    income = {f.row_label: f.amount_wan for f in facts if f.value_kind == "number" and "收入" in f.column_label}
    expense = {f.row_label: f.amount_wan for f in facts if f.value_kind == "number" and "支出" in f.column_label}
    assert income == {"一、一般公共预算财政拨款收入": 936.78, "五、事业收入": 51.69}
    assert expense == {"一、一般公共服务支出": 674.57, "八、社会保障和就业支出": 138.08}


def test_headings_merged_over_their_columns_and_empty_columns_numbered_by_the_ordinal_row():
    half = ["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"]
    rows = [["预算数", "", "", "", "", "", "决算数", "", "", "", "", ""],
            half + half,
            ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""] * 2,
            [str(n) for n in range(1, 13)],
            ["8.14", "", "3.57", "", "3.57", "4.57", "7.79", "", "3.34", "", "3.34", "4.45"]]
    spans = [(0, 0, 0, 5), (0, 6, 0, 11), (1, 2, 1, 4), (1, 8, 1, 10)]
    lines = ["财政拨款“三公”经费支出决算表", "金额单位：万元"] + space_rows(rows, head=4, spans=spans)
    _, facts = _read(lines)
    printed = {f.column_label: f.amount_wan for f in facts if f.value_kind == "number"}
    assert printed == {
        "预算数/合计": 8.14, "预算数/公务用车购置及运行维护费/小计": 3.57,
        "预算数/公务用车购置及运行维护费/公务用车运行维护费": 3.57, "预算数/公务接待费": 4.57,
        "决算数/合计": 7.79, "决算数/公务用车购置及运行维护费/小计": 3.34,
        "决算数/公务用车购置及运行维护费/公务用车运行维护费": 3.34, "决算数/公务接待费": 4.45,
    }


def test_prose_with_runs_of_spaces_stays_prose():
    lines = [
        "一、部门职责",
        "主要职能：  负责全县统计调查工作，  组织实施各项普查。",
        "内设机构：  办公室  综合股  普查中心。",
        "二、收入支出决算总体情况",
        "2022年度收入、支出决算总计982.64万元。与上年相比，  增加57.20万元，  增长6.2%。",
    ]
    blocks, facts = _read(lines)
    assert facts == []
    assert [b.kind for b in blocks] == ["text"] * len(lines)


CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def _amounts_by_key(facts) -> dict:
    return {(f.table_kind, f.subject_code or f.row_label, f.measure): f.amount_wan
            for f in facts if f.value_kind == "number" and f.amount_wan is not None}


@pytest.mark.skipif(not (CORPUS / "pdf").is_dir(), reason="../shared/corpus is absent: no real PDFs to dump")
def test_the_corpus_pdfs_laid_out_with_spaces_give_the_pdfs_own_amounts():
    """Each 决算 and 预算 PDF of the corpus, dumped as a layout-keeping converter does (tests/unit/layout_dump.py), read
    as text: an amount read from the dump under a table, row and measure the PDF also reads is the PDF's amount, and
    most of the PDF's amounts are read so."""
    from ingestion.document import extract_document
    from tests.unit.layout_dump import layout_dump

    pdfs = sorted((CORPUS / "pdf").glob("putuo-*.pdf")) + sorted((CORPUS / "budget").glob("*.pdf"))
    matched = total = 0
    for path in pdfs:
        data = path.read_bytes()
        from_pdf = _amounts_by_key(extract_document(path, data).facts)
        dump = layout_dump(data).encode("utf-8")
        from_dump = _amounts_by_key(extract_document(path.with_suffix(".txt"), dump).facts)
        conflicting = {k: (v, from_dump[k]) for k, v in from_pdf.items() if k in from_dump and from_dump[k] != v}
        assert not conflicting, (path.name, list(conflicting.items())[:5])
        matched += sum(1 for k in from_pdf if k in from_dump)
        total += len(from_pdf)
    assert matched >= 0.75 * total, f"{matched} of {total} amounts read from the dumps"


def test_the_second_line_of_a_heading_over_an_empty_column_stays_over_it():
    # 上缴上级 / 支出 printed over two lines above a column no row fills: 支出 is no heading of 项目支出 beside it
    rows = [["科目编码", "科目名称", "本年支出", "基本支出", "项目支出", "上缴上级", "经营支出", "对附属单位"],
            ["", "", "合计", "", "", "支出", "", "补助支出"],
            ["合计", "", "982.64", "755.06", "227.58", "", "", ""],
            ["201", "一般公共服务支出", "674.57", "520.39", "154.18", "", "", ""]]
    _, facts = _read(["支出决算表", "单位：万元"] + space_rows(rows, head=2))
    assert _amounts(facts, subject_code="201") == {("201", "total"): 674.57, ("201", "basic"): 520.39,
                                                   ("201", "project"): 154.18}
