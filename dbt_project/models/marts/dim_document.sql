with documents as (
    select * from {{ ref('int_documents_superseded') }}
),

regions as (
    select * from {{ ref('regions') }}
),

-- the most specific region named in the department name; a county must agree with a city or
-- province also named there when the same county name exists in several places (普陀区)
region_matches as (
    select
        documents.document_id,
        regions.*,
        coalesce(position(regions.city in documents.department_name) > 0, false)::int
            + coalesce(position(regions.province in documents.department_name) > 0
                or position(regions.short_name in documents.department_name) = 1, false)::int as context_hits
    from documents
    inner join regions
        on documents.department_name is not null
        and position(regions.region_name in documents.department_name) > 0
),

best_region as (
    select document_id, region_name, region_level, province, city
    from region_matches
    -- a county name alone (城区, 郊区, 南县) is too common to trust without its city or province
    where region_level <> 'county' or context_hits > 0 or length(region_name) >= 3
    qualify row_number() over (
        partition by document_id
        order by case region_level when 'county' then 0 when 'city' then 1 else 2 end,
            context_hits desc, length(region_name) desc
    ) = 1
)

select
    documents.document_id,
    documents.source_file,
    documents.stored_path,
    documents.document_id as sha256,
    documents.file_name,
    documents.department_name,
    coalesce(best_region.province, case when best_region.region_level = 'province' then best_region.region_name end) as province,
    case when best_region.region_level in ('city', 'county') then coalesce(best_region.city, best_region.region_name) end as city,
    case when best_region.region_level = 'county' then best_region.region_name end as county,
    documents.fiscal_year,
    documents.doc_kind,
    documents.file_format,
    documents.size_bytes,
    documents.page_count,
    documents.current_status as status,
    documents.error as status_reason,
    documents.is_current,
    documents.parser_version,
    documents.ingested_at,
    documents.extracted_at,
    documents.table_count,
    documents.fact_count,
    documents.narrative_count,
    documents.project_count
from documents
left join best_region using (document_id)
