{{ config(materialized='table') }}  -- read by the located figures and the cross-table rules: computed once per build
-- Every place a standard table prints a department-level figure (seed figure_locations: the template's row,
-- column and measure for each figure, in each table that prints it). Only printed numbers count: a blank or a
-- dash is not a figure. The same figure printed in two tables is two rows here; the quality rules compare them.
with facts as (
    select *, replace(column_label, ' ', '') as column_key
    from {{ ref('stg_disclosures__table_facts') }}
    where value_kind in ('number', 'zero') and subject_code is null
),

locations as (
    select * from {{ ref('figure_locations') }}
),

-- The patterns are matched once per distinct label (templates repeat the same rows and columns in every
-- document), then the facts join the matches on those labels.
labels as (
    select distinct table_kind, row_group, row_key, column_key, measure
    from facts
),

matched as (
    select labels.*, locations.figure, locations.priority
    from labels
    inner join locations
        on labels.table_kind = locations.table_kind
        and (locations.group_pattern is null or coalesce(regexp_matches(labels.row_group, locations.group_pattern), false))
        and (locations.row_pattern is null or coalesce(regexp_matches(labels.row_key, locations.row_pattern), false))
        and (locations.column_pattern is null or coalesce(regexp_matches(labels.column_key, locations.column_pattern), false))
        and (locations.column_exclude is null or not coalesce(regexp_matches(labels.column_key, locations.column_exclude), false))
        and (locations.measure is null or labels.measure = locations.measure)
)

select
    facts.document_id,
    matched.figure,
    coalesce(facts.amount_wan, facts.value) as value,
    case when facts.amount_wan is null then facts.unit else '万元' end as unit,
    facts.table_kind,
    facts.table_index,
    facts.page,
    facts.line_no,
    facts.row_index,
    facts.col_index,
    facts.row_label,
    facts.column_label,
    facts.raw_text,
    facts.ocr_confidence,
    matched.priority
from facts
inner join matched
    on facts.table_kind = matched.table_kind
    and facts.row_group is not distinct from matched.row_group
    and facts.row_key is not distinct from matched.row_key
    and facts.column_key is not distinct from matched.column_key
    and facts.measure is not distinct from matched.measure
