-- Table cells in long form. Codes normalised to digits ("201 05 01" → 2010501); money in 万元
-- (ingestion converts 元; the fallback covers rows written before it did); the printed unit is kept.
with facts as (
    select
        *,
        nullif(regexp_replace(subject_code, '[^0-9]', '', 'g'), '') as code_digits
    from {{ source('disclosures', 'table_facts') }}
)

select
    document_id,
    table_index,
    table_kind,
    page,
    line_no,
    row_index,
    col_index,
    row_label,
    {{ label_key('row_label') }} as row_key,
    row_group,
    coalesce(classification, 'none') as classification,
    code_digits as subject_code,
    case length(code_digits) when 3 then 1 when 5 then 2 when 7 then 3 end as subject_level,
    nullif(trim(subject_name), '') as subject_name,
    column_label,
    measure,
    raw_text,
    value_kind,
    value,
    unit,
    coalesce(
        amount_wan,
        case when value_kind in ('number', 'zero') and unit = '元' then value / 10000.0
             when value_kind in ('number', 'zero') and unit = '万元' then value end
    ) as amount_wan,
    ocr_confidence,
    bbox_x0,
    bbox_top,
    bbox_x1,
    bbox_bottom,
    parser_version
from facts
