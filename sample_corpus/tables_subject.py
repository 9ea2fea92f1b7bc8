"""Standard tables keyed by classification codes: 公开02/03/05/07/08 (功能分类) and 公开06 (经济分类).

One builder prints every 功能分类 table in each layout: code and name columns, codes over 类/款/项
columns, spaced codes (201 05 01) or code and name in one cell, with or without a 行次 column, a
栏次 row, filler rows and names wrapped into a second row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import count

from sample_corpus.catalog import FUNCTIONAL, economic_block
from sample_corpus.grid import Grid, Printer
from sample_corpus.layout import Layout
from sample_corpus.wording import TableWords


@dataclass
class Context:
    """What one standard table is printed with: its layout, words, unit and figure printer."""

    layout: Layout
    kind: str
    unit: str
    words: TableWords = field(init=False)
    printer: Printer = field(init=False)

    def __post_init__(self):
        self.words = TableWords(self.layout, self.unit)
        self.printer = Printer(self.layout, self.unit, self.kind)

    def grid(self, header, body, note, spans, widths, empty=False) -> Grid:
        return Grid(self.kind, None, "", [], header, body, note, empty, list(spans), list(widths),
                    unit=self.unit, figures=list(self.printer.figures))


@dataclass(frozen=True)
class ValueColumn:
    top: str  # header word over the column (shared by the columns of one group)
    sub: str | None  # the column's own word under a group top, or None for a column of its own
    measure: str  # what the column means (TableFact.measure)
    width: float


def code_text(code: str, style: str) -> str:
    return " ".join(part for part in (code[:3], code[3:5], code[5:7]) if part) if style == "spaced_code" else code


def _name_parts(name: str, layout: Layout) -> tuple[str, str]:
    """A long name wrapped into a second row where the layout wraps names (the rest is '' otherwise)."""
    if layout.is_("table.split_cells", "name_over_two_rows") and len(name) >= 9:
        cut = len(name) // 2
        return name[:cut], name[cut:]
    return name, ""


@dataclass
class _Keys:
    """The key columns (code, 类/款/项, name, 行次) of a code table: header cells per row, widths, merges."""

    head: list[list[str]]
    widths: list[float]
    spans: list[tuple[int, int, int, int]]
    count: int  # code and name columns, 行次 not counted


def _key_columns(ctx: Context, name_width: float) -> _Keys:
    w, style = ctx.words, ctx.layout["table.code_columns"]
    if style in ("lkx_split", "lkx_carry"):
        keys = _Keys([[w.label("项目"), "", "", ""], [w.code, "", "", w.name], ["类", "款", "项", ""]],
                     [0.55, 0.45, 0.45, name_width], [(0, 0, 0, 3), (1, 0, 1, 2), (1, 3, 2, 3)], 4)
    elif style == "code_in_name":
        keys = _Keys([[w.label("项目")], [f"{w.code}及名称"]], [1.1 + name_width], [], 1)
    else:
        keys = _Keys([[w.label("项目"), ""], [w.code, w.name]], [1.1, name_width], [(0, 0, 0, 1)], 2)
    if ctx.layout.is_("table.line_numbers", "everywhere"):
        depth = len(keys.head)
        keys.head = [row + [w.label("行次") if r == 0 else ""] for r, row in enumerate(keys.head)]
        keys.widths.append(0.6)
        keys.spans.append((0, keys.count, depth - 1, keys.count))
    return keys


def _header(ctx: Context, keys: _Keys, columns: list[ValueColumn]) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Header rows: the key columns' cells, then each amount column under its group word or on its own."""
    w = ctx.words
    header = [list(row) for row in keys.head]
    spans = list(keys.spans)
    depth, first = len(header), len(keys.widths)
    for k, col in enumerate(columns):
        c = first + k
        grouped = col.sub is not None
        starts_group = grouped and (k == 0 or columns[k - 1].top != col.top)
        header[0].append(w.value_head(col.top) if (not grouped or starts_group) else "")
        header[1].append(w.value_head(col.sub) if grouped else "")
        for extra in header[2:]:
            extra.append("")
        if not grouped:
            spans.append((0, c, depth - 1, c))
            continue
        if starts_group:
            width = sum(1 for later in columns[k:] if later.top == col.top)
            spans.append((0, c, 0, c + width - 1))
        if depth > 2:
            spans.append((1, c, depth - 1, c))
    ordinal = ctx.layout["table.ordinal_row"]
    if ordinal != "none":
        lead = [w.label("栏次") if ordinal == "栏次" else ""] + [""] * (first - 1)
        header.append(lead + [str(k) for k in range(1, len(columns) + 1)])
    return header, spans


def _code_cells(style: str, code: str, name: str, previous: str | None) -> list[str]:
    """A row's code and name as the layout prints them; codes over 类/款/项 may leave unchanged parts blank."""
    if style in ("lkx_split", "lkx_carry"):
        parts = [code[:3], code[3:5], code[5:7]]
        if style == "lkx_carry" and previous:
            prior = [previous[:3], previous[3:5], previous[5:7]]
            last = len([x for x in parts if x]) - 1
            parts = [part if k == last or part != prior[k] else "" for k, part in enumerate(parts)]
        return parts + [name]
    if style == "code_in_name":
        return [f"{code_text(code, style)} {name}"]
    return [code_text(code, style), name]


def subject_table(
    ctx: Context,
    rows: list[tuple[str, int, tuple[int, ...]]],
    columns: list[ValueColumn],
    name_width: float,
    note: str,
    empty: bool = False,
) -> Grid:
    """A 功能分类 table: a 合计 row, then one row per 类/款/项 code with its amounts."""
    layout, w, p = ctx.layout, ctx.words, ctx.printer
    style = layout["table.code_columns"]
    keys = _key_columns(ctx, name_width)
    header, spans = _header(ctx, keys, columns)
    numbered = layout.is_("table.line_numbers", "everywhere")
    width = len(keys.widths) + len(columns)
    body: list[list[str]] = []
    lines = count(1)

    def line() -> list[str]:
        return [str(next(lines))] if numbered else []

    total_label = [w.total()] + [""] * (keys.count - 1)
    if empty:
        body.append(total_label + line() + [""] * len(columns))
    else:
        totals = [sum(v[i] for _, level, v in rows if level == 1) for i in range(len(columns))]
        body.append(total_label + line() + [p.money(x, label="合计", measure=col.measure) for x, col in zip(totals, columns)])
    if keys.count > 2:
        spans.append((len(header), 0, len(header), keys.count - 1))  # 合计 over the 类/款/项 and name columns
    previous = None
    for code, _, values in rows:
        first, rest = _name_parts(FUNCTIONAL[code], layout)
        amounts = [p.money(x, code=code, measure=col.measure) for x, col in zip(values, columns)]
        body.append(_code_cells(style, code, first, previous) + line() + amounts)
        previous = code
        if rest:  # the name's second line, in a row of its own
            body.append([""] * (keys.count - 1) + [rest] + [""] * (width - keys.count))
    body += filler_rows(layout, width)
    return ctx.grid(header, body, note, spans, keys.widths + [c.width for c in columns], empty)


def filler_rows(layout: Layout, width: int) -> list[list[str]]:
    style = layout["table.filler_rows"]
    if style == "ellipsis":
        return [["……"] + [""] * (width - 1)]
    if style == "blank_row":
        return [[""] * width]
    return []


def economic_table(ctx: Context, blocks: list[tuple[str, ...]], amounts: dict[str, int], personnel: int, public: int, note: str) -> Grid:
    """公开06: four code/name/amount blocks side by side (人员经费 | 公用经费 ×3), totals in the last row.

    Codes over 类/款/项 columns have no 经济分类 form, so those layouts print code and name columns here.
    """
    layout, w, p = ctx.layout, ctx.words, ctx.printer
    together = layout.is_("table.code_columns", "code_in_name")
    style = layout["table.code_columns"]
    per = 2 if together else 3
    columns = [economic_block(codes) for codes in blocks]

    def cell(block: list[tuple[str, str]], i: int) -> list[str]:
        if i >= len(block):
            return [""] * per
        code, name = block[i]
        amount = p.money(amounts.get(code, 0), code=code)
        if together:
            return [f"{code_text(code, style)} {name}", amount]
        return [code_text(code, style), name, amount]

    height = max(len(b) for b in columns)
    body = [sum((cell(b, i) for b in columns), []) for i in range(height)]
    width = per * 4
    body += filler_rows(layout, width)
    personnel_cell = p.money(personnel, always=True, label="人员经费合计")
    public_cell = p.money(public, always=True, label="公用经费合计")
    body.append(["人员经费合计"] + [""] * (per - 2) + [personnel_cell, "公用经费合计"] + [""] * (width - per - 2) + [public_cell])
    head = [w.economic_name, w.value_head(w.economic_amount)] if together else [w.economic_code, w.economic_name, w.value_head(w.economic_amount)]
    header = [
        [w.label("人员经费")] + [""] * (per - 1) + [w.label("公用经费")] + [""] * (width - per - 1),
        head * 4,
    ]
    last = len(header) + len(body) - 1
    spans = [(0, 0, 0, per - 1), (0, per, 0, width - 1)]
    if per == 3:
        spans += [(last, 0, last, 1)]
    spans += [(last, per, last, width - 2)]
    widths = ([2.75, 0.95] if together else [0.75, 2.0, 0.95]) * 4
    return ctx.grid(header, body, note, spans, widths)
