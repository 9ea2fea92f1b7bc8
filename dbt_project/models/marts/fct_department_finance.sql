{%- set figures = department_finance_figures() -%}
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ delete_changed_documents() }}") }}
-- One row per current document: each department-level figure in 万元 (vehicles in 辆, the score in 分),
-- with the source it came from (table / narrative), its page (PDF, XLSX) and line (text, Word), and for a scan
-- how sure OCR was of it.
-- A figure the document does not print is NULL.
with documents as (
    select * from {{ ref('dim_document') }}
    where is_current {{ only_changed_documents('document_id') }}
),

figures as (
    select * from {{ ref('int_department_figures_published') }}
    where true {{ only_changed_documents('document_id') }}
)

select
    documents.document_id,
    documents.department_name,
    documents.province,
    documents.city,
    documents.county,
    documents.fiscal_year,
    documents.doc_kind,
    {%- for figure in figures %}
    max(figures.value) filter (where figures.figure = '{{ figure }}')::double as {{ figure }},
    {%- endfor %}
    {%- for figure in figures %}
    max(figures.source) filter (where figures.figure = '{{ figure }}')::varchar as {{ figure }}_source,
    max(figures.page) filter (where figures.figure = '{{ figure }}')::integer as {{ figure }}_page,
    max(figures.line_no) filter (where figures.figure = '{{ figure }}')::integer as {{ figure }}_line,
    max(figures.ocr_confidence) filter (where figures.figure = '{{ figure }}')::double as {{ figure }}_ocr_confidence{{ ',' if not loop.last }}
    {%- endfor %}
from documents
left join figures using (document_id)
group by all
