-- Share KPIs in percent lie within 0-100. (Occupancy is a percentage but not a share: concurrent chats can push
-- handle time past logged-in time.)
with kpis as (
    select kpi_id, period_grain, period_start, level, member_id, value, unit, is_share
    from scorecard.fct_kpi
),

offending as (
    select *
    from kpis
    where unit = 'percent' and is_share and (value < 0 or value > 100)
)

select * from offending
