"""Header rows and what each column means.

The rows above the first data row, merged cells filled to the right only inside their parent cell, give
each column a path ("预算数/公务用车购置及运行维护费/小计") and a role (code, 类/款/项 part, label, line number
or value); the path gives a value column its coarse meaning (total, basic, project, budget …).
"""

from __future__ import annotations

import re

from ingestion.classification import classification_classes
from ingestion.text.normalise import compact
from ingestion.text.numbers import classify_cell, looks_like_amount, normalise_code
from ingestion.tables.template_words import completed_heading
from ingestion.tables.titles import ROW_ORDINAL_RE, TRAILING_PAREN_RE


# ---------------------------------------------------------------- header and column meanings

_HEADER_ONLY_TOKENS = {"类", "款", "项"}


def is_ordinal_row(cells: list[str]) -> bool:
    """The 栏次 row: '栏次' or only consecutive small integers (1 2 3 …)."""
    values = [compact(c) for c in cells if compact(c)]
    if not values:
        return False
    if values[0] == "栏次":
        return True
    if all(v.isdigit() and len(v) <= 2 for v in values) and len(values) >= 2:
        numbers = [int(v) for v in values]
        # two numbers only where they start at 1 (a two-sided summary table numbers its two 金额 columns 1 and 2)
        start = numbers[0] if len(values) >= 3 else 1
        return numbers == list(range(start, start + len(numbers)))
    return False


def is_data_row(cells: list[str]) -> bool:
    if is_ordinal_row(cells):
        return False
    filled = [compact(c) for c in cells if compact(c)]
    if filled and filled[0] in ("合计", "总计"):
        # a 合计 row with nothing but amounts beside it (or nothing at all, in an empty table) is
        # data; a row naming more columns after 合计 is a header (the 三公 table's)
        return all(classify_cell(c)[0] != "text" or looks_like_amount(c) for c in filled[1:])
    for raw in cells:
        if normalise_code(raw):
            return True
        kind, _ = classify_cell(raw)
        if kind in ("number", "zero", "dash"):
            return True
    # a body row of a table printed without figures (the template): its label is numbered
    return any(ROW_ORDINAL_RE.match(c) for c in filled)


def header_paths(header_rows: list[list[str]], width: int) -> list[list[str]]:
    # a heading OCR clipped (基本支, 科目编) is read as the template's word it stands for
    grid = [[completed_heading(c) or compact(c) for c in row] + [""] * (width - len(row)) for row in header_rows]
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


def column_role(path: list[str]) -> str:
    leaf = path[-1] if path else ""
    if "行次" in leaf or leaf in ("栏次", "序号", "编号"):
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


def code_columns_by_content(roles: list[str], body: list[list[str]]) -> list[str]:
    """The roles, with a column read as a code column where its header does not say so but its cells do: OCR that
    drops the last character of 科目代码 ("科目代"), a header cut off or never printed.

    Such a column stands just left of a name column (one its header names, or one printing words where both
    headings are damaged), and what it prints is a hierarchy of classification codes: at least three different codes
    whose 类 is a national 功能分类 or 经济分类 class, some of them under another code of the same column (30201 under
    302), and at least 80 % of the numbers it prints. An amount column does not: a total repeats one amount on its
    合计 and 总计 rows (those rows never print a code and are left out), and amounts do not nest. Words such as a
    heading repeated on the next page or 栏次 count for neither side."""
    candidates = [j for j, role in enumerate(roles[:-1]) if role in ("value", "unknown") and roles[j + 1] == "label"]
    if not any(role in ("code", "code_part", "label") for role in roles):
        # no key heading left at all: a column of words may be the name column beside the codes (only here, so that
        # the amount columns of every other table are not read cell by cell)
        candidates += [j for j, role in enumerate(roles[:-1]) if role in ("value", "unknown")
                       and roles[j + 1] in ("value", "unknown") and _prints_names(body, j + 1)]
    if not candidates:  # most tables: their headers name every code column
        return roles
    rows = [row for row in body if not any(word in compact(cell) for cell in row for word in ("合计", "总计"))]
    out = list(roles)
    for j in candidates:
        if prints_code_hierarchy([row[j] for row in rows if j < len(row) and any(ch.isdigit() for ch in row[j])]):
            out[j] = "code"
    return out


def name_columns_by_content(roles: list[str], body: list[list[str]]) -> list[str]:
    """The roles, with a column read as a name column where the header names none (科目名 cut by OCR, or a blank
    heading) but the cells do, at least three of them and 80 % of what it prints: words, where it stands just right
    of a code column; else codes with their names (301 工资福利支出). An amount column prints numbers; where the
    header names a name column, a column of other words beside the codes (项目类型) keeps its role."""
    if "label" in roles:
        return roles
    out = list(roles)
    for j in range(1, len(roles)):
        if roles[j] in ("value", "unknown") and roles[j - 1] in ("code", "code_part") and _prints_names(body, j):
            out[j] = "label"
    if "label" in out:
        return out
    for j, role in enumerate(roles):
        if role in ("value", "unknown") and _prints_names(body, j, with_codes=True):
            out[j] = "label"
    return out


# a name printed with its code in one cell: "2010501 行政运行", "201 05 01 行政运行"
CODE_AND_NAME_RE = re.compile(r"^(\d{3}(?:\s?\d{2}){0,2})\s*(\D.*)$")


def _prints_names(body: list[list[str]], j: int, with_codes: bool = False) -> bool:
    """Whether column j prints names (words; or codes with their names), at least three and 80 % of its cells."""
    printed = [cell for row in body if j < len(row) and (cell := compact(row[j]))]
    if with_codes:
        # the name must begin with a character: 440,300.00 is no code 440 with a name
        names = [c for c in printed if (m := CODE_AND_NAME_RE.match(c)) and normalise_code(m.group(1))
                 and "\u4e00" <= m.group(2)[:1] <= "\u9fff"]
    else:
        names = [c for c in printed if classify_cell(c)[0] == "text" and not normalise_code(c)]
    return len(names) >= 3 and len(names) >= 0.8 * len(printed)


def prints_code_hierarchy(cells: list[str]) -> bool:
    """Whether cells that print digits are a column of classification codes rather than amounts or counts: at least
    three different codes of a national 功能分类 or 经济分类 class, some nested under another (30201 under 302), and
    at least 80 % of the cells."""
    classes = classification_classes()
    shaped = [normalise_code(cell) for cell in cells]
    codes = {code for code in shaped if code and code[:3] in classes}
    nested = any(code[:cut] in codes for code in codes for cut in (3, 5) if len(code) > cut)
    return len(codes) >= 3 and nested and sum(1 for code in shaped if code in codes) >= 0.8 * len(shaped)


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


# A 部门预算's columns name the fund without 财政拨款 ("财政拨款支出/一般公共预算"), and its 基本支出 columns split
# into 人员经费 / 公用经费.
_BUDGET_MEASURES = [
    ("人员经费", "personnel"),
    ("公用经费", "public"),
    ("一般公共预算", "general_public_budget"),
    ("政府性基金", "government_fund"),
    ("国有资本经营", "state_capital"),
]


def column_measure(path: list[str], table_kind: str | None = None) -> str:
    """A coarse meaning of a column from its header path (the leaf decides first).

    In the 三公 table every amount is a 预算数 or a 决算数 of some category, wherever the
    header prints that word (above the categories or below them): that is its measure.
    """
    if table_kind in ("three_public", "budget_three_public"):
        for part in path:
            word = TRAILING_PAREN_RE.sub("", part)  # "预算数（万元）"
            if "财政拨款" in word:
                continue  # "一般公共预算财政拨款“三公”经费" heads both halves
            if re.search(r"预算(数)?$|预算数", word):
                return "budget"
            if re.search(r"决算(数)?$|决算数|实际支出", word):
                return "actual"
    measures = _MEASURES
    if (table_kind or "").startswith("budget_"):
        measures = _BUDGET_MEASURES + _MEASURES
    for part in reversed(path):
        for needle, measure in measures:
            if needle in part:
                return measure
    return "value"


def split_header(rows: list[list[str]]) -> tuple[int, list[list[str]]]:
    """Index of the first data row and the header rows above it (栏次 rows dropped)."""
    first_data = next((i for i, r in enumerate(rows) if is_data_row(r)), len(rows))
    header_rows = [r for r in rows[:first_data] if not is_ordinal_row(r)]
    # 类/款/项 may be printed in the first data row's key cells (Shanghai layout)
    if first_data < len(rows):
        first = rows[first_data]
        if any(compact(c) in _HEADER_ONLY_TOKENS for c in first):
            header_rows.append([c if compact(c) in _HEADER_ONLY_TOKENS else "" for c in first])
            rows[first_data] = ["" if compact(c) in _HEADER_ONLY_TOKENS else c for c in first]
    return first_data, header_rows


def repeats_header(cells: list[str], header_texts: set[str]) -> bool:
    """A header row printed again on a continuation page (or a sub-header inside the body)."""
    filled = [compact(c) for c in cells if compact(c)]
    return bool(filled) and all(c in header_texts or c in _HEADER_ONLY_TOKENS for c in filled)
