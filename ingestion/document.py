"""One file in, one Extraction out: the single extraction path used by loading and checks."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

from ingestion import PARSER_VERSION
from ingestion.identity import detect_doc_kind, detect_fiscal_year, detect_scope, find_department
from ingestion.narrative import read_narrative
from ingestion.narrative.budget import as_budget_figures
from ingestion.narrative.budget_projects import read_budget_projects
from ingestion.narrative.sentences import read_sentences
from ingestion.ocr.provenance import attach_ocr
from ingestion.performance import FormTable, extract_performance
from ingestion.readers import read_document
from ingestion.records import Extraction, TableRecord
from ingestion.tables import read_tables


class DocumentError(ValueError):
    """A file that cannot be extracted; the message names the reason."""


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def extract_document(path: Path, data: bytes | None = None, display_name: str | None = None) -> Extraction:
    """Extract everything from one file. Never raises for bad input: the status says why.

    `display_name` is the name errors mention (the inbox name, not the stored copy's hash).
    """
    name = display_name or path.name
    try:
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        return failed_extraction("", "unknown", f"{name}: cannot read file ({exc.strerror or exc})")
    document_id = content_hash(data)
    try:
        parsed = read_document(path, data)
    except Exception as exc:  # every reader error becomes the document's status
        return failed_extraction(document_id, "unknown", f"{name}: {exc}")
    extraction = Extraction(
        document_id=document_id,
        file_format=parsed.file_format,
        page_count=parsed.page_count,
        status="loaded",
        error=None,
        department_name=None,
        fiscal_year=None,
        doc_kind="other",
        parser_version=PARSER_VERSION,
    )
    if not parsed.has_text_layer:
        extraction.status = "needs_ocr"
        extraction.error = f"{name}: no text layer on any page (scanned images?): needs OCR"
        if parsed.ocr_pages:  # OCR was tried and read nothing usable
            extraction.error = f"{name}: no text layer, and {'; '.join(parsed.warnings) or 'OCR read no text'}: needs OCR by hand"
        attach_ocr(extraction, parsed)
        return extraction
    blocks = parsed.blocks
    department = find_department(blocks)
    if department is not None:
        extraction.department_name = department.name
        extraction.department_evidence = department.printed
        extraction.department_evidence_page = department.page
        extraction.department_evidence_line = department.line_no
        extraction.department_evidence_source = department.source
    extraction.fiscal_year = detect_fiscal_year(blocks)
    extraction.doc_kind = detect_doc_kind(blocks)
    extraction.scope = detect_scope(blocks)
    extraction.tables, extraction.facts, table_coverage = read_tables(blocks)
    extraction.coverage.extend(table_coverage)
    narrative = read_narrative(blocks, extraction.department_name, extraction.fiscal_year)
    extraction.narrative = narrative.figures
    if extraction.doc_kind == "budget":
        extraction.narrative = as_budget_figures(extraction.narrative)
        extraction.budget_projects = read_budget_projects(blocks)
    extraction.coverage.extend(narrative.coverage)
    extraction.sentences = read_sentences(blocks)
    performance = extract_performance(blocks)
    extraction.projects = performance.projects
    extraction.indicators = performance.indicators
    extraction.coverage.extend(performance.coverage)
    attach_form_tables(extraction, performance.tables)
    # the 部门整体支出绩效自评表's 总分 is a statement of its own beside any the prose makes
    extraction.narrative.extend(performance.department_scores)
    attach_ocr(extraction, parsed)
    if extraction.projects and extraction.doc_kind == "other":
        extraction.doc_kind = "performance_self_evaluation"
    if is_blank_template(blocks, extraction):
        extraction.doc_kind = "template"
    return extraction


def attach_form_tables(extraction: Extraction, tables: list[FormTable]) -> None:
    """The 部门整体支出绩效自评表 and 基础数据表 facts and coverage, under the table record of their title (the record
    the table segmentation made of the same title: same kind, the nearest title line at or before the form's, at
    most a few lines apart); a form no record names gets a record of its own."""
    for table in tables:
        candidates = [r for r in extraction.tables if r.table_kind == table.kind and r.page_start == table.page
                      and abs(r.line_start - table.line_no) <= 3]
        record = min(candidates, key=lambda r: abs(r.line_start - table.line_no), default=None)
        if record is None:
            record = TableRecord(
                table_index=len(extraction.tables), table_kind=table.kind, title=table.title, table_code=None,
                unit=table.unit, page_start=table.page, page_end=table.page, line_start=table.line_no,
                row_count=len({f.row_index for f in table.facts}), is_empty=False, empty_marker=None)
            extraction.tables.append(record)
        index = record.table_index
        extraction.facts.extend(replace(f, table_index=index) for f in table.facts)
        if table.coverage is not None:  # the form's own count replaces the table path's all-missed one
            extraction.coverage = [c for c in extraction.coverage if not (c.part == "table" and c.part_index == index)]
            extraction.coverage.append(replace(table.coverage, part_index=index))


# "XX局", "XXX万元", "XX%", "××", "某某": the placeholders a blank template prints where figures go
_PLACEHOLDER_RE = re.compile(r"[XＸ×]{2,}|某某")


def is_blank_template(blocks, extraction: Extraction) -> bool:
    """A template (附件：部门决算模板) rather than a disclosure: placeholders stand where the department and
    the figures would be, and no table cell prints a value. Both must hold, so a real document whose
    tables merely failed to parse is never passed off as a template (extraction-sanity rules catch it)."""
    if not extraction.tables or any(f.value_kind != "blank" for f in extraction.facts):
        return False
    if any(f.value is not None for f in extraction.narrative):
        return False
    placeholders = sum(len(_PLACEHOLDER_RE.findall(block.text)) for block in blocks)
    named_by_placeholder = bool(extraction.department_name and _PLACEHOLDER_RE.search(extraction.department_name))
    return named_by_placeholder or placeholders >= 10


def failed_extraction(document_id: str, file_format: str, error: str) -> Extraction:
    return Extraction(
        document_id=document_id,
        file_format=file_format,
        page_count=None,
        status="failed",
        error=error,
        department_name=None,
        fiscal_year=None,
        doc_kind="other",
        parser_version=PARSER_VERSION,
    )
