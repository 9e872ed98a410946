-- Roster snapshots from HR: each extract_date is the full roster as of that day.
-- {{source:hr/agents}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:hr/agents}}
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
    from source
)

select * from renamed
