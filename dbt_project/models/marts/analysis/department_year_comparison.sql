-- One row per department, fiscal year and series (final_accounts: its current 决算 document, a 绩效自评 report where
-- that is all there is; budget: its 部门预算, else 单位预算): the headline figures side by side, and the change from the department's previous year where
-- the warehouse holds that year's document too. Changes computed across documents are labelled *_yoy_*;
-- the year-on-year figures the narrative itself states are kept as stated_*. Where the warehouse holds no previous
-- year, the prior amount is the one the narrative implies (this year's figure less the change it states, or the
-- prior-year figure it prints), and prior_*_from says which.
with finance as (
    -- two series per department: its final accounts (决算, else a 绩效自评 report) and its budgets (部门预算, else
    -- 单位预算), each compared with the same series' previous year
    select
        finance.*,
        case when finance.doc_kind = 'budget' then 'budget' else 'final_accounts' end as series
    from {{ ref('fct_department_finance') }} as finance
    left join {{ ref('dim_document') }} as documents using (document_id)
    where finance.doc_kind in ('final_accounts', 'performance_self_evaluation', 'budget')
        and finance.department_name is not null and finance.fiscal_year is not null
    qualify row_number() over (
        partition by finance.department_name, finance.fiscal_year, series
        order by case finance.doc_kind when 'final_accounts' then 0 else 1 end,
            case documents.scope when 'department' then 0 else 1 end, finance.document_id
    ) = 1
),

three_public as (
    select
        document_id,
        actual_total as three_public_actual_total,
        coalesce(prior_year_actual_total, actual_total - yoy_change) as stated_prior_three_public_actual_total
    from {{ ref('fct_three_public_costs') }}
),

projects as (
    select
        document_id,
        count(*) as project_count,
        count(total_score) as projects_scored,
        avg(total_score) as avg_project_score,
        count(*) filter (where total_score >= 90 and execution_rate_pct < 60) as high_score_low_execution_projects
    from {{ ref('fct_project_performance') }}
    group by all
),

stated as (
    select
        document_id,
        max(value) filter (where figure = 'income_grand_total_yoy_change') as stated_income_grand_total_yoy_change,
        max(value) filter (where figure = 'expense_grand_total_yoy_change') as stated_expense_grand_total_yoy_change,
        max(value) filter (where figure = 'income_grand_total_yoy_pct') as stated_income_grand_total_yoy_pct,
        max(value) filter (where figure = 'expense_grand_total_yoy_pct') as stated_expense_grand_total_yoy_pct,
        max(value) filter (where figure = 'expense_general_public_budget_yoy_pct') as stated_expense_general_public_budget_yoy_pct,
        max(value) filter (where figure = 'three_public_yoy_pct') as stated_three_public_yoy_pct
    -- the mart, not the intermediate view it is built from: that view reconciles every document's figures again on
    -- each query (1.1 s at 10,000 documents)
    from {{ ref('fct_department_figures') }}
    group by all
),

joined as (
    select
        finance.department_name,
        finance.province,
        finance.city,
        finance.county,
        finance.fiscal_year,
        finance.document_id,
        finance.doc_kind,
        finance.series,
        finance.income_total,
        finance.expense_total,
        finance.income_grand_total,
        finance.expense_grand_total,
        finance.expense_basic,
        finance.expense_project,
        finance.expense_general_public_budget,
        finance.personnel_expense,
        finance.public_expense,
        three_public.three_public_actual_total,
        three_public.stated_prior_three_public_actual_total,
        finance.department_performance_score,
        coalesce(projects.project_count, 0) as project_count,
        coalesce(projects.projects_scored, 0) as projects_scored,
        projects.avg_project_score,
        coalesce(projects.high_score_low_execution_projects, 0) as high_score_low_execution_projects,
        stated.stated_income_grand_total_yoy_change,
        stated.stated_expense_grand_total_yoy_change,
        stated.stated_income_grand_total_yoy_pct,
        stated.stated_expense_grand_total_yoy_pct,
        stated.stated_expense_general_public_budget_yoy_pct,
        stated.stated_three_public_yoy_pct,
        count(*) over (partition by finance.department_name, finance.series) as years_available,
        lag(finance.fiscal_year) over by_year as prior_fiscal_year,
        lag(finance.income_total) over by_year as prior_income_total,
        lag(finance.expense_total) over by_year as prior_expense_total,
        lag(finance.income_grand_total) over by_year as prior_doc_income_grand_total,
        lag(finance.expense_grand_total) over by_year as prior_doc_expense_grand_total,
        lag(three_public.three_public_actual_total) over by_year as prior_three_public_actual_total
    from finance
    left join three_public using (document_id)
    left join projects using (document_id)
    left join stated using (document_id)
    window by_year as (partition by finance.department_name, finance.series order by finance.fiscal_year)
),

consecutive as (
    select
        * exclude (prior_income_total, prior_expense_total, prior_three_public_actual_total, prior_doc_income_grand_total,
            prior_doc_expense_grand_total),
        prior_fiscal_year = fiscal_year - 1 as has_prior_document,
        case when has_prior_document then prior_income_total end as prior_income_total,
        case when has_prior_document then prior_expense_total end as prior_expense_total,
        case when has_prior_document then prior_doc_income_grand_total end as prior_doc_income_grand_total,
        case when has_prior_document then prior_doc_expense_grand_total end as prior_doc_expense_grand_total,
        case when has_prior_document then prior_three_public_actual_total end as prior_doc_three_public_actual_total
    from joined
),

with_stated as (
    select
        *,
        coalesce(prior_doc_income_grand_total, income_grand_total - stated_income_grand_total_yoy_change)
            as prior_income_grand_total,
        case when prior_doc_income_grand_total is not null then 'prior document'
             when income_grand_total - stated_income_grand_total_yoy_change is not null then 'stated change'
        end as prior_income_grand_total_from,
        coalesce(prior_doc_expense_grand_total, expense_grand_total - stated_expense_grand_total_yoy_change)
            as prior_expense_grand_total,
        case when prior_doc_expense_grand_total is not null then 'prior document'
             when expense_grand_total - stated_expense_grand_total_yoy_change is not null then 'stated change'
        end as prior_expense_grand_total_from,
        coalesce(prior_doc_three_public_actual_total, stated_prior_three_public_actual_total) as prior_three_public_actual_total,
        case when prior_doc_three_public_actual_total is not null then 'prior document'
             when stated_prior_three_public_actual_total is not null then 'stated'
        end as prior_three_public_actual_total_from
    from consecutive
)

select
    department_name::varchar as department_name,
    province::varchar as province,
    city::varchar as city,
    county::varchar as county,
    fiscal_year::integer as fiscal_year,
    document_id::varchar as document_id,
    doc_kind::varchar as doc_kind,
    series::varchar as series,
    income_total::double as income_total,
    expense_total::double as expense_total,
    income_grand_total::double as income_grand_total,
    expense_grand_total::double as expense_grand_total,
    expense_basic::double as expense_basic,
    expense_project::double as expense_project,
    expense_general_public_budget::double as expense_general_public_budget,
    personnel_expense::double as personnel_expense,
    public_expense::double as public_expense,
    three_public_actual_total::double as three_public_actual_total,
    department_performance_score::double as department_performance_score,
    project_count::integer as project_count,
    projects_scored::integer as projects_scored,
    round(avg_project_score, 2)::double as avg_project_score,
    high_score_low_execution_projects::integer as high_score_low_execution_projects,
    years_available::integer as years_available,
    prior_fiscal_year::integer as prior_fiscal_year,
    prior_income_total::double as prior_income_total,
    prior_expense_total::double as prior_expense_total,
    round(income_total - prior_income_total, 2)::double as income_total_yoy_change,
    round(100 * (income_total - prior_income_total) / nullif(prior_income_total, 0), 2)::double as income_total_yoy_pct,
    round(expense_total - prior_expense_total, 2)::double as expense_total_yoy_change,
    round(100 * (expense_total - prior_expense_total) / nullif(prior_expense_total, 0), 2)::double as expense_total_yoy_pct,
    round(prior_income_grand_total, 2)::double as prior_income_grand_total,
    prior_income_grand_total_from::varchar as prior_income_grand_total_from,
    round(prior_expense_grand_total, 2)::double as prior_expense_grand_total,
    prior_expense_grand_total_from::varchar as prior_expense_grand_total_from,
    round(prior_three_public_actual_total, 2)::double as prior_three_public_actual_total,
    prior_three_public_actual_total_from::varchar as prior_three_public_actual_total_from,
    round(three_public_actual_total - prior_doc_three_public_actual_total, 2)::double as three_public_yoy_change,
    stated_income_grand_total_yoy_pct::double as stated_income_grand_total_yoy_pct,
    stated_expense_grand_total_yoy_pct::double as stated_expense_grand_total_yoy_pct,
    stated_expense_general_public_budget_yoy_pct::double as stated_expense_general_public_budget_yoy_pct,
    stated_three_public_yoy_pct::double as stated_three_public_yoy_pct
from with_stated
