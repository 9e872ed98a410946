-- Handled contacts per agent and day in fct_agent_day add up to fct_contact's, so cost per call and occupancy
-- see every handled contact of a known agent. An incremental build checks the dates whose contact rows it
-- recomputed (the rest passed before), where the whole history grows every day.
with contacts as (
    select agent_id, contact_date, is_handled
    from marts.fct_contact
    where {{incremental_rows:contact_date}}
),

agent_days as (
    select agent_id, activity_date, handled_contacts
    from marts.fct_agent_day
    where {{incremental_rows:activity_date}}
),

from_contacts as (
    select agent_id, contact_date as activity_date, count(*) as handled_contacts
    from contacts
    where is_handled and agent_id is not null -- answered without a recorded agent: no agent day to be in
    group by agent_id, contact_date
),

offending as (
    select from_contacts.*, agent_days.handled_contacts as agent_day_handled_contacts
    from from_contacts
    left join agent_days
        on agent_days.agent_id = from_contacts.agent_id and agent_days.activity_date = from_contacts.activity_date
    where agent_days.handled_contacts is distinct from from_contacts.handled_contacts
)

select * from offending
