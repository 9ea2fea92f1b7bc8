"""The reviewer's page for one run. Top first: which documents need attention and why (the scorecard, sorted by
severity), then the charts, then each document's findings quoting the printed text with a link to the place in the
source and, for a PDF, an image of that place; the rules last. "Could not check" is counted apart from "failed"
everywhere. Everything is inline or beside the page (relative links), so the folder works offline and moved."""

from __future__ import annotations

from collections import Counter, defaultdict

from expectations.report import charts
from expectations.report.model import DocumentCard, ReportData, ReportFinding
from expectations.report.page import SEVERITY_ORDER, count_cell, esc, href, num, page, pct
from expectations.rules import RULES_BY_ID


def render_report(data: ReportData) -> str:
    failed = [f for f in data.findings if f.outcome == "failed"]
    by_doc: dict[str, list[ReportFinding]] = defaultdict(list)
    for f in data.findings:
        by_doc[f.document_id or ""].append(f)
    body = [_header(data, failed), _scorecard(data.cards), "<h2>图表 Charts</h2><div class='charts'>",
            charts.findings_by_family(failed), charts.findings_by_document(data.cards), "</div>",
            "<h2>各文件的问题 Findings by document</h2>"]
    for card in data.cards:
        body.append(_document_section(card, by_doc.get(card.document_id, []), data))
    general = by_doc.get("", [])
    if general:
        body.append("<h3 id='doc-none'>Rules that could not run at all</h3>" + _findings_table(general))
    body.append(_rules_section(data, failed))
    return page(f"gongkai quality report {data.run_id}", body)


def _header(data: ReportData, failed: list[ReportFinding]) -> str:
    severities = Counter(f.severity for f in failed)
    unchecked = sum(1 for f in data.findings if f.outcome == "could_not_check")
    passed = sum(n for (_, outcome), n in data.outcomes.items() if outcome == "passed")
    attention = [c for c in data.cards if c.attention[:3] != (1, 0, 0)]
    blocked = sum(1 for c in data.cards if c.document.get("status") == "blocked")
    new = sum(1 for f in failed if f.is_new)
    previous = (f"new since the previous run <code>{esc(data.previous_run_id[:8])}</code>: <b>{new}</b> failed, "
                f"{data.resolved} no longer failing" if data.previous_run_id else "first run of this warehouse: every finding is new")
    by_severity = ", ".join(f"{s} {severities[s]}" for s in sorted(severities, key=lambda s: SEVERITY_ORDER.get(s, 9)))
    links = "".join(f"<a href='{esc(href(target))}'>{esc(label)}</a>" for label, target in data.downloads.items())
    if data.gx_results:
        links += f"<a href='{esc(href(data.gx_results))}'>Great Expectations validation results</a>"
    return (
        "<h1>质量报告 Quality report</h1>"
        f"<p class='summary'>run <code>{esc(data.run_id)}</code>: {len(data.cards)} documents"
        f"{_unchanged(data.unchanged)}, "
        f"<b>{len(attention)} need attention</b>{f' ({blocked} blocked)' if blocked else ''}; "
        f"<b>{len(failed)} failed</b> ({by_severity or 'none'}), {passed} passed, "
        f"<b>{unchecked} could not be checked</b> (inputs missing; never counted as passed); {previous}.</p>"
        f"<p class='downloads muted'>{links}</p>"
    )


def _unchanged(n: int) -> str:
    if not n:
        return ""
    return (f" checked (the departments this run changed; <b>{n}</b> more document{'s' if n > 1 else ''} unchanged "
            f"since their last check, whose findings stand in that run's report and in quality.check_results)")


def _scorecard(cards: list[DocumentCard]) -> str:
    rows = ["<table id='scorecard'><tr><th>document</th><th>status</th><th>errors</th><th>warnings</th><th>info</th>"
            "<th>new</th><th>could not check</th><th>coverage</th><th>withheld</th><th>why</th></tr>"]
    for card in cards:
        doc = card.document
        status = str(doc.get("status") or "")
        badge = f"<span class='blocked'>{esc(status)}</span>" if status in ("blocked", "failed", "needs_ocr") else esc(status)
        reason = f"<div class='muted'>{esc(doc.get('status_reason'))}</div>" if doc.get("status_reason") and status != "loaded" else ""
        why = ", ".join(f"<a href='#rule-{esc(r)}'>{esc(r)}</a> ×{n}" for r, n in card.top_rules)
        new_doc = " <span class='new'>new document</span>" if card.is_new else ""
        withheld = doc.get("withheld_parts") or 0
        rows.append(
            f"<tr><td><a href='#doc-{esc(card.document_id)}'>{esc(_label(doc))}</a>{new_doc}"
            f"<div class='muted'>{esc(doc.get('file_name'))}</div></td><td>{badge}{reason}</td>"
            + count_cell(card.counts["error"], "error") + count_cell(card.counts["warning"], "warning")
            + count_cell(card.counts["info"], "info") + count_cell(card.counts["new"], "new")
            + count_cell(card.counts["could_not_check"])
            + f"<td class='num'>{_coverage(doc)}</td>"
            + f"<td>{withheld or ''}{(' ' + esc(doc.get('withheld_summary'))) if withheld else ''}</td>"
            + f"<td>{why}</td></tr>"
        )
    rows.append("</table>")
    return "<h2>需要关注的文件 Documents needing attention</h2>" + "".join(rows)


def _coverage(doc: dict) -> str:
    printed = sum(doc.get(f"{p}_figures_printed") or 0 for p in ("table", "project", "narrative"))
    captured = sum(doc.get(f"{p}_figures_captured") or 0 for p in ("table", "project", "narrative"))
    missed = doc.get("figures_missed") or 0
    if not printed:
        return "—"
    return f"{pct(captured, printed)}<div class='muted'>{captured:,}/{printed:,}{f', {missed:,} missed' if missed else ''}</div>"


def _document_section(card: DocumentCard, findings: list[ReportFinding], data: ReportData) -> str:
    doc = card.document
    failed = sorted([f for f in findings if f.outcome == "failed"], key=_order)
    unchecked = sorted([f for f in findings if f.outcome == "could_not_check"], key=_order)
    links = []
    if card.source_link:
        links.append(f"<a href='{esc(href(card.source_link))}'>open the document</a>")
    if card.profile_link:
        links.append(f"<a href='{esc(href(card.profile_link))}'>department profile</a>")
    reason = f": {esc(doc.get('status_reason'))}" if doc.get("status_reason") else ""
    out = [f"<h3 id='doc-{esc(card.document_id)}'>{esc(_label(doc))} <span class='muted'>{esc(doc.get('file_name'))}</span></h3>",
           f"<p>status {esc(doc.get('status'))}{reason} — {doc.get('doc_kind') or ''} — "
           f"coverage {_coverage(doc).split('<')[0]} — {' · '.join(links) or 'no stored copy'} — "
           f"<span class='muted'>id {esc(card.document_id[:16])}</span></p>"]
    structure = charts.document_structure(data.finance.get(card.document_id))
    mix = charts.functional_mix(data.functional.get(card.document_id))
    if structure or mix:
        out.append(f"<div class='charts'>{structure}{mix}</div>")
    out.append(_findings_table(failed) if failed else "<p>No failed checks.</p>")
    if unchecked:
        # counted by rule, not listed: each row is in findings.csv, and a thousand documents' rows would make the
        # page too heavy for a browser while telling a reviewer little more than the counts
        by_rule = Counter(f.rule_id for f in unchecked)
        example = {f.rule_id: f.message for f in unchecked}
        out.append(f"<details><summary>{len(unchecked)} could not be checked</summary><ul>" + "".join(
            f"<li><a href='#rule-{esc(r)}'>{esc(r)}</a> ×{n} <span class='muted'>e.g. {esc(example[r][:160])}</span></li>"
            for r, n in by_rule.most_common()) + "</ul></details>")
    return "\n".join(out)


def _findings_table(findings: list[ReportFinding]) -> str:
    rows = ["<table class='findings'><tr><th>severity</th><th>rule</th><th>where</th><th>printed text</th>"
            "<th>observed</th><th>expected</th><th>difference</th><th>message</th></tr>"]
    for f in findings:
        where = " · ".join(p for p in (f"p.{f.page}" if f.page else "", f"line {f.line_no}" if f.line_no else "",
                                       f.table_name or "") if p) or "—"
        where_cell = f"<a href='{esc(href(f.link))}'>{esc(where)}</a>" if f.link else esc(where)
        evidence = (f"<a href='{esc(href(f.evidence))}'><img class='evidence' loading='lazy' alt='evidence p.{f.page}' "
                    f"src='{esc(href(f.evidence))}'></a>") if f.evidence else ""
        new = " <span class='new'>new</span>" if f.is_new and f.outcome == "failed" else ""
        quote = f"<span class='quote'>{esc(f.quote)}</span>" if f.quote else ""
        rows.append(
            f"<tr><td class='{esc(f.severity)}'>{esc(f.severity)}{new}</td><td><a href='#rule-{esc(f.rule_id)}'>{esc(f.rule_id)}</a></td>"
            f"<td>{where_cell}</td><td>{quote}{evidence}</td><td class='num'>{num(f.observed)}</td>"
            f"<td class='num'>{num(f.expected)}</td><td class='num'>{num(f.difference)}</td><td>{esc(f.message)}</td></tr>"
        )
    rows.append("</table>")
    return "".join(rows)


def _rules_section(data: ReportData, failed: list[ReportFinding]) -> str:
    """Each rule once: its outcome counts and the documents it failed on (their rows are in the document sections)."""
    docs_by_rule: dict[str, Counter] = defaultdict(Counter)
    for f in failed:
        docs_by_rule[f.rule_id][f.document_id or ""] += 1
    labels = {c.document_id: _label(c.document) for c in data.cards}
    fired = [r for r in RULES_BY_ID if data.outcomes[(r, "failed")] or data.outcomes[(r, "could_not_check")]]
    quiet = [r for r in RULES_BY_ID if r not in fired]
    out = ["<h2>规则 Rules</h2><p class='muted'>error: our extraction is broken (the part is withheld from the marts); "
           "warning: the document contradicts itself (or a number was misread); info: for the record. Amounts in 万元; "
           "tolerances allow a cent per summed printed row.</p>",
           "<table><tr><th>rule</th><th>severity</th><th>description</th><th>tolerance</th><th>passed</th>"
           "<th>failed</th><th>could not check</th><th>failed on</th></tr>"]
    families_seen = set()
    for rule_id in fired + quiet:
        if quiet and rule_id == quiet[0]:
            out.append("</table><details><summary>rules that failed nowhere and could check everything "
                       f"({len(quiet)})</summary><table>")
        rule = RULES_BY_ID[rule_id]
        fam = charts.family(rule_id)
        anchor = "" if fam in families_seen else f" id='family-{esc(fam)}'"
        families_seen.add(fam)
        on = ", ".join(f"<a href='#doc-{esc(d)}'>{esc(labels.get(d, d[:12]))}</a> ×{n}"
                       for d, n in docs_by_rule[rule_id].most_common(12))
        more = len(docs_by_rule[rule_id]) - 12
        out.append(
            f"<tr id='rule-{esc(rule_id)}'><td{anchor}>{esc(rule_id)}</td><td class='{rule.severity}'>{rule.severity}</td>"
            f"<td>{esc(rule.description_zh)}<br>{esc(rule.description_en)}</td><td>{esc(rule.tolerance)}</td>"
            + count_cell(data.outcomes[(rule_id, "passed")]) + count_cell(data.outcomes[(rule_id, "failed")], rule.severity)
            + count_cell(data.outcomes[(rule_id, "could_not_check")])
            + f"<td>{on}{f' and {more} more' if more > 0 else ''}</td></tr>"
        )
    out.append("</table>" + ("</details>" if quiet else ""))
    return "".join(out)


def _order(f: ReportFinding):
    return (SEVERITY_ORDER.get(f.severity, 9), not f.is_new, f.rule_id, f.page or 0, f.line_no or 0)


def _label(doc: dict) -> str:
    return f"{doc.get('department_name') or '?'} {doc.get('fiscal_year') or ''} {doc.get('doc_kind') or ''}".strip()
