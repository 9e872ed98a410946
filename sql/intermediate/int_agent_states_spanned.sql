-- Agent states as spans: each state lasts until the agent's next change. A state with no later change (the data
-- ends, or the platform lost a logout) is closed after at most 12 hours, and so is any longer span; offline spans
-- are kept (zero time counts for nothing).
with states as (
    select agent_id, changed_at, state
    from staging.stg_telephony__agent_states
),

spanned as (
    select
        agent_id,
        state,
        changed_at as started_at,
        least(
            coalesce(lead(changed_at) over (partition by agent_id order by changed_at), changed_at + interval 12 hour),
            changed_at + interval 12 hour
        ) as ended_at,
    from states
),

measured as (
    select
        *,
        cast(started_at as date) as state_date,
        epoch(ended_at) - epoch(started_at) as state_seconds,
    from spanned
)

select * from measured
