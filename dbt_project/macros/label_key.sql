{# A printed row label reduced to what identifies it: no spaces, no ordinal prefix ("一、", "1."), no quotes. #}
{% macro label_key(column) -%}
    regexp_replace(
        regexp_replace(replace(replace(replace({{ column }}, ' ', ''), '“', ''), '”', ''),
            '^([一二三四五六七八九十]+、|[0-9]+[、.．]|[（(][一二三四五六七八九十]+[）)])', ''),
        '[:：]$', '')
{%- endmacro %}
