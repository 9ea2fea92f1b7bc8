-- Budget against execution (analyst view): per department, year and item, the published budget (部门预算; the
-- 单位预算 where no 部门预算 of that name and year is loaded) beside the final accounts (部门决算) of the same year.
-- item_kind 'functional': one row per 功能分类 code either document prints; published_budget = the budget's 支出预算总表
--   合计 (all sources), final_total = the 决算's 支出决算表 合计, final_budget_initial / final_budget = the 年初预算 and
--   全年预算 (调整预算) the 决算 states for the code.
-- item_kind 'headline': 本年收入/支出合计, 基本/项目支出, 一般公共预算 拨款, 机关运行经费, 政府采购 and 三公 合计 side by side.
-- execution_pct = final_total / published_budget; differences are final less budget. A side not printed stays NULL.
with documents as (
    select document_id, department_name, fiscal_year, doc_kind, scope
    from {{ ref('dim_document') }}
    where is_current and department_name is not null and fiscal_year is not null
),

budgets as (
    select * from documents
    where doc_kind = 'budget'
    qualify row_number() over (
        partition by department_name, fiscal_year order by case scope when 'department' then 0 else 1 end, document_id
    ) = 1
),

finals as (
    select * from documents
    where doc_kind = 'final_accounts'
    qualify row_number() over (
        partition by department_name, fiscal_year order by case scope when 'unit' then 1 else 0 end, document_id
    ) = 1
),

pairs as (
    select
        coalesce(b.department_name, f.department_name) as department_name,
        coalesce(b.fiscal_year, f.fiscal_year) as fiscal_year,
        b.document_id as budget_document_id,
        b.scope as budget_scope,
        f.document_id as final_document_id
    from budgets as b
    full outer join finals as f using (department_name, fiscal_year)
),

budget_codes as (
    select pairs.*, e.subject_code, e.subject_name, e.subject_level, e.total
    from pairs
    inner join {{ ref('fct_functional_expense') }} as e on e.document_id = pairs.budget_document_id
),

final_codes as (
    select pairs.*, e.subject_code, e.subject_name, e.subject_level, e.total, e.budget_initial, e.budget
    from pairs
    inner join {{ ref('fct_functional_expense') }} as e on e.document_id = pairs.final_document_id
),

functional as (
    -- a code either side prints, the other side's row where it prints it too
    select
        coalesce(b.department_name, f.department_name) as department_name,
        coalesce(b.fiscal_year, f.fiscal_year) as fiscal_year,
        coalesce(b.budget_document_id, f.budget_document_id) as budget_document_id,
        coalesce(b.budget_scope, f.budget_scope) as budget_scope,
        coalesce(b.final_document_id, f.final_document_id) as final_document_id,
        'functional' as item_kind,
        coalesce(b.subject_code, f.subject_code) as item,
        coalesce(b.subject_name, f.subject_name) as item_name,
        coalesce(b.subject_level, f.subject_level) as subject_level,
        b.total as published_budget,
        f.budget_initial as final_budget_initial,
        f.budget as final_budget,
        f.total as final_total
    from budget_codes as b
    full outer join final_codes as f
        on b.department_name = f.department_name and b.fiscal_year = f.fiscal_year and b.subject_code = f.subject_code
),

headline_figures as (
    select unnest([
        'income_total', 'expense_total', 'expense_basic', 'expense_project', 'income_general_public_budget',
        'expense_general_public_budget', 'org_operating_expense', 'procurement_total'
    ]) as item
),

finance as (
    select * from {{ ref('fct_department_figures') }}
),

headline as (
    select
        pairs.department_name, pairs.fiscal_year, pairs.budget_document_id, pairs.budget_scope, pairs.final_document_id,
        'headline' as item_kind,
        headline_figures.item,
        headline_figures.item as item_name,
        null::integer as subject_level,
        b.value as published_budget,
        fi.value as final_budget_initial,
        null::double as final_budget,
        f.value as final_total
    from pairs
    cross join headline_figures
    left join finance as b on b.document_id = pairs.budget_document_id and b.figure = headline_figures.item
    left join finance as f on f.document_id = pairs.final_document_id and f.figure = headline_figures.item
    left join finance as fi on fi.document_id = pairs.final_document_id and fi.figure = headline_figures.item || '_budget_initial'
),

three_public as (
    select
        pairs.department_name, pairs.fiscal_year, pairs.budget_document_id, pairs.budget_scope, pairs.final_document_id,
        'headline' as item_kind,
        'three_public_total' as item,
        'three_public_total' as item_name,
        null::integer as subject_level,
        b.budget_total as published_budget,
        f.budget_initial_total as final_budget_initial,
        f.budget_total as final_budget,
        f.actual_total as final_total
    from pairs
    left join {{ ref('fct_three_public_costs') }} as b on b.document_id = pairs.budget_document_id
    left join {{ ref('fct_three_public_costs') }} as f on f.document_id = pairs.final_document_id
),

lines as (
    select * from functional
    union all by name
    select * from headline
    union all by name
    select * from three_public
)

select
    department_name::varchar as department_name,
    fiscal_year::integer as fiscal_year,
    item_kind::varchar as item_kind,
    item::varchar as item,
    item_name::varchar as item_name,
    subject_level::integer as subject_level,
    published_budget::double as published_budget,
    final_budget_initial::double as final_budget_initial,
    final_budget::double as final_budget,
    final_total::double as final_total,
    round(100 * final_total / nullif(published_budget, 0), 2)::double as execution_pct,
    (final_total - published_budget)::double as final_less_budget,
    (final_budget_initial - published_budget)::double as stated_initial_less_published,
    budget_document_id::varchar as budget_document_id,
    budget_scope::varchar as budget_scope,
    final_document_id::varchar as final_document_id
from lines
where published_budget is not null or final_total is not null or final_budget_initial is not null
