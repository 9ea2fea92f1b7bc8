{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ delete_changed_documents() }}") }}
-- One row per 项目支出绩效自评表 of a current document: budgets and execution in 万元, the execution rate in %
-- as printed, the scores and grade, and how many 三级指标 rows the table has.
with indicators as (
    select document_id, project_index, count(*) filter (where level3 is not null) as indicator_count
    from {{ ref('stg_disclosures__indicators') }}
    group by all
)

select
    projects.document_id::varchar as document_id,
    documents.department_name::varchar as department_name,
    documents.fiscal_year::integer as fiscal_year,
    projects.project_index::integer as project_index,
    projects.project_name::varchar as project_name,
    projects.project_code::varchar as project_code,
    projects.competent_dept::varchar as competent_dept,
    projects.implementing_unit::varchar as implementing_unit,
    projects.budget_initial::double as budget_initial,
    projects.budget_adjusted::double as budget_adjusted,
    projects.executed::double as executed,
    projects.budget_source::varchar as budget_source,
    projects.execution_rate_pct::double as execution_rate_pct,
    projects.execution_weight::double as execution_weight,
    projects.execution_score::double as execution_score,
    projects.total_score::double as total_score,
    projects.grade::varchar as grade,
    projects.grade_printed::varchar as grade_printed,
    coalesce(indicators.indicator_count, 0)::integer as indicator_count,
    projects.page::integer as page,
    projects.line_no::integer as line_no
from {{ ref('stg_disclosures__projects') }} as projects
inner join {{ ref('dim_document') }} as documents
    on projects.document_id = documents.document_id and documents.is_current
left join {{ ref('int_parts_withheld') }} as withheld
    on withheld.part = 'project' and projects.document_id = withheld.document_id
    and projects.project_index = withheld.project_index
left join indicators
    on projects.document_id = indicators.document_id and projects.project_index = indicators.project_index
where withheld.document_id is null {{ only_changed_documents('projects.document_id') }}
