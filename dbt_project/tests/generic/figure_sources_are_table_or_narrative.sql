{#- Every `<figure>_source` column of a wide mart says where its figure came from: table or narrative (NULL where the
    document does not print the figure). One test for all of a model's source columns. -#}
{% test figure_sources_are_table_or_narrative(model) %}
{%- set columns = [] -%}
{%- for column in adapter.get_columns_in_relation(model) -%}
    {%- if column.name.endswith('_source') -%}{%- do columns.append(column.name) -%}{%- endif -%}
{%- endfor -%}
{%- if columns | length == 0 %}
select null as column_name, null as value where false
{%- else %}
{%- for column in columns %}
select '{{ column }}' as column_name, {{ column }}::varchar as value
from {{ model }}
where {{ column }} is not null and {{ column }} not in ('table', 'narrative')
{{ 'union all' if not loop.last }}
{%- endfor %}
{%- endif %}
{% endtest %}
