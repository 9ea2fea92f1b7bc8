"""Indicator rows from a fragment stream: a PDF converted to text, a few characters per line and no trace of
blank cells.

Each row is found by the values every row prints: its 指标性质 operator (≥, ≤, ＝, 定性 …) where the layout
has that column, otherwise its 分值/得分 pair, with the targets and actuals the header puts before them read
back leftwards by the grammar their pieces follow (fragment_values). What stands between one row's values
and the next row's is, in this order, the rest of the row before (its 偏差原因, the end of a name the
template broke over two rows), the next row's 一级/二级 names, its ordinal and its 三级指标."""

from __future__ import annotations

import re

from ingestion.text.numbers import is_dash, is_number, read_number
from ingestion.performance.cells import assign_levels, is_row_number
from ingestion.performance.form import Form, Indicator, make_indicator
from ingestion.performance.fragment_operators import operator_rows
from ingestion.performance.fragment_values import (
    SENTENCE_END, RowValues, is_proper_level, is_reason, joined, kind, unit_at, value_at, value_back,
    word_run,
)
from ingestion.performance.tokens import Tok
from ingestion.performance.vocabulary import ANALYSIS_LABELS, STOP_IN_INDICATORS, TOTAL_LABELS, VALUE_ROLES


def fragment_indicators(form: Form, header_end: int, roles: list[str]) -> list[Indicator]:
    end = _section_end(form, header_end) - header_end - 1  # the 总分 row, counted from the first row's piece
    if "operator" in roles:
        # operators mark rows wherever they stand: a scrambled text layer prints some after the 合计 row, and even
        # after the 评价结论 labels, but none in the project's 绩效自评报告 that may follow (…目标值≥98%，完成值…);
        # an indicator may be named …评价报告, so only that heading ends the form
        toks = form.toks[header_end + 1 : _form_end(form, header_end)]
        found = operator_rows(toks, roles[roles.index("operator") + 1 :])
    elif "weight" in roles or "score" in roles:
        toks = form.toks[header_end + 1 : header_end + 1 + end]
        found = _points_rows(toks, roles)
    else:
        return []
    return _indicators(toks, found, "reason" in roles, end)


def _form_end(form: Form, header_end: int) -> int:
    """Where the report that follows a form begins: its heading (…项目绩效自评报告), whole or in pieces."""
    for k in range(header_end + 1, len(form.toks)):
        for start in range(k, max(header_end, k - 3), -1):  # the fewest pieces that end the heading
            if re.search(r"项目(?:支出)?绩效自评报告$", "".join(t.key for t in form.toks[start : k + 1])):
                return start
    return len(form.toks)


def _section_end(form: Form, header_end: int) -> int:
    for k in range(header_end + 1, len(form.toks)):
        if form.toks[k].label in TOTAL_LABELS or form.toks[k].label in ANALYSIS_LABELS:
            return k
    return len(form.toks)


# -- the rows' names, levels and what is left of the row before ------------------------------------


def _indicators(toks: list[Tok], found: list[RowValues], reasons: bool, end: int) -> list[Indicator]:
    """The rows of the values found, in order; `end` is where the section's text ends (the 总分 row).

    A converter that reads a table line by line prints a name wrapped over two lines of its cell, with the row's
    values on the line between, as: its first line, the values, its last line. Where the section shows that (a
    row's name ends after its values, before a level name or after its 偏差原因), the pieces between two rows'
    values that no level name or ordinal divides are cut where the row before's name ends (_cell_end)."""
    out, tails, lines = _rows(toks, found, reasons, end, None)
    if tails:
        out, _, _ = _rows(toks, found, reasons, end, max(lines, default=0))
    return out


def _rows(toks: list[Tok], found: list[RowValues], reasons: bool, end: int,
          width: int | None) -> tuple[list[Indicator], int, list[int]]:
    """(the rows, how many names ended after their values, the lengths of the name pieces a line break ended).

    `width`: where names may end after their values (_indicators), the width of the names' column in characters
    (0: a piece is a whole cell). The line lengths are read where a row's name is certainly its own: after its
    level names or ordinal, or after a row whose name ended before them."""
    out: list[Indicator] = []
    tails, lines = 0, []
    l1 = l2 = None
    used = -1  # the last piece a row used
    for values in found:
        remnant, names, number, parts = _head(toks, used + 1, values.start)
        used = values.end
        shared = bool(out) and not names and number is None  # may begin with the end of the row before's name
        if out:
            tails += _finish(out[-1], remnant, reasons)
            shared = shared and not out[-1].name_tail
            # a row that lost points and shows no reason yet, or one a full stop does not end: the pieces after
            # its values go on with its 偏差原因 (…顺延；下年度加快推进), not with the end of its name
            unexplained = reasons and _lost_points(out[-1]) and not (out[-1].reason or "").endswith("。")
            if shared and width is not None and not unexplained:
                tail, rest = _cell_end(parts, width, out[-1].name_toks)
                if _names_something(rest):  # 工单回访率 | values | 事项按时办结 | 率: no name is one character
                    _add_tail(out[-1], tail)
                    parts = rest
        if not shared:
            lines += [len(t.key) for t in parts[:-1] if kind(t) == "text"]
        text = joined(parts)
        if not _names_something(parts):
            continue  # a scrambled text layer: columns printed one after another, no name before the values
        l1, l2 = assign_levels(names, l1, l2)
        indicator = make_indicator(l1, l2, text, values.texts, parts[0], values.sources)
        indicator.number, indicator.name_toks = number, parts
        out.append(indicator)
    if out:
        tails += _finish(out[-1], toks[used + 1 : end], reasons)
    return out, tails, lines


def _names_something(parts: list[Tok]) -> bool:
    """The pieces before a row's values can be its name: two Chinese characters, not mostly numbers."""
    return bool(re.search(r"[\u4e00-\u9fff]{2}", joined(parts))) and \
        sum(1 for t in parts if is_number(t.raw)) * 2 <= len(parts)


def _cell_end(parts: list[Tok], width: int, before: list[Tok]) -> tuple[list[Tok], list[Tok]]:
    """(the end of the row before's name, this row's name) from the text pieces before this row's values;
    `before`: the row before's name pieces ahead of its values.

    A converter that breaks a cell's text into lines as wide as its column (`width`, the longest line a break
    ended elsewhere in the section; no piece is longer) ends a cell with a shorter line: the end of the name
    before is the pieces up to the first such line, and with none before the last piece all are this row's.
    Where the pieces are whole cells or halves of one (no width, or pieces longer than it), the values stood
    between the name's two parts: its end has as many pieces as it had before them."""
    text = 0
    while text < len(parts) - 1 and kind(parts[text]) == "text":
        text += 1
    if not text or not before:
        return [], parts
    if width and all(len(t.key) <= width for t in [*before, *parts] if kind(t) == "text"):
        cut = next((k + 1 for k in range(text) if len(parts[k].key) < width), 0)
    else:
        cut = min(len(before), text)
    return parts[:cut], parts[cut:]


def _head(toks: list[Tok], lo: int, hi: int) -> tuple[list[Tok], list[str], Tok | None, list[Tok]]:
    """(what is left of the row before, level names, ordinal, name pieces) of the pieces lo..hi-1 before a
    row's values. The name runs back from the values to a level name, an ordinal, a placeholder or the end of
    the sentence before it (a name may itself end with 。, or hold a dash: 6 - 8月); a short level word right
    after a piece of text or an ordinal is (part of) the name (监测点位 | 数量, 1. | 服务对象满意度)."""
    k = hi - 1
    parts: list[Tok] = []
    while k >= lo and _in_name(toks, lo, k, bool(parts)):
        parts.insert(0, toks[k])
        k -= 1
    number, parts = _without_row_number(parts)
    numbering = ("ordinal", "placeholder") if parts else ("ordinal",)  # 指标1： | 线路可用率 numbers its row
    if number is None and k >= lo and kind(toks[k]) in numbering and not is_dash(toks[k].raw):
        number = toks[k]
        k -= 1
    names: list[Tok] = []
    while k >= lo and kind(toks[k]) in ("level", "note"):
        if kind(toks[k]) == "level":
            names.insert(0, toks[k])
        k -= 1
    if number is None and k >= lo and kind(toks[k]) == "number" and is_row_number(toks[k].raw):
        number = toks[k]  # a 序号 column before the level names
        k -= 1
    if not parts and names and not is_proper_level(names[-1]):
        parts, names = [names[-1]], names[:-1]  # a 三级指标 called 满意度 looks like a level name
    return toks[lo : k + 1], [t.key for t in names], number, parts


def _in_name(toks: list[Tok], lo: int, k: int, inside: bool) -> bool:
    """Whether piece k belongs to the name read back from its row's values (`inside`: pieces of it follow)."""
    tok, what = toks[k], kind(toks[k])
    before = kind(toks[k - 1]) if k > lo else None
    if tok.label in STOP_IN_INDICATORS:
        return False
    if what == "text" and inside and _ends_sentence(tok):
        return False  # a line of the 偏差原因 before ending its sentence (…顺延至下年度完成。), not a name's
    if what in ("text", "number", "figure", "value"):
        return True
    if what == "stop":
        return tok.key not in SENTENCE_END or not inside  # the name's own 。, not the sentence before it
    if what == "dash":
        return inside and before in ("text", "number")  # 6 - 8月
    return what == "level" and not is_proper_level(tok) and before in ("text", "ordinal")


def _ends_sentence(tok: Tok) -> bool:
    """A piece that is a full stop or semicolon, or a line ending with a full stop (a converter may keep 。 on its
    line's end). A line ending with ；may end a clause inside a reason that goes on (…顺延；下年度加快推进)."""
    return tok.key in SENTENCE_END or (kind(tok) == "text" and tok.key.endswith("。"))


def _finish(indicator: Indicator, remnant: list[Tok], reasons: bool) -> int:
    """What follows a row's values up to the next row's names: its 偏差原因 (a sentence, a verdict such as
    无偏差, or words explaining the points a row lost), then the end of its name where the template broke the
    name over two rows (words after a row at full points that explain nothing). Returns 1 when it found the
    end of the name there, else 0."""
    text: list[Tok] = []
    for k, tok in enumerate(remnant):
        if kind(tok) in ("level", "ordinal", "placeholder", "dash") or (
                tok.label in STOP_IN_INDICATORS and not _inside_sentence(text, remnant[k + 1 :])):
            break  # a dash is a blank cell of a row that follows (an unused template row)
        if kind(tok) != "note":
            text.append(tok)
    if not text:
        return 0
    ends = [k for k, t in enumerate(text) if _ends_sentence(t)]
    if ends:
        reason, tail = text[: ends[-1] + 1], text[ends[-1] + 1 :]
    elif reasons and (_lost_points(indicator) or is_reason(text)):
        reason, tail = text, []
    else:
        reason, tail = [], text
    found = 0
    if tail and all(kind(t) == "text" for t in tail) and len(tail) <= 3:
        _add_tail(indicator, tail)
        found = 1
    elif tail:
        reason = text
    if reason and reasons and any(kind(t) != "stop" for t in reason):
        indicator.reason = (indicator.reason or "") + joined(reason)
    return found


def _inside_sentence(before: list[Tok], after: list[Tok]) -> bool:
    """A column label inside a 偏差原因 the converter broke at it (…设置 | 指标值 | 。): the sentence runs on
    before it and ends, through text only, within a few pieces after it."""
    if not before or kind(before[-1]) != "text":
        return False
    for tok in after[:3]:
        if _ends_sentence(tok):
            return True
        if kind(tok) not in ("text", "stop") or tok.label in STOP_IN_INDICATORS:
            return False
    return False


def _add_tail(indicator: Indicator, tail: list[Tok]) -> None:
    if tail:
        indicator.level3 += joined(tail)
        indicator.name_toks = indicator.name_toks + tail
        indicator.name_tail = True


def _lost_points(indicator: Indicator) -> bool:
    """A row scored below its 分值: it has a deviation for the 偏差原因 column to explain."""
    weight, score = read_number(indicator.weight_text), read_number(indicator.score_text)
    return weight is None or score is None or score < weight


def _without_row_number(parts: list[Tok]) -> tuple[Tok | None, list[Tok]]:
    """A numbered row's ordinal is no part of its name. A number the next piece counts ("13" | "个基站维护",
    "7" | "大产业链…") begins the name instead."""
    if len(parts) > 1 and is_row_number(parts[0].raw) and not _COUNTED_RE.match(parts[1].key):
        return parts[0], parts[1:]
    return None, parts


# A measure word or quantity after a number: the number is part of a name ("13个基站", "7大产业链").
_COUNTED_RE = re.compile(r"^[个大项家次名人年月日天类种所座条套台万亿千百余多批期轮场户件元小周%]")


# -- layouts without a 指标性质 column: rows found by their 分值/得分 -----------------------------------


def _points_rows(toks: list[Tok], roles: list[str]) -> list[RowValues]:
    """Each row's 分值 and 得分 (the last two of a run of plain numbers; a lone 分值 where the 得分 was left
    blank and the row ends), the values the header puts before them read leftwards, those after rightwards."""
    points_roles = [r for r in ("weight", "score") if r in roles]
    first_point = roles.index(points_roles[0])
    before = [r for r in roles[:first_point] if r in VALUE_ROLES]
    after = [r for r in roles[first_point:] if r in VALUE_ROLES]
    numbered = _numbered(toks)
    out: list[RowValues] = []
    lo = 0
    i = 0
    while i < len(toks):
        if kind(toks[i]) != "number":
            i += 1
            continue
        run = i
        while run + 1 < len(toks) and kind(toks[run + 1]) == "number":
            run += 1
        ordinal_next = run > i and numbered and run + 1 < len(toks) and kind(toks[run + 1]) in ("text", "level") \
            and _next_ordinal(toks, lo, i, run)
        if ordinal_next:
            run -= 1  # rows are numbered: the last number, before a name, is the next row's ordinal
        elif run == i and not _lone_points(toks, lo, i, after):
            i += 1  # a number inside the row (a target printed bare, an ordinal): the row's points follow
            continue
        count = min(len(points_roles), run - i + 1)
        values = RowValues(run - count + 1, run)
        values.sources.update(zip(points_roles if count == len(points_roles) else points_roles[:1],
                                  toks[run - count + 1 : run + 1]))
        texts = _read_before(toks, lo, values, before) | _read_after(toks, values, after)
        values.texts = {role: None for role in VALUE_ROLES}
        values.texts.update({role: tok.raw for role, tok in values.sources.items()})
        values.texts.update(texts)
        out.append(values)
        lo = values.end + 1
        i = lo
    return out


def _read_before(toks: list[Tok], lo: int, values: RowValues, before: list[str]) -> dict[str, str]:
    """The values the header puts before the points, read back from them (their text by role); a name piece
    is left for the row."""
    found: list[tuple[int, int, Tok | None]] = []
    j = values.start - 1
    while j >= lo and len(found) < len(before):
        value = value_back(toks, lo, j)
        if value is None or not _text_before(toks, lo, value[0]):
            break
        found.insert(0, (value[0], j, value[1]))
        j = value[0] - 1
    texts: dict[str, str] = {}
    for role, (first, last, figure) in zip(before, found):
        pieces = toks[first : last + 1]
        if kind(pieces[0]) != "dash":
            values.sources[role] = figure or pieces[0]
            texts[role] = joined(pieces)
    if found:
        values.start = found[0][0]
    return texts


def _text_before(toks: list[Tok], lo: int, k: int) -> bool:
    """Whether a name can still stand before piece k: some text since the row began."""
    return any(kind(t) in ("text", "level") for t in toks[lo:k])


def _read_after(toks: list[Tok], values: RowValues, after: list[str]) -> dict[str, str]:
    """The values the header puts after the points, read on from them (their text by role)."""
    texts: dict[str, str] = {}
    for role in after:
        value = value_at(toks, values.end + 1, len(toks))
        if value is None:
            break
        pieces = toks[values.end + 1 : value[0] + 1]
        values.sources[role] = value[1] or pieces[0]
        texts[role] = joined(pieces)
        values.end = value[0]
    return texts


def _starts_row(toks: list[Tok], lo: int, i: int) -> bool:
    """A bare number that counts rows: right after the row's level names (or at its start) before its name,
    or at its start before its level names (a 序号 column)."""
    before = [t for t in toks[lo:i] if kind(t) != "note"]
    if not is_row_number(toks[i].raw) or i + 1 >= len(toks):
        return False
    return (not before and kind(toks[i + 1]) in ("text", "level")) \
        or (bool(before) and kind(before[-1]) == "level" and kind(toks[i + 1]) == "text")


def _lone_points(toks: list[Tok], lo: int, i: int, after: list[str]) -> bool:
    """A lone number is the row's 分值 (its 得分 left blank) when what follows starts another row or ends
    the section (or, where the header puts values after the points, is such a value)."""
    if _starts_row(toks, lo, i):
        return False
    if i + 1 >= len(toks):
        return True
    if after:
        return value_at(toks, i + 1, len(toks)) is not None
    if kind(toks[i + 1]) in ("level", "ordinal", "placeholder"):
        return True
    # text after it that is neither its unit nor a set word: the next row's name
    return kind(toks[i + 1]) == "text" and not unit_at(toks, i + 1, len(toks)) and not word_run(toks, i + 1, len(toks))


def _numbered(toks: list[Tok]) -> bool:
    """The first row prints a bare ordinal (1, not 1.) before its name, after or before its level names: rows
    are numbered so, and a bare number after a row's points may be the next row's."""
    def bare_ordinal(k: int, before: str) -> bool:
        return k + 1 < len(toks) and kind(toks[k]) == "number" and is_row_number(toks[k].raw) \
            and kind(toks[k + 1]) == before

    k = 0
    while k < len(toks) and kind(toks[k]) == "note":
        k += 1
    if bare_ordinal(k, "level"):
        return True
    while k < len(toks) and kind(toks[k]) in ("level", "note"):
        k += 1
    return bare_ordinal(k, "text")


def _next_ordinal(toks: list[Tok], lo: int, run_start: int, last: int) -> bool:
    """The last number of a run is the next row's ordinal: this row's ordinal plus one, or 1 anew."""
    if not is_row_number(toks[last].raw):
        return False
    this = next((read_number(toks[k].raw) for k in range(lo, run_start)
                 if kind(toks[k]) == "number" and _starts_row(toks, lo, k)), None)
    return read_number(toks[last].raw) in (1.0, (this or 0) + 1)
