select
    document_id,
    project_index,
    trim(project_name) as project_name,
    project_code,
    competent_dept,
    implementing_unit,
    budget_initial,
    budget_adjusted,
    executed,
    -- a ratio printed as 0.985 means 98.5%
    case when execution_rate_pct is not null and execution_rate_pct <= 1.5 and executed is not null
              and budget_adjusted is not null and budget_adjusted > 0 and executed / budget_adjusted > 0.1
         then round(execution_rate_pct * 100, 4) else execution_rate_pct end as execution_rate_pct,
    execution_score,
    execution_weight,
    total_score,
    case grade when '优秀' then '优' when '良好' then '良' when '中等' then '中' when '较差' then '差' else grade end as grade,
    page,
    line_no,
    parser_version
from {{ source('disclosures', 'projects') }}
