-- Agent days: every day an agent was employed (within the calendar), had a shift, handled a contact or trained,
-- with the team on the day, paid labour cost, logged-in and handle time and training hours.
with dates as (
    select date_day from marts.dim_date
),

agents as (
    select agent_id, team_id, site_id, valid_from, valid_to, hired_date, left_date, hourly_cost, is_on_roster
    from marts.dim_agent
),

shifts as (
    select agent_id, shift_date, scheduled_seconds, paid_seconds, logged_in_seconds
    from staging.stg_hr__shifts
),

-- Handled contacts and handle time per agent and day, stored per contact date (a contact the platform answered
-- without naming the agent counts for the centre and its queue, for no agent).
contact_days as (
    select agent_id, contact_date as activity_date, handled_contacts, handle_seconds
    from marts.fct_agent_contact_day
    where handled_contacts > 0
),

trainings as (
    select agent_id, training_date, training_hours
    from marts.fct_training
),

employment as (
    select distinct agent_id, hired_date, left_date
    from agents
    where is_on_roster
),

employed_days as (
    select employment.agent_id, dates.date_day as activity_date
    from employment
    inner join dates
        on dates.date_day >= employment.hired_date
        and dates.date_day <= coalesce(employment.left_date, date '9999-12-31')
),

training_days as (
    select agent_id, training_date as activity_date, sum(training_hours) as training_hours
    from trainings
    group by agent_id, training_date
),

agent_days as (
    select agent_id, activity_date from employed_days
    union select agent_id, shift_date from shifts
    union select agent_id, activity_date from contact_days
    union select agent_id, activity_date from training_days
),

joined as (
    select
        agent_days.agent_id,
        agent_days.activity_date,
        agents.team_id,
        agents.site_id,
        coalesce(agent_days.activity_date between employment.hired_date
            and coalesce(employment.left_date, date '9999-12-31'), false) as is_employed,
        coalesce(agent_days.activity_date = employment.left_date, false) as is_leaving_day,
        employment.hired_date,
        employment.left_date,
        coalesce(shifts.scheduled_seconds, 0) as scheduled_seconds,
        coalesce(shifts.paid_seconds, 0) as paid_seconds,
        coalesce(shifts.logged_in_seconds, 0) as logged_in_seconds,
        agents.hourly_cost,
        cast(coalesce(shifts.paid_seconds, 0) * agents.hourly_cost / 3600 as decimal(18, 4)) as paid_cost,
        coalesce(contact_days.handled_contacts, 0) as handled_contacts,
        coalesce(contact_days.handle_seconds, 0) as handle_seconds,
        coalesce(training_days.training_hours, 0) as training_hours,
    from agent_days
    left join employment on employment.agent_id = agent_days.agent_id
    left join agents
        on agents.agent_id = agent_days.agent_id
        and agent_days.activity_date between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
    left join shifts on shifts.agent_id = agent_days.agent_id and shifts.shift_date = agent_days.activity_date
    left join contact_days
        on contact_days.agent_id = agent_days.agent_id and contact_days.activity_date = agent_days.activity_date
    left join training_days
        on training_days.agent_id = agent_days.agent_id and training_days.activity_date = agent_days.activity_date
)

select * from joined
