-- Queue traffic and staffing per interval of the centre's day (length getvariable('interval_minutes'), local time
-- in getvariable('centre_time_zone')). Contacts count in the interval they were offered in; every count has the
-- same filter as its KPI in kpis.yml, so the intervals of a day add up to the day's KPI parts. Agents scheduled and
-- logged in are spread over the queues by each agent's share of handle time in the queues that day (agents who
-- handled nothing that day count in no queue). An incremental build replaces the workforce dates, which hold every
-- contact date it recomputed ({{incremental_workforce:contact_date}}).
with contacts as (
    select
        queue_id, contact_date, offered_at, channel, agent_id, is_offered, is_answered, is_handled, is_abandoned,
        is_answered_within_threshold, is_abandoned_within_threshold, is_short_abandon, wait_seconds, handle_seconds,
    from marts.fct_contact
    where {{incremental_workforce:contact_date}}
),

agent_intervals as (
    select agent_id, interval_start_at, interval_utc_date, scheduled_seconds, scheduled_for_contacts_seconds, logged_in_seconds
    from intermediate.int_agent_intervals_staffed
),

parameters as (
    select
        cast(coalesce(getvariable('interval_minutes'), 30) as integer) as interval_minutes,
        cast(coalesce(getvariable('centre_time_zone'), 'UTC') as varchar) as time_zone,
),

contact_intervals as (
    select
        contacts.queue_id,
        contacts.contact_date,
        time_bucket(to_minutes(parameters.interval_minutes), contacts.offered_at, parameters.time_zone) as interval_start_at,
        count(*) filter (where channel = 'voice' and is_offered) as offered_contacts,
        count(*) filter (where channel = 'voice' and is_offered and is_answered) as answered_contacts,
        count(*) filter (where channel = 'voice' and is_abandoned) as abandoned_contacts,
        count(*) filter (where channel = 'voice' and is_offered and is_short_abandon) as short_abandoned_contacts,
        count(*) filter (where channel = 'voice' and is_offered and is_answered_within_threshold) as answered_within_threshold_contacts,
        count(*) filter (where channel = 'voice' and is_offered and is_abandoned_within_threshold) as abandoned_within_threshold_contacts,
        coalesce(sum(wait_seconds) filter (where channel = 'voice' and is_offered and is_answered), 0) as answered_wait_seconds,
        coalesce(sum(wait_seconds) filter (where channel = 'voice' and is_offered), 0) as offered_wait_seconds,
        count(*) filter (where is_handled) as handled_contacts,
        count(*) filter (where is_handled and agent_id is null) as handled_by_unknown_agent_contacts,
        cast(coalesce(sum(handle_seconds) filter (where is_handled), 0) as bigint) as handle_seconds,
    from contacts
    cross join parameters
    group by all
),

agent_queue_shares as (
    -- Each agent's share of their handle time per queue and day (a contact of 0 s still counts 1 s).
    select
        agent_id,
        contact_date,
        queue_id,
        sum(greatest(handle_seconds, 1)) / sum(sum(greatest(handle_seconds, 1))) over (partition by agent_id, contact_date) as queue_share,
    from contacts
    where is_handled and agent_id is not null
    group by agent_id, contact_date, queue_id
),

staffing_intervals as (
    select
        agent_queue_shares.queue_id,
        agent_intervals.interval_utc_date as contact_date,
        agent_intervals.interval_start_at,
        sum(agent_intervals.scheduled_seconds * agent_queue_shares.queue_share) / (parameters.interval_minutes * 60) as scheduled_agents,
        sum(agent_intervals.scheduled_for_contacts_seconds * agent_queue_shares.queue_share) / (parameters.interval_minutes * 60) as scheduled_for_contacts_agents,
        sum(agent_intervals.logged_in_seconds * agent_queue_shares.queue_share) / (parameters.interval_minutes * 60) as logged_in_agents,
    from agent_intervals
    inner join agent_queue_shares
        on agent_queue_shares.agent_id = agent_intervals.agent_id
        and agent_queue_shares.contact_date = agent_intervals.interval_utc_date
    cross join parameters
    group by agent_queue_shares.queue_id, agent_intervals.interval_utc_date, agent_intervals.interval_start_at, parameters.interval_minutes
),

joined as (
    select
        coalesce(contact_intervals.queue_id, staffing_intervals.queue_id) as queue_id,
        coalesce(contact_intervals.contact_date, staffing_intervals.contact_date) as contact_date,
        coalesce(contact_intervals.interval_start_at, staffing_intervals.interval_start_at) as interval_start_at,
        coalesce(contact_intervals.offered_contacts, 0) as offered_contacts,
        coalesce(contact_intervals.answered_contacts, 0) as answered_contacts,
        coalesce(contact_intervals.abandoned_contacts, 0) as abandoned_contacts,
        coalesce(contact_intervals.short_abandoned_contacts, 0) as short_abandoned_contacts,
        coalesce(contact_intervals.answered_within_threshold_contacts, 0) as answered_within_threshold_contacts,
        coalesce(contact_intervals.abandoned_within_threshold_contacts, 0) as abandoned_within_threshold_contacts,
        coalesce(contact_intervals.answered_wait_seconds, 0) as answered_wait_seconds,
        coalesce(contact_intervals.offered_wait_seconds, 0) as offered_wait_seconds,
        coalesce(contact_intervals.handled_contacts, 0) as handled_contacts,
        coalesce(contact_intervals.handled_by_unknown_agent_contacts, 0) as handled_by_unknown_agent_contacts,
        coalesce(contact_intervals.handle_seconds, 0) as handle_seconds,
        staffing_intervals.scheduled_agents,
        staffing_intervals.scheduled_for_contacts_agents,
        staffing_intervals.logged_in_agents,
    from contact_intervals
    full outer join staffing_intervals
        on staffing_intervals.queue_id = contact_intervals.queue_id
        and staffing_intervals.contact_date = contact_intervals.contact_date
        and staffing_intervals.interval_start_at = contact_intervals.interval_start_at
),

measured as (
    select
        joined.queue_id,
        joined.contact_date,
        joined.interval_start_at,
        timezone(parameters.time_zone, joined.interval_start_at) as interval_start_local,
        cast(timezone(parameters.time_zone, joined.interval_start_at) as date) as interval_date,
        parameters.interval_minutes,
        parameters.time_zone,
        joined.* exclude (queue_id, contact_date, interval_start_at),
        100.0 * answered_within_threshold_contacts / nullif(offered_contacts, 0) as service_level,
        100.0 * answered_within_threshold_contacts / nullif(answered_contacts, 0) as service_level_answered_only,
        100.0 * answered_within_threshold_contacts / nullif(offered_contacts - short_abandoned_contacts, 0) as service_level_excluding_short_abandons,
        100.0 * (answered_within_threshold_contacts + abandoned_within_threshold_contacts) / nullif(offered_contacts, 0) as service_level_abandons_within_threshold_met,
        100.0 * abandoned_contacts / nullif(offered_contacts, 0) as abandon_rate,
        answered_wait_seconds / nullif(answered_contacts, 0) as average_speed_of_answer_seconds,
        offered_wait_seconds / nullif(offered_contacts, 0) as average_wait_seconds,
        handle_seconds / nullif(handled_contacts, 0) as average_handle_seconds,
    from joined
    cross join parameters
)

select * from measured
