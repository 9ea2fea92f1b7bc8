"""The reviewer's HTML page for one run: findings per document and per rule, each linking to the
document (and, for a PDF, the page) where a reader checks it. "Could not check" is counted apart
from "failed" everywhere."""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from pathlib import Path

from expectations.findings import Finding
from expectations.rules import RULES_BY_ID

OUTCOMES = ("passed", "failed", "could_not_check")
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

_STYLE = """body{font-family:sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse;margin-bottom:1em}
td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px;vertical-align:top}th{background:#f4f4f4}
.error{color:#b00;font-weight:bold}.warning{color:#a60}.info{color:#468}.num{text-align:right;font-family:monospace}
details{margin:0.5em 0}summary{cursor:pointer}"""


def _document_link(doc: dict | None) -> str:
    if not doc:
        return ""
    path = doc.get("stored_path") or doc.get("source_file") or ""
    if not path:
        return ""
    return Path(path).resolve().as_uri() if not str(path).startswith("file:") else str(path)


def _where(f: Finding) -> str:
    parts = []
    if f.page:
        parts.append(f"p.{f.page}")
    if f.line_no:
        parts.append(f"line {f.line_no}")
    return ", ".join(parts)


def _finding_link(f: Finding, doc: dict | None) -> str:
    """The document's address, at the finding's page for a PDF (#page=N); text files open at the top."""
    link = _document_link(doc)
    if link and f.page and str(link).lower().endswith(".pdf"):
        return f"{link}#page={f.page}"
    return link


def _num(value) -> str:
    if value is None:
        return ""
    return f"{value:,.4f}".rstrip("0").rstrip(".") if abs(value - round(value, 2)) > 1e-9 else f"{value:,.2f}"


def render_report(run_id: str, findings: list[Finding], documents: list[dict], data_docs: Path | str | None = None) -> str:
    """The run's report; `data_docs`: the Great Expectations Data Docs index of the same run, if built."""
    esc = html.escape
    names = {d["document_id"]: d for d in documents}
    failed = [f for f in findings if f.outcome == "failed"]
    unchecked = [f for f in findings if f.outcome == "could_not_check"]
    by_severity = Counter(f.severity for f in failed)
    outcomes = Counter((f.rule_id, f.outcome) for f in findings)
    doc_outcomes = Counter((f.document_id, f.outcome) for f in findings)

    def doc_label(document_id: str | None) -> str:
        doc = names.get(document_id or "")
        if not doc:
            return esc((document_id or "—")[:12])
        return esc(f"{doc.get('department_name') or '?'} {doc.get('fiscal_year') or ''} ({doc.get('file_name') or document_id[:12]})")

    def finding_row(f: Finding, with_rule: bool, with_doc: bool) -> str:
        doc = names.get(f.document_id or "")
        link = _finding_link(f, doc)
        where = esc(_where(f)) or "—"
        cells = [f"<td class='{f.severity}'>{f.severity}</td>"]
        if with_rule:
            cells.append(f"<td><a href='#rule-{esc(f.rule_id)}'>{esc(f.rule_id)}</a></td>")
        if with_doc:
            cells.append(f"<td><a href='#doc-{esc(f.document_id or '')}'>{doc_label(f.document_id)}</a></td>")
        cells += [
            f"<td>{esc(f.table_name or '')}</td>",
            f"<td><a href='{esc(link)}'>{where}</a></td>" if link else f"<td>{where}</td>",
            f"<td class='num'>{_num(f.observed)}</td><td class='num'>{_num(f.expected)}</td><td class='num'>{_num(f.difference)}</td>",
            f"<td>{esc(f.message)}</td>",
        ]
        return "<tr>" + "".join(cells) + "</tr>"

    def header(with_rule: bool, with_doc: bool) -> str:
        cols = ["severity"] + (["rule"] if with_rule else []) + (["document"] if with_doc else []) + [
            "table", "page / line", "observed", "expected", "difference", "message"]
        return "<table><tr>" + "".join(f"<th>{c}</th>" for c in cols) + "</tr>"

    def ordered(items: list[Finding]) -> list[Finding]:
        return sorted(items, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.rule_id, f.page or 0, f.line_no or 0))

    out = [
        "<!doctype html><html lang='zh'><head><meta charset='utf-8'>",
        f"<title>gongkai quality report {esc(run_id)}</title><style>{_STYLE}</style></head><body>",
        "<h1>质量报告 Quality report</h1>",
        f"<p>run <code>{esc(run_id)}</code>: {len(documents)} documents, {len(findings)} checks — "
        f"<b>{len(failed)} failed</b> ({', '.join(f'{k} {v}' for k, v in sorted(by_severity.items(), key=lambda kv: SEVERITY_ORDER.get(kv[0], 9))) or 'none'}), "
        f"{outcomes_total(findings, 'passed')} passed, <b>{len(unchecked)} could not be checked</b> (inputs missing; never counted as passed).</p>",
        "<p>error: our extraction is broken; warning: the document contradicts itself (or a number was misread); "
        "info: for the record. Amounts in 万元; tolerances allow a cent per summed printed row.</p>",
        (f"<p>Great Expectations Data Docs of this run: <a href='{esc(Path(data_docs).resolve().as_uri())}'>{esc(str(data_docs))}</a></p>"
         if data_docs else ""),
        "<h2>By rule</h2><table><tr><th>rule</th><th>severity</th><th>description</th><th>tolerance</th>"
        "<th>passed</th><th>failed</th><th>could not check</th></tr>",
    ]
    for rule_id, rule in RULES_BY_ID.items():
        out.append(
            f"<tr><td><a href='#rule-{esc(rule_id)}'>{esc(rule_id)}</a></td><td class='{rule.severity}'>{rule.severity}</td>"
            f"<td>{esc(rule.description_zh)}<br>{esc(rule.description_en)}</td><td>{esc(rule.tolerance)}</td>"
            f"<td class='num'>{outcomes[(rule_id, 'passed')]}</td><td class='num'>{outcomes[(rule_id, 'failed')]}</td>"
            f"<td class='num'>{outcomes[(rule_id, 'could_not_check')]}</td></tr>"
        )
    out.append("</table>")

    out.append("<h2>By document</h2><table><tr><th>document</th><th>status</th><th>passed</th><th>failed</th><th>could not check</th></tr>")
    for document_id, doc in names.items():
        out.append(
            f"<tr><td><a href='#doc-{esc(document_id)}'>{doc_label(document_id)}</a></td><td>{esc(str(doc.get('status')))}</td>"
            + "".join(f"<td class='num'>{doc_outcomes[(document_id, o)]}</td>" for o in OUTCOMES) + "</tr>"
        )
    out.append("</table>")
    for document_id, doc in names.items():
        link = _document_link(doc)
        reason = f": {esc(doc['status_reason'])}" if doc.get("status_reason") else ""
        out.append(
            f"<h3 id='doc-{esc(document_id)}'>{doc_label(document_id)}</h3>"
            f"<p>status {esc(str(doc.get('status')))}{reason} — "
            + (f"<a href='{esc(link)}'>open the document</a>" if link else "no stored copy")
            + f" — document id <code>{esc(document_id)}</code></p>"
        )
        doc_failed = ordered([f for f in failed if f.document_id == document_id])
        doc_unchecked = ordered([f for f in unchecked if f.document_id == document_id])
        if doc_failed:
            out.append(header(with_rule=True, with_doc=False))
            out.extend(finding_row(f, True, False) for f in doc_failed)
            out.append("</table>")
        else:
            out.append("<p>No failed checks.</p>")
        if doc_unchecked:
            out.append(f"<details><summary>{len(doc_unchecked)} could not be checked</summary>")
            out.append(header(with_rule=True, with_doc=False))
            out.extend(finding_row(f, True, False) for f in doc_unchecked)
            out.append("</table></details>")

    out.append("<h2>By rule: failed and unchecked findings</h2>")
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in failed + unchecked:
        by_rule[f.rule_id].append(f)
    for rule_id, rule in RULES_BY_ID.items():
        items = by_rule.get(rule_id, [])
        out.append(f"<h3 id='rule-{esc(rule_id)}'>{esc(rule_id)} <span class='{rule.severity}'>({rule.severity})</span></h3>"
                   f"<p>{esc(rule.description_zh)} / {esc(rule.description_en)} — tolerance: {esc(rule.tolerance)}</p>")
        rule_failed = [f for f in items if f.outcome == "failed"]
        rule_unchecked = [f for f in items if f.outcome == "could_not_check"]
        if rule_failed:
            out.append(header(with_rule=False, with_doc=True))
            out.extend(finding_row(f, False, True) for f in ordered(rule_failed))
            out.append("</table>")
        else:
            out.append(f"<p>No failed checks ({outcomes[(rule_id, 'passed')]} passed).</p>")
        if rule_unchecked:
            out.append(f"<details><summary>{len(rule_unchecked)} could not be checked</summary>")
            out.append(header(with_rule=False, with_doc=True))
            out.extend(finding_row(f, False, True) for f in ordered(rule_unchecked))
            out.append("</table></details>")
    out.append("</body></html>")
    return "\n".join(out)


def outcomes_total(findings: list[Finding], outcome: str) -> int:
    return sum(f.outcome == outcome for f in findings)
