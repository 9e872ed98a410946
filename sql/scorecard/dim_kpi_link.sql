-- The strategy map as data: each cause -> effect hypothesis of the registry with the evidence measured in fct_kpi,
-- the correlation of the two KPIs across members and periods at the period grain and level with the most pairs,
-- from the sums fct_kpi_link_period keeps per period.
with links as (
    select cause_kpi_id, effect_kpi_id, expected_sign, rationale
    from seeds.kpi_links
),

kpis as (
    select kpi_id, perspective
    from scorecard.dim_kpi
),

periods as (
    select *
    from scorecard.fct_kpi_link_period
),

by_grain_and_level as (
    select
        cause_kpi_id,
        effect_kpi_id,
        period_grain,
        level,
        cast(sum(observation_count) as bigint) as observation_count,
        sum(cause_sum) as cause_sum,
        sum(effect_sum) as effect_sum,
        sum(cause_square_sum) as cause_square_sum,
        sum(effect_square_sum) as effect_square_sum,
        sum(product_sum) as product_sum,
    from periods
    group by cause_kpi_id, effect_kpi_id, period_grain, level
),

-- Pearson's r from the sums: n*Sxy - Sx*Sy over the root of (n*Sxx - Sx^2)(n*Syy - Sy^2). No variance (one pair, or
-- a KPI constant over the pairs) gives no correlation (null): a variance within rounding of zero (relative to n*Sxx,
-- as a constant such as 66.67 leaves a remainder of a few units in the last place) counts as none. Rounding is kept
-- within -1..1.
evidence as (
    select
        cause_kpi_id,
        effect_kpi_id,
        period_grain,
        level,
        case
            when observation_count * cause_square_sum - cause_sum * cause_sum > 1e-12 * observation_count * cause_square_sum
                and observation_count * effect_square_sum - effect_sum * effect_sum > 1e-12 * observation_count * effect_square_sum
            then greatest(-1.0, least(1.0,
                (observation_count * product_sum - cause_sum * effect_sum)
                / sqrt((observation_count * cause_square_sum - cause_sum * cause_sum)
                    * (observation_count * effect_square_sum - effect_sum * effect_sum))))
        end as correlation,
        observation_count,
    from by_grain_and_level
    qualify row_number() over (
        partition by cause_kpi_id, effect_kpi_id order by observation_count desc, period_grain, level
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
        sign(round(evidence.correlation, 9)) = links.expected_sign as is_sign_as_expected,
    from links
    inner join kpis as cause_kpis on cause_kpis.kpi_id = links.cause_kpi_id
    inner join kpis as effect_kpis on effect_kpis.kpi_id = links.effect_kpi_id
    left join evidence
        on evidence.cause_kpi_id = links.cause_kpi_id and evidence.effect_kpi_id = links.effect_kpi_id
)

select * from final
