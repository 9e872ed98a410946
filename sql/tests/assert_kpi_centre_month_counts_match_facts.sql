-- The generated KPI SQL agrees with the facts: calls handled at centre and month equal the handled contacts summed
-- from fct_queue_day (its own count of fct_contact per queue and day, which a build keeps per day: reading it costs
-- the days, not every contact).
with kpis as (
    select period_start, numerator
    from scorecard.fct_kpi
    where kpi_id = 'calls_handled' and period_grain = 'month' and level = 'centre'
),

queue_days as (
    select contact_date, handled_count
    from marts.fct_queue_day
),

counted as (
    select cast(date_trunc('month', contact_date) as date) as period_start, cast(sum(handled_count) as bigint) as handled
    from queue_days
    group by 1
),

offending as (
    select counted.period_start, counted.handled, kpis.numerator
    from counted
    full outer join kpis on kpis.period_start = counted.period_start
    where kpis.numerator is distinct from counted.handled
)

select * from offending
