-- A budget's project descriptions (专项经费情况说明), one row each: the parts as printed, blanks as NULL, and the
-- total the 年度预算安排 states in 万元 (ingestion converts 元 and reads "1720.00万" as 万元).
select
    document_id,
    project_index,
    nullif(trim(project_name), '') as project_name,
    title,
    nullif(trim(overview), '') as overview,
    nullif(trim(basis), '') as basis,
    nullif(trim(implementing_unit), '') as implementing_unit,
    nullif(trim(plan), '') as plan,
    nullif(trim(period), '') as period,
    nullif(trim(budget_text), '') as budget_text,
    amount_wan,
    amount_unit,
    coalesce(amount_printed, false) as amount_printed,
    nullif(trim(performance_targets), '') as performance_targets,
    page,
    line_no,
    parser_version
from {{ source('disclosures', 'budget_projects') }}
