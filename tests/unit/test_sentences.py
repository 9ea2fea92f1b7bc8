"""The prose kept sentence by sentence (ingestion.narrative.sentences): headings with their level, sentences of one
paragraph together, punctuation as printed, the prose cells of forms, table row labels not taken for headings."""

from __future__ import annotations

from pathlib import Path

from ingestion.document import extract_document
from ingestion.narrative.sentences import read_sentences
from ingestion.records import Block
from tests.conftest import corpus_file


def _text(lines: list[str]) -> list[Block]:
    return [Block("text", (line,), None, n) for n, line in enumerate(lines, 1)]


def test_headings_titles_and_sentences_keep_their_section_and_line():
    blocks = _text([
        "测试市数据局2024年度部门决算",
        "第二部分 2024年度部门决算情况说明",
        "一、收入支出决算总体情况说明",
        "2024年度收入、支出总计均为130.00万元。与2023年度相比，增加10.00万元，",
        "增长8.33%。主要原因是业务增加。",
        "（一）机关运行经费支出情况",
        "机关运行经费支出20.00万元。",
    ])
    got = [(s.kind, s.level, s.line_no, s.text) for s in read_sentences(blocks)]
    assert got == [
        ("title", None, 1, "测试市数据局2024年度部门决算"),
        ("heading", 0, 2, "第二部分 2024年度部门决算情况说明"),
        ("heading", 1, 3, "一、收入支出决算总体情况说明"),
        ("sentence", None, 4, "2024年度收入、支出总计均为130.00万元。"),
        ("sentence", None, 4, "与2023年度相比，增加10.00万元，增长8.33%。"),  # joined across the line break
        ("sentence", None, 5, "主要原因是业务增加。"),
        ("heading", 2, 6, "（一）机关运行经费支出情况"),
        ("sentence", None, 7, "机关运行经费支出20.00万元。"),
    ]
    sentences = read_sentences(blocks)
    # the three sentences of the paragraph share it; the next paragraph has its own
    assert len({s.paragraph_index for s in sentences[3:6]}) == 1
    assert sentences[7].paragraph_index != sentences[5].paragraph_index
    assert {s.section for s in sentences[3:6]} == {"一、收入支出决算总体情况说明"}


def test_doubled_stops_and_closing_quotes_stay_with_their_sentence():
    sentences = read_sentences(_text(["主要原因是。。人员增加（含“新进”人员”。下一句。"]))
    assert [s.text for s in sentences] == ["主要原因是。。", "人员增加（含“新进”人员”。", "下一句。"]


def test_table_rows_are_not_headings_but_form_prose_is_kept():
    blocks = [
        Block("text", ("收入支出决算总表",), 5, 1),
        Block("row", ("", "十、节能环保支出", "", ""), 5, 2, source_table=0, row_index=3),
        Block("row", ("项目实施和预算执行情况", "预算下达400万元，实际执行156.7万元，预算执行率为40%。"), 9, 3, source_table=0),
        Block("row", ("总分", "90", "优"), 9, 4, source_table=0),
    ]
    got = [(s.kind, s.page, s.text) for s in read_sentences(blocks)]
    assert ("cell", 9, "预算下达400万元，实际执行156.7万元，预算执行率为40%。") in got
    assert not any(kind == "heading" for kind, _, _ in got)
    assert not any("总分" in text for _, _, text in got)  # a short label is no prose


def test_the_corpus_prose_as_a_reviewer_reads_it():
    """乐山市数据局 2024 (text): the sentences the reviewer's contradictions stand in, with their sections."""
    path = corpus_file("texts/leshan-data-bureau-2024-final.txt")
    sentences = extract_document(Path(path)).sentences
    by_line = {}
    for s in sentences:
        by_line.setdefault(s.line_no, []).append(s)
    assert [s.text for s in by_line[15]] == ["2024年度收入、支出总计均为2098.43万元。",
                                             "因乐山市数据局为2024年新增部门，所以没有2023年收入支出数据。"]
    assert by_line[12][0].kind == "heading" and by_line[12][0].level == 0
    assert by_line[121][0].section == "附件1 › 二、部门资金收支情况"
    assert any("截至2024年12月31日" in s.text for s in by_line[63])
    assert [s.kind for s in sentences].count("heading") >= 25


def test_a_pdf_keeps_its_pages():
    path = corpus_file("pdf/putuo-social-work-dept-2024-final.pdf")
    sentences = extract_document(Path(path)).sentences
    hit = next(s for s in sentences if s.text.startswith("一般公共预算财政拨款支出年初预算为0万元"))
    assert hit.page == 18 and hit.section == "五、一般公共预算财政拨款支出决算情况说明"
    assert hit.text.endswith("完成年初预算的95.89%。")
