"""Data rows into long facts.

Each data row splits into code/label/value segments (the 基本支出 table prints four code/name/amount triples
per row, the 收入支出决算总表 two label/amount halves); every value cell becomes one fact with its printed
text, kind (number/zero/blank/dash/text) and 万元 amount. A subject name a text dump split over two rows (its cell
printed it on two lines) is joined back where the two pieces are the code's national name (_join_wrapped_names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingestion.classification import normalise_subject_name, official_name
from ingestion.records import Block, PartCoverage, TableFact, TableRecord
from ingestion.tables.coverage import TableCoverage
from ingestion.text.normalise import compact, unspaced, trim_cell
from ingestion.text.numbers import classify_cell, code_system, looks_like_amount, normalise_code, parse_unit, read_percent, to_wan
from ingestion.tables.headers import CODE_AND_NAME_RE, code_columns_by_content, column_measure, name_columns_by_content, column_role, header_paths, is_data_row, is_ordinal_row, repeats_header, split_header
from ingestion.tables.segmentation import Section
from ingestion.tables.template_words import bare_heading, is_cut_word, is_template_word
from ingestion.tables.units import counted_unit, printed_count_unit, strip_money_unit


# ---------------------------------------------------------------- rows → facts


@dataclass
class _Segment:
    code_parts: list[str] = field(default_factory=list)
    code_cols: list[int] = field(default_factory=list)
    code: str | None = None
    label: str | None = None  # normalised (NFKC, no spaces)
    name: str | None = None  # as printed (no spaces)
    values: list[tuple[int, str]] = field(default_factory=list)
    label_col: int | None = None  # the column its label begins in

    @property
    def has_key(self) -> bool:
        return bool(self.code or self.label or any(self.code_parts))

    def add_label(self, raw: str, col: int) -> None:
        text, printed = compact(raw), unspaced(raw)
        if self.label_col is None:
            self.label_col = col
        self.label = text if self.label is None else self.label + text
        self.name = printed if self.name is None else self.name + printed


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
        elif role == "value" and kind == "text" and text and (seg.values or seg.label) and not looks_like_amount(text):
            # a row label printed in an amount column: a new segment begins here
            segments.append(seg)
            seg = _Segment()
            role = "label"
        if role == "code_part":
            seg.code_parts.append(text if text.isdigit() else "")
            seg.code_cols.append(j)
            if text and not text.isdigit():
                seg.add_label(raw, j)  # 合计 / 人员经费合计 printed across the code columns
        elif role in ("code", "label"):
            code = normalise_code(raw)
            if code and not seg.code:
                seg.code = code
            elif text:
                match = CODE_AND_NAME_RE.match(trim_cell(raw))
                if match and normalise_code(match.group(1)) and not seg.code:
                    seg.code = normalise_code(match.group(1))
                    seg.add_label(match.group(2), j)
                else:
                    seg.add_label(raw, j)
        else:
            seg.values.append((j, raw))
        prev_role = role if role != "code_part" else "code"
    segments.append(seg)
    return _merge_spilled_values(segments)




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
        # a 款/项 printed without its leading zero ("301 | 2 | 津贴补贴": a spreadsheet dropped it) is that level's
        # two digits, never a one-digit code
        parts = [p.zfill(2) if i and len(p) == 1 else p for i, p in enumerate(seg.code_parts)]
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


@dataclass
class _Row:
    r_index: int
    block: Block
    segments: list[_Segment]
    group: str | None


# what starts a row of its own, never the rest of a name cut by the cell's width: totals, 其中, notes, numbering,
# and the punctuation no classification name prints
_NOT_A_NAME_PIECE = re.compile(r"^(?:合计|总计|小计|其中|注|说明|备注|[一二三四五六七八九十]+[、.．]|\d+[.、．]|[（(])|[，,。：:；;]")
_LONGEST_NAME_PIECE = 16


def _meaningful(row: _Row) -> list[_Segment]:
    """The row's code/name/amount groups that print something (a wide row leaves empty groups beside its own)."""
    return [seg for seg in row.segments if seg.has_key or not _all_blank(seg)]


def _all_blank(seg: _Segment) -> bool:
    return all(classify_cell(raw)[0] == "blank" for _, raw in seg.values)


def _name_piece(seg: _Segment) -> bool:
    """Words alone, without code: what a text dump leaves of a name its cell printed over two lines."""
    return (not seg.code and not any(seg.code_parts) and bool(seg.label)
            and len(seg.label) <= _LONGEST_NAME_PIECE and not _NOT_A_NAME_PIECE.search(seg.label))


def _joined_is_the_name(code: str, joined: str, alone: str) -> bool:
    """Whether the two pieces together print the code's national name, or its beginning (a name may leave out a last
    支出), and more of it than the coded row's own words: a label of its own (支出小计 under 一般公共服务) is never taken
    for the rest of a name. Without the seeds' name there is no telling a name's second line from the first line of
    the next row's."""
    official = official_name(code)
    if not official:
        return False
    target, whole, own = (normalise_subject_name(official), normalise_subject_name(joined),
                          normalise_subject_name(alone))
    return target.startswith(whole) and len(whole) > len(own)


def _join(first: _Segment, second: _Segment, into: _Segment) -> None:
    into.label, into.name = (first.label or "") + (second.label or ""), (first.name or "") + (second.name or "")


def _coded_in(segments: list[_Segment], column: int | None) -> _Segment | None:
    """The coded group whose name stands in `column`."""
    return next((seg for seg in segments if seg.code and seg.label and seg.label_col == column), None)


def _decimal_columns(data: list["_Row"]) -> tuple[set[int], bool]:
    """The columns whose amounts print their cents (four in five of their numbers or more, leaving out bare integers
    that are codes of the national lists or 款/项 parts, which may stand among them), and whether the whole table's do (five
    numbers at least): a table of whole amounts (215 万元 from a spreadsheet's General format) prints no cents."""
    seen: dict[int, list[bool]] = {}
    for row in data:
        for seg in row.segments:
            for j, raw in seg.values:
                text = compact(raw)
                if classify_cell(raw)[0] == "number" and not (text.isdigit()
                                                              and (official_name(text) or text.startswith("0"))):
                    seen.setdefault(j, []).append("." in raw)
    every = [mark for marks in seen.values() for mark in marks]
    return ({j for j, marks in seen.items() if len(marks) >= 2 and sum(marks) * 5 >= len(marks) * 4},
            len(every) >= 5 and sum(every) * 5 >= len(every) * 4)


def _a_code_not_an_amount(raw: str, row_code: str | None, cents_expected: bool) -> bool:
    """A bare integer among a table's amounts that is a classification code, not money: a converter that prints
    each cell on its own line (pdftotext without -layout) can put a code where an amount stands. A 款 or 项 part
    (01, 06: no amount is printed with a leading zero), the row's own code, or a code of the national lists where
    amounts print their cents (`cents_expected`: the column's or the table's amounts do; a table of whole 万元
    prints 215 as money)."""
    text = compact(raw)
    if not text.isdigit():
        return False
    if len(text) >= 2 and text.startswith("0"):
        return True
    if row_code is not None and text == row_code:
        return True
    return cents_expected and len(text) in (3, 5, 7) and official_name(text) is not None


def _join_wrapped_names(rows: list[_Row]) -> None:
    """A subject name printed over two lines of its cell comes out of a text dump as two rows: the coded row and a row
    with nothing but the rest of the name in that group's name column (below it or above it), or the code with the
    name's first line and the amounts with its second. Where the two pieces together are the code's national name,
    they become one group: the piece leaves its row (a row left empty gives no facts), and amounts stay on the row
    that printed them. A wide row (the 基本支出 table's code/name/amount groups side by side) is joined group by group."""
    for above, row in zip(rows, rows[1:]):
        if row.r_index != above.r_index + 1 or row.group != above.group:
            continue
        for piece in [seg for seg in _meaningful(row) if _name_piece(seg)]:
            coded = _coded_in(_meaningful(above), piece.label_col)
            if coded is None or not _joined_is_the_name(coded.code, coded.label + piece.label, coded.label):
                continue
            if _all_blank(piece):
                _join(coded, piece, coded)  # the name goes on below its row
                row.segments.remove(piece)
            elif _all_blank(coded):
                _join(coded, piece, piece)  # the code on the first line, the amounts on the second
                piece.code = coded.code
                above.segments.remove(coded)
        for piece in [seg for seg in _meaningful(above) if _name_piece(seg) and _all_blank(seg)]:
            coded = _coded_in(_meaningful(row), piece.label_col)
            if coded is not None and _joined_is_the_name(coded.code, piece.label + coded.label, coded.label):
                _join(piece, coded, coded)  # the name begins on the line above its code and amounts
                above.segments.remove(piece)


def _names_begin_above_first_row(rows: list[list[str]], first_data: int, header_rows: list[list[str]],
                                  width: int) -> bool:
    """Whether the row just above the first data row is not header but the first line of that row's wrapped names:
    words that are no template heading (nor one clipped), each in a column the header above names a name column,
    and each the beginning of the national name of the code printed left of it on the first data row."""
    if len(header_rows) < 2 or first_data == 0 or first_data >= len(rows) or rows[first_data - 1] is not header_rows[-1]:
        return False
    pieces, first = header_rows[-1], rows[first_data]
    filled = [j for j, cell in enumerate(pieces) if compact(cell)]
    if not filled or any(j == 0 or is_template_word(bare_heading(pieces[j])) or is_cut_word(bare_heading(pieces[j]))
                         for j in filled):
        return False
    roles = [column_role(p) for p in header_paths(header_rows[:-1], width)]
    return all(j < len(roles) and roles[j] == "label" and (code := normalise_code(first[j - 1]))
               and _joined_is_the_name(code, compact(pieces[j]) + compact(first[j]), compact(first[j])) for j in filled)


def _pad_row(cells: list[str], width: int) -> list[str]:
    """A row narrower than its table, padded to its width. A total row alone on a continuation page ("合计 |
    156,211,123 | 99,706,020 | 56,505,103" under a seven-column header) prints its label merged over the code and
    name columns: its amounts stand in the table's last columns, so they are aligned to the right."""
    short = width - len(cells)
    filled = [c for c in cells[1:] if compact(c)]
    label = compact(cells[0]) if cells else ""
    if (
        short > 0
        and label in ("合计", "总计")
        and filled
        and all(classify_cell(c)[0] in ("number", "zero", "dash") for c in filled)
    ):
        return [cells[0]] + [""] * short + cells[1:]
    return cells + [""] * short


def extract_table_facts(section: Section, table_index: int) -> tuple[TableRecord, list[TableFact], PartCoverage]:
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
    rows = [_pad_row(list(b.cells), width) for b in row_blocks]
    first_data, header_rows = split_header(rows)
    if _names_begin_above_first_row(rows, first_data, header_rows, width):
        first_data, header_rows = first_data - 1, header_rows[:-1]
    paths = header_paths(header_rows, width)
    roles = name_columns_by_content(code_columns_by_content([column_role(p) for p in paths], rows[first_data:]),
                                    rows[first_data:])
    header_texts = {compact(c) for r in header_rows for c in r if compact(c)}
    keyless_table = not any(r in ("code", "code_part", "label") for r in roles)
    # a 单位：元 line a converter ran into a cell (a label, a header) still says what the amounts are in
    table_unit = section.unit or next((unit for r in rows for c in r if "单位" in c for unit in [parse_unit(c)] if unit),
                                      None) or "万元"
    facts: list[TableFact] = []
    carry: dict[int, str] = {}
    data_rows = 0
    count_group, count_unit = None, None
    coverage = TableCoverage()
    data: list[_Row] = []
    for r_index in range(first_data, len(rows)):
        cells = rows[r_index]
        block = row_blocks[r_index]
        if is_ordinal_row(cells) or not any(compact(c) for c in cells):
            coverage.skip_row(cells)
            continue
        if not is_data_row(cells) and repeats_header(cells, header_texts):
            continue
        data_rows += 1
        coverage.data_row(r_index, cells, roles, block)
        segments = _split_segments(cells, roles)
        _resolve_codes(segments, carry)
        data.append(_Row(r_index, block, segments, groups[r_index]))
    _join_wrapped_names(data)
    decimal_columns, cents_printed = _decimal_columns(data)
    for row in data:
        r_index, block = row.r_index, row.block
        for seg in row.segments:
            if not (seg.code or seg.label) and not keyless_table:
                continue
            code = seg.code
            # a bracketed money unit in the label governs the row's amounts and is no part of its name
            label, row_money = strip_money_unit(seg.label)
            name = strip_money_unit(seg.name)[0]
            row_count = counted_unit(label) if code is None else None
            if groups[r_index] != count_group:
                count_group, count_unit = groups[r_index], None
            if row_count:
                count_unit = row_count
            elif count_unit is not None and re.match(r"^\d+[.、．]", label or ""):
                # numbered sub-items (1.主要负责人用车 …) count in their parent row's unit
                row_count = count_unit
            for j, raw in seg.values:
                kind, value = classify_cell(raw)
                if kind == "number" and _a_code_not_an_amount(raw, code, j in decimal_columns or cents_printed):
                    kind, value = "text", None  # a code a converter printed among the amounts: unread, not money
                path = paths[j] if j < len(paths) else []
                column_label = "/".join(path)
                count = row_count or printed_count_unit(column_label)
                money_unit = row_money or strip_money_unit(column_label)[1] or table_unit
                unit = count or money_unit
                is_money = count is None
                percent = read_percent(raw) if kind == "text" else None
                if percent is not None:  # a rate printed in the table (完成预算%): a number, not money
                    value = percent
                    kind = "zero" if percent == 0 else "number"
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
                        subject_name=name if code else None,
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
        # a table whose lines look like rows but could not be read is unread, not empty
        is_empty=not has_values and not section.unread_lines,
        empty_marker=section.empty_marker,
        unread_lines=section.unread_lines,
    )
    return record, facts, coverage.record(table_index, section.title, facts, section.unread, section.start_block)
