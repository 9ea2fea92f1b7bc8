-- One place per document and figure: where the template prints it first (the seed's priority, then page, line
-- and column). Its other places stay in int_table_figures_matched.
select * exclude (priority, row_index, col_index)
from {{ ref('int_table_figures_matched') }}
qualify row_number() over (
    partition by document_id, figure order by priority, page nulls last, line_no, table_index, row_index, col_index
) = 1
