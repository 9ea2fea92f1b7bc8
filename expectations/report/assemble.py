"""From a run's findings and documents to what the report draws: a scorecard row per document (counts by severity,
new since the previous run, the rules that fire most), in the order a reviewer should read them."""

from __future__ import annotations

from collections import Counter, defaultdict

from expectations.findings import Finding
from expectations.report.model import DocumentCard, ReportData, ReportFinding


def finding_key(f) -> tuple:
    """What makes a finding the same one in two runs: the rule and the place it points at."""
    return (f.rule_id, f.document_id, f.table_index, f.project_index, f.figure, f.page, f.line_no)


def assemble(run_id: str, findings: list[Finding | ReportFinding], documents: list[dict], outcomes: Counter | None = None,
             previous_run_id: str | None = None, previous_failed: set[tuple] | None = None,
             previous_documents: set[str] | None = None) -> ReportData:
    """`findings`: every finding of the run, or only those not passed with `outcomes` counting all of them;
    `previous_failed`: finding_key of each failed finding of the previous run; `previous_documents`: the documents
    that run checked."""
    wrapped = [f if isinstance(f, ReportFinding) else ReportFinding(f) for f in findings]
    if outcomes is None:
        outcomes = Counter((f.rule_id, f.outcome) for f in wrapped)
    shown = [f for f in wrapped if f.outcome != "passed"]
    previous_failed = previous_failed or set()
    keys_now = set()
    for f in shown:
        if f.outcome == "failed":
            key = finding_key(f)
            keys_now.add(key)
            f.is_new = previous_run_id is None or key not in previous_failed
    cards = {d["document_id"]: DocumentCard(d) for d in documents}
    rules: dict[str, Counter] = defaultdict(Counter)
    for f in shown:
        card = cards.get(f.document_id or "")
        if card is None:
            continue
        if f.outcome == "failed":
            card.counts[f.severity] += 1
            card.counts["new"] += f.is_new
            rules[card.document_id][f.rule_id] += 1
        else:
            card.counts["could_not_check"] += 1
    for document_id, card in cards.items():
        card.top_rules = rules[document_id].most_common(3)
        card.is_new = previous_run_id is not None and previous_documents is not None and document_id not in previous_documents
    return ReportData(
        run_id=run_id,
        previous_run_id=previous_run_id,
        cards=sorted(cards.values(), key=lambda c: c.attention),
        findings=shown,
        outcomes=outcomes,
        resolved=len(previous_failed - keys_now) if previous_run_id else 0,
    )
