{# The department-level figures of marts.fct_department_finance, in column order (see ../shared/MARTS.md). #}
{% macro department_finance_figures() -%}
    {{ return([
        'income_total', 'income_grand_total', 'expense_total', 'expense_grand_total',
        'income_general_public_budget', 'income_government_fund',
        'expense_basic', 'expense_project', 'expense_general_public_budget', 'expense_government_fund',
        'general_public_budget_basic', 'general_public_budget_project',
        'personnel_expense', 'public_expense', 'org_operating_expense',
        'procurement_total', 'procurement_goods', 'procurement_works', 'procurement_services',
        'vehicles_owned', 'department_performance_score'
    ]) }}
{%- endmacro %}
