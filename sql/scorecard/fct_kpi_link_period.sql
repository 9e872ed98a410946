-- The evidence behind each strategy-map link, per period and level: the pairs of the cause's and the effect's values
-- over the members of one period (both measured), and the sums a correlation is computed from. dim_kpi_link adds
-- these up over the periods, so a build recomputes the periods it changed instead of pairing every KPI value of the
-- history again.
-- An incremental build recomputes the periods whose KPIs it recomputed.
with links as (
    select cause_kpi_id, effect_kpi_id
    from seeds.kpi_links
),

kpi_values as (
    select kpi_id, period_grain, period_start, level, member_id, value
    from scorecard.fct_kpi as kpi
    where value is not null and {{incremental_periods:kpi}}
),

-- The cause's values of each link first, materialized: left to itself DuckDB paired every two KPI values of a
-- member and period (1.7 million rows for a day's 99,000 values) before it kept the linked ones.
causes as materialized (
    select
        links.cause_kpi_id,
        links.effect_kpi_id,
        cause.period_grain,
        cause.period_start,
        cause.level,
        cause.member_id,
        cause.value as cause_value,
    from links
    inner join kpi_values as cause on cause.kpi_id = links.cause_kpi_id
),

pairs as (
    select
        causes.cause_kpi_id,
        causes.effect_kpi_id,
        causes.period_grain,
        causes.period_start,
        causes.level,
        causes.cause_value,
        effect.value as effect_value,
    from causes
    inner join kpi_values as effect
        on effect.kpi_id = causes.effect_kpi_id
        and effect.period_grain = causes.period_grain
        and effect.period_start = causes.period_start
        and effect.level = causes.level
        and effect.member_id = causes.member_id
),

summed as (
    select
        cause_kpi_id,
        effect_kpi_id,
        period_grain,
        period_start,
        level,
        count(*) as observation_count,
        sum(cause_value) as cause_sum,
        sum(effect_value) as effect_sum,
        sum(cause_value * cause_value) as cause_square_sum,
        sum(effect_value * effect_value) as effect_square_sum,
        sum(cause_value * effect_value) as product_sum,
    from pairs
    group by cause_kpi_id, effect_kpi_id, period_grain, period_start, level
)

select * from summed
