-- How much of each recognised part of a document became records (see ingestion.records.PartCoverage).
select
    document_id,
    part,
    part_index,
    title,
    page,
    line_no,
    amounts_printed,
    amounts_captured,
    amounts_skipped,
    greatest(amounts_printed - amounts_captured - amounts_skipped, 0) as amounts_missed,
    uncaptured,
    parser_version
from {{ source('disclosures', 'extraction_coverage') }}
