"""Kinds of department the generator can invent, each tied to the 功能分类 codes it spends under.

The codes decide which 类/款/项 rows a department prints; project names carry a theme
that picks plausible 绩效指标 for the 项目支出绩效自评表.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bureau:
    name: str  # appended to the city/county name: 云岫市 + 数据资源局
    admin_run: str  # 行政运行 项 of the main 款 (all basic spending of the 机关 lands here)
    inst_run: str | None  # 事业运行 项, used when the department has subordinate 事业单位
    project_items: tuple[str, ...]  # 项 codes that carry project spending
    subunits: tuple[str, ...]  # subordinate 事业单位, named after the city/county
    duties: tuple[str, ...]
    projects: tuple[tuple[str, str], ...]  # (project name, indicator theme)


BUREAUS: list[Bureau] = [
    Bureau(
        name="数据资源局",
        admin_run="2010301",
        inst_run="2010350",
        project_items=("2010302", "2010399", "2013702", "2013799"),
        subunits=("大数据中心", "政务信息中心"),
        duties=(
            "统筹推进本地数字政府、数字经济和数字社会建设，拟订数据资源开发利用规划并组织实施；",
            "负责政务数据资源的归集、共享和开放，建设和管理公共数据平台；",
            "负责政务云、电子政务外网等信息基础设施的统筹建设和运行维护；",
            "承担政务信息化项目的审核和绩效评估工作；",
            "负责12345政务服务便民热线的运行管理；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("政务云平台运维服务", "ops"),
            ("电子政务外网运行维护", "ops"),
            ("12345政务服务便民热线运营", "service"),
            ("公共数据共享交换平台升级改造", "build"),
            ("数字政府建设专项培训", "training"),
            ("数据安全监测服务", "inspection"),
        ),
    ),
    Bureau(
        name="统计局",
        admin_run="2010501",
        inst_run="2010550",
        project_items=("2010502", "2010505", "2010507", "2010508"),
        subunits=("统计普查中心", "统计信息服务中心"),
        duties=(
            "贯彻执行统计法律法规，拟订本地统计工作规划和统计调查制度；",
            "组织实施人口、经济、农业等重大国情国力普查；",
            "收集、汇总、整理和提供国民经济和社会发展的基本统计数据；",
            "监督检查统计法律法规的实施，依法查处统计违法行为；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("经济普查工作经费", "research"),
            ("统计抽样调查经费", "inspection"),
            ("统计数据质量核查", "inspection"),
            ("统计信息化系统运维", "ops"),
            ("统计业务培训", "training"),
        ),
    ),
    Bureau(
        name="发展和改革局",
        admin_run="2010401",
        inst_run="2010450",
        project_items=("2010402", "2010499"),
        subunits=("价格认证中心", "重点项目服务中心"),
        duties=(
            "拟订并组织实施国民经济和社会发展战略、中长期规划和年度计划；",
            "统筹协调经济社会发展，研究分析经济形势并提出调控建议；",
            "负责重大建设项目的审核、核准和备案工作；",
            "承担价格监测和成本调查工作；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("重大项目前期工作经费", "research"),
            ("价格监测工作经费", "inspection"),
            ("国民经济和社会发展规划编制", "research"),
            ("粮食安全和物资储备保障", "service"),
        ),
    ),
    Bureau(
        name="财政局",
        admin_run="2010601",
        inst_run="2010650",
        project_items=("2010602", "2010607", "2010608"),
        subunits=("财政投资评审中心", "会计核算中心"),
        duties=(
            "拟订本地财政发展规划和财税政策，编制年度预决算草案并组织执行；",
            "负责政府非税收入和政府性基金管理；",
            "负责政府采购和国有资产的监督管理；",
            "组织实施预算绩效管理和财政监督；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("财政信息化系统运维", "ops"),
            ("预算绩效评价委托业务", "research"),
            ("政府采购监督管理", "inspection"),
            ("财务会计人员培训", "training"),
        ),
    ),
    Bureau(
        name="市场监督管理局",
        admin_run="2013801",
        inst_run="2013850",
        project_items=("2013802", "2013804", "2013805", "2013816"),
        subunits=("食品药品检验所", "特种设备检验所"),
        duties=(
            "负责本地市场综合监督管理，组织实施质量强市战略；",
            "负责市场主体统一登记注册和信用监管；",
            "负责食品安全监督管理的综合协调和监督抽检；",
            "负责特种设备安全监察和计量、标准化工作；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("食品安全监督抽检", "inspection"),
            ("市场主体登记服务", "service"),
            ("特种设备安全监察", "inspection"),
            ("知识产权保护专项", "training"),
        ),
    ),
    Bureau(
        name="科学技术局",
        admin_run="2060101",
        inst_run=None,
        project_items=("2060102", "2060499", "2060702"),
        subunits=("科技情报研究所",),
        duties=(
            "拟订本地科技创新发展规划和政策并组织实施；",
            "统筹推进科技创新体系建设和科技体制改革；",
            "负责科技计划项目和科技资金的管理；",
            "组织开展科学技术普及工作；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("科技创新券补助", "subsidy"),
            ("科普活动经费", "training"),
            ("高新技术企业培育", "subsidy"),
            ("科技成果转化服务", "service"),
        ),
    ),
    Bureau(
        name="文化广电旅游局",
        admin_run="2070101",
        inst_run=None,
        project_items=("2070102", "2070109", "2070112", "2070113"),
        subunits=("文化馆", "图书馆"),
        duties=(
            "贯彻落实文化、旅游、广播电视工作方针政策，拟订发展规划并组织实施；",
            "统筹推进公共文化服务体系建设；",
            "负责文化和旅游市场的行业监管和综合执法；",
            "组织开展旅游宣传推广和对外交流；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("群众文化活动经费", "training"),
            ("旅游宣传推广", "service"),
            ("文化市场综合执法", "inspection"),
            ("公共文化设施免费开放", "subsidy"),
        ),
    ),
    Bureau(
        name="人力资源和社会保障局",
        admin_run="2080101",
        inst_run="2080150",
        project_items=("2080102", "2080109"),
        subunits=("社会保险事业管理中心", "劳动人事争议仲裁院"),
        duties=(
            "拟订本地人力资源和社会保障事业发展规划和政策并组织实施；",
            "负责促进就业和职业技能培训工作；",
            "统筹建立覆盖城乡的社会保障体系；",
            "负责劳动保障监察和劳动人事争议调解仲裁；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("就业创业服务", "service"),
            ("职业技能培训补贴", "subsidy"),
            ("劳动保障监察执法", "inspection"),
            ("社保经办信息系统运维", "ops"),
        ),
    ),
    Bureau(
        name="卫生健康委员会",
        admin_run="2100101",
        inst_run=None,
        project_items=("2100102", "2100408", "2100409"),
        subunits=("疾病预防控制中心", "卫生监督所"),
        duties=(
            "拟订本地卫生健康事业发展规划和政策并组织实施；",
            "负责疾病预防控制和突发公共卫生事件的应急处置；",
            "组织实施基本公共卫生服务项目；",
            "负责医疗机构和医疗服务行业的监督管理；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("基本公共卫生服务项目", "service"),
            ("重大传染病防控", "inspection"),
            ("爱国卫生运动", "training"),
            ("家庭医生签约服务补助", "subsidy"),
        ),
    ),
    Bureau(
        name="生态环境局",
        admin_run="2110101",
        inst_run=None,
        project_items=("2110102", "2110104", "2110199", "2110301", "2110302"),
        subunits=("生态环境监测站",),
        duties=(
            "拟订本地生态环境保护规划和政策并组织实施；",
            "负责大气、水体、土壤等污染防治的监督管理；",
            "负责生态环境监测和信息发布；",
            "组织开展生态环境保护督察和执法；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("大气污染防治", "inspection"),
            ("水环境质量监测", "inspection"),
            ("生态环境保护宣传教育", "training"),
            ("环境监测设备运维", "ops"),
        ),
    ),
    Bureau(
        name="农业农村局",
        admin_run="2130101",
        inst_run="2130104",
        project_items=("2130102", "2130108", "2130199"),
        subunits=("农业技术推广中心", "动物疫病预防控制中心"),
        duties=(
            "统筹研究和组织实施“三农”工作的发展战略和政策；",
            "负责种植业、畜牧业、渔业等农业各产业的监督管理；",
            "负责农产品质量安全监督管理和动植物疫病防控；",
            "组织推动农业科技进步和农业技术推广；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("高标准农田建设监管", "inspection"),
            ("动物疫病防控", "inspection"),
            ("农业技术推广服务", "training"),
            ("农业生产发展补助", "subsidy"),
        ),
    ),
    Bureau(
        name="经济和信息化局",
        admin_run="2150501",
        inst_run=None,
        project_items=("2150502", "2150508", "2150599"),
        subunits=("无线电监测站", "中小企业服务中心"),
        duties=(
            "拟订本地工业和信息化发展规划和政策并组织实施；",
            "负责工业经济运行的监测分析和调节；",
            "推进信息化和工业化深度融合，促进中小企业发展；",
            "负责无线电频率、台站的管理和无线电监测；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("工业经济运行监测", "inspection"),
            ("中小企业公共服务", "service"),
            ("无线电监测设施运维", "ops"),
            ("两化融合专项培训", "training"),
        ),
    ),
    Bureau(
        name="城市管理局",
        admin_run="2120101",
        inst_run=None,
        project_items=("2120102", "2120104", "2120199"),
        subunits=("数字化城市管理监督指挥中心", "环境卫生管理所"),
        duties=(
            "拟订本地城市管理的规划和政策并组织实施；",
            "负责市容环境卫生和城市照明的监督管理；",
            "负责城市管理综合行政执法工作；",
            "负责数字化城市管理平台的建设和运行；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("城市管理执法装备购置", "build"),
            ("市容环境综合整治", "inspection"),
            ("数字城管平台运维", "ops"),
            ("垃圾分类宣传推广", "training"),
        ),
    ),
    Bureau(
        name="应急管理局",
        admin_run="2240101",
        inst_run="2240150",
        project_items=("2240102", "2240106"),
        subunits=("应急救援指挥中心",),
        duties=(
            "拟订本地应急管理和安全生产的规划和政策并组织实施；",
            "负责自然灾害和安全生产事故的应急救援指挥；",
            "负责安全生产综合监督管理和工矿商贸行业安全监管；",
            "负责应急物资储备和应急预案体系建设；",
            "完成本级党委、政府交办的其他任务。",
        ),
        projects=(
            ("安全生产监管执法", "inspection"),
            ("应急救援物资储备", "build"),
            ("应急演练与培训", "training"),
            ("应急指挥信息系统运维", "ops"),
        ),
    ),
]

# Project-only 类 a department may also spend under, outside its own line of work.
EXTRA_PROJECT_ITEMS: list[str] = ["2060702", "2120199", "2139999", "2240102"]

# 政府性基金 and 国有资本经营 spending, when a document has any.
GOVERNMENT_FUND_ITEMS: list[str] = ["2296002", "2296003"]
STATE_CAPITAL_ITEMS: list[str] = ["2230105"]
