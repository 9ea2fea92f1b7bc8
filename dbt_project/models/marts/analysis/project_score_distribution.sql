-- How a department-year's project self-evaluation scores spread over the usual bands
-- (优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60, or not scored), with budget and execution per band.
with flagged as (
    select * from {{ ref('project_performance_flags') }}
)

select
    document_id::varchar as document_id,
    department_name::varchar as department_name,
    fiscal_year::integer as fiscal_year,
    score_band::varchar as score_band,
    min(score_band_order)::integer as score_band_order,
    count(*)::integer as project_count,
    round(100.0 * count(*) / sum(count(*)) over (partition by document_id), 1)::double as project_share_pct,
    min(total_score)::double as min_score,
    max(total_score)::double as max_score,
    round(sum(budget_adjusted), 2)::double as budget_adjusted_sum,
    round(sum(executed), 2)::double as executed_sum,
    round(avg(execution_rate_pct), 2)::double as avg_execution_rate_pct,
    count(*) filter (where is_high_score_low_execution)::integer as high_score_low_execution_count
from flagged
group by document_id, department_name, fiscal_year, score_band
