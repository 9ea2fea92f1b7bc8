"""The labels a project self-evaluation form prints, and the role each names (budget columns, indicator
columns, level names, totals, grades). Forms are read by these words, never by position."""

from __future__ import annotations

import re



# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

NAME_LABELS = {"项目名称", "项目支出名称", "项目名"}


CODE_LABELS = {"项目编码", "项目代码", "项目编号"}


COMPETENT_LABELS = {"主管部门", "主管部门及代码", "主管单位", "主管部门名称", "主管部门(单位)"}


IMPLEMENTING_LABELS = {"实施单位", "预算单位", "实施单位及代码", "预算单位及代码", "实施单位名称", "项目实施单位"}


GRADE_LABELS = {"评价等级", "自评等级", "绩效等级", "等级", "评价结果", "自评结果", "绩效评价等级", "评定等级"}


OTHER_KEY_LABELS = {
    "项目基本情况", "项目负责人", "财务负责人", "联系电话", "项目属性", "项目类型", "资金用途", "项目期",
    "项目年度绩效目标", "年度目标", "年度总体目标", "项目年度目标", "年度目标完成情况", "项目年度目标完成情况",
    "项目实施内容及过程概述", "预算执行情况", "项目资金预算安排及执行进度", "项目资金", "年度预算数",
    "绩效指标", "评价结论", "存在问题", "改进措施", "实际完成情况", "预期目标", "项目绩效分析", "自评结果分析",
    "项目实施和预算执行情况", "年度资金总额", "资金总额", "总额", "填表人", "填报日期", "单位负责人签字",
    "市级预算部门名称", "部门名称", "项目概况", "项目立项情况", "项目年度总体目标",
} | GRADE_LABELS


# Budget header labels → role. "declared"/"compiled" are the two halves of a split 年初预算数.
BUDGET_ROLES = {
    "年初预算数": "initial", "年初预算": "initial", "年初预算金额": "initial", "项目预算金额": "initial",
    "年初预算安排": "initial", "年初批复预算": "initial", "预算数": "initial",
    "目标申报数": "declared", "预算编制数": "compiled",
    "调整后预算数": "adjusted", "调整后预算": "adjusted", "全年预算数": "adjusted", "全年预算": "adjusted",
    "预算下达数": "adjusted", "实际到位金额": "adjusted", "全年预算金额": "adjusted", "调整后预算金额": "adjusted",
    "预算执行数": "executed", "全年执行数": "executed", "执行数": "executed", "实际执行金额": "executed",
    "实际支出数": "executed", "全年执行金额": "executed", "实际执行数": "executed", "全年预算执行数": "executed",
    "预算执行率": "rate", "执行率": "rate", "资金执行率": "rate",
    "权重": "weight", "分值": "weight",
    "得分": "score", "自评得分": "score",
    "原因": "reason", "偏差原因分析及改进措施": "reason", "偏差原因分析及改进": "reason", "措施": "reason",
    "未完成原因分析": "reason", "偏差原因": "reason",
}


AMOUNT_ROLES = ("declared", "compiled", "initial", "adjusted", "executed")


# The balance column (the budget less the executed): no field, but a column whose figures stand in the row.
BALANCE_LABELS = {"资金结余", "结余", "结转结余", "结余资金", "资金结转结余", "结余结转"}


BUDGET_TOTAL_LABELS = {
    "总额", "资金总额", "年度资金总额", "项目资金总额", "资金总额合计", "年度资金总额合计", "资金合计", "项目资金合计",
}


# A budget block may close its columns with a plain 合计 row; the same word below the indicators is the total
# score, so it names the budget total only inside the budget block.
BUDGET_BLOCK_TOTAL_LABELS = {"合计", "总计"}


INDICATOR_ROLES = {
    "指标性质": "operator", "指标方向": "operator", "绩效指标性质": "operator",
    # the Sichuan 部门整体支出绩效目标完成情况自评表 prefixes its indicator columns with 绩效
    "绩效指标值": "target", "绩效度量单位": "unit",
    "指标值": "target", "年度指标值": "target", "目标值": "target", "预期指标值": "target", "全年指标值": "target",
    "年度目标值": "target", "年初指标值": "target_initial", "调整后指标值": "target_adjusted",
    "度量单位": "unit", "计量单位": "unit", "单位": "unit",
    "完成值": "actual", "实际完成值": "actual", "实际值": "actual", "全年实际值": "actual", "实际完成": "actual",
    "全年完成值": "actual", "实际完成指标值": "actual", "年度完成值": "actual",
    "权重": "weight", "分值": "weight",
    "得分": "score", "自评得分": "score",
    "序号": "number",
    "未完成原因分析": "reason", "偏差原因分析及改进措施": "reason", "原因": "reason", "偏差原因": "reason",
    "偏差原因分析": "reason", "未完成原因": "reason", "偏差原因分析及改进": "reason",
}


# The roles of an indicator row's target and actual columns (the values, as against its points).
VALUE_ROLES = ("target", "target_initial", "target_adjusted", "actual")


INDICATOR_HEADER = {"一级指标", "二级指标", "三级指标"}


TOTAL_LABELS = {"总分", "合计", "合计得分", "总得分", "自评总分", "综合得分", "总计", "得分合计", "自评总得分"}


ANALYSIS_LABELS = {
    "项目绩效分析", "自评结果分析", "项目实施和预算执行情况", "项目实施的预算执行情况及分析", "项目自评结果分析",
    "评价结论", "存在问题", "改进措施", "主要经验做法", "产出情况", "效益情况", "满意度情况",
}


# Labels that end a 三级指标 name read backwards from its operator in a fragment stream.
STOP_IN_INDICATORS = (
    set(INDICATOR_ROLES) | INDICATOR_HEADER | TOTAL_LABELS | ANALYSIS_LABELS
    | {"项目负责人", "财务负责人", "实施单位", "填表人", "年度目标完成情况"}
)


L1_ONLY = {"产出指标", "效益指标", "决策指标", "过程指标", "产出", "效益", "决策", "过程"}


L1_AMBIGUOUS = {"满意度指标", "成本指标", "满意度", "成本"}


KNOWN_LEVELS = L1_ONLY | L1_AMBIGUOUS | {
    "数量指标", "质量指标", "时效指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
    "可持续发展指标", "服务对象满意度指标", "服务对象满意度", "经济成本指标", "社会成本指标", "生态环境成本指标",
    "社会效益", "经济效益", "生态效益", "可持续影响", "数量", "质量", "时效",
}


GENERIC_LEVEL_RE = re.compile(
    r"[\u4e00-\u9fff]{0,6}(?:效益|成本|满意度|影响|发展|数量|质量|时效|产出|决策|过程|管理)指标"
)


JUNK = {"绩效指标", "绩效指", "绩效", "指标", "标", "绩", "效", "指", "目绩效分析", "项目绩效分析"}


# What a qualitative target or actual prints (及时, 达成预期指标, 有效提升 …): in a fragment stream these tell a
# row's values from the last fragment of its name.
QUALITATIVE_VALUE_RE = re.compile(
    r"(?:部分|基本|全面|全部|均已|已|未)?(?:达成|达到|完成|实现)(?:预期|年度)?(?:指标|目标)?值?"
    r"|(?:已|按时|按期|基本|未|部分)完成|及时|按时|按期|准时"
    r"|(?:有效|基本|明显|显著|逐步|持续|稳步|进一步|大幅|有所|全面|不断)?"
    r"(?:提升|提高|改善|增强|降低|减少|支撑|保障|规范|完善|优化|落实|满足|缓解|推进|促进)"
    r"|确保|有效|显著|明显|良好|较好|好|优秀?|良|是|否|(?:基本|非常)?满意|达标|合格|符合(?:要求|标准)|长期|持续|稳定"
    r"|正常|安全|全覆盖"
)


OPERATORS = {
    "≥": "≥", ">=": "≥", "≧": "≥", "=>": "≥", "≤": "≤", "<=": "≤", "≦": "≤", "=<": "≤",
    "=": "=", "==": "=", ">": ">", "<": "<", "定性": "定性", "定量": "定量",
    "大于等于": "≥", "小于等于": "≤", "等于": "=", "大于": ">", "小于": "<", "不低于": "≥", "不高于": "≤",
}


# The four grades of MARTS.md; 合格/不合格 and other words some provinces print are kept as printed only.
GRADES = {"优": "优", "良": "良", "中": "中", "差": "差", "优秀": "优", "良好": "良"}


GRADE_WORDS = set(GRADES) | {"合格", "不合格", "中等", "较好", "较差", "一般"}


GRADE_TEXT_RE = re.compile(
    r"(?:(?:自评|评价|绩效|综合)(?:等级|结果|等次)|等级)(?:为|是|:|：)?[“\"'「]?"
    r"(优秀|良好|不合格|合格|中等|优|良|中|差)(?![\u4e00-\u9fff])"
)


# Labels that fragment-stream converters split over lines are glued back when the pieces spell one.
MERGE_VOCAB = (
    NAME_LABELS | CODE_LABELS | COMPETENT_LABELS | IMPLEMENTING_LABELS | OTHER_KEY_LABELS
    | set(BUDGET_ROLES) | set(INDICATOR_ROLES) | INDICATOR_HEADER | TOTAL_LABELS | ANALYSIS_LABELS
    | KNOWN_LEVELS | BALANCE_LABELS | {"部门预算项目支出绩效自评表", "项目支出绩效自评表"}
) - {"单位", "原因", "措施", "标", "中"}


ORG_RE = re.compile(
    r"(局|委|委员会|中心|公司|办公室|办|院|所|室|站|队|会|部|厅|处|馆|校|社|集团|政府|单位|科|组|机关|机构|街道|乡|镇|村|医院|学校)$"
)


SEAL = {"(", ")", "（", "）", "盖章", "(盖章)", "（盖章）"}


# A project code before the name: 51050021T000000035603-…, "37060224T000072861396 2024年…".
CODE_PREFIX_RES = (
    re.compile(r"^(\d{8}[A-Z]\d{12})\s*[-－—–_]*\s*"),
    re.compile(r"^([0-9A-Z]{12,})(?:\s+|\s*[-－—–_]+\s*)"),
    re.compile(r"^([0-9A-Z]{12,})(?=[\u4e00-\u9fff“\"（(])"),
)


UNIT_CODE_PREFIX_RE = re.compile(r"^\d{2,}\s*[-－—–_]\s*")


ANNOTATION_RE = re.compile(r"^[（(]\d+(?:\.\d+)?分[)）]$")


YUAN_RE = re.compile(r"(?:^|单位[:：])\(?元\)?$|\(元\)$")


HTML_RE = re.compile(r"</?p>|</?span[^>]*>|<br\s*/?>")


EXECUTION_POINTS_RE = re.compile(r"预算执行(?:情况|率)?[（(](\d+(?:\.\d+)?)分[)）]")
