{{ config(materialized='table') }}  -- read by several marts, tests and analyst views: computed once per build
-- One value per document and department-level figure: the standard table's value where a table prints it,
-- else the narrative's first statement of it (restatements and per-code lines left out). `source` says
-- which won; the other side's value is kept beside it so disagreements stay visible.
with from_tables as (
    select
        document_id, figure, value, unit, page, line_no, table_kind, table_index,
        raw_text as evidence, ocr_confidence
    from {{ ref('int_table_figures_located') }}
),

from_narrative as (
    select
        document_id, figure,
        coalesce(value_wan, value) as value,
        case when value_wan is not null then '万元' else unit end as unit,
        page, line_no, sentence as evidence, ocr_confidence
    from {{ ref('stg_disclosures__narrative_figures') }}
    -- an amount the narrative gives to a project, another unit or fund (unattributed_…) is not the department's
    where not is_restatement and subject_code is null and not starts_with(figure, 'unattributed_')
    qualify row_number() over (partition by document_id, figure order by line_no, page nulls last) = 1
),

figures as (
    select document_id, figure from from_tables
    union
    select document_id, figure from from_narrative
)

select
    figures.document_id,
    figures.figure,
    coalesce(from_tables.value, from_narrative.value) as value,
    case when from_tables.value is not null then from_tables.unit else from_narrative.unit end as unit,
    case when from_tables.value is not null then 'table' else 'narrative' end as source,
    case when from_tables.value is not null then from_tables.page else from_narrative.page end as page,
    case when from_tables.value is not null then from_tables.line_no else from_narrative.line_no end as line_no,
    from_tables.table_kind,
    from_tables.table_index,
    case when from_tables.value is not null then from_tables.evidence else from_narrative.evidence end as evidence,
    -- how sure OCR was of the winning value (NULL for a text layer), so a doubtful figure stays visible in the marts
    case when from_tables.value is not null then from_tables.ocr_confidence else from_narrative.ocr_confidence end
        as ocr_confidence,
    from_tables.value as table_value,
    from_tables.page as table_page,
    from_tables.line_no as table_line_no,
    from_narrative.value as narrative_value,
    from_narrative.page as narrative_page,
    from_narrative.line_no as narrative_line_no,
    from_narrative.unit as narrative_unit,
    from_narrative.evidence as narrative_evidence,
    from_narrative.ocr_confidence as narrative_ocr_confidence
from figures
left join from_tables using (document_id, figure)
left join from_narrative using (document_id, figure)
