-- A document's jurisdiction (province, city, county) recognised from its department name with the regions
-- seed: the most specific region the name mentions wins.
--   * A region is mentioned by its full name anywhere (乐山市, 普陀区), or by its short name at the very start
--     when what follows is not an administrative suffix (“四川乐山…” mentions 四川省; “吉林省…” does not
--     mention 吉林市).
--   * A county-level name shared by several places (普陀区 in 上海市 and in 舟山市) must agree with a city or
--     province also mentioned; a two-character county name alone (城区, 郊区, 南县) is too common to trust; a
--     county whose city is not mentioned while another city is, is dropped.
--   * Province-level departments (上海市XX局) get a province only.
with documents as (
    select document_id, department_name
    from {{ ref('stg_disclosures__documents') }}
    where department_name is not null
),

regions as (
    select * from {{ ref('regions') }}
),

mentions as (
    select
        documents.document_id,
        regions.region_name,
        regions.region_level,
        regions.province,
        regions.city
    from documents
    inner join regions
        on position(regions.region_name in documents.department_name) > 0
        or (length(regions.short_name) >= 2 and regions.short_name <> regions.region_name
            and starts_with(documents.department_name, regions.short_name)
            and not regexp_matches(
                substr(documents.department_name, length(regions.short_name) + 1, 1), '[省市区县州盟旗]'))
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
