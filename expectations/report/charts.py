"""The charts of the report and the department profile, built on expectations.report.svg."""

from __future__ import annotations

from collections import Counter, defaultdict

from expectations.report.svg import PALETTE, SEVERITY_COLOURS, Bar, Segment, bar_chart

SEVERITIES = ("error", "warning", "info")
FAMILY_NAMES = {
    "sanity": "提取健全 sanity", "coverage": "覆盖 coverage", "table": "表内 within a table",
    "three_public": "三公 three public", "cross": "表间 across tables", "narrative": "说明 vs 表 narrative",
    "completeness": "完整 completeness", "performance": "绩效 performance",
}

# The headline figures a document's structure chart shows: (column, label, group); printed values only.
INCOME = [("income_total", "本年收入合计"), ("income_general_public_budget", "一般公共预算拨款收入"),
          ("income_government_fund", "政府性基金预算拨款收入")]
EXPENSE = [("expense_total", "本年支出合计"), ("expense_basic", "基本支出"), ("expense_project", "项目支出"),
           ("personnel_expense", "人员经费"), ("public_expense", "公用经费")]


def family(rule_id: str) -> str:
    return rule_id.split(".", 1)[0]


def findings_by_family(findings) -> str:
    counts: dict[str, Counter] = defaultdict(Counter)
    for f in findings:
        if f.outcome == "failed":
            counts[family(f.rule_id)][f.severity] += 1
    bars = [Bar(FAMILY_NAMES.get(fam, fam), tuple(Segment(s, c[s], SEVERITY_COLOURS[s]) for s in SEVERITIES if c[s]),
                href=f"#family-{fam}")
            for fam, c in sorted(counts.items(), key=lambda kv: (-kv[1]["error"], -sum(kv[1].values())))]
    return bar_chart(bars, "失败的检查（按规则类别） Failed checks by rule family", width=560)


def findings_by_document(cards, limit: int = 20) -> str:
    ranked = [c for c in cards if any(c.counts[s] for s in SEVERITIES)][:limit]
    bars = [Bar(_document_label(c.document),
                tuple(Segment(s, c.counts[s], SEVERITY_COLOURS[s]) for s in SEVERITIES if c.counts[s]),
                href=f"#doc-{c.document_id}") for c in ranked]
    title = "失败的检查（按文件） Failed checks by document"
    if len(ranked) == limit:
        title += f" — the {limit} needing most attention"
    return bar_chart(bars, title, width=640)


def document_structure(figures: dict | None) -> str:
    """Income and expenditure as printed: each total beside its printed parts, so a gap shows at a glance."""
    if not figures:
        return ""
    bars = []
    for group, colour in ((INCOME, PALETTE[0]), (EXPENSE, PALETTE[1])):
        for i, (column, label) in enumerate(group):
            value = figures.get(column)
            if value is not None:
                bars.append(Bar(("" if i == 0 else "　") + label, (Segment(label, value, colour if i == 0 else _lighter(colour)),)))
    if len(bars) < 2:
        return ""
    return bar_chart(bars, "收支结构 Income and expenditure as printed", "万元", width=520, legend=False)


def functional_mix(rows: list[dict] | None, title: str = "支出功能分类（类） Functional mix") -> str:
    """类-level spending; a share beside each bar, '(叙述)' where only the narrative states the amount."""
    rows = [r for r in rows or [] if r.get("amount") is not None and r["amount"] > 0]
    if not rows:
        return ""
    total = sum(r["amount"] for r in rows)
    bars = [Bar(f"{r['subject_code']} {r.get('subject_name') or ''}".strip(),
                (Segment(r.get("subject_name") or r["subject_code"], r["amount"], PALETTE[i % len(PALETTE)]),),
                note=f"{100 * r['amount'] / total:.1f}%" + (" (叙述)" if r.get("source") == "narrative" else ""))
            for i, r in enumerate(sorted(rows, key=lambda r: -r["amount"]))]
    return bar_chart(bars, title, "万元", width=560, legend=False)


def _document_label(doc: dict) -> str:
    year = doc.get("fiscal_year") or ""
    return f"{doc.get('department_name') or doc.get('file_name') or '?'} {year}".strip()


def _lighter(colour: str) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{int(c + (255 - c) * 0.45):02x}" for c in (r, g, b))
