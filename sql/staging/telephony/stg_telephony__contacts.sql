-- Contacts from telephony, typed and deduplicated.
-- {{source:telephony/contacts}} is the lake dataset as the latest extracts hold them, one row per key (sql/staging/sources.yml).
with source as (
    select * from {{source:telephony/contacts}}
),

renamed as (
    select
        cast(contact_id as varchar) as contact_id,
        cast(channel as varchar) as channel,
        cast(direction as varchar) as direction,
        cast(queue_id as varchar) as queue_id,
        cast(agent_id as varchar) as agent_id,
        cast(customer_id as varchar) as customer_id,
        cast(offered_at as timestamptz) as offered_at,
        cast(answered_at as timestamptz) as answered_at,
        cast(ended_at as timestamptz) as ended_at,
        cast(contact_date as date) as contact_date,
        cast(talk_seconds as integer) as talk_seconds,
        cast(hold_seconds as integer) as hold_seconds,
        cast(acw_seconds as integer) as acw_seconds,
        cast(outcome as varchar) as outcome,
        cast(reason_code as varchar) as reason_code,
        cast(extract_date as date) as extract_date,
        cast(extract_id as varchar) as extract_id,
        cast(source_file as varchar) as source_file,
        cast(source_row_number as bigint) as source_row_number,
    from source
)

select * from renamed
