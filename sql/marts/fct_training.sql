-- Training attended, with the agent's team on the day.
with trainings as (
    select * from staging.stg_hr__trainings
),

agents as (
    select agent_id, team_id, site_id, valid_from, valid_to
    from marts.dim_agent
),

joined as (
    select
        trainings.agent_id,
        trainings.training_date,
        trainings.course,
        agents.team_id,
        agents.site_id,
        trainings.training_hours,
        trainings.extract_id,
    from trainings
    left join agents
        on agents.agent_id = trainings.agent_id
        and trainings.training_date between agents.valid_from and coalesce(agents.valid_to, date '9999-12-31')
)

select * from joined
