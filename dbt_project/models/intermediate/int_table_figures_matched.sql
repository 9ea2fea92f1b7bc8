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
)

select
    facts.document_id,
    locations.figure,
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
    locations.priority
from facts
inner join locations
    on facts.table_kind = locations.table_kind
    and (locations.group_pattern is null or coalesce(regexp_matches(facts.row_group, locations.group_pattern), false))
    and (locations.row_pattern is null or coalesce(regexp_matches(facts.row_key, locations.row_pattern), false))
    and (locations.column_pattern is null or coalesce(regexp_matches(facts.column_key, locations.column_pattern), false))
    and (locations.column_exclude is null or not coalesce(regexp_matches(facts.column_key, locations.column_exclude), false))
    and (locations.measure is null or facts.measure = locations.measure)
