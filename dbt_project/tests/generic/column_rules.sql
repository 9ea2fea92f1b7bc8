{#- A model's column rules in one test: one scan for the row rules, one grouped scan per key. Each row returned is a
    failure that says which rule and which value; the test fails (or warns, by its severity) when there is any.

    not_null: [column, ...]                    the column is set on every row
    accepted_values: {column: [value, ...]}    the column holds one of the values (NULL passes)
    between: {column: [min, max]}              min <= column <= max (NULL passes: a figure not printed is not wrong)
    unique: [column or expression, ...]        no value occurs twice (NULL keys pass)

    A test per rule and column ran one query each, and each was a Dagster asset check of its own: 133 of them in
    every run's two dbt builds, most of a small re-run's dbt time. These are the same rules, with the same verdicts. -#}
{% test column_rules(model, not_null=[], accepted_values={}, between={}, unique=[]) %}
{%- set row_rules = [] -%}
{%- for column in not_null -%}
    {%- do row_rules.append("case when " ~ column ~ " is null then '" ~ column ~ " is null' end") -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- set listed = [] -%}
    {%- for value in values -%}
        {%- do listed.append(value if value is number else "'" ~ (value | replace("'", "''")) ~ "'") -%}
    {%- endfor -%}
    {%- do row_rules.append("case when " ~ column ~ " not in (" ~ listed | join(", ") ~ ") then '" ~ column ~ " = ' || "
                            ~ column ~ "::varchar || ' is not one of " ~ (values | join(", ") | replace("'", "''")) ~ "' end") -%}
{%- endfor -%}
{%- for column, bounds in between.items() -%}
    {%- do row_rules.append("case when " ~ column ~ " < " ~ bounds[0] ~ " or " ~ column ~ " > " ~ bounds[1] ~ " then '"
                            ~ column ~ " = ' || " ~ column ~ "::varchar || ' is outside [" ~ bounds[0] ~ ", " ~ bounds[1] ~ "]' end") -%}
{%- endfor -%}
{%- set parts = [] -%}
{%- if row_rules -%}
    {%- do parts.append("select failure from (select concat_ws('; ', " ~ row_rules | join(", ") ~ ") as failure from "
                        ~ model ~ ") as checked where failure <> ''") -%}
{%- endif -%}
{%- for key in unique -%}
    {%- do parts.append("select 'duplicate " ~ (key | replace("'", "''")) ~ ": ' || key::varchar || ' (' || count(*) || ' rows)' as failure "
                        ~ "from (select " ~ key ~ " as key from " ~ model ~ ") as keyed where key is not null group by key having count(*) > 1") -%}
{%- endfor -%}
{%- if parts -%}
{{ parts | join("\nunion all\n") }}
{%- else -%}
select null::varchar as failure where false
{%- endif %}
{% endtest %}
