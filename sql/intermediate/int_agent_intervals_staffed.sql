-- Each agent's scheduled and logged-in time in each interval of the centre's day (interval length and time zone
-- from the build: getvariable('interval_minutes'), getvariable('centre_time_zone')). Scheduled time comes from the
-- workforce schedule (any activity, and contacts only); logged-in time from the agent states (any state but offline).
-- An incremental build computes the intervals of the workforce dates only ({{incremental_workforce:interval_utc_date}}),
-- from the activities starting the day before to the day after ({{incremental_workforce_reach:schedule_date}}; an
-- activity lasts less than a day) and the state spans of those days.
with schedule as (
    select agent_id, starts_at, ends_at, activity
    from staging.stg_hr__schedule
    where {{incremental_workforce_reach:schedule_date}}
),

states as (
    select agent_id, started_at, ended_at, state
    from intermediate.int_agent_states_spanned
),

parameters as (
    select
        to_minutes(cast(coalesce(getvariable('interval_minutes'), 30) as bigint)) as interval_length,
        cast(coalesce(getvariable('centre_time_zone'), 'UTC') as varchar) as time_zone,
),

segments as (
    select agent_id, starts_at, ends_at, true as is_scheduled, activity = 'contacts' as is_scheduled_for_contacts, false as is_logged_in
    from schedule
    union all
    select agent_id, started_at, ended_at, false, false, true
    from states
    where state <> 'offline' and ended_at > started_at
),

bucketed as (
    select
        segments.*,
        parameters.interval_length,
        unnest(generate_series(
            time_bucket(parameters.interval_length, segments.starts_at, parameters.time_zone),
            segments.ends_at - interval 1 microsecond,
            parameters.interval_length
        )) as interval_start_at,
    from segments
    cross join parameters
),

overlapped as (
    select
        agent_id,
        interval_start_at,
        is_scheduled,
        is_scheduled_for_contacts,
        is_logged_in,
        epoch(least(ends_at, interval_start_at + interval_length)) - epoch(greatest(starts_at, interval_start_at)) as overlap_seconds,
    from bucketed
),

staffed as (
    select
        agent_id,
        interval_start_at,
        cast(interval_start_at as date) as interval_utc_date,
        coalesce(sum(overlap_seconds) filter (where is_scheduled), 0) as scheduled_seconds,
        coalesce(sum(overlap_seconds) filter (where is_scheduled_for_contacts), 0) as scheduled_for_contacts_seconds,
        coalesce(sum(overlap_seconds) filter (where is_logged_in), 0) as logged_in_seconds,
    from overlapped
    where overlap_seconds > 0
    group by agent_id, interval_start_at
),

scoped as (
    select * from staffed
    where {{incremental_workforce:interval_utc_date}}
)

select * from scoped
