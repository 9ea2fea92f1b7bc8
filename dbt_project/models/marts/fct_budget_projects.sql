{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ delete_changed_documents() }}") }}
-- One row per project description (专项经费情况说明) of a current budget document: the project, its amount for the
-- year (the total its 年度预算安排 states, 万元), period, implementing unit and performance targets as printed.
-- amount is NULL where the 年度预算安排 states no total: amount_printed then says whether it prints amounts at all
-- (quarterly 用款计划), and budget_text quotes it, so a missing amount is never silent.
select
    projects.document_id::varchar as document_id,
    documents.department_name::varchar as department_name,
    documents.fiscal_year::integer as fiscal_year,
    documents.scope::varchar as scope,
    projects.project_index::integer as project_index,
    projects.project_name::varchar as project_name,
    projects.title::varchar as title,
    projects.amount_wan::double as amount,
    projects.amount_printed::boolean as amount_printed,
    projects.budget_text::varchar as budget_text,
    projects.period::varchar as period,
    projects.implementing_unit::varchar as implementing_unit,
    projects.performance_targets::varchar as performance_targets,
    projects.overview::varchar as overview,
    projects.basis::varchar as basis,
    projects.plan::varchar as plan,
    projects.page::integer as page,
    projects.line_no::integer as line_no
from {{ ref('stg_disclosures__budget_projects') }} as projects
inner join {{ ref('dim_document') }} as documents
    on projects.document_id = documents.document_id and documents.is_current
where true {{ only_changed_documents('projects.document_id') }}
