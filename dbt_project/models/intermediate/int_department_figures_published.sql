-- The reconciled department figures analysts see: a figure the quality step withheld is left out, and one whose
-- table was withheld falls back to the narrative's statement of it where the narrative states it.
with figures as (
    select * from {{ ref('int_department_figures_reconciled') }}
),

withheld as (
    select * from {{ ref('int_parts_withheld') }}
),

table_withheld as (
    select figures.document_id, figures.figure
    from figures
    inner join withheld
        on withheld.part = 'table' and figures.document_id = withheld.document_id
        and figures.table_index = withheld.table_index
),

kept as (
    select
        figures.*,
        table_withheld.figure is not null as table_side_withheld
    from figures
    left join table_withheld using (document_id, figure)
    where not exists (
        select 1 from withheld
        where withheld.part = 'figure' and withheld.document_id = figures.document_id and withheld.figure = figures.figure
    )
)

select
    document_id,
    figure,
    case when table_side_withheld then narrative_value else value end as value,
    case when table_side_withheld then narrative_unit else unit end as unit,
    case when table_side_withheld then 'narrative' else source end as source,
    case when table_side_withheld then narrative_page else page end as page,
    case when table_side_withheld then narrative_line_no else line_no end as line_no,
    case when table_side_withheld then null else table_kind end as table_kind,
    case when table_side_withheld then narrative_evidence else evidence end as evidence,
    case when table_side_withheld then narrative_ocr_confidence else ocr_confidence end as ocr_confidence,
    case when table_side_withheld then null else table_value end as table_value,
    narrative_value,
    narrative_page,
    narrative_line_no
from kept
where not table_side_withheld or narrative_value is not null
