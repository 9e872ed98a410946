-- The strategy map as data: each cause -> effect hypothesis of the registry with the evidence measured in fct_kpi,
-- the correlation of the two KPIs across members and periods at the period grain and level with the most pairs.
with links as (
    select cause_kpi_id, effect_kpi_id, expected_sign, rationale
    from seeds.kpi_links
),

kpi_values as (
    select kpi_id, period_grain, period_start, level, member_id, value
    from scorecard.fct_kpi
    where value is not null
),

kpis as (
    select kpi_id, perspective
    from scorecard.dim_kpi
),

pairs as (
    select
        links.cause_kpi_id,
        links.effect_kpi_id,
        cause.period_grain,
        cause.level,
        cause.value as cause_value,
        effect.value as effect_value,
    from links
    inner join kpi_values as cause on cause.kpi_id = links.cause_kpi_id
    inner join kpi_values as effect
        on effect.kpi_id = links.effect_kpi_id
        and effect.period_grain = cause.period_grain
        and effect.period_start = cause.period_start
        and effect.level = cause.level
        and effect.member_id = cause.member_id
),

evidence as (
    select
        cause_kpi_id,
        effect_kpi_id,
        period_grain,
        level,
        corr(cause_value, effect_value) as correlation,
        count(*) as observation_count,
    from pairs
    group by cause_kpi_id, effect_kpi_id, period_grain, level
    qualify row_number() over (
        partition by cause_kpi_id, effect_kpi_id order by count(*) desc, period_grain, level
    ) = 1
),

final as (
    select
        links.cause_kpi_id || ' -> ' || links.effect_kpi_id as link_id,
        links.cause_kpi_id,
        cause_kpis.perspective as cause_perspective,
        links.effect_kpi_id,
        effect_kpis.perspective as effect_perspective,
        links.expected_sign,
        links.rationale,
        evidence.period_grain as evidence_period_grain,
        evidence.level as evidence_level,
        evidence.correlation,
        coalesce(evidence.observation_count, 0) as observation_count,
        -- Rounded before its sign is taken: a correlation of a few 1e-17 is zero, whichever way the parallel sums fell.
        case when isnan(evidence.correlation) then null else sign(round(evidence.correlation, 9)) = links.expected_sign end as is_sign_as_expected,
    from links
    inner join kpis as cause_kpis on cause_kpis.kpi_id = links.cause_kpi_id
    inner join kpis as effect_kpis on effect_kpis.kpi_id = links.effect_kpi_id
    left join evidence
        on evidence.cause_kpi_id = links.cause_kpi_id and evidence.effect_kpi_id = links.effect_kpi_id
)

select * from final
