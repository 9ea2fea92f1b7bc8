-- Rows of the 一般公共预算财政拨款基本支出决算(明细)表: a row left blank is not a row; a printed 0 is.
select
    facts.document_id,
    documents.fiscal_year,
    facts.subject_code,
    case length(facts.subject_code) when 3 then 1 else 2 end as subject_level,
    coalesce(facts.subject_name, lookup.subject_name) as subject_name,
    facts.amount_wan as amount,
    facts.raw_text,
    facts.page,
    facts.line_no
from {{ ref('stg_disclosures__table_facts') }} as facts
inner join {{ ref('dim_document') }} as documents
    on facts.document_id = documents.document_id and documents.is_current
left join {{ ref('economic_classification') }} as lookup
    on facts.subject_code = lookup.subject_code
where facts.table_kind = 'general_public_budget_basic_expense'
    and facts.classification = 'economic'
    and facts.value_kind in ('number', 'zero')
qualify row_number() over (partition by facts.document_id, facts.subject_code order by facts.page, facts.line_no) = 1
