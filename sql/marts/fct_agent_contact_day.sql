-- Contacts per agent and contact date, with those handled and their handle time: what dim_agent finds the agents of
-- the contacts in and fct_agent_day counts an agent's contacts from, without reading every contact. Summed from the
-- staged contacts themselves, so it comes before dim_agent. A contact with no recorded agent counts for no agent.
-- An incremental build recomputes the dates of the contacts in changed telephony partitions
-- ({{incremental_telephony:contact_date}}).
with contacts as (
    select agent_id, contact_date, answered_at, talk_seconds + hold_seconds + acw_seconds as handle_seconds
    from staging.stg_telephony__contacts
    where {{incremental_telephony:contact_date}} and agent_id is not null
),

daily as (
    select
        contact_date,
        agent_id,
        count(*) as contact_count,
        -- handled = answered, as in fct_contact
        count(*) filter (where answered_at is not null) as handled_contacts,
        cast(coalesce(sum(handle_seconds) filter (where answered_at is not null), 0) as bigint) as handle_seconds,
    from contacts
    group by contact_date, agent_id
)

select * from daily
