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
with recursive documents as (
    select
        document_id,
        department_name,
        case when starts_with(department_name, '中共') then 3 else 1 end as prefix_start
    from {{ ref('stg_disclosures__documents') }}
    where department_name is not null
),

regions as (
    select * from {{ ref('regions') }}
),

chain as (
    select
        documents.document_id,
        documents.department_name,
        regions.region_name,
        regions.region_level,
        regions.province,
        regions.city,
        documents.prefix_start + length(matched.name) as next_start
    from documents
    inner join regions on true
    cross join lateral (
        select regions.region_name as name
        union all
        select regions.short_name
        where length(regions.short_name) >= 2 and regions.short_name <> regions.region_name
    ) as matched
    where substr(documents.department_name, documents.prefix_start, length(matched.name)) = matched.name
        and (matched.name = regions.region_name or not regexp_matches(
            substr(documents.department_name, documents.prefix_start + length(matched.name), 1), '[省市区县州盟旗]'))

    union all

    select
        chain.document_id,
        chain.department_name,
        regions.region_name,
        regions.region_level,
        regions.province,
        regions.city,
        chain.next_start + length(regions.region_name) as next_start
    from chain
    inner join regions
        on substr(chain.department_name, chain.next_start, length(regions.region_name)) = regions.region_name
),

mentions as (
    select distinct document_id, region_name, region_level, province, city
    from chain
),

scored as (
    select
        candidate.*,
        exists (
            select 1 from mentions as other
            where other.document_id = candidate.document_id
                and other.region_name = candidate.city and candidate.city <> candidate.region_name
        ) as city_mentioned,
        exists (
            select 1 from mentions as other
            where other.document_id = candidate.document_id
                and other.region_level = 'province' and other.region_name = candidate.province
                and candidate.province <> candidate.region_name
        ) as province_mentioned,
        exists (
            select 1 from mentions as other
            where other.document_id = candidate.document_id and other.region_level = 'city'
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
        partition by document_id
        order by
            case region_level when 'county' then 0 when 'city' then 1 else 2 end,
            context_hits desc,
            length(region_name) desc,
            region_name
    ) = 1
)

select
    document_id,
    region_level as jurisdiction_level,
    region_name as jurisdiction_name,
    province,
    case when region_level = 'city' then region_name when region_level = 'county' then city end as city,
    case when region_level = 'county' then region_name end as county
from best
