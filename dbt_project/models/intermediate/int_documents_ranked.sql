-- Document versions, ranked after withholding: a corrected document (same department, fiscal year, kind and scope;
-- new bytes, registered later) supersedes the older one (a 部门预算 and a 单位预算 of the same name and year are two
-- documents, not versions), unless it is itself withheld whole (status 'blocked'): a
-- blocked correction never hides its department-year. Only loaded documents with a known department and year
-- take part; failed ones keep their own status.
with documents as (
    select * from {{ ref('stg_disclosures__documents') }}
),

blocked as (
    select document_id, rules, reasons
    from {{ ref('int_parts_withheld') }}
    where part = 'document'
),

versions as (
    select
        document_id,
        row_number() over versions_newest_first as version_rank,
        first_value(document_id) over versions_newest_first as latest_document_id
    from documents
    where status = 'loaded' and department_name is not null and fiscal_year is not null
        and document_id not in (select document_id from blocked)
    window versions_newest_first as (
        partition by department_name, fiscal_year, doc_kind, coalesce(scope, '')
        order by ingested_at desc nulls last, extracted_at desc nulls last, document_id
    )
)

select
    documents.*,
    case
        when blocked.document_id is not null and documents.status = 'loaded' then 'blocked'
        when versions.version_rank > 1 then 'superseded'
        else documents.status
    end as current_status,
    case
        when blocked.document_id is not null and documents.status = 'loaded'
            then 'withheld from the marts by error-level quality findings (' || blocked.rules || '): ' || blocked.reasons
        else documents.error
    end as current_reason,
    case when versions.version_rank > 1 then versions.latest_document_id end as superseded_by,
    documents.status = 'loaded' and blocked.document_id is null and coalesce(versions.version_rank, 1) = 1 as is_current
from documents
left join versions using (document_id)
left join blocked using (document_id)
