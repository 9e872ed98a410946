-- Teams from the roster and employee surveys, with their current site and headcount.
with agents as (
    select team_id, site_id, agent_id, is_current, left_date, valid_from
    from marts.dim_agent
    where team_id is not null
),

esat_responses as (
    select distinct team_id from staging.stg_hr__esat_responses
),

roster_teams as (
    select
        team_id,
        arg_max(site_id, valid_from) as site_id,
        count(distinct agent_id) filter (where is_current and left_date is null) as current_headcount,
    from agents
    group by team_id
),

teams as (
    select team_id, site_id, current_headcount from roster_teams
    union all
    select team_id, null, 0
    from esat_responses
    where team_id not in (select team_id from roster_teams)
)

select * from teams
