"""The pages a reviewer reads: the run's quality report (render), its charts (charts, svg), the text sources with
line anchors (source_view), evidence images of PDF pages (evidence) and the Great Expectations results (gx_results)."""

from expectations.report.model import DocumentCard, ReportData, ReportFinding
from expectations.report.render import render_report

__all__ = ["DocumentCard", "ReportData", "ReportFinding", "render_report"]
