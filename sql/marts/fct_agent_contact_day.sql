-- Handled contacts and their handle time per agent and contact date: what fct_agent_day counts an agent's contacts
-- from, without reading every contact. A contact answered without a recorded agent counts for no agent.
-- An incremental build recomputes the dates of the changed contact rows ({{incremental_rows:contact_date}}).
with contacts as (
    select agent_id, contact_date, handle_seconds
    from marts.fct_contact
    where {{incremental_rows:contact_date}} and is_handled and agent_id is not null
),

daily as (
    select
        contact_date,
        agent_id,
        count(*) as handled_contacts,
        cast(sum(handle_seconds) as bigint) as handle_seconds,
    from contacts
    group by contact_date, agent_id
)

select * from daily
