-- The intervals of a queue's day add up to the day's KPI parts in fct_kpi (offered, service level, abandons, ASA,
-- AHT): the interval view and the scorecard count the same contacts. An incremental build checks the days it
-- recomputed: of the intervals (the workforce dates) or of the contacts (their rows' dates).
with kpis as (
    select kpi_id, period_start, member_id, numerator, denominator
    from scorecard.fct_kpi
    where period_grain = 'day' and level = 'queue'
        and ({{incremental_workforce:period_start}} or {{incremental_rows:period_start}})
),

intervals as (
    select
        queue_id, contact_date, offered_contacts, answered_contacts, abandoned_contacts, short_abandoned_contacts,
        answered_within_threshold_contacts, abandoned_within_threshold_contacts, answered_wait_seconds,
        offered_wait_seconds, handled_contacts, handle_seconds,
    from marts.fct_queue_interval
    where {{incremental_workforce:contact_date}} or {{incremental_rows:contact_date}}
),

summed as (
    select
        queue_id,
        contact_date,
        sum(offered_contacts) as offered_contacts,
        sum(answered_contacts) as answered_contacts,
        sum(abandoned_contacts) as abandoned_contacts,
        sum(offered_contacts) - sum(short_abandoned_contacts) as offered_without_short_abandons,
        sum(answered_within_threshold_contacts) as answered_within_threshold_contacts,
        sum(answered_within_threshold_contacts) + sum(abandoned_within_threshold_contacts) as within_threshold_contacts,
        sum(answered_wait_seconds) as answered_wait_seconds,
        sum(offered_wait_seconds) as offered_wait_seconds,
        sum(handled_contacts) as handled_contacts,
        sum(handle_seconds) as handle_seconds,
    from intervals
    group by queue_id, contact_date
),

expected as (
    select queue_id, contact_date, kpi_id, numerator, denominator
    from summed,
    lateral (values
        ('service_level', answered_within_threshold_contacts, offered_contacts),
        ('service_level_answered_only', answered_within_threshold_contacts, answered_contacts),
        ('service_level_excluding_short_abandons', answered_within_threshold_contacts, offered_without_short_abandons),
        ('service_level_abandons_within_threshold_met', within_threshold_contacts, offered_contacts),
        ('abandon_rate', abandoned_contacts, offered_contacts),
        ('average_speed_of_answer', answered_wait_seconds, answered_contacts),
        ('average_wait_time', offered_wait_seconds, offered_contacts),
        ('average_handle_time', handle_seconds, handled_contacts)
    ) as parts(kpi_id, numerator, denominator)
    where denominator > 0
),

offending as (
    select expected.*, kpis.kpi_id as kpi_kpi_id, kpis.numerator as kpi_numerator, kpis.denominator as kpi_denominator
    from expected
    full outer join (select * from kpis where denominator > 0 and kpi_id in (select distinct kpi_id from expected)) as kpis
        on kpis.kpi_id = expected.kpi_id
        and kpis.period_start = expected.contact_date
        and kpis.member_id = expected.queue_id
    where expected.kpi_id is null
        or kpis.kpi_id is null
        or abs(kpis.numerator - expected.numerator) > 0.001
        or abs(kpis.denominator - expected.denominator) > 0.001
)

select * from offending
