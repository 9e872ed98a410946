-- Team and site history from the roster snapshots: consecutive snapshots with the same team and site are one
-- version. The first version reaches back to 1990-01-01 (the contracts' earliest date) so every event finds one.
with snapshots as (
    select agent_id, snapshot_date, team_id, site_id, hired_date, left_date, hourly_cost, currency
    from staging.stg_hr__agents
),

changes as (
    select
        *,
        case
            when lag(team_id) over by_agent is distinct from team_id
                or lag(site_id) over by_agent is distinct from site_id then 1
            else 0
        end as is_change,
    from snapshots
    window by_agent as (partition by agent_id order by snapshot_date)
),

numbered as (
    select *, cast(sum(is_change) over (partition by agent_id order by snapshot_date) as integer) as version_number
    from changes
),

versions as (
    select
        agent_id,
        version_number,
        team_id,
        site_id,
        min(snapshot_date) as first_snapshot_date,
        arg_max(hourly_cost, snapshot_date) as hourly_cost,
        arg_max(currency, snapshot_date) as currency,
    from numbered
    group by agent_id, version_number, team_id, site_id
),

latest as (
    select
        agent_id,
        arg_max(hired_date, snapshot_date) as hired_date,
        arg_max(left_date, snapshot_date) as left_date,
    from snapshots
    group by agent_id
),

dated as (
    select
        versions.agent_id,
        versions.version_number,
        versions.team_id,
        versions.site_id,
        case when versions.version_number = 1 then date '1990-01-01' else versions.first_snapshot_date end as valid_from,
        cast(lead(versions.first_snapshot_date) over (
            partition by versions.agent_id order by versions.version_number
        ) - 1 as date) as valid_to,
        latest.hired_date,
        latest.left_date,
        versions.hourly_cost,
        versions.currency,
    from versions
    inner join latest on latest.agent_id = versions.agent_id
)

select * from dated
