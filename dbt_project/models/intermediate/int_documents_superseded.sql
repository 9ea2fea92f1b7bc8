-- A corrected document (same department, year and kind, new bytes) supersedes the older one;
-- the older one stays in history with status 'superseded'.
with documents as (
    select * from {{ ref('stg_disclosures__documents') }}
),

ranked as (
    select
        document_id,
        case
            when status = 'loaded' and department_name is not null and fiscal_year is not null
                then row_number() over (
                    partition by department_name, fiscal_year, doc_kind, status = 'loaded'
                    order by ingested_at desc, document_id
                )
        end as version_rank
    from documents
)

select
    documents.*,
    case when ranked.version_rank > 1 then 'superseded' else documents.status end as current_status,
    coalesce(ranked.version_rank, 1) = 1 and documents.status = 'loaded' as is_current
from documents
inner join ranked using (document_id)
