-- Figures stated in the narrative (情况说明). Money in 万元 (value_wan); percentages, counts and scores
-- stay in `value` with their printed unit.
select
    document_id,
    figure,
    value,
    unit,
    coalesce(value_wan, case when unit = '元' then value / 10000.0 when unit = '万元' then value end) as value_wan,
    nullif(regexp_replace(subject_code, '[^0-9]', '', 'g'), '') as subject_code,
    section,
    sentence,
    page,
    line_no,
    coalesce(is_restatement, false) as is_restatement,
    subject_words,
    ocr_confidence,
    bbox_x0,
    bbox_top,
    bbox_x1,
    bbox_bottom,
    parser_version
from {{ source('disclosures', 'narrative_figures') }}
