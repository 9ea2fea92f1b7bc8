"""What the report links, written beside it in the run folder so that every link is relative and the folder works
offline or moved: the source documents (a PDF linked into sources/, a text file as an HTML page with line anchors),
and evidence images of the PDF pages findings point at."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path

from expectations.report.evidence import open_pdf, render_evidence, value_strings
from expectations.report.model import ReportData, ReportFinding
from expectations.report.source_view import quote_line, render_source, text_lines

# Evidence images per document, the most severe findings first: a document with hundreds of findings of one kind
# gains little from the hundredth image, and rendering is the report's dearest step (about 30 ms an image).
EVIDENCE_PER_DOCUMENT = 8
_EXAMPLE = re.compile(r"(?:p\.(\d+))?(?: ?line (\d+))?: …?([^|;]+)")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def safe_name(name: str) -> str:
    """A file name that keeps Chinese characters but no path separators or characters a URL or shell trips on."""
    return re.sub(r"[\\/:*?\"<>|#%&\s]+", "_", name).strip("._") or "document"


def link_file(source: Path, target: Path) -> bool:
    """A hard link where the file system allows one (no copy of a large PDF per run), else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        return True
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copyfile(source, target)
        except OSError:
            return False
    return True


class SourceWriter:
    """Writes sources/ and evidence/ under `run_dir` and fills in each finding's quote, link and evidence."""

    def __init__(self, run_dir: Path, report_name: str = "quality_report.html"):
        self.run_dir = run_dir
        self.report_name = report_name
        self.evidence_rendered = 0
        self.evidence_reused = 0

    def write(self, data: ReportData, printed: dict[tuple[str, int], dict]) -> None:
        by_doc: dict[str, list[ReportFinding]] = defaultdict(list)
        for f in data.findings:
            by_doc[f.document_id or ""].append(f)
        for card in data.cards:
            doc = card.document
            stored = Path(doc.get("stored_path") or "")
            if not doc.get("stored_path") or not stored.exists():
                continue
            findings = by_doc.get(card.document_id, [])
            stem = f"sources/{card.document_id[:12]}-{safe_name(doc.get('file_name') or stored.name)}"
            if doc.get("file_format") == "text":
                card.source_link = self._text_view(doc, stored, stem, findings, printed)
            else:
                suffix = "" if Path(stem).suffix else stored.suffix
                if link_file(stored, self.run_dir / (stem + suffix)):
                    card.source_link = stem + suffix
                    for f in findings:
                        f.quote = f.quote or printed.get((f.document_id, f.line_no), {}).get("text", "")
                        if f.page and doc.get("file_format") == "pdf":
                            f.link = f"{card.source_link}#page={f.page}"
                        else:
                            f.link = card.source_link
                if doc.get("file_format") == "pdf":
                    self._evidence(stored, findings, printed)

    def _text_view(self, doc, stored: Path, stem: str, findings, printed) -> str:
        """The line-anchored view of a text source. A document's bytes never change, so its view is written once into
        the runs folder's cache and hard-linked into each run (a thousand text documents would otherwise cost some
        80 MB a run); the line a link points at is highlighted by the page's :target style."""
        data = stored.read_bytes()
        lines = text_lines(data)
        page_name = stem.rsplit(".", 1)[0] + ".html" if "." in Path(stem).name else stem + ".html"
        for f in findings:
            if f.line_no:
                f.link = f"{page_name}#L{f.line_no}"
                f.quote = quote_line(lines, f.line_no) or printed.get((f.document_id, f.line_no), {}).get("text", "")
            else:
                f.link = page_name
        cached = self.run_dir.parent / ".sources" / f"{doc['document_id']}.html"
        if not cached.exists():
            title = f"{doc.get('file_name')} — {doc.get('department_name') or ''} {doc.get('fiscal_year') or ''}"
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".partial")
            partial.write_text(render_source(title, data, {}, back=f"../{self.report_name}#doc-{doc['document_id']}"),
                               encoding="utf-8")
            partial.replace(cached)
        link_file(cached, self.run_dir / page_name)
        return page_name

    def _evidence(self, stored: Path, findings: list[ReportFinding], printed) -> None:
        candidates = sorted((f for f in findings if f.outcome == "failed" and (f.page or _example(f.message)[0])),
                            key=lambda f: ({"error": 0, "warning": 1}.get(f.severity, 2), not f.is_new))
        candidates = candidates[:EVIDENCE_PER_DOCUMENT]
        if not candidates:
            return
        pdf = open_pdf(stored)
        if pdf is None:
            return
        try:
            for f in candidates:
                page, values, context = self._needles(f, printed)
                if not page:
                    continue
                key = hashlib.sha1(repr((str(stored), page, values, context)).encode()).hexdigest()[:20]
                target = self.run_dir / "evidence" / f"{key}.png"
                if target.exists():
                    self.evidence_reused += 1
                else:
                    image = render_evidence(pdf, page, values, context)
                    if image is None:
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(image)
                    self.evidence_rendered += 1
                f.evidence = f"evidence/{key}.png"
        finally:
            pdf.close()

    @staticmethod
    def _needles(f: ReportFinding, printed) -> tuple[int | None, list[str], str]:
        """(page, printed values to box, text to look near) for one finding."""
        page, text = _example(f.message) if f.rule_id.startswith("coverage.") else (None, "")
        if text:
            numbers = _NUMBER.findall(text)
            return page or f.page, numbers[-1:], text
        place = printed.get((f.document_id, f.line_no), {})
        yuan = place.get("unit") == "元"
        values = value_strings(f.observed, yuan) + [v for v in place.get("values", []) if _NUMBER.fullmatch(v or "")]
        return f.page, list(dict.fromkeys(values)), place.get("text") or f.quote


def _example(message: str) -> tuple[int | None, str]:
    """The first uncaptured example a coverage finding quotes: 'p.21 line 349: …涉及预算金额175.52万元'."""
    head, _, examples = (message or "").partition("captured: ")
    match = _EXAMPLE.search(examples) if examples else None
    if not match:
        return None, ""
    return (int(match.group(1)) if match.group(1) else None), match.group(3).strip()
