-- One row per project self-evaluation with flags an analyst looks for: a high score (≥ 90) despite low
-- budget execution (< 60%), execution above the budget, and a printed grade that does not match the score.
with projects as (
    select * from {{ ref('fct_project_performance') }}
),

banded as (
    select
        *,
        case
            when total_score is null then 'not scored'
            when total_score >= 90 then '优 (≥90)'
            when total_score >= 80 then '良 (80–89)'
            when total_score >= 60 then '中 (60–79)'
            else '差 (<60)'
        end as score_band,
        case
            when total_score is null then 5
            when total_score >= 90 then 1
            when total_score >= 80 then 2
            when total_score >= 60 then 3
            else 4
        end as score_band_order,
        case
            when total_score >= 90 then '优' when total_score >= 80 then '良'
            when total_score >= 60 then '中' when total_score is not null then '差'
        end as grade_by_score
    from projects
)

select
    document_id::varchar as document_id,
    department_name::varchar as department_name,
    fiscal_year::integer as fiscal_year,
    project_index::integer as project_index,
    project_name::varchar as project_name,
    budget_adjusted::double as budget_adjusted,
    executed::double as executed,
    execution_rate_pct::double as execution_rate_pct,
    execution_score::double as execution_score,
    total_score::double as total_score,
    grade::varchar as grade,
    score_band::varchar as score_band,
    score_band_order::integer as score_band_order,
    grade_by_score::varchar as grade_by_score,
    coalesce(total_score >= 90 and execution_rate_pct < 60, false)::boolean as is_high_score_low_execution,
    coalesce(executed > budget_adjusted + 0.005, false)::boolean as is_executed_over_budget,
    coalesce(grade is not null and grade_by_score is not null and grade <> grade_by_score, false)::boolean as grade_disagrees_with_score,
    page::integer as page,
    line_no::integer as line_no
from banded
