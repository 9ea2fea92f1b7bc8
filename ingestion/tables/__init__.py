"""Recognise the standard final-accounts tables in a block stream and turn them into long facts.

Recognition follows the national template: a table is announced by its title (收入支出决算总表 …),
optionally its 公开NN表 label and a unit line; its header rows give each column a meaning; its data rows
are keyed by a classification code, a row label, or both. Nothing here depends on a table's position in
the document, on one document's layout or on particular figures.

* titles: which kind of table a title announces;  * segmentation: where each table starts and ends, with
  the rows text dumps leave rebuilt first (cell_lines and merged_cells: one cell per line, a merged cell
  printed once; fragments, fragment_header and fragment_rows: a PDF converted to text, a few characters
  per line);  * headers: what each column means;  * units: the unit a row label or header gives its
  figures;  * facts: rows into long facts;  * coverage: how much of a table became facts.
"""

from __future__ import annotations

from dataclasses import replace

from ingestion.records import Block, PartCoverage, TableFact, TableRecord
from ingestion.tables.facts import extract_table_facts
from ingestion.tables.cell_lines import regroup_cell_lines
from ingestion.tables.headers import column_measure
from ingestion.tables.segmentation import segment_tables
from ingestion.tables.titles import FORM_TABLE_KINDS, PERFORMANCE_KINDS, STANDARD_TABLE_KINDS, STANDARD_TABLE_TITLES, recognise_title

__all__ = ["STANDARD_TABLE_KINDS", "STANDARD_TABLE_TITLES", "PERFORMANCE_KINDS", "column_measure", "extract_tables", "recognise_title",
           "read_tables", "regroup_cell_lines"]


def read_tables(blocks: list[Block]) -> tuple[list[TableRecord], list[TableFact], list[PartCoverage]]:
    """All tables in a document with their coverage; performance tables are recorded but parsed (and their
    coverage reported) by ingestion.performance."""
    records: list[TableRecord] = []
    facts: list[TableFact] = []
    coverage: list[PartCoverage] = []
    for index, section in enumerate(segment_tables(blocks)):
        record, table_facts, table_coverage = extract_table_facts(section, index)
        records.append(record)
        if section.kind not in PERFORMANCE_KINDS:
            facts.extend(table_facts)
            coverage.append(table_coverage)
        elif section.kind in FORM_TABLE_KINDS and table_coverage.amounts_printed:
            # read by ingestion.performance, whose coverage replaces this one where it reads the table; a table it
            # does not read keeps every figure it prints counted missed, never silently empty
            coverage.append(replace(table_coverage, amounts_captured=0, amounts_skipped=0,
                                    uncaptured=f"{section.title}: no form reader read this table"))
    return records, facts, coverage


def extract_tables(blocks: list[Block]) -> tuple[list[TableRecord], list[TableFact]]:
    """All tables in a document and their facts."""
    records, facts, _ = read_tables(blocks)
    return records, facts
