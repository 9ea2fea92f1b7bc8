"""Our page of the run's Great Expectations validation results, in place of GX's Data Docs as the thing a reviewer
opens: Data Docs load Bootstrap, jQuery, bootstrap-table and Vega from public CDNs (none ship in the GX wheel), so
offline they render blank and unstyled, and a failed expectation there reads "Unexpected Value False, Index 377".

This page reads the validation results the checkpoint kept (JSON, one per rule family and group of documents), shows
each expectation with its rule id, severity and counts, links the rule's findings in the report (where every failed
row has its document, code and page) and links each result file as GX wrote it.
"""

from __future__ import annotations

import json
from pathlib import Path

from expectations.report.page import esc, href, page


def validation_files(data_docs_dir: Path) -> list[Path]:
    root = Path(data_docs_dir) / "gx" / "uncommitted" / "validations"
    return sorted(root.rglob("*.json")) if root.exists() else []


def render_gx_results(run_id: str, data_docs_dir: Path, page_dir: Path, report_name: str, data_docs_index: str = "") -> str:
    """`page_dir`: where the page is written (links are relative to it)."""
    files = validation_files(data_docs_dir)
    out = ["<h1>Great Expectations validation results</h1>",
           f"<p>run <code>{esc(run_id)}</code>: {len(files)} validation results (one per rule family and group of "
           f"documents), each expectation selecting its rule's rows of the check frame. Failed rows, with their "
           f"document, code and page, are in the <a href='{esc(href(report_name))}'>quality report</a>.</p>"]
    if data_docs_index:
        out.append(f"<p class='muted'>Great Expectations' own Data Docs of these results: "
                   f"<a href='{esc(href(data_docs_index))}'>Data Docs</a> (their styles and scripts load from the "
                   f"internet; offline they show unstyled).</p>")
    for path in files:
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            out.append(f"<p class='error'>{esc(path.name)}: unreadable ({esc(exc)})</p>")
            continue
        stats = result.get("statistics", {})
        state = "<span class='info'>success</span>" if result.get("success") else "<span class='error'>failed</span>"
        link = href(str(path.relative_to(page_dir)) if path.is_relative_to(page_dir) else path.as_posix())
        out.append(f"<h2>{esc(result.get('suite_name'))} — {state}</h2><p class='muted'>"
                   f"{stats.get('evaluated_expectations', 0)} expectations, {stats.get('unsuccessful_expectations', 0)} "
                   f"unsuccessful; validated {esc(result.get('meta', {}).get('validation_time', ''))} — "
                   f"<a href='{esc(link)}'>result JSON</a></p>")
        out.append("<table><tr><th>rule</th><th>severity</th><th>expectation</th><th>rows checked</th>"
                   "<th>rows failing</th><th>description</th></tr>")
        for item in result.get("results", []):
            config = item.get("expectation_config", {})
            meta = config.get("meta", {})
            res = item.get("result", {})
            rule = meta.get("rule_id", "")
            failing = res.get("unexpected_count", 0) or 0
            rule_link = f"<a href='{esc(href(report_name))}#rule-{esc(rule)}'>{esc(rule)}</a>" if rule else ""
            out.append(
                f"<tr><td>{rule_link}</td><td class='{esc(meta.get('severity'))}'>{esc(meta.get('severity'))}</td>"
                f"<td><code>{esc(config.get('type'))}</code></td><td class='num'>{res.get('element_count', '')}</td>"
                f"<td class='num {'error' if failing else 'zero'}'>{failing}</td>"
                f"<td>{esc(meta.get('description_zh'))}<br>{esc(meta.get('description_en'))}</td></tr>"
            )
        out.append("</table>")
    if not files:
        out.append("<p>No validation results were kept for this run.</p>")
    return page(f"Great Expectations results {run_id}", out)
