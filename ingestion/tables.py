"""Recognise the standard final-accounts tables in a block stream and turn them into long facts.

Recognition follows the national template: a table is announced by its title (收入支出决算总表 …),
optionally its 公开NN表 label and a unit line; its header rows give each column a meaning; its
data rows are keyed by a classification code, a row label, or both. Nothing here depends on a
table's position in the document, on one document's layout or on particular figures.

* Segmentation: a title opens a table; its rows continue over page breaks (a repeated title or
  header on the next page continues the same table); "本表无数据" marks it empty; a table of
  contents (a title followed by a page number or by another title) opens nothing; rows under no
  known title form an "unrecognised" table named after the text above them.
* Header: the rows above the first data row, merged cells filled to the right only inside their
  parent cell, give each column a path ("预算数/公务用车购置及运行维护费/小计") and a role
  (code, 类/款/项 part, label, line number or value).
* Facts: each data row splits into code/label/value segments (the 基本支出 table prints four
  code/name/amount triples per row, the 收入支出决算总表 two label/amount halves); every value
  cell becomes one fact with its printed text, kind (number/zero/blank/dash/text) and 万元 amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.numbers import classify_cell, code_system, compact, normalise_code, parse_unit, to_wan
from ingestion.records import Block, TableFact, TableRecord

# Longest names first: 财政拨款收入支出决算总表 must win over 收入支出决算总表, 一般公共预算财政拨款支出决算表 over 支出决算表.
TABLE_TITLES: list[tuple[str, str]] = [
    ("一般公共预算财政拨款基本支出决算明细表", "general_public_budget_basic_expense"),
    ("一般公共预算财政拨款基本支出决算表", "general_public_budget_basic_expense"),
    ("一般公共预算财政拨款支出决算明细表", "general_public_budget_expense"),
    ("一般公共预算财政拨款支出决算表", "general_public_budget_expense"),
    ("政府性基金预算财政拨款收入支出决算表", "government_fund"),
    ("政府性基金预算财政拨款支出决算表", "government_fund"),
    ("国有资本经营预算财政拨款收入支出决算表", "state_capital"),
    ("国有资本经营预算财政拨款支出决算表", "state_capital"),
    ("财政拨款收入支出决算总表", "fiscal_income_expense_summary"),
    ("财政拨款收支决算总表", "fiscal_income_expense_summary"),
    ("三公经费支出决算表", "three_public"),
    ("部门决算公开相关信息统计表", "related_info"),
    ("单位决算公开相关信息统计表", "related_info"),
    ("相关信息统计表", "related_info"),
    ("机关运行经费支出决算表", "related_info"),
    ("政府采购情况表", "related_info"),
    ("收入支出决算总表", "income_expense_summary"),
    ("收支决算总表", "income_expense_summary"),
    ("收入决算表", "income"),
    ("支出决算表", "expense"),
    ("部门整体支出绩效目标完成情况自评表", "department_performance"),
    ("项目支出绩效目标完成情况自评表", "project_performance"),
    ("部门整体支出绩效自评表", "department_performance"),
    ("项目支出绩效自评表", "project_performance"),
    ("基础数据表", "performance_basic_data"),
]

# The standard tables a 部门决算 must contain (national template 公开01–09; 公开10 varies by province).
STANDARD_TABLE_KINDS = [
    "income_expense_summary",
    "income",
    "expense",
    "fiscal_income_expense_summary",
    "general_public_budget_expense",
    "general_public_budget_basic_expense",
    "government_fund",
    "state_capital",
    "three_public",
]
# Kinds printed once per document: a repeated title continues the table on a new page.
_SINGLE_KINDS = set(STANDARD_TABLE_KINDS) | {"related_info"}

_ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|（[一二三四五六七八九十]+）)")
_LABEL_RE = re.compile(r"[（(]?公开\d{1,2}表[）)]?")
_TRAILING_PAREN_RE = re.compile(r"[（(][^（）()]*[）)]$")
_EMPTY_MARKERS = ("本表无数据", "此表无数据", "本表为空表", "无数据", "本部门无", "本单位无")
_HEADING_RE = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
_COUNT_UNIT_RE = re.compile(r"[（(](辆|个|人|人次|次|批|批次|台|套|台（套）|项|家)[）)]")
_MONEY_UNIT_RE = re.compile(r"[（(](万元|千元|亿元|元)[）)]")
# A row label that begins the body of a table (一、… （一）… 1. …) rather than naming a column.
_ROW_ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[、.．](?=\D)|其中[:：])\S")
_PAGE_NUMBER_RE = re.compile(r"^[-—－\s]*\d{1,3}[-—－\s]*$")
_CONTINUED_RE = re.compile(r"[（(]?续(表)?[）)]?$")
# Lines printed after a table (notes, sign-offs): rows that follow belong to another table.
_AFTER_TABLE_RE = re.compile(r"^(注[:：\d一二三]|说明[:：]|备注|填表人|单位负责人|制表)")


def _title_key(text: str) -> str:
    key = compact(text)
    for quote in "“”\"'‘’「」":
        key = key.replace(quote, "")
    key = _LABEL_RE.sub("", key)
    key = _ORDINAL_RE.sub("", key)
    key = _CONTINUED_RE.sub("", key) if len(key) > 4 else key
    while _TRAILING_PAREN_RE.search(key):
        key = _TRAILING_PAREN_RE.sub("", key)
    return key


# What may stand before a generic title (收入决算表, 支出决算表, 收入支出决算总表) is the department or
# the year ("XX局2024年度支出决算表"); a word of the classification there makes it another table
# (项目支出决算表 is no 支出决算表).
_GENERIC_KINDS = {"income_expense_summary", "income", "expense"}
_OTHER_TABLE_PREFIX_RE = re.compile(r"(项目|基本|拨款|经费|资金|专项|预算|工资|福利|事业|经营|补助|采购|明细|分类|科目)$")


def recognise_title(text: str) -> str | None:
    """The table kind a title line announces, or None when the line is not a table title."""
    key = _title_key(text)
    if not key or len(key) > 60 or "说明" in key or key.startswith("注"):
        return None
    for name, kind in TABLE_TITLES:
        if key.endswith(name):
            if kind in _GENERIC_KINDS and _OTHER_TABLE_PREFIX_RE.search(key[: -len(name)]):
                return None
            return kind
    return None


def looks_like_unknown_title(text: str) -> bool:
    key = _title_key(text)
    return 2 < len(key) <= 40 and key.endswith("表") and "说明" not in key and not key.startswith("注")


def _printed(text: str) -> str:
    """A cell's text as printed, without the line breaks and spaces layout put inside it."""
    return re.sub(r"\s+", "", text.replace("\u3000", " "))


def _empty_marker(flat: str) -> str | None:
    """The "本表无数据" statement a line makes, or None. Long statements must say 本表/此表."""
    if len(flat) <= 40 and any(m in flat for m in _EMPTY_MARKERS):
        return flat
    if len(flat) <= 160 and re.search(r"[本此该]表(?:为空表|无数据|无内容)", flat):
        return flat
    return None


def _is_toc_row(cells: list[str]) -> bool:
    """A table-of-contents entry laid out as a row: a title or heading, then a page number."""
    filled = [compact(c) for c in cells if compact(c)]
    if len(filled) < 2 or len(filled) > 3 or not _PAGE_NUMBER_RE.match(filled[-1]):
        return False
    head = filled[0]
    return bool(
        recognise_title(head)
        or looks_like_unknown_title(head)
        or _HEADING_RE.match(head)
        or re.match(r"^[（(][一二三四五六七八九十]+[）)]", head)
    ) and all(classify_cell(c)[0] == "text" for c in filled[:-1])


# ---------------------------------------------------------------- one-cell-per-line rows


def regroup_cell_lines(blocks: list[Block]) -> list[Block]:
    """Rebuild table rows from text dumps that print one cell per line.

    The text reader marks such lines with their (source_table, row_index, col_index); lines of
    one row become one "row" block (blank cells restored from the column positions, a cell
    continued over several lines joined). A lone cell opening its table stays a text line (a
    title or caption set in the table's first cell).
    """

    def key(b: Block) -> tuple:
        return (b.source_table, b.row_index) if b.row_index is not None else ("line", b.line_no)

    out: list[Block] = []
    i, n = 0, len(blocks)
    while i < n:
        block = blocks[i]
        if block.kind != "text" or block.col_index is None:
            out.append(block)
            i += 1
            continue
        j = i
        while j < n and blocks[j].kind == "text" and blocks[j].col_index is not None and key(blocks[j]) == key(block):
            j += 1
        group = blocks[i:j]
        # a table title caught at the end of a row (no blank line after the row) is no cell
        title_at = next((k for k, b in enumerate(group) if k > 0 and recognise_title(b.cells[0])), None)
        if title_at is not None:
            j = i + title_at
            group = group[:title_at]
        cells = [""] * (max(b.col_index or 0 for b in group) + 1)
        for b in group:
            cells[b.col_index or 0] += b.cells[0]
        filled = [c for c in cells if c.strip()]
        if len(filled) <= 1 and block.row_index == 0:
            out.extend(group)
        else:
            out.append(Block("row", tuple(cells), block.page, block.line_no, block.source_table, block.row_index))
        i = j
        if title_at is not None:
            title = blocks[i]
            out.append(Block("text", title.cells, title.page, title.line_no))
            i += 1
    return out


# ---------------------------------------------------------------- segmentation


@dataclass
class _Section:
    kind: str
    title: str
    start_block: Block
    rows: list[Block] = field(default_factory=list)
    code: str | None = None
    unit: str | None = None
    empty_marker: str | None = None
    saw_metadata: bool = False
    ended: bool = False  # a note or sign-off followed its rows: later rows start another table
    unread_lines: int = 0  # text lines printing amounts inside the table (an unruled table)


def _is_group_heading(section: _Section, flat: str) -> bool:
    """Sub-section headings inside the 相关信息统计表 (一、政府采购情况 / 二、机关运行经费 …) group its rows."""
    return (
        section.kind == "related_info"
        and bool(re.match(r"^[一二三四五六七八九十]+[、.．]", flat))
        and "说明" not in flat
        and len(flat) <= 24
    )


def _metadata_row(cells: list[str]) -> tuple[str | None, str | None] | None:
    """(unit, 公开NN表 label) of a row that only carries a table's labels (部门名称 / 年度 / 单位)."""
    filled = [compact(c) for c in cells if compact(c)]
    unit = next((parse_unit(c) for c in filled if parse_unit(c)), None)
    label = next((c.strip("（）()") for c in filled if _LABEL_RE.fullmatch(c)), None)
    if unit is None and label is None:
        return None
    for c in filled:
        if parse_unit(c) or _LABEL_RE.fullmatch(c):
            continue
        if re.search(r"(名称|单位|编制|年度|日期)[:：]|^\d{4}年度?$|^[（(]?\d{4}年度?[）)]?$", c):
            continue
        return None
    return unit, label


def _looks_like_unread_row(text: str) -> bool:
    """A text line that prints two or more separate amounts: a table row drawn without rules."""
    tokens = normalise_code_text(text).split()
    return sum(1 for t in tokens if classify_cell(t)[0] in ("number", "zero") and not t.isdigit()) >= 2


def _unknown_title(recent: list[Block]) -> str:
    """The title of a table no known title announces: the nearest title-like line above it, else
    the sentence that introduces it ("…的单位包括："), rejoined where layout broke it over lines."""
    texts = [b.cells[0].strip() for b in recent if b.kind == "text" and not _AFTER_TABLE_RE.match(compact(b.cells[0]))]
    for text in reversed(texts[-4:]):
        if looks_like_unknown_title(text):
            return text
    if not texts:
        return "(untitled)"
    parts = [texts[-1]]
    for text in reversed(texts[-5:-1]):
        if re.search(r"[。！？；]$", text):
            break
        parts.insert(0, text)
    sentence = "".join(parts)
    return re.split(r"[。！？；]", sentence)[-1].strip() or texts[-1]


def segment_tables(blocks: list[Block]) -> list[_Section]:
    """Split the stream into table sections; rows continue a table across page breaks."""
    blocks = regroup_cell_lines(blocks)
    sections: list[_Section] = []
    current: _Section | None = None
    recent: list[Block] = []  # text lines since the last row
    pending_code: str | None = None  # a 公开NN表 label printed above the title it belongs to

    def close() -> None:
        nonlocal current
        if current is not None and (current.rows or current.empty_marker or current.saw_metadata):
            sections.append(current)
        current = None

    def open_section(kind: str, title: str, block: Block) -> None:
        nonlocal current, pending_code, recent
        recent = []
        if (
            current is not None
            and current.kind == kind
            and current.rows
            and not current.ended
            and (kind in _SINGLE_KINDS or _CONTINUED_RE.search(compact(title)))
            and _title_key(title) == _title_key(current.title)
        ):
            return  # the title repeated on a continuation page
        close()
        current = _Section(kind, title.strip(), block)
        label = _LABEL_RE.search(compact(title))
        current.code = label.group(0).strip("（）()") if label else pending_code
        pending_code = None

    def next_is_title(i: int) -> bool:
        for later in blocks[i + 1 : i + 3]:
            cells = [c for c in later.cells if c.strip()]
            if len(cells) == 1 and recognise_title(cells[0]):
                return True
        return False

    page_tops: set[str] = set()  # the first line of each page so far (running headers repeat there)
    previous_page = None
    for i, block in enumerate(blocks):
        page_top = block.page is not None and block.page != previous_page
        previous_page = block.page
        if block.kind == "text":
            text = block.cells[0]
            kind = recognise_title(text)
            if kind is not None:
                open_section(kind, text, block)
                continue
            flat = compact(text)
            label = _LABEL_RE.fullmatch(flat)
            if label:
                code = flat.strip("（）()")
                if current is not None and current.code is None and not current.rows and not next_is_title(i):
                    current.code = code
                    current.saw_metadata = True
                else:
                    pending_code = code
                continue
            if current is not None:
                unit = parse_unit(text)
                if unit and current.unit is None:
                    current.unit = unit
                    current.saw_metadata = True
                marker = _empty_marker(flat)
                if marker:
                    current.empty_marker = marker
                    continue
                if _is_group_heading(current, flat) and not current.ended:
                    current.rows.append(block)
                    continue
                if _HEADING_RE.match(flat) and len(flat) > 4:
                    if not (page_top and flat in page_tops):  # a running header does not end the table
                        close()
                elif current.rows and _AFTER_TABLE_RE.match(flat):
                    current.ended = True
                elif not current.ended and _looks_like_unread_row(text):
                    current.unread_lines += 1
            if page_top:
                page_tops.add(flat)
            recent.append(block)
            continue
        # a table row
        cells = list(block.cells)
        single = [c for c in cells if c.strip()]
        if (current is None or not current.rows) and _is_toc_row(cells):
            continue
        if len(single) == 1 and recognise_title(single[0]):
            open_section(recognise_title(single[0]) or "", single[0], block)
            continue
        flat = compact(" ".join(single))
        if current is not None:
            marker = _empty_marker(flat)
            if marker:
                current.empty_marker = marker
                continue
            meta = _metadata_row(cells)
            if meta is not None and not current.rows:
                current.unit = current.unit or meta[0]
                current.code = current.code or meta[1]
                current.saw_metadata = True
                continue
            if len(single) == 1 and _is_group_heading(current, flat):
                current.rows.append(Block("text", (single[0].strip(),), block.page, block.line_no, block.source_table, block.row_index))
                continue
            if len(single) == 1 and current.rows and _AFTER_TABLE_RE.match(flat):
                current.ended = True  # a note set in the table's last row
                recent.append(Block("text", (single[0].strip(),), block.page, block.line_no))
                continue
            if current.ended:
                close()
        if current is None:
            if len(single) == 1 and (_AFTER_TABLE_RE.match(flat) or parse_unit(flat)):
                recent.append(Block("text", (single[0].strip(),), block.page, block.line_no))
                continue
            current = _Section("unrecognised", _unknown_title(recent), block)
        current.rows.append(block)
        recent = []
    close()
    return sections


# ---------------------------------------------------------------- header and column meanings

_HEADER_ONLY_TOKENS = {"类", "款", "项"}


def _is_ordinal_row(cells: list[str]) -> bool:
    """The 栏次 row: '栏次' or only consecutive small integers (1 2 3 …)."""
    values = [compact(c) for c in cells if compact(c)]
    if not values:
        return False
    if values[0] == "栏次":
        return True
    if all(v.isdigit() and len(v) <= 2 for v in values) and len(values) >= 3:
        numbers = [int(v) for v in values]
        return numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    return False


def _is_data_row(cells: list[str]) -> bool:
    if _is_ordinal_row(cells):
        return False
    filled = [compact(c) for c in cells if compact(c)]
    if filled and filled[0] in ("合计", "总计"):
        # a 合计 row with nothing but amounts beside it (or nothing at all, in an empty table) is
        # data; a row naming more columns after 合计 is a header (the 三公 table's)
        return all(classify_cell(c)[0] != "text" for c in filled[1:])
    for raw in cells:
        if normalise_code(raw):
            return True
        kind, _ = classify_cell(raw)
        if kind in ("number", "zero", "dash"):
            return True
    # a body row of a table printed without figures (the template): its label is numbered
    return any(_ROW_ORDINAL_RE.match(c) for c in filled)


def _header_paths(header_rows: list[list[str]], width: int) -> list[list[str]]:
    grid = [[compact(c) for c in row] + [""] * (width - len(row)) for row in header_rows]
    # A merged header cell is printed once, at its left; it covers the blank cells to its right
    # where some row below subdivides them (a deeper header names those columns), but never
    # beyond its own parent: a blank under another parent is a cell merged from above.
    for r, row in enumerate(grid[:-1]):
        for j in range(1, width):
            if not row[j] and row[j - 1] and any(lower[j] for lower in grid[r + 1 :]):
                if all(grid[k][j] == grid[k][j - 1] for k in range(r)):
                    row[j] = row[j - 1]
    paths = []
    for j in range(width):
        path: list[str] = []
        for row in grid:
            if row[j] and (not path or path[-1] != row[j]):
                path.append(row[j])
        paths.append(path)
    return paths


def _column_role(path: list[str]) -> str:
    leaf = path[-1] if path else ""
    if "行次" in leaf or leaf == "栏次":
        return "rowno"
    if leaf in _HEADER_ONLY_TOKENS:
        return "code_part"
    if "代码" in leaf or "编码" in leaf:
        return "code"
    if "名称" in leaf or leaf in ("项目", "收入", "支出", "功能分类科目", "经济分类科目", "科目"):
        return "label"
    if not path:
        return "unknown"
    return "value"


_MEASURES = [
    ("基本支出", "basic"),
    ("项目支出", "project"),
    ("年初结转", "carryover_begin"),
    ("年末结转", "carryover_end"),
    ("上缴上级", "remit_to_superior"),
    ("经营支出", "business_expense"),
    ("对附属单位补助", "subsidy_to_affiliates"),
    ("财政拨款收入", "fiscal_income"),
    ("上级补助收入", "superior_subsidy_income"),
    ("事业收入", "operating_income"),
    ("经营收入", "business_income"),
    ("附属单位上缴", "affiliate_income"),
    ("其他收入", "other_income"),
    ("一般公共预算财政拨款", "general_public_budget"),
    ("政府性基金预算财政拨款", "government_fund"),
    ("国有资本经营预算财政拨款", "state_capital"),
    ("年初预算", "budget_initial"),
    ("预算数", "budget"),
    ("全年预算", "budget"),
    ("决算数", "total"),  # outside the 三公 table a 决算数 column is the amount itself
    ("本年收入", "income"),
    ("合计", "total"),
    ("小计", "total"),
    ("金额", "total"),
    ("统计数", "total"),
    ("本年支出", "total"),
]


def column_measure(path: list[str], table_kind: str | None = None) -> str:
    """A coarse meaning of a column from its header path (the leaf decides first).

    In the 三公 table every amount is a 预算数 or a 决算数 of some category, wherever the
    header prints that word (above the categories or below them): that is its measure.
    """
    if table_kind == "three_public":
        for part in path:
            word = _TRAILING_PAREN_RE.sub("", part)  # "预算数（万元）"
            if "财政拨款" in word:
                continue  # "一般公共预算财政拨款“三公”经费" heads both halves
            if re.search(r"预算(数)?$|预算数", word):
                return "budget"
            if re.search(r"决算(数)?$|决算数|实际支出", word):
                return "actual"
    for part in reversed(path):
        for needle, measure in _MEASURES:
            if needle in part:
                return measure
    return "value"


# ---------------------------------------------------------------- rows → facts


@dataclass
class _Segment:
    code_parts: list[str] = field(default_factory=list)
    code_cols: list[int] = field(default_factory=list)
    code: str | None = None
    label: str | None = None  # normalised (NFKC, no spaces)
    name: str | None = None  # as printed (no spaces)
    values: list[tuple[int, str]] = field(default_factory=list)

    @property
    def has_key(self) -> bool:
        return bool(self.code or self.label or any(self.code_parts))

    def add_label(self, raw: str) -> None:
        text, printed = compact(raw), _printed(raw)
        self.label = text if self.label is None else self.label + text
        self.name = printed if self.name is None else self.name + printed


_PERCENT_RE = re.compile(r"^([-+]?\d+(?:\.\d+)?)%$")
_CODE_NAME_RE = re.compile(r"^(\d{3}(?:\s?\d{2}){0,2})\s*(\D.*)$")


def _split_segments(cells: list[str], roles: list[str]) -> list[_Segment]:
    segments: list[_Segment] = []
    seg = _Segment()
    prev_role = "value"
    for j, raw in enumerate(cells):
        role = roles[j] if j < len(roles) else "unknown"
        text = compact(raw)
        kind, _ = classify_cell(raw)
        if role == "rowno":
            prev_role = role
            continue
        if role == "unknown":
            role = "code" if normalise_code(raw) else ("label" if kind == "text" else "value")
        is_key_column = role in ("code", "code_part", "label")
        if is_key_column and prev_role in ("value", "rowno") and (text or seg.values) and (seg.has_key or seg.values):
            # a key column after values: the next code/name/amount group of the row begins
            segments.append(seg)
            seg = _Segment()
        elif role == "value" and kind == "text" and text and (seg.values or seg.label) and not _PERCENT_RE.match(text):
            # a row label printed in an amount column: a new segment begins here
            segments.append(seg)
            seg = _Segment()
            role = "label"
        if role == "code_part":
            seg.code_parts.append(text if text.isdigit() else "")
            seg.code_cols.append(j)
            if text and not text.isdigit():
                seg.add_label(raw)  # 合计 / 人员经费合计 printed across the code columns
        elif role in ("code", "label"):
            code = normalise_code(raw)
            if code and not seg.code:
                seg.code = code
            elif text:
                # a name printed with its code in one cell: "2010501 行政运行", "201 05 01 行政运行"
                match = _CODE_NAME_RE.match(normalise_code_text(raw))
                if match and normalise_code(match.group(1)) and not seg.code:
                    seg.code = normalise_code(match.group(1))
                    seg.add_label(match.group(2))
                else:
                    seg.add_label(raw)
        else:
            seg.values.append((j, raw))
        prev_role = role if role != "code_part" else "code"
    segments.append(seg)
    return _merge_spilled_values(segments)


def normalise_code_text(raw: str) -> str:
    return raw.replace("\u3000", " ").strip()


def _merge_spilled_values(segments: list[_Segment]) -> list[_Segment]:
    """A total's label merged over several code/name columns (公用经费合计 in the 基本支出 table)
    prints its amount further right, under another group's amount column: an amount in a keyless
    group belongs to the label-only group before it when that group has no amount of its own."""
    out: list[_Segment] = []
    owner: _Segment | None = None  # a label-only group still waiting for its amount
    for seg in segments:
        filled = [(j, raw) for j, raw in seg.values if classify_cell(raw)[0] != "blank"]
        if seg.has_key:
            out.append(seg)
            owner = seg if (seg.label and not seg.code and not any(seg.code_parts) and not filled) else None
            continue
        if filled and owner is not None:
            owner.values = filled
            owner = None
            continue
        out.append(seg)
    return out


def _resolve_codes(segments: list[_Segment], carry: dict[int, str]) -> None:
    """Codes printed over 类/款/项 columns; a level left blank repeats the row above (carry)."""
    for seg in segments:
        if seg.code is not None or not any(seg.code_parts):
            continue
        parts = list(seg.code_parts)
        if len(parts[0]) in (5, 7) and not any(parts[1:]):
            seg.code = parts[0]  # the full code printed in the 类 column
            continue
        last = max(i for i, p in enumerate(parts) if p)
        for i in range(last):
            if not parts[i]:
                parts[i] = carry.get(seg.code_cols[i], "")
        for i in range(len(parts)):
            if i <= last:
                carry[seg.code_cols[i]] = parts[i]
            else:
                carry.pop(seg.code_cols[i], None)
        used = parts[: last + 1]
        if len(used[0]) == 3 and all(len(p) == 2 for p in used[1:]):
            seg.code = "".join(used)


def _split_header(rows: list[list[str]]) -> tuple[int, list[list[str]]]:
    """Index of the first data row and the header rows above it (栏次 rows dropped)."""
    first_data = next((i for i, r in enumerate(rows) if _is_data_row(r)), len(rows))
    header_rows = [r for r in rows[:first_data] if not _is_ordinal_row(r)]
    # 类/款/项 may be printed in the first data row's key cells (Shanghai layout)
    if first_data < len(rows):
        first = rows[first_data]
        if any(compact(c) in _HEADER_ONLY_TOKENS for c in first):
            header_rows.append([c if compact(c) in _HEADER_ONLY_TOKENS else "" for c in first])
            rows[first_data] = ["" if compact(c) in _HEADER_ONLY_TOKENS else c for c in first]
    return first_data, header_rows


def _repeats_header(cells: list[str], header_texts: set[str]) -> bool:
    """A header row printed again on a continuation page (or a sub-header inside the body)."""
    filled = [compact(c) for c in cells if compact(c)]
    return bool(filled) and all(c in header_texts or c in _HEADER_ONLY_TOKENS for c in filled)


def extract_table_facts(section: _Section, table_index: int) -> tuple[TableRecord, list[TableFact]]:
    groups: list[str | None] = []
    row_blocks: list[Block] = []
    group = None
    for block in section.rows:
        if block.kind == "text":
            group = re.sub(r"^[一二三四五六七八九十]+[、.．]", "", compact(block.cells[0]))
            continue
        row_blocks.append(block)
        groups.append(group)
    width = max((len(b.cells) for b in row_blocks), default=0)
    rows = [list(b.cells) + [""] * (width - len(b.cells)) for b in row_blocks]
    first_data, header_rows = _split_header(rows)
    paths = _header_paths(header_rows, width)
    roles = [_column_role(p) for p in paths]
    header_texts = {compact(c) for r in header_rows for c in r if compact(c)}
    keyless_table = not any(r in ("code", "code_part", "label") for r in roles)
    table_unit = section.unit or "万元"
    facts: list[TableFact] = []
    carry: dict[int, str] = {}
    data_rows = 0
    count_group, count_unit = None, None
    for r_index in range(first_data, len(rows)):
        cells = rows[r_index]
        block = row_blocks[r_index]
        if _is_ordinal_row(cells) or not any(compact(c) for c in cells):
            continue
        if not _is_data_row(cells) and _repeats_header(cells, header_texts):
            continue
        data_rows += 1
        segments = _split_segments(cells, roles)
        _resolve_codes(segments, carry)
        for seg in segments:
            if not (seg.code or seg.label) and not keyless_table:
                continue
            code = seg.code
            label = seg.label
            row_unit_match = _COUNT_UNIT_RE.search(label or "")
            if groups[r_index] != count_group:
                count_group, count_unit = groups[r_index], None
            if row_unit_match:
                count_unit = row_unit_match
            elif count_unit is not None and re.match(r"^\d+[.、．]", label or ""):
                # numbered sub-items (1.主要负责人用车 …) count in their parent row's unit
                row_unit_match = count_unit
            row_money = _MONEY_UNIT_RE.search(label or "")
            for j, raw in seg.values:
                kind, value = classify_cell(raw)
                path = paths[j] if j < len(paths) else []
                column_label = "/".join(path)
                col_unit = _COUNT_UNIT_RE.search(column_label)
                unit_match = row_unit_match or col_unit
                money_match = row_money or _MONEY_UNIT_RE.search(column_label)
                money_unit = money_match.group(1) if money_match else table_unit
                unit = unit_match.group(1) if unit_match else money_unit
                is_money = unit_match is None
                percent = _PERCENT_RE.match(compact(raw)) if kind == "text" else None
                if percent:  # a rate printed in the table (完成预算%): a number, not money
                    number_kind, value = classify_cell(percent.group(1))
                    kind = "zero" if number_kind == "zero" else "number"
                    unit, is_money = "%", False
                facts.append(
                    TableFact(
                        table_index=table_index,
                        table_kind=section.kind,
                        page=block.page,
                        line_no=block.line_no,
                        row_index=r_index,
                        col_index=j,
                        row_label=label if code is None else (label or code),
                        classification=code_system(code) if code else "none",
                        subject_code=code,
                        subject_name=seg.name if code else None,
                        column_label=column_label,
                        measure=column_measure(path, section.kind),
                        raw_text=raw,
                        value_kind=kind,
                        value=value,
                        unit=unit,
                        amount_wan=to_wan(value, money_unit) if is_money else None,
                        row_group=groups[r_index],
                    )
                )
    pages = [b.page for b in row_blocks if b.page is not None] or ([section.start_block.page] if section.start_block.page else [])
    has_values = any(f.value_kind in ("number", "zero") for f in facts)
    record = TableRecord(
        table_index=table_index,
        table_kind=section.kind,
        title=section.title,
        table_code=section.code,
        unit=section.unit,
        page_start=min(pages) if pages else None,
        page_end=max(pages) if pages else None,
        line_start=section.start_block.line_no,
        row_count=data_rows,
        is_empty=not has_values,
        empty_marker=section.empty_marker,
        unread_lines=section.unread_lines,
    )
    return record, facts


PERFORMANCE_KINDS = {"project_performance", "department_performance", "performance_basic_data"}


def extract_tables(blocks: list[Block]) -> tuple[list[TableRecord], list[TableFact]]:
    """All tables in a document; performance tables are recorded but parsed elsewhere."""
    records: list[TableRecord] = []
    facts: list[TableFact] = []
    for index, section in enumerate(segment_tables(blocks)):
        record, table_facts = extract_table_facts(section, index)
        records.append(record)
        if section.kind not in PERFORMANCE_KINDS:
            facts.extend(table_facts)
    return records, facts
