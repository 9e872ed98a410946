-- Roster snapshots from HR: each extract_date is the full roster as of that day.
-- {{lake:hr/agents}} is the one substitution in staging: the runner replaces it with read_parquet over this dataset's
-- hive partitions in the lake staged on local disk (a path only known at build time), or with an empty select of
-- the lake's column types when the dataset has no files yet, so the view can always be created.
with source as (
    select * from {{lake:hr/agents}}
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
        partition by extract_date, agent_id order by extract_id desc, source_row_number desc
    ) = 1
),

renamed as (
    select
        cast(agent_id as varchar) as agent_id,
        cast(extract_date as date) as snapshot_date,
        cast(team_id as varchar) as team_id,
        cast(site_id as varchar) as site_id,
        cast(hired_on as date) as hired_date,
        cast(left_on as date) as left_date,
        cast(hourly_cost as decimal(18, 4)) as hourly_cost,
        cast(currency as varchar) as currency,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from deduplicated
)

select * from renamed
