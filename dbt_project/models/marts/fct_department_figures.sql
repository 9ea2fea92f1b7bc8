{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ delete_changed_documents() }}") }}
-- Every department-level figure of every current document in long form (the wide marts pick from it):
-- the value that won, where it came from, and both sides where a table and the narrative both state it.
select
    figures.document_id::varchar as document_id,
    documents.department_name::varchar as department_name,
    documents.fiscal_year::integer as fiscal_year,
    figures.figure::varchar as figure,
    figures.value::double as value,
    figures.unit::varchar as unit,
    figures.source::varchar as source,
    figures.page::integer as page,
    figures.line_no::integer as line_no,
    figures.table_kind::varchar as table_kind,
    figures.evidence::varchar as evidence,
    figures.ocr_confidence::double as ocr_confidence,
    figures.table_value::double as table_value,
    figures.narrative_value::double as narrative_value,
    figures.narrative_page::integer as narrative_page,
    figures.narrative_line_no::integer as narrative_line_no,
    case when figures.table_value is not null and figures.narrative_value is not null
         then abs(figures.table_value - figures.narrative_value) <= 0.0101 end::boolean as table_and_narrative_agree
from {{ ref('int_department_figures_published') }} as figures
inner join {{ ref('dim_document') }} as documents
    on figures.document_id = documents.document_id and documents.is_current
where true {{ only_changed_documents('figures.document_id') }}
