select
    document_id,
    figure,
    value,
    unit,
    coalesce(value_wan, case when unit = '元' then value / 10000.0 when unit = '万元' then value end) as value_wan,
    subject_code,
    section,
    sentence,
    page,
    line_no,
    coalesce(is_restatement, false) as is_restatement,
    parser_version
from {{ source('disclosures', 'narrative_figures') }}
