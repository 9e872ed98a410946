-- Erlang C staffing per queue and interval against the schedule and the service level achieved. The agents
-- required for the service_level KPI's target within the build's threshold come from the offered contacts and the
-- interval's AHT (the queue's AHT of the day when no contact was handled in the interval); required agents are
-- divided by (1 - shrinkage) to compare with the scheduled agents, and the scheduled agents less shrinkage give the
-- service level Erlang C predicts beside the actual one. The erlang_c_* functions are the library's ErlangC
-- (Scorecard.Pipeline.Workforce), registered on the build's connection. An incremental build replaces the
-- workforce dates ({{incremental_workforce:contact_date}}).
with intervals as (
    select
        queue_id, contact_date, interval_start_at, interval_start_local, interval_date, interval_minutes, time_zone,
        offered_contacts, handled_contacts, handle_seconds, service_level, scheduled_agents, logged_in_agents,
    from marts.fct_queue_interval
    where {{incremental_workforce:contact_date}}
),

kpis as (
    select kpi_id, target
    from seeds.kpis
),

parameters as (
    select
        (select target from kpis where kpi_id = 'service_level') / 100.0 as service_level_target,
        cast(coalesce(getvariable('service_level_threshold_seconds'), 20) as double) as threshold_seconds,
        cast(coalesce(getvariable('staffing_shrinkage'), 0.3) as double) as shrinkage,
),

workload as (
    select
        intervals.*,
        coalesce(
            handle_seconds / nullif(handled_contacts, 0),
            sum(handle_seconds) over (partition by queue_id, contact_date) / nullif(sum(handled_contacts) over (partition by queue_id, contact_date), 0)
        ) as staffing_aht_seconds,
    from intervals
),

loaded as (
    select
        workload.*,
        offered_contacts * staffing_aht_seconds / (interval_minutes * 60.0) as traffic_erlangs,
        parameters.service_level_target,
        parameters.threshold_seconds,
        parameters.shrinkage,
        floor(workload.scheduled_agents * (1 - parameters.shrinkage) + 0.000001) as available_agents,
    from workload
    cross join parameters
),

staffed as (
    select
        *,
        case
            when traffic_erlangs = 0 then 0
            when traffic_erlangs > 0 and service_level_target is not null
                then erlang_c_required_agents(traffic_erlangs, staffing_aht_seconds, threshold_seconds, service_level_target)
        end as required_agents,
        case when traffic_erlangs > 0 and available_agents is not null
            then 100 * erlang_c_service_level(traffic_erlangs, cast(available_agents as integer), staffing_aht_seconds, threshold_seconds)
        end as predicted_service_level,
    from loaded
),

compared as (
    select
        queue_id,
        contact_date,
        interval_start_at,
        interval_start_local,
        interval_date,
        interval_minutes,
        time_zone,
        offered_contacts,
        staffing_aht_seconds,
        traffic_erlangs,
        100 * service_level_target as service_level_target,
        threshold_seconds,
        shrinkage,
        required_agents,
        erlang_c_scheduled_agents(coalesce(required_agents, 0), shrinkage) as required_scheduled_agents,
        scheduled_agents,
        logged_in_agents,
        scheduled_agents - erlang_c_scheduled_agents(coalesce(required_agents, 0), shrinkage) as staffing_gap_agents,
        service_level,
        predicted_service_level,
        service_level >= 100 * service_level_target as is_service_level_met,
    from staffed
)

select * from compared
