select
    document_id,
    table_index,
    table_kind,
    title,
    table_code,
    coalesce(unit, '万元') as unit,
    unit is null as unit_assumed,
    page_start,
    page_end,
    line_start,
    row_count,
    is_empty,
    empty_marker,
    parser_version
from {{ source('disclosures', 'document_tables') }}
