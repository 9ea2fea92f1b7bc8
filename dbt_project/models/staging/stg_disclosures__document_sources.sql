-- Every name under which a document's bytes arrived (the same file dropped twice, or renamed).
select
    document_id,
    source_file,
    regexp_extract(source_file, '[^/\\]+$') as file_name,
    seen_at
from {{ source('disclosures', 'document_sources') }}
