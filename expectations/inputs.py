"""The warehouse tables the rules read: name → SQL (pure data; orchestration runs the queries).

Document-level inputs from staging and intermediate are restricted to current documents, as the
marts are, so that a superseded version of a document raises no findings of its own.
"""

CURRENT = "document_id in (select document_id from marts.dim_document where is_current)"

RULE_INPUTS: dict[str, str] = {
    "dim_document": "select * from marts.dim_document",
    "fct_department_finance": "select * from marts.fct_department_finance",
    "fct_functional_expense": "select * from marts.fct_functional_expense",
    "fct_basic_expense_economic": "select * from marts.fct_basic_expense_economic",
    "fct_three_public_costs": "select * from marts.fct_three_public_costs",
    "fct_project_performance": "select * from marts.fct_project_performance",
    "fct_performance_indicators": "select * from marts.fct_performance_indicators",
    "functional_classification": "select subject_code::varchar as subject_code, subject_name from seeds.functional_classification",
    "economic_classification": "select subject_code::varchar as subject_code, subject_name from seeds.economic_classification",
    "narrative_figures": f"select * from staging.stg_disclosures__narrative_figures where {CURRENT}",
    "table_figures": f"select * from intermediate.int_table_figures_located where {CURRENT}",
    "document_tables": f"select * from staging.stg_disclosures__document_tables where {CURRENT}",
    "table_facts": (
        "select document_id, table_index, table_kind, page, line_no, row_index, col_index, row_label, row_key,"
        " row_group, classification, subject_code, subject_level, subject_name, column_label, measure, raw_text,"
        f" value_kind, value, unit, amount_wan from staging.stg_disclosures__table_facts where {CURRENT}"
    ),
}
