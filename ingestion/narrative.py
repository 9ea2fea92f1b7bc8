"""Figures stated in the prose of a 部门决算 (情况说明), extracted from the block stream.

Two steps:

1. Text reconstruction. Text lines (and one-cell table rows) are re-joined into paragraphs
   ("units"): converters split sentences over many short lines, PDF lines wrap mid-sentence. A line
   is glued to the previous one unless the previous one ends a sentence (。；！？), is a heading,
   or the new line is a heading or a list item ("1." "（一）" "一、"). Table-of-contents entries
   (headings with a trailing page number) are dropped, the current 一、… section heading is
   tracked, and each paragraph keeps the page (PDF) / line number (text) of every line it joined.

2. Figure extraction. Amounts (a number with 万元/元/%/辆/人次 …) are found in each paragraph;
   the words before an amount name its subject (本年收入合计, 基本支出, “三公”经费 …, a numbered
   （类）（款）（项） line or a 类 name), followed by a qualifier (决算, 年初预算, 全年预算) or
   preceded by a relation (占…%, 完成预算…%, 比上年增加/减少…). An amount whose words name no
   subject takes the subject of the amount before it in the same paragraph, but only when the
   words in between are filler (比上年度, 支出决算为 …). Reason clauses (主要原因是…) and purpose
   clauses (主要用于…) are masked so that the amounts they quote create no facts.

A figure stated again with the same value (a summary, the performance report, a chart legend)
is kept with is_restatement=True. Chart captions ("图2：收入决算结构图 … 1636.45, 78%") never
create a fact of their own: a caption figure is kept only when it restates one already found.

Figure names are the warehouse's (shared/MARTS.md): a base figure (income_total,
expense_basic, three_public_reception, functional_expense …) and its derived statements
`<figure>_share_pct` (占…%), `<figure>_completion_pct` (完成预算…%), `<figure>_yoy_change`
(signed 万元: 减少/下降 → negative), `<figure>_yoy_pct`, `<figure>_prior_year` (比上年的…),
`<figure>_budget` (预算/全年预算) and `<figure>_budget_initial` (年初预算). The 三公 total is
named three_public_actual_total / three_public_budget_total / three_public_completion_pct /
three_public_yoy_change / three_public_prior_year_actual_total. functional_expense (numbered
（类）（款）（项） lines) and general_public_budget_class_expense (一般公共服务支出…万元) carry the
功能分类 code in subject_code. Counts (辆, 个, 批次, 人次, 台（套）, 分) have no value_wan.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ingestion.classification import lookup_class_code, lookup_functional_code
from ingestion.numbers import to_wan
from ingestion.records import Block, NarrativeFigure

MONEY_UNITS = ("万元", "亿元", "千元", "元")
_CN = "一二三四五六七八九十"

# --------------------------------------------------------------------------------------------
# Text reconstruction
# --------------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """NFKC per character where that keeps the length (full-width digits, brackets, ，；： → ASCII).

    Length-preserving, so positions in the folded text are positions in the printed text.
    """
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch)
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


_PART_RE = re.compile(rf"^第[{_CN}]+部分")
_ANNEX_RE = re.compile(rf"^附件\s*[\d{_CN}]*\s*(?::\s*\S.*)?$")
_L1_RE = re.compile(rf"^[{_CN}]{{1,3}}\s*[、.]\s*(?=\S)")
_L2_RE = re.compile(rf"^\(\s*[{_CN}]{{1,3}}\s*\)")
_LIST_RE = re.compile(
    rf"^(?:\d{{1,2}}\s*[.、](?!\d)|\(\s*\d{{1,2}}\s*\)|\(\s*[{_CN}]{{1,3}}\s*\)|[{_CN}]{{1,3}}\s*[、.](?!\d)"
    rf"|[①-⑳]|[-•·*]\s|第[{_CN}]+条)"
)
_CAPTION_RE = re.compile(rf"^图表?\s*[\d{_CN}]+\s*[:、.]?")
_TOC_TAIL_RE = re.compile(r"(?:\s*[.…·]{2,}\s*|\s+)\d{1,3}$")
_UNIT_LINE_RE = re.compile(r"^(?:金额)?单位\s*[:]\s*(万元|元|千元|亿元)\s*$")
_L1_WITH_BODY_RE = re.compile(rf"^[{_CN}]{{1,3}}\s*[、.]\s*[^,;:。!?\d]{{2,30}}?(?:情况说明|的说明|情况|说明)(?=\S)")
_PAGE_NO_RE = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[-—–\s]*$|^\d{1,3}\s*/\s*\d{1,3}$")
_SENTENCE_END = "。;!?"
_NUMBER_LINE_RE = re.compile(r"^\s*[-+]?[\d,.]+\s*%?\s*$")


def _heading_like(body: str) -> bool:
    text = body.strip()
    if not text or len(text) > 40:
        return False
    inner = text[:-1] if text.endswith(("。", ".")) else text
    if re.search(r"[,;:。!?]", inner):
        return False
    return not re.search(r"\d+(?:\.\d+)?\s*(?:万元|元|%)", text)


def heading_level(folded_line: str) -> int | None:
    """0 for 第X部分, 1 for 一、…, 2 for （一）…; None for anything that is not a heading."""
    text = folded_line.strip()
    if _PART_RE.match(text) and _heading_like(text):
        return 0
    if _L1_RE.match(text) and _heading_like(text):
        return 1
    if _L2_RE.match(text) and _heading_like(text):
        return 2
    return None


def _is_stop(text: str, i: int) -> bool:
    """A sentence end at text[i]: 。！？, or a full stop that is not a decimal point or list number."""
    ch = text[i]
    if ch in "。!?":
        return True
    if ch != ".":
        return False
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return bool(before) and not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def _ends_sentence(folded: str) -> bool:
    text = folded.rstrip().rstrip("”\"’')")
    return bool(text) and (text[-1] in _SENTENCE_END or _is_stop(text, len(text) - 1))


def _title_item(unit: "Unit") -> bool:
    """A numbered line that is a title of its own ("1、预算绩效管理工作开展情况"), not a sentence start."""
    if len(unit.starts) != 1 or not unit.list_item:
        return False
    folded = unit.folded.strip()
    if "(类)" in folded or "(款)" in folded or folded.endswith(("、", "(", "“")):
        return False
    if unit.starts[0][1] is not None and len(folded) >= 20:
        return False  # a PDF line this long is a wrapped sentence
    return _heading_like(_LIST_RE.sub("", folded, count=1))


@dataclass
class Unit:
    """A reconstructed paragraph: printed text, its folded twin, where each joined line starts."""

    raw: str = ""
    folded: str = ""
    section: str | None = None
    caption: bool = False
    caption_unit: str | None = None  # the 单位：万元 printed with a chart
    list_item: bool = False  # starts with "1." "（一）" …: absorbs the paragraphs up to the next item
    starts: list[tuple[int, int | None, int]] = field(default_factory=list)  # (offset, page, line_no)

    def append(self, raw_line: str, page: int | None, line_no: int) -> None:
        if self.starts and _NUMBER_LINE_RE.match(self.folded[self.starts[-1][0] :]) and fold(raw_line[:1]).isdigit():
            # table cells one per line ("80.00" "80.00"): keep them from merging into one number, while
            # a number wrapped inside a sentence ("完成预算1" "03.17%") is joined back
            self.raw += " "
            self.folded += " "
        self.starts.append((len(self.raw), page, line_no))
        self.raw += raw_line
        self.folded += fold(raw_line)

    def locate(self, offset: int) -> tuple[int | None, int]:
        page, line_no = self.starts[0][1], self.starts[0][2]
        for start, p, n in self.starts:
            if start > offset:
                break
            page, line_no = p, n
        return page, line_no


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str | None
    page: int | None
    line_no: int


def _lines(blocks: list[Block]):
    """(text, page, line_no) per text line; None where a multi-cell table row interrupts the text."""
    for block in blocks:
        if block.kind == "row":
            cells = [c.strip() for c in block.cells if c and c.strip()]
            if len(cells) != 1:
                yield None
                continue
            text = cells[0]
        else:
            text = " ".join(c for c in block.cells if c)
        yield text.replace("\u3000", " ").strip(), block.page, block.line_no


def reconstruct_units(blocks: list[Block]) -> list[Unit]:
    """Join converter fragments into paragraphs, tracking the section and chart captions."""
    units: list[Unit] = []
    state = {"current": None, "section": None, "annex": None, "caption": False, "caption_unit": None, "after_heading": False}

    def flush() -> None:
        current = state["current"]
        if current is not None and current.raw.strip():
            units.append(current)
        state["current"] = None

    def heading(raw: str, level: int) -> None:
        flush()
        title = re.sub(r"\s+", " ", raw).strip()
        if level == 0:
            # an annex (附件1: 部门整体绩效评价报告 …) restates figures in its own words: its sections say so
            state["annex"] = title if "附件" in title else None
        if level <= 1:
            annex = state["annex"]
            state["section"] = f"{annex} › {title}" if annex and level == 1 else title
            state["caption"] = False
        state["after_heading"] = True

    def line(raw: str, page: int | None, line_no: int) -> None:
        folded = fold(raw)
        unit_line = _UNIT_LINE_RE.match(folded.replace(" ", ""))
        if unit_line:
            flush()
            state["caption_unit"] = unit_line.group(1)
            return
        if page is not None and _PAGE_NO_RE.match(folded):
            return
        if _CAPTION_RE.match(folded):
            flush()
            state["caption"], state["caption_unit"] = True, None
            return
        # "附件1", "附件 1", "附件2：部门整体支出绩效评价报告": the colon after 附件N does not make it a sentence
        annex = _ANNEX_RE.match(folded.strip()) is not None and _heading_like(folded.replace(":", " ", 1))
        level = 0 if annex else heading_level(folded)
        if level is not None:
            if not annex and _TOC_TAIL_RE.search(folded):
                flush()  # a table-of-contents entry: heading plus page number
                return
            heading(raw, level)
            return
        split = _L1_WITH_BODY_RE.match(folded)
        if split and _heading_like(split.group(0)):
            # "一、收入支出决算总体情况说明2023年度收入…": heading and paragraph on one line
            heading(raw[: split.end()], 1)
            raw, folded = raw[split.end() :].lstrip(), folded[split.end() :].lstrip()
            if not raw:
                return
        if state["caption"] and _ends_sentence(folded) and len(folded) > 30:
            state["caption"] = False  # prose again after a chart
        current: Unit | None = state["current"]
        list_start = _LIST_RE.match(folded) is not None
        if current is None or state["after_heading"] or list_start or _title_item(current):
            new_unit = True
        elif current.list_item:
            new_unit = False  # the paragraphs of a numbered item belong to it
        else:
            new_unit = _ends_sentence(current.folded)
        if new_unit:
            flush()
            current = Unit(
                section=state["section"],
                caption=state["caption"],
                caption_unit=state["caption_unit"] if state["caption"] else None,
                list_item=list_start,
            )
            state["current"] = current
        current.append(raw, page, line_no)
        state["after_heading"] = False

    for item in _lines(blocks):
        if item is None:
            flush()
        elif item[0]:
            line(*item)
    flush()
    return units


def _sentence_spans(folded: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for i in range(len(folded)):
        if _is_stop(folded, i):
            spans.append((start, i + 1))
            start = i + 1
    if start < len(folded):
        spans.append((start, len(folded)))
    return [(s, e) for s, e in spans if folded[s:e].strip()]


def reconstruct_sentences(blocks: list[Block]) -> list[Sentence]:
    """The prose as sentences with their section and start position (for inspection and tests)."""
    sentences = []
    for unit in reconstruct_units(blocks):
        folded = unit.folded
        for start, end in _sentence_spans(folded):
            lead = len(folded[start:end]) - len(folded[start:end].lstrip())
            page, line_no = unit.locate(start + lead)
            sentences.append(Sentence(unit.raw[start:end].strip(), unit.section, page, line_no))
    return sentences


# --------------------------------------------------------------------------------------------
# Subjects, qualifiers and relations
# --------------------------------------------------------------------------------------------

_Q = "[“”\"']?"
# (pattern, base figures). The match ending last before an amount wins; ties go to the longest.
_SUBJECT_TABLE: list[tuple[str, tuple[str, ...]]] = [
    (r"财政拨款收入?[、,和及与]?支出?(?:决算)?总计", ("fiscal_income_expense_total",)),
    (r"财政拨款(?:收入|支出)总计", ("fiscal_income_expense_total",)),
    (r"收入?[、,和及与]?支出?(?:决算)?总计", ("income_grand_total", "expense_grand_total")),
    (r"收入总计", ("income_grand_total",)),
    (r"支出总计", ("expense_grand_total",)),
    (r"(?:本年(?:度)?)?收入合计|总收入", ("income_total",)),
    (r"(?:本年(?:度)?)?支出合计|总支出|整体支出", ("expense_total",)),
    (r"一般公共预算财政拨款收入", ("income_general_public_budget",)),
    (r"政府性基金预算财政拨款收入", ("income_government_fund",)),
    (r"国有资本经营预算财政拨款收入", ("income_state_capital",)),
    (r"财政拨款收入", ("income_fiscal",)),
    (r"上级补助收入", ("income_upper_subsidy",)),
    (r"事业收入", ("income_business",)),
    (r"经营收入", ("income_operating",)),
    (r"附属单位上缴收入", ("income_affiliated",)),
    (r"其他收入", ("income_other",)),
    (r"年初结转和结余", ("income_carryover",)),
    (r"年末结转和结余", ("expense_carryover",)),
    (r"(?:一般公共预算)?财政拨款基本支出", ("general_public_budget_basic",)),
    (r"基本支出(?:合计)?", ("expense_basic",)),
    (r"项目支出(?:合计)?", ("expense_project",)),
    (r"上缴上级支出", ("expense_upper",)),
    (r"(?<!非)经营支出", ("expense_operating",)),
    (r"对附属单位补助支出", ("expense_affiliated_subsidy",)),
    (r"一般公共预算(?:财政拨款)?(?:决算)?支出", ("expense_general_public_budget",)),
    (r"政府性基金预算(?:财政拨款)?(?:决算)?支出", ("expense_government_fund",)),
    (r"国有资本经营预算(?:财政拨款)?(?:决算)?支出", ("expense_state_capital",)),
    (r"人员经费|人员支出", ("personnel_expense",)),
    (r"公用经费|公用支出", ("public_expense",)),
    (r"机关运行经费", ("org_operating_expense",)),
    (r"政府采购(?:支出)?总额|政府采购(?:合同)?金额(?:\([^()]{0,12}\))?", ("procurement_total",)),
    (r"政府采购货物(?:支出|金额)?|货物采购(?:支出|金额)", ("procurement_goods",)),
    (r"政府采购工程(?:支出|金额)?|工程采购(?:支出|金额)", ("procurement_works",)),
    (r"政府采购服务(?:支出|金额)?|服务采购(?:支出|金额)", ("procurement_services",)),
    (r"授予中小企业(?:的)?合同(?:金额)?", ("procurement_sme",)),
    (r"授予小微企业(?:的)?合同(?:金额)?", ("procurement_small",)),
    # the Shanghai wording: budgets reserved for SMEs, then what SME suppliers won in reserved and other projects
    (r"面向中小企业预留(?:的)?政府采购项目预算(?:金额)?", ("procurement_sme_reserved_budget",)),
    (r"面向小微企业预留(?:的)?政府采购项目预算(?:金额)?", ("procurement_small_reserved_budget",)),
    (r"由中小企业供应商中标或成交的?,?采购金额", ("procurement_sme_awarded_reserved",)),
    (r"由小微企业供应商中标或成交的?,?采购金额", ("procurement_small_awarded_reserved",)),
    (r"其他政府采购项目中,?由中小企业供应商中标或成交的?,?采购金额", ("procurement_sme_awarded_other",)),
    (rf"{_Q}三公{_Q}经费{_Q}", ("three_public_actual_total",)),
    (r"因公出国\(境\)(?:经)?费(?:用)?|因公出国\(境\)|出国\(境\)|出国团组|团组", ("three_public_outbound_travel",)),
    (r"公务用车购置(?:及|和)运行(?:维护)?费", ("three_public_vehicle_total",)),
    (r"公务用车购置(?:费|支出)?", ("three_public_vehicle_purchase",)),
    (r"公务用车运行(?:维护)?费", ("three_public_vehicle_operation",)),
    (r"国内(?:公务)?接待(?:费(?!用))?", ("three_public_reception_domestic",)),
    (r"外事接待(?:费(?!用))?|国\(境\)外接待(?:费(?!用))?", ("three_public_reception_foreign",)),
    (r"公务接待(?:费(?!用))?", ("three_public_reception",)),
]
_SUBJECTS = [(re.compile(p), bases) for p, bases in _SUBJECT_TABLE]

THREE_PUBLIC_OUTBOUND = "three_public_outbound_travel"
_SPENDING_SIDE = {
    "income_general_public_budget": "expense_general_public_budget",
    "income_government_fund": "expense_government_fund",
    "income_state_capital": "expense_state_capital",
    "income_total": "expense_total",
    "income_grand_total": "expense_grand_total",
}
_THEN_SPENT_RE = re.compile(r"(?:^|[,;、])\s*支出(?:决算)?(?:数)?(?:为)?\s*$")
THREE_PUBLIC_RECEPTION = ("three_public_reception", "three_public_reception_domestic", "three_public_reception_foreign")

# The 类（类）…款（款）…项（项） of a numbered functional line; names may contain brackets (办公厅（室）).
_FUNCTIONAL_RE = re.compile(
    r"(?P<cls>[^\s\d,;:。、.()\x00]{2,20}?)\s*\(\s*类\s*\)\s*"
    r"(?P<kuan>[^,;:。\x00]{1,40}?)\s*\(\s*款\s*\)\s*"
    r"(?:(?P<xiang>[^,;:。\x00]{1,40}?)\s*\(\s*项\s*\))?"
)

_DELIMS = ",;:。!?\x00"
_SHARE_TAIL = re.compile(r"占(?:比|[^,;:。!?\x00]{0,20}?的?)(?:比重|比例)?(?:为|达)?\s*$")
_COMPLETION_TAIL = re.compile(r"完成(?:了)?(?:全年|年初|年度|调整后)?预算(?:数)?(?:的)?(?:为|达)?\s*$")
_YOY_TAIL = re.compile(r"(?:各|分别|共|同比)?(增加|减少|增长|下降|上升|降低|减|增)(?:了)?(?:为|达)?\s*$")
_IGNORE_TAIL = re.compile(r"(?:节约|结余|超支|节支|差额)(?:了)?(?:预算|资金)?(?:为)?\s*$")
_PRIOR_TAIL = re.compile(r"(?:比|较)(?:上年度?|上一年度?|\d{4}年度?)(?:的|同期的?)?(?:决算数?)?\s*$|上年度?(?:决算数?)?(?:为|是)\s*$")
_BUDGET_TAIL = re.compile(r"(年初|全年|年度|调整后)?预算(?:数)?(?:安排)?(?:为|是)?\s*$")
_ACTUAL_TAIL = re.compile(
    r"(?:(?:支出)?决算(?:数)?|实际(?:开支|支出|执行)(?:数)?|共计支出|支出|共计|合计)?(?:均为|为|是|达|共)?\s*$"
)
_FILLER_RE = re.compile(
    r"(?:[\s,:、“”\"'()]|财政拨款|经费|支出|决算|数|中|的|共计|共|合计|全年|本年度?|当年|其中|均|各|分别|为|是|达"
    r"|比|较|与|相比|同比|上年度?|上一年度?|\d{2,4}年度?|年度|费|共?接待|全年安排|安排|国\(境\)外|按规定|累计)*"
)
_LEAD_FILLER_RE = re.compile(rf"(?:[\s,:、]|其中|\d{{1,2}}\s*[.、](?!\d)|[{_CN}]{{1,3}}、|\([{_CN}\d]{{1,3}}\)|\d{{4}}年度?)*")
_MASK_RES = [
    # reason and purpose clauses quote amounts that are not the figures themselves
    (re.compile(r"(?:主要|变动|增减|差异)?原因(?:是|为|主要是|如下)?"), re.compile(r"[。;!?]|其中")),
    (re.compile(r"主要用于(?!以下方面)|主要包括|具体包括|主要是"), re.compile(r"[。;!?]")),
]
_AMOUNT_RE = re.compile(
    r"(?<![\d.])(?<!\d,)(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
    r"(万元|亿元|千元|元|%|辆|个|人次|人|批次|次)?"
)
_UNITLESS_FOLLOW_RE = re.compile(r"\s*[,;。]")
_CAPTION_PAIR_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*%")

_VEHICLE_OWNED_TAIL = re.compile(r"(?:共有|保有量?|拥有|现有|实有)[^,;:。!?\x00]{0,12}$")
_VEHICLE_PURCHASED_TAIL = re.compile(r"购置[^,;:。!?\x00]{0,10}$")
_VEHICLE_TYPES: list[tuple[str, str]] = [
    (r"副部\(省\)级及以上领导用车|部级(?:领导干部)?用车", "senior_leader"),
    (r"主要(?:负责人|领导干部?)用车", "principal_leader"),
    (r"机要通信用车", "confidential_communication"),
    (r"应急保障用车", "emergency"),
    (r"执法执勤用车", "law_enforcement"),
    (r"特种专业(?:技术)?用车", "special_technical"),
    (r"离退休干部(?:服务)?用车", "retired_cadre_service"),
    (r"其他(?:业务)?用车", "other"),
    (r"轿车", "sedan"),
    (r"越野车", "suv"),
    (r"载客汽车", "passenger"),
    (r"商务车", "business"),
]
_VEHICLE_TYPE_RES = [(re.compile(p + r"\s*(?:共)?$"), name) for p, name in _VEHICLE_TYPES]

_EQUIPMENT_RE = re.compile(
    r"单[价位](?:价值)?\s*(\d+)\s*万元\s*(?:\(含\))?\s*以上(?:的)?\s*(通用|专用)?设备\s*(?:\(不含车辆\))?\s*(?:共|为)?\s*"
    r"(\d+)\s*(台\s*\(\s*套\s*\)|台|套|\(\s*套\s*\)|件)"
)
_SCORE_RE = re.compile(r"(?:(?:自评|评价|考核|绩效)?(?:得分|总分|评分)|打分得出结果|自评结果)(?:为|是|:)?\s*(\d{1,3}(?:\.\d+)?)\s*分")
_SCORE_SCOPE = ("部门整体", "本部门", "整体支出", "整体绩效", "部门预算绩效")
_PROJECTS_RES = [
    re.compile(r"对(?:[^,;。!?\x00]{0,40}?等)?(\d+)个(?:项目|二级项目)(?:开展|进行)(?:了)?(?:绩效)?自评"),
    re.compile(r"绩效自评的(?:\d{4}年度)?(?:项目|二级项目)(?:共)?(\d+)个"),
    re.compile(r"(?:项目)?绩效自评(?:个数|项目数?)(?:共|为)?(\d+)个"),
    re.compile(r"(?:开展|完成)(?:了)?(\d+)个(?:项目|二级项目)(?:的)?(?:绩效)?自评"),
]


@dataclass(frozen=True)
class _Subject:
    bases: tuple[str, ...]
    code: str | None = None
    label: str | None = None  # the printed functional name, to tell apart lines whose code is unknown
    pos: int = 0  # where it was named in the paragraph


def _derive(base: str, kind: str) -> str:
    if base == "three_public_actual_total":
        return {
            "actual": "three_public_actual_total",
            "budget": "three_public_budget_total",
            "budget_initial": "three_public_budget_initial_total",
            "completion": "three_public_completion_pct",
            "share": "three_public_share_pct",
            "yoy_change": "three_public_yoy_change",
            "yoy_pct": "three_public_yoy_pct",
            "prior": "three_public_prior_year_actual_total",
        }[kind]
    suffix = {
        "actual": "",
        "budget": "_budget",
        "budget_initial": "_budget_initial",
        "completion": "_completion_pct",
        "share": "_share_pct",
        "yoy_change": "_yoy_change",
        "yoy_pct": "_yoy_pct",
        "prior": "_prior_year",
    }[kind]
    return base + suffix


def _is_filler(text: str) -> bool:
    return _FILLER_RE.fullmatch(text) is not None


def _keyword_subject(core: str, offset: int, exclude: list[tuple[int, int]]) -> tuple[int, _Subject] | None:
    best: tuple[int, int, _Subject] | None = None
    for pattern, bases in _SUBJECTS:
        for m in pattern.finditer(core):
            start, end = m.start() + offset, m.end() + offset
            if any(s < end and start < e for s, e in exclude):
                continue
            key = (end, -start)
            if best is None or key > (best[0], -best[1]):
                best = (end, start, _Subject(bases, pos=start))
    return (best[0], best[2]) if best else None


_CLASS_QUALIFIER_RE = re.compile(r"(?:年初预算|全年预算|预算数|预算|决算数?)?(?:为|是)?\s*$")


def _class_subject(core: str, offset: int) -> tuple[int, _Subject] | None:
    """A 类 named on its own before an amount: 一般公共服务支出1082.99万元 / 一般公共服务支出（类）…

    Returns the position after the name (the qualifier that follows is parsed by the caller).
    """
    start = max(core.rfind(d) for d in _DELIMS + "、") + 1
    lead = _LEAD_FILLER_RE.match(core, start)
    name_start = lead.end() if lead else start
    qualifier = _CLASS_QUALIFIER_RE.search(core, name_start)
    name_end = qualifier.start() if qualifier else len(core)
    name = core[name_start:name_end].strip()
    has_marker = bool(re.search(r"\(\s*类\s*\)$", name))
    name = re.sub(r"\(\s*类\s*\)$", "", name).strip()
    if len(name) < 4 or not (has_marker or name.endswith("支出")):
        return None
    code = lookup_class_code(name, threshold=0.8)
    if code is None:
        return None
    subject = _Subject(("general_public_budget_class_expense",), code=code, label=name, pos=name_start + offset)
    return name_end + offset, subject


@dataclass
class _Found:
    figure: str
    value: float
    unit: str | None
    subject_code: str | None
    key_label: str | None
    span: tuple[int, int]  # sentence span in the unit
    caption: bool
    pos: int  # where the amount is printed in the unit
    anchor: int | None = None  # where the statement starts on the page: its subject, else the clause



def _mask(folded: str) -> str:
    work = list(folded)
    for start_re, end_re in _MASK_RES:
        for m in start_re.finditer(folded):
            end = end_re.search(folded, m.end())
            stop = end.start() if end else len(folded)
            for i in range(m.start(), stop):
                work[i] = "\x00"
    return "".join(work)


def _blank(work: str, start: int, end: int) -> str:
    return work[:start] + "\x00" * (end - start) + work[end:]


class _UnitScanner:
    def __init__(self, unit: Unit):
        self.unit = unit
        self.folded = unit.folded
        self.work = _mask(self.folded)
        self.spans = _sentence_spans(self.folded) or [(0, len(self.folded))]
        self.found: list[_Found] = []
        self.in_three_public = bool(unit.section and "三公" in unit.section)

    # -- helpers ---------------------------------------------------------------------------
    def sentence_of(self, pos: int) -> tuple[int, int]:
        for start, end in self.spans:
            if start <= pos < end:
                return start, end
        return self.spans[-1]

    def emit(self, figure: str, value: float, unit: str | None, pos: int, subject: _Subject | None = None) -> None:
        """Record a figure; its sentence is the clause (between ；) that states it, from where its subject is named."""
        text = self.folded
        s_start, s_end = self.sentence_of(pos)
        start = max(text.rfind(";", s_start, pos) + 1, s_start)
        end = text.find(";", pos, s_end)
        end = s_end if end < 0 else end + 1
        if subject is not None and subject.pos < start:
            named_start, _ = self.sentence_of(subject.pos)
            start = max(text.rfind(";", named_start, subject.pos) + 1, named_start)
        if end == s_end:
            # carry the reason that follows ("主要原因是…") into the sentence
            for s, e in self.spans:
                if s == s_end and "原因" in text[s:e]:
                    end = e
                    break
        self.found.append(
            _Found(
                figure,
                value,
                unit,
                subject.code if subject else None,
                subject.label if subject else None,
                (start, end),
                self.unit.caption,
                pos,
                # a clause glued to the line before ("…具体情况如下：" + "因公出国（境）费支出0万元") is located
                # where its subject is printed, not where the clause began
                subject.pos if subject is not None and subject.pos >= start else None,
            )
        )

    # -- dedicated statements ----------------------------------------------------------------
    def scan_dedicated(self) -> None:
        work = self.work
        for m in _EQUIPMENT_RE.finditer(work):
            threshold, kind, count = int(m.group(1)), m.group(2), float(m.group(3))
            figure = None
            if threshold == 100 and kind is None:
                figure = "equipment_over_1m"
            elif threshold == 100 and kind == "专用":
                figure = "equipment_special_over_1m"
            elif threshold == 50 and kind == "通用":
                figure = "equipment_general_over_500k"
            if figure:
                self.emit(figure, count, "台(套)", m.start())
            work = _blank(work, m.start(), m.end())
        for m in _SCORE_RE.finditer(work):
            s_start, _ = self.sentence_of(m.start())
            window_start = max(work.rfind(";", s_start, m.start()), s_start - 1) + 1
            window = work[window_start : m.end()]
            clause = work[max(work.rfind(",", window_start, m.start()) + 1, window_start) : m.end()]
            if "权重" in window or "平均" in window or "项目" in clause:
                continue  # sub-scores of the index system, project scores, project averages
            if not any(scope in window for scope in _SCORE_SCOPE):
                continue
            self.emit("department_performance_score", float(m.group(1)), "分", m.start())
            work = _blank(work, m.start(), m.end())
        for pattern in _PROJECTS_RES:
            for m in pattern.finditer(work):
                self.emit("projects_evaluated", float(m.group(1)), "个", m.start())
                work = _blank(work, m.start(), m.end())
        self.work = work

    def scan_caption(self) -> None:
        """Chart legends "一般公共预算财政拨款收入：1636.45, 78%": kept only where they restate a figure."""
        if not self.unit.caption:
            return
        work = self.work
        prev = 0
        for m in _CAPTION_PAIR_RE.finditer(work):
            seg = work[prev : m.start()]
            found = _keyword_subject(seg, prev, []) or _class_subject(seg, prev)
            prev = m.end()
            if found is None or found[0] < m.start() - 2:
                continue  # the label must stand right before the numbers
            subject = found[1]
            for base in subject.bases:
                if self.unit.caption_unit:
                    self.emit(_derive(base, "actual"), float(m.group(1)), self.unit.caption_unit, m.start(), subject)
                self.emit(_derive(base, "share"), float(m.group(2)), "%", m.start(2), subject)
            work = _blank(work, m.start(), m.end())
        self.work = work

    # -- amounts -----------------------------------------------------------------------------
    def scan_amounts(self) -> None:
        work = self.work
        functional = []
        for m in _FUNCTIONAL_RE.finditer(work):
            code = lookup_functional_code(m.group("cls"), m.group("kuan"), m.group("xiang"))
            label = "".join(
                f"{m.group(g).strip()}({lvl})" for g, lvl in (("cls", "类"), ("kuan", "款"), ("xiang", "项")) if m.group(g)
            )
            functional.append((m.start(), m.end(), _Subject(("functional_expense",), code=code, label=label, pos=m.start())))
        functional_spans = [(s, e) for s, e, _ in functional]

        current: _Subject | None = None
        prev_end = 0
        for m in _AMOUNT_RE.finditer(work):
            number, unit = m.group(1), m.group(2)
            if unit is None and not _UNITLESS_FOLLOW_RE.match(work, m.end()):
                continue  # a year, a date, a code: not an amount
            value = float(number.replace(",", ""))
            pos = m.start()
            s_start, _ = self.sentence_of(pos)
            seg_start = max(prev_end, s_start)
            # a functional line named in an earlier sentence (…（项）。主要用于…。年初预算为…)
            earlier = [f for s, e, f in functional if prev_end <= s and e <= seg_start]
            if earlier:
                current = earlier[-1]
            prev_end = m.end()
            seg = work[seg_start:pos]

            relation: str | None = None
            sign = 1.0
            core = seg
            share = _SHARE_TAIL.search(seg)
            if share:
                relation, core = "share", seg[: share.start()]

            candidates = []
            kw = _keyword_subject(core, seg_start, functional_spans)
            if kw:
                candidates.append(kw)
            for s, e, f in functional:
                if seg_start <= s and e <= seg_start + len(core):
                    candidates.append((e, f))
            subject: _Subject | None = None
            rest = core
            if candidates:
                end, subject = max(candidates, key=lambda c: c[0])
                rest = core[end - seg_start :]
            else:
                cls = _class_subject(core, seg_start)
                if cls:
                    subject, rest = cls[1], core[cls[0] - seg_start :]

            # a bare 支出总计 in a sentence about 财政拨款 totals is the 财政拨款 total
            if (
                subject is not None
                and subject.bases in (("income_grand_total",), ("expense_grand_total",))
                and current is not None
                and current.bases == ("fiscal_income_expense_total",)
                and current.pos >= s_start
            ):
                subject = _Subject(current.bases, pos=subject.pos)

            rest = rest.rstrip(" :")
            if relation is None:
                for name, pattern in (
                    ("ignore", _IGNORE_TAIL),
                    ("completion", _COMPLETION_TAIL),
                    ("prior", _PRIOR_TAIL),
                    ("yoy", _YOY_TAIL),
                    ("budget", _BUDGET_TAIL),
                ):
                    tail = pattern.search(rest)
                    if tail:
                        relation = name
                        if name == "yoy" and tail.group(1) in ("减少", "下降", "降低", "减"):
                            sign = -1.0
                        if name == "budget" and tail.group(1) == "年初":
                            relation = "budget_initial"
                        rest = rest[: tail.start()]
                        break
                else:
                    tail = _ACTUAL_TAIL.search(rest)
                    relation = "actual"
                    rest = rest[: tail.start()] if tail else rest
            if not _is_filler(rest):
                # other words stand between the subject (or the previous amount) and this amount
                current = None
                continue
            if subject is None and current is not None:
                subject = current
                if _THEN_SPENT_RE.search(seg) and all(b in _SPENDING_SIDE for b in current.bases):
                    # "政府性基金预算财政拨款收入120万元，支出118万元": the spending side of the same fund
                    subject = _Subject(tuple(_SPENDING_SIDE[b] for b in current.bases), pos=current.pos)
            if subject is None:
                continue
            current = subject
            if relation == "ignore":
                continue
            self.emit_amount(subject, relation, value, unit, pos, sign)

    def emit_amount(self, subject: _Subject, relation: str, value: float, unit: str | None, pos: int, sign: float) -> None:
        if unit is None:
            return  # a bare number after 决算数为: the subject is noted, the amount not kept
        signed = -abs(value) if sign < 0 else value
        if unit in MONEY_UNITS:
            if relation in ("share", "completion"):
                return
            kind = "yoy_change" if relation == "yoy" else relation
            for base in subject.bases:
                self.emit(_derive(base, kind), signed, unit, pos, subject)
            return
        if unit == "%":
            kinds = {"share": "share", "completion": "completion", "yoy": "yoy_pct"}
            if relation not in kinds:
                return
            for base in subject.bases:
                self.emit(_derive(base, kinds[relation]), signed, "%", pos, subject)
            return
        if relation != "actual" or unit == "辆":
            return  # vehicles are read by scan_vehicles
        base = subject.bases[0]
        if base == THREE_PUBLIC_OUTBOUND:
            if unit in ("个", "次"):
                self.emit("three_public_outbound_groups", value, "个", pos, subject)
            elif unit in ("人", "人次"):
                self.emit("three_public_outbound_persons", value, unit, pos, subject)
        elif base in THREE_PUBLIC_RECEPTION:
            suffix = base[len("three_public_reception") :]
            if unit in ("批次", "次"):
                self.emit(f"three_public_reception_batches{suffix}", value, "批次", pos, subject)
            elif unit in ("人次", "人"):
                self.emit(f"three_public_reception_persons{suffix}", value, unit, pos, subject)

    def scan_vehicles(self) -> None:
        work = self.work
        owned = False
        last_end = 0
        for m in _AMOUNT_RE.finditer(work):
            unit = m.group(2)
            if unit is None:
                continue
            seg = work[last_end : m.start()]
            last_end = m.end()
            if unit != "辆":
                continue
            value = float(m.group(1).replace(",", ""))
            clause = seg[max(seg.rfind(d) for d in ",;:。!?\x00、") + 1 :].strip()
            if _VEHICLE_PURCHASED_TAIL.search(clause):
                self.emit("three_public_vehicles_purchased", value, "辆", m.start())
                continue
            if _VEHICLE_OWNED_TAIL.search(clause):
                owned = True
                name = "three_public_vehicles_owned" if self.in_three_public else "vehicles_owned"
                self.emit(name, value, "辆", m.start())
                continue
            if owned:
                # the 三公 section's breakdown (轿车, 越野车 …) is not the 国有资产 one (机要通信用车 …): kept apart
                prefix = "three_public_vehicles_owned" if self.in_three_public else "vehicles_owned"
                for pattern, kind in _VEHICLE_TYPE_RES:
                    if pattern.search(clause):
                        self.emit(f"{prefix}_{kind}", value, "辆", m.start())
                        break


def _scan(unit: Unit) -> list[_Found]:
    scanner = _UnitScanner(unit)
    scanner.scan_dedicated()
    scanner.scan_caption()
    scanner.scan_vehicles()
    scanner.scan_amounts()
    found = sorted(scanner.found, key=lambda f: f.pos)
    return found


def _money(unit: str | None) -> bool:
    return unit in MONEY_UNITS


def extract_narrative(blocks: list[Block]) -> list[NarrativeFigure]:
    """Every figure the prose states, in reading order; repeats flagged as restatements."""
    figures: list[NarrativeFigure] = []
    seen: set[tuple] = set()
    for unit in reconstruct_units(blocks):
        scanned = _scan(unit)
        for item in scanned:
            value_wan = to_wan(item.value, item.unit) if _money(item.unit) else None
            comparable = round(value_wan if value_wan is not None else item.value, 4)
            key = (item.figure, item.subject_code, item.key_label if item.subject_code is None else None, comparable)
            restatement = key in seen
            if item.caption and not restatement:
                continue  # a chart caption creates no fact of its own
            seen.add(key)
            start, end = item.span
            lead = len(unit.raw[start:end]) - len(unit.raw[start:end].lstrip())
            page, line_no = unit.locate(item.anchor if item.anchor is not None else start + lead)
            figures.append(
                NarrativeFigure(
                    figure=item.figure,
                    value=item.value,
                    unit=item.unit,
                    value_wan=value_wan,
                    subject_code=item.subject_code,
                    section=unit.section,
                    sentence=re.sub(r"\s+", " ", unit.raw[start:end]).strip(),
                    page=page,
                    line_no=line_no,
                    is_restatement=restatement,
                )
            )
    return figures
