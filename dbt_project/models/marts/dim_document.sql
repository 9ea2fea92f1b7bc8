-- One row per document (content hash): where it came from, whose it is, what kind, and what became of it.
with documents as (
    select * from {{ ref('int_documents_ranked') }}
),

regions as (
    select * from {{ ref('int_document_regions_matched') }}
),

arrivals as (
    select
        document_id,
        count(*) as arrival_count,
        string_agg(distinct file_name, ' | ' order by file_name) as arrived_as
    from {{ ref('stg_disclosures__document_sources') }}
    group by all
),

coverage as (
    select
        document_id,
        sum(greatest(amounts_printed - amounts_skipped, 0)) filter (where part = 'table') as table_figures_printed,
        sum(amounts_captured) filter (where part = 'table') as table_figures_captured,
        sum(greatest(amounts_printed - amounts_skipped, 0)) filter (where part = 'project') as project_figures_printed,
        sum(amounts_captured) filter (where part = 'project') as project_figures_captured,
        sum(greatest(amounts_printed - amounts_skipped, 0)) filter (where part = 'narrative_section') as narrative_figures_printed,
        sum(amounts_captured) filter (where part = 'narrative_section') as narrative_figures_captured,
        sum(amounts_missed) as figures_missed
    from {{ ref('stg_disclosures__extraction_coverage') }}
    group by all
),

withheld as (
    select
        document_id,
        count(*) as withheld_parts,
        string_agg(part || coalesce(' ' || table_index, ' ' || project_index, ' ' || figure, '') || ': ' || rules, '; '
                   order by part, table_index, project_index, figure) as withheld_summary
    from {{ ref('int_parts_withheld') }}
    where part <> 'document'
    group by all
)

select
    documents.document_id::varchar as document_id,
    documents.source_file::varchar as source_file,
    documents.file_name::varchar as file_name,
    documents.stored_path::varchar as stored_path,
    documents.document_id::varchar as sha256,
    documents.department_name::varchar as department_name,
    regions.province::varchar as province,
    regions.city::varchar as city,
    regions.county::varchar as county,
    regions.jurisdiction_level::varchar as jurisdiction_level,
    documents.fiscal_year::integer as fiscal_year,
    documents.doc_kind::varchar as doc_kind,
    documents.scope::varchar as scope,
    documents.file_format::varchar as file_format,
    documents.size_bytes::bigint as size_bytes,
    documents.page_count::integer as page_count,
    documents.current_status::varchar as status,
    documents.current_reason::varchar as status_reason,
    documents.is_current::boolean as is_current,
    documents.superseded_by::varchar as superseded_by,
    coalesce(arrivals.arrival_count, 1)::integer as arrival_count,
    arrivals.arrived_as::varchar as arrived_as,
    documents.parser_version::varchar as parser_version,
    documents.ingested_at::timestamp as ingested_at,
    documents.extracted_at::timestamp as extracted_at,
    documents.table_count::integer as table_count,
    documents.fact_count::integer as fact_count,
    documents.narrative_count::integer as narrative_count,
    documents.project_count::integer as project_count,
    coalesce(coverage.table_figures_printed, 0)::integer as table_figures_printed,
    coalesce(coverage.table_figures_captured, 0)::integer as table_figures_captured,
    coalesce(coverage.project_figures_printed, 0)::integer as project_figures_printed,
    coalesce(coverage.project_figures_captured, 0)::integer as project_figures_captured,
    coalesce(coverage.narrative_figures_printed, 0)::integer as narrative_figures_printed,
    coalesce(coverage.narrative_figures_captured, 0)::integer as narrative_figures_captured,
    coalesce(coverage.figures_missed, 0)::integer as figures_missed,
    documents.ocr_pages::varchar as ocr_pages,
    -- how many pages OCR read, so an analyst can filter scans without parsing the list
    coalesce(len(string_split(documents.ocr_pages, ',')), 0)::integer as ocr_page_count,
    documents.ocr_engine::varchar as ocr_engine,
    documents.ocr_confidence::double as ocr_confidence,
    documents.ocr_unreadable_pages::varchar as ocr_unreadable_pages,
    coalesce(withheld.withheld_parts, 0)::integer as withheld_parts,
    withheld.withheld_summary::varchar as withheld_summary
from documents
left join regions using (document_id)
left join arrivals using (document_id)
left join coverage using (document_id)
left join withheld using (document_id)
