"""Recognise the standard final-accounts tables in a block stream and turn them into long facts.

Recognition follows the national template: a table is announced by its title (收入支出决算总表 …),
optionally its 公开NN表 label and a unit line; its header rows give each column a meaning; its data rows
are keyed by a classification code, a row label, or both. Nothing here depends on a table's position in
the document, on one document's layout or on particular figures.

* titles: which kind of table a title announces;  * segmentation (and cell_lines): where each table
  starts and ends;  * headers: what each column means;  * facts: rows into long facts.
"""

from __future__ import annotations

from ingestion.records import Block, TableFact, TableRecord
from ingestion.tables.facts import extract_table_facts
from ingestion.tables.cell_lines import regroup_cell_lines
from ingestion.tables.headers import column_measure
from ingestion.tables.segmentation import segment_tables
from ingestion.tables.titles import STANDARD_TABLE_KINDS, STANDARD_TABLE_TITLES, recognise_title

__all__ = ["STANDARD_TABLE_KINDS", "STANDARD_TABLE_TITLES", "PERFORMANCE_KINDS", "column_measure", "extract_tables", "recognise_title",
           "regroup_cell_lines"]


PERFORMANCE_KINDS = {"project_performance", "department_performance", "performance_basic_data"}


def extract_tables(blocks: list[Block]) -> tuple[list[TableRecord], list[TableFact]]:
    """All tables in a document; performance tables are recorded but parsed elsewhere."""
    records: list[TableRecord] = []
    facts: list[TableFact] = []
    for index, section in enumerate(segment_tables(blocks)):
        record, table_facts = extract_table_facts(section, index)
        records.append(record)
        if section.kind not in PERFORMANCE_KINDS:
            facts.extend(table_facts)
    return records, facts
