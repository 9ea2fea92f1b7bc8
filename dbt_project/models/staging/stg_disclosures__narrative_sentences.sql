-- The prose as printed, one row per heading, title, table-of-contents entry, sentence or prose cell of a form
-- (see ingestion.records.NarrativeSentence): what the text rules read.
select
    document_id,
    sentence_index,
    paragraph_index,
    kind,
    level,
    section,
    text,
    page,
    line_no,
    parser_version
from {{ source('disclosures', 'narrative_sentences') }}
