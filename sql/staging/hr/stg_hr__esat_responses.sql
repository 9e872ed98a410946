-- Employee satisfaction responses from HR, typed and deduplicated.
-- {{source:hr/esat}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:hr/esat}}
),

renamed as (
    select
        cast(response_id as varchar) as response_id,
        cast(team_id as varchar) as team_id,
        cast(agent_id as varchar) as agent_id,
        cast(responded_at as timestamptz) as responded_at,
        cast(responded_date as date) as responded_date,
        cast(score as integer) as esat_score,
        cast(extract_date as date) as extract_date,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from source
)

select * from renamed
