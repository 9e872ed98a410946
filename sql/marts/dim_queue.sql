-- Queues seen in contacts, with their main channel and first and last contact dates.
with contacts as (
    select queue_id, channel, contact_date
    from staging.stg_telephony__contacts
),

queues as (
    select
        queue_id,
        mode(channel) as channel,
        min(contact_date) as first_contact_date,
        max(contact_date) as last_contact_date,
        count(*) as contact_count,
    from contacts
    group by queue_id
)

select * from queues
