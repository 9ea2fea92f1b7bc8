-- Project self-evaluations (项目支出绩效自评表). Grades normalised to 优/良/中/差; a rate printed as a
-- ratio (0.985) becomes a percentage (98.5) when the budget figures confirm it; names lose a leading code.
select
    document_id,
    project_index,
    trim(regexp_replace(project_name, '^[0-9A-Z]{12,}[\s:：-]*', '')) as project_name,
    nullif(trim(project_code), '') as project_code,
    nullif(trim(competent_dept), '') as competent_dept,
    nullif(trim(implementing_unit), '') as implementing_unit,
    budget_initial,
    budget_adjusted,
    executed,
    case when execution_rate_pct is not null and execution_rate_pct <= 1.5 and executed is not null
              and budget_adjusted is not null and budget_adjusted > 0 and executed / budget_adjusted > 0.1
              and abs(execution_rate_pct * 100 - 100 * executed / budget_adjusted) < 1
         then round(execution_rate_pct * 100, 4) else execution_rate_pct end as execution_rate_pct,
    execution_score,
    execution_weight,
    total_score,
    case trim(grade)
        when '优秀' then '优' when '良好' then '良' when '中等' then '中' when '较差' then '差'
        when '优' then '优' when '良' then '良' when '中' then '中' when '差' then '差'
    end as grade,
    coalesce(nullif(trim(grade_printed), ''), nullif(trim(grade), '')) as grade_printed,
    budget_source,
    coalesce(budget_printed, false) as budget_printed,
    coalesce(total_score_printed, false) as total_score_printed,
    coalesce(indicator_rows_printed, 0) as indicator_rows_printed,
    page,
    line_no,
    parser_version
from {{ source('disclosures', 'projects') }}
