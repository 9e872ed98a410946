-- Agent state spans with their lineage: what each agent was doing when, as the contact platform logged it. It keeps
-- every column of staging.stg_telephony__agent_states, so an incremental build stages only the changed lake
-- partitions and takes every other state from here ({{incremental_workforce:state_date}}: the workforce dates).
with spans as (
    select
        agent_id, state, started_at, ended_at, state_date, state_seconds,
        changed_at, extract_date, extract_id, source_file, source_row_number,
    from intermediate.int_agent_states_spanned
    where {{incremental_workforce:state_date}}
),

-- Stored in date order, so a scan for a few days (the next incremental build's staging reads the unchanged states
-- from here) skips the row groups of the other days by their min/max.
ordered as (
    select * from spans
    order by state_date, agent_id, started_at
)

select * from ordered
