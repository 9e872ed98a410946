-- Agents with their team and site history: one version per stretch of roster snapshots with the same team and
-- site. Agents seen in telephony, sales or shifts but never on a roster get one version with no team, so facts
-- still join (is_on_roster tells them apart).
with versions as (
    select * from intermediate.int_agents_versioned
),

contact_agents as (
    select distinct agent_id from marts.fct_agent_contact_day
),

sale_agents as (
    select distinct agent_id from staging.stg_crm__sales
),

shift_agents as (
    select distinct agent_id from staging.stg_hr__shifts
),

training_agents as (
    select distinct agent_id from staging.stg_hr__trainings
),

off_roster as (
    select agent_id from contact_agents
    union select agent_id from sale_agents
    union select agent_id from shift_agents
    union select agent_id from training_agents
    except select agent_id from versions
),

all_versions as (
    select
        agent_id, version_number, team_id, site_id, valid_from, valid_to,
        hired_date, left_date, hourly_cost, currency, true as is_on_roster,
    from versions
    union all
    select
        agent_id, 1, null, null, date '1990-01-01', null,
        null, null, null, null, false,
    from off_roster
),

final as (
    select
        agent_id || '@' || strftime(valid_from, '%Y-%m-%d') as agent_version_id,
        agent_id,
        version_number,
        team_id,
        site_id,
        valid_from,
        valid_to,
        valid_to is null as is_current,
        hired_date,
        left_date,
        hourly_cost,
        currency,
        is_on_roster,
    from all_versions
)

select * from final
