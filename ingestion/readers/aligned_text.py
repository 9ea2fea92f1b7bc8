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
  up: converters differ. A column holds words or amounts, not both: a reading that mixes them is refused and the
  other count tried; failing both, the few rows that go against their columns stay text, and failing that, the
  columns are taken where many lines print (a converter's jitter of a character or two no longer joins two).
- Pages (form feeds): a converter sets each page on a grid of its own, so a table over pages is read page by page,
  a later page's columns mapped onto the first page's (key columns in order; amount columns in order, or by their
  scaled places where a page fills fewer).
- A row printed over two or three lines (its cells' baselines a point apart): a line of amounts with no label joins
  the labelled line beside it where only together they add up (the total the sum of its parts), and the template's
  key words (类 款 项, 合计) printed apart join the amounts of their row.

What cannot be placed stays a text line, as every such line was before: a line with two cells in one column, a region
that does not fit these rules, a table whose headings stand over different amounts depending on how the converter
counted. Its amounts are then counted unread (coverage.numbers_captured), never guessed.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from ingestion.tables.titles import PERFORMANCE_KINDS, recognise_title
from ingestion.text.numbers import classify_cell
from ingestion.text.page_numbers import MARKED_PAGE_NUMBER_RE

_CELL_RE = re.compile(r"\S+(?: \S+)*")  # text with single spaces inside: two spaces or more end a cell
_LONGEST_CELL = 40
_MIN_CELLS = 3
_TITLE_WITHIN = 6  # lines of text above a table: 公开NN表, department, year, unit, a title over two lines
_NOT_IN_TABLE_RE = re.compile(r"[:：]|表$|^注")
_CODE_BEFORE_NAME_RE = re.compile(r"(\d{2}) ([\u4e00-\u9fff].*)")  # a 款 or 项 part before its name: 01 行政运行
_KEY_HEADING_RE = re.compile(r"项\s*目|科目|编码|代码|名称|栏\s*次|行\s*次")  # headings of the key columns
_AMOUNT_TOKEN_RE = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+%?|[-+]?\d{1,3}(?:,\d{3})+")  # a decimal or thousands

Cell = tuple[int, int, str]  # start, end (in characters of the line), text


def _cells(line: str) -> list[Cell]:
    # a full-width space inside a label (合　计) spaces its characters, it does not end the cell
    prepared = line.replace("\u3000", "\ue000")
    cells: list[Cell] = []
    for m in _CELL_RE.finditer(prepared):
        start, text = m.start(), m.group(0).replace("\ue000", "\u3000")
        code = _CODE_BEFORE_NAME_RE.match(text)
        if code:  # a code one space before its name (a narrow 项 column): two cells
            cells.append((start, start + len(code.group(1)), code.group(1)))
            start, text = start + code.start(2), code.group(2)
        cells += _amounts_apart(start, text)
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
               mode: str) -> dict[int, list[tuple[int, int, str]]]:
    """Each cell's (start, end, text) counted in `chars`, characters of the line (as pdftotext counts, though a
    Chinese character prints two wide), or in `display` columns (a Chinese character two)."""
    if mode == "chars":
        return {i: list(cells_of[i]) for i in region}
    return {i: [(_display(lines[i], s), _display(lines[i], e), t) for s, e, t in cells_of[i]] for i in region}


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


def _common_runs(placed: dict[int, list[tuple[int, int, str]]], body: list[int]) -> list[tuple[int, int]]:
    """The stretches of the line that at least one body line in four prints on (and two lines at least), amounts and
    words apart: a column of amounts and the codes right of it stay two columns where a converter's jitter of a
    character or two closes the gap between them."""
    lines = [i for i in body if placed[i]]
    least = max(2, len(lines) // 4)
    runs: list[tuple[int, int]] = []
    for amounts in (True, False):
        cover: Counter = Counter()
        for i in lines:
            for start, end, text in placed[i]:
                if _printed_amount(text) == amounts:
                    # amounts stand flush right: a column of them is where they end (a long amount and a dash
                    # share only their last characters)
                    cover.update(range(max(start, end - 2) if amounts else start, end))
        runs += _runs([(x, x + 1) for x, n in cover.items() if n >= least])
    runs.sort()
    for k in range(1, len(runs)):  # runs of the two kinds that overlap meet halfway
        (a0, a1), (b0, b1) = runs[k - 1], runs[k]
        if b0 < a1:
            middle = (b0 + a1) // 2
            runs[k - 1], runs[k] = (a0, max(a0 + 1, middle)), (max(a0 + 1, middle), b1)
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


def _under_a_standard_title(lines: list[str], region: list[int], read: dict[int, tuple[str, ...]]) -> str | None:
    """"title" where the nearest title above the lines announces a standard table (决算 公开01–10, 预算, 相关信息),
    "continues" where the lines go on a table read just above (a page break, 续表), else None: the columns are read
    so only where the templates' headings tell them apart; a project form laid out with spaces stays text."""
    above = [index for index in range(max(0, region[0] - 40), region[0]) if lines[index].strip()]
    for index in reversed(above[-_TITLE_WITHIN:]):
        if index in read:
            return "continues"
        kind = recognise_title(lines[index].strip().lstrip("#").strip())
        if kind:
            return "title" if kind not in PERFORMANCE_KINDS else None
    return None


def aligned_rows(lines: list[str], skip: set[int] | None = None,
                 page_starts: set[int] = frozenset()) -> dict[int, tuple[str, ...]]:
    """line index → the row's cells (empty where the row prints nothing), for lines of space-aligned tables under a
    standard table's title. `skip`: lines another reading takes (one cell per line); `page_starts`: the lines that
    begin a page (after a form feed)."""
    rows: dict[int, tuple[str, ...]] = {}
    skip = skip or set()
    # each line split once (a tab-separated line or one another reading takes is no such row)
    cells_of = [[] if index in skip or "\t" in line else _cells(line) for index, line in enumerate(lines)]
    regions = _regions(lines, cells_of, skip)
    counting = _document_counting(lines, cells_of, regions, page_starts)
    first_part: _Reading | None = None  # the first part of the table being read
    for region in regions:
        where = _under_a_standard_title(lines, region, rows)
        if where is None:
            continue
        whole = _read_region(lines, cells_of, region, counting)
        if where == "continues" and first_part is not None:
            # the table goes on (续表, a header printed again): its columns are the first part's, as the table
            # reader takes them; a part whose columns cannot be placed on them stays text
            rows.update((_placed_onto(whole, first_part) or {}) if whole else {})
            continue
        by_page, every_page, one_grid = _read_by_page(lines, cells_of, region, page_starts, counting)
        # pages on one grid read as one table (a page too short to place alone goes with the rest); pages on grids
        # of their own cannot be, whatever the count of amounts says
        whole_rows = whole.rows if whole else {}
        if by_page.rows and (every_page or not one_grid or _amounts_labelled(by_page.rows) > _amounts_labelled(whole_rows)):
            rows.update(by_page.rows)
            first_part = by_page
        else:
            rows.update(whole_rows)
            first_part = whole
    return rows


def _read_region(lines: list[str], cells_of: list[list[Cell]], region: list[int],
                 counting: tuple[str, ...] | None) -> "_Reading | None":
    try:
        return _region_rows(lines, cells_of, region, counting)
    except (ValueError, IndexError, StopIteration):
        return None  # a layout these rules do not cover: its lines stay text, as before


def _placed_onto(part: "_Reading", first: "_Reading",
                 onto: dict[int, int] | None = None) -> dict[int, tuple[str, ...]] | None:
    """A later part's rows in the first part's columns (`onto`, _columns_onto's where not given), or None where they
    cannot be placed there."""
    if part.body_columns == first.body_columns and part.width == first.width:
        return part.rows
    onto = onto if onto is not None else _columns_onto(part, first)
    if onto is None:
        return None
    rows: dict[int, tuple[str, ...]] = {}
    for i, cells in part.rows.items():
        if not cells:
            rows[i] = cells  # its words joined a row on another line
        elif not any(text and j not in onto for j, text in enumerate(cells)):
            # (a header line printed again over columns the body leaves empty stays text)
            out = [""] * first.width
            for j, text in enumerate(cells):
                if text:
                    out[onto[j]] = text
            rows[i] = tuple(out)
    return rows


def _amounts_labelled(rows: dict[int, tuple[str, ...]]) -> int:
    """Amounts a reading places in rows with a label: a reading whose columns do not line up leaves amounts on lines
    of their own, apart from the row they belong to."""
    return sum(sum(1 for text in cells if text and _is_amount(text)) for cells in rows.values()
               if any(text and not _printed_amount(text) for text in cells))


def _read_by_page(lines: list[str], cells_of: list[list[Cell]], region: list[int], page_starts: set[int],
                  counting: tuple[str, ...] | None) -> tuple["_Reading", bool, bool]:
    """A table over several pages, each page read on its own: a converter sets each page's characters on a grid of
    its own (a page of smaller type packs its columns closer), so the columns of two pages need not line up. A later
    page's body columns are the first page's: its key columns (codes, names) in order, its amount columns in order
    where it fills as many, else those whose places, scaled, fit the first page's best and clearly so. A page that
    cannot be placed so stays text (its amounts reported unread).

    Returns the reading (the first page's columns, every placed page's rows; no rows where the region is one page or
    its first page cannot be read), whether every page was placed, and whether the pages' amounts stand where the
    first page's do (one grid)."""
    nothing = _Reading({}, [], {}, {})
    pages = _pages(region, page_starts)
    if len(pages) < 2:
        return nothing, False, True
    try:
        first = _region_rows(lines, cells_of, pages[0], counting, whole_table=False)
    except (ValueError, IndexError, StopIteration):
        return nothing, False, True
    if not first.body_columns:
        return nothing, False, True
    rows = dict(first.rows)
    every_page, one_grid = True, True
    for page in pages[1:]:
        try:
            reading = _region_rows(lines, cells_of, page, counting, whole_table=False)
        except (ValueError, IndexError, StopIteration):
            every_page = False
            continue
        # a page whose amounts end where none of the first page's do stands on a grid of its own; one with some
        # ending exactly where the first page's do stands on the same grid, filling other columns too
        ends = first.amount_edges.values()
        one_grid = one_grid and (
            all(any(abs(edge - theirs) <= 2 for theirs in ends) for edge in reading.amount_edges.values())
            or any(abs(edge - theirs) <= 0.5 for theirs in ends for edge in reading.amount_edges.values()))
        onto = _columns_onto(reading, first)
        placed = _placed_onto(reading, first, onto) if onto is not None else None
        if placed is None:
            every_page = False
            continue
        one_grid = one_grid and all(abs(reading.amount_edges[j] - first.amount_edges[onto[j]]) <= 2
                                    for j in reading.amount_edges if j in onto and onto[j] in first.amount_edges)
        rows.update(placed)
    return _Reading(rows, first.body_columns, first.amount_edges, first.key_starts), every_page, one_grid


def _columns_onto(page: "_Reading", first: "_Reading") -> dict[int, int] | None:
    """The first page's column of each body column of a later page, or None where that is not clear."""
    keys = [j for j in page.body_columns if j not in page.amount_edges]
    first_keys = [j for j in first.body_columns if j not in first.amount_edges]
    amounts = [j for j in page.body_columns if j in page.amount_edges]
    first_amounts = [j for j in first.body_columns if j in first.amount_edges]
    if len(keys) != len(first_keys) or not amounts or len(amounts) > len(first_amounts):
        return None
    onto = dict(zip(keys, first_keys))
    # fewer amount columns: the page's right edges, measured from its names' column, are the first page's scaled,
    # and one choice fits clearly best
    origin, first_origin = page.key_starts.get(keys[-1], 0) if keys else 0, \
        first.key_starts.get(first_keys[-1], 0) if first_keys else 0
    ours = [page.amount_edges[j] - origin for j in amounts]
    fits = []
    for chosen in combinations(first_amounts, len(amounts)):
        theirs = [first.amount_edges[j] - first_origin for j in chosen]
        scale = sum(a * b for a, b in zip(ours, theirs)) / (sum(b * b for b in theirs) or 1)
        fits.append((sum((a - scale * b) ** 2 for a, b in zip(ours, theirs)), chosen))
    fits.sort()
    if len(amounts) == len(first_amounts):
        # where the first page's headings set up amount columns its body leaves empty, the page may fill other
        # columns than the first (合计 and 基本 on one, 合计 and 项目 on the other): a page on the same grid (some of
        # its columns end exactly where the first page's do) whose other columns do not is such a page
        empty = set(range(first.width)) - set(first.body_columns)
        same = [any(abs(page.amount_edges[j] - first.amount_edges[k]) <= 0.5 for k in first_amounts) for j in amounts]
        if any(j > max(first_keys, default=-1) for j in empty) and any(same) and not all(same):
            return None
        return onto | dict(zip(amounts, first_amounts))
    if len(fits) > 1 and not fits[0][0] * 4 + 1 < fits[1][0]:
        return None
    return onto | dict(zip(amounts, fits[0][1]))


@dataclass
class _Reading:
    rows: dict[int, tuple[str, ...]]
    body_columns: list[int]  # the columns the body fills
    amount_edges: dict[int, float]  # a column of amounts: where its amounts end (the median)
    key_starts: dict[int, float]  # a column of codes or names: where its cells begin

    @property
    def width(self) -> int:
        return max((len(cells) for cells in self.rows.values()), default=0)


_COUNTS = ("display", "chars")


def _document_counting(lines: list[str], cells_of: list[list[Cell]], regions: list[list[int]],
                       page_starts: set[int]) -> tuple[str, ...] | None:
    """How the converter counted, as the whole dump's tables tell it: the count under which their amounts, page by
    page, line up best (display columns or characters), or None where no table tells. A converter counts one way
    through a dump; a table whose own amounts cannot tell (one row, no Chinese before its amounts) follows it."""
    spread = {"display": 0, "chars": 0}
    for region in regions:
        for page in _pages(region, page_starts):
            for mode in spread:
                placed = _positions(lines, cells_of, page, mode)
                spread[mode] += _spread(placed) + _off_their_numbers(placed, page)
    if spread["display"] == spread["chars"]:
        return None
    return _COUNTS if spread["display"] < spread["chars"] else ("chars", "display")


def _off_their_numbers(placed: dict[int, list[tuple[int, int, str]]], region: list[int]) -> int:
    """Headings centred over no number of a 栏次 row: the row numbers each column under its heading, so under the
    count the converter used most headings stand centred over a number (the numbers are no Chinese: both counts
    place them alike)."""
    numbered = next((i for i in region if _ordinal(placed[i])), None)
    if numbered is None:
        return 0
    centres = [(start + end) / 2 for start, end, text in placed[numbered] if text.isdigit()]
    return sum(1 for i in region if i < numbered for start, end, text in placed[i]
               if not any(abs((start + end) / 2 - centre) <= 2 for centre in centres))


def _pages(region: list[int], page_starts: set[int]) -> list[list[int]]:
    """The region's lines page by page: a page begins with the first line at or after a page start (a form feed
    may stand on a line of its own)."""
    pages: list[list[int]] = []
    for index in region:
        if not pages or any(start in page_starts for start in range(pages[-1][-1] + 1, index + 1)):
            pages.append([])
        pages[-1].append(index)
    return pages


def _region_rows(lines: list[str], cells_of: list[list[Cell]], region: list[int],
                 counting: tuple[str, ...] | None = None, whole_table: bool = True) -> _Reading:
    """The region's rows, and the columns its body fills: positions counted in display columns or in characters,
    whichever lines the amounts up (on a tie, as the dump counts: `counting`), the other where that reading mixes
    words and amounts in a column."""
    order = counting or _COUNTS
    readings = {mode: _positions(lines, cells_of, region, mode) for mode in _COUNTS}
    # a count under which the amounts line up far worse than under another is no way this converter counted
    spread = {mode: _spread(placed) for mode, placed in readings.items()}
    tries = [readings[mode] for mode in sorted(order, key=lambda mode: (spread[mode], order.index(mode)))
             if spread[mode] <= 2 * min(spread.values())]
    for lenient, common in ((False, False), (True, False), (True, True)):
        for placed in tries:
            try:
                return _placed_rows(placed, region, lenient, common,
                                    narrow_headings=whole_table and counting is not None and counting[0] == "chars")
            except _Mixed:
                continue
    raise _Mixed("no reading keeps words and amounts in columns of their own")


class _Mixed(ValueError):
    """A reading that sets words and amounts in one body column: its columns are misread."""


def _cell_kind(text: str) -> str:
    if _AMOUNT_TOKEN_RE.fullmatch(text):
        return "amount"
    return "words" if any(ch.isalpha() for ch in text) else "other"


def _check_columns(rows: dict[int, tuple[str, ...]], body: list[int], lenient: bool, unplaced: int = 0) -> None:
    """A column of a table holds names or amounts, not both: a body row that puts a name where other rows print
    amounts (a code split over more cells than the rows above) has its cells shifted, and every amount it gives
    would be read under the wrong heading. Strict, such a reading is refused; lenient, the few rows that go against
    their columns (at most one in five of a column's cells) stay text, their amounts reported unread, where with
    the lines that could not be placed at all (`unplaced`) they are at most one in five of the body's."""
    kinds: dict[int, Counter] = {}
    for i in body:
        for j, text in enumerate(rows.get(i, ())):
            if text:
                kinds.setdefault(j, Counter())[_cell_kind(text)] += 1
    mixed = {j: seen for j, seen in kinds.items() if seen["amount"] and seen["words"]}
    # a reading that cannot place one line of its body in five has its columns wrong
    if unplaced * 5 > len(body) + unplaced:
        raise _Mixed(f"{unplaced} lines of the body could not be placed")
    if not mixed:
        return
    if not lenient:
        raise _Mixed(f"columns {sorted(mixed)} hold both words and amounts")
    minority = {}
    for j, seen in mixed.items():
        few, many = sorted(("amount", "words"), key=lambda kind: seen[kind])
        if seen[few] * 5 > seen[many]:
            raise _Mixed(f"column {j} holds words and amounts alike")
        minority[j] = few
    against = [i for i in body
               if any(j in minority and text and _cell_kind(text) == minority[j] for j, text in enumerate(rows[i]))]
    if (len(against) + unplaced) * 5 > len(body) + unplaced:
        raise _Mixed(f"{len(against)} of {len(body)} rows go against their columns")
    for i in against:
        del rows[i]


def _placed_rows(placed: dict[int, list[tuple[int, int, str]]], region: list[int], lenient: bool = False,
                 common: bool = False, narrow_headings: bool = False) -> _Reading:
    """`lenient`: rows going against their columns stay text (_check_columns). `common`: the columns are where many
    lines print, and a line with a cell outside them stays text: a few lines a converter set off the grid (a row
    after one half of a table ended, a label squeezed beside its code) would otherwise bridge two columns into one.
    `narrow_headings`: the region is a whole table of a dump that counts characters (pdftotext), whose Chinese
    headings are set narrower than they print."""
    placed = dict(placed)
    rows: dict[int, tuple[str, ...]] = {}
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
    if common and sum(1 for i in body if placed[i]) < 4:
        raise _Mixed("too few lines to tell where many print")
    runs = _common_runs(placed, body) if common else _runs([(s, e) for i in body for s, e, _ in placed[i]])
    if common:
        body = [i for i in body if all(any(_overlap((s, e), run) > 0 for run in runs) for s, e, _ in placed[i])]
        for i in region:
            if i >= first_data and i not in repeated and i not in body:
                placed[i] = []
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
    printing = [i for i in body if placed[i]]
    if numbered is None and len(printing) == 1 and narrow_headings:
        # one row of amounts (a 三公 table): no other row shows where its columns are, only the headings do, and a
        # converter that counts characters sets Chinese headings narrower than they print: an amount no heading
        # stands over is not placed by guess
        headings = [cell[:2] for i in region if i < first_data for cell in placed[i]]
        alone = [text for start, end, text in placed[printing[0]]
                 if _printed_amount(text) and not any(_overlap((start, end), h) > 0 for h in headings)]
        if alone:
            raise _Mixed(f"no heading stands over {', '.join(alone)}")
    if numbered is not None:  # a 栏次 row numbers every amount column, the empty ones too
        width, columns = _by_numbers(placed, region, first_data, numbered)
    _headings_over_halves(placed, columns, [i for i in region if i < first_data])
    # body lines with more cells than the body has columns
    unplaced = sum(1 for i in region if i >= first_data and i not in repeated and placed[i] and i not in columns)
    doubled: set[int] = set()  # columns a header line sets two headings over
    for i, where in columns.items():
        if not where:
            continue  # a blank line inside the table
        if i >= first_data and i not in repeated and len(set(where)) < len(where):
            unplaced += 1
            continue  # two cells in one column: the line stays text, its amounts unread (and reported so)
        # a column under two headings of this line other than the key columns' (项目, 科目编码, 名称 …)
        heads = [column for column, (_, _, text) in zip(where, placed[i]) if not _KEY_HEADING_RE.search(text)]
        doubled |= {column for column in heads if heads.count(column) > 1}
        out = [""] * width
        for column, (_, _, text) in zip(where, placed[i]):
            out[column] = out[column] + text  # a heading's pieces in one column read together
        rows[i] = tuple(out)
    body = [i for i in rows if i >= first_data and i not in repeated]
    ends: dict[int, list[int]] = {}
    starts: dict[int, list[int]] = {}
    for i in body:  # where each column's amounts end (flush right) and its words begin (flush left)
        for column, (start, end, text) in zip(columns[i], placed[i]):
            if _printed_amount(text):
                ends.setdefault(column, []).append(end)
            else:
                starts.setdefault(column, []).append(start)
    # two headings of one line over a column of amounts: the headings were set narrower than they print, and which
    # heads the amounts is a guess
    if doubled & {j for i in body for j, text in enumerate(rows[i]) if text and _printed_amount(text)}:
        raise _Mixed("a header line sets two headings over one column of amounts")
    _rows_over_two_lines(rows, body)
    body = [i for i in body if rows[i]]
    _check_columns(rows, body, lenient, unplaced)
    body = [i for i in body if i in rows]
    return _Reading(rows, sorted({j for i in body for j, text in enumerate(rows[i]) if text}),
                    {j: statistics.median(v) for j, v in ends.items() if j not in starts},
                    {j: statistics.median(v) for j, v in starts.items()})


_BAND_WORDS = {"类", "款", "项", "合计", "总计"}


def _bare(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "")


def _printed_amount(text: str) -> bool:
    """An amount as a table prints one (decimals or thousands, a zero, a dash), not a code's digits."""
    return bool(_AMOUNT_TOKEN_RE.fullmatch(text)) or classify_cell(text)[0] in ("zero", "dash")


def _unlabelled(cells: tuple[str, ...]) -> bool:
    """Amounts with no label: no words but the template's key words (类 款 项 a 合计 row prints in its code cells)."""
    return any(text and _printed_amount(text) for text in cells) and all(
        not text or _printed_amount(text) or _bare(text) in _BAND_WORDS for text in cells)


def _adds_up(cells: tuple[str, ...]) -> bool:
    """The first amount is the sum of the others (本年支出合计 = 基本支出 + 项目支出 + …), to the cent."""
    values = [classify_cell(text)[1] or 0.0 for text in cells if text and _printed_amount(text)]
    return len(values) >= 2 and abs(values[0] - sum(values[1:])) <= 0.005 * (len(values) - 1) + 1e-9


def _joined(upper: tuple[str, ...], lower: tuple[str, ...]) -> tuple[str, ...] | None:
    if not upper or not lower or len(upper) != len(lower) or any(a and b for a, b in zip(upper, lower)):
        return None
    return tuple(a or b for a, b in zip(upper, lower))


def _rows_over_two_lines(rows: dict[int, tuple[str, ...]], body: list[int]) -> None:
    """One row of a table that a converter printed on two or three lines because its cells' baselines differ by a
    point (a cell centred in a taller row, a label in another font): the lines fill different columns, one of them
    holds amounts and no label, and only together do they add up (the total is the sum of its parts). Where the
    amounts could join the line above or the line below and both add up, neither is taken (the amounts stay unread).

    First a row of amounts with no label joins the line next to it where only together they add up; then the
    template's key words (类 款 项, 合计) printed on lines of their own join the one row of unlabelled amounts within
    two lines (none where there are two). The lines that joined another are left empty (no row, no text)."""
    for n, i in enumerate(body):
        cells = rows[i]
        if not _unlabelled(cells) or _adds_up(cells):
            continue
        options = []
        for neighbour in (i - 1, i + 1):
            if neighbour not in rows or neighbour not in body or _adds_up(rows[neighbour]):
                continue
            both = _joined(rows[neighbour], cells) if neighbour < i else _joined(cells, rows[neighbour])
            if both and _adds_up(both):
                options.append((neighbour, both))
        if len(options) == 1:
            neighbour, both = options[0]
            rows[neighbour] = both
            rows[i] = ()

    def key_words_only(i: int) -> bool:
        return bool(rows[i]) and any(rows[i]) and all(not text or _bare(text) in _BAND_WORDS for text in rows[i])

    for n, i in enumerate(body):
        if not key_words_only(i):
            continue
        # the one line of unlabelled amounts within two lines of it, or none where there are two
        near = [k for k in body[max(0, n - 2):n + 3] if k != i and rows[k] and _unlabelled(rows[k])
                and not key_words_only(k)]
        if len(near) != 1:
            continue
        amounts, words = list(rows[near[0]]), rows[i]
        if any(text and amounts[j] for j, text in enumerate(words)):
            continue
        rows[near[0]] = tuple(a or w for a, w in zip(amounts, words))
        rows[i] = ()


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
        for start, end, text in placed[i]:
            if (start + end) / 2 < keys_end:
                out.append(key_at[len(out)])
            elif _printed_amount(text):
                # an amount stands flush right, its column's number centred (or flush right, a character or two
                # off): it ends right of its own number and left of the next one, where its middle may already be
                # past halfway to the next
                out.append(keys + max((k for k, centre in enumerate(centres) if centre <= end + 2), default=0))
            else:
                out.append(keys + room_of(start, end))
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
