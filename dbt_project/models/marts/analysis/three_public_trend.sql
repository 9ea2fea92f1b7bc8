-- “三公”经费 over the years, one row per department and fiscal year (its current document stating them):
-- actual and budget by category, the actual as a share of the budget where both are printed, and the change
-- from the department's previous year where the warehouse holds that year too (else what the narrative states).
with costs as (
    select *
    from {{ ref('fct_three_public_costs') }}
    where department_name is not null and fiscal_year is not null
        and (actual_total is not null or budget_total is not null)
    qualify row_number() over (
        partition by department_name, fiscal_year
        order by case doc_kind when 'final_accounts' then 0 else 1 end, document_id
    ) = 1
),

with_prior as (
    select
        *,
        lag(fiscal_year) over by_year as prior_fiscal_year,
        lag(actual_total) over by_year as prior_actual_total_in_warehouse
    from costs
    window by_year as (partition by department_name order by fiscal_year)
)

select
    department_name::varchar as department_name,
    province::varchar as province,
    city::varchar as city,
    county::varchar as county,
    fiscal_year::integer as fiscal_year,
    document_id::varchar as document_id,
    budget_total::double as budget_total,
    actual_total::double as actual_total,
    outbound_travel::double as outbound_travel,
    vehicle_total::double as vehicle_total,
    vehicle_purchase::double as vehicle_purchase,
    vehicle_operation::double as vehicle_operation,
    reception::double as reception,
    vehicles_owned::double as vehicles_owned,
    round(100 * actual_total / nullif(budget_total, 0), 2)::double as actual_to_budget_pct,
    completion_pct::double as stated_completion_pct,
    (case when prior_fiscal_year = fiscal_year - 1 then prior_actual_total_in_warehouse
          else prior_year_actual_total end)::double as prior_actual_total,
    (case when prior_fiscal_year = fiscal_year - 1 then 'warehouse'
          when prior_year_actual_total is not null then 'narrative' end)::varchar as prior_actual_total_source,
    (case when prior_fiscal_year = fiscal_year - 1 then round(actual_total - prior_actual_total_in_warehouse, 2)
          else yoy_change end)::double as yoy_change,
    (case when prior_fiscal_year = fiscal_year - 1
          then round(100 * (actual_total - prior_actual_total_in_warehouse) / nullif(prior_actual_total_in_warehouse, 0), 2)
          else yoy_pct end)::double as yoy_pct,
    actual_total_source::varchar as actual_total_source
from with_prior
