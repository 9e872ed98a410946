-- Each KPI value against its target: score as the attainment of the target in % respecting direction, capped at
-- 0-100 (100 = target met or beaten, so over-achieving one KPI cannot hide a miss on another in a perspective's
-- mean), status red/amber/green from the thresholds, change against the previous period and a rank among members that have
-- enough observations. Targets come from the registry unless the targets file overrides them; the most specific
-- override (member, then level, then period start, then grain) wins. An incremental build reads the KPI periods it
-- recomputed and the periods before and after each, and replaces those recomputed and the ones after (see the YAML).
with kpi_values as (
    select
        kpi_id, period_grain, period_start, period_end, level, member_id, value, sample_size,
        is_below_min_sample, definition_version,
    from scorecard.fct_kpi as kpi_rows
    where {{incremental_kpi_periods_around:kpi_rows}}
),

kpis as (
    select kpi_id, perspective, direction, target, amber_threshold, red_threshold, weight
    from scorecard.dim_kpi
),

target_overrides as (
    select * from seeds.kpi_targets
),

targeted as (
    select
        kpi_values.*,
        kpis.perspective,
        kpis.direction,
        kpis.weight,
        coalesce(target_overrides.target, kpis.target) as target,
        coalesce(target_overrides.amber_threshold, kpis.amber_threshold) as amber_threshold,
        coalesce(target_overrides.red_threshold, kpis.red_threshold) as red_threshold,
        target_overrides.kpi_id is not null as is_target_overridden,
    from kpi_values
    inner join kpis on kpis.kpi_id = kpi_values.kpi_id
    left join target_overrides
        on target_overrides.kpi_id = kpi_values.kpi_id
        and coalesce(target_overrides.period_grain, kpi_values.period_grain) = kpi_values.period_grain
        and coalesce(target_overrides.period_start, kpi_values.period_start) = kpi_values.period_start
        and coalesce(target_overrides.level, kpi_values.level) = kpi_values.level
        and coalesce(target_overrides.member_id, kpi_values.member_id) = kpi_values.member_id
    qualify row_number() over (
        partition by kpi_values.kpi_id, kpi_values.period_grain, kpi_values.period_start, kpi_values.level, kpi_values.member_id
        order by
            (target_overrides.member_id is not null)::int * 8 + (target_overrides.level is not null)::int * 4
            + (target_overrides.period_start is not null)::int * 2 + (target_overrides.period_grain is not null)::int desc
    ) = 1
),

scored as (
    select
        *,
        case
            when value is null or target is null or target <= 0 then null
            when direction = 'higher' then least(greatest(value / target * 100, 0), 100)
            when value <= 0 then 100
            else least(target / value * 100, 100)
        end as score,
        case
            when value is null or amber_threshold is null or red_threshold is null then null
            when direction = 'higher' and value < red_threshold then 'red'
            when direction = 'higher' and value < amber_threshold then 'amber'
            when direction = 'lower' and value > red_threshold then 'red'
            when direction = 'lower' and value > amber_threshold then 'amber'
            else 'green'
        end as status,
    from targeted
),

compared as (
    select
        scored.*,
        previous.value as previous_value,
        scored.value - previous.value as change_from_previous,
        case
            when scored.level <> 'centre' and scored.value is not null and not scored.is_below_min_sample then
                rank() over (
                    partition by scored.kpi_id, scored.period_grain, scored.period_start, scored.level,
                        scored.level <> 'centre' and scored.value is not null and not scored.is_below_min_sample
                    order by case when scored.direction = 'higher' then -scored.value else scored.value end
                )
        end as member_rank,
    from scored
    left join kpi_values as previous
        on previous.kpi_id = scored.kpi_id
        and previous.period_grain = scored.period_grain
        and previous.level = scored.level
        and previous.member_id = scored.member_id
        and previous.period_start = case scored.period_grain
            when 'day' then cast(scored.period_start - interval 1 day as date)
            when 'week' then cast(scored.period_start - interval 7 day as date)
            else cast(scored.period_start - interval 1 month as date)
        end
)

select * from compared
