-- Agent state changes from the contact platform, typed and deduplicated.
with source as (
    select * from {{lake:telephony/agent_states}}
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
        partition by agent_id, changed_at order by extract_id desc, source_row_number desc
    ) = 1
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
    from deduplicated
)

select * from renamed
