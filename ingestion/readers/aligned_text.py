"""Tables a converter laid out with spaces (pdftotext -layout and the like): each row on one line, its cells apart by
runs of spaces, an empty cell only spaces.

- Cells: runs of text two spaces or more apart; amounts one space apart (a column filled to its width) apart too.
- A table: a run of lines of three cells or more (a line of a label and one amount, lines of one or two short cells
  between them kept), one printing two amounts or more, under a standard table's title (决算, 预算, 相关信息; a project
  form stays text) or going on a table read just above.
- Columns: where the body's cells stand. A 栏次 row that numbers the amount columns gives them, the empty ones too;
  a header cell goes to the column it stands over (a heading merged over several, to the first of them; a heading
  over a table's halves, to its half's first column, as a dump with tabs prints it); a header printed again on a
  new page, a page number, a blank line are no rows.
- Positions are counted in display columns (a Chinese character two) or in characters, whichever lines the amounts
  up: converters differ.

What cannot be placed stays a text line, as every such line was before: a line with two cells in one column, a region
that does not fit these rules. Its amounts are then counted unread (coverage.numbers_captured), never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ingestion.tables.titles import PERFORMANCE_KINDS, recognise_title
from ingestion.text.numbers import classify_cell
from ingestion.text.page_numbers import MARKED_PAGE_NUMBER_RE

_CELL_RE = re.compile(r"\S+(?: \S+)*")  # text with single spaces inside: two spaces or more end a cell
_LONGEST_CELL = 40
_MIN_CELLS = 3
_TITLE_WITHIN = 6  # lines of text above a table: 公开NN表, department, year, unit, a title over two lines
_NOT_IN_TABLE_RE = re.compile(r"[:：]|表$|^注")
_AMOUNT_TOKEN_RE = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+%?|[-+]?\d{1,3}(?:,\d{3})+")  # a decimal or thousands

Cell = tuple[int, int, str]  # start, end (in characters of the line), text


def _cells(line: str) -> list[Cell]:
    # a full-width space inside a label (合　计) spaces its characters, it does not end the cell
    prepared = line.replace("\u3000", "\ue000")
    cells: list[Cell] = []
    for m in _CELL_RE.finditer(prepared):
        cells += _amounts_apart(m.start(), m.group(0).replace("\ue000", "\u3000"))
    return cells


def _amounts_apart(start: int, text: str) -> list[Cell]:
    """A cell holding amounts one space apart from each other or from words (a column filled to its width leaves one
    space before the next): each amount a cell of its own. Codes (201 03 01) stay whole: no decimal point."""
    tokens = [(m.start(), m.group(0)) for m in re.finditer(r"\S+", text)]
    if len(tokens) < 2 or not any(_AMOUNT_TOKEN_RE.fullmatch(t) for _, t in tokens):
        return [(start, start + len(text), text)]
    cells: list[Cell] = []
    words: list[tuple[int, str]] = []
    for offset, token in tokens + [(len(text), "")]:
        if token and not _AMOUNT_TOKEN_RE.fullmatch(token):
            words.append((offset, token))
            continue
        if words:
            first, last = words[0][0], words[-1][0] + len(words[-1][1])
            cells.append((start + first, start + last, text[first:last]))
            words = []
        if token:
            cells.append((start + offset, start + offset + len(token), token))
    return cells


def _is_amount(text: str) -> bool:
    return classify_cell(text)[0] in ("number", "zero", "dash")


def _piece(text: str) -> bool:
    """Text a line of one or two cells inside a table holds: a label whose amounts are blank, a code, an amount, the
    rest of a wrapped name; not a title (…表), a note or a label with its colon (注：, 单位：), which end the table."""
    return len(text) <= _LONGEST_CELL and not _NOT_IN_TABLE_RE.search(text)


def _row_like(cells: list[Cell]) -> bool:
    return len(cells) >= _MIN_CELLS and all(len(text) <= _LONGEST_CELL for _, _, text in cells)


def _display(line: str, index: int) -> int:
    """The display column of character `index`: wide (Chinese) characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line[:index])


def _regions(lines: list[str], cells_of: list[list[Cell]], skip: set[int]) -> list[list[int]]:
    """Runs of row-like lines (blank lines and short lines between them kept), each with two row-like lines or more
    and one printing two amounts or more."""
    regions: list[list[int]] = []
    current: list[int] = []
    pending: list[int] = []  # short or blank lines after the last row-like one: kept if another follows

    def regions_hold(index: int) -> bool:
        return any(index in region for region in regions)

    def close() -> None:
        rows = [i for i in current if _row_like(cells_of[i])]
        if len(rows) >= 2 and any(sum(_is_amount(t) for _, _, t in cells_of[i]) >= 2 for i in rows):
            regions.append(current[:])
        current.clear()
        pending.clear()

    for index, line in enumerate(lines):
        if index in skip or "\t" in line:
            close()
            continue
        cells = cells_of[index]
        if _row_like(cells):
            if not current:  # a heading row of two cells over the columns (收入 | 支出, 预算数 | 决算数) opens the table
                current.extend(i for i in range(max(0, index - 2), index)
                               if i not in skip and len(cells_of[i]) == 2 and not regions_hold(i)
                               and all(_piece(t) for _, _, t in cells_of[i]))
            current.extend(pending)
            pending.clear()
            current.append(index)
        elif current and len(cells) == 2 and _is_amount(cells[1][2]) and len(cells[0][2]) <= _LONGEST_CELL:
            current.extend(pending)  # a row whose other amounts are blank: a label and one amount (or 行次)
            pending.clear()
            current.append(index)
        elif current and len(cells) <= 2 and all(_piece(t) for _, _, t in cells):
            pending.append(index)  # kept if a row follows: a row of blank amounts, the rest of a wrapped name
        else:
            close()
    close()
    return regions


def _positions(lines: list[str], cells_of: list[list[Cell]], region: list[int],
               wide: bool) -> dict[int, list[tuple[int, int, str]]]:
    return {i: [(_display(lines[i], s), _display(lines[i], e), t) if wide else (s, e, t) for s, e, t in cells_of[i]]
            for i in region}


def _spread(cells_by_line: dict[int, list[tuple[int, int, str]]]) -> int:
    """How many distinct right edges the amounts have: fewer when the positions line them up."""
    return len({e for cells in cells_by_line.values() for _, e, t in cells if _is_amount(t)})


def _runs(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The stretches of the line some interval covers, apart where no line prints anything."""
    runs: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if runs and start <= runs[-1][1]:
            runs[-1] = (runs[-1][0], max(runs[-1][1], end))
        else:
            runs.append((start, end))
    return runs


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _place(cells: list[tuple[int, int, str]], columns: list[tuple[int, int]]) -> list[int]:
    """Each body cell's column: the one it overlaps most, else the nearest; left to right, each column once, leaving
    enough columns for the cells after it."""
    out: list[int] = []
    first_free = 0
    for k, (start, end, _) in enumerate(cells):
        last_free = max(first_free, len(columns) - (len(cells) - k))

        def fit(j: int) -> tuple[int, float]:
            left, right = columns[j]
            return (_overlap((start, end), (left, right)), -min(abs(start - left), abs(end - right)))

        best = max(range(first_free, last_free + 1), key=lambda j: (fit(j), -j))
        out.append(best)
        first_free = best + 1
    return out


def _header_columns(cells: list[tuple[int, int, str]], runs: list[tuple[int, int]],
                    words: set[int] = frozenset()) -> list[int | None]:
    """The body column each header cell belongs to, or None for a heading of a column the body leaves empty.

    A heading over two body columns or more belongs to the first of them; a heading over one, to it; a heading over
    none, to the column in whose room it is centred (a column's room reaches left to the column before it: a
    centred heading stands left of right-aligned amounts). Where two headings claim one column, the one over it or
    nearest it keeps it; the other takes the column before, where that one holds words (`words`: codes and names
    flush left, a heading centred over them stands right of them) and no heading yet; else it heads a column of its
    own, as does a heading beyond the body's last column (the second line of a wrapped heading over an empty column
    stays there)."""
    claims: dict[int, list[int]] = {}
    for k, (start, end, _) in enumerate(cells):
        over = [j for j, run in enumerate(runs) if _overlap((start, end), run) > 0]
        middle = (start + end) / 2
        room = next((j for j, run in enumerate(runs) if (runs[j - 1][1] if j else float("-inf")) <= middle < run[1]),
                    None)
        column = over[0] if over else room
        if column is not None:
            claims.setdefault(column, []).append(k)
    out: list[int | None] = [None] * len(cells)
    losers: list[tuple[int, int]] = []
    for column, ks in claims.items():
        run = runs[column]

        def nearness(k: int) -> tuple[bool, float]:
            start, end, _ = cells[k]
            return (_overlap((start, end), run) > 0, -abs((start + end) / 2 - (run[0] + run[1]) / 2))

        winner = max(ks, key=nearness)
        out[winner] = column
        losers += [(k, column) for k in ks if k != winner]
    taken = set(out)
    for k, column in losers:
        # centred over a column whose words stand flush left (a wide 科目编码 column of short codes): the heading stands
        # right of them, in the room of the column after
        start, end, _ = cells[k]
        if column > 0 and column - 1 in words and column - 1 not in taken \
                and _overlap((start, end), runs[column]) <= 0 and (start + end) / 2 >= runs[column - 1][1]:
            out[k] = column - 1
            taken.add(column - 1)
    return out


def _page_number(cells: list[tuple[int, int, str]]) -> bool:
    return len(cells) == 1 and bool(MARKED_PAGE_NUMBER_RE.fullmatch(cells[0][2]))


def _ordinal(cells: list[tuple[int, int, str]]) -> bool:
    """A 栏次 row: the columns numbered 1, 2, 3 … (set like headings, not like amounts); a row of 行次 numbers is
    not one (2 … 33)."""
    numbers = [t for _, _, t in cells if t.isdigit()]
    return len(numbers) >= 2 and numbers == [str(n) for n in range(1, len(numbers) + 1)] and all(
        t.isdigit() or not _is_amount(t) for _, _, t in cells)


def _under_a_standard_title(lines: list[str], region: list[int], read: dict[int, tuple[str, ...]]) -> bool:
    """Whether the nearest title above the lines announces a standard table (决算 公开01–10, 预算, 相关信息), or the
    lines go on a table read just above (a page break, 续表): the columns are read so only where the templates'
    headings tell them apart; a project form laid out with spaces stays text."""
    above = [index for index in range(max(0, region[0] - 40), region[0]) if lines[index].strip()]
    for index in reversed(above[-_TITLE_WITHIN:]):
        if index in read:
            return True
        kind = recognise_title(lines[index].strip().lstrip("#").strip())
        if kind:
            return kind not in PERFORMANCE_KINDS
    return False


def aligned_rows(lines: list[str], skip: set[int] | None = None) -> dict[int, tuple[str, ...]]:
    """line index → the row's cells (empty where the row prints nothing), for lines of space-aligned tables under a
    standard table's title. `skip`: lines another reading takes (one cell per line)."""
    rows: dict[int, tuple[str, ...]] = {}
    skip = skip or set()
    # each line split once (a tab-separated line or one another reading takes is no such row)
    cells_of = [[] if index in skip or "\t" in line else _cells(line) for index, line in enumerate(lines)]
    for region in _regions(lines, cells_of, skip):
        if not _under_a_standard_title(lines, region, rows):
            continue
        try:
            rows.update(_region_rows(lines, cells_of, region))
        except (ValueError, IndexError, StopIteration):
            continue  # a layout these rules do not cover: its lines stay text, as before
    return rows


def _region_rows(lines: list[str], cells_of: list[list[Cell]], region: list[int]) -> dict[int, tuple[str, ...]]:
    rows: dict[int, tuple[str, ...]] = {}
    by_chars, by_display = _positions(lines, cells_of, region, False), _positions(lines, cells_of, region, True)
    placed = by_display if _spread(by_display) <= _spread(by_chars) else by_chars
    first_data = next((i for i in region if sum(_is_amount(t) for _, _, t in placed[i]) >= 2
                       and not _ordinal(placed[i])), region[0])
    header_texts = {t for i in region if i < first_data for _, _, t in placed[i]}
    for i in region:
        if i >= first_data and _page_number(placed[i]):
            placed[i] = []  # a page number between a table's pages is no row
    # a header printed again on a new page (or a 栏次 row) is header, not body
    printed = Counter(tuple(t for _, _, t in placed[i]) for i in region)
    repeated = {i for i in region if i >= first_data and placed[i] and (_ordinal(placed[i]) or (
        not any(_is_amount(t) for _, _, t in placed[i])
        and (all(t in header_texts for _, _, t in placed[i]) or printed[tuple(t for _, _, t in placed[i])] > 1)))}
    body = [i for i in region if i >= first_data and i not in repeated]
    runs = _runs([(s, e) for i in body for s, e, _ in placed[i]])
    # columns of words and codes (no decimal amount, no dash): flush left
    words = {j for j, run in enumerate(runs)
             if not any(_AMOUNT_TOKEN_RE.fullmatch(t) or classify_cell(t)[0] == "dash"
                        for i in body for s, e, t in placed[i] if _overlap((s, e), run) > 0)}
    # each cell's column as the place it starts: a body column's run, or the columns only headings show
    # (headings of one empty column on several header lines overlap: one column)
    at: dict[int, list[tuple[str, int]]] = {}
    for i in region:
        if i < first_data or i in repeated:
            at[i] = [("run", j) if j is not None else ("free", k)
                     for k, j in enumerate(_header_columns(placed[i], runs, words))]
        elif len(placed[i]) <= len(runs):
            at[i] = [("run", j) for j in _place(placed[i], runs)]
    free = _runs([placed[i][k][:2] for i, where in at.items() for kind, k in where if kind == "free"])
    starts = sorted({run[0] for run in runs} | {run[0] for run in free})
    columns = {i: [starts.index(runs[n][0] if kind == "run" else
                                next(r for r in free if _overlap(cell[:2], r) > 0 or r[0] == cell[0])[0])
                   for (kind, n), cell in zip(where, placed[i])]
               for i, where in at.items()}
    width = len(starts)
    numbered = next((i for i in region if i < first_data and _ordinal(placed[i]) and _numbers_last(placed[i])), None)
    if numbered is not None:  # a 栏次 row numbers every amount column, the empty ones too
        width, columns = _by_numbers(placed, region, first_data, numbered)
    _headings_over_halves(placed, columns, [i for i in region if i < first_data])
    for i, where in columns.items():
        if not where:
            continue  # a blank line inside the table
        if i >= first_data and i not in repeated and len(set(where)) < len(where):
            continue  # two cells in one column: the line stays text, its amounts unread (and reported so)
        out = [""] * width
        for column, (_, _, text) in zip(where, placed[i]):
            out[column] = out[column] + text  # a heading's pieces in one column read together
        rows[i] = tuple(out)
    return rows


def _numbers_last(cells: list[tuple[int, int, str]]) -> bool:
    """A 栏次 row whose numbers all stand right of its words: one block of amount columns (a table of two halves
    prints 栏次 again in the middle, and is read by its body's columns)."""
    first = next(k for k, (_, _, t) in enumerate(cells) if t.isdigit())
    return all(t.isdigit() for _, _, t in cells[first:])


def _by_numbers(placed: dict[int, list[tuple[int, int, str]]], region: list[int], first_data: int,
                numbered: int) -> tuple[int, dict[int, list[int]]]:
    """Columns where a 栏次 row numbers the amount columns (centred, as headings are): each number has a room
    reaching halfway to its neighbours, and a cell right of the key columns belongs to the room its middle is in;
    the key columns (codes, names, 项目) are read as elsewhere. A heading over two rooms or more heads the rooms from
    the one after the heading left of it: a merged heading centred over its columns."""
    centres = [(start + end) / 2 for start, end, text in placed[numbered] if text.isdigit()]
    body = [i for i in region if i >= first_data]
    # the key columns (codes, names, 行次) end before the first numbered column's room: half the way from its
    # number to the next one's, left of its number
    reach = (centres[1] - centres[0]) / 2 if len(centres) > 1 else 0
    keys_end = max((end for i in body for start, end, _ in placed[i] if (start + end) / 2 < centres[0] - reach),
                   default=float("-inf"))
    bounds = [keys_end] + [(a + b) / 2 for a, b in zip(centres, centres[1:])] + [float("inf")]
    rooms = list(zip(bounds, bounds[1:]))
    key_runs = _runs([(s, e) for i in body for s, e, t in placed[i] if (s + e) / 2 < keys_end])
    keys = len(key_runs)

    def room_of(start: int, end: int) -> int:
        middle = (start + end) / 2
        return next(j for j, (left, right) in enumerate(rooms) if left <= middle < right)

    columns: dict[int, list[int]] = {}
    header = [i for i in region if i < first_data and i != numbered]
    # header lines bottom up: a heading with headings under it (between its neighbours) heads their columns from the
    # first of them; a heading with none under it is its column's own, where its middle is
    for h in reversed(range(len(header))):
        i, below = header[h], (header[h + 1] if h + 1 < len(header) else None)
        cells = placed[i]
        key_cells = [c for c in cells if (c[0] + c[1]) / 2 < keys_end]
        key_at = _header_columns(key_cells, key_runs)
        key_at = [j if j is not None else min(range(keys), key=lambda r: abs(key_runs[r][0] - c[0]), default=0)
                  for j, c in zip(key_at, key_cells)]
        out: list[int] = []
        for k, (start, end, _) in enumerate(cells):
            if (start + end) / 2 < keys_end:
                out.append(key_at[len(out)])
                continue
            left = cells[k - 1][1] if k else float("-inf")
            right = cells[k + 1][0] if k + 1 < len(cells) else float("inf")
            under = [(s, e, columns[below][n]) for n, (s, e, _) in enumerate(placed[below])
                     if left <= (s + e) / 2 < right and (s + e) / 2 >= keys_end] if below is not None else []
            # headings under it, and it centred over them: it heads their columns
            if under and start <= (under[0][0] + under[-1][1]) / 2 < end:
                out.append(min(column for _, _, column in under))
            else:
                out.append(keys + room_of(start, end))
        columns[i] = out
    for i in region:
        if i in columns:
            continue
        key_cells = [c for c in placed[i] if (c[0] + c[1]) / 2 < keys_end]
        key_at = _place(key_cells, key_runs) if len(key_cells) <= keys else list(range(len(key_cells)))
        out = []
        for start, end, _ in placed[i]:
            out.append(key_at[len(out)] if (start + end) / 2 < keys_end else keys + room_of(start, end))
        columns[i] = out
    return keys + len(rooms), columns


def _headings_over_halves(placed: dict[int, list[tuple[int, int, str]]], columns: dict[int, list[int]],
                          header: list[int]) -> None:
    """A header line of a few headings over parts of the table (收入 | 支出, 预算数 | 决算数, 人员经费 | 公用经费),
    each centred over its part: each goes to its part's first column, as a dump with tabs prints a merged heading in
    its first cell. The parts begin where a header line below repeats its first heading (项目 … 项目, 科目编码 …
    科目编码); the first heading's part begins the table, and each later heading's part is the one it is centred
    over, ending where the next part begins (the last at the table's right end)."""
    right_end = max(end for cells in placed.values() for _, end, _ in cells)
    for h, line in enumerate(header):
        cells = placed[line]
        if not 2 <= len(cells) <= 3:
            continue
        for below in header[h + 1:]:
            texts = [t for _, _, t in placed[below]]
            repeats = [k for k, t in enumerate(texts) if t == texts[0]]
            if len(repeats) < len(cells):
                continue
            chosen, part_end = [], right_end
            for start, end, _ in reversed(cells[1:]):
                part_start = start + end - part_end  # centred: its part reaches as far left as right
                k = min((k for k in repeats[1:] if not chosen or placed[below][k][0] < placed[below][chosen[0]][0]),
                        key=lambda k: abs(placed[below][k][0] - part_start), default=None)
                if k is None:
                    break
                chosen.insert(0, k)
                part_end = placed[below][k][0]
            else:
                columns[line] = [columns[below][k] for k in [repeats[0], *chosen]]
            break
