{%- set amounts = three_public_figures('amount') -%}
{%- set counts = three_public_figures('count') -%}
{%- set stated = three_public_figures('stated') -%}
{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ delete_changed_documents() }}") }}
-- 一般公共预算财政拨款“三公”经费, one row per current final-accounts document (and per other current document
-- that states 三公 figures: a budget's are its 预算数, and its actual_total stays NULL): budget and actual by
-- category in 万元 from the 三公 table (公开07/09, a budget's 三公经费和机关运行经费预算表) where it
-- prints them, else the narrative; counts as printed; year-on-year and completion as the narrative states them.
with documents as (
    select * from {{ ref('dim_document') }}
    where is_current {{ only_changed_documents('document_id') }}
),

figures as (
    select regexp_replace(figure, '^three_public_', '') as item, *
    from {{ ref('int_department_figures_published') }}
    where starts_with(figure, 'three_public_') {{ only_changed_documents('document_id') }}
),

tables as (
    select
        document_id,
        bool_or(table_kind in ('three_public', 'budget_three_public')) as has_table,
        bool_and(is_empty) filter (where table_kind in ('three_public', 'budget_three_public')) as table_empty
    from {{ ref('stg_disclosures__document_tables') }}
    where true {{ only_changed_documents('document_id') }}
    group by all
),

kept as (
    select documents.*
    from documents
    where doc_kind = 'final_accounts'
        or document_id in (select document_id from figures)
)

select
    kept.document_id::varchar as document_id,
    kept.department_name::varchar as department_name,
    kept.province::varchar as province,
    kept.city::varchar as city,
    kept.county::varchar as county,
    kept.fiscal_year::integer as fiscal_year,
    kept.doc_kind::varchar as doc_kind,
    {%- for item in amounts + counts + stated %}
    max(figures.value) filter (where figures.item = '{{ item }}')::double as {{ item }},
    {%- endfor %}
    max(figures.source) filter (where figures.item = 'actual_total')::varchar as actual_total_source,
    max(figures.source) filter (where figures.item = 'budget_total')::varchar as budget_total_source,
    coalesce(any_value(tables.has_table), false)::boolean as has_three_public_table,
    coalesce(any_value(tables.table_empty), false)::boolean as three_public_table_empty,
    (case
        when count(*) filter (where figures.source = 'table') > 0 and count(*) filter (where figures.source = 'narrative') > 0 then 'table+narrative'
        when count(*) filter (where figures.source = 'table') > 0 then 'table'
        when count(*) filter (where figures.source = 'narrative') > 0 then 'narrative'
    end)::varchar as source,
    min(figures.page)::integer as page,
    min(figures.line_no)::integer as line_no,
    -- the weakest OCR confidence among the row's figures (NULL for a text layer)
    min(figures.ocr_confidence)::double as ocr_confidence
from kept
left join figures using (document_id)
left join tables using (document_id)
group by kept.document_id, kept.department_name, kept.province, kept.city, kept.county, kept.fiscal_year, kept.doc_kind
