-- Agent states as spans: each state lasts until the agent's next change. A state with no later change (the data
-- ends, or the platform lost a logout) is closed after at most 12 hours, and so is any longer span; offline spans
-- are kept (zero time counts for nothing). The staged columns come along (marts.fct_agent_state keeps them).
-- An incremental build computes the spans starting on the workforce dates and a day either side
-- ({{incremental_workforce_spans:state_date}}), from the states of those days and the day after
-- ({{incremental_workforce_reach:state_date}}, where the last span's next change is).
with states as (
    select agent_id, changed_at, state_date, state, extract_date, extract_id, source_file, source_row_number
    from staging.stg_telephony__agent_states
    where {{incremental_workforce_reach:state_date}}
),

spanned as (
    select
        *,
        changed_at as started_at,
        least(
            coalesce(lead(changed_at) over (partition by agent_id order by changed_at), changed_at + interval 12 hour),
            changed_at + interval 12 hour
        ) as ended_at,
    from states
),

measured as (
    select
        agent_id,
        state,
        started_at,
        ended_at,
        state_date,
        epoch(ended_at) - epoch(started_at) as state_seconds,
        changed_at,
        extract_date,
        extract_id,
        source_file,
        source_row_number,
    from spanned
    where {{incremental_workforce_spans:state_date}}
)

select * from measured
