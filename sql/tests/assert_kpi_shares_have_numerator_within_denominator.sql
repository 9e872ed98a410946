-- A share cannot count more than its whole: 0 <= numerator <= denominator for every KPI marked share.
with kpis as (
    select kpi_id, period_grain, period_start, level, member_id, numerator, denominator, is_share
    from scorecard.fct_kpi
),

offending as (
    select *
    from kpis
    where is_share and (numerator < 0 or numerator > denominator)
)

select * from offending
