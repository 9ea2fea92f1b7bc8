-- A corrected document (same department, fiscal year and kind; new bytes, registered later) supersedes the
-- older one, which stays in history with status 'superseded' and the id of the document that replaced it.
-- Only loaded documents with a known department and year take part; failed ones keep their own status.
with documents as (
    select * from {{ ref('stg_disclosures__documents') }}
),

versions as (
    select
        document_id,
        row_number() over versions_newest_first as version_rank,
        first_value(document_id) over versions_newest_first as latest_document_id
    from documents
    where status = 'loaded' and department_name is not null and fiscal_year is not null
    window versions_newest_first as (
        partition by department_name, fiscal_year, doc_kind
        order by ingested_at desc nulls last, extracted_at desc nulls last, document_id
    )
)

select
    documents.*,
    case when versions.version_rank > 1 then 'superseded' else documents.status end as current_status,
    case when versions.version_rank > 1 then versions.latest_document_id end as superseded_by,
    documents.status = 'loaded' and coalesce(versions.version_rank, 1) = 1 as is_current
from documents
left join versions using (document_id)
