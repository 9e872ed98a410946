-- Calendar of every day from the first to the last event date in the lake, with its ISO week and month.
-- Contacts are read from fct_queue_day (their dates, a row per queue and channel), cases, surveys and sales from
-- their facts (each holds every staged row once) rather than staging: in an incremental build their earlier days are
-- the published Parquet files, read one column at a time, where staging matches every row against the new ones.
with contacts as (
    select contact_date as event_date from marts.fct_queue_day
),

cases as (
    select opened_date as event_date from marts.fct_case
),

surveys as (
    select responded_date as event_date from marts.fct_survey
),

sales as (
    select sold_date as event_date from marts.fct_sale
),

shifts as (
    select shift_date as event_date from staging.stg_hr__shifts
),

trainings as (
    select training_date as event_date from staging.stg_hr__trainings
),

esat_responses as (
    select responded_date as event_date from staging.stg_hr__esat_responses
),

event_dates as (
    select event_date from contacts
    union all select event_date from cases
    union all select event_date from surveys
    union all select event_date from sales
    union all select event_date from shifts
    union all select event_date from trainings
    union all select event_date from esat_responses
),

bounds as (
    select min(event_date) as first_date, max(event_date) as last_date
    from event_dates
),

spine as (
    select cast(unnest(generate_series(first_date, last_date, interval 1 day)) as date) as date_day
    from bounds
    where first_date is not null
),

described as (
    select
        date_day,
        cast(date_trunc('week', date_day) as date) as iso_week_start,
        isoyear(date_day) as iso_year,
        week(date_day) as iso_week_number,
        cast(date_trunc('month', date_day) as date) as month_start,
        year(date_day) as year_number,
        month(date_day) as month_number,
        isodow(date_day) as iso_day_of_week,
        isodow(date_day) >= 6 as is_weekend,
    from spine
)

select * from described
