-- Worked shifts from HR, typed and deduplicated.
-- {{source:hr/shifts}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:hr/shifts}}
),

renamed as (
    select
        cast(agent_id as varchar) as agent_id,
        cast(shift_date as date) as shift_date,
        cast(scheduled_seconds as integer) as scheduled_seconds,
        cast(paid_seconds as integer) as paid_seconds,
        cast(logged_in_seconds as integer) as logged_in_seconds,
        cast(extract_date as date) as extract_date,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from source
)

select * from renamed
