select
    indicators.document_id,
    indicators.project_index,
    projects.project_name,
    indicators.indicator_index,
    indicators.level1,
    indicators.level2,
    indicators.level3,
    indicators.operator,
    indicators.target_text,
    indicators.target_value,
    indicators.unit,
    indicators.actual_text,
    indicators.actual_value,
    indicators.weight,
    indicators.score,
    indicators.reason,
    indicators.page,
    indicators.line_no
from {{ ref('stg_disclosures__indicators') }} as indicators
inner join {{ ref('stg_disclosures__projects') }} as projects
    on indicators.document_id = projects.document_id and indicators.project_index = projects.project_index
inner join {{ ref('dim_document') }} as documents
    on indicators.document_id = documents.document_id and documents.is_current
