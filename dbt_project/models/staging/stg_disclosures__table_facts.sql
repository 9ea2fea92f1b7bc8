-- Codes are already digits (2010501, 30101); amounts already in 万元 (amount_wan), printed unit kept.
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
    classification,
    subject_code,
    case length(subject_code) when 3 then 1 when 5 then 2 when 7 then 3 end as subject_level,
    subject_name,
    column_label,
    measure,
    raw_text,
    value_kind,
    value,
    unit,
    amount_wan,
    parser_version
from {{ source('disclosures', 'table_facts') }}
