"""Faults planted into a copy of a real disclosure, one kind per copy, each where a careful reviewer would catch it.

A plant edits one printed line of the document's text (a PDF is planted in its text conversion, see
planted_faults.text_conversion): the line count never changes, so every finding of the clean copy keeps its line
and a finding the planted copy adds is the planted fault's. Each kind finds its own place from what the document
prints (its sentences, figures, table cells as our extraction reads them) and returns None when the document has
no such place (a document without tables has no table cell to break)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from expectations.families.naming import PERIOD_RE, place_prefix
from ingestion.records import Extraction
from ingestion.text.numbers import NUMBER

CN_DIGITS = "一二三四五六七八九十"


@dataclass(frozen=True)
class Plant:
    kind: str
    line_no: int  # 1-based line of the text the fault is planted in
    before: str
    after: str
    note: str


def _number_pattern(value: float) -> re.Pattern:
    """The printed forms of an amount: 1636.78, 1,636.78, 1636.780, 100 for 100.0."""
    integer, _, fraction = f"{value:.10f}".rstrip("0").rstrip(".").partition(".")
    grouped = f"{int(integer):,}".replace(",", ",?") if integer.lstrip("-").isdigit() else integer
    tail = rf"\.{fraction}0*" if fraction else r"(?:\.0+)?"
    return re.compile(rf"(?<![\d.,]){grouped}{tail}(?![\d])")


def _shift(printed: str, delta: float) -> str:
    """The printed number moved by `delta`, printed with the same decimals and grouping."""
    plain = printed.replace(",", "")
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    moved = f"{float(plain) + delta:,.{decimals}f}" if "," in printed else f"{float(plain) + delta:.{decimals}f}"
    return moved


def _replace_number(lines: list[str], line_no: int, value: float, delta: float) -> tuple[str, str] | None:
    line = lines[line_no - 1]
    m = _number_pattern(value).search(line)
    if m is None:
        return None
    after = line[:m.start()] + _shift(m.group(0), delta) + line[m.end():]
    return line, after


def _prose_lines(ex: Extraction, kinds=("sentence",)) -> list[int]:
    """Every line a sentence of these kinds is printed on (a sentence runs on to where the next one starts)."""
    starts = sorted({(s.line_no, s.kind in kinds) for s in ex.sentences})
    lines = set()
    for (line, prose), (following, _) in zip(starts, starts[1:] + [(starts[-1][0] + 1, False)] if starts else []):
        if prose:
            lines.update(range(line, min(max(following, line + 1), line + 6)))
    return sorted(lines)


def _prose_only(lines: list[str], candidates: list[int]) -> list[int]:
    """Candidates that are prose lines, not table rows read between two sentences (tab-separated cells)."""
    return [n for n in candidates if "\t" not in lines[n - 1].strip("\t ")]


def _headings(ex: Extraction) -> list[int]:
    """Heading and title lines, the last first and the cover left out: the cover and the first headings are where
    the document's identity is read, and a fault there would change what the document is, not what it says."""
    lines = sorted({s.line_no for s in ex.sentences if s.kind in ("heading", "title", "toc")})
    return [n for n in reversed(lines) if n > 5 and n != ex.department_evidence_line]


def _first(lines: list[str], candidates: list[int], pattern: re.Pattern, repl: Callable[[re.Match], str], kind: str,
           note: str) -> Plant | None:
    for n in candidates:
        line = lines[n - 1]
        m = pattern.search(line)
        if m:
            after = line[:m.start()] + repl(m) + line[m.end():]
            if after != line:
                return Plant(kind, n, line, after, note)
    return None


# ------------------------------------------------------------------ the words

def comparison_word(lines, ex, doc):
    flip = {"小于": "大于", "低于": "高于", "大于": "小于", "高于": "低于", "等于": "大于"}
    plant = _first(lines, _prose_lines(ex), re.compile(r"决算数?(小于|低于|大于|高于|等于)"),
                   lambda m: m.group(0).replace(m.group(1), flip[m.group(1)]), "comparison_word",
                   "决算数 compared with 预算数 the other way round")
    if plant:
        return plant
    plant = _first(lines, _prose_lines(ex), re.compile(r"决算数?与((?:全年|年初|调整后?)?预算数?)(基本)?持平"),
                   lambda m: f"决算数大于{m.group(1)}", "comparison_word", "持平 made 大于")
    if plant:
        return plant
    # no comparison printed: add one that contradicts the paragraph's amounts
    budget_actual = re.compile(rf"预算(?:数)?(?:为)?\s*({NUMBER})\s*万元[^。]*?决算(?:数)?(?:为)?\s*({NUMBER})\s*万元[^。]*。")
    for n in _prose_lines(ex):
        m = budget_actual.search(lines[n - 1])
        if m:
            budget, actual = float(m.group(1).replace(",", "")), float(m.group(2).replace(",", ""))
            word = "大于" if actual <= budget else "小于"
            after = lines[n - 1][:m.end()] + f"决算数{word}预算数。" + lines[n - 1][m.end():]
            return Plant("comparison_word", n, lines[n - 1], after, f"a comparison {word} added that its amounts contradict")
    return None


def change_word(lines, ex, doc):
    # "减少56.95万元，下降1.87%" → "增加56.95万元，下降1.87%": one change, two directions
    pattern = re.compile(rf"(增加|减少)(\s*{NUMBER}\s*万元[，,]\s*)(增长|下降)")
    flip = {"增加": "减少", "减少": "增加"}
    return _first(lines, _prose_lines(ex), pattern, lambda m: flip[m.group(1)] + m.group(2) + m.group(3), "change_word",
                  "the change amount's word flipped, its percentage's kept")


def heading_year(lines, ex, doc):
    """The year a heading gives as the document's period, one too early. Not in the heading the document's year is read
    from (identity takes the first such heading): that would change what the document is, not what it says."""
    year = doc["fiscal_year"]
    identity = _identity_line(lines, year)
    for n in _headings(ex):
        if n == identity:
            continue
        for m in PERIOD_RE.finditer(lines[n - 1]):
            at = m.start(1) if m.group(1) == str(year) else (m.start(2) if m.group(2) == str(year) else None)
            if at is not None:
                after = lines[n - 1][:at] + str(year - 1) + lines[n - 1][at + 4:]
                return Plant("heading_year", n, lines[n - 1], after, f"a heading's year {year} made {year - 1}")
    return None


def _identity_line(lines: list[str], year: int) -> int | None:
    for n, line in enumerate(lines[:200], 1):
        if re.search(rf"{year}年度?(?:区级|市级|省级|县级)?(?:部门|单位)?(?:决算|预算|整体|项目|部门整体)", line):
            return n
    return None


def _department_heading(lines, ex, doc, name_for: Callable[[str], str], kind: str, note: str):
    """The department where a heading or title names it as what the document is about (before its year or 概况, after
    部门名称：), replaced; a title broken over lines is read whole and edited on the line that prints the name."""
    department = doc["department_name"] or ""
    core = department[len(place_prefix(department)):] or department
    # not where the department is read from: that would change what the document is, not what it says
    titles = sorted((s for s in ex.sentences if s.kind in ("heading", "title", "toc") and s.line_no > 5
                     and s.line_no != ex.department_evidence_line), key=lambda s: -s.line_no)
    for sentence in titles:
        for name in sorted({department, core}, key=len, reverse=True):
            about = rf"(?:^|[：:\s]|部分){re.escape(name)}(?=\s*(?:20\d\d|概况|关于|部门|单位|整体))"
            if not name or not re.search(about, sentence.text):
                continue
            for n in range(sentence.line_no, min(sentence.line_no + 4, len(lines) + 1)):
                if name in lines[n - 1]:
                    at = lines[n - 1].index(name)
                    return Plant(kind, n, lines[n - 1], lines[n - 1][:at] + name_for(name) + lines[n - 1][at + len(name):], note)
    # a part heading without the name ("第一部分 部门概况", however near the top: no identity is read from it) names it
    # after the fault
    parts = [s.line_no for s in ex.sentences if s.kind == "heading" and s.level == 0 and s.line_no != ex.department_evidence_line]
    return _first(lines, parts, re.compile(r"(第[一二三四五六七八九十]+部分\s*)(?:部门|单位)(概况)"),
                  lambda m: m.group(1) + name_for(department) + m.group(2), kind, note)


def heading_placeholder(lines, ex, doc):
    return _department_heading(lines, ex, doc, lambda name: "XX局", "heading_placeholder",
                               "the department in a heading replaced by the template's XX局")


def _another_department(name: str) -> str:
    """The same place's other department: 乐山市数据局 → 乐山市财政局 (a finance bureau becomes the 商务委员会)."""
    return place_prefix(name) + ("商务委员会" if "财政" in name else "财政局")


def heading_other_department(lines, ex, doc):
    return _department_heading(lines, ex, doc, _another_department, "heading_other_department",
                               "the department in a heading replaced by another department")


def kind_named(lines, ex, doc):
    word, other = ("决算", "预算") if doc["doc_kind"] != "budget" else ("预算", "决算")
    pattern = re.compile(rf"(部门|单位)\s*{word}(?!绩效|执行|项目)")
    return _first(lines, _headings(ex), pattern, lambda m: m.group(1) + other, "kind_named",
                  f"a heading calls the {word} a {other}")


def as_of_date(lines, ex, doc):
    year = doc["fiscal_year"]
    return _first(lines, _prose_lines(ex, ("sentence", "cell", "title")),
                  re.compile(r"截[至止]\s*20\d\d\s*年\s*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|年?末|底)"),
                  lambda m: f"截至{year + 1}年3月31日", "as_of_date", f"a 截至 date moved to {year + 1}")


def doubled_stop(lines, ex, doc):
    candidates = [n for n in _prose_only(lines, _prose_lines(ex)) if "万元" in lines[n - 1]]
    return _first(lines, candidates, re.compile(r"。(?=[^。]*$)"), lambda m: "。。", "doubled_stop", "。 printed twice")


def cut_off(lines, ex, doc):
    pattern = re.compile(r"(主要原因(?:是|为)?[：:]?|主要用于[：:]?)[^。；]{2,}?。")
    return _first(lines, _prose_lines(ex), pattern, lambda m: m.group(1) + "。", "cut_off",
                  "a sentence cut off after its cue")


def unmatched_bracket(lines, ex, doc):
    pattern = re.compile(r"（([^（）]{2,30})）(?![（(]?(?:类|款|项))")
    candidates = [n for n in _prose_only(lines, _prose_lines(ex)) if "类）" not in lines[n - 1] and "\ufffd" not in lines[n - 1]]
    return _first(lines, candidates, pattern, lambda m: "（" + m.group(1), "unmatched_bracket", "a closing ） dropped")


# ------------------------------------------------------------------ the numbers

def _figures(ex: Extraction, test) -> list:
    return [f for f in ex.narrative if test(f)]


def figure_restated(lines, ex, doc):
    seen: dict[tuple, object] = {}
    for f in sorted(ex.narrative, key=lambda f: f.line_no):
        if f.subject_code or f.figure.startswith("unattributed_") or f.unit != "万元" or not f.value:
            continue
        first = seen.setdefault(f.figure, f)
        if first is not f and f.line_no != first.line_no and abs(f.value - first.value) < 1e-9:
            change = _replace_number(lines, f.line_no, f.value, 10.0)
            if change:
                return Plant("figure_restated", f.line_no, *change, f"{f.figure} restated with another value")
    return None


def narrative_amount(lines, ex, doc):
    names = ("expense_general_public_budget", "expense_total", "income_total", "expense_basic", "personnel_expense")
    for name in names:
        for f in _figures(ex, lambda f, name=name: f.figure == name and not f.is_restatement and f.value):
            change = _replace_number(lines, f.line_no, f.value, 10.0)
            if change:
                return Plant("narrative_amount", f.line_no, *change, f"narrative {name} moved by 10 万元")
    return None


def table_cell(lines, ex, doc):
    kinds = ("expense", "general_public_budget_expense", "income_expense_summary",
             "budget_expense", "budget_general_public_budget_expense")
    for kind in kinds:
        for fact in ex.facts:
            if fact.table_kind == kind and fact.value_kind == "number" and fact.subject_code and len(fact.subject_code) == 3 \
                    and fact.measure == "total" and fact.value:
                # fact.value is the number as printed: 1 万元 is 10,000 in a table printed in 元
                change = _replace_number(lines, fact.line_no, fact.value, 10000.0 if fact.unit == "元" else 1.0)
                if change:
                    return Plant("table_cell", fact.line_no, *change, f"{kind} {fact.subject_code} total moved by 1 万元")
    return None


def share(lines, ex, doc):
    for f in _figures(ex, lambda f: f.figure.endswith("_share_pct") and not f.is_restatement and 5 < f.value < 95):
        change = _replace_number(lines, f.line_no, f.value, 3.0)
        if change:
            return Plant("share", f.line_no, *change, f"{f.figure} moved by 3 points")
    return None


def yoy_pct(lines, ex, doc):
    for f in _figures(ex, lambda f: f.figure.endswith("_yoy_pct") and not f.is_restatement and 1 < abs(f.value) < 99):
        change = _replace_number(lines, f.line_no, abs(f.value), abs(f.value))
        if change:
            return Plant("yoy_pct", f.line_no, *change, f"{f.figure} doubled")
    return None


def completion_rate(lines, ex, doc):
    """A completion rate moved, where the document states the budget it is a rate of (else no rate can be checked)."""
    budgets = {f.figure.removesuffix("_budget").removesuffix("_budget_initial") for f in ex.narrative
               if f.figure.endswith(("_budget", "_budget_initial"))} | {"three_public" if any(
                   f.figure == "three_public_budget_total" for f in ex.narrative) else ""}
    stated = lambda f: f.figure.removesuffix("_completion_pct") in budgets  # noqa: E731
    for f in _figures(ex, lambda f: f.figure.endswith("_completion_pct") and not f.is_restatement and 1 < f.value < 99.5
                      and stated(f)):
        change = _replace_number(lines, f.line_no, f.value, -5.0)
        if change:
            return Plant("completion_rate", f.line_no, *change, f"{f.figure} moved by 5 points")
    return None


def listed_item(lines, ex, doc):
    zero = [f for f in ex.facts if f.table_kind == "general_public_budget_basic_expense" and f.subject_code
            and len(f.subject_code) == 5 and f.value_kind in ("blank", "zero", "dash") and f.subject_name]
    spent = {f.subject_code for f in ex.facts if f.table_kind == "general_public_budget_basic_expense"
             and f.value_kind == "number" and f.value}
    names = [f.subject_name.replace(" ", "") for f in zero if f.subject_code not in spent]
    if not names:
        return None
    return _first(lines, _prose_lines(ex), re.compile(r"主要包括[：:]\s*([^、，。；]+)、"),
                  lambda m: m.group(0) + names[0] + "、", "listed_item", f"the list names {names[0]}, which the table prints as 0")


def code_name(lines, ex, doc):
    from ingestion.classification import load_functional_classification

    table = load_functional_classification()
    # a sibling's name is a contradiction only against a table that prints the codes spent
    tabled = {f.subject_code for f in ex.facts if f.subject_code and len(f.subject_code) == 7
              and f.table_kind in ("expense", "general_public_budget_expense", "income")}
    if not tabled:
        return None
    printed = {f.subject_code for f in ex.facts if f.subject_code} | {f.subject_code for f in ex.narrative if f.subject_code}
    for f in _figures(ex, lambda f: f.subject_code and len(f.subject_code) == 7):
        siblings = [s for s in table.values() if s.parent_code == f.subject_code[:5] and s.code != f.subject_code
                    and s.code not in printed]
        own = table.get(f.subject_code)
        if not siblings or own is None:
            continue
        line = lines[f.line_no - 1]
        m = re.search(rf"{re.escape(own.name)}\s*[（(]项[)）]", line)
        if m:
            after = line[:m.start()] + line[m.start():m.end()].replace(own.name, siblings[0].name) + line[m.end():]
            return Plant("code_name", f.line_no, line, after, f"{f.subject_code} named {siblings[0].name} ({siblings[0].code})")
    return None


def project_text(lines, ex, doc):
    starts = sorted(p.line_no for p in ex.projects)
    if not starts:
        return None
    candidates = [n for n in range(starts[0], len(lines) + 1)]
    return _first(lines, candidates, re.compile(rf"执行率(?:为|是|达到)?\s*({NUMBER})\s*%"),
                  lambda m: m.group(0).replace(m.group(1), _shift(m.group(1), -17.0 if float(m.group(1)) > 20 else 17.0)),
                  "project_text", "a project's text states another execution rate than its form")


KINDS: dict[str, Callable] = {
    "comparison_word": comparison_word, "change_word": change_word, "heading_year": heading_year,
    "heading_placeholder": heading_placeholder, "heading_other_department": heading_other_department,
    "kind_named": kind_named, "as_of_date": as_of_date, "doubled_stop": doubled_stop, "cut_off": cut_off,
    "unmatched_bracket": unmatched_bracket, "figure_restated": figure_restated, "narrative_amount": narrative_amount,
    "table_cell": table_cell, "share": share, "yoy_pct": yoy_pct, "completion_rate": completion_rate,
    "listed_item": listed_item, "code_name": code_name, "project_text": project_text,
}
