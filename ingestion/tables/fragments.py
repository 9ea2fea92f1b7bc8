"""Standard tables that a PDF-to-text conversion left as fragments: a few characters per line, in reading
order, with no cell boundaries and no trace of empty cells (such documents print 0.00 or a dash there).

Rows are rebuilt from the template's structure, never from positions: after the title come the table's
labels (公开NN表, 部门名称, the year, the unit), then its header (fragment_header rebuilds the columns), then
rows, each keyed by a classification code or a row label and followed by one number per amount column
(and its 行次 where the table numbers lines). The rebuilt rows are given to segmentation as row blocks, so
the table reads like one printed with cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.records import Block
from ingestion.text.normalise import compact
from ingestion.text.numbers import MONEY_UNITS, classify_cell, normalise_code, parse_unit
from ingestion.tables.headers import column_role, prints_code_hierarchy
from ingestion.tables.fragment_header import column_paths, header_rows, is_header_word, read_header_cell
from ingestion.tables.template_words import bare_heading, completed_heading
from ingestion.tables.fragment_rows import Item, assemble_rows
from ingestion.tables.titles import AFTER_TABLE_RE, CONTINUED_RE, EMPTY_MARKERS, HEADING_RE, LABEL_RE, PERFORMANCE_KINDS, recognise_title

_LONGEST_PIECE = 30  # a line longer than this is prose, not a fragment of a table
_META_FIELDS_RE = re.compile(r"^(部门名称|单位名称|编制单位|编制部门|填报单位|预算单位)[:：]?$")
_YEAR_RE = re.compile(r"^[（(]?\d{4}$")
_UNIT_WORDS_RE = re.compile(r"^(金额单位|单位)[:：]?$")
# a page number the break left ("- 2 -", "第2页"); a bare number may be a figure, so it stays
_PAGE_MARK_RE = re.compile(r"^(?:[-—－]\d{1,3}[-—－]|第\d{1,3}页(?:共\d{1,3}页)?)$")
_ORDINAL_NUMERAL_RE = re.compile(r"^[一二三四五六七八九十]+$")
_UNIT_AFTER_NUMBER_RE = re.compile(rf"^({'|'.join(MONEY_UNITS)}|%)")


@dataclass
class _Piece:
    text: str  # compacted
    block: Block


def _is_amount(text: str) -> bool:
    return classify_cell(text)[0] in ("number", "zero", "dash")


def _ends_zone(blocks: list[Block], k: int) -> bool:
    block = blocks[k]
    if block.kind != "text" or block.col_index is not None:
        return True
    text = compact(block.cells[0])
    following = compact(blocks[k + 1].cells[0]) if k + 1 < len(blocks) and blocks[k + 1].kind == "text" else ""
    return bool(
        len(text) > _LONGEST_PIECE
        or recognise_title(block.cells[0])
        or AFTER_TABLE_RE.match(text)
        or AFTER_TABLE_RE.match(text + following)
        or any(m in text for m in EMPTY_MARKERS)
        or (HEADING_RE.match(text) and len(text) > 4)
    )


def _zone(blocks: list[Block], start: int) -> int:
    end = start
    while end < len(blocks) and not _ends_zone(blocks, end):
        end += 1
    return end


def _is_fragmented(zone: list[Block]) -> bool:
    """Pieces of a table rather than its rows: several lines print nothing but an amount or two (a row printed
    whole on a line, label and amounts, is a table drawn without rules: segmentation flags those)."""
    amounts = 0
    for block in zone:
        tokens = block.cells[0].split()
        if tokens and all(_is_amount(t) for t in tokens) and not all(t.isdigit() for t in tokens):
            amounts += len(tokens)
    return len(zone) >= 6 and amounts >= 2


def _pieces(zone: list[Block]) -> list[_Piece]:
    out = []
    for block in zone:
        whole = compact(block.cells[0])
        if _PAGE_MARK_RE.match(whole) or CONTINUED_RE.fullmatch(whole):
            continue  # a page number or 续表 left by the page break
        tokens = block.cells[0].split()
        # a line holding a label and its amounts side by side ("合计 1,234.00 567.00") is pieces too; a label
        # spread over its cell ("合 计") or a spaced code ("201 05 01") is one
        parts = tokens if len(tokens) > 1 and any(_is_amount(t) and not t.isdigit() for t in tokens) else [block.cells[0]]
        for part in parts:
            if compact(part):
                out.append(_Piece(compact(part), block))
    return out


def _metadata(pieces: list[_Piece]) -> tuple[int, list[Block]]:
    """The labels printed above the header (公开NN表, 部门名称：…, 2024年度, 金额单位：万元), each joined back
    into the line it was; the number of pieces they take."""
    lines: list[Block] = []
    i = 0
    while i < len(pieces):
        text = pieces[i].text
        label = next((k for k in range(i + 1, min(i + 4, len(pieces)) + 1)
                      if LABEL_RE.fullmatch("".join(p.text for p in pieces[i:k]))), None)
        if label is not None:
            lines.append(_line(pieces[i:label]))
            i = label
            continue
        if _YEAR_RE.match(text) and i + 1 < len(pieces) and pieces[i + 1].text.startswith("年"):
            k = i + 2 + (1 if i + 2 < len(pieces) and pieces[i + 2].text in ("）", ")") else 0)
            lines.append(_line(pieces[i:k]))
            i = k
            continue
        if _UNIT_WORDS_RE.match(text):
            k = i + 1 + (1 if i + 1 < len(pieces) and pieces[i + 1].text in ("：", ":") else 0)
            if parse_unit("".join(p.text for p in pieces[i : k + 1])):
                lines.append(_line(pieces[i : k + 1]))
                i = k + 1
                continue
        if _META_FIELDS_RE.match(text):
            k = i + 1
            while k < len(pieces) and not _starts_field(pieces, k) and not read_header_cell([p.text for p in pieces], k):
                k += 1
            lines.append(_line(pieces[i:k]))
            i = k
            continue
        break
    return i, lines


def _line(pieces: list[_Piece]) -> Block:
    first = pieces[0].block
    return Block("text", ("".join(p.text for p in pieces),), first.page, first.line_no)


def _starts_field(pieces: list[_Piece], k: int) -> bool:
    text = pieces[k].text
    return bool(_YEAR_RE.match(text) or _UNIT_WORDS_RE.match(text) or _META_FIELDS_RE.match(text) or text.startswith("公开"))


def _header_cells(texts: list[str], start: int, columns: int | None = None) -> tuple[list[tuple[str, int, int]], int, int]:
    """Header cells from `start` (a run of template header words) as (text, first piece, pieces), then the
    栏次 row if printed (numbering at most `columns` columns, where known); where the cells end and where the
    header ends."""
    cells: list[tuple[str, int, int]] = []
    i = start
    while i < len(texts):
        n = read_header_cell(texts, i)
        if texts[i] == "栏次" or (n == 0 and not _unknown_heading(texts, i)):
            break
        n = n or 1
        cells.append(("".join(texts[i : i + n]), i, n))
        i += n
    # the 栏次 row: 栏次 and the column numbers 1 2 3 … (several runs in a two-sided table)
    k, expected = i, 1
    while k < len(texts):
        if texts[k] == "栏次":
            k += 1
            continue
        if texts[k].isdigit() and int(texts[k]) == expected and (columns is None or expected <= columns) and (
            expected > 1 or (k + 1 < len(texts) and texts[k + 1] in ("2", "栏次")) or (k > i and texts[k - 1] == "栏次")
        ):
            expected += 1
            k += 1
            continue
        break
    return cells, i, (k if expected > 1 else i)


def _unknown_heading(texts: list[str], i: int) -> bool:
    """A header cell in words the template does not use (a province's own column): text with more header
    words right after it, not the first row's label (which amounts follow)."""
    if _is_amount(texts[i]) or _ordinal_length(texts, i) or _row_of_amounts(texts, i + 1):
        return False
    for k in range(i + 1, min(i + 4, len(texts))):
        if _is_amount(texts[k]):
            return False
        if read_header_cell(texts, k):
            return True
    return False


def _header_start(texts: list[str], start: int) -> int | None:
    """Where the header begins: the first run of two or more header words (a group heading of the
    相关信息统计表 may come first)."""
    for i in range(start, len(texts)):
        n = read_header_cell(texts, i)
        if n and read_header_cell(texts, i + n):
            return i
    return None


def _items(pieces: list[_Piece], header: list[str], breaks: set[int], columns: int | None = None) -> list[Item]:
    """Body pieces as row labels and numbers; a header repeated on a continuation page or inside the table
    (the 相关信息统计表 repeats it under each group heading) is left out. A label never runs over a break
    (where the header stood)."""
    texts = [p.text for p in pieces]
    items: list[Item] = []
    label: list[_Piece] = []

    def flush() -> None:
        if label:
            items.append(Item("label", "".join(p.text for p in label), label[0].block))
            label.clear()

    i = 0
    while i < len(pieces):
        text = texts[i]
        if i in breaks:
            flush()
        if _starts_field(pieces, i) and not (label and _YEAR_RE.match(text)):
            skipped, _ = _metadata(pieces[i:])  # the labels repeated with the header on a new page
            if skipped:
                flush()
                i += skipped
                continue
        if read_header_cell(texts, i):
            cells, cells_end, end = _header_cells(texts, i, columns)
            repeated = 0  # the header again, cell for cell (from its first row, or from a later one)
            offset = next((k for k, h in enumerate(header) if cells and compact(h) == compact(cells[0][0])), 0)
            while (repeated < len(cells) and offset + repeated < len(header)
                   and compact(cells[repeated][0]) == compact(header[offset + repeated])):
                repeated += 1
            if repeated >= 2:
                flush()
                i = end if repeated == len(cells) else cells[repeated][1]
                continue
        if _is_amount(text) and not _number_in_label(texts, i):
            flush()
            items.append(Item("number", text, pieces[i].block))
            i += 1
            continue
        ordinal = _ordinal_length(texts, i)
        if ordinal:
            flush()
            label.extend(pieces[i : i + ordinal])
            i += ordinal
            continue
        label.append(pieces[i])
        i += 1
    flush()
    return items


def _row_of_amounts(texts: list[str], i: int) -> bool:
    """Amounts begin at i (a 行次 number may come first); a code begins a row of its own."""
    def amount(k: int) -> bool:
        return k < len(texts) and _is_amount(texts[k]) and not texts[k].isdigit()

    return amount(i) or (i < len(texts) and texts[i].isdigit() and len(texts[i]) <= 2 and amount(i + 1))


def _number_in_label(texts: list[str], i: int) -> bool:
    """A number inside a row label (单价100万元以上设备): a whole number with a unit right after it."""
    return texts[i].isdigit() and i + 1 < len(texts) and bool(_UNIT_AFTER_NUMBER_RE.match(texts[i + 1]))


def _ordinal_length(texts: list[str], i: int) -> int:
    """Pieces of a row numbering that starts a label here (一 、 / （ 一 ） / 1.), or 0."""
    text = texts[i]
    if _ORDINAL_NUMERAL_RE.match(text) and i + 1 < len(texts) and texts[i + 1] in ("、", ".", "．"):
        return 2
    if text in ("（", "(") and i + 2 < len(texts) and _ORDINAL_NUMERAL_RE.match(texts[i + 1]) and texts[i + 2] in ("）", ")"):
        return 3
    if re.fullmatch(r"\d{1,2}[.、．]", text) or text.startswith("其中"):
        return 1
    return 0


def _rebuild(zone: list[Block]) -> list[Block]:
    pieces = _pieces(zone)
    used, out = _metadata(pieces)
    texts = [p.text for p in pieces]
    start = _header_start(texts, used)
    if start is None:
        rest = zone.index(pieces[used].block) if used < len(pieces) else len(zone)
        return out + zone[rest:]
    cells, cells_end, end = _header_cells(texts, start)
    # The first row's label may spell header words (合计, 一般公共预算财政拨款 / 收入): read as the header's last
    # cells, they leave the header wider than the rows below it, or the first row without a label.
    for back in range(0, min(3, len(cells) - 2) + 1 if cells_end == end else 1):
        kept = cells[: len(cells) - back]
        body_start = end if back == 0 else cells[len(cells) - back][1]
        if _fits_rows(kept, pieces[body_start:]):
            cells, end = kept, body_start
            break
    body = pieces[used:start] + pieces[end:]
    heads = [c for c, _, _ in cells]
    paths = _with_key_columns(heads, [p.text for p in pieces[end:]])
    numbered = sum(1 for t in texts[cells_end:end] if t.isdigit())
    rows = assemble_rows(_items(body, heads, {start - used}, numbered), paths)
    first_block = pieces[start].block
    out += [Block("row", tuple(r), first_block.page, first_block.line_no) for r in header_rows(paths)]
    out += [Block("row", tuple(r), block.page, block.line_no) for r, block in rows]
    return out


def _with_key_columns(heads: list[str], body: list[str]) -> list[list[str]]:
    """The columns' header paths, with the code and name columns a damaged header leaves unnamed.

    OCR or a converter may cut a heading short (科目编码 to 科目编, 科目名称 to 科目名), or a header never printed it:
    the codes would then be read as amounts or names, the names as amounts or not at all. A heading of the template
    missing its last character is read whole; a code column or a name column the header does not name is put where
    the template prints it (_with_code_columns), headed by the template's word: a rebuilt header states what its
    columns hold."""
    mended: list[str] = []
    for head in heads:
        joined = completed_heading(mended[-1] + head) if mended and not is_header_word(mended[-1]) else None
        if joined:
            mended[-1] = joined  # its first piece came apart from it too (功能分类科 / 目名)
        else:
            mended.append(completed_heading(head) or head)
    paths = _with_code_columns(mended, body)
    roles = [column_role(p) for p in paths]
    if "label" in roles or not any(r in ("code", "code_part") for r in roles):
        return paths
    if any("名称" in path[-1] for path, role in zip(paths, roles) if role == "code"):
        return paths  # 科目代码及名称: names printed with their codes
    # codes and no name heading (blank, or cut to 科目名): the names the rows print after their codes go in a name
    # column after each group of code columns, under the heading the codes hang under
    out: list[list[str]] = []
    for j, path in enumerate(paths):
        out.append(path)
        if roles[j] in ("code", "code_part") and (j + 1 == len(paths) or roles[j + 1] not in ("code", "code_part")):
            parent = path[:-2] if roles[j] == "code_part" else path[:-1]
            out.append(parent + [_NAME_HEADING])
    return out


def _with_code_columns(heads: list[str], body: list[str]) -> list[list[str]]:
    """The columns' header paths, with a code column where the header names none: 类 款 项 with nothing above them
    get the code heading before the name heading; otherwise, where the rows print a hierarchy of classification codes
    before their names (headers.prints_code_hierarchy), a code column goes before each name column."""
    plain = column_paths(heads)
    roles = [column_role(p) for p in plain]
    if "code" in roles:
        return plain
    if "code_part" in roles:
        # 类 款 项 with nothing above them: the heading they hang under goes where the template prints it, before
        # the name heading of the row above them
        first = next(k for k, head in enumerate(heads) if column_role([bare_heading(head)]) == "code_part")
        name = next((k for k in range(first - 1, -1, -1) if "名称" in bare_heading(heads[k])), None)
        if name is None:
            return plain
        return column_paths(heads[:name] + [_CODE_HEADING] + heads[name:])
    if not prints_code_hierarchy(_codes_before_labels(body)):
        return plain
    out: list[list[str]] = []
    for path in plain:
        if column_role(path) == "label":
            out.append(path[:-1] + [_CODE_HEADING])
        out.append(path)
    return out


_CODE_HEADING, _NAME_HEADING = "科目编码", "科目名称"


def _codes_before_labels(texts: list[str]) -> list[str]:
    """The whole numbers just before each row label: as many as read as one code, whole or spaced (201 05 01), or
    the last of them where they read as none (a count ending the row above), so that prints_code_hierarchy weighs
    them against the codes."""
    out = []
    for i, text in enumerate(texts):
        if not text or text.isdigit() or _is_amount(text):
            continue
        run: list[str] = []
        k = i - 1
        while k >= 0 and texts[k].isdigit() and len(run) < 3:
            run.insert(0, texts[k])
            k -= 1
        if run:
            out.append(next((" ".join(run[-n:]) for n in range(len(run), 0, -1) if normalise_code(" ".join(run[-n:]))),
                            run[-1]))
    return out


def _fits_rows(cells: list[tuple[str, int, int]], body: list[_Piece]) -> bool:
    """Whether header cells fit the rows after them: a keyed table's rows begin with their key, and the first
    row fills each group of columns (key columns, then 行次 and amounts) with as many numbers as it has."""
    heads = [c for c, _, _ in cells]
    texts = [p.text for p in body]
    roles = [column_role(p) for p in _with_key_columns(heads, texts)]
    if any(r in ("code", "code_part", "label") for r in roles) and _row_of_amounts(texts, 0):
        return False
    starts = [0] + [j for j in range(1, len(roles)) if roles[j - 1] == "value" and roles[j] != "value"]
    capacities = [sum(1 for r in roles[a:b] if r in ("value", "rowno")) for a, b in zip(starts, starts[1:] + [len(roles)])]
    runs: list[int] = []
    count = None
    for item in _items(body[:200], heads, set()):
        if item.kind == "label":
            if count:
                runs.append(count)
            count = 0
        elif count is not None and not _looks_like_code(item.text):
            count += 1
    if count:
        runs.append(count)
    if len(runs) < len(capacities) or not any(capacities):
        return True
    return runs[: len(capacities)] == capacities


def _looks_like_code(text: str) -> bool:
    return text.isdigit() and (len(text) in (3, 5, 7) or text.startswith("0"))


def rebuild_fragment_tables(blocks: list[Block]) -> list[Block]:
    """The stream with every fragmented standard table (after its recognised title) rebuilt into rows."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        kind = recognise_title(block.cells[0]) if block.kind == "text" and block.col_index is None else None
        if kind is None or kind in PERFORMANCE_KINDS:
            out.append(block)
            i += 1
            continue
        end = _zone(blocks, i + 1)
        zone = blocks[i + 1 : end]
        if not _is_fragmented(zone):
            out.append(block)
            i += 1
            continue
        _join_label_before(out)
        out.append(block)
        out += _rebuild(zone)
        i = end
    return out


def _join_label_before(out: list[Block]) -> None:
    """A 公开NN表 label printed above the title, in pieces (公开 / 01 / 表), joined back into its line."""
    for n in (3, 2):
        tail = out[-n:]
        if len(tail) == n and all(b.kind == "text" and b.col_index is None for b in tail):
            joined = "".join(compact(b.cells[0]) for b in tail)
            if LABEL_RE.fullmatch(joined):
                out[-n:] = [Block("text", (joined,), tail[0].page, tail[0].line_no)]
                return
