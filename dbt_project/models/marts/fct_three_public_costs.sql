{%- set amounts = [
    'budget_total', 'actual_total', 'outbound_travel_budget', 'outbound_travel',
    'vehicle_total_budget', 'vehicle_total', 'vehicle_purchase_budget', 'vehicle_purchase',
    'vehicle_operation_budget', 'vehicle_operation', 'reception_budget', 'reception',
    'outbound_groups', 'outbound_persons', 'vehicles_purchased', 'vehicles_owned',
    'reception_batches', 'reception_persons', 'prior_year_actual_total'
] -%}
-- 一般公共预算财政拨款“三公”经费, one row per current final-accounts document.
with documents as (
    select * from {{ ref('dim_document') }}
    where is_current and doc_kind = 'final_accounts'
),

figures as (
    select replace(figure, 'three_public_', '') as item, *
    from {{ ref('int_department_figures_reconciled') }}
    where figure like 'three\_public\_%' escape '\'
),

tables as (
    select document_id, bool_or(table_kind = 'three_public') as has_table,
        bool_and(is_empty) filter (where table_kind = 'three_public') as table_empty
    from {{ ref('stg_disclosures__document_tables') }}
    group by all
)

select
    documents.document_id,
    documents.department_name,
    documents.fiscal_year,
    {%- for item in amounts %}
    max(figures.value) filter (where figures.item = '{{ item }}') as {{ item }},
    {%- endfor %}
    coalesce(tables.has_table, false) as has_three_public_table,
    coalesce(tables.table_empty, false) as three_public_table_empty,
    case
        when count(*) filter (where figures.source = 'table') > 0 and count(*) filter (where figures.source = 'narrative') > 0 then 'table+narrative'
        when count(*) filter (where figures.source = 'table') > 0 then 'table'
        when count(*) filter (where figures.source = 'narrative') > 0 then 'narrative'
    end as source,
    min(figures.page) as page
from documents
left join figures using (document_id)
left join tables using (document_id)
group by all
