"""Assembles one disclosure into the outline of a real 部门决算公开 document.

Part order follows the published documents: 部门概况, the ten standard tables (each on
its own page), 情况说明, 名词解释, and the 项目支出绩效自评表 as attachments.
"""

from __future__ import annotations

from sample_corpus.blocks import Block, Cover, Heading, PageBreak, Para, TableBlock
from sample_corpus.catalog import FUNCTIONAL
from sample_corpus.model import Disclosure
from sample_corpus.narrative import narrative
from sample_corpus.reports import overall_report, project_report
from sample_corpus.tables import STANDARD_TITLES, project_table, standard_tables

NUMERALS = "一二三四五六七八九十"

GLOSSARY = [
    "财政拨款收入：指本级财政部门当年拨付给本部门的资金，包括一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款。",
    "事业收入：指事业单位开展专业业务活动及其辅助活动所取得的收入。",
    "其他收入：指除财政拨款收入、事业收入、经营收入等以外的各项收入。",
    "使用非财政拨款结余：指事业单位动用以前年度积累的非财政拨款结余，弥补本年度收支差额的金额。",
    "年初结转和结余：指以前年度尚未完成、按规定结转到本年度继续使用的资金。",
    "年末结转和结余：指本年度或以前年度安排、因客观条件变化需延续到以后年度按规定继续使用的资金。",
    "基本支出：指为保障机构正常运转、完成日常工作任务而发生的人员经费和公用经费支出。",
    "项目支出：指在基本支出之外，为完成特定行政工作任务或事业发展目标而发生的支出。",
    "“三公”经费：指用财政拨款安排的因公出国（境）费、公务用车购置及运行维护费和公务接待费。",
    "机关运行经费：指行政单位和参照公务员法管理的事业单位使用一般公共预算财政拨款安排的基本支出中的日常公用经费支出。",
]


def outline(d: Disclosure) -> list[Block]:
    y = d.fiscal_year
    blocks: list[Block] = [Cover((d.department_name, f"{y}年度部门决算公开")), PageBreak()]
    blocks += _contents(d)
    blocks.append(PageBreak())

    blocks.append(Heading("第一部分 部门概况", 1))
    blocks.append(Heading("一、部门职责", 2))
    blocks += [Para(f"（{NUMERALS[k]}）{duty}") for k, duty in enumerate(d.duties)]
    blocks.append(Heading("二、机构设置", 2))
    blocks += _organisation(d)

    blocks.append(PageBreak())
    blocks.append(Heading(f"第二部分 {y}年度部门决算表", 1))
    for grid in standard_tables(d):
        blocks.append(PageBreak())
        blocks.append(TableBlock(grid))

    blocks.append(PageBreak())
    blocks += narrative(d)

    blocks.append(Heading("第四部分 名词解释", 1))
    entries = list(GLOSSARY)
    if d.style.long_form:
        entries += [_explain(r.code) for r in d.subject_rows() if r.level == 3]
    blocks += [Para(f"{k}.{entry}") for k, entry in enumerate(entries, start=1)]

    blocks.append(PageBreak())
    blocks.append(Heading("第五部分 附件", 1))
    if d.style.long_form:
        blocks += overall_report(d)
        blocks.append(PageBreak())
    blocks.append(Para(f"附件{2 if d.style.long_form else ''}：{y}年度项目支出绩效自评表"))
    for project in d.projects:
        blocks.append(PageBreak())
        blocks.append(TableBlock(project_table(d, project)))
        if d.style.long_form:
            blocks.append(PageBreak())
            blocks += project_report(d, project)
    return blocks


ITEM_MEANINGS = {
    "行政运行": "反映行政单位（含实行公务员管理的事业单位）保障机构正常运行的基本支出",
    "一般行政管理事务": "反映行政单位未单独设置项级科目的其他项目支出",
    "事业运行": "反映事业单位保障机构正常运行的基本支出",
    "机关事业单位基本养老保险缴费支出": "反映机关事业单位按规定为职工缴纳的基本养老保险费",
    "机关事业单位职业年金缴费支出": "反映机关事业单位按规定为职工缴纳的职业年金",
    "行政单位离退休": "反映行政单位离退休人员的离退休费等支出",
    "行政单位医疗": "反映行政单位为职工缴纳的基本医疗保险费",
    "事业单位医疗": "反映事业单位为职工缴纳的基本医疗保险费",
    "公务员医疗补助": "反映按规定安排的公务员医疗补助经费",
    "住房公积金": "反映按规定比例为职工缴存的住房公积金",
}


def _explain(code: str) -> str:
    path = f"{FUNCTIONAL[code[:3]]}（类）{FUNCTIONAL[code[:5]]}（款）{FUNCTIONAL[code]}（项）"
    meaning = ITEM_MEANINGS.get(FUNCTIONAL[code], f"反映用于{FUNCTIONAL[code].removesuffix('支出')}方面的支出")
    return f"{path}：{meaning}。"


def _contents(d: Disclosure) -> list[Block]:
    y = d.fiscal_year
    lines = ["第一部分 部门概况", "一、部门职责", "二、机构设置", f"第二部分 {y}年度部门决算表"]
    lines += [f"{NUMERALS[k]}、{title}" for k, (_, _, title) in enumerate(STANDARD_TITLES)]
    lines += [f"第三部分 {y}年度部门决算情况说明", "第四部分 名词解释", "第五部分 附件"]
    return [Heading("目 录", 1)] + [Para(line) for line in lines]


def _organisation(d: Disclosure) -> list[Block]:
    y = d.fiscal_year
    offices = 3 + d.headcount // 12
    if not d.subunits:
        return [Para(f"{d.department_name}内设职能科室{offices}个，无下属预算单位，{y}年度部门决算为本级决算。")]
    return [
        Para(f"{d.department_name}内设职能科室{offices}个，下属事业单位{len(d.subunits)}个。纳入{d.department_name}{y}年度部门决算编制范围的单位包括："),
        Para(f"1.{d.department_name}（本级）"),
    ] + [Para(f"{k}.{unit}") for k, unit in enumerate(d.subunits, start=2)]
