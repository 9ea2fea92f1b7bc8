"""The warehouse tables the rules read: name → SQL (pure data; orchestration runs the queries).

Rules run between dbt's two selections: on the staging and intermediate models, before the marts exist. They read
the figures dbt located (int_table_figures_matched: every place a table prints a figure) and reconciled
(int_department_figures_reconciled: table against narrative), never re-deriving them. Every loaded document is
checked, older versions included: which version is current is decided after the rules (a withheld correction must
not hide the version before it).
"""

RULE_INPUTS: dict[str, str] = {
    "documents": "select * from staging.stg_disclosures__documents",
    "document_tables": "select * from staging.stg_disclosures__document_tables",
    "table_facts": (
        "select document_id, table_index, table_kind, page, line_no, row_index, col_index, row_label, row_key,"
        " row_group, classification, subject_code, subject_level, subject_name, column_label, measure, raw_text,"
        " value_kind, value, unit, amount_wan from staging.stg_disclosures__table_facts"
    ),
    # cells OCR read, with their confidence and box (the OCR rules name them); empty without scans
    "ocr_cells": (
        "select document_id, table_index, table_kind, page, line_no, row_index, col_index, row_label, subject_code,"
        " column_label, raw_text, value_kind, value, unit, amount_wan, ocr_confidence, bbox_x0, bbox_top, bbox_x1,"
        " bbox_bottom from staging.stg_disclosures__table_facts where ocr_confidence is not null"
    ),
    "narrative_figures": "select * from staging.stg_disclosures__narrative_figures",
    "projects": "select * from staging.stg_disclosures__projects",
    "indicators": "select * from staging.stg_disclosures__indicators",
    "extraction_coverage": "select * from staging.stg_disclosures__extraction_coverage",
    "sentences": "select * from staging.stg_disclosures__narrative_sentences",
    "document_regions": "select * from intermediate.int_document_regions_matched",
    "department_figures": "select * from intermediate.int_department_figures_reconciled",
    "table_figures_matched": "select * from intermediate.int_table_figures_matched",
    "functional_classification": "select subject_code::varchar as subject_code, subject_name from seeds.functional_classification",
    "economic_classification": "select subject_code::varchar as subject_code, subject_name from seeds.economic_classification",
}
