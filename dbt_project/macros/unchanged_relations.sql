{#-
  Views and seeds that are already what this build would make are left as they are.

  Recreating them cost a small re-run about 1.3 s of its two dbt builds (DuckDB commits each one: benchmarks/RESULTS.md),
  while neither changes with the documents: a view is its SQL, a seed its CSV file. gongkai passes the var `relations_stamp` (orchestration/lib/dbt_build.run_vars): a digest
  of the whole dbt project, dbt's and DuckDB's versions and the raw schema, so that any change to a model upstream of
  a view, or to the columns it reads, recreates every view. Each view and seed gets, as its comment, a digest of that
  stamp and its own compiled SQL (a view) or file checksum and column types (a seed); the next build skips it when
  the digest is the same. Its tests still run: they read the documents' rows through it.

  Without the var (a plain `dbt build`), or with --full-refresh, everything is built as dbt's own materializations
  build it, and a plain build clears the digests. A row changed by hand in a seed table is not noticed: only dbt
  writes the build copy these builds run on.
-#}

{#- The comment itself says what it is: dbt docs shows it beside the relation. -#}
{% macro relation_digest(content) -%}
    {{- 'gongkai build digest ' ~ local_md5(var('relations_stamp') ~ '|' ~ content) -}}
{%- endmacro %}


{% macro _content_of_node() -%}
    {%- if model.resource_type == 'seed' -%}
        {{- model.checksum.checksum ~ '|' ~ tojson(config.get('column_types') or {}) -}}
    {%- else -%}
        {{- sql -}}
    {%- endif -%}
{%- endmacro %}


{#- True when the relation exists as the kind it should be and carries this build's digest for it. -#}
{% macro is_unchanged_relation(relation, kind) %}
    {%- if var('relations_stamp', none) is none or should_full_refresh() -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set existing = load_cached_relation(relation) -%}
    {%- if existing is none or (kind == 'view' and not existing.is_view) or (kind == 'table' and not existing.is_table) -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set catalog = 'duckdb_views()' if kind == 'view' else 'duckdb_tables()' -%}
    {%- set name_column = 'view_name' if kind == 'view' else 'table_name' -%}
    {%- set found = run_query(
        "select comment from " ~ catalog ~ " where database_name = '" ~ relation.database ~ "' and schema_name = '"
        ~ relation.schema ~ "' and " ~ name_column ~ " = '" ~ relation.identifier ~ "'") -%}
    {{ return(found.rows | length == 1 and found.rows[0][0] == relation_digest(_content_of_node())) }}
{% endmacro %}


{#- The post-hook of every view and seed (dbt_project.yml), inside the transaction that made it. A build without the
    stamp clears the digest: a seed it reloads keeps its table, and with it the comment of the rows it held before. -#}
{% macro stamp_relation_digest() -%}
    {%- if execute and model.config.materialized in ('view', 'seed') -%}
        comment on {{ 'view' if model.config.materialized == 'view' else 'table' }} {{ this }} is
        {%- if var('relations_stamp', none) is not none %} '{{ relation_digest(_content_of_node()) }}'
        {%- else %} null{% endif -%}
    {%- endif -%}
{%- endmacro %}


{% materialization view, adapter='duckdb' %}
    {%- set target_relation = this.incorporate(type='view') -%}
    {%- if is_unchanged_relation(target_relation, 'view') -%}
        {%- call noop_statement('main', 'unchanged') -%}-- {{ target_relation }} is already this SQL{%- endcall -%}
        {{ return({'relations': [target_relation]}) }}
    {%- endif -%}
    {{ return(materialization_view_default()) }}
{% endmaterialization %}


{% materialization seed, adapter='duckdb' %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- if is_unchanged_relation(target_relation, 'table') -%}
        {%- call noop_statement('main', 'unchanged') -%}-- {{ target_relation }} already holds this file{%- endcall -%}
        {#- dbt's seed runner reads the loaded rows back (for --show): none were loaded -#}
        {%- do store_result('agate_table', response='OK', agate_table=run_query('select 1 as unchanged where false')) -%}
        {{ return({'relations': [target_relation]}) }}
    {%- endif -%}
    {%- if var('relations_stamp', none) is not none -%}
        {#- dbt reloads an existing seed table into the table as it is: made again, it takes the file's columns and
            the column types configured now -#}
        {%- do adapter.drop_relation(target_relation) -%}
    {%- endif -%}
    {{ return(materialization_seed_default()) }}
{% endmaterialization %}
