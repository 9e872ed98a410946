-- The workforce schedule from HR, typed and deduplicated.
with source as (
    select * from {{lake:hr/schedule}}
),

latest_extracts as (
    -- A corrected extract is a new file in the same partition; the latest version of each extract wins.
    select *
    from source
    qualify extract_id = max(extract_id) over (partition by extract_date)
),

deduplicated as (
    select *
    from latest_extracts
    qualify row_number() over (
        partition by agent_id, starts_at order by extract_id desc, source_row_number desc
    ) = 1
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
    from deduplicated
)

select * from renamed
