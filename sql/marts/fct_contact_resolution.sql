-- First-contact resolution of each handled inbound contact, with its day, channel, queue, agent and the agent's team
-- and site on the day (what the FCR KPI is counted by). A table of its own, beside marts.fct_contact: a contact's FCR
-- is settled days after it (a repeat contact, the end of the data passing its window), so a new day changes the FCR
-- of the days before it, not their contact rows. BI tools join it to fct_contact on contact_id.
with resolutions as (
    select * from intermediate.int_contacts_resolved
),

agents as (
    select agent_id, team_id, site_id, valid_from, valid_to
    from marts.dim_agent
),

joined as (
    select
        resolutions.contact_id,
        resolutions.contact_date,
        resolutions.channel,
        resolutions.queue_id,
        resolutions.agent_id,
        agents.team_id,
        agents.site_id,
        resolutions.is_first_contact_resolved,
        resolutions.fcr_method,
        resolutions.fcr_window_days,
    from resolutions
    left join agents
        on agents.agent_id = resolutions.agent_id
        and resolutions.contact_date between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
)

select * from joined
