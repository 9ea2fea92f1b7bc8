"""What a narrative amount is about: the subjects a sentence names before it (本年收入合计, 基本支出,
“三公”经费 …, a numbered （类）（款）（项） line or a 类 name), the qualifier or relation that follows the
subject (决算, 年初预算, 占…%, 完成预算…%, 比上年增加/减少…), and the dedicated statements (vehicles,
equipment, scores, projects evaluated).

Figure names are the warehouse's (shared/MARTS.md): a base figure (income_total, expense_basic,
three_public_reception, functional_expense …) and its derived statements `<figure>_share_pct`,
`<figure>_completion_pct`, `<figure>_yoy_change` (signed 万元), `<figure>_yoy_pct`, `<figure>_prior_year`,
`<figure>_budget` and `<figure>_budget_initial`; the 三公 total is three_public_actual_total and its kin.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingestion.classification import lookup_class_code

_CN = "一二三四五六七八九十"

_Q = "[“”\"']?"
_AFTER_NAME = r"(?:(?<![\u4e00-\u9fa5])|(?<=[局会室处府委办部厅心站所队院门位]))"
# (pattern, base figures). The match ending last before an amount wins; ties go to the longest.
_SUBJECT_TABLE: list[tuple[str, tuple[str, ...]]] = [
    (r"财政拨款收入?[、,和及与]?支出?(?:决算)?总计", ("fiscal_income_expense_total",)),
    (r"财政拨款(?:收入|支出)总计", ("fiscal_income_expense_total",)),
    (r"收入?[、,和及与]?支出?(?:决算)?总计", ("income_grand_total", "expense_grand_total")),
    (r"收入总计", ("income_grand_total",)),
    (r"支出总计", ("expense_grand_total",)),
    (r"(?:本年(?:度)?)?收入合计|总收入", ("income_total",)),
    (r"(?:本年(?:度)?)?支出合计|总支出|整体支出", ("expense_total",)),
    # a budget's "…商务委员会收入预算37,151.47万元", "支出预算…": bare 收入/支出 only after the publisher's name
    # or at a clause's start, never the tail of another income ("非税收入预算")
    (rf"{_AFTER_NAME}收入(?=预算)", ("income_total",)),
    (rf"{_AFTER_NAME}支出(?=预算)", ("expense_total",)),
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
    (r"一般公共预算(?:财政)?(?:拨款)?(?:决算)?支出", ("expense_general_public_budget",)),
    (r"政府性基金(?:预算)?(?:财政)?(?:拨款)?(?:决算)?支出", ("expense_government_fund",)),
    (r"国有资本经营预算(?:财政)?(?:拨款)?(?:决算)?支出", ("expense_state_capital",)),
    (r"人员经费|人员支出", ("personnel_expense",)),
    (r"公用经费|公用支出", ("public_expense",)),
    (r"机关运行经费", ("org_operating_expense",)),
    (r"政府采购(?:支出)?总额|政府采购(?:合同)?金额(?:\([^()]{0,12}\))?|政府采购(?=预算)", ("procurement_total",)),
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
    (r"因公出国\(境\)(?:经)?费(?:用)?|(?:因公)?出国(?:\(境\))?(?:团组|人员|人数)?|团组", ("three_public_outbound_travel",)),
    (r"公务用车购置(?:及|和)运行(?:维护)?费", ("three_public_vehicle_total",)),
    (r"公务用车购置(?:费|支出)?", ("three_public_vehicle_purchase",)),
    (r"公务用车运行(?:维护)?费", ("three_public_vehicle_operation",)),
    # "共接待国内来访团组12个": a 团组 received is a reception batch, not an outbound group (the longer match wins)
    (r"国内(?:公务)?接待(?:费(?!用))?|接待国内(?:公务)?(?:来访)?(?:团组|人员)?|国内来访(?:团组)?", ("three_public_reception_domestic",)),
    (r"外事接待(?:费(?!用))?|国\(境\)外接待(?:费(?!用))?|接待(?:外宾|外事|境外|国\(境\)外)(?:来访)?(?:团组|人员)?",
     ("three_public_reception_foreign",)),
    (r"公务接待(?:费(?!用))?|接待(?:来访)?团组", ("three_public_reception",)),
]
SUBJECT_PATTERNS = [(re.compile(p), bases) for p, bases in _SUBJECT_TABLE]

THREE_PUBLIC_OUTBOUND = "three_public_outbound_travel"
SPENDING_SIDE = {
    "income_general_public_budget": "expense_general_public_budget",
    "income_government_fund": "expense_government_fund",
    "income_state_capital": "expense_state_capital",
    "income_total": "expense_total",
    "income_grand_total": "expense_grand_total",
}
THEN_SPENT_RE = re.compile(r"(?:^|[,;、])\s*支出(?:决算)?(?:数)?(?:为)?\s*$")
THREE_PUBLIC_RECEPTION = ("three_public_reception", "three_public_reception_domestic", "three_public_reception_foreign")

# The 类（类）…款（款）…项（项） of a numbered functional line; names may contain brackets (办公厅（室）).
FUNCTIONAL_RE = re.compile(
    r"(?P<cls>[^\s\d,;:。、.()\x00]{2,20}?)\s*\(\s*类\s*\)\s*"
    r"(?P<kuan>[^,;:。\x00]{1,40}?)\s*\(\s*款\s*\)\s*"
    r"(?:(?P<xiang>[^,;:。\x00]{1,40}?)\s*\(\s*项\s*\))?"
)

# the same line with its levels joined by dashes inside quotes: “一般公共服务支出-政府办公厅(室)及相关机构事务-行政运行”
FUNCTIONAL_DASHED_RE = re.compile(
    r"[“\"](?P<cls>[^“”\"\s\d\-—－]{2,20})[-—－](?P<kuan>[^“”\"\-—－]{1,40})(?:[-—－](?P<xiang>[^“”\"\-—－]{1,40}))?[”\"]"
)

_DELIMS = ",;:。!?\x00"
SHARE_TAIL = re.compile(r"占(?:比|[^,;:。!?\x00]{0,20}?的?)(?:比重|比例)?(?:为|达)?\s*$")
COMPLETION_TAIL = re.compile(r"完成(?:了)?(?:全年|年初|年度|调整后)?预算(?:数)?(?:的)?(?:为|达)?\s*$")
YOY_TAIL = re.compile(r"(?:各|分别|共|同比)?(增加|减少|增长|下降|上升|降低|减|增)(?:了)?(?:为|达)?\s*$")
IGNORE_TAIL = re.compile(r"(?:节约|结余|超支|节支|差额)(?:了)?(?:预算|资金)?(?:为)?\s*$")
PRIOR_TAIL = re.compile(r"(?:比|较)(?:上年度?|上一年度?|\d{4}年度?)(?:的|同期的?)?(?:决算数?)?\s*$|上年度?(?:决算数?)?(?:为|是)\s*$")
# A budget's statements about the year before: "2023年当年预算执行数为60.13万元" (the prior year's execution of a
# code), and the basis a change is stated against ("比2024年预算执行数增加…", "比2024年预算增加…").
PRIOR_EXECUTED_TAIL = re.compile(r"(?:20\d\d年度?|上年度?)(?:当年)?预算执行(?:数)?(?:为|是)?\s*$")
CHANGE_BASIS_RE = re.compile(r"(?:比|较)(?:20\d\d年度?|上年度?)(?P<basis>预算执行数?|预算数?)\s*$")
CHANGE_BASES = {"预算执行": "prior_executed", "预算执行数": "prior_executed", "预算": "prior_budget", "预算数": "prior_budget"}
BUDGET_TAIL = re.compile(r"(年初|全年|年度|调整后)?预算(?:数)?(?:安排)?(?:为|是)?\s*$")
ACTUAL_TAIL = re.compile(
    r"(?:(?:支出)?决算(?:数)?|实际(?:开支|支出|执行)(?:数)?|共计支出|支出|共计|合计)?(?:均为|为|是|达|共)?\s*$"
)
_FILLER_RE = re.compile(
    r"(?:[\s,:、“”\"'()]|财政拨款|经费|支出|决算|数|中|的|共计|共|合计|全年|本年度?|当年|其中|均|各|分别|为|是|达"
    r"|比|较|与|相比|同比|上年度?|上一年度?|\d{2,4}年度?|年度|费|共?接待|全年安排|安排|国\(境\)外|按规定|累计|科目"
    r"|人数|人员|数量|总数|来访)*"
)
_LEAD_FILLER_RE = re.compile(rf"(?:[\s,:、]|其中|\d{{1,2}}\s*[.、](?!\d)|[{_CN}]{{1,3}}、|\([{_CN}\d]{{1,3}}\)|\d{{4}}年度?)*")
MASK_RES = [
    # reason and purpose clauses quote amounts that are not the figures themselves
    (re.compile(r"(?:主要|变动|增减|差异)?原因(?:是|为|主要是|如下)?"), re.compile(r"[。;!?]|其中")),
    (re.compile(r"主要用于(?!以下方面)|主要包括|具体包括|主要是"), re.compile(r"[。;!?]")),
]
UNITLESS_FOLLOW_RE = re.compile(r"\s*[,;。]")
CAPTION_PAIR_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*,\s*(\d+(?:\.\d+)?)\s*%")

# "单位共有公务用车5辆", "公务用车保有量为5辆", "年末实有公务用车3辆", a clause that is only "公务用车5辆"
VEHICLE_OWNED_TAIL = re.compile(
    r"(?:共有|保有量?|拥有|现有|实有|在用)[^,;:。!?\x00]{0,12}$"
    r"|^\s*(?:年末|年底|期末)?\s*公务用车(?:数量|总数|总量)?\s*(?:共计|共|为)?\s*$"
)
VEHICLE_PURCHASED_TAIL = re.compile(r"(?:购置|更新|新购|购买)[^,;:。!?\x00]{0,10}$")
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
VEHICLE_TYPE_RES = [(re.compile(p + r"\s*(?:共)?$"), name) for p, name in _VEHICLE_TYPES]

EQUIPMENT_RE = re.compile(
    r"单[价位](?:价值)?\s*(\d+)\s*万元\s*(?:\(含\))?\s*以上(?:的)?\s*(通用|专用)?设备\s*(?:\(不含车辆\))?\s*(?:共|为)?\s*"
    r"(\d+)\s*(台\s*\(\s*套\s*\)|台|套|\(\s*套\s*\)|件)"
)
SCORE_RE = re.compile(r"(?:(?:自评|评价|考核|绩效)?(?:得分|总分|评分)|打分得出结果|自评结果)(?:为|是|:)?\s*(\d{1,3}(?:\.\d+)?)\s*分")
# a 部门整体支出绩效评价's 预算管理 states the department's budget, execution and rate in one run, as the 部门整体支出
# 绩效自评表 prints them: "2023年收入全年预算28149.57万元，决算支出24253.58万元，执行率86.17%"
_AMOUNT = r"((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万元|元)"
DEPARTMENT_EXECUTION_RE = re.compile(
    r"全年预算(?:数)?(?:为|是)?\s*" + _AMOUNT + r"\s*,\s*(?:决算支出|全年执行|实际支出|执行)(?:数)?(?:为|是)?\s*" + _AMOUNT
    + r"\s*,\s*(?:预算)?执行率(?:为|是|达)?\s*(\d+(?:\.\d+)?)\s*%"
)
SCORE_SCOPE = ("部门整体", "本部门", "整体支出", "整体绩效", "部门预算绩效")
PROJECTS_RES = [
    re.compile(r"对(?:[^,;。!?\x00]{0,40}?等)?(\d+)个(?:项目|二级项目)(?:开展|进行)(?:了)?(?:绩效)?自评"),
    re.compile(r"绩效自评的(?:\d{4}年度)?(?:项目|二级项目)(?:共)?(\d+)个"),
    re.compile(r"(?:项目)?绩效自评(?:个数|项目数?)(?:共|为)?(\d+)个"),
    re.compile(r"(?:开展|完成)(?:了)?(\d+)个(?:项目|二级项目)(?:的)?(?:绩效)?自评"),
]
# The national 部门决算 template's 预算绩效管理情况 counts the projects at each stage: "组织对X项目等12个项目开展了预算事前
# 绩效评估，对44个项目编制了绩效目标，预算执行过程中，选取41个项目开展绩效监控，组织对44个项目开展绩效自评"
_SOME_PROJECTS = r"(?:对|选取|选择)(?:全部|本部门|本单位|其中)?(?:[^,;。!?\x00]{0,40}?等)?(\d+)个(?:项目|二级项目)"
PRE_ASSESSED_RE = re.compile(_SOME_PROJECTS + r"(?:开展|进行)(?:了)?(?:预算)?事前(?:绩效)?评估")
TARGETS_SET_RE = re.compile(_SOME_PROJECTS + r"(?:编制|设置|设定|编报)(?:了)?(?:预算)?绩效目标")
MONITORED_RE = re.compile(_SOME_PROJECTS + r"(?:开展|进行|实施)(?:了)?(?:预算)?(?:绩效)?(?:目标)?(?:运行|执行)?监控")
# the money those projects hold, stated right after their count: "…4个项目开展了绩效自评，涉及资金1,645.98万元"
# a budget's 绩效目标设置情况: "编报绩效目标的项目共25个，涉及项目预算资金11381.60万元"
TARGET_PROJECTS_RE = re.compile(r"(?:编报|设置|填报|申报)(?:了)?绩效目标的(?:项目|二级项目)(?:共|数量)?(?:为)?(\d+)个")
PROJECTS_AMOUNT_RE = re.compile(
    r"[^。;!?\x00]{0,8}?涉及(?:项目)?(?:预算)?(?:资金|金额)(?:总额)?(?:共|合计)?(?:为)?\s*"
    r"((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(万元|亿元|千元|元)"
)
# words of the counts the narrative models (三公 counts, vehicles): a count near them is a figure to read
MODELLED_COUNT_CUES = re.compile(r"接待|出国|出境|团组|车|设备")


@dataclass(frozen=True)
class Subject:
    bases: tuple[str, ...]
    code: str | None = None
    label: str | None = None  # the printed functional name, to tell apart lines whose code is unknown
    pos: int = 0  # where it was named in the paragraph
    end: int = 0  # where its name ends
    words: str | None = None  # its name as printed, where it is carried beyond its paragraph
    local: bool = False  # named in the paragraph being read (not carried from the one before)


def derive(base: str, kind: str) -> str:
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
            "prior_executed": "three_public_prior_year_executed_total",
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
        "prior_executed": "_prior_year_executed",
    }[kind]
    return base + suffix


_ASIDE_RE = re.compile(r"\([^()]{0,20}\)")


def is_filler(text: str) -> bool:
    """Words that change nothing about what an amount is; a bracketed aside ("（不包括陪同人员）") among them."""
    return _FILLER_RE.fullmatch(_ASIDE_RE.sub("", text)) is not None


def keyword_subject(core: str, offset: int, exclude: list[tuple[int, int]]) -> tuple[int, Subject] | None:
    best: tuple[int, int, Subject] | None = None
    for pattern, bases in SUBJECT_PATTERNS:
        for m in pattern.finditer(core):
            start, end = m.start() + offset, m.end() + offset
            if any(s < end and start < e for s, e in exclude):
                continue
            key = (end, -start)
            if best is None or key > (best[0], -best[1]):
                best = (end, start, Subject(bases, pos=start, end=end))
    return (best[0], best[2]) if best else None


_CLASS_QUALIFIER_RE = re.compile(r"(?:年初预算|全年预算|预算数|预算|决算数?)?(?:为|是)?\s*$")


def class_subject(core: str, offset: int) -> tuple[int, Subject] | None:
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
    subject = Subject(("general_public_budget_class_expense",), code=code, label=name, pos=name_start + offset,
                      end=name_end + offset)
    return name_end + offset, subject
