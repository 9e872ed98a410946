-- Queues seen in contacts, with their main channel and first and last contact dates.
-- Read from fct_contact (every staged contact, once) rather than staging: in an incremental build its earlier days are
-- the published Parquet files, read a few columns at a time, where staging matches every contact against the new rows.
with contacts as (
    select queue_id, channel, contact_date
    from marts.fct_contact
),

main_channels as (
    -- The most frequent channel; a tie goes to the first by name, so every build of the same lake picks the same.
    select queue_id, channel
    from contacts
    group by queue_id, channel
    qualify row_number() over (partition by queue_id order by count(*) desc, channel) = 1
),

queues as (
    select
        queue_id,
        min(contact_date) as first_contact_date,
        max(contact_date) as last_contact_date,
        count(*) as contact_count,
    from contacts
    group by queue_id
),

final as (
    select
        queues.queue_id,
        main_channels.channel,
        queues.first_contact_date,
        queues.last_contact_date,
        queues.contact_count,
    from queues
    left join main_channels on main_channels.queue_id is not distinct from queues.queue_id
)

select * from final
