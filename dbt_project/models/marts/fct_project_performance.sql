-- One row per 项目支出绩效自评表.
with indicators as (
    select document_id, project_index, count(*) filter (where level3 is not null) as indicator_count
    from {{ ref('stg_disclosures__indicators') }}
    group by all
)

select
    projects.document_id,
    documents.department_name,
    documents.fiscal_year,
    projects.project_index,
    projects.project_name,
    projects.project_code,
    projects.competent_dept,
    projects.implementing_unit,
    projects.budget_initial,
    projects.budget_adjusted,
    projects.executed,
    projects.execution_rate_pct,
    projects.execution_score,
    projects.total_score,
    projects.grade,
    coalesce(indicators.indicator_count, 0) as indicator_count,
    projects.page,
    projects.line_no
from {{ ref('stg_disclosures__projects') }} as projects
inner join {{ ref('dim_document') }} as documents
    on projects.document_id = documents.document_id and documents.is_current
left join indicators
    on projects.document_id = indicators.document_id and projects.project_index = indicators.project_index
