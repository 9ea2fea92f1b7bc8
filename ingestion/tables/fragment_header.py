"""A standard table's header rebuilt from the pieces a PDF-to-text conversion leaves of it.

The pieces keep no cell boundaries and no positions: a header cell may come in several pieces (附属单位上 /
缴收入, 因公出国 / （ / 境 / ） / 费) and its rows follow one another. The template's words put them back:

* cells: consecutive pieces are one cell where together they spell a header word of the national template
  (or name a key column: …代码, …编码, …名称, 行次); the longest such word wins;
* rows and columns: header cells come row by row. The sub-headings under a heading start with a key word
  (科目代码 under 项目), a code level (类 款 项 under 科目代码) or a total (合计 / 小计 under 预算数), so such a word
  after the heading row opens the next row's groups; each group hangs under the heading it belongs to (a
  key group under a key heading, an amount group under the heading sharing most words with it: 本年支出 over
  小计 / 基本支出 / 项目支出), a group repeated side by side under the same heading (科目代码 科目名称 决算数 three
  times under 公用经费); the two sides of a summary table hang under 收入 and 支出.

The result is each column's header path, left to right, as header_paths gives it for a ruled table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingestion.text.normalise import compact
from ingestion.tables.headers import column_role
from ingestion.tables.template_words import CODE_PARTS, SIDE_WORDS, bare_heading, is_cut_word, is_template_word

_TOTAL_WORDS = ("合计", "小计")
_OPEN, _CLOSE = "（(", "）)"


def is_header_word(text: str) -> bool:
    word = bare_heading(text)
    if not word or len(word) > 16:
        return False
    return is_template_word(word) or is_cut_word(word)


def read_header_cell(pieces: list[str], start: int, longest: int = 8) -> int:
    """How many pieces from `start` spell one header word (0: none): the longest run that does, a bracketed
    unit or qualifier after it included."""
    best = 0
    text = ""
    for k in range(start, min(start + longest, len(pieces))):
        text += compact(pieces[k])
        if is_header_word(text):
            best = k - start + 1
    if best and start + best < len(pieces) and compact(pieces[start + best])[:1] in _OPEN:
        # a bracketed unit printed as its own pieces: （ 万元 ）
        text = "".join(compact(p) for p in pieces[start : start + best])
        for k in range(start + best, min(start + best + 4, len(pieces))):
            text += compact(pieces[k])
            if compact(pieces[k])[-1:] in _CLOSE:
                if is_header_word(text):
                    best = k - start + 1
                break
    return best


# ---------------------------------------------------------------- rows and columns


def _kind(cell: str) -> str:
    word = bare_heading(cell)
    if word in SIDE_WORDS:
        return "side"
    if word in CODE_PARTS:
        return "part"
    if word in _TOTAL_WORDS:
        return "total"
    role = column_role([word])
    return "key" if role in ("code", "label", "rowno") else "value"


def _opens_group(cell: str, previous: str | None) -> bool:
    """A cell that starts a run of sub-headings: key columns after amounts, a code level after anything
    else, amounts after key columns, a total after amounts."""
    if previous is None:
        return True
    kind, before = _kind(cell), _kind(previous)
    if kind == "key":
        return before not in ("key", "side")
    if kind == "part":
        return before != "part"
    if kind == "total":
        return before in ("value", "total", "key")
    return before == "key"


def _similarity(heading: str, group: list[str]) -> int:
    """Characters of the heading's longest run shared with a sub-heading (totals aside)."""
    a = bare_heading(heading)
    best = 0
    for cell in group:
        b = bare_heading(cell)
        if b in _TOTAL_WORDS:
            continue
        for i in range(len(a)):
            for j in range(i + best + 1, len(a) + 1):
                if a[i:j] in b:
                    best = j - i
                else:
                    break
    return best if best >= 2 else 0  # one character in common says nothing


def _accepts(parent: str, group: list[str]) -> int:
    """How well a heading takes a group under it: -1 never, else higher is better."""
    kind, first = _kind(parent), _kind(group[0])
    if kind == "side":
        return 1
    if first == "part":
        return 2 if column_role([bare_heading(parent)]) == "code" else -1
    if first == "key":
        return 2 if kind == "key" else 0
    if kind in ("key", "part"):
        return -1
    return _similarity(parent, group)


@dataclass
class _Node:
    text: str
    children: list["_Node"] = field(default_factory=list)


def _groups(cells: list[str]) -> list[list[str]]:
    out: list[list[str]] = []
    previous = None
    for cell in cells:
        if not out or _opens_group(cell, previous):
            out.append([])
        out[-1].append(cell)
        previous = cell
    return out


def _first_row(cells: list[str]) -> int:
    if len(cells) >= 2 and all(_kind(c) == "side" for c in cells[:2]):
        return 2
    for i in range(1, len(cells)):
        # the headings' row ends where sub-headings begin: key columns after amounts, a code level, a total
        # after amounts (amounts, a total among them, beside a key heading are headings of that row)
        kind, before = _kind(cells[i]), _kind(cells[i - 1])
        if (kind in ("key", "part") and _opens_group(cells[i], cells[i - 1])) or (kind == "total" and before in ("value", "total")):
            return i
    return len(cells)


def _attach(row: list[_Node], groups: list[list[str]]) -> int:
    """Hang leading groups under headings of `row` (in order); the number of groups taken.

    A heading that is no key word takes a group of key columns together with the amounts after it (人员经费
    over 科目代码 科目名称 决算数, 收入 over 项目 行次 金额); a key heading (项目) takes key columns only."""
    taken, start = 0, 0
    last: _Node | None = None
    while taken < len(groups):
        group = list(groups[taken])
        candidates = [(k, _accepts(row[k].text, group)) for k in range(start, len(row))]
        candidates = [(k, s) for k, s in candidates if s >= 0]
        if candidates:
            best = max(s for _, s in candidates)
            k = next(k for k, s in candidates if s == best)
            node, width = row[k], 1
        elif last is not None and _kind(last.text) != "key" and _kind(group[0]) == "key":
            node, width = last, 1  # the same sub-headings again, side by side under the heading that has them
        else:
            break
        if _kind(node.text) != "key" and _kind(group[0]) == "key":
            while taken + width < len(groups) and _kind(groups[taken + width][0]) not in ("key", "part"):
                group += groups[taken + width]
                width += 1
        node.children += [_Node(c) for c in group]
        if node is not last:
            last, start = node, row.index(node) + 1
        taken += width
    return taken


def column_paths(cells: list[str]) -> list[list[str]]:
    """Each column's header path, left to right, from header cells read row by row."""
    if not cells:
        return []
    split = _first_row(cells)
    roots = [_Node(c) for c in cells[:split]]
    rest = _groups(cells[split:])
    level = roots
    while rest:
        taken = _attach(level, rest)
        if taken == 0:
            # sub-headings nothing above takes: read them as columns of their own
            roots += [_Node(c) for group in rest for c in group]
            break
        level = [child for node in level for child in node.children]
        rest = rest[taken:]

    paths: list[list[str]] = []

    def walk(node: _Node, above: list[str]) -> None:
        path = above + [compact(node.text)]
        if not node.children:
            paths.append(path)
        for child in node.children:
            walk(child, path)

    for root in roots:
        walk(root, [])
    return paths


def header_rows(paths: list[list[str]]) -> list[list[str]]:
    """Header rows that give `paths` back through header_paths: a heading repeated over every column it
    covers, a column's cells below its last heading left blank."""
    depth = max((len(p) for p in paths), default=0)
    return [[p[d] if d < len(p) else "" for p in paths] for d in range(depth)]
