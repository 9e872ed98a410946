-- The generated KPI SQL agrees with the facts: calls handled at centre and month equal the handled contacts
-- counted straight from fct_contact.
with kpis as (
    select period_start, numerator
    from scorecard.fct_kpi
    where kpi_id = 'calls_handled' and period_grain = 'month' and level = 'centre'
),

contacts as (
    select contact_date, is_handled
    from marts.fct_contact
),

counted as (
    select cast(date_trunc('month', contact_date) as date) as period_start, count(*) filter (where is_handled) as handled
    from contacts
    group by 1
),

offending as (
    select counted.period_start, counted.handled, kpis.numerator
    from counted
    full outer join kpis on kpis.period_start = counted.period_start
    where kpis.numerator is distinct from counted.handled
)

select * from offending
