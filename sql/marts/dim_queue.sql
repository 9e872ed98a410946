-- Queues seen in contacts, with their main channel and first and last contact dates.
-- Summed from fct_queue_day (contacts per queue, channel and day), not from every contact.
with queue_days as (
    select queue_id, channel, contact_date, contact_count
    from marts.fct_queue_day
),

main_channels as (
    -- The most frequent channel; a tie goes to the first by name, so every build of the same lake picks the same.
    select queue_id, channel
    from queue_days
    group by queue_id, channel
    qualify row_number() over (partition by queue_id order by sum(contact_count) desc, channel) = 1
),

queues as (
    select
        queue_id,
        min(contact_date) as first_contact_date,
        max(contact_date) as last_contact_date,
        cast(sum(contact_count) as bigint) as contact_count,
    from queue_days
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
