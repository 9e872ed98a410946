-- Worked shifts from HR, typed and deduplicated.
-- {{lake:hr/shifts}} is the one substitution in staging: the runner replaces it with read_parquet over this dataset's
-- hive partitions in the lake staged on local disk (a path only known at build time), or with an empty select of
-- the lake's column types when the dataset has no files yet, so the view can always be created.
with source as (
    select * from {{lake:hr/shifts}}
),

latest_extracts as (
    -- A corrected extract is a new file in the same partition; extract_id sorts by ingest time, so the
    -- latest version of each extract wins even while an older file is still visible.
    select *
    from source
    qualify extract_id = max(extract_id) over (partition by extract_date)
),

deduplicated as (
    select *
    from latest_extracts
    qualify row_number() over (
        partition by agent_id, shift_date order by extract_id desc, source_row_number desc
    ) = 1
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
    from deduplicated
)

select * from renamed
