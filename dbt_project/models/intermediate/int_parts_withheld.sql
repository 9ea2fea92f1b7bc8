{{ config(materialized='table') }}  -- read by the ranking, dim_document and four fact marts: the latest findings are
-- grouped once per build, not once per reader (each a pass over every stored finding)
-- What an error-level finding (our extraction is broken) withholds from the marts: the part it is about (a
-- table, a project form, a figure), or the whole document when the finding names no part (its identity is lost,
-- or nothing in it parses). Warnings (the document's own inconsistencies) withhold nothing.
with errors as (
    select
        *,
        case
            when table_index is not null then 'table'
            when project_index is not null then 'project'
            when figure is not null then 'figure'
            else 'document'
        end as part
    from {{ ref('stg_quality__check_results') }}
    where outcome = 'failed' and severity = 'error'
)

select
    document_id,
    part,
    table_index,
    project_index,
    figure,
    string_agg(distinct rule_id, ', ' order by rule_id) as rules,
    string_agg(distinct message, ' | ' order by message) as reasons
from errors
group by document_id, part, table_index, project_index, figure
