"""Who published a document, for which year, and what kind of disclosure it is.

The department is the full name the document prints for itself, place prefix included (上海市普陀区规划和自然
资源局, 中共上海市普陀区委社会工作部): a region is later read from that prefix, so a fragment of the name
("资源局") would place the document in the wrong county. It is read, in order of trust, from
- the cover's title, "<name><year>年度部门决算" (or "<year>年度<name>整体支出绩效自评报告"), the lines a cover
  splits it over joined back ("中共上海市普陀区委" / "社会工作部2024年度" / "部门决算");
- a name field on the cover ("预算主管部门：…", "预算单位：…");
- such a title further on (the first page of an annex or part), then a name field anywhere
  ("编制部门：…" above each table);
- the organisation the prose names most often.
`find_department` returns where it was read (the printed line or lines, page, line), so a check can confirm the
stored name is printed there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingestion.records import Block
from ingestion.text.normalise import compact

_ORG_SUFFIX = (
    r"(?:局|委员会|委|办公室|办事处|办|厅|部|院|中心|所|站|队|会|馆|署|处|社|团|园|校|大学|政府|街道|镇|乡|公司|台|场)"
)
_NAME = rf"[\u4e00-\u9fa5()XＸ×]{{1,40}}?{_ORG_SUFFIX}"
_TITLE_TAIL = (
    r"(?:区级|市级|省级|县级)?(?:部门|单位)?(?:决算|预算|整体支出绩效|部门整体支出绩效|项目支出绩效|绩效|整体支出)"
)
_NAME_THEN_YEAR_RE = re.compile(rf"^(?P<name>(?:中共)?{_NAME})(?P<year>20\d\d)年度?{_TITLE_TAIL}")
_YEAR_THEN_NAME_RE = re.compile(rf"^(?P<year>20\d\d)年度?(?P<name>(?:中共)?{_NAME}){_TITLE_TAIL}")
# a cover that prints the title first and the name under it: "2024年度部门决算" / "上海市…局"
_TITLE_THEN_NAME_RE = re.compile(
    rf"^(?P<year>20\d\d)年度?(?:区级|市级|省级|县级)?(?:部门|单位)(?:决算|预算)(?:公开)?(?P<name>(?:中共)?{_NAME})$"
)
_TITLE_RES = (_NAME_THEN_YEAR_RE, _YEAR_THEN_NAME_RE, _TITLE_THEN_NAME_RE)
_FIELD_RE = re.compile(
    r"(?:预算主管部门|主管部门|预算单位|部门\(单位\)名称|部门名称|单位名称|编制部门|编制单位|填报单位|报送单位)[:：]"
    rf"(?P<name>(?:中共)?{_NAME})(?=$|单位[:：]|金额|20\d\d|[:：,，(（])"
)
_ORG_RE = re.compile(r"((?:中共)?[\u4e00-\u9fa5]{2,24}?" + _ORG_SUFFIX + r")(?=[^\u4e00-\u9fa5]|$|20\d\d|[（(]|下属|是|为|的|主要|部门|单位|决算|预算|年度|整体|\s)")
# "第二部分", "附件2：" before a title are its place in the document, not its words
# a name that opens with its place (or 中共): complete, not the tail of one a cover split over lines
_PLACE_START_RE = re.compile(r"^(?:中共)?[\u4e00-\u9fa5]{1,10}?(?:省|自治区|自治州|市|州|地区|盟|区|县|旗)")
_PART_HEADING = r"第[一二三四五六七八九十]+部分"
_PART_RE = re.compile(rf"^(?:{_PART_HEADING}|附件[\d一二三四五六七八九十]*[:：]?)+")
_TOC_RE = re.compile(r"^目录$")
_YEAR_RE = re.compile(r"(20\d\d)\s*年度?")
_MARKUP_RE = re.compile(r"<[^>]+>")

COVER_LINES = 12  # a cover prints its title within its first lines, before the table of contents
TITLE_SEARCH_LINES = 4000  # a title further on: an annex's or a part's first page
SPLIT_LINES = 4  # a cover title split over at most this many lines
_SPLIT_LINE_CHARS = 40  # longer lines are prose, not pieces of a title


@dataclass(frozen=True)
class DepartmentEvidence:
    name: str
    printed: str  # the line (or the cover lines joined) the name was read from, without spaces
    page: int | None
    line_no: int
    source: str  # cover_title, cover_field, title, name_field, prose


@dataclass(frozen=True)
class _Line:
    text: str  # compacted, width-folded, markup and "第X部分" dropped
    page: int | None
    line_no: int


def _lines(blocks: list[Block], limit: int) -> list[_Line]:
    out = []
    for block in blocks[:limit]:
        text = _PART_RE.sub("", compact(_MARKUP_RE.sub("", block.text)))
        if text:
            out.append(_Line(text, block.page, block.line_no))
    return out


def _texts(blocks: list[Block], limit: int) -> list[str]:
    return [line.text for line in _lines(blocks, limit)]


def find_department(blocks: list[Block]) -> DepartmentEvidence | None:
    lines = _lines(blocks, TITLE_SEARCH_LINES)
    cover = _cover(lines)
    return (
        _title_in(cover, "cover_title")
        or _field_in(cover, "cover_field")
        or _title_in(lines, "title")
        or _most_common_field(lines)
        or _most_named_in_prose(lines)
    )


def detect_department(blocks: list[Block]) -> str | None:
    evidence = find_department(blocks)
    return evidence.name if evidence else None


def _cover(lines: list[_Line]) -> list[_Line]:
    """The first lines, up to the table of contents, on the first page that prints any text."""
    first_page = lines[0].page if lines else None
    cover = []
    for line in lines[:COVER_LINES]:
        if _TOC_RE.match(line.text) or (first_page is not None and line.page != first_page):
            break
        cover.append(line)
    return cover


def _title_in(lines: list[_Line], source: str) -> DepartmentEvidence | None:
    """The first title naming its publisher, on one line or on up to SPLIT_LINES short lines joined.

    Read from each line back: the fewest lines that give a complete name (one that opens with its place, or
    中共), so "上海市普陀区规划和自然" / "资源局" / "2024年度部门决算" is one name and a unit's cover that prints
    its bureau above its own name ("乐山市数据局" / "乐山市大数据中心" / "2024年度单位决算") is the unit's."""
    for end in range(len(lines)):
        matches = []
        for width in range(1, min(SPLIT_LINES, end + 1) + 1):
            window = lines[end - width + 1 : end + 1]
            if width > 1 and any(len(w.text) > _SPLIT_LINE_CHARS for w in window):
                break
            joined = "".join(w.text for w in window)
            match = next((m for m in (r.match(joined) for r in _TITLE_RES) if m), None)
            if match and _is_name(match.group("name")):
                matches.append((match.group("name"), joined, window[0]))
        if matches:
            name, joined, first = next((m for m in matches if _PLACE_START_RE.match(m[0])), matches[0])
            return DepartmentEvidence(name, joined, first.page, first.line_no, source)
    return None


def _field_in(lines: list[_Line], source: str) -> DepartmentEvidence | None:
    for line in lines:
        match = _FIELD_RE.search(line.text)
        if match and _is_name(match.group("name")):
            return DepartmentEvidence(match.group("name"), line.text, line.page, line.line_no, source)
    return None


def _most_common_field(lines: list[_Line]) -> DepartmentEvidence | None:
    """"编制部门：…" above every table: the name printed most often (a unit's form may name another)."""
    fields = ((_FIELD_RE.search(line.text), line) for line in lines)
    found = [(m.group("name"), line) for m, line in fields if m and _is_name(m.group("name"))]
    if not found:
        return None
    name, _ = Counter(n for n, _ in found).most_common(1)[0]
    line = next(line for n, line in found if n == name)
    return DepartmentEvidence(name, line.text, line.page, line.line_no, "name_field")


def _most_named_in_prose(lines: list[_Line]) -> DepartmentEvidence | None:
    counts = Counter(m for line in lines[:300] for m in _ORG_RE.findall(line.text))
    for name, _ in counts.most_common(5):
        if not name.startswith(("本部门", "本单位", "部门", "单位", "主管")):
            line = next(line for line in lines if name in line.text)
            return DepartmentEvidence(name, line.text, line.page, line.line_no, "prose")
    return None


def _is_name(name: str) -> bool:
    return len(name) >= 3 and not name.startswith(("本部门", "本单位", "部门", "单位", "主管"))


# "第二部分 2023年度部门决算情况说明": a part of the body, not the cover's title
_BODY_PART_RE = re.compile(rf"^{_PART_HEADING}")
# the body's numbered headings name what they explain: "一、收入支出决算总体情况说明", "（二）支出预算情况"
_NUMBERED_HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")


def _title_lines(blocks: list[Block]) -> tuple[str, str]:
    """The first lines: those before the first part heading (a cover's title), and all of them."""
    cover, lines, in_body = [], [], False
    for block in blocks[:8]:
        printed = compact(_MARKUP_RE.sub("", block.text))
        in_body = in_body or bool(_BODY_PART_RE.match(printed))
        text = _PART_RE.sub("", printed)
        lines.append(text)
        if not in_body:
            cover.append(text)
    return "".join(cover), "".join(lines)


def _headings_kind(blocks: list[Block]) -> str | None:
    """The kind the body's numbered headings explain, where at least two say so and more say it than the other."""
    counts = {"决算": 0, "预算": 0}
    for text in _texts(blocks, 120):
        if _NUMBERED_HEADING_RE.match(text) and len(text) <= 30:
            for word in counts:
                counts[word] += word in text.replace("预决算", "")
    word = max(counts, key=counts.get)
    if counts[word] >= 2 and counts[word] > min(counts.values()):
        return "final_accounts" if word == "决算" else "budget"
    return None


def detect_doc_kind(blocks: list[Block]) -> str:
    cover, title = _title_lines(blocks)
    if "绩效" in title and ("自评" in title or "评价" in title) and "决算" not in title:
        return "performance_self_evaluation"
    # the document names itself in its cover's title (2025年部门预算): that decides before the words of its prose,
    # where a budget's 部门职能 may well mention 预决算
    named = _SCOPE_RE.search(cover)
    if named:
        return _kind_of(named)
    # no cover: its first part heading names the kind ("第二部分 2023年度部门决算情况说明"), unless the numbered
    # headings under it explain the other kind: one misnamed part heading does not outweigh the body
    named = _SCOPE_RE.search(title)
    if named:
        return _headings_kind(blocks) or _kind_of(named)
    head = "".join(_texts(blocks, 60))
    if "决算" in head:
        return "final_accounts"
    if "绩效自评" in head or "绩效评价" in head:
        return "performance_self_evaluation"
    if "预算" in head:
        return "budget"
    return "other"


_SCOPE_RE = re.compile(r"(部门|单位)(?:预算|决算)")


def _kind_of(named: re.Match) -> str:
    return "final_accounts" if named.group(0).endswith("决算") else "budget"


def detect_scope(blocks: list[Block]) -> str | None:
    """Whose accounts the document gives: a 部门预算/决算 covers the 预算主管部门 with its units (`department`), a
    单位预算/决算 one unit (`unit`). Read from the title lines first, where the document names itself."""
    for limit in (8, 60):
        match = _SCOPE_RE.search("".join(_texts(blocks, limit)))
        if match:
            return "department" if match.group(1) == "部门" else "unit"
    return None


def detect_fiscal_year(blocks: list[Block]) -> int | None:
    texts = _texts(blocks, 80)
    for text in texts:
        match = re.search(r"(20\d\d)年度?(?:区级|市级|省级|县级)?(?:部门|单位)?(?:决算|预算|整体|项目|部门整体)", text)
        if match:
            return int(match.group(1))
    years = Counter(int(m) for t in _texts(blocks, 400) for m in _YEAR_RE.findall(t))
    return years.most_common(1)[0][0] if years else None
