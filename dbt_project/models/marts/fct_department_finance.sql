{%- set figures = [
    'income_total', 'income_grand_total', 'expense_total', 'expense_grand_total',
    'income_general_public_budget', 'income_government_fund',
    'expense_basic', 'expense_project', 'expense_general_public_budget', 'expense_government_fund',
    'general_public_budget_basic', 'general_public_budget_project',
    'personnel_expense', 'public_expense', 'org_operating_expense',
    'procurement_total', 'procurement_goods', 'procurement_works', 'procurement_services',
    'vehicles_owned', 'department_performance_score'
] -%}
-- One row per current document: each figure with the source (table/narrative) and page it came from.
with documents as (
    select * from {{ ref('dim_document') }}
    where is_current
),

figures as (
    select * from {{ ref('int_department_figures_reconciled') }}
)

select
    documents.document_id,
    documents.department_name,
    documents.province,
    documents.city,
    documents.county,
    documents.fiscal_year,
    documents.doc_kind,
    {%- for figure in figures %}
    max(figures.value) filter (where figures.figure = '{{ figure }}') as {{ figure }},
    {%- endfor %}
    {%- for figure in figures %}
    max(figures.source) filter (where figures.figure = '{{ figure }}') as {{ figure }}_source,
    max(figures.page) filter (where figures.figure = '{{ figure }}') as {{ figure }}_page{{ ',' if not loop.last }}
    {%- endfor %}
from documents
left join figures using (document_id)
group by all
