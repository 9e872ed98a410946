-- Training attended, from HR, typed and deduplicated.
-- {{source:hr/training}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:hr/training}}
),

renamed as (
    select
        cast(agent_id as varchar) as agent_id,
        cast(trained_on as date) as training_date,
        cast(course as varchar) as course,
        cast(hours as decimal(18, 4)) as training_hours,
        cast(extract_date as date) as extract_date,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from source
)

select * from renamed
