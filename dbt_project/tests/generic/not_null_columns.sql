{#- Rows where any of the listed columns is NULL, naming which: one scan of the model where a not_null test per
    column would run one query each (the runs' dbt builds ran dozens of them, each also a Dagster asset check). -#}
{% test not_null_columns(model, columns) %}
select *
from (
    select
        {%- for column in columns %}
        ({{ column }} is null)::integer{{ " +" if not loop.last }}
        {%- endfor %} as null_columns,
        concat_ws(', '{%- for column in columns %}, case when {{ column }} is null then '{{ column }}' end{%- endfor %}) as which
    from {{ model }}
) as checked
where null_columns > 0
{% endtest %}
