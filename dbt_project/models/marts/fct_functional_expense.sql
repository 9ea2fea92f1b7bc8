-- One row per document and 功能分类 code: 支出决算表 (公开03) total/basic/project, the
-- 一般公共预算财政拨款 figures (公开05) beside them, and the narrative's numbered lines
-- ("（类）…（款）…（项）：支出决算为X万元，完成预算Y%") where the document has no table.
with facts as (
    select * from {{ ref('stg_disclosures__table_facts') }}
    where classification = 'functional' and value_kind in ('number', 'zero', 'blank', 'dash')
),

expense_table as (
    select
        document_id,
        subject_code,
        any_value(subject_level) as subject_level,
        any_value(subject_name) as subject_name,
        max(amount_wan) filter (where measure = 'total') as total,
        max(amount_wan) filter (where measure = 'basic') as basic,
        max(amount_wan) filter (where measure = 'project') as project,
        min(page) as page
    from facts
    where table_kind = 'expense'
    group by all
),

gpb_table as (
    select
        document_id,
        subject_code,
        any_value(subject_level) as subject_level,
        any_value(subject_name) as subject_name,
        max(amount_wan) filter (where measure = 'total') as gpb_total,
        max(amount_wan) filter (where measure = 'basic') as gpb_basic,
        max(amount_wan) filter (where measure = 'project') as gpb_project,
        max(amount_wan) filter (where measure = 'budget') as budget,
        min(page) as gpb_page
    from facts
    where table_kind = 'general_public_budget_expense'
    group by all
),

narrative as (
    select
        document_id,
        subject_code,
        max(value_wan) filter (where figure = 'functional_expense') as narrative_total,
        max(value) filter (where figure = 'functional_expense_completion_pct') as completion_pct,
        min(page) as narrative_page,
        min(line_no) as narrative_line
    from {{ ref('stg_disclosures__narrative_figures') }}
    where figure in ('functional_expense', 'functional_expense_completion_pct')
        and subject_code is not null and not is_restatement
    group by all
),

codes as (
    select document_id, subject_code from expense_table
    union
    select document_id, subject_code from gpb_table
    union
    select document_id, subject_code from narrative
),

lookup as (
    select subject_code, subject_name, subject_level from {{ ref('functional_classification') }}
)

select
    codes.document_id,
    documents.fiscal_year,
    codes.subject_code,
    coalesce(expense_table.subject_level, gpb_table.subject_level, lookup.subject_level,
        case length(codes.subject_code) when 3 then 1 when 5 then 2 when 7 then 3 end) as subject_level,
    coalesce(expense_table.subject_name, gpb_table.subject_name, lookup.subject_name) as subject_name,
    expense_table.total,
    expense_table.basic,
    expense_table.project,
    gpb_table.budget,
    coalesce(gpb_table.gpb_total, narrative.narrative_total) as general_public_budget_total,
    gpb_table.gpb_basic as general_public_budget_basic,
    gpb_table.gpb_project as general_public_budget_project,
    narrative.completion_pct as budget_completion_pct,
    case
        when expense_table.subject_code is not null or gpb_table.subject_code is not null then 'table'
        else 'narrative'
    end as source,
    coalesce(expense_table.page, gpb_table.gpb_page, narrative.narrative_page) as page,
    narrative.narrative_line as line_no
from codes
inner join {{ ref('dim_document') }} as documents
    on codes.document_id = documents.document_id and documents.is_current
left join expense_table
    on codes.document_id = expense_table.document_id and codes.subject_code = expense_table.subject_code
left join gpb_table
    on codes.document_id = gpb_table.document_id and codes.subject_code = gpb_table.subject_code
left join narrative
    on codes.document_id = narrative.document_id and codes.subject_code = narrative.subject_code
left join lookup on codes.subject_code = lookup.subject_code
