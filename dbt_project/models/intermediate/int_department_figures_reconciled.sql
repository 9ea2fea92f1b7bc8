-- One value per document and figure: the table's value where a table prints it, else the
-- narrative's first statement; `source` says which won.
with from_tables as (
    select document_id, figure, value, unit, page, line_no, 'table' as source
    from {{ ref('int_table_figures_located') }}
),

from_narrative as (
    select document_id, figure, coalesce(value_wan, value) as value,
        case when value_wan is not null then '万元' else unit end as unit,
        page, line_no, 'narrative' as source
    from {{ ref('stg_disclosures__narrative_figures') }}
    where not is_restatement and subject_code is null
    qualify row_number() over (partition by document_id, figure order by line_no) = 1
),

candidates as (
    select * from from_tables
    union all
    select * from from_narrative
)

select *
from candidates
qualify row_number() over (
    partition by document_id, figure order by case source when 'table' then 0 else 1 end
) = 1
