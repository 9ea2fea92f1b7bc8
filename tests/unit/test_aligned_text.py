"""Tables a converter laid out with spaces (pdftotext -layout): cells apart by runs of spaces, an empty cell only
spaces (readers.aligned_text). Each table here is printed as such a converter prints it, and read through the
text reader and the table reader to facts."""

from __future__ import annotations

import shutil
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


def _laid(cells: list[tuple[str, int, str]]) -> str:
    """A line with each cell where a converter sets it: (text, column, "left" or "right"): a left cell starts at
    the column, a right one (an amount) ends there; columns count characters, as pdftotext counts them."""
    line = ""
    for text, column, align in cells:
        start = column if align == "left" else column - len(text)
        line = line.ljust(start) + text
    return line


def _page(rows: list[tuple[str, str, list[str]]], edges: list[int]) -> list[str]:
    """Body lines of an expense table on one page: code at 0, name at 11, amounts ending at `edges`."""
    return [_laid([(code, 0, "left"), (name, 11, "left")]
                  + [(amount, edge, "right") for amount, edge in zip(amounts, edges) if amount])
            for code, name, amounts in rows]


EXPENSE_HEAD = ["支出决算表", "公开03表", "单位：万元",
                _laid([("科目编码", 0, "left"), ("科目名称", 11, "left"), ("本年支出合计", 34, "left"),
                       ("基本支出", 52, "left"), ("项目支出", 66, "left")])]


def test_each_page_of_a_pdftotext_dump_is_read_on_its_own_grid():
    # pdftotext sets each page on a grid of its own: on the second page the same columns stand closer together,
    # where the first page's names end; read as one grid its amounts would fall under other headings or none
    first = _page([("201", "一般公共服务支出", ["674.57", "520.39", "154.18"]),
                   ("2010501", "行政运行", ["310.43", "310.43", ""])], [44, 58, 72])
    second = _page([("2010505", "专项统计业务", ["154.18", "", "154.18"]),
                    ("208", "社会保障和就业支出", ["308.07", "234.67", "73.40"])], [30, 40, 50])
    blocks, facts = _read(EXPENSE_HEAD + first + ["\f" + second[0]] + second[1:])
    assert _amounts(facts) == {
        ("201", "total"): 674.57, ("201", "basic"): 520.39, ("201", "project"): 154.18,
        ("2010501", "total"): 310.43, ("2010501", "basic"): 310.43,
        ("2010505", "total"): 154.18, ("2010505", "project"): 154.18,
        ("208", "total"): 308.07, ("208", "basic"): 234.67, ("208", "project"): 73.40,
    }
    # the form feed gives each line its page
    assert {f.subject_code: f.page for f in facts} == {"201": 1, "2010501": 1, "2010505": 2, "208": 2}


def test_a_page_filling_fewer_columns_takes_the_columns_its_scaled_places_fit():
    first = _page([("201", "一般公共服务支出", ["674.57", "520.39", "154.18"])], [44, 58, 72])
    # the second page's rows leave 项目支出 empty: its two columns, measured from the names, are the first two
    # scaled (0.75), not 合计 and 项目支出
    second = _page([("2080505", "机关事业单位基本养老保险缴费支出", ["308.07", "308.07", ""]),
                    ("2080506", "机关事业单位职业年金缴费支出", ["154.03", "154.03", ""])], [36, 46, 56])
    _, facts = _read(EXPENSE_HEAD + first + ["\f" + second[0]] + second[1:])
    assert _amounts(facts) == {
        ("201", "total"): 674.57, ("201", "basic"): 520.39, ("201", "project"): 154.18,
        ("2080505", "total"): 308.07, ("2080505", "basic"): 308.07,
        ("2080506", "total"): 154.03, ("2080506", "basic"): 154.03,
    }


def test_a_row_printed_over_two_lines_is_read_as_one_where_only_together_it_adds_up():
    # the converter printed 基本支出 and 项目支出 a line above the code, name and total (baselines a point apart)
    lines = EXPENSE_HEAD + [
        _laid([("520.39", 58, "right"), ("154.18", 72, "right")]),
        _laid([("201", 0, "left"), ("一般公共服务支出", 11, "left"), ("674.57", 44, "right")]),
        _laid([("310.43", 58, "right")]),
        _laid([("2010501", 0, "left"), ("行政运行", 11, "left"), ("310.43", 44, "right")]),
    ]
    _, facts = _read(lines)
    assert _amounts(facts) == {
        ("201", "total"): 674.57, ("201", "basic"): 520.39, ("201", "project"): 154.18,
        ("2010501", "total"): 310.43, ("2010501", "basic"): 310.43,
    }


def test_amounts_that_could_belong_to_the_row_above_or_below_are_left_unread():
    lines = EXPENSE_HEAD + [
        _laid([("201", 0, "left"), ("一般公共服务支出", 11, "left"), ("310.43", 44, "right"),
               ("310.43", 58, "right")]),
        _laid([("20105", 0, "left"), ("统计信息事务", 11, "left"), ("100.00", 44, "right")]),
        _laid([("100.00", 72, "right")]),  # 20105's 项目支出 or 2010505's: both add up
        _laid([("2010505", 0, "left"), ("专项统计业务", 11, "left"), ("100.00", 44, "right")]),
    ]
    _, facts = _read(lines)
    amounts = _amounts(facts)
    assert ("20105", "project") not in amounts and ("2010505", "project") not in amounts
    assert amounts[("201", "basic")] == 310.43 and amounts[("2010505", "total")] == 100.00


def test_the_template_key_words_printed_apart_join_the_amounts_of_their_row():
    # Shanghai's template prints 类 款 项 in the 合计 row's code cells; the converter put the amounts, the key words
    # and 合计 on three lines
    lines = ["收入决算表", "公开02表", "单位：万元",
             _laid([("科目编码", 0, "left"), ("科目名称", 16, "left"), ("本年收入合计", 32, "left"),
                    ("财政拨款收入", 46, "left"), ("其他收入", 62, "left")]),
             _laid([("2,946.25", 41, "right"), ("2,940.05", 54, "right"), ("6.20", 68, "right")]),
             _laid([("类", 0, "left"), ("款", 6, "left"), ("项", 11, "left")]),
             _laid([("合计", 21, "left")]),
             _laid([("201", 0, "left"), ("一般公共服务支出", 16, "left"), ("2,112.86", 41, "right"),
                    ("2,106.66", 54, "right"), ("6.20", 68, "right")]),
             _laid([("201", 0, "left"), ("06", 6, "left"), ("财政事务", 16, "left"), ("2,112.86", 41, "right"),
                    ("2,106.66", 54, "right"), ("6.20", 68, "right")])]
    _, facts = _read(lines)
    assert _amounts(facts) == {
        ("合计", "income"): 2946.25, ("合计", "fiscal_income"): 2940.05, ("合计", "other_income"): 6.20,
        ("201", "income"): 2112.86, ("201", "fiscal_income"): 2106.66, ("201", "other_income"): 6.20,
        ("20106", "income"): 2112.86, ("20106", "fiscal_income"): 2106.66, ("20106", "other_income"): 6.20,
    }


def test_one_row_of_amounts_under_headings_a_converter_set_narrower_than_they_print_is_not_guessed():
    # pdftotext counts characters (the expense table before shows it: its amounts line up so, not by width), so its
    # Chinese headings are narrower than they print; a 三公 table's one row of amounts has no other row to show its
    # columns, and 171.01 (机关运行经费) stands under no heading: the row stays unread (and is reported so)
    expense = EXPENSE_HEAD + _page([("201", "一般公共服务支出", ["674.57", "520.39", "154.18"]),
                                    ("2010501", "行政运行", ["310.43", "310.43", ""]),
                                    ("2010505", "专项统计业务", ["154.18", "", "154.18"])], [44, 58, 72])
    lines = expense + ["", "2025年单位“三公”经费和机关运行经费预算表",
             "编制单位：某区商务委员会                                                单位:万元",
             "",
             "                            “三公”经费预算数",
             "                                                             机关运行经费预算",
             "                                          公务用车购置及运行费",
             "                                                                 数",
             "   合计          因公出国(境)费   公务接待费",
             "                                     小计      购置费       运行费",
             "",
             "        1.00                  1.00                                171.01",
             ""]
    _, facts = _read(lines)
    assert not [f for f in facts if f.value_kind == "number" and f.table_kind != "expense"]
    assert _amounts(facts, table_kind="expense")[("2010505", "project")] == 154.18


def _pdftotext(path: Path, *flags: str) -> bytes:
    import subprocess

    return subprocess.run(["pdftotext", *flags, str(path), "-"], capture_output=True, check=True).stdout


@pytest.mark.skipif(not (CORPUS / "pdf").is_dir(), reason="../shared/corpus is absent: no real PDFs to convert")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (Debian's poppler-utils) is not installed")
def test_the_corpus_pdfs_converted_by_pdftotext_give_the_pdfs_own_amounts_and_pages():
    """Each 决算 and 预算 PDF of the corpus converted by the real pdftotext -layout (each page on a grid of its own,
    Chinese words narrower than their place, rows split over lines by a point's difference in baseline), read as
    text: no amount differs from the PDF's under the same table, row and measure, nine in ten of the PDF's amounts
    are read so, and each stands on the PDF's page."""
    from ingestion.document import extract_document

    pdfs = sorted((CORPUS / "pdf").glob("putuo-*.pdf")) + sorted((CORPUS / "budget").glob("*.pdf"))
    matched = total = 0
    for path in pdfs:
        from_pdf = extract_document(path, path.read_bytes()).facts
        from_dump = extract_document(path.with_suffix(".txt"), _pdftotext(path, "-layout")).facts
        pdf_amounts, dump_amounts = _amounts_by_key(from_pdf), _amounts_by_key(from_dump)
        conflicting = {k: (v, dump_amounts[k]) for k, v in pdf_amounts.items() if k in dump_amounts
                       and dump_amounts[k] != v}
        assert not conflicting, (path.name, list(conflicting.items())[:5])
        # the page of each amount whose table, row and measure the PDF prints once
        pages: dict[tuple, set] = {}
        for f in from_pdf:
            pages.setdefault((f.table_kind, f.subject_code or f.row_label, f.measure), set()).add(f.page)
        misplaced = [(f.table_kind, f.row_label, f.page) for f in from_dump if f.value_kind == "number"
                     and len(pages.get((f.table_kind, f.subject_code or f.row_label, f.measure), ())) == 1
                     and pages[(f.table_kind, f.subject_code or f.row_label, f.measure)] != {f.page}]
        assert not misplaced, (path.name, misplaced[:5])
        matched += sum(1 for k in pdf_amounts if k in dump_amounts)
        total += len(pdf_amounts)
    assert matched >= 0.9 * total, f"{matched} of {total} amounts read from the pdftotext dumps"


@pytest.mark.skipif(not (CORPUS / "pdf").is_dir(), reason="../shared/corpus is absent: no real PDFs to convert")
@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (Debian's poppler-utils) is not installed")
def test_the_corpus_pdfs_converted_by_pdftotext_cell_by_cell_give_no_amount_wrong():
    """pdftotext without -layout prints each cell on its own line, codes and amounts in an order the reader can
    only partly undo (a few in ten of the PDF's amounts are read): none it reads differs from the PDF's (codes that
    land where an amount stands, a unit line run into a label, once read as money)."""
    from ingestion.document import extract_document

    pdfs = sorted((CORPUS / "pdf").glob("putuo-*.pdf")) + sorted((CORPUS / "budget").glob("*.pdf"))
    for path in pdfs:
        pdf_amounts = _amounts_by_key(extract_document(path, path.read_bytes()).facts)
        dump_amounts = _amounts_by_key(extract_document(path.with_suffix(".txt"), _pdftotext(path)).facts)
        conflicting = {k: (v, dump_amounts[k]) for k, v in pdf_amounts.items() if k in dump_amounts
                       and dump_amounts[k] != v}
        assert not conflicting, (path.name, list(conflicting.items())[:5])


def test_pages_on_one_grid_filling_different_columns_keep_their_own_columns():
    # the first page's rows fill 基本支出, the second's 项目支出, both on the same grid: the second page's amounts
    # are not the first page's columns taken in order (项目 read as 基本)
    first = _page([("2010101", "行政运行", ["310.43", "310.43", ""]),
                   ("2010102", "一般行政管理事务", ["120.00", "120.00", ""])], [44, 58, 72])
    second = _page([("2010505", "专项统计业务", ["154.18", "", "154.18"]),
                    ("2010506", "统计信息化", ["73.40", "", "73.40"])], [44, 58, 72])
    _, facts = _read(EXPENSE_HEAD + first + ["\f" + second[0]] + second[1:])
    amounts = _amounts(facts)
    assert ("2010505", "basic") not in amounts and ("2010506", "basic") not in amounts
    assert amounts[("2010505", "project")] == 154.18 and amounts[("2010101", "basic")] == 310.43


def test_a_total_label_between_two_rows_of_amounts_joins_neither():
    # 合计 printed on a line of its own between 2010501's amounts and its own: which row of amounts it labels is a
    # guess, so it labels none (HEAD of the review: it took 2010501's 310.43 as the 合计)
    lines = EXPENSE_HEAD + [
        _laid([("201", 0, "left"), ("一般公共服务支出", 11, "left"), ("674.57", 44, "right"), ("520.39", 58, "right"),
               ("154.18", 72, "right")]),
        _laid([("2010501", 0, "left"), ("行政运行", 11, "left")]),
        _laid([("310.43", 44, "right"), ("310.43", 58, "right")]),
        _laid([("合计", 11, "left")]),
        _laid([("674.57", 44, "right"), ("520.39", 58, "right"), ("154.18", 72, "right")]),
    ]
    _, facts = _read(lines)
    assert not [f for f in facts if f.row_label == "合计" and f.value_kind == "number"]
    assert _amounts(facts)[("201", "total")] == 674.57


def test_a_table_continued_under_xubiao_takes_the_first_parts_columns_or_stays_text():
    # the continuation's rows print a 项 code the first part's rows never do: its columns (one more) cannot be
    # placed on the first part's, so it stays text (reported unread) rather than shifted by a column
    head = EXPENSE_HEAD
    first = [_laid([("201", 0, "left"), ("一般公共服务支出", 16, "left"), ("674.57", 44, "right"),
                    ("520.39", 58, "right"), ("154.18", 72, "right")]),
             _laid([("201", 0, "left"), ("06", 6, "left"), ("财政事务", 16, "left"), ("674.57", 44, "right"),
                    ("520.39", 58, "right"), ("154.18", 72, "right")])]
    second = [_laid([("201", 0, "left"), ("06", 6, "left"), ("01", 11, "left"), ("行政运行", 16, "left"),
                     ("520.39", 44, "right"), ("520.39", 58, "right")]),
              _laid([("201", 0, "left"), ("06", 6, "left"), ("07", 11, "left"), ("信息化建设", 16, "left"),
                     ("154.18", 44, "right"), ("154.18", 72, "right")])]
    blocks, facts = _read(head + first + ["", "续表", ""] + head[3:] + second)
    amounts = _amounts(facts)
    assert amounts[("财政事务", "total")] == 674.57 and amounts[("财政事务", "project")] == 154.18
    assert not [key for key in amounts if key[0] in ("行政运行", "信息化建设", "2010601", "2010607")]
    assert [b.kind for b in blocks if "信息化建设" in b.cells[0]] == ["text"]  # counted unread


def test_form_feeds_give_pages_and_one_before_anything_printed_begins_none():
    from ingestion.readers.text import read_text

    def pages(text: str) -> list[tuple[str, int | None]]:
        return [(b.cells[0], b.page) for b in read_text(text.encode("utf-8")).blocks]

    assert pages("第一页\n\f第二页\n第二页续\n\f") == [("第一页", 1), ("第二页", 2), ("第二页续", 2)]
    assert pages("\f第一页\n\f第二页") == [("第一页", 1), ("第二页", 2)]
    assert pages("第一页\f\n第二页") == [("第一页", 1), ("第二页", 2)]
    assert pages("没有分页的文本\n第二行") == [("没有分页的文本", None), ("第二行", None)]


def test_a_code_part_one_space_before_its_name_is_a_code():
    # pdftotext leaves one space between a narrow 项 column and the name: "01 行政运行" is the 项 code 01 and the
    # name, not a name; read as a name its row would take its 款's code (20103), under which 694.02 would stand
    lines = ["2025年部门收入预算总表", "单位：万元",
             _laid([("类", 5, "left"), ("款", 15, "left"), ("项", 24, "left"), ("科目名称", 28, "left"),
                    ("合计", 62, "left"), ("财政拨款收入", 72, "left")]),
             _laid([("201", 5, "left"), ("03", 15, "left"), ("政府办公厅（室）及相关机构事务", 27, "left"),
                    ("1,110.77", 68, "right"), ("1,110.77", 84, "right")]),
             _laid([("201", 5, "left"), ("03", 15, "left"), ("01 行政运行", 24, "left"),
                    ("694.02", 68, "right"), ("694.02", 84, "right")]),
             _laid([("201", 5, "left"), ("03", 15, "left"), ("02 一般行政管理事务", 24, "left"),
                    ("416.75", 68, "right"), ("416.75", 84, "right")])]
    _, facts = _read(lines)
    totals = {f.subject_code: f.amount_wan for f in facts if f.measure == "total"}
    assert totals == {"20103": 1110.77, "2010301": 694.02, "2010302": 416.75}
