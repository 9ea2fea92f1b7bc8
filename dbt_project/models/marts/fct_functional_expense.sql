{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ delete_changed_documents() }}") }}
-- One row per current document and 功能分类 code (类 3 digits, 款 5, 项 7):
--   total / basic / project  本年支出合计 / 基本支出 / 项目支出 of the 支出决算表 (公开03, all funding sources);
--                            in a budget, the 支出预算总表's 合计 / 基本支出 / 项目支出 (budgeted amounts);
--   general_public_budget_*  the 一般公共预算财政拨款 figures of 公开05, or where no table prints them the
--                            narrative's numbered “（类）…（款）…（项）：支出决算为X万元” lines and 类 summaries;
--   budget / budget_initial  预算数 (调整预算) and 年初预算数 where printed, budget_completion_pct as stated.
-- Narrative figures never go into `total`.
with withheld as (
    select * from {{ ref('int_parts_withheld') }}
),

facts as (
    select * from {{ ref('stg_disclosures__table_facts') }} as facts
    where classification = 'functional' and subject_code is not null {{ only_changed_documents('facts.document_id') }}
        and value_kind in ('number', 'zero', 'blank', 'dash')
        and not exists (
            select 1 from withheld
            where withheld.part = 'table' and withheld.document_id = facts.document_id
                and withheld.table_index = facts.table_index
        )
),

expense_table as (
    select
        document_id,
        subject_code,
        any_value(subject_name) as subject_name,
        max(amount_wan) filter (where measure = 'total' and value_kind in ('number', 'zero')) as total,
        max(amount_wan) filter (where measure = 'basic' and value_kind in ('number', 'zero')) as basic,
        max(amount_wan) filter (where measure = 'project' and value_kind in ('number', 'zero')) as project,
        min(ocr_confidence) filter (where value_kind in ('number', 'zero')) as ocr_confidence,
        min(page) as page,
        min(line_no) as line_no
    from facts
    where table_kind in ('expense', 'budget_expense')
    group by all
),

gpb_table as (
    select
        document_id,
        subject_code,
        any_value(subject_name) as subject_name,
        max(amount_wan) filter (where measure = 'total' and value_kind in ('number', 'zero')) as gpb_total,
        max(amount_wan) filter (where measure = 'basic' and value_kind in ('number', 'zero')) as gpb_basic,
        max(amount_wan) filter (where measure = 'project' and value_kind in ('number', 'zero')) as gpb_project,
        max(amount_wan) filter (where measure = 'budget' and value_kind in ('number', 'zero')) as budget,
        min(ocr_confidence) filter (where value_kind in ('number', 'zero')) as ocr_confidence,
        min(page) as page,
        min(line_no) as line_no
    from facts
    where table_kind in ('general_public_budget_expense', 'budget_general_public_budget_expense')
    group by all
),

narrative as (
    select
        document_id,
        subject_code,
        arg_min(value_wan, line_no) filter (where figure in ('functional_expense', 'general_public_budget_class_expense')) as gpb_total,
        arg_min(value_wan, line_no) filter (where figure = 'functional_expense_budget') as budget,
        arg_min(value_wan, line_no) filter (where figure in ('functional_expense_budget_initial', 'general_public_budget_class_expense_budget_initial')) as budget_initial,
        arg_min(value, line_no) filter (where figure in ('functional_expense_completion_pct', 'general_public_budget_class_expense_completion_pct')) as completion_pct,
        arg_min(value, line_no) filter (where figure = 'general_public_budget_class_expense_share_pct') as share_pct,
        min(ocr_confidence) as ocr_confidence,
        min(page) as page,
        min(line_no) as line_no
    from {{ ref('stg_disclosures__narrative_figures') }} as figures
    where subject_code is not null and not is_restatement {{ only_changed_documents('figures.document_id') }}
        and not exists (
            select 1 from withheld
            where withheld.part = 'figure' and withheld.document_id = figures.document_id
                and withheld.figure = figures.figure
        )
        and figure in (
            'functional_expense', 'functional_expense_budget', 'functional_expense_budget_initial',
            'functional_expense_completion_pct', 'general_public_budget_class_expense',
            'general_public_budget_class_expense_budget_initial', 'general_public_budget_class_expense_completion_pct',
            'general_public_budget_class_expense_share_pct'
        )
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
    select subject_code, subject_name, subject_level, parent_code from {{ ref('functional_classification') }}
)

select
    codes.document_id::varchar as document_id,
    documents.department_name::varchar as department_name,
    documents.fiscal_year::integer as fiscal_year,
    codes.subject_code::varchar as subject_code,
    coalesce(lookup.subject_level, case length(codes.subject_code) when 3 then 1 when 5 then 2 when 7 then 3 end)::integer as subject_level,
    coalesce(expense_table.subject_name, gpb_table.subject_name, lookup.subject_name)::varchar as subject_name,
    coalesce(lookup.parent_code, case when length(codes.subject_code) > 3 then left(codes.subject_code, length(codes.subject_code) - 2) end)::varchar as parent_code,
    left(codes.subject_code, 3)::varchar as class_code,
    expense_table.total::double as total,
    expense_table.basic::double as basic,
    expense_table.project::double as project,
    coalesce(gpb_table.budget, narrative.budget)::double as budget,
    narrative.budget_initial::double as budget_initial,
    coalesce(gpb_table.gpb_total, narrative.gpb_total)::double as general_public_budget_total,
    gpb_table.gpb_basic::double as general_public_budget_basic,
    gpb_table.gpb_project::double as general_public_budget_project,
    narrative.completion_pct::double as budget_completion_pct,
    narrative.share_pct::double as general_public_budget_share_pct,
    (case when expense_table.subject_code is not null or gpb_table.subject_code is not null then 'table' else 'narrative' end)::varchar as source,
    (case when gpb_table.gpb_total is not null then 'table' when narrative.gpb_total is not null then 'narrative' end)::varchar as general_public_budget_source,
    coalesce(expense_table.page, gpb_table.page, narrative.page)::integer as page,
    coalesce(expense_table.line_no, gpb_table.line_no, narrative.line_no)::integer as line_no,
    narrative.page::integer as narrative_page,
    narrative.line_no::integer as narrative_line_no,
    -- the weakest OCR confidence among the row's amounts (least() skips NULLs: text-layer sides)
    least(expense_table.ocr_confidence, gpb_table.ocr_confidence, narrative.ocr_confidence)::double as ocr_confidence,
    lookup.subject_code is not null as in_classification
from codes
inner join {{ ref('dim_document') }} as documents
    on codes.document_id = documents.document_id and documents.is_current
    {{ only_changed_documents('codes.document_id') }}
left join expense_table
    on codes.document_id = expense_table.document_id and codes.subject_code = expense_table.subject_code
left join gpb_table
    on codes.document_id = gpb_table.document_id and codes.subject_code = gpb_table.subject_code
left join narrative
    on codes.document_id = narrative.document_id and codes.subject_code = narrative.subject_code
left join lookup on codes.subject_code = lookup.subject_code
