-- Schedule adherence and conformance per agent and day. An agent adheres while in the state the schedule asks
-- for: contacts - available, on a contact or in after-contact work; break - on break; training and meetings - away
-- from contacts (signed in but not ready, on break or offline). Conformance compares the time logged in (any state
-- but offline, in spans starting that day) with the time scheduled, whenever it was worked. An incremental build
-- replaces the workforce dates ({{incremental_workforce:schedule_date}}).
with schedule as (
    select agent_id, schedule_date, starts_at, ends_at, activity
    from staging.stg_hr__schedule
    where {{incremental_workforce:schedule_date}}
),

states as (
    select agent_id, state_date, started_at, ended_at, state, state_seconds
    from intermediate.int_agent_states_spanned
),

agents as (
    select agent_id, team_id, valid_from, valid_to
    from marts.dim_agent
),

scheduled as (
    select agent_id, schedule_date, sum(epoch(ends_at) - epoch(starts_at)) as scheduled_seconds
    from schedule
    group by agent_id, schedule_date
),

adherent as (
    select
        schedule.agent_id,
        schedule.schedule_date,
        sum(epoch(least(schedule.ends_at, states.ended_at)) - epoch(greatest(schedule.starts_at, states.started_at))) as adherent_seconds,
    from schedule
    inner join states
        on states.agent_id = schedule.agent_id
        and states.started_at < schedule.ends_at
        and states.ended_at > schedule.starts_at
    where (schedule.activity = 'contacts' and states.state in ('available', 'on_contact', 'after_contact_work'))
        or (schedule.activity = 'break' and states.state = 'break')
        or (schedule.activity in ('training', 'meeting') and states.state in ('logged_in', 'break', 'offline'))
    group by schedule.agent_id, schedule.schedule_date
),

logged_in as (
    select agent_id, state_date, sum(state_seconds) as logged_in_seconds
    from states
    where state <> 'offline'
    group by agent_id, state_date
),

joined as (
    select
        scheduled.agent_id,
        scheduled.schedule_date,
        agents.team_id,
        scheduled.scheduled_seconds,
        coalesce(adherent.adherent_seconds, 0) as adherent_seconds,
        coalesce(logged_in.logged_in_seconds, 0) as logged_in_seconds,
    from scheduled
    left join adherent
        on adherent.agent_id = scheduled.agent_id and adherent.schedule_date = scheduled.schedule_date
    left join logged_in
        on logged_in.agent_id = scheduled.agent_id and logged_in.state_date = scheduled.schedule_date
    left join agents
        on agents.agent_id = scheduled.agent_id
        and scheduled.schedule_date between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
)

select * from joined
