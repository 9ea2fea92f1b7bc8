{#-
  The fact marts are incremental by document when gongkai builds them (it sets the var incremental_by_document):
  a build rebuilds the rows of the documents that may have changed since the last complete build recorded in
  quality.model_builds, and keeps the rest. A document may have changed when, since then, it was
    - loaded (or reloaded), or arrived under another file name;
    - checked again by the quality step (which checks every document of a department a loaded document touches,
      the department it left included: version ranking and withholding only change inside such a department);
    - or it shares a department with such a document, so that a build without the quality step in between (a
      selection in the Dagster UI) still drops the rows of a version a newer one supersedes.
  gongkai records each complete build and asks for a full refresh when the models, macros, seeds or dbt change
  (orchestration/lib/model_builds.py). A plain `dbt build` rebuilds every document, as a full refresh would.
  The sources these macros read are only read at execution: the fact marts depend on them through dim_document
  and the quality source already.
-#}

{% macro changed_documents_sql() %}
    with since as (
        select coalesce(max(started_at), '-infinity'::timestamp) as at from {{ source('quality', 'model_builds') }}
    ),
    changed as (
        select document_id from {{ source('disclosures', 'documents') }}, since where extracted_at > since.at
        union
        select document_id from {{ source('disclosures', 'document_sources') }}, since where seen_at > since.at
        union
        select document_id from {{ source('quality', 'check_results') }}, since
        where checked_at > since.at and document_id is not null
    ),
    documents as (
        -- the department as staging reads it (stg_disclosures__documents), from the source: a macro run at
        -- execution cannot ref a model its callers do not name
        select document_id, nullif(trim(department_name), '') as department_name
        from {{ source('disclosures', 'documents') }}
    )
    select document_id from changed
    union
    select documents.document_id
    from documents
    -- documents whose department was not read are ranked together too
    inner join documents as changed_documents
        on documents.department_name is not distinct from changed_documents.department_name
    where changed_documents.document_id in (select document_id from changed)
{% endmacro %}


{#- The ids of the documents to rebuild, or none for every document: a plain `dbt build`, or more than 2,000
    changed (new rules, a reprocess), where listing the ids costs more than rebuilding everything. -#}
{% macro changed_document_ids() %}
    {%- if not var('incremental_by_document', false) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set ids = run_query(changed_documents_sql()).columns[0].values() | list -%}
    {{ return(none if ids | length > 2000 else ids) }}
{% endmacro %}


{%- macro _id_list(ids) -%}
    ({% for id in ids %}'{{ id }}'{{ ',' if not loop.last }}{% else %}null{% endfor %})
{%- endmacro %}


{#- `and <column> in ('…', …)` in an incremental build, nothing in a full one. The ids are written out, not a
    subquery, so that DuckDB pushes the filter down to the raw scans instead of aggregating every document and
    joining the result. -#}
{% macro only_changed_documents(column) %}
    {%- if execute and is_incremental() -%}
        {%- set ids = changed_document_ids() -%}
        {%- if ids is not none %} and {{ column }} in {{ _id_list(ids) }}{% endif -%}
    {%- endif -%}
{% endmacro %}


{#- The pre-hook: the rebuilt documents' old rows go, in the transaction that inserts their new ones. A document
    that is no longer current (superseded, withheld whole) has no new rows, so a delete by the new rows' keys
    would leave its old ones behind. -#}
{% macro delete_changed_documents() %}
    {%- if execute and is_incremental() -%}
        {%- set ids = changed_document_ids() -%}
        delete from {{ this }}{% if ids is not none %} where document_id in {{ _id_list(ids) }}{% endif %}
    {%- endif -%}
{% endmacro %}
