-- Agent state changes from the contact platform, typed and deduplicated.
-- {{source:telephony/agent_states}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:telephony/agent_states}}
),

renamed as (
    select
        cast(agent_id as varchar) as agent_id,
        cast(changed_at as timestamptz) as changed_at,
        cast(state_date as date) as state_date,
        cast(state as varchar) as state,
        cast(extract_date as date) as extract_date,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from source
)

select * from renamed
