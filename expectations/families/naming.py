"""What the text says the document is (warning): the year, the department and the kind its headings and titles name,
the years its comparisons and "本年/上年" name, its 截至 dates, and template placeholders left in it.

A 部门决算 of 2024 names 2024 in its headings, compares with 2023, counts vehicles 截至2024年12月31日, is titled
as a 决算 and as its department; a 部门预算 of 2025 compares with 2024 and counts 截至 a date of 2024 or 2025.
Project names ("2023年1+3+N信息互联互通平台…") carry their own years and are not read as the document's."""

from __future__ import annotations

import re

from expectations.base import Rule
from expectations.families.prose import finding, frame, quote, sentences, where, with_passes
from ingestion.text.normalise import fold

HEADINGS = ("heading", "toc", "title")

# a year naming the document's period: "2024年度部门决算", "2024年部门预算", "（2024年度）", "2024年度整体支出绩效"
# ("2025年预算单位收入预算总表", "2025年部门支出预算总表": a budget's table titles name its year the same way)
PERIOD_RE = re.compile(r"(20\d\d)\s*年度?\s*(?:(?:区级|市级|县级|省级)?(?:部门|单位)\s*(?:决算|预算)|(?:部门)?整体支出绩效"
                       r"|(?:决算|预算)(?:公开|情况说明|表)|(?:部门|预算单位|单位)[^,，。;；]{0,24}?(?:决算|预算)(?:总)?表"
                       r"|\))|\(\s*(20\d\d)\s*年度?\s*\)")
# "本年（2023年）", "上年度（2022年）"
NAMED_YEAR_RE = re.compile(r"(本年度?|当年|今年|上年度?|上一年度?|去年)\s*\(\s*(20\d\d)\s*年?度?\s*\)")
# "与2023年度相比", "比2023年预算增加", "较2023年度减少"
COMPARED_YEAR_RE = re.compile(r"(?:与|比|较|同)\s*(20\d\d)\s*年度?\s*(?:[^，,。；;\d]{0,12}?)(?:相比|相较|对比|增加|增长|减少|下降|持平|"
                              r"基本持平|相同|一致|上升|降低)")
FISCAL_RE = re.compile(r"支出|收入|经费|预算|决算|拨款|费用|资金")
# "2023年度收入、支出总计均为…" in a 2024 决算: the year a sentence gives its own figures (a month after it makes it a
# date of an event, "2021年11月通过…"; a comparison or 上年 before the first amount makes them another year's)
LEADING_YEAR_RE = re.compile(r"^\s*(20\d\d)\s*年度?\s*[，,]?\s*(?!\d|\s*\d{1,2}\s*月)")
CURRENT_FIGURES_RE = re.compile(r"本年|(?:收入|支出)(?:合计|总计)|决算|财政拨款")
OTHER_YEAR_RE = re.compile(r"比|较|相比|上年|去年|同期|以前|往年")
# "截至2024年12月31日", "截止2024年末"
AS_OF_RE = re.compile(r"截[至止]\s*(?:到)?\s*(20\d\d)\s*年\s*(?:(\d{1,2})\s*月|(末|底|年末|年底))?")
PLACEHOLDER_RE = re.compile(r"[XＸ×]{2,}|某某|\*{3,}|[（(]\s*(?:单位|部门)名称\s*[)）]")
# "第一部分 XX局概况", "XX局2024年度部门决算", "部门名称：XX局", "编制单位：XX局", "XX局关于…的报告"
ORG = r"[\u4e00-\u9fff（）()“”]{2,40}?(?:委员会|办公室|办事处|管理局|局|委|办|厅|部|中心|院|所|站|队|馆|政府|街道|会|处|社|室|公司|集团)"
NAMED_ORG_RES = [
    re.compile(rf"(?:部门|单位|预算主管部门|预算单位|编制部门|编制单位)(?:名称)?\s*[:：]\s*({ORG})(?=\s|20\d\d|单位|$|[:：,，])"),
    re.compile(rf"^(?:第[一二三四五六七八九十]+部分|附件\s*\d*\s*[:：]?)?\s*({ORG})(?=20\d\d\s*年|概况|关于|整体支出|部门(?:决算|预算)|单位(?:决算|预算)|\s*$)"),
]
SUBORDINATES_RE = re.compile(r"下属|所属|二级|编制范围|单位构成|包括|内设|下设")


def _year_findings(sentence: dict, doc: dict, year: int, expected: set[int], what: str) -> dict:
    names = "、".join(str(y) for y in sorted(expected))
    return finding(sentence, year in expected,
                   f"“{quote(sentence['text'])}” ({where(sentence)}) names {year} as {what}; the document is "
                   f"{doc.get('department_name') or ''}'s {doc.get('fiscal_year')} {doc.get('doc_kind')}: it should name {names}",
                   observed=float(year), expected=float(min(expected, key=lambda y: abs(y - year))))


def _years_named(t):
    rows = []
    for sentence, doc in sentences(t):
        fy = doc.get("fiscal_year")
        if not fy:
            continue
        text = fold(sentence["text"])
        if sentence["kind"] in HEADINGS:
            for m in PERIOD_RE.finditer(text):
                year = int(m.group(1) or m.group(2))
                rows.append(_year_findings(sentence, doc, year, {fy}, "the period of the document"))
        lead = LEADING_YEAR_RE.match(text) if sentence["kind"] == "sentence" and doc.get("doc_kind") != "budget" else None
        if lead and int(lead.group(1)) != fy:
            first_amount = re.search(r"\d[\d,.]*\s*万元", text)
            before = text[: first_amount.start()] if first_amount else ""
            if first_amount and CURRENT_FIGURES_RE.search(before) and not OTHER_YEAR_RE.search(before):
                rows.append(_year_findings(sentence, doc, int(lead.group(1)), {fy}, "the year of the figures it states"))
        for m in NAMED_YEAR_RE.finditer(text):
            prior = m.group(1).startswith(("上", "去"))
            rows.append(_year_findings(sentence, doc, int(m.group(2)), {fy - 1} if prior else {fy}, m.group(1)))
        if sentence["kind"] == "sentence" and FISCAL_RE.search(text):
            for m in COMPARED_YEAR_RE.finditer(text):
                # a budget prepared in the year before may compare with the last 决算 there is, two years back
                expected = {fy - 1, fy - 2} if doc.get("doc_kind") == "budget" and "决算" in m.group(0) else {fy - 1}
                rows.append(_year_findings(sentence, doc, int(m.group(1)), expected, "the year compared with"))
    return frame(rows)


def _as_of_dates(t):
    rows = []
    for sentence, doc in sentences(t, ("sentence", "cell", "title")):
        fy = doc.get("fiscal_year")
        if not fy:
            continue
        for m in AS_OF_RE.finditer(fold(sentence["text"])):
            year = int(m.group(1))
            # a budget is prepared in the year before the one it is for; its counts are as of that year
            allowed = {fy - 1, fy} if doc.get("doc_kind") == "budget" else {fy}
            rows.append(finding(sentence, year in allowed,
                                f"“{quote(sentence['text'])}” ({where(sentence)}) counts {m.group(0)}, outside the "
                                f"document's year {fy}: it should be 截至{max(allowed)}年12月31日 (or a date within {fy})",
                                observed=float(year), expected=float(max(allowed))))
    return frame(rows)


def place_prefix(department: str) -> str:
    """The place names a department's name starts with (上海市普陀区财政局 → 上海市普陀区, 泸州市经济和信息化局 → 泸州市):
    up to the last 省/市/州/县/区/旗 among its first characters that is not the 区委/市委 of a party organ."""
    cut = 0
    for i, ch in enumerate(department[:14]):
        if ch in "省市州县区旗盟" and i + 2 < len(department) and department[i + 1] != "委":
            cut = i + 1
    return department[:cut]


def _short_forms(department: str) -> set[str]:
    """The department's name and the shorter forms a document uses for itself (乐山市数据局 → 市数据局, 数据局)."""
    forms = {department}
    core = department[len(place_prefix(department)):]
    if core and core != department:
        forms |= {core, "市" + core, "区" + core, "县" + core, "州" + core, "省" + core}
    return forms


def _names_department(name: str, department: str, subordinates: str) -> bool:
    name = re.sub(r"\s", "", name)
    if any(form in name or name in form for form in _short_forms(department) if len(form) >= 2):
        return True
    # a unit the document lists as its own (下属 / 编制范围 …) may head its own annex
    return len(name) >= 4 and name in subordinates


def _department_named(t):
    rows = []
    subordinates: dict[str, str] = {}
    for sentence, _ in sentences(t, ("sentence", "cell")):  # what the prose lists, not what a title claims
        if SUBORDINATES_RE.search(sentence["text"]):
            subordinates[sentence["document_id"]] = subordinates.get(sentence["document_id"], "") + sentence["text"]
    for sentence, doc in sentences(t, HEADINGS):
        department = doc.get("department_name")
        if not department:
            continue
        text = fold(sentence["text"]).strip()
        for pattern in NAMED_ORG_RES:
            for m in pattern.finditer(text):
                name = m.group(1)
                if PLACEHOLDER_RE.search(name):
                    continue  # the placeholder rule reports it
                ok = _names_department(name, department, subordinates.get(sentence["document_id"], ""))
                rows.append(finding(sentence, ok, f"“{quote(sentence['text'])}” ({where(sentence)}) names “{name}”; the "
                                    f"document is {department}'s: it should name {department}"))
    return frame(rows)


KIND_WORDS = {"final_accounts": "决算", "budget": "预算"}
# "2024年度部门决算", "部门预算表", "单位决算公开": the kind a title claims (预算绩效, 预算执行 are no kind)
KIND_RE = re.compile(r"(?:部门|单位)\s*(决算|预算)(?![^，,。；;]{0,4}(?:绩效|执行|项目|管理|资金|批复|安排|主管)|单位)")


def _kind_named(t):
    rows = []
    for sentence, doc in sentences(t, HEADINGS):
        kind = doc.get("doc_kind")
        if kind not in KIND_WORDS:
            continue
        for m in KIND_RE.finditer(fold(sentence["text"])):
            ok = m.group(1) == KIND_WORDS[kind]
            rows.append(finding(sentence, ok, f"“{quote(sentence['text'])}” ({where(sentence)}) calls the document "
                                f"{m.group(0)}; it is a {KIND_WORDS[kind]} ({kind}): it should say "
                                f"{m.group(0).replace(m.group(1), KIND_WORDS[kind])}"))
    return frame(rows)


def _placeholders(t):
    rows = []
    for sentence, doc in sentences(t):
        m = PLACEHOLDER_RE.search(fold(sentence["text"]))
        if m:
            rows.append(finding(sentence, False, f"“{quote(sentence['text'])}” ({where(sentence)}) still prints the "
                                f"template's placeholder “{m.group(0)}”: it should print the real name or figure "
                                f"(the department is {doc.get('department_name')})"))
    return frame(with_passes(t, rows, "template placeholders"))


TEXT = ("sentences", "documents")

RULES = [
    Rule("text.years_named", "warning", "标题中的年度、“本年/上年”所指年度、比较年度应与文档年度一致",
         "The years headings and titles give as the document's period, the years “本年/上年” name and the year a change is "
         "compared with agree with the document's fiscal year (the previous year for comparisons)", "exact", _years_named,
         "true", inputs=TEXT),
    Rule("text.as_of_date", "warning", "“截至”日期应在文档年度内（预算文档可为编制年度）",
         "A 截至 date lies in the document's fiscal year (for a budget, the year it is prepared in or the budget year)",
         "exact", _as_of_dates, "true", inputs=TEXT),
    Rule("text.department_named", "warning", "标题、表头中出现的部门名称应为本文档的部门（或其所列下属单位）",
         "The department a heading or title names (第一部分 XX概况, 部门名称：XX, XX2024年度部门决算) is the document's, or a "
         "unit the document lists as its own", "exact", _department_named, "true", inputs=TEXT),
    Rule("text.kind_named", "warning", "标题中所称文档类型（部门决算/部门预算）应与文档类型一致",
         "What headings and titles call the document (部门决算 / 部门预算) is what it is", "exact", _kind_named, "true",
         inputs=TEXT),
    Rule("text.placeholder_left", "warning", "正式公开文档中不应残留模板占位符（XX局、XXX万元、某某）",
         "A published document prints no template placeholder (XX局, XXX万元, 某某)", "exact", _placeholders, "true",
         inputs=TEXT),
]
