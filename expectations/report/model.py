"""What the report is rendered from, gathered by the report step (orchestration/lib/report.py): the run's findings
with where a reader checks them, the documents with their coverage, and the figures the charts draw."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from expectations.findings import Finding


@dataclass
class ReportFinding:
    finding: Finding
    quote: str = ""  # the printed text the finding is about (a line, a sentence, a table row)
    link: str = ""  # relative link that opens the source at the finding's place
    evidence: str = ""  # relative link to a PNG of the page region, for PDF findings
    is_new: bool = False  # not failed in the previous run

    def __getattr__(self, name):  # the finding's own fields read through
        return getattr(self.finding, name)


@dataclass
class DocumentCard:
    """One row of the scorecard: a document as published, its counts and where to read it."""

    document: dict  # the marts.dim_document row
    source_link: str = ""
    profile_link: str = ""
    is_new: bool = False  # no finding of it in the previous run
    counts: Counter = field(default_factory=Counter)  # severity of failed findings, plus could_not_check, new
    top_rules: list[tuple[str, int]] = field(default_factory=list)

    @property
    def document_id(self) -> str:
        return self.document["document_id"]

    @property
    def attention(self) -> tuple:
        """Sort key: blocked or unreadable first, then errors, warnings, new findings, info."""
        status = self.document.get("status")
        stopped = 0 if status in ("blocked", "failed", "needs_ocr") else 1
        return (stopped, -self.counts["error"], -self.counts["warning"], -self.counts["new"], -self.counts["info"],
                str(self.document.get("department_name") or ""), str(self.document.get("file_name") or ""))


@dataclass
class ReportData:
    run_id: str
    previous_run_id: str | None
    cards: list[DocumentCard]
    findings: list[ReportFinding]  # failed and could-not-check findings of this run
    outcomes: Counter  # (rule_id, outcome) → count over every check of the run
    finance: dict[str, dict] = field(default_factory=dict)  # document_id → headline figures
    functional: dict[str, list[dict]] = field(default_factory=dict)  # document_id → 类-level rows
    downloads: dict[str, str] = field(default_factory=dict)  # label → relative link
    gx_results: str = ""  # our page of the Great Expectations validation results
    data_docs: str = ""  # Great Expectations' own Data Docs (their styles load from the internet)
    resolved: int = 0  # findings failed in the previous run that no longer fail
    unchanged: int = 0  # documents this run did not check (nothing of theirs changed): their earlier findings stand
