"""Whether an amount a sentence states is the department's.

A department figure (income_total, expense_project, …) is kept as such only when the sentence's subject is
the department or its totals. The words around the subject can make it something else's:
- a project ("智慧城市项目…一般公共预算财政拨款支出…", "该项目…", a paragraph under a project's title);
- another unit ("下属单位市数字政府服务中心…", "局本级…", a named 中心/站/所 that is not the department);
- another fund or a part of one ("政府性基金预算财政拨款项目支出", "政府性基金…支出，其中：项目支出…",
  the 政府性基金 section's own paragraphs);
- another year ("2022年一般公共预算财政拨款支出…" in a 2023 document; "上年…" is the prior year's figure).
Such an amount is kept as an unattributed figure (its name prefixed, the other subject's words beside it)
rather than guessed: nothing is lost, and nothing wrong reaches the department's figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.narrative.subjects import SUBJECT_PATTERNS, Subject

UNATTRIBUTED = "unattributed_"

# figures that add up every source of funds: a fund or 财政拨款 named before them makes them that fund's part
_ALL_SOURCES = {
    "income_total", "expense_total", "income_grand_total", "expense_grand_total", "expense_basic", "expense_project",
    "expense_upper", "expense_operating", "expense_affiliated_subsidy", "income_business", "income_operating",
    "income_other", "income_upper_subsidy", "income_affiliated", "income_carryover", "expense_carryover",
}
# the parts of a total, and the totals a "其中" list of them may hang from and still be the department's
_ALLOWED_PARENTS = {
    **{f: {"expense_total", "expense_grand_total"} for f in (
        "expense_basic", "expense_project", "expense_upper", "expense_operating", "expense_affiliated_subsidy")},
    **{f: {"income_total", "income_grand_total", "fiscal_income_expense_total", "income_fiscal"} for f in (
        "income_fiscal", "income_general_public_budget", "income_government_fund", "income_state_capital",
        "income_upper_subsidy", "income_business", "income_operating", "income_affiliated", "income_other")},
    **{f: {"expense_basic", "general_public_budget_basic", "expense_total", "expense_grand_total",
           "expense_general_public_budget", "fiscal_income_expense_total"}
       for f in ("personnel_expense", "public_expense")},
}
# bases that stand for money a project could be said to hold (procurement figures are about 采购项目 by nature)
_PROJECT_SENSITIVE = (
    "expense_", "income_", "fiscal_", "general_public_budget", "personnel_", "public_", "org_", "three_public_",
)

_PROJECT_RE = re.compile(
    r"(?:该|本|此|上述|这个)项目(?!支出)|项目名称"
    r"|(?P<name>[^\x00\s\d,;:。!?、()“”\"]{2,40}?)项目(?!支出|数|个数|共?\d|资金支出)"
)
_GENERIC_PROJECT_NAME_RE = re.compile(r"(?:个|等|类|级|各|些|多|的|所有|全部|重点|相关|其他)$")
_SUBORDINATE_RE = re.compile(
    r"(?:下属|所属|直属|局属|委属)(?:的)?(?P<all>各|全部|\d+\s*[家个所])?(?:预算)?(?:单位|机构|事业单位|部门)?"
    r"|二级(?:预算)?(?:单位|机构)"
)
# the department as a whole: its office together with its units ("局机关及二级机构", "本部门及所属单位")
_WHOLE_BEFORE_RE = re.compile(r"(?:及|和|与|含|包括|连同)(?:其)?$")
_OWN_LEVEL_RE = re.compile(r"[局委办厅部院]本级|机关本级|本级机关")
_SERVICE_UNIT = r"中心|站|(?<!研究)所(?!属|有|在|需|得|以)|队(?!伍)|院|馆|学校|医院|协会|学会|公司"
_ADMIN_UNIT = r"局|委员会|委(?!托|员)|办公室|办事处|厅|部(?!门|分|署)"
_NAMED_UNIT_RE = re.compile(rf"[\u4e00-\u9fa5]{{2,30}}?(?:{_SERVICE_UNIT}|{_ADMIN_UNIT})")
_SERVICE_UNIT_RE = re.compile(rf"(?:{_SERVICE_UNIT})$")
_NAME_LEAD_RE = re.compile(r"^(?:年度|年|本年度?|全年|当年|其中|截至|截止|另外|此外|同时|以及|及|和)+")
_COMPOSITION_RE = re.compile(r"包括|包含|由|组成|构成|含")
_SELF_WORDS = ("本部门", "本单位", "我局", "本局", "我单位", "我部门", "我委", "本委", "我办", "本办")

_FUND_WORDS_RE = re.compile(r"政府性基金|国有资本经营|非财政拨款|一般公共预算|财政拨款")
_OTHER_FUND_WORDS_RE = re.compile(r"政府性基金|国有资本经营|非财政拨款")
_YEAR_RE = re.compile(r"(?<![比较与同至止])(20\d\d)\s*年(?!\d{1,2}月)")
_PRIOR_RE = re.compile(r"(?<![比较与同])(?:上年度?|上一年度?|去年)(?!同期相比|相比|比|结转|结余)")
_DELIMITERS = ",;:。!?、"
# "其中：…", and a total followed by 中 ("一般公共预算财政拨款支出中，基本支出…") open a list of its parts
_LIST_OPENER_RE = re.compile(r"其中|(?<=[出入费额计])中(?=\s*[,:])")

_SECTION_FUNDS = (("政府性基金", "government_fund"), ("国有资本经营", "state_capital"))
_PROJECT_SECTION_RE = re.compile(r"项目(?:支出)?(?:概况|基本情况|绩效|自评|实施|决策|评价|资金使用|组织)")
_DEPARTMENT_SECTION_RE = re.compile(r"部门整体|整体支出|部门预算绩效|部门绩效")


@dataclass(frozen=True)
class Scope:
    """What a paragraph is about beyond its own sentences: the document's department and year, the section,
    the project it sits under, and the 其中 list it continues."""

    department: str | None = None
    fiscal_year: int | None = None
    section: str | None = None
    project: str | None = None
    inherited_parent: Subject | None = None  # a "其中：" list the paragraph before opened and did not close
    previous_subject: Subject | None = None  # the last subject the paragraph before named


@dataclass(frozen=True)
class Attribution:
    other: str | None = None  # the words naming what the amount is about, when that is not the department
    prior_year: bool = False  # "上年…" / the year before the document's: the prior year's figure


def attribute(text: str, sentence_start: int, subject: Subject, scope: Scope, clause_start: int | None = None,
              between: str = "") -> Attribution:
    """Is the subject named at subject.pos (in a paragraph's masked text) the department, for the document's year?

    A project names the topic of its whole sentence; a unit only the statements after it, so the search for
    one starts at `clause_start` (where the sentence's previous statement ended), or the sentence start.
    `between` are the words between the subject (or the previous amount) and the amount: a year or a fund
    printed there ("…，2023年决算数为900万元", "支出预算…，其中：财政拨款支出预算…") qualifies the amount as
    much as one printed before the subject."""
    bases = subject.bases
    subject_words = text[subject.pos : subject.end] or "/".join(bases)
    if subject.code is not None:
        return Attribution()  # a numbered 功能分类 line: its code says what it is about
    project = _project_named(text, sentence_start, subject.pos, bases, scope)
    if project:
        return Attribution(other=f"{project} › {subject_words}")
    unit = other_unit_named(text, clause_start or sentence_start, subject.pos, scope.department)
    if unit:
        return Attribution(other=f"{unit} › {subject_words}")
    prefix = _prefix(text, sentence_start, subject.pos)
    fund = _fund_qualifier(prefix, bases)
    if fund:
        return Attribution(other=f"{fund}{subject_words}")
    fund = _fund_qualifier(between, bases)
    if fund:
        return Attribution(other=f"{subject_words} › {fund}")
    parent = _list_parent(text, sentence_start, subject, scope)
    if parent is not None:
        parent_words = parent.words or "/".join(parent.bases)
        if not _parent_allows(parent, bases):
            return Attribution(other=f"{parent_words} › {subject_words}")
        # the parts of another unit's total are that unit's ("下属XX中心收入合计…，其中：财政拨款收入…")
        owner = (other_unit_named(text, _start_before(text, parent.pos), parent.pos, scope.department)
                 if parent.local else None)
        if owner:
            return Attribution(other=f"{owner} › {parent_words} › {subject_words}")
    section = _section_other(scope.section, bases)
    if section:
        return Attribution(other=f"{section} › {subject_words}")
    # the year printed nearest the amount dates it: "2024年度本年支出合计1000万元，2023年决算数为900万元"
    return _year(between if _years(between) or _PRIOR_RE.search(between) else prefix, scope.fiscal_year, subject_words)


def other_unit_named(text: str, start: int, pos: int, department: str | None) -> str | None:
    """The unit other than the department that the words between `start` and `pos` name last: a subordinate
    unit ("下属单位XX中心"), the office's own level ("局本级"), or, in the clause itself, a named 中心/站/所 (or a
    局/委 the department's name is not). A list of what the department is made of is the department."""
    lead = _unbracketed(text[start:pos])
    found: list[tuple[int, str]] = []
    for m in _SUBORDINATE_RE.finditer(lead):
        # "所属各预算单位", "下属1家机关和1家事业单位", "局机关及二级机构" and "本部门包括…下属…" are the
        # whole department, "下属单位XX中心" one of its units
        composition = _COMPOSITION_RE.search(lead[: m.start()][-12:])
        joined_to_office = _WHOLE_BEFORE_RE.search(lead[max(0, m.start() - 3) : m.start()])
        if not m.group("all") and not composition and not joined_to_office:
            found.append((m.start(), _unit_words(lead, m.start(), m.end())))
    found += [(m.start(), m.group(0)) for m in _OWN_LEVEL_RE.finditer(lead)]
    clause_start = max(lead.rfind(d) for d in _DELIMITERS + "\x00") + 1
    for m in _NAMED_UNIT_RE.finditer(lead, clause_start):
        name = _NAME_LEAD_RE.sub("", m.group(0))
        if len(name) < 3 or name in _SELF_WORDS or names_department(name, department):
            continue
        if _SERVICE_UNIT_RE.search(name) or department:
            found.append((m.start(), name))
    return max(found)[1] if found else None


def names_department(name: str, department: str | None) -> bool:
    """"区数据局" and "市经济和信息化局" name 岳阳市君山区数据局 and 泸州市经济和信息化局 (their own name without
    the place prefix, or part of it)."""
    if not department:
        return False
    return name in department or department in name


def named_subjects(text: str) -> list[Subject]:
    """Every subject named in `text`, left to right; where two overlap the longer wins."""
    found = []
    for pattern, bases in SUBJECT_PATTERNS:
        for m in pattern.finditer(text):
            found.append(Subject(bases, pos=m.start(), end=m.end(), words=m.group(0)))
    found.sort(key=lambda s: (s.pos, -(s.end - s.pos)))
    kept: list[Subject] = []
    for s in found:
        if kept and s.pos < kept[-1].end:
            if s.end - s.pos > kept[-1].end - kept[-1].pos:
                kept[-1] = s
            continue
        kept.append(s)
    return kept


def open_list_parent(text: str, sentence_starts: list[int], scope: Scope) -> Subject | None:
    """The total a paragraph's "其中" list hangs from, when the paragraph ends with the list still open (；, ：)."""
    if not text.rstrip().rstrip("”\"'").endswith((";", ":", "其中")):
        return None
    k = _last_list_opener(text, 0, len(text))
    if k < 0:
        return scope.inherited_parent
    sentence_start = max([s for s in sentence_starts if s <= k] or [0])
    return _total_before(text, sentence_start, k, scope)


def last_subject(text: str) -> Subject | None:
    subjects = named_subjects(text)
    return subjects[-1] if subjects else None


def project_title(text: str) -> str | None:
    """A paragraph that is only a project's name ("（一）数字乡村建设项目", "项目名称：…"): what follows is about it."""
    body = re.sub(r"^\s*(?:\d{1,2}\s*[.、]|\(\s*[\d一二三四五六七八九十]{1,3}\s*\)|[一二三四五六七八九十]{1,3}\s*、)", "", text)
    body = body.strip().rstrip("。:")
    if len(body) > 40 or re.search(r"\d+(?:\.\d+)?\s*(?:万元|元|%)", body):
        return None
    if body.startswith("项目名称"):
        return body
    m = _PROJECT_RE.search(body)
    if m and m.end() == len(body) and m.group("name") and not _GENERIC_PROJECT_NAME_RE.search(m.group("name")):
        return body
    return None


# "统计数据质量核查项目绩效自评报告": the title of one project's report. Where a conversion glues it to the report's
# first paragraph it is no heading of its own, so it is read at the start of a paragraph.
_PROJECT_REPORT_RE = re.compile(r"^\s*(?P<name>[^\x00\s,;:。!?、“”\"]{2,40}?项目)(?:支出)?绩效(?:自评|评价)报告")


def project_report(text: str) -> str | None:
    """The project whose own report starts with this paragraph; what follows is about it, not the department."""
    m = _PROJECT_REPORT_RE.match(text)
    if m and not _DEPARTMENT_SECTION_RE.search(m.group(0)) and not _GENERIC_PROJECT_NAME_RE.search(m.group("name")[:-2]):
        return m.group("name")
    return None


def section_project(section: str | None) -> str | None:
    """A section about a project (项目概况, 项目绩效自评 …), not about the department as a whole."""
    if section and _PROJECT_SECTION_RE.search(section) and not _DEPARTMENT_SECTION_RE.search(section):
        return section
    return None


# -- the checks ---------------------------------------------------------------------------------------------


def _project_named(text: str, sentence_start: int, pos: int, bases: tuple[str, ...], scope: Scope) -> str | None:
    if not any(b.startswith(_PROJECT_SENSITIVE) for b in bases):
        return None
    if scope.project:
        return scope.project
    for m in _PROJECT_RE.finditer(text, sentence_start, pos):
        name = m.group("name")
        if name is None or not _GENERIC_PROJECT_NAME_RE.search(name):
            return m.group(0)
    return None


def _prefix(text: str, sentence_start: int, pos: int) -> str:
    """The words of the subject's own clause before it ("2024年度，乐山市数据局|政府采购支出总额")."""
    start = max([sentence_start - 1] + [text.rfind(d, sentence_start, pos) for d in _DELIMITERS]) + 1
    return text[start:pos]


def _fund_qualifier(prefix: str, bases: tuple[str, ...]) -> str | None:
    words = _unbracketed(prefix).replace("\x00", "")
    if any(b in _ALL_SOURCES for b in bases):
        m = list(_FUND_WORDS_RE.finditer(words))
        return words[m[0].start() :].strip() if m else None
    if any("government_fund" in b or "state_capital" in b for b in bases):
        return None
    m = list(_OTHER_FUND_WORDS_RE.finditer(words))
    return words[m[0].start() :].strip() if m else None


def _list_parent(text: str, sentence_start: int, subject: Subject, scope: Scope) -> Subject | None:
    """The total the subject is listed under: the one named before the "其中" of its sentence (or the sentence
    before, when 其中 opens it), or the list the paragraph before left open."""
    if not any(b in _ALLOWED_PARENTS for b in subject.bases):
        return None
    k = _last_list_opener(text, sentence_start, subject.pos)
    if k < 0:
        return scope.inherited_parent if sentence_start == 0 else None
    return _total_before(text, sentence_start, k, scope)


def _last_list_opener(text: str, start: int, end: int) -> int:
    """Where the last "其中" (or "…支出中，") between start and end opens a list of parts; -1 where none does."""
    openers = [m.start() for m in _LIST_OPENER_RE.finditer(text, start, end)]
    return openers[-1] if openers else -1


def _total_before(text: str, sentence_start: int, k: int, scope: Scope) -> Subject | None:
    """The subject named before the 其中 at k in its sentence; when 其中 opens the sentence, the last one the
    sentence (or paragraph) before named. None where nothing recognisable is named: the list is not judged."""
    if text[sentence_start:k].strip(" ,:\x00"):
        before = [s for s in named_subjects(text[:k]) if s.pos >= sentence_start]
        return _local(before[-1]) if before else None
    before = named_subjects(text[:sentence_start])
    if before:
        return _local(before[-1])
    return scope.previous_subject if sentence_start == 0 else None


def _local(subject: Subject) -> Subject:
    """A subject named in the paragraph at hand (its position can be read there)."""
    return Subject(subject.bases, pos=subject.pos, end=subject.end, words=subject.words, local=True)


def _start_before(text: str, pos: int) -> int:
    """Where the sentence holding `pos` starts."""
    return max(text.rfind(stop, 0, pos) for stop in "。!?") + 1


def _parent_allows(parent: Subject, bases: tuple[str, ...]) -> bool:
    return any(set(parent.bases) & _ALLOWED_PARENTS.get(b, set(parent.bases)) for b in bases)


def _section_other(section: str | None, bases: tuple[str, ...]) -> str | None:
    """A 政府性基金 / 国有资本经营 section speaks of that fund; a 一般公共预算 section's 基本支出/项目支出 are
    that budget's, not the department's across all sources."""
    if not section:
        return None
    title = section.split(" › ")[-1]
    funds = [key for words, key in _SECTION_FUNDS if words in title]
    if funds and not any(key in b for key in funds for b in bases):
        return title
    if "一般公共预算" in title and any(b in _ALL_SOURCES for b in bases):
        return title
    return None


def _year(prefix: str, fiscal_year: int | None, subject_words: str) -> Attribution:
    words = _unbracketed(prefix)
    if _PRIOR_RE.search(words):
        return Attribution(prior_year=True)
    if fiscal_year is None:
        return Attribution()
    years = _years(words)
    if not years or fiscal_year in years:
        return Attribution()
    if years == {fiscal_year - 1}:
        return Attribution(prior_year=True)
    return Attribution(other=f"{min(years)}年 › {subject_words}")


def _years(words: str) -> set[int]:
    return {int(y) for y in _YEAR_RE.findall(_unbracketed(words))}


def _unbracketed(text: str) -> str:
    """Text with bracketed asides blanked ("区数据局（区行政审批服务局）": an alias, not another unit)."""
    return re.sub(r"\([^()]*\)", lambda m: "\x00" * len(m.group(0)), text)


def _unit_words(lead: str, start: int, end: int) -> str:
    tail = re.match(r"[^\x00,;:。!?、]{0,20}?(?:" + _SERVICE_UNIT + "|" + _ADMIN_UNIT + ")", lead[end:])
    return lead[start : end + (tail.end() if tail else 0)]
