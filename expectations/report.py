"""The reviewer's HTML page for one run: findings per document and per rule, with pages."""

from __future__ import annotations

import html
from collections import Counter

from expectations.findings import Finding
from expectations.rules import RULES_BY_ID


def render_report(run_id: str, findings: list[Finding], documents: list[dict]) -> str:
    names = {d["document_id"]: d for d in documents}
    failed = [f for f in findings if f.outcome == "failed"]
    unchecked = [f for f in findings if f.outcome == "could_not_check"]
    by_severity = Counter(f.severity for f in failed)
    esc = html.escape
    out = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'>",
        f"<title>gongkai quality report {esc(run_id)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}.error{color:#b00}.warning{color:#a60}</style>",
        "</head><body>",
        f"<h1>质量报告 Quality report</h1><p>run {esc(run_id)}: {len(findings)} checks, "
        f"{len(failed)} failed ({', '.join(f'{k} {v}' for k, v in sorted(by_severity.items())) or 'none'}), "
        f"{len(unchecked)} could not be checked.</p>",
        "<h2>By rule</h2><table><tr><th>rule</th><th>severity</th><th>description</th><th>passed</th><th>failed</th><th>could not check</th></tr>",
    ]
    outcomes = Counter((f.rule_id, f.outcome) for f in findings)
    for rule_id, rule in RULES_BY_ID.items():
        out.append(
            f"<tr><td><a href='#{esc(rule_id)}'>{esc(rule_id)}</a></td><td class='{rule.severity}'>{rule.severity}</td>"
            f"<td>{esc(rule.description_zh)}<br>{esc(rule.description_en)} (tolerance: {esc(rule.tolerance)})</td>"
            f"<td>{outcomes[(rule_id, 'passed')]}</td><td>{outcomes[(rule_id, 'failed')]}</td>"
            f"<td>{outcomes[(rule_id, 'could_not_check')]}</td></tr>"
        )
    out.append("</table><h2>By document</h2>")
    for document_id, doc in names.items():
        doc_failed = [f for f in failed if f.document_id == document_id]
        link = f"file://{doc.get('stored_path') or ''}"
        out.append(
            f"<h3 id='{esc(document_id)}'>{esc(doc.get('department_name') or '?')} {doc.get('fiscal_year') or ''} "
            f"— <a href='{esc(link)}'>{esc(doc.get('file_name') or document_id[:12])}</a> "
            f"(status {esc(str(doc.get('status')))}{': ' + esc(doc['status_reason']) if doc.get('status_reason') else ''})</h3>"
        )
        if not doc_failed:
            out.append("<p>No failed checks.</p>")
            continue
        out.append("<table><tr><th>severity</th><th>rule</th><th>table</th><th>page/line</th><th>observed</th><th>expected</th><th>difference</th><th>message</th></tr>")
        for f in sorted(doc_failed, key=lambda f: (f.severity != "error", f.rule_id, f.page or 0)):
            where = f"p.{f.page}" if f.page else (f"line {f.line_no}" if f.line_no else "")
            page_link = f"{link}#page={f.page}" if f.page else link
            out.append(
                f"<tr><td class='{f.severity}'>{f.severity}</td><td>{esc(f.rule_id)}</td><td>{esc(f.table_name or '')}</td>"
                f"<td><a href='{esc(page_link)}'>{where}</a></td><td>{_num(f.observed)}</td><td>{_num(f.expected)}</td>"
                f"<td>{_num(f.difference)}</td><td>{esc(f.message)}</td></tr>"
            )
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def _num(value) -> str:
    return "" if value is None else f"{value:,.2f}"
