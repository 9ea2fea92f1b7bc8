{{ config(materialized='incremental', incremental_strategy='append', on_schema_change='fail',
          pre_hook="{{ delete_changed_documents() }}") }}
-- Rows of the 一般公共预算财政拨款基本支出决算(明细)表 (公开06) by 经济分类 code (类 3 digits, 款 5):
-- the name as printed and the 决算数 in 万元 (a budget's: the 合计 of its 一般公共预算基本支出经济分类预算表).
-- A row left blank is not a row; a printed 0 is.
with facts as (
    select * from {{ ref('stg_disclosures__table_facts') }} as facts
    -- a budget's 基本支出经济分类预算表 prints 合计 / 人员经费 / 公用经费 per code: its 合计 is the row's amount
    where (table_kind = 'general_public_budget_basic_expense'
            or (table_kind = 'budget_basic_expense_economic' and measure = 'total'))
        and classification = 'economic'
        and subject_code is not null
        and value_kind in ('number', 'zero')
        and not exists (
            select 1 from {{ ref('int_parts_withheld') }} as withheld
            where withheld.part = 'table' and withheld.document_id = facts.document_id
                and withheld.table_index = facts.table_index
        )
)

select
    facts.document_id::varchar as document_id,
    documents.department_name::varchar as department_name,
    documents.fiscal_year::integer as fiscal_year,
    facts.subject_code::varchar as subject_code,
    (case length(facts.subject_code) when 3 then 1 else 2 end)::integer as subject_level,
    coalesce(facts.subject_name, lookup.subject_name)::varchar as subject_name,
    left(facts.subject_code, 3)::varchar as class_code,
    facts.amount_wan::double as amount,
    facts.raw_text::varchar as raw_text,
    facts.page::integer as page,
    facts.line_no::integer as line_no,
    facts.ocr_confidence::double as ocr_confidence,
    lookup.subject_code is not null as in_classification
from facts
inner join {{ ref('dim_document') }} as documents
    on facts.document_id = documents.document_id and documents.is_current
    {{ only_changed_documents('facts.document_id') }}
left join {{ ref('economic_classification') }} as lookup
    on facts.subject_code = lookup.subject_code
qualify row_number() over (partition by facts.document_id, facts.subject_code order by facts.page nulls last, facts.line_no, facts.col_index) = 1
