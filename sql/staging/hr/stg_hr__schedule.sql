-- The workforce schedule from HR, typed and deduplicated.
-- {{source:hr/schedule}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:hr/schedule}}
),

renamed as (
    select
        cast(agent_id as varchar) as agent_id,
        cast(starts_at as timestamptz) as starts_at,
        cast(ends_at as timestamptz) as ends_at,
        cast(schedule_date as date) as schedule_date,
        cast(activity as varchar) as activity,
        cast(extract_date as date) as extract_date,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from source
)

select * from renamed
