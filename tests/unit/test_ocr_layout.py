"""OCR layout without the recogniser: ruling lines and merged cells, skew, columns of borderless tables, digits,
where long lines are cut. Images are drawn here, so each case states the geometry it checks."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ingestion.ocr.borderless import borderless_rows
from ingestion.ocr.digits import clean
from ingestion.ocr.engine import _cuts, distinct, widen
from ingestion.ocr.image import ink_mask, measure_skew, rotate
from ingestion.ocr.layout import Glyph, Line, line_chars
from ingestion.ocr.rulings import find_grids, line_masks, unread_cells
from ingestion.ocr.words import correct

DPI = 200


def _text(chars):
    return "".join(ch for ch, _ in chars)


@pytest.mark.parametrize("printed, cell, expected", [
    ("1759. 10万元", False, "1759.10万元"),  # a gap the scan left after the decimal point
    ("2, 940.05", False, "2,940.05"),
    ("1,234.00 567.00", False, "1,234.00 567.00"),  # two amounts side by side stay two
    ("2O24年", False, "2024年"),
    ("793.O8", True, "793.08"),
    ("187.19.", True, "187.19"),  # a speck after the last digit
    ("11:31", True, "11.31"),
    ("（12.30）", True, "(12.30)"),
    ("—", True, "—"),  # a dash cell stays a dash
    ("一般公共服务支出", True, "一般公共服务支出"),
    ("l2.5%增长", False, "l2.5%增长"),  # a letter outside digits is left alone
])
def test_digits_clean(printed, cell, expected):
    assert _text(clean([(ch, 0.99) for ch in printed], numeric_cell=cell)) == expected


def test_a_guessed_digit_is_never_confident():
    cleaned = clean([(ch, 0.999) for ch in "793.O8"], numeric_cell=True)
    assert _text(cleaned) == "793.08"
    assert min(c for _, c in cleaned) < 0.9  # O read as 0 is a guess: it must fall below the review threshold


def _ruled_table() -> np.ndarray:
    """A 3-column, 4-row grid; the header's first two cells merged (no ruling between them), and the first column's
    last two rows merged (no ruling between them)."""
    page = np.full((900, 1200), 255, np.uint8)
    xs, ys = [100, 500, 800, 1100], [100, 200, 300, 400, 500]
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 2)
    page[102:199, 499:503] = 255  # header: column 0 and 1 merged
    page[399:403, 102:499] = 255  # first column: rows 2 and 3 merged
    return page


def test_ruled_grid_with_merged_cells():
    page = _ruled_table()
    grids = find_grids(ink_mask(page), DPI)
    assert len(grids) == 1
    grid = grids[0]
    assert (grid.n_rows, grid.n_cols) == (4, 3)
    spans = {(c.row, c.col): (c.last_row, c.last_col) for c in grid.cells}
    assert spans[(0, 0)] == (0, 1)  # merged across two columns
    assert spans[(2, 0)] == (3, 0)  # merged across two rows
    assert spans[(1, 2)] == (1, 2)
    assert len(grid.cells) == 12 - 2
    assert grid.cell_at(300, 450).row == 2  # the merged cell answers for the position it covers


def test_a_lone_rule_is_no_table():
    page = np.full((600, 800), 255, np.uint8)
    cv2.line(page, (100, 300), (700, 300), 0, 2)
    assert find_grids(ink_mask(page), DPI) == []


def _text_lines() -> np.ndarray:
    """Lines of 'words' (dark blocks with gaps), like a page of prose."""
    page = np.full((1400, 1000), 255, np.uint8)
    rng = np.random.default_rng(3)
    for y in range(120, 1300, 60):
        x = 80
        while x < 900:
            width = int(rng.integers(20, 30))
            page[y:y + 26, x:x + width] = 30
            x += width + int(rng.integers(6, 12))
    return page


@pytest.mark.parametrize("angle", [-1.0, -0.35, 0.6, 1.0])
def test_skew_is_measured_and_undone(angle):
    page = _text_lines()
    tilted = rotate(page, -angle)  # tilt the page by `angle`: measuring must give it back
    measured = measure_skew(ink_mask(tilted))
    assert abs(measured - angle) <= 0.15
    assert abs(measure_skew(ink_mask(rotate(tilted, measured)))) <= 0.15


def _glyphs(x_start: float, text: str, y: float, advance: float = 12.0) -> list[Glyph]:
    return [Glyph(ch, 0.99, x_start + i * advance, x_start + i * advance - 5, x_start + i * advance + 5, y, y + 28)
            for i, ch in enumerate(text)]


def test_borderless_table_by_column_alignment():
    lines = []
    for row, (label, a, b) in enumerate([("工资福利支出", "120.50", "80.25"), ("商品和服务支出", "33.10", "7.00"),
                                          ("对个人和家庭的补助", "5.40", "0.00")]):
        y = 100 + row * 40
        glyphs = _glyphs(100, label, y, 20) + _glyphs(500, a, y) + _glyphs(700, b, y)
        lines.append(Line(glyphs))
    prose = Line(_glyphs(100, "本年支出合计2940.05万元，比上年减少56.95万元。", 300, 20))
    tables = borderless_rows([*lines, prose], DPI)
    assert len(tables) == 1
    rows = [["".join(g.ch for g in cell) for cell in cells] for _, cells in tables[0]]
    assert rows == [["工资福利支出", "120.50", "80.25"], ["商品和服务支出", "33.10", "7.00"],
                    ["对个人和家庭的补助", "5.40", "0.00"]]


def test_words_part_where_the_gap_is_wider_than_a_character():
    line = Line(_glyphs(100, "单位", 50, 28) + _glyphs(300, "万元", 50, 28))
    assert _text(line_chars(line)) == "单位 万元"


def test_long_lines_are_cut_at_the_widest_gap():
    height = 30
    ink = np.ones(1200, np.int64)
    ink[230:233] = 0  # a narrow gap inside a character (比)
    ink[260:272] = 0  # the gap after a comma: wide
    cuts = _cuts(ink, height)
    assert cuts and 260 <= cuts[0] < 272


def test_a_thin_stroke_the_detector_left_out_is_taken_in():
    text_ink = np.zeros((60, 400), np.uint8)
    text_ink[29:31, 40:66] = 1  # 一: one thin stroke, 26 px wide
    text_ink[10:50, 72:300] = 1  # the rest of the line, which the detector found
    rules = np.zeros_like(text_ink)
    assert widen([(72, 5, 300, 55)], text_ink, rules) == [(40, 5, 300, 55)]
    rules[:, 68] = 1  # a ruling between them: a cell boundary the box must not cross
    assert widen([(72, 5, 300, 55)], text_ink, rules) == [(72, 5, 300, 55)]


def test_line_masks_keep_rulings_and_drop_characters():
    page = _ruled_table()
    page[250:280, 150:180] = 0  # a character-sized blot inside a cell
    horizontal, vertical = line_masks(ink_mask(page), DPI)
    assert horizontal[250:280, 150:180].sum() == 0 and vertical[250:280, 150:180].sum() == 0
    assert horizontal[100, 150:450].all()


def _spell(text: str, doubt: dict[int, float] | None = None) -> str:
    doubt = doubt or {}
    return _text(correct([(ch, doubt.get(i, 0.999)) for i, ch in enumerate(text)]))


def test_vocabulary_respells_doubtful_characters_only():
    assert _spell("攻人支出决算总表", {0: 0.5, 1: 0.6}) == "收入支出决算总表"
    assert _spell("本年收人合计") == "本年收入合计"  # 人 for 入 is no word: undone however sure the recogniser was
    assert _spell("攻入支出决算总表") == "攻入支出决算总表"  # read with confidence: the page is what it says
    assert _spell("一、一般公共预算财政拨款收人", {i: 0.9 for i in range(14)}) == "一、一般公共预算财政拨款收入"
    assert _spell("“三公”经费", {i: 0.5 for i in range(6)}) == "“三公”经费"  # a mark is never respelled
    assert _spell("个人和家庭的补助", {1: 0.5}) == "个人和家庭的补助"
    assert _spell("公用经费1234", {4: 0.3, 5: 0.3}) == "公用经费1234"


def test_boxes_under_others_are_read_once():
    word_a, word_b = (565, 437, 639, 482), (653, 437, 724, 482)
    across = (570, 444, 712, 470)  # a thin box the detector also drew over both words
    assert sorted(distinct([word_a, across, word_b])) == [word_a, word_b]


def test_a_cell_with_ink_but_no_text_read_is_shown_to_the_recogniser():
    page = _ruled_table()
    grid = find_grids(ink_mask(page), DPI)[0]
    ink = np.zeros_like(page)
    ink[340:352, 640:650] = 1  # a small 0 in row 2, column 1, which the detector passed over
    ink[240:260, 200:260] = 1  # text in row 1, column 0, which was read
    boxes = unread_cells([grid], [(230, 250)], ink, DPI)
    assert len(boxes) == 1
    x0, y0, x1, y1 = boxes[0]
    assert x0 <= 640 and x1 >= 650 and y0 <= 340 and y1 >= 352 and x1 - x0 < 40
