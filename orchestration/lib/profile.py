"""A department's profile: one self-contained HTML page (styles and SVG charts inline, no script, no network) with
its documents, headline figures by year (budget and final side by side), functional mix, 三公 trend, projects'
scores against execution, and the findings still open. `gongkai profile` writes one; the report writes one per
department beside itself and links them."""

from __future__ import annotations

from pathlib import Path

from expectations.report import charts
from expectations.report.page import esc, num, page, pct
from expectations.report.svg import PALETTE, SEVERITY_COLOURS, line_chart, scatter
from orchestration.lib.profile_data import HEADLINES, Profile, load_profiles
from orchestration.lib.report_sources import safe_name

KIND_NAMES = {"final_accounts": "决算 final", "budget": "预算 budget", "performance_self_evaluation": "绩效自评",
              "template": "template", "other": "other"}


def profile_file_name(department: str) -> str:
    return safe_name(department) + ".html"


def write_profiles(con, folder: Path, departments: list[str] | None = None, back: str = "",
                   run_id: str | None = None) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, profile in load_profiles(con, departments, run_id).items():
        path = folder / profile_file_name(name)
        path.write_text(render_profile(profile, back), encoding="utf-8")
        written[name] = path
    return written


def render_profile(p: Profile, back: str = "") -> str:
    first = p.documents[0] if p.documents else {}
    region = " ".join(str(first.get(k)) for k in ("province", "city", "county") if first.get(k))
    years = sorted({d["fiscal_year"] for d in p.documents if d.get("fiscal_year")})
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "")
    out = [f"<h1>{esc(p.department)}</h1>",
           f"<p class='summary'>{esc(region)} — {len(p.documents)} document{'s' if len(p.documents) != 1 else ''} {esc(span)} — "
           f"{_open_findings_line(p)}" + (f" — <a href='{esc(back)}'>quality report</a>" if back else "") + "</p>",
           "<h2>文件 Documents</h2>", _documents_table(p),
           "<h2>主要数字（按年度） Headline figures by year</h2>", _headlines(p),
           "<h2>支出功能分类 Functional mix</h2>", _functional(p),
           "<h2>“三公”经费 Three public costs</h2>", _three_public(p),
           "<h2>项目绩效 Projects: score against execution</h2>", _projects(p),
           "<h2>未解决的问题 Open findings</h2>", _findings(p)]
    return page(f"{p.department} — gongkai profile", out)


def _open_findings_line(p: Profile) -> str:
    counts = {s: sum(1 for f in p.findings if f["severity"] == s) for s in ("error", "warning", "info")}
    parts = [f"<span class='{s}'>{n} {s}</span>" for s, n in counts.items() if n]
    return ("open findings: " + ", ".join(parts)) if parts else "no open findings"


def _documents_table(p: Profile) -> str:
    rows = ["<table><tr><th>year</th><th>kind</th><th>file</th><th>status</th><th>coverage</th><th>withheld</th></tr>"]
    for d in p.documents:
        printed = sum(d.get(f"{x}_figures_printed") or 0 for x in ("table", "project", "narrative"))
        captured = sum(d.get(f"{x}_figures_captured") or 0 for x in ("table", "project", "narrative"))
        rows.append(f"<tr><td>{esc(d.get('fiscal_year'))}</td><td>{esc(KIND_NAMES.get(d.get('doc_kind'), d.get('doc_kind')))}</td>"
                    f"<td>{esc(d.get('file_name'))}</td><td>{esc(d.get('status'))}</td>"
                    f"<td class='num'>{pct(captured, printed)}</td><td>{esc(d.get('withheld_summary') or '')}</td></tr>")
    rows.append("</table>")
    return "".join(rows)


def _headlines(p: Profile) -> str:
    if not p.finance:
        return "<p>No headline figures in the marts for this department.</p>"
    columns = [(f["fiscal_year"], f["doc_kind"]) for f in p.finance]
    rows = ["<table><tr><th>figure (万元)</th>" + "".join(
        f"<th>{esc(y)} {esc(KIND_NAMES.get(k, k))}</th>" for y, k in columns) + "</tr>"]
    for column, label in HEADLINES:
        values = [f.get(column) for f in p.finance]
        if all(v is None for v in values):
            continue
        rows.append(f"<tr><td>{esc(label)}</td>" + "".join(f"<td class='num'>{num(v)}</td>" for v in values) + "</tr>")
    rows.append("</table>")
    series: dict[str, list[tuple[int, float | None]]] = {}
    for kind in ("final_accounts", "budget"):
        for column, label in (("income_total", "收入合计"), ("expense_total", "支出合计")):
            points = [(f["fiscal_year"], f.get(column)) for f in p.finance if f["doc_kind"] == kind and f.get(column) is not None]
            if points:
                series[f"{KIND_NAMES[kind].split()[0]} {label}"] = points
    chart = line_chart(series, "收支（按年度） Income and expenditure by year", "万元", width=560) if series else ""
    return "".join(rows) + chart


def _functional(p: Profile) -> str:
    out = []
    for d in reversed(p.documents):  # the latest year first
        rows = p.functional.get(d["document_id"])
        if rows:
            title = f"{d.get('fiscal_year')} {KIND_NAMES.get(d.get('doc_kind'), '')}（类）"
            out.append(charts.functional_mix(rows, title))
        if len(out) == 3:
            break
    return "<div class='charts'>" + "".join(out) + "</div>" if out else "<p>No 功能分类 figures.</p>"


def _three_public(p: Profile) -> str:
    if not p.three_public:
        return "<p>No “三公” figures.</p>"
    series: dict[str, list[tuple[int, float | None]]] = {}
    for row in p.three_public:
        kind = KIND_NAMES.get(row["doc_kind"], row["doc_kind"]).split()[0]
        if row.get("actual_total") is not None:
            series.setdefault(f"{kind} 决算数 actual", []).append((row["fiscal_year"], row["actual_total"]))
        if row.get("budget_total") is not None:
            series.setdefault(f"{kind} 预算数 budget", []).append((row["fiscal_year"], row["budget_total"]))
    table = ["<table><tr><th>year</th><th>kind</th><th>budget</th><th>actual</th><th>vehicles</th><th>reception</th>"
             "<th>outbound</th></tr>"]
    for row in p.three_public:
        table.append(f"<tr><td>{row['fiscal_year']}</td><td>{esc(KIND_NAMES.get(row['doc_kind'], row['doc_kind']))}</td>"
                     + "".join(f"<td class='num'>{num(row.get(c))}</td>" for c in
                               ("budget_total", "actual_total", "vehicle_total", "reception", "outbound_travel")) + "</tr>")
    table.append("</table>")
    return line_chart(series, "“三公”经费（按年度） by year", "万元", width=560) + "".join(table)


def _projects(p: Profile) -> str:
    scored = [r for r in p.projects if r.get("total_score") is not None and r.get("execution_rate_pct") is not None]
    if not p.projects:
        return "<p>No project self-evaluations.</p>"
    points = [(r["execution_rate_pct"], r["total_score"], f"{r['fiscal_year']} {r['project_name']}",
               SEVERITY_COLOURS["error"] if r.get("is_high_score_low_execution") else PALETTE[0]) for r in scored]
    flagged = [r for r in p.projects if r.get("is_high_score_low_execution") or r.get("is_executed_over_budget")]
    chart = scatter(points, "总分与执行率 Score against execution", "执行率 execution %", "总分 score", x_max=100, y_max=100)
    chart += (f"<p class='muted'>{len(scored)} of {len(p.projects)} projects print both a score and an execution rate; "
              "red: score ≥ 90 with execution under 60%.</p>")
    if not flagged:
        return chart
    rows = ["<table><tr><th>year</th><th>project</th><th>score</th><th>execution %</th><th>flag</th></tr>"]
    for r in flagged:
        flag = "high score, low execution" if r.get("is_high_score_low_execution") else "executed over budget"
        rows.append(f"<tr><td>{r['fiscal_year']}</td><td>{esc(r['project_name'])}</td><td class='num'>{num(r.get('total_score'))}</td>"
                    f"<td class='num'>{num(r.get('execution_rate_pct'))}</td><td>{flag}</td></tr>")
    rows.append("</table>")
    return chart + "".join(rows)


def _findings(p: Profile) -> str:
    if not p.findings:
        return "<p>None in the latest run.</p>"
    rows = ["<table><tr><th>severity</th><th>rule</th><th>document</th><th>where</th><th>observed</th><th>expected</th>"
            "<th>message</th></tr>"]
    for f in p.findings[:300]:
        where = " · ".join(x for x in (f"p.{f['page']}" if f.get("page") else "", f"line {f['line_no']}" if f.get("line_no") else "") if x)
        rows.append(f"<tr><td class='{esc(f['severity'])}'>{esc(f['severity'])}</td><td>{esc(f['rule_id'])}</td>"
                    f"<td>{esc(f.get('fiscal_year'))} {esc(f.get('file_name'))}</td><td>{esc(where)}</td>"
                    f"<td class='num'>{num(f.get('observed'))}</td><td class='num'>{num(f.get('expected'))}</td>"
                    f"<td>{esc(f['message'])}</td></tr>")
    rows.append("</table>")
    more = len(p.findings) - 300
    return "".join(rows) + (f"<p class='muted'>and {more} more (see the run's findings.csv)</p>" if more > 0 else "")
