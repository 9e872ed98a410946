-- First-contact resolution per handled inbound contact: the CRM's flag when a case of the contact carries
-- one; otherwise resolved when the same customer makes no inbound contact within the window after it. Without a
-- flag, a contact is judged only once its window has passed within the data (the lake holds contacts up to its
-- end); until then it is not eligible, so the latest days do not look better than they are.
-- An incremental build computes the affected contacts only ({{incremental_contacts:contact_id}}, within the affected
-- dates), reading the contacts of their customers in the FCR window after them ({{incremental_lookahead:contact_date}},
-- {{incremental_customers:customer_id}}) and the case flags of the affected contacts alone, with the end of the whole
-- data passed in as a variable.
with contacts as (
    select contact_id, customer_id, direction, offered_at, answered_at, contact_date, channel, queue_id, agent_id
    from staging.stg_telephony__contacts
    where {{incremental_lookahead:contact_date}}
        and ({{incremental_customers:customer_id}} or {{incremental_contacts:contact_id}})
),

cases as (
    select contact_id, is_resolved_first_contact
    from staging.stg_crm__cases
    where contact_id is not null and {{incremental_contacts:contact_id}}
),

parameters as (
    select coalesce(getvariable('fcr_window_days'), 7) as fcr_window_days
),

case_flags as (
    select contact_id, bool_and(is_resolved_first_contact) as is_flagged_resolved
    from cases
    where is_resolved_first_contact is not null
    group by contact_id
),

data_end as (
    select coalesce(getvariable('contacts_data_end'), max(offered_at)) as last_offered_at from contacts
),

next_inbound as (
    select
        contact_id,
        lead(offered_at) over (partition by customer_id order by offered_at, contact_id) as next_offered_at,
    from contacts
    where direction = 'inbound' and customer_id is not null
),

windowed as (
    select
        contacts.contact_id,
        contacts.contact_date,
        contacts.channel,
        contacts.queue_id,
        contacts.agent_id,
        contacts.customer_id,
        parameters.fcr_window_days,
        case_flags.is_flagged_resolved,
        coalesce(next_inbound.next_offered_at <= contacts.offered_at + to_days(parameters.fcr_window_days), false)
            as has_repeat_in_window,
        contacts.offered_at + to_days(parameters.fcr_window_days) <= data_end.last_offered_at as is_window_observed,
    from contacts
    cross join parameters
    cross join data_end
    left join case_flags on case_flags.contact_id = contacts.contact_id
    left join next_inbound on next_inbound.contact_id = contacts.contact_id
    where contacts.direction = 'inbound' and contacts.answered_at is not null
        and {{incremental_scope:contacts.contact_date}} and {{incremental_contacts:contacts.contact_id}}
),

resolved as (
    select
        contact_id,
        contact_date,
        channel,
        queue_id,
        agent_id,
        fcr_window_days,
        case
            when is_flagged_resolved is not null then 'flag'
            when customer_id is not null and (has_repeat_in_window or is_window_observed) then 'no_repeat'
        end as fcr_method,
        case
            when is_flagged_resolved is not null then is_flagged_resolved
            when customer_id is not null and has_repeat_in_window then false
            when customer_id is not null and is_window_observed then true
        end as is_first_contact_resolved,
    from windowed
)

select * from resolved
