-- Contacts per queue, channel and contact date (every direction), and those handled: the daily volume a BI tool
-- charts, and what dim_queue sums its main channel, first and last contact dates from, without reading every contact.
-- An incremental build recomputes the dates of the changed contact rows ({{incremental_rows:contact_date}}).
with contacts as (
    select contact_date, queue_id, channel, is_handled
    from marts.fct_contact
    where {{incremental_rows:contact_date}}
),

daily as (
    select contact_date, queue_id, channel, count(*) as contact_count, count(*) filter (where is_handled) as handled_count
    from contacts
    group by contact_date, queue_id, channel
)

select * from daily
