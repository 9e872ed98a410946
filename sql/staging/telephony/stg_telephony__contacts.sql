-- Contacts from telephony, typed and deduplicated.
-- {{lake:telephony/contacts}} is the one substitution in staging: the runner replaces it with read_parquet over this dataset's
-- hive partitions in the lake staged on local disk (a path only known at build time), or with an empty select of
-- the lake's column types when the dataset has no files yet, so the view can always be created.
with source as (
    select * from {{lake:telephony/contacts}}
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
    qualify row_number() over (partition by contact_id order by extract_id desc, source_row_number desc) = 1
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
    from deduplicated
)

select * from renamed
