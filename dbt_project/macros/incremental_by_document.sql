{#-
  The fact marts are incremental by document. A build rebuilds the rows of the documents that may have changed
  since the last complete build recorded in quality.model_builds and keeps the rest:
    - documents loaded (or reloaded) since then;
    - documents that arrived under another file name since then;
    - documents the quality step checked since then. It checks every document of a department one of them touches,
      and version ranking and withholding only change inside such a department.
  gongkai records each complete build and asks dbt for a full refresh when the models, macros or seeds change
  (orchestration/lib/model_builds.py). A plain `dbt build` rebuilds what changed since the last recorded build, or
  every document when none is recorded.
-#}

{% macro changed_documents_sql() %}
    with since as (
        select coalesce(max(started_at), '-infinity'::timestamp) as at from {{ source('quality', 'model_builds') }}
    )
    select document_id from {{ source('disclosures', 'documents') }}, since where extracted_at > since.at
    union
    select document_id from {{ source('disclosures', 'document_sources') }}, since where seen_at > since.at
    union
    select document_id from {{ source('quality', 'check_results') }}, since
    where checked_at > since.at and document_id is not null
{% endmacro %}


{#- `and <column> in ('…', …)` in an incremental build, nothing in a full one. The ids are written out, not a
    subquery, so that DuckDB pushes the filter down to the raw scans instead of aggregating every document and
    joining the result. -#}
{% macro only_changed_documents(column) %}
    {%- if execute and is_incremental() -%}
        {%- set ids = run_query(changed_documents_sql()).columns[0].values() -%}
        and {{ column }} in ({% for id in ids %}'{{ id }}'{{ ',' if not loop.last }}{% else %}null{% endfor %})
    {%- endif -%}
{% endmacro %}


{#- The pre-hook: the changed documents' old rows go, in the transaction that inserts their new ones. A document
    that is no longer current (superseded, withheld whole) has no new rows, so a delete by the new rows' keys
    would leave its old ones behind. -#}
{% macro delete_changed_documents() %}
    {%- if is_incremental() -%}
        delete from {{ this }} where document_id in ({{ changed_documents_sql() }})
    {%- endif -%}
{% endmacro %}
