{{ config(materialized='table') }}  -- a recursive match read by its tests, the rules and dim_document: computed once per build
-- A document's jurisdiction (province, city, county) from the place names that prefix its department's name, with
-- the regions seed. Only the prefix counts: 上海市普陀区规划和自然资源局 is in 上海市 普陀区, never in 资源县 (a
-- fragment of the bureau's own name).
--   * The prefix is a chain of region names, each starting where the one before ends, from the start of the name
--     (after a leading 中共, as in 中共上海市普陀区委…): 上海市 + 普陀区, 岳阳市 + 君山区, 四川省 + 乐山市. A short name
--     counts only at the very start and when no administrative suffix follows it ("四川乐山…" names 四川省;
--     "吉林省…" does not name 吉林市).
--   * A county-level name shared by several places (普陀区 in 上海市 and in 舟山市) must agree with a city or province
--     of the chain; a two-character county name alone (城区, 郊区, 南县) is too common to trust.
--   * The most specific region of the chain wins; province-level departments (上海市XX局) get a province only.
-- The match depends on the department's name alone: it runs once per name, not once per document (a department
-- publishes its budget, final accounts and scores every year under the same name).
with recursive documents as (
    select document_id, department_name
    from {{ ref('stg_disclosures__documents') }}
    where department_name is not null
),

departments as (
    select distinct
        department_name,
        case when starts_with(department_name, '中共') then 3 else 1 end as prefix_start
    from documents
),

regions as (
    select * from {{ ref('regions') }}
),

-- the names a chain may start with: a region's own, and its short name (四川 for 四川省)
first_names as (
    select region_name as name, true as full_name, region_name, region_level, province, city
    from regions
    union all
    select short_name, false, region_name, region_level, province, city
    from regions
    where length(short_name) >= 2 and short_name <> region_name
),

-- Candidate names are cut from the department's name at each length a region name has, then matched by
-- equality: a hash join, not every department against every region.
first_lengths as (
    select distinct length(name) as n from first_names
),

next_lengths as (
    select distinct length(region_name) as n from regions
),

chain as (
    select
        departments.department_name,
        first_names.region_name,
        first_names.region_level,
        first_names.province,
        first_names.city,
        departments.prefix_start + first_lengths.n as next_start
    from departments
    cross join first_lengths
    inner join first_names
        on first_names.name = substr(departments.department_name, departments.prefix_start, first_lengths.n)
    where first_names.full_name or not regexp_matches(
        substr(departments.department_name, departments.prefix_start + first_lengths.n, 1), '[省市区县州盟旗]')

    union all

    select
        chain.department_name,
        regions.region_name,
        regions.region_level,
        regions.province,
        regions.city,
        chain.next_start + next_lengths.n as next_start
    from chain
    cross join next_lengths
    inner join regions
        on regions.region_name = substr(chain.department_name, chain.next_start, next_lengths.n)
),

mentions as (
    select distinct department_name, region_name, region_level, province, city
    from chain
),

scored as (
    select
        candidate.*,
        exists (
            select 1 from mentions as other
            where other.department_name = candidate.department_name
                and other.region_name = candidate.city and candidate.city <> candidate.region_name
        ) as city_mentioned,
        exists (
            select 1 from mentions as other
            where other.department_name = candidate.department_name
                and other.region_level = 'province' and other.region_name = candidate.province
                and candidate.province <> candidate.region_name
        ) as province_mentioned,
        exists (
            select 1 from mentions as other
            where other.department_name = candidate.department_name and other.region_level = 'city'
        ) as some_city_mentioned
    from mentions as candidate
),

plausible as (
    select *, city_mentioned::int + province_mentioned::int as context_hits
    from scored
    where region_level <> 'county'
        or city_mentioned
        or (province_mentioned and not some_city_mentioned)
        or (length(region_name) >= 3 and not some_city_mentioned)
),

best as (
    select *
    from plausible
    qualify row_number() over (
        partition by department_name
        order by
            case region_level when 'county' then 0 when 'city' then 1 else 2 end,
            context_hits desc,
            length(region_name) desc,
            region_name
    ) = 1
)

select
    documents.document_id,
    best.region_level as jurisdiction_level,
    best.region_name as jurisdiction_name,
    best.province,
    case when best.region_level = 'city' then best.region_name when best.region_level = 'county' then best.city end as city,
    case when best.region_level = 'county' then best.region_name end as county
from documents
inner join best using (department_name)
