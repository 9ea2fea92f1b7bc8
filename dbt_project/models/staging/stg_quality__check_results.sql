-- The findings that decide what analysts see: for each document, those of the latest run that checked it
-- (a run stamps all its findings with one checked_at). Rule-level "could not check" rows name no document.
with results as (
    select * from {{ source('quality', 'check_results') }}
),

latest as (
    select document_id, max(checked_at) as checked_at
    from results
    where document_id is not null
    group by all
)

select
    results.run_id,
    results.rule_id,
    results.severity,
    results.document_id,
    results.table_name,
    results.table_index,
    results.project_index,
    results.figure,
    results.page,
    results.line_no,
    results.observed,
    results.expected,
    results.difference,
    results.outcome,
    results.message,
    results.checked_at,
    -- the document as it was when checked (a report or profile names it without a join)
    results.file_name,
    results.department_name,
    results.fiscal_year
from results
inner join latest using (document_id, checked_at)
