{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ delete_changed_documents() }}") }}
-- One row per indicator (一级/二级/三级指标) of a project self-evaluation of a current document.
select
    indicators.document_id::varchar as document_id,
    documents.department_name::varchar as department_name,
    documents.fiscal_year::integer as fiscal_year,
    indicators.project_index::integer as project_index,
    projects.project_name::varchar as project_name,
    indicators.indicator_index::integer as indicator_index,
    indicators.level1::varchar as level1,
    indicators.level2::varchar as level2,
    indicators.level3::varchar as level3,
    indicators.operator::varchar as operator,
    indicators.target_text::varchar as target_text,
    indicators.target_value::double as target_value,
    indicators.unit::varchar as unit,
    indicators.actual_text::varchar as actual_text,
    indicators.actual_value::double as actual_value,
    indicators.weight::double as weight,
    indicators.score::double as score,
    indicators.reason::varchar as reason,
    indicators.page::integer as page,
    indicators.line_no::integer as line_no
from {{ ref('stg_disclosures__indicators') }} as indicators
inner join {{ ref('stg_disclosures__projects') }} as projects
    on indicators.document_id = projects.document_id and indicators.project_index = projects.project_index
inner join {{ ref('dim_document') }} as documents
    on indicators.document_id = documents.document_id and documents.is_current
where true {{ only_changed_documents('indicators.document_id') }} and not exists (
    select 1 from {{ ref('int_parts_withheld') }} as withheld
    where withheld.part = 'project' and withheld.document_id = indicators.document_id
        and withheld.project_index = indicators.project_index
)
