"""Recognise the standard final-accounts tables in a block stream and turn them into long facts.

Recognition follows the national template: a table is announced by its title (收入支出决算总表 …),
optionally its 公开NN表 label and a unit line; its header rows give each column a meaning; its
data rows are keyed by a classification code, a row label, or both. Nothing here depends on a
table's position in the document.
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

_ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|（[一二三四五六七八九十]+）)")
_LABEL_RE = re.compile(r"[（(]?公开\d{1,2}表[）)]?")
_TRAILING_PAREN_RE = re.compile(r"[（(][^（）()]*[）)]$")
_EMPTY_MARKERS = ("本表无数据", "此表无数据", "本表为空表", "无数据", "本部门无", "本单位无")
_HEADING_RE = re.compile(r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
_COUNT_UNIT_RE = re.compile(r"[（(](辆|个|人|人次|次|批|批次|台|套|项|家)[）)]")


def _title_key(text: str) -> str:
    key = compact(text)
    for quote in "“”\"'‘’「」":
        key = key.replace(quote, "")
    key = _LABEL_RE.sub("", key)
    key = _ORDINAL_RE.sub("", key)
    while _TRAILING_PAREN_RE.search(key):
        key = _TRAILING_PAREN_RE.sub("", key)
    return key


def recognise_title(text: str) -> str | None:
    """The table kind a title line announces, or None when the line is not a table title."""
    key = _title_key(text)
    if not key or len(key) > 60 or "说明" in key or key.startswith("注"):
        return None
    for name, kind in TABLE_TITLES:
        if key.endswith(name):
            return kind
    return None


def looks_like_unknown_title(text: str) -> bool:
    key = _title_key(text)
    return 2 < len(key) <= 40 and key.endswith("表") and "说明" not in key and not key.startswith("注")


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


def _is_group_heading(section: _Section, flat: str) -> bool:
    """Sub-section headings inside the 相关信息统计表 (一、政府采购情况 / 二、机关运行经费 …) group its rows."""
    return (
        section.kind == "related_info"
        and bool(re.match(r"^[一二三四五六七八九十]+[、.．]", flat))
        and "说明" not in flat
        and len(flat) <= 24
    )


def segment_tables(blocks: list[Block]) -> list[_Section]:
    """Split the stream into table sections; rows continue a table across page breaks."""
    sections: list[_Section] = []
    current: _Section | None = None
    last_text: Block | None = None

    def close() -> None:
        nonlocal current
        if current is not None and (current.rows or current.empty_marker or current.saw_metadata):
            sections.append(current)
        current = None

    for block in blocks:
        if block.kind == "text":
            text = block.cells[0]
            kind = recognise_title(text)
            if kind is not None:
                if current is not None and current.kind == kind and current.rows:
                    continue  # a title repeated on a continuation page
                close()
                current = _Section(kind, text.strip(), block)
                continue
            flat = compact(text)
            if current is not None:
                if _LABEL_RE.fullmatch(flat) and current.code is None:
                    current.code = flat.strip("（）()")
                    current.saw_metadata = True
                    continue
                unit = parse_unit(text)
                if unit and current.unit is None:
                    current.unit = unit
                    current.saw_metadata = True
                marker = next((m for m in _EMPTY_MARKERS if m in flat), None)
                if marker and len(flat) <= 40:
                    current.empty_marker = flat
                    continue
                if _is_group_heading(current, flat):
                    current.rows.append(block)
                    continue
                if _HEADING_RE.match(flat) and len(flat) > 4:
                    close()
            last_text = block
            continue
        # a table row
        single = [c for c in block.cells if c.strip()]
        if len(single) == 1 and recognise_title(single[0]):
            close()
            current = _Section(recognise_title(single[0]) or "", single[0].strip(), block)
            continue
        if len(single) == 1 and current is not None and _is_group_heading(current, compact(single[0])):
            current.rows.append(Block("text", (single[0].strip(),), block.page, block.line_no, block.source_table))
            continue
        if current is None:
            title = last_text.cells[0].strip() if last_text is not None else ""
            current = _Section("unrecognised", title or "(untitled)", block)
        flat = compact(" ".join(single))
        marker = next((m for m in _EMPTY_MARKERS if m in flat), None)
        if marker and len(flat) <= 40:
            current.empty_marker = flat
            continue
        unit = parse_unit(flat)
        if unit and len(single) == 1:
            current.unit = current.unit or unit
            continue
        current.rows.append(block)
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
        if kind in ("number", "zero"):
            return True
    return False


def _header_paths(header_rows: list[list[str]], width: int) -> list[list[str]]:
    grid = [[compact(c) for c in row] + [""] * (width - len(row)) for row in header_rows]
    # A merged header cell is printed once, at its left; it covers the blank cells to its
    # right where some row below subdivides them (a deeper header names those columns).
    for r, row in enumerate(grid[:-1]):
        for j in range(1, width):
            if not row[j] and row[j - 1] and any(lower[j] for lower in grid[r + 1 :]):
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
    if "名称" in leaf or leaf in ("项目", "收入", "支出", "功能分类科目", "经济分类科目"):
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
    ("预算数", "budget"),
    ("全年预算", "budget"),
    ("决算数", "actual"),
    ("本年收入", "income"),
    ("合计", "total"),
    ("小计", "total"),
    ("金额", "total"),
    ("统计数", "total"),
    ("本年支出", "total"),
]


def column_measure(path: list[str]) -> str:
    """A coarse meaning of a column from its header path (the leaf decides first)."""
    for part in reversed(path):
        for needle, measure in _MEASURES:
            if needle in part:
                return measure
    return "value"


# ---------------------------------------------------------------- rows → facts


@dataclass
class _Segment:
    code_parts: list[str] = field(default_factory=list)
    code: str | None = None
    label: str | None = None
    values: list[tuple[int, str]] = field(default_factory=list)

    @property
    def has_key(self) -> bool:
        return bool(self.code or self.label)


def _split_segments(cells: list[str], roles: list[str], carry: dict[int, str]) -> list[_Segment]:
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
        if is_key_column and prev_role in ("value", "rowno") and (seg.has_key or seg.values or seg.code_parts):
            segments.append(seg)
            seg = _Segment()
        elif role == "value" and kind == "text" and text and (seg.values or seg.label):
            # a row label printed in an amount column: a new segment begins here
            segments.append(seg)
            seg = _Segment()
            role = "label"
        if role == "code_part":
            part = text if text.isdigit() else ""
            if part:
                carry[j] = part
            seg.code_parts.append(part)
        elif role == "code":
            code = normalise_code(raw)
            if code:
                seg.code = code
            elif text:
                seg.label = text
        elif role == "label":
            code = normalise_code(raw)
            if code and not seg.code:
                seg.code = code
            elif text:
                # a name printed with its code in one cell: "2010501 行政运行"
                match = re.match(r"^(\d{3}(?:\s?\d{2}){0,2})\s*(\D.*)$", raw.strip())
                if match and normalise_code(match.group(1)) and not seg.code:
                    seg.code = normalise_code(match.group(1))
                    seg.label = compact(match.group(2))
                else:
                    seg.label = text if seg.label is None else seg.label + text
        else:
            if kind == "text" and not text:
                kind = "blank"
            seg.values.append((j, raw))
        prev_role = role if role != "code_part" else "code"
    segments.append(seg)
    for s in segments:
        if s.code is None and any(s.code_parts):
            parts = [p for p in s.code_parts]
            if parts and len(parts[0]) == 3:
                s.code = "".join(p for p in parts if p)
                if len(s.code) not in (3, 5, 7):
                    s.code = None
    return segments


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
    rows = [list(b.cells) for b in row_blocks]
    width = max((len(r) for r in rows), default=0)
    first_data = next((i for i, r in enumerate(rows) if _is_data_row(r)), len(rows))
    header_rows = [r for r in rows[:first_data] if not _is_ordinal_row(r)]
    # 类/款/项 may be printed in the first data row's key cells (Shanghai layout)
    if first_data < len(rows):
        first = rows[first_data]
        if any(compact(c) in _HEADER_ONLY_TOKENS for c in first):
            header_rows.append([c if compact(c) in _HEADER_ONLY_TOKENS else "" for c in first])
            rows[first_data] = ["" if compact(c) in _HEADER_ONLY_TOKENS else c for c in first]
    paths = _header_paths(header_rows, width)
    roles = [_column_role(p) for p in paths]
    keyless_table = not any(r in ("code", "code_part", "label") for r in roles)
    facts: list[TableFact] = []
    carry: dict[int, str] = {}
    data_rows = 0
    count_group, count_unit = None, None
    for r_index in range(first_data, len(rows)):
        cells = rows[r_index]
        block = row_blocks[r_index]
        if _is_ordinal_row(cells) or not any(compact(c) for c in cells):
            continue
        if not _is_data_row(cells) and all(_column_role([compact(c)]) != "value" or not compact(c) for c in cells):
            continue  # a header repeated on a continuation page
        data_rows += 1
        for seg in _split_segments(cells, roles, carry):
            if not seg.has_key and not keyless_table:
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
            for j, raw in seg.values:
                kind, value = classify_cell(raw)
                path = paths[j] if j < len(paths) else []
                column_label = "/".join(path)
                col_unit = _COUNT_UNIT_RE.search(column_label)
                unit_match = row_unit_match or col_unit
                unit = unit_match.group(1) if unit_match else (section.unit or "万元")
                is_money = unit_match is None
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
                        subject_name=label if code else None,
                        column_label=column_label,
                        measure=column_measure(path),
                        raw_text=raw,
                        value_kind=kind,
                        value=value,
                        unit=unit,
                        amount_wan=to_wan(value, section.unit or "万元") if is_money else None,
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
