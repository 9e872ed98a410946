-- Contacts per queue, channel and contact date (every direction): the daily volume a BI tool charts, and what
-- dim_queue sums its main channel, first and last contact dates from, without reading every contact.
-- An incremental build recomputes the dates of the changed contact rows ({{incremental_rows:contact_date}}).
with contacts as (
    select contact_date, queue_id, channel
    from marts.fct_contact
    where {{incremental_rows:contact_date}}
),

daily as (
    select contact_date, queue_id, channel, count(*) as contact_count
    from contacts
    group by contact_date, queue_id, channel
)

select * from daily
